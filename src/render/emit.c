/* emit.c - values as JSON, YAML, one-line inline text, and change paths. */
#include <string.h>

#include "stackgap/render.h"

static void indent_to(sg_strbuf *b, int n)
{
    for (int i = 0; i < n; i++)
        sg_strbuf_putc(b, ' ');
}

static void json_value(sg_strbuf *b, const sg_node *n, int indent, int level)
{
    bool pretty = indent >= 0;
    switch (n->kind) {
    case SG_NULL:
        sg_strbuf_puts(b, "null");
        return;
    case SG_BOOL:
    case SG_NUMBER:
        sg_strbuf_putn(b, n->u.str, n->len);
        return;
    case SG_STRING:
        sg_strbuf_json_str(b, n->u.str, n->len);
        return;
    case SG_SEQ:
    case SG_MAP: {
        bool map = n->kind == SG_MAP;
        if (n->len == 0) {
            sg_strbuf_puts(b, map ? "{}" : "[]");
            return;
        }
        sg_strbuf_putc(b, map ? '{' : '[');
        for (uint32_t i = 0; i < n->len; i++) {
            if (i)
                sg_strbuf_putc(b, ',');
            if (pretty) {
                sg_strbuf_putc(b, '\n');
                indent_to(b, (level + 1) * indent);
            }
            if (map) {
                const sg_pair *p = &n->u.pairs[i];
                sg_strbuf_json_str(b, p->key->u.str, p->key->len);
                sg_strbuf_puts(b, pretty ? ": " : ":");
                json_value(b, p->value, indent, level + 1);
            } else {
                json_value(b, n->u.items[i], indent, level + 1);
            }
        }
        if (pretty) {
            sg_strbuf_putc(b, '\n');
            indent_to(b, level * indent);
        }
        sg_strbuf_putc(b, map ? '}' : ']');
        return;
    }
    }
}

void sg_emit_json(sg_strbuf *b, const sg_node *n, int indent)
{
    json_value(b, n, indent, 0);
}

/* ---- YAML ---------------------------------------------------------------------- */

/* Plain (unquoted) only when a YAML reader cannot take it for anything but
 * this string: no number, bool or null look-alike, no indicator characters. */
static bool yaml_plain_ok(const char *s, size_t n)
{
    static const char *const reserved[] = {"true", "false", "null", "yes", "no", "on",
                                           "off", "y", "n", "~"};
    if (n == 0)
        return false;
    char c0 = s[0];
    if (!((c0 >= 'A' && c0 <= 'Z') || (c0 >= 'a' && c0 <= 'z') || c0 == '/' || c0 == '_'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.' || c == '/' || c == '@' || c == ':';
        if (!ok)
            return false;
    }
    if (s[n - 1] == ':')
        return false;
    for (size_t r = 0; n <= 5 && r < sizeof reserved / sizeof *reserved; r++) {
        size_t m = strlen(reserved[r]);
        if (m != n)
            continue;
        size_t k = 0;
        while (k < n && (s[k] | 0x20) == reserved[r][k])
            k++;
        if (k == n)
            return false;
    }
    return true;
}

/* A double-quoted YAML string.  JSON's escapes are valid YAML, but YAML
 * also forbids raw C1 controls (U+0080-U+009F), U+FEFF inside, U+FFFE and
 * U+FFFF: those are written as \u escapes. */
static void yaml_quoted(sg_strbuf *b, const char *s, size_t n)
{
    sg_strbuf tmp = SG_STRBUF_INIT;
    sg_strbuf_json_str(&tmp, s, n);
    for (size_t i = 0; i < tmp.len; i++) {
        unsigned char c = (unsigned char)tmp.data[i];
        if (c == 0xC2 && i + 1 < tmp.len && (unsigned char)tmp.data[i + 1] >= 0x80 &&
            (unsigned char)tmp.data[i + 1] <= 0x9F) {
            sg_strbuf_printf(b, "\\u%04x", (unsigned char)tmp.data[i + 1]);
            i++;
        } else if (c == 0xEF && i + 2 < tmp.len && (unsigned char)tmp.data[i + 1] == 0xBF &&
                   ((unsigned char)tmp.data[i + 2] == 0xBE || (unsigned char)tmp.data[i + 2] == 0xBF)) {
            sg_strbuf_printf(b, "\\u%s", (unsigned char)tmp.data[i + 2] == 0xBE ? "fffe" : "ffff");
            i += 2;
        } else if (c == 0xEF && i + 2 < tmp.len && (unsigned char)tmp.data[i + 1] == 0xBB &&
                   (unsigned char)tmp.data[i + 2] == 0xBF) {
            sg_strbuf_puts(b, "\\ufeff");
            i += 2;
        } else { /* up to the next byte that may start one of the sequences above */
            size_t j = i + 1;
            while (j < tmp.len && (unsigned char)tmp.data[j] != 0xC2 &&
                   (unsigned char)tmp.data[j] != 0xEF)
                j++;
            sg_strbuf_putn(b, tmp.data + i, j - i);
            i = j - 1;
        }
    }
    sg_strbuf_free(&tmp);
}

static void yaml_scalar(sg_strbuf *b, const sg_node *n)
{
    if (n->kind == SG_NULL)
        sg_strbuf_puts(b, "null");
    else if (n->kind == SG_STRING && yaml_plain_ok(n->u.str, n->len))
        sg_strbuf_putn(b, n->u.str, n->len);
    else if (n->kind == SG_STRING)
        yaml_quoted(b, n->u.str, n->len);
    else
        sg_strbuf_putn(b, n->u.str, n->len);
}

static bool yaml_inline(const sg_node *n)
{
    return sg_node_is_scalar(n) || n->len == 0;
}

/* How much YAML is wanted: all of it (min_lines 0), or at least the first
 * min_lines lines (an excerpt needs no more: rendering a whole resource
 * for 12 lines of it was a measurable part of every report). */
typedef struct yaml_budget {
    size_t min_lines;
    size_t scanned, lines; /* newlines counted in b->data[..scanned) */
} yaml_budget;

static bool yaml_enough(const sg_strbuf *b, yaml_budget *lim)
{
    if (!lim->min_lines)
        return false;
    for (; lim->scanned < b->len; lim->scanned++)
        lim->lines += b->data[lim->scanned] == '\n';
    return lim->lines >= lim->min_lines;
}

static void yaml_value(sg_strbuf *b, const sg_node *n, int level, yaml_budget *lim);

static void yaml_inline_value(sg_strbuf *b, const sg_node *n)
{
    if (n->kind == SG_MAP)
        sg_strbuf_puts(b, "{}");
    else if (n->kind == SG_SEQ)
        sg_strbuf_puts(b, "[]");
    else
        yaml_scalar(b, n);
}

/* Writes the items of a container at `level`; the caller has positioned
 * the cursor at the start of the first line (first_inline: after "- "). */
static void yaml_value(sg_strbuf *b, const sg_node *n, int level, yaml_budget *lim)
{
    for (uint32_t i = 0; i < n->len; i++) {
        if (yaml_enough(b, lim))
            return;
        if (i)
            indent_to(b, level * 2);
        const sg_node *v;
        if (n->kind == SG_MAP) {
            const sg_node *k = n->u.pairs[i].key;
            if (k->len > 1000) {
                /* an implicit key may not exceed 1024 characters: "? key" */
                sg_strbuf_puts(b, "? ");
                yaml_scalar(b, k);
                sg_strbuf_putc(b, '\n');
                indent_to(b, level * 2);
            } else {
                yaml_scalar(b, k);
            }
            sg_strbuf_putc(b, ':');
            v = n->u.pairs[i].value;
        } else {
            sg_strbuf_putc(b, '-');
            v = n->u.items[i];
        }
        if (yaml_inline(v)) {
            sg_strbuf_putc(b, ' ');
            yaml_inline_value(b, v);
            sg_strbuf_putc(b, '\n');
        } else if (n->kind == SG_SEQ) {
            sg_strbuf_putc(b, ' ');
            yaml_value(b, v, level + 1, lim);
        } else {
            sg_strbuf_putc(b, '\n');
            indent_to(b, (level + 1) * 2);
            yaml_value(b, v, level + 1, lim);
        }
    }
}

void sg_emit_yaml_head(sg_strbuf *b, const sg_node *n, size_t min_lines)
{
    if (yaml_inline(n)) {
        yaml_inline_value(b, n);
        sg_strbuf_putc(b, '\n');
        return;
    }
    yaml_budget lim = {min_lines, b->len, 0};
    yaml_value(b, n, 0, &lim);
}

void sg_emit_yaml(sg_strbuf *b, const sg_node *n)
{
    sg_emit_yaml_head(b, n, 0);
}

/* ---- inline -------------------------------------------------------------------- */

static void inline_value(sg_strbuf *b, const sg_node *n, size_t limit);

static void inline_intrinsic(sg_strbuf *b, const char *fn, const sg_node *v, size_t limit)
{
    const char *name = strncmp(fn, "Fn::", 4) == 0 ? fn + 4 : fn;
    sg_strbuf_putc(b, '!');
    sg_strbuf_puts(b, name);
    sg_strbuf_putc(b, ' ');
    if (strcmp(fn, "Fn::GetAtt") == 0 && v->kind == SG_SEQ && v->len == 2 &&
        sg_node_is_scalar(v->u.items[0]) && sg_node_is_scalar(v->u.items[1])) {
        sg_strbuf_putn(b, v->u.items[0]->u.str, v->u.items[0]->len);
        sg_strbuf_putc(b, '.');
        sg_strbuf_putn(b, v->u.items[1]->u.str, v->u.items[1]->len);
    } else if ((strcmp(fn, "Ref") == 0 || strcmp(fn, "Condition") == 0) &&
               v->kind == SG_STRING) {
        sg_strbuf_putn(b, v->u.str, v->len);
    } else {
        inline_value(b, v, limit);
    }
}

static void inline_value(sg_strbuf *b, const sg_node *n, size_t limit)
{
    if (b->len > limit)
        return; /* the caller cuts; stop growing */
    const char *fn = sg_node_intrinsic(n);
    if (fn) {
        inline_intrinsic(b, fn, n->u.pairs[0].value, limit);
        return;
    }
    switch (n->kind) {
    case SG_NULL:
        sg_strbuf_puts(b, "null");
        return;
    case SG_STRING:
        sg_strbuf_json_str(b, n->u.str, n->len);
        return;
    case SG_BOOL:
    case SG_NUMBER:
        sg_strbuf_putn(b, n->u.str, n->len);
        return;
    case SG_SEQ:
        sg_strbuf_putc(b, '[');
        for (uint32_t i = 0; i < n->len && b->len <= limit; i++) {
            if (i)
                sg_strbuf_puts(b, ", ");
            inline_value(b, n->u.items[i], limit);
        }
        sg_strbuf_putc(b, ']');
        return;
    case SG_MAP:
        sg_strbuf_putc(b, '{');
        for (uint32_t i = 0; i < n->len && b->len <= limit; i++) {
            if (i)
                sg_strbuf_puts(b, ", ");
            sg_strbuf_putn(b, n->u.pairs[i].key->u.str, n->u.pairs[i].key->len);
            sg_strbuf_puts(b, ": ");
            inline_value(b, n->u.pairs[i].value, limit);
        }
        sg_strbuf_putc(b, '}');
        return;
    }
}

void sg_emit_inline(sg_strbuf *b, const sg_node *n, size_t max_bytes)
{
    sg_strbuf tmp = SG_STRBUF_INIT;
    inline_value(&tmp, n, max_bytes);
    if (tmp.len > max_bytes) {
        size_t cut = max_bytes;
        while (cut > 0 && ((unsigned char)tmp.data[cut] & 0xC0) == 0x80)
            cut--; /* never split a UTF-8 sequence */
        sg_strbuf_putn(b, tmp.data, cut);
        sg_strbuf_puts(b, "\xE2\x80\xA6"); /* ... */
    } else if (tmp.len) {
        sg_strbuf_putn(b, tmp.data, tmp.len);
    }
    sg_strbuf_free(&tmp);
}

void sg_emit_path(sg_strbuf *b, const sg_path_seg *path, uint32_t depth)
{
    for (uint32_t i = 0; i < depth; i++) {
        const sg_path_seg *s = &path[i];
        if (s->key) {
            bool plain = strpbrk(s->key, ".[]\" ") == NULL && s->key[0];
            if (plain) {
                if (i)
                    sg_strbuf_putc(b, '.');
                sg_strbuf_puts(b, s->key);
            } else {
                sg_strbuf_putc(b, '[');
                sg_strbuf_json_str(b, s->key, strlen(s->key));
                sg_strbuf_putc(b, ']');
            }
        } else if (s->id_key) {
            sg_strbuf_printf(b, "[%s=", s->id_key);
            if (strpbrk(s->id_value, "[]=\" ") || !s->id_value[0])
                sg_strbuf_json_str(b, s->id_value, strlen(s->id_value));
            else
                sg_strbuf_puts(b, s->id_value);
            sg_strbuf_putc(b, ']');
        } else {
            sg_strbuf_printf(b, "[%u]", s->index);
        }
    }
}
