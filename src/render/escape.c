/* escape.c - the one place where text from a template or prompt is made
 * safe for Markdown: nothing echoed from input may become markup (HTML,
 * links, mentions, issue references, tables, fences), reach a terminal as
 * a control sequence, or reorder what a reviewer reads (bidi controls); and
 * for XML (JUnit, SVG, HTML): nothing may break the document's
 * well-formedness.  Secret masking for text posted outside the repository
 * lives here too. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stackgap/render.h"
#include "stackgap/rules.h"

/* GitHub ignores a backslash before @ and # (github/cmark-gfm#181, #389:
 * "\@user" still mentions); a zero-width space after them breaks the
 * mention and the reference and renders the same. */
#define ZWSP "&#8203;"
#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD: shows where a bidi control was */

/* Length of an ANSI escape sequence at s (ESC already seen): CSI
 * "ESC [ params final", OSC "ESC ] ... BEL|ESC \", else ESC + one byte. */
static size_t ansi_len(const char *s, size_t n)
{
    if (n < 2)
        return n;
    size_t i = 2;
    if (s[1] == '[') {
        while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x3f)
            i++;
        while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] <= 0x2f)
            i++;
        return i < n ? i + 1 : n;
    }
    if (s[1] == ']') {
        for (; i < n; i++) {
            if (s[i] == '\a')
                return i + 1;
            if (s[i] == '\033' && i + 1 < n && s[i + 1] == '\\')
                return i + 2;
        }
        return n;
    }
    return 2;
}

/* Bidi controls: U+061C, U+200E/F, U+202A-202E, U+2066-2069. */
static size_t bidi_len(const unsigned char *s, size_t n)
{
    if (n >= 2 && s[0] == 0xD8 && s[1] == 0x9C)
        return 2;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
        (s[2] == 0x8E || s[2] == 0x8F || (s[2] >= 0xAA && s[2] <= 0xAE)))
        return 3;
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)
        return 3;
    return 0;
}

/* The text every context starts from: ANSI escape sequences, C0 and C1
 * controls and DEL dropped, bidi controls replaced by U+FFFD; newlines and
 * tabs kept as `keep_lines` says (else one space each, CR dropped). */
static char *clean_text(const char *s, size_t n, bool keep_lines, size_t *out_n)
{
    char *t = sg_xmalloc(n * 3 + 1); /* a 2-byte U+061C becomes 3 bytes */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        size_t bidi;
        if (c == '\033') {
            i += ansi_len(s + i, n - i) - 1;
        } else if (c == '\n' || c == '\t') {
            t[k++] = keep_lines ? (char)c : ' ';
        } else if (c == '\r') {
            if (!keep_lines)
                t[k++] = ' ';
        } else if (c < 0x20 || c == 0x7f) {
            continue;
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
                   (unsigned char)s[i + 1] <= 0x9f) {
            i++; /* C1 control, U+0080-U+009F */
        } else if ((bidi = bidi_len((const unsigned char *)s + i, n - i))) {
            memcpy(t + k, REPLACEMENT, 3);
            k += 3;
            i += bidi - 1;
        } else {
            t[k++] = (char)c;
        }
    }
    t[k] = '\0';
    *out_n = k;
    return t;
}

size_t sg_utf8_cut(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--; /* never split a UTF-8 sequence */
    return max;
}

static bool is_alpha(char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool starts_with_ci(const char *s, size_t n, const char *prefix)
{
    size_t m = strlen(prefix);
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++)
        if ((s[i] | 0x20) != prefix[i])
            return false;
    return true;
}

/* Escapes what can start markup anywhere in a line (emphasis, code, links,
 * HTML, tables, strikethrough, entities), and what can start a block at the
 * start of the text (headings, lists, quotes).  GitHub's own syntax is
 * broken with a zero-width space: @mentions and emails (after '@'), issue
 * references #12, owner/repo#12 and GH-12, and the GFM autolinks www.x and
 * scheme:// (before the ':').  Underscores inside words are left alone:
 * GFM never reads them as emphasis, and MODEL_RESPONSE stays readable. */
void sg_md_text(sg_strbuf *b, const char *s0, size_t n0)
{
    size_t n;
    char *s = clean_text(s0, n0, false, &n);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool alpha_before = i > 0 && is_alpha(s[i - 1]);
        bool alpha_after = i + 1 < n && is_alpha(s[i + 1]);
        bool word_start = i == 0 || !(is_alpha(s[i - 1]) || is_digit(s[i - 1]));
        if (c == '_' && alpha_before && alpha_after) {
            sg_strbuf_putc(b, '_');
        } else if (c == '@') {
            sg_strbuf_puts(b, "\\@" ZWSP);
        } else if (c == '#' && i + 1 < n && is_digit(s[i + 1])) {
            sg_strbuf_puts(b, "\\#" ZWSP);
        } else if (c == '-' && i >= 2 && starts_with_ci(s + i - 2, 2, "gh") && i + 1 < n &&
                   is_digit(s[i + 1])) {
            sg_strbuf_puts(b, ZWSP "-");
        } else if (c == ':' && alpha_before && i + 2 < n && s[i + 1] == '/' && s[i + 2] == '/') {
            sg_strbuf_puts(b, ZWSP ":");
        } else if ((c | 0x20) == 'w' && word_start && starts_with_ci(s + i, n - i, "www.")) {
            sg_strbuf_putn(b, s + i, 3);
            sg_strbuf_puts(b, ZWSP);
            i += 2;
        } else if (strchr("\\`*_[]<>#|~&", c) || (i == 0 && strchr("-+=.!:", c))) {
            sg_strbuf_putc(b, '\\');
            sg_strbuf_putc(b, c);
        } else {
            sg_strbuf_putc(b, c);
        }
    }
    free(s);
}

/* Text as it will appear in a code span or fence: cleaned (clean_text),
 * and - because cmark-gfm never closes a span or fence of more than 80
 * backticks - backticks replaced by an apostrophe when a run would need
 * that many.  The length of the fence is then decided on exactly the text
 * that is written.  GitHub neither mentions nor links inside code. */
#define MAX_TICK_RUN 60
static char *code_text(const char *s, size_t n, bool keep_lines, size_t *out_n, size_t *longest)
{
    size_t k, run = 0, max = 0;
    char *t = clean_text(s, n, keep_lines, &k);
    for (size_t i = 0; i < k; i++) {
        run = t[i] == '`' ? run + 1 : 0;
        if (run > max)
            max = run;
    }
    if (max >= MAX_TICK_RUN) {
        for (size_t i = 0; i < k; i++)
            if (t[i] == '`')
                t[i] = '\'';
        max = 0;
    }
    *out_n = k;
    *longest = max;
    return t;
}

/* A code span long enough to hold any run of backticks in s; pipes escaped
 * for tables (GFM un-escapes \| inside code spans in table cells); empty
 * text (nothing left once cleaned) as "(empty)". */
void sg_md_code(sg_strbuf *b, const char *s, size_t n)
{
    size_t len, longest;
    char *t = code_text(s, n, false, &len, &longest);
    if (!len) { /* "``" is no code span but two literal backticks */
        sg_strbuf_puts(b, "(empty)");
        free(t);
        return;
    }
    size_t fence = longest + 1;
    bool pad = len && (t[0] == '`' || t[len - 1] == '`' || t[0] == ' ');
    for (size_t i = 0; i < fence; i++)
        sg_strbuf_putc(b, '`');
    if (pad)
        sg_strbuf_putc(b, ' ');
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '|')
            sg_strbuf_puts(b, "\\|");
        else
            sg_strbuf_putc(b, t[i]);
    }
    if (pad)
        sg_strbuf_putc(b, ' ');
    for (size_t i = 0; i < fence; i++)
        sg_strbuf_putc(b, '`');
    free(t);
}

/* A fenced block whose fence is longer than any backtick run inside, so
 * the text cannot close it early; control characters other than newline
 * and tab are dropped. */
void sg_md_fence(sg_strbuf *b, const char *lang, const char *s, size_t n)
{
    size_t len, longest;
    char *t = code_text(s, n, true, &len, &longest);
    size_t fence = longest < 3 ? 3 : longest + 1;
    for (size_t i = 0; i < fence; i++)
        sg_strbuf_putc(b, '`');
    sg_strbuf_puts(b, lang ? lang : "");
    sg_strbuf_putc(b, '\n');
    sg_strbuf_putn(b, t, len);
    if (len && t[len - 1] != '\n')
        sg_strbuf_putc(b, '\n');
    for (size_t i = 0; i < fence; i++)
        sg_strbuf_putc(b, '`');
    sg_strbuf_putc(b, '\n');
    free(t);
}

/* In attribute values, whitespace other than space is normalized away by
 * parsers unless written as a reference, and quotes end the value; in
 * character data both are plain text. */
static void xml_escape(sg_strbuf *b, const char *s, size_t n, bool attr)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!attr && (c == '\n' || c == '\t' || c == '"' || c == '\'')) {
            sg_strbuf_putc(b, (char)c);
            continue;
        }
        switch (c) {
        case '&': sg_strbuf_puts(b, "&amp;"); continue;
        case '<': sg_strbuf_puts(b, "&lt;"); continue;
        case '>': sg_strbuf_puts(b, "&gt;"); continue;
        case '"': sg_strbuf_puts(b, "&quot;"); continue;
        case '\'': sg_strbuf_puts(b, "&apos;"); continue;
        case '\t': sg_strbuf_puts(b, "&#9;"); continue;
        case '\n': sg_strbuf_puts(b, "&#10;"); continue;
        case '\r': sg_strbuf_puts(b, "&#13;"); continue;
        default: break;
        }
        if (c < 0x20)
            continue; /* XML 1.0 has no way to write these, not even as references */
        if (c < 0x80) {
            sg_strbuf_putc(b, (char)c);
            continue;
        }
        size_t len = sg_utf8_seq((const unsigned char *)s + i, n - i);
        if (!len) {
            sg_strbuf_puts(b, "\xEF\xBF\xBD");
            continue;
        }
        /* U+FFFE and U+FFFF are not XML characters either */
        bool nonchar = len == 3 && c == 0xEF && (unsigned char)s[i + 1] == 0xBF &&
                       (unsigned char)s[i + 2] >= 0xBE;
        if (!nonchar)
            sg_strbuf_putn(b, s + i, len);
        i += len - 1;
    }
}

void sg_xml_text(sg_strbuf *b, const char *s, size_t n)
{
    xml_escape(b, s, n, false);
}

void sg_xml_attr(sg_strbuf *b, const char *s, size_t n)
{
    xml_escape(b, s, n, true);
}

/* ---- secret masking ------------------------------------------------------------------ */

#define MASK "****"
#define MIN_SECRET 4 /* shorter values are masked only where their key names a secret */

static void secrets_add(sg_secrets *s, const char *v, size_t n)
{
    if (n < MIN_SECRET)
        return;
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].n == n && memcmp(s->v[i].s, v, n) == 0)
            return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->v = sg_xrealloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n].s = v;
    s->v[s->n++].n = n;
}

static bool is_true(const sg_node *n)
{
    return n && (n->kind == SG_BOOL || n->kind == SG_STRING) && sg_node_is_str(n, "true");
}

/* "true"/"false" (normalized booleans are strings): ManageMasterUserPassword: true */
static bool is_bool_text(const sg_node *n)
{
    return sg_node_is_str(n, "true") || sg_node_is_str(n, "false");
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* A value and, when it spans lines (a block scalar: a key, a JSON secret),
 * each of its lines trimmed: an excerpt shows the value line by line, so
 * the whole value never appears in it. */
static void add_value(sg_secrets *s, const char *v, size_t n)
{
    secrets_add(s, v, n);
    if (!memchr(v, '\n', n))
        return;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(v + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - v) : n, b = i;
        while (b < e && is_space(v[b]))
            b++;
        size_t t = e;
        while (t > b && is_space(v[t - 1]))
            t--;
        secrets_add(s, v + b, t - b);
        i = e + 1;
    }
}

static void collect(sg_secrets *s, const sg_node *n, int depth)
{
    if (!n || depth > 64)
        return;
    if (n->kind == SG_SEQ)
        for (uint32_t i = 0; i < n->len; i++)
            collect(s, n->u.items[i], depth + 1);
    if (n->kind != SG_MAP)
        return;
    for (uint32_t i = 0; i < n->len; i++) {
        const sg_node *v = n->u.pairs[i].value;
        if (v && (v->kind == SG_STRING || v->kind == SG_NUMBER) && !is_bool_text(v) &&
            sg_names_secret(n->u.pairs[i].key->u.str))
            add_value(s, v->u.str, v->len);
        collect(s, v, depth + 1);
    }
}

void sg_secrets_collect(sg_secrets *s, const sg_node *root)
{
    const sg_node *params = sg_map_get(root, "Parameters");
    for (uint32_t i = 0; params && params->kind == SG_MAP && i < params->len; i++) {
        const sg_node *p = params->u.pairs[i].value;
        const sg_node *d = sg_map_get(p, "Default");
        if (is_true(sg_map_get(p, "NoEcho")) && d && sg_node_is_scalar(d))
            add_value(s, d->u.str, d->len);
    }
    collect(s, root, 0);
}

void sg_secrets_free(sg_secrets *s)
{
    free(s->v);
    s->v = NULL;
    s->n = s->cap = 0;
}

/* What a line "  Key: value", "- Key: value" or "\"Key\": \"value\"," holds
 * when its key names a secret. */
typedef enum secret_kind {
    NOT_SECRET,
    SECRET_INLINE, /* a literal (not a tag, flow collection, anchor or alias, nor a boolean) */
    SECRET_BLOCK   /* "|" or ">": the value is the more-indented lines below */
} secret_kind;

/* The kind of line s is; for SECRET_INLINE where the value starts and
 * ends, for SECRET_BLOCK the key's indentation. */
static secret_kind secret_line(const char *s, size_t n, size_t *vs, size_t *ve)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '-'))
        i++;
    size_t indent = i;
    bool quoted = i < n && s[i] == '"';
    i += quoted;
    size_t ks = i;
    while (i < n && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '_' || s[i] == '-' || s[i] == '.'))
        i++;
    char key[128];
    size_t kn = i - ks;
    if (!kn || kn >= sizeof key)
        return NOT_SECRET;
    if (quoted && (i >= n || s[i++] != '"'))
        return NOT_SECRET;
    if (i >= n || s[i] != ':')
        return NOT_SECRET;
    i++;
    while (i < n && s[i] == ' ')
        i++;
    size_t e = n;
    while (e > i && (s[e - 1] == ' ' || s[e - 1] == ','))
        e--;
    memcpy(key, s + ks, kn);
    key[kn] = '\0';
    if (i < e && (s[i] == '|' || s[i] == '>')) {
        if (!sg_names_secret(key))
            return NOT_SECRET;
        *vs = indent;
        return SECRET_BLOCK;
    }
    if (i >= e || strchr("!{[&*#", s[i]))
        return NOT_SECRET;
    size_t q = s[i] == '"' || s[i] == '\'';
    if (e - i - 2 * q == 0)
        return NOT_SECRET;
    if ((e - i == 4 && memcmp(s + i, "true", 4) == 0) || (e - i == 5 && memcmp(s + i, "false", 5) == 0))
        return NOT_SECRET;
    if (!sg_names_secret(key))
        return NOT_SECRET;
    *vs = i + q;
    *ve = e - (q && e - i >= 2 && s[e - 1] == s[i] ? 1 : 0);
    return *ve > *vs ? SECRET_INLINE : NOT_SECRET;
}

void sg_mask_secrets(sg_strbuf *b, const sg_secrets *sec, const char *s, size_t n)
{
    size_t line = 0;
    size_t block = SIZE_MAX; /* in a secret block scalar: its key's indentation */
    while (line < n) {
        const char *nl = memchr(s + line, '\n', n - line);
        size_t end = nl ? (size_t)(nl - s) : n;
        size_t ind = 0;
        while (line + ind < end && s[line + ind] == ' ')
            ind++;
        if (block != SIZE_MAX && line + ind < end && ind <= block)
            block = SIZE_MAX; /* a line no deeper than the key ends the block */
        if (block != SIZE_MAX) {
            sg_strbuf_putn(b, s + line, ind);
            if (line + ind < end)
                sg_strbuf_puts(b, MASK);
            if (nl)
                sg_strbuf_putc(b, '\n');
            line = end + 1;
            continue;
        }
        size_t vs = 0, ve = 0;
        secret_kind kind = secret_line(s + line, end - line, &vs, &ve);
        bool keyed = kind == SECRET_INLINE;
        if (kind == SECRET_BLOCK)
            block = vs;
        for (size_t i = line; i < end;) {
            if (keyed && i == line + vs) {
                sg_strbuf_puts(b, MASK);
                i = line + ve;
                continue;
            }
            size_t hit = 0;
            for (size_t k = 0; sec && k < sec->n && !hit; k++)
                if (sec->v[k].n <= end - i && memcmp(s + i, sec->v[k].s, sec->v[k].n) == 0)
                    hit = sec->v[k].n;
            if (hit) {
                sg_strbuf_puts(b, MASK);
                i += hit;
            } else {
                sg_strbuf_putc(b, s[i++]);
            }
        }
        if (nl)
            sg_strbuf_putc(b, '\n');
        line = end + 1;
    }
}
