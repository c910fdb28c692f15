/* markdown.c - find the CloudFormation template(s) in a Markdown response
 * (see extract.h).
 *
 * Pipeline:
 *   1. cmark-gfm parses the document; every code block (fenced or indented)
 *      becomes a candidate, in document order.
 *   2. A block whose info string or content suggests data is parsed as JSON
 *      or YAML with line/column offsets, so every node carries its position
 *      in the Markdown file.  Unclosed fences (answer cut off) are salvaged.
 *   3. When no fenced block holds a template, the raw source lines outside
 *      fences are scanned for a template pasted without a fence (YAML from a
 *      column-1 section key, JSON from a '{' line or from a brace-less run of
 *      "Section": lines).
 *   4. The default template is the complete template with the most
 *      resources (the last one on ties: the final answer follows the draft),
 *      else the truncated one with the most resources.
 *
 * Names the response gives a block (headings, "# File: x.yaml" comments) are
 * labels only; they are copied, never opened. */
#include "stackgap/extract.h"

#include "load/md_inline.h"

#include <cmark-gfm.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "stackgap/parse.h"
#include "stackgap/strbuf.h"

#define NAME_MAX_BYTES 200
#define SUMMARY_MAX_INFOS 8
#define UNFENCED_CUT_ATTEMPTS 6
#define JSON_LOOKAHEAD_LINES 6

const char *sg_format_name(sg_format f)
{
    switch (f) {
    case SG_FORMAT_JSON:
        return "json";
    case SG_FORMAT_YAML:
        return "yaml";
    case SG_FORMAT_MARKDOWN:
        return "markdown";
    default:
        return "unknown";
    }
}

int sg_is_template(const sg_node *root)
{
    if (!root || root->kind != SG_MAP)
        return 0;
    const sg_node *res = sg_map_get(root, "Resources");
    if (res && res->kind == SG_MAP)
        return 1;
    /* "Resources:" over a bullet list or nothing is an outline of a template */
    if (res || !sg_map_get_pair(root, "AWSTemplateFormatVersion"))
        return 0;
    static const char *const sections[] = {"Parameters", "Resources", "Outputs", "Conditions",
                                           "Mappings"};
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++)
        if (sg_map_get_pair(root, sections[i]))
            return 1;
    return 0;
}

static size_t count_resources(const sg_node *root)
{
    const sg_node *res = sg_map_get(root, "Resources");
    return res && res->kind == SG_MAP ? res->len : 0;
}

/* ---- small string helpers ------------------------------------------------ */

static bool mem_contains(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k == 0 || n < k)
        return k == 0;
    const char *end = s + n - k;
    for (const char *p = s; p <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p) + 1);
        if (!p)
            return false;
        if (memcmp(p, needle, k) == 0)
            return true;
    }
    return false;
}

/* The text says it is a template: a version key or a Resources key. */
static bool mentions_template(const char *s, size_t n)
{
    return mem_contains(s, n, "AWSTemplateFormatVersion") || mem_contains(s, n, "Resources:") ||
           mem_contains(s, n, "\"Resources\"");
}

static char lower_ascii(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool word_ieq(const char *w, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n != k)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower_ascii(w[i]) != lit[i])
            return false;
    return true;
}

static bool word_in(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (word_ieq(w, n, *list))
            return true;
    return false;
}

static bool is_blank_str(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* CloudFormation (and SAM) top-level keys. */
static const char *const top_sections[] = {
    "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings",
    "Conditions", "Transform", "Resources", "Outputs", "Globals", NULL};

/* Length of a top-level section key at s (as `Key:` followed by a blank or
 * the end), 0 if s does not start with one. */
static size_t section_key_at(const char *s, size_t n)
{
    for (const char *const *k = top_sections; *k; k++) {
        size_t kl = strlen(*k);
        if (n > kl && memcmp(s, *k, kl) == 0 && s[kl] == ':' &&
            (n == kl + 1 || s[kl + 1] == ' ' || s[kl + 1] == '\t' || s[kl + 1] == '\r'))
            return kl;
    }
    return 0;
}

/* ---- file-name labels ------------------------------------------------------ */

static bool has_name_ext(const char *t, size_t n)
{
    static const char *const exts[] = {".yaml", ".yml", ".json", ".template"};
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        size_t k = strlen(exts[i]);
        if (n > k && word_ieq(t + n - k, k, exts[i]))
            return true;
    }
    return false;
}

static bool name_sep(char c, bool colon_sep)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '=' || c == '`' ||
           (colon_sep && c == ':');
}

/* The last token of s[0..n) naming a file (.yaml/.yml/.json/.template), with
 * quotes, backticks, emphasis and punctuation around it removed; copied into
 * the arena (at most NAME_MAX_BYTES, cut on a UTF-8 boundary).  NULL if none. */
static const char *find_name(sg_arena *a, const char *s, size_t n, bool colon_sep)
{
    const char *best = NULL;
    size_t best_len = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && name_sep(s[i], colon_sep))
            i++;
        size_t st = i;
        while (i < n && !name_sep(s[i], colon_sep))
            i++;
        size_t b = st, e = i;
        while (b < e && strchr("\"'(*[<_", s[b]))
            b++;
        while (e > b && strchr("\"'):,;.*]>!?_", s[e - 1]))
            e--;
        if (e > b && has_name_ext(s + b, e - b)) {
            best = s + b;
            best_len = e - b;
        }
    }
    if (!best)
        return NULL;
    if (best_len > NAME_MAX_BYTES) {
        best_len = NAME_MAX_BYTES;
        while (best_len > 0 && ((unsigned char)best[best_len] & 0xC0) == 0x80)
            best_len--;
    }
    return sg_arena_strndup(a, best, best_len);
}

/* Name from the first non-blank line of a block when it is a comment
 * ("# File: network.yaml", "# templates/vpc.yml", "// main.json"). */
static const char *name_from_first_comment(sg_arena *a, const char *t, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && t[e] != '\n')
            e++;
        if (!is_blank_str(t + i, e - i)) {
            size_t p = i;
            while (p < e && (t[p] == ' ' || t[p] == '\t'))
                p++;
            if (p < e && (t[p] == '#' || (t[p] == '/' && p + 1 < e && t[p + 1] == '/')))
                return find_name(a, t + p, e - p, false);
            return NULL;
        }
        i = e + 1;
    }
    return NULL;
}

/* Name from the heading or paragraph just before a code block (and, when
 * that is a paragraph without a name, the heading before it). */
static const char *name_from_previous(sg_arena *a, cmark_node *block)
{
    cmark_node *prev = cmark_node_previous(block);
    for (int step = 0; prev && step < 2; step++, prev = cmark_node_previous(prev)) {
        cmark_node_type t = cmark_node_get_type(prev);
        if (t != CMARK_NODE_HEADING && t != CMARK_NODE_PARAGRAPH)
            return NULL;
        sg_strbuf b = SG_STRBUF_INIT;
        sg_md_inline_text(prev, &b, ' ', 16384);
        const char *name = b.len ? find_name(a, b.data, b.len, false) : NULL;
        sg_strbuf_free(&b);
        if (name || t == CMARK_NODE_HEADING)
            return name;
    }
    return NULL;
}

/* ---- the source text, by line ---------------------------------------------- */

typedef struct md_ctx {
    sg_arena *a;
    const char *file;
    const char *md;
    size_t len;
    const sg_limits *limits;
    size_t *ls;       /* ls[i]: offset of line i+1 */
    size_t *le;       /* le[i]: end of line i+1 (before its line break) */
    uint32_t nlines;
    unsigned char *in_fence; /* in_fence[i]: line i+1 belongs to a fenced block */
    sg_candidate *cands;
    size_t ncands, cap;
    bool fenced_template; /* a fenced block is a TEMPLATE or TRUNCATED */
    uint32_t *next_res;   /* scan_unfenced's index, see there */
} md_ctx;

/* Lines end at \n, \r\n or a lone \r, as cmark counts them. */
/* Index of the first '\n' or '\r' at or after i, or len; memchr when the
 * text has no '\r' (most have none): the index is built for every file. */
static size_t next_break(const md_ctx *c, size_t i, bool has_cr)
{
    if (!has_cr) {
        const char *nl = i < c->len ? memchr(c->md + i, '\n', c->len - i) : NULL;
        return nl ? (size_t)(nl - c->md) : c->len;
    }
    while (i < c->len && c->md[i] != '\n' && c->md[i] != '\r')
        i++;
    return i;
}

static void index_lines(md_ctx *c)
{
    bool has_cr = memchr(c->md, '\r', c->len) != NULL;
    size_t n = 1;
    for (size_t i = next_break(c, 0, has_cr); i < c->len; i = next_break(c, i + 1, has_cr))
        if (c->md[i] == '\n' || (c->md[i] == '\r' && (i + 1 >= c->len || c->md[i + 1] != '\n')))
            n++;
    c->ls = sg_xmalloc(n * sizeof *c->ls);
    c->le = sg_xmalloc(n * sizeof *c->le);
    c->in_fence = calloc(n + 1, 1);
    if (!c->in_fence)
        abort();
    uint32_t k = 0;
    size_t start = 0;
    for (size_t i = next_break(c, 0, has_cr); i < c->len; i = next_break(c, i + 1, has_cr)) {
        size_t end = i;
        if (c->md[i] == '\r' && i + 1 < c->len && c->md[i + 1] == '\n')
            i++;
        c->ls[k] = start;
        c->le[k] = end;
        k++;
        start = i + 1;
    }
    if (start < c->len) { /* last line without a line break */
        c->ls[k] = start;
        c->le[k] = c->len;
        k++;
    }
    c->nlines = k;
}

static const char *line_ptr(const md_ctx *c, uint32_t line, size_t *n)
{
    if (line < 1 || line > c->nlines) {
        *n = 0;
        return "";
    }
    *n = c->le[line - 1] - c->ls[line - 1];
    return c->md + c->ls[line - 1];
}

static bool line_blank(const md_ctx *c, uint32_t line)
{
    size_t n;
    const char *s = line_ptr(c, line, &n);
    return is_blank_str(s, n);
}

/* A closing fence of ch, at least minlen long, after container prefixes
 * (indentation, blockquote markers). */
static bool is_closing_fence(const char *s, size_t n, char ch, int minlen)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '>'))
        i++;
    size_t k = 0;
    while (i < n && s[i] == ch) {
        i++;
        k++;
    }
    if (k < 3 || k < (size_t)minlen)
        return false;
    return is_blank_str(s + i, n - i);
}

/* A line that opens or closes a fence (``` or ~~~, up to 3 spaces in). */
static bool is_fence_line(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && i < 3 && s[i] == ' ')
        i++;
    if (n - i >= 3 && (memcmp(s + i, "```", 3) == 0 || memcmp(s + i, "~~~", 3) == 0))
        return true;
    return false;
}

static sg_candidate *new_cand(md_ctx *c)
{
    if (c->ncands == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->cands = sg_xrealloc(c->cands, c->cap * sizeof *c->cands);
    }
    sg_candidate *cd = &c->cands[c->ncands++];
    memset(cd, 0, sizeof *cd);
    cd->info = "";
    cd->status = SG_CAND_NOT_TEMPLATE;
    cd->format = SG_FORMAT_UNKNOWN;
    return cd;
}

/* ---- parsing ----------------------------------------------------------------- */

static sg_format sniff_format(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char ch = t[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
            continue;
        return (ch == '{' || ch == '[') ? SG_FORMAT_JSON : SG_FORMAT_YAML;
    }
    return SG_FORMAT_YAML;
}

typedef struct parse_res {
    int rc;          /* 0 parsed, 1 salvaged (err set), -1 failed */
    sg_node *root;
    size_t consumed; /* JSON only */
    sg_error err;
    int repairs;     /* syntax errors skipped to parse the rest (first one in `syntax`) */
    sg_error syntax;
} parse_res;

static void parse_once(md_ctx *c, sg_format fmt, const char *t, size_t n, uint32_t line_off,
                       uint32_t col_off, bool allow_trailing, parse_res *r);

static uint32_t last_content_line(const char *t, size_t n);

/* Byte offset of 1-based line `line` in t, or n. */
static size_t offset_of_line(const char *t, size_t n, uint32_t line)
{
    size_t off = 0;
    for (uint32_t l = 1; l < line && off < n; l++) {
        const char *nl = memchr(t + off, '\n', n - off);
        off = nl ? (size_t)(nl - t) + 1 : n;
    }
    return off;
}

/* A copy of t with one edit that may get a parser past a syntax error in
 * the middle of an answer (a stray line, a trailing comma): YAML blanks
 * `line` (numbering kept), JSON deletes the comma at line:col. */
static char *repaired_copy(md_ctx *c, sg_format fmt, const char *t, size_t n, uint32_t line,
                           uint32_t col, bool comma)
{
    char *x = sg_arena_strndup(c->a, t, n);
    size_t off = offset_of_line(t, n, line);
    if (off >= n)
        return NULL;
    if (fmt == SG_FORMAT_JSON) {
        if (!comma || !col || off + col - 1 >= n || x[off + col - 1] != ',')
            return NULL;
        x[off + col - 1] = ' ';
        return x;
    }
    for (size_t i = off; i < n && x[i] != '\n'; i++)
        x[i] = ' ';
    return x;
}

#define MAX_REPAIRS 4

/* Parses t; when it stops at a syntax error well before its end, tries a
 * few one-line repairs and keeps one only if the parser then gets further.
 * A template whose answer continues for hundreds of lines after one bad
 * line is thus analysed whole - and reported as broken at that line, not
 * as cut off there. */
static void parse_text(md_ctx *c, sg_format fmt, const char *t, size_t n, uint32_t line_off,
                       uint32_t col_off, bool allow_trailing, parse_res *r)
{
    parse_once(c, fmt, t, n, line_off, col_off, allow_trailing, r);
    uint32_t last = last_content_line(t, n);
    const char *cur = t;
    for (int k = 0; k < MAX_REPAIRS && r->rc != 0 && r->err.line > line_off; k++) {
        uint32_t line = r->err.line - line_off;
        uint32_t col = r->err.col > col_off ? r->err.col - col_off : 0;
        if (line + 2 >= last)
            break; /* at the end: a cut-off, not a stray line */
        bool comma = strncmp(r->err.msg, "trailing comma", 14) == 0;
        /* libyaml often reports the line after the stray one: try both,
         * keep the repair that gets furthest (a full parse beats all) */
        parse_res best = *r;
        const char *best_text = NULL;
        for (uint32_t cand = line; cand >= 1 && cand + 1 >= line && best.rc != 0; cand--) {
            /* (a full parse cannot be beaten: the other line is not tried) */
            char *x = repaired_copy(c, fmt, cur, n, cand, col, comma);
            if (!x)
                break;
            parse_res tr;
            parse_once(c, fmt, x, n, line_off, col_off, allow_trailing, &tr);
            bool better = best.rc != 0 && (tr.rc == 0 || (tr.rc > 0 && tr.err.line > best.err.line));
            if (better) {
                best.rc = tr.rc;
                best.root = tr.root;
                best.consumed = tr.consumed;
                best.err = tr.err;
                best_text = x;
            }
            if (fmt == SG_FORMAT_JSON)
                break;
        }
        bool improved = best_text != NULL;
        if (improved) {
            best.repairs = r->repairs + 1;
            best.syntax = r->repairs ? r->syntax : r->err;
            cur = best_text;
        }
        if (!improved)
            break;
        *r = best;
    }
}

static void parse_once(md_ctx *c, sg_format fmt, const char *t, size_t n, uint32_t line_off,
                       uint32_t col_off, bool allow_trailing, parse_res *r)
{
    sg_parse_opts o;
    memset(&o, 0, sizeof o);
    o.file = c->file;
    o.line_offset = line_off;
    o.col_offset = col_off;
    o.limits = c->limits;
    o.salvage = true;
    o.allow_trailing = allow_trailing;
    memset(r, 0, sizeof *r);
    if (fmt == SG_FORMAT_JSON)
        r->rc = sg_parse_json(c->a, t, n, &o, &r->root, &r->consumed, &r->err);
    else
        r->rc = sg_parse_yaml(c->a, t, n, &o, &r->root, &r->err);
    if (r->rc < 0)
        r->root = NULL;
}

/* Last non-blank line of t (1-based, relative to t). */
static uint32_t last_content_line(const char *t, size_t n)
{
    uint32_t line = 1, last = 1;
    size_t st = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || t[i] == '\n') {
            if (!is_blank_str(t + st, i - st))
                last = line;
            line++;
            st = i + 1;
        }
    }
    return last;
}

/* Decides a candidate's status from the parse of its content.  `mentions`:
 * the text clearly meant a template. */
static void judge(md_ctx *c, sg_candidate *cd, const parse_res *r, bool unclosed, bool mentions,
                  const char *t, size_t n, uint32_t line_off)
{
    bool tmpl = r->root && sg_is_template(r->root);
    cd->root = NULL;
    cd->resources = 0;
    memset(&cd->err, 0, sizeof cd->err);
    cd->repairs = r->repairs;
    cd->syntax = r->syntax;
    if (r->rc == 0 && tmpl && !unclosed) {
        cd->status = SG_CAND_TEMPLATE;
        cd->root = r->root;
    } else if (tmpl && (unclosed || count_resources(r->root) > 0)) {
        cd->status = SG_CAND_TRUNCATED;
        cd->root = r->root;
        if (r->rc != 0) {
            cd->err = r->err;
        } else {
            sg_fail(&cd->err, c->file, line_off + last_content_line(t, n), 0,
                    "code fence is never closed: the template may be cut off after this line");
        }
    } else if (r->rc != 0 && mentions) {
        cd->status = SG_CAND_UNPARSEABLE;
        cd->err = r->err;
    } else {
        cd->status = SG_CAND_NOT_TEMPLATE;
    }
    if (cd->root)
        cd->resources = count_resources(cd->root);
}

/* ---- code blocks -------------------------------------------------------------- */

typedef enum lang_kind { LANG_YAML, LANG_JSON, LANG_SNIFF, LANG_CODE, LANG_OTHER } lang_kind;

static lang_kind classify_info(const char *w, size_t n)
{
    static const char *const yaml[] = {"yaml", "yml", NULL};
    static const char *const json[] = {"json", "jsonc", "json5", NULL};
    static const char *const sniff[] = {"template", "cloudformation", "cfn", "cfn-yaml",
                                        "cfn-json", NULL};
    static const char *const code[] = {
        "bash", "sh", "shell", "zsh", "console", "shell-session", "shellsession", "python",
        "py", "python3", "javascript", "js", "typescript", "ts", "tsx", "jsx", "go", "java",
        "ruby", "rb", "dockerfile", "docker", "mermaid", "powershell", "ps1", "pwsh", "hcl",
        "terraform", "tf", "sql", "makefile", "make", "ini", "toml", "xml", "html", "css",
        "c", "cpp", "c++", "rust", "php", "csharp", "cs", "diff", "graphql", "env", "dotenv",
        "properties", "groovy", "kotlin", "swift", "scala", "lua", "perl", "r", "bat", "cmd",
        "nginx", "apache", "http", "jinja", "j2", "vtl", "velocity", NULL};
    if (n == 0)
        return LANG_SNIFF;
    if (word_in(w, n, yaml))
        return LANG_YAML;
    if (word_in(w, n, json))
        return LANG_JSON;
    if (word_in(w, n, sniff))
        return LANG_SNIFF;
    if (word_in(w, n, code))
        return LANG_CODE;
    return LANG_OTHER;
}

/* The first template line glued onto the fence ("```AWSTemplateFormatVersion:
 * '2010-09-09'", "```{"). */
static bool info_is_glued(const char *info)
{
    const char *p = info;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '{')
        return true;
    if (*p == '"')
        p++;
    for (const char *const *k = top_sections; *k; k++) {
        size_t kl = strlen(*k);
        if (strncmp(p, *k, kl) == 0 && (p[kl] == ':' || (p[kl] == '"' && p[kl + 1] == ':')))
            return true;
    }
    return false;
}

/* First word of an info string: up to a blank, '{', ':' or ','. */
static size_t info_word(const char *info)
{
    size_t n = 0;
    while (info[n] && !strchr(" \t{:,;", info[n]))
        n++;
    return n;
}

#define MAX_RESTARTS 8

/* Later lines of t where a template starts at column 1 ("AWSTemplateFormatVersion:",
 * or a lone '{' followed closely by the version or Resources): their offsets
 * and line indexes (0-based); returns how many (at most MAX_RESTARTS, the
 * last ones kept). */
static size_t restart_points(const char *t, size_t n, size_t *offs, uint32_t *lines)
{
    size_t k = 0;
    size_t i = 0;
    uint32_t line = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && t[e] != '\n')
            e++;
        bool hit = false;
        if (line > 0) {
            if (e - i >= 25 && memcmp(t + i, "AWSTemplateFormatVersion:", 25) == 0)
                hit = true;
            if (e > i && t[i] == '{' && is_blank_str(t + i + 1, e - i - 1)) {
                size_t look = e;
                for (int q = 0; q < JSON_LOOKAHEAD_LINES && look < n && !hit; q++) {
                    size_t le = look + 1;
                    while (le < n && t[le] != '\n')
                        le++;
                    hit = mem_contains(t + look, le - look, "AWSTemplateFormatVersion") ||
                          mem_contains(t + look, le - look, "\"Resources\"");
                    look = le;
                }
            }
        }
        if (hit) {
            if (k == MAX_RESTARTS) {
                memmove(offs, offs + 1, (k - 1) * sizeof *offs);
                memmove(lines, lines + 1, (k - 1) * sizeof *lines);
                k--;
            }
            offs[k] = i;
            lines[k] = line;
            k++;
        }
        line++;
        i = e + 1;
    }
    return k;
}

/* Better of two judged candidates: a template over a truncated one, then
 * more resources, then the later one. */
static bool cand_better(const sg_candidate *x, const sg_candidate *best)
{
    if (best->status != x->status)
        return x->status == SG_CAND_TEMPLATE;
    return x->resources >= best->resources;
}

static void handle_code_block(md_ctx *c, cmark_node *nd)
{
    sg_candidate *cd = new_cand(c);
    int flen = 0, foff = 0;
    char fch = 0;
    bool fenced = cmark_node_get_fenced(nd, &flen, &foff, &fch) != 0;
    const char *info = cmark_node_get_fence_info(nd);
    if (!info)
        info = "";
    const char *lit = cmark_node_get_literal(nd);
    if (!lit)
        lit = "";
    size_t litlen = strlen(lit);
    int sl = cmark_node_get_start_line(nd), sc = cmark_node_get_start_column(nd);
    int el = cmark_node_get_end_line(nd);
    uint32_t start_line = sl > 0 ? (uint32_t)sl : 1;
    uint32_t col_off = sc > 0 ? (uint32_t)(sc - 1) : 0;
    uint32_t end_line = el > 0 ? (uint32_t)el : start_line;

    bool unclosed = false;
    if (fenced) {
        for (uint32_t l = start_line; l <= end_line && l <= c->nlines; l++)
            c->in_fence[l] = 1;
        size_t n;
        const char *s = line_ptr(c, end_line, &n);
        unclosed = !(end_line > start_line && is_closing_fence(s, n, fch, flen));
    }
    cd->info = sg_arena_strdup(c->a, info);

    /* Text: the literal, with a glued first line put back in front. */
    bool glued = fenced && info_is_glued(info);
    uint32_t first = fenced ? start_line + 1 : start_line;
    if (glued) {
        cd->text = sg_arena_printf(c->a, "%s\n%s", info, lit);
        cd->text_len = strlen(info) + 1 + litlen;
        first = start_line;
    } else {
        cd->text = sg_arena_strndup(c->a, lit, litlen);
        cd->text_len = litlen;
    }
    cd->line = first;
    uint32_t nl = 0;
    for (size_t i = 0; i < cd->text_len; i++)
        nl += cd->text[i] == '\n';
    if (cd->text_len && cd->text[cd->text_len - 1] != '\n')
        nl++;
    cd->end_line = nl ? first + nl - 1 : first;

    /* What to parse: an unclosed fence with a bare shorter fence line inside
     * ("``````yaml" ... "```") was meant to close there. */
    size_t plen = cd->text_len;
    if (unclosed) {
        size_t i = 0;
        while (i < cd->text_len) {
            size_t e = i;
            while (e < cd->text_len && cd->text[e] != '\n')
                e++;
            if (is_closing_fence(cd->text + i, e - i, fch, 3)) {
                plen = i;
                unclosed = false;
                break;
            }
            i = e + 1;
        }
    }

    size_t wl = glued ? 0 : info_word(info);
    lang_kind lk = glued ? LANG_SNIFF : classify_info(info, wl);
    if (lk == LANG_CODE)
        return;
    bool mentions = mentions_template(cd->text, plen);
    if (lk == LANG_OTHER && !mentions)
        return;
    /* A json label is trusted only when the text starts like JSON (YAML
     * under a json fence happens); a yaml label always (YAML reads JSON). */
    sg_format fmt = sniff_format(cd->text, plen);
    if (lk == LANG_YAML)
        fmt = SG_FORMAT_YAML;
    cd->format = fmt;

    /* An unclosed fence around JSON that parses completely was not cut off
     * (the closing fence is just missing): JSON's braces prove the end. */
    parse_res r;
    bool json_open = fmt == SG_FORMAT_JSON && unclosed;
    parse_text(c, fmt, cd->text, plen, first - 1, col_off, json_open, &r);
    judge(c, cd, &r, unclosed && !(json_open && r.rc == 0), mentions, cd->text, plen,
          first - 1);

    /* Prose before the template inside the fence (a fence opened too early,
     * or a nested "```yaml" line): parse again from the template's start. */
    if (mentions && cd->status != SG_CAND_TEMPLATE && cd->status != SG_CAND_TRUNCATED) {
        size_t offs[MAX_RESTARTS];
        uint32_t skips[MAX_RESTARTS];
        size_t k = restart_points(cd->text, plen, offs, skips);
        sg_candidate best;
        bool have = false;
        for (size_t i = 0; i < k; i++) {
            const char *st = cd->text + offs[i];
            size_t sn = plen - offs[i];
            sg_format sfmt = sniff_format(st, sn);
            bool sopen = sfmt == SG_FORMAT_JSON;
            parse_res r2;
            parse_text(c, sfmt, st, sn, first - 1 + skips[i], col_off, sopen, &r2);
            sg_candidate tmp = *cd;
            judge(c, &tmp, &r2, unclosed && !(sopen && r2.rc == 0), true, st, sn,
                  first - 1 + skips[i]);
            tmp.format = sfmt;
            if ((tmp.status == SG_CAND_TEMPLATE || tmp.status == SG_CAND_TRUNCATED) &&
                (!have || cand_better(&tmp, &best))) {
                best = tmp;
                have = true;
            }
        }
        if (have) {
            *cd = best;
            r.root = best.root;
        }
    }

    if (fenced && (cd->status == SG_CAND_TEMPLATE || cd->status == SG_CAND_TRUNCATED))
        c->fenced_template = true;

    /* The label. */
    if (cd->status != SG_CAND_NOT_TEMPLATE || r.root) {
        cd->name = name_from_first_comment(c->a, cd->text, plen);
        if (!cd->name && info[wl])
            cd->name = find_name(c->a, info + wl, strlen(info + wl), true);
        if (!cd->name)
            cd->name = name_from_previous(c->a, nd);
    }
}

/* ---- templates pasted without a fence ------------------------------------------ */

static bool line_in_fence(const md_ctx *c, uint32_t l)
{
    return l >= 1 && l <= c->nlines && c->in_fence[l];
}

/* YAML region continuation: blank, indented, comment/heading, or a section key. */
static bool yaml_line_continues(const md_ctx *c, uint32_t l)
{
    size_t n;
    const char *s = line_ptr(c, l, &n);
    if (line_in_fence(c, l) || is_fence_line(s, n))
        return false;
    if (is_blank_str(s, n))
        return true;
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '#')
        return true;
    if (n >= 3 && memcmp(s, "---", 3) == 0 && is_blank_str(s + 3, n - 3))
        return false;
    return section_key_at(s, n) > 0;
}

static bool yaml_line_trimmable(const md_ctx *c, uint32_t l)
{
    size_t n;
    const char *s = line_ptr(c, l, &n);
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i == n || s[i] == '#' || s[i] == '\r';
}

static uint32_t trim_region(const md_ctx *c, uint32_t from, uint32_t to)
{
    while (to > from && yaml_line_trimmable(c, to))
        to--;
    return to;
}

static const char *line_span(const md_ctx *c, uint32_t from, uint32_t to, size_t *n)
{
    size_t st = c->ls[from - 1], en = c->le[to - 1];
    *n = en - st;
    return c->md + st;
}

/* Label for an unfenced template: the nearest non-blank line before it. */
static const char *unfenced_name(md_ctx *c, uint32_t from, const char *t, size_t n)
{
    const char *name = name_from_first_comment(c->a, t, n);
    if (name)
        return name;
    for (uint32_t l = from - 1; l >= 1 && l + 3 > from; l--) {
        if (line_in_fence(c, l))
            return NULL;
        if (line_blank(c, l))
            continue;
        size_t ln;
        const char *s = line_ptr(c, l, &ln);
        return find_name(c->a, s, ln, false);
    }
    return NULL;
}

static void add_unfenced(md_ctx *c, uint32_t from, uint32_t to, sg_format fmt,
                         const parse_res *r)
{
    sg_candidate *cd = new_cand(c);
    size_t n;
    const char *t = line_span(c, from, to, &n);
    cd->info = "(unfenced)";
    cd->line = from;
    cd->end_line = to;
    cd->format = fmt;
    cd->text = sg_arena_strndup(c->a, t, n);
    cd->text_len = n;
    judge(c, cd, r, false, true, t, n, from - 1);
    cd->name = unfenced_name(c, from, t, n);
}

/* A template pasted with its indentation lost ("Parameters:" then
 * "Environment:" and "Type: String" all at column 1) stops the region at a
 * non-section key; when what was found holds no resources, say so instead
 * of offering an empty template. */
static void check_flattened(md_ctx *c, uint32_t stop)
{
    sg_candidate *cd = &c->cands[c->ncands - 1];
    if (cd->resources > 0 || stop > c->nlines)
        return;
    size_t n;
    const char *s = line_ptr(c, stop, &n);
    size_t k = 0;
    while (k < n && (s[k] == '_' || (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= 'a' && s[k] <= 'z') ||
                     (s[k] >= '0' && s[k] <= '9')))
        k++;
    if (k == 0 || k >= n || s[k] != ':' || (k + 1 < n && s[k + 1] != ' ' && s[k + 1] != '\r'))
        return;
    cd->status = SG_CAND_UNPARSEABLE;
    cd->root = NULL;
    sg_fail(&cd->err, c->file, stop, 1,
            "'%.*s:' at column 1 is no template section: the template text seems to have "
            "lost its indentation",
            (int)(k > 64 ? 64 : k), s);
}

/* YAML starting at column 1 on line `from`; returns the line after the region. */
static uint32_t scan_yaml_region(md_ctx *c, uint32_t from)
{
    uint32_t to = from;
    while (to + 1 <= c->nlines && yaml_line_continues(c, to + 1))
        to++;
    uint32_t end = to;
    to = trim_region(c, from, to);
    /* The region must be a template: a version or Resources key at column 1. */
    bool found = false;
    for (uint32_t l = from; l <= to && !found; l++) {
        size_t n;
        const char *s = line_ptr(c, l, &n);
        size_t k = section_key_at(s, n);
        found = k && ((k == 9 && memcmp(s, "Resources", 9) == 0) ||
                      (k == 24 && memcmp(s, "AWSTemplateFormatVersion", 24) == 0));
    }
    /* No later start inside the region can do better: skip all of it. */
    if (!found || to <= from)
        return end + 1;

    size_t n;
    const char *t = line_span(c, from, to, &n);
    parse_res full;
    parse_text(c, SG_FORMAT_YAML, t, n, from - 1, 0, false, &full);
    if (full.rc == 0) {
        add_unfenced(c, from, to, SG_FORMAT_YAML, &full);
        check_flattened(c, end + 1);
        return end + 1;
    }
    /* Failed at line L: retry with the region cut before L. */
    uint32_t cut_to = to;
    parse_res last = full;
    for (int attempt = 0; attempt < UNFENCED_CUT_ATTEMPTS; attempt++) {
        uint32_t L = last.err.line;
        if (L <= from || L > cut_to)
            break;
        cut_to = trim_region(c, from, L - 1);
        if (cut_to <= from)
            break;
        const char *ct = line_span(c, from, cut_to, &n);
        parse_text(c, SG_FORMAT_YAML, ct, n, from - 1, 0, false, &last);
        if (last.rc == 0)
            break;
    }
    bool cut_ok = last.rc == 0 && sg_is_template(last.root);
    bool salv_ok = full.root && sg_is_template(full.root);
    if (cut_ok && (!salv_ok || count_resources(last.root) >= count_resources(full.root)))
        add_unfenced(c, from, cut_to, SG_FORMAT_YAML, &last);
    else
        add_unfenced(c, from, to, SG_FORMAT_YAML, &full);
    check_flattened(c, end + 1);
    return end + 1;
}

/* The offset of the end of consumed bytes, as a line number. */
static uint32_t line_of_offset(const md_ctx *c, size_t off)
{
    uint32_t lo = 1, hi = c->nlines;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo + 1) / 2;
        if (c->ls[mid - 1] <= off)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* JSON from line `from` (a '{' line or, with `brace`, a brace-less run of
 * "Section": lines that gets a '{' put in front). */
static uint32_t scan_json_region(md_ctx *c, uint32_t from, bool brace)
{
    const char *t = c->md + c->ls[from - 1];
    size_t n = c->len - c->ls[from - 1];
    parse_res r;
    uint32_t to;
    if (brace) {
        sg_strbuf b = SG_STRBUF_INIT;
        sg_strbuf_puts(&b, "{\n");
        sg_strbuf_putn(&b, t, n);
        parse_text(c, SG_FORMAT_JSON, b.data, b.len, from - 2, 0, true, &r);
        size_t used = r.consumed > 2 ? r.consumed - 2 : 0;
        sg_strbuf_free(&b);
        to = line_of_offset(c, c->ls[from - 1] + (used ? used - 1 : 0));
    } else {
        parse_text(c, SG_FORMAT_JSON, t, n, from - 1, 0, true, &r);
        to = line_of_offset(c, c->ls[from - 1] + (r.consumed ? r.consumed - 1 : 0));
    }
    if (r.rc != 0) /* salvaged or failed: the error says where it stopped */
        to = r.err.line >= from && r.err.line <= c->nlines ? r.err.line : c->nlines;
    if (to < from)
        to = from;
    /* Valid JSON that is no template is skipped; anything else that started
     * like a template is a candidate (TRUNCATED or UNPARSEABLE). */
    if (r.rc == 0 && !sg_is_template(r.root))
        return to + 1;
    add_unfenced(c, from, to, SG_FORMAT_JSON, &r);
    return to + 1;
}

static bool json_start_line(const md_ctx *c, uint32_t l, bool *brace)
{
    size_t n;
    const char *s = line_ptr(c, l, &n);
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < n && s[i] == '{' && i < 4) {
        /* Within a few lines: the version or Resources. */
        for (uint32_t k = l; k <= c->nlines && k < l + JSON_LOOKAHEAD_LINES; k++) {
            if (line_in_fence(c, k))
                return false;
            size_t kn;
            const char *ks = line_ptr(c, k, &kn);
            if (mem_contains(ks, kn, "AWSTemplateFormatVersion") ||
                mem_contains(ks, kn, "\"Resources\""))
                return *brace = false, true;
        }
        return false;
    }
    /* A brace-less run: a top-level "Section": key (indented 1-4) whose '{'
     * line is missing (or lost with text around it). */
    if (i == 0 || i > 4 || i >= n || s[i] != '"' || l < 2)
        return false;
    static const char *const keys[] = {"\"AWSTemplateFormatVersion\"", "\"Description\"",
                                       "\"Parameters\"", "\"Resources\"", "\"Mappings\"",
                                       "\"Conditions\"", "\"Metadata\"", NULL};
    bool keyed = false;
    for (const char *const *kp = keys; *kp && !keyed; kp++) {
        size_t kl = strlen(*kp);
        if (n - i > kl && memcmp(s + i, *kp, kl) == 0) {
            size_t j = i + kl;
            while (j < n && (s[j] == ' ' || s[j] == '\t'))
                j++;
            keyed = j < n && s[j] == ':';
        }
    }
    if (!keyed)
        return false;
    /* and the run must reach a Resources key before any fence. */
    if (c->next_res && c->next_res[l]) {
        *brace = true;
        return true;
    }
    return false;
}

static void scan_unfenced(md_ctx *c)
{
    /* next_res[l]: first line >= l, before any fence, naming "Resources". */
    c->next_res = calloc((size_t)c->nlines + 2, sizeof *c->next_res);
    if (!c->next_res)
        abort();
    for (uint32_t l = c->nlines; l >= 1; l--) {
        size_t n;
        const char *s = line_ptr(c, l, &n);
        if (c->in_fence[l])
            c->next_res[l] = 0;
        else if (mem_contains(s, n, "\"Resources\""))
            c->next_res[l] = l;
        else
            c->next_res[l] = c->next_res[l + 1];
    }
    uint32_t l = 1;
    while (l <= c->nlines) {
        if (line_in_fence(c, l)) {
            l++;
            continue;
        }
        size_t n;
        const char *s = line_ptr(c, l, &n);
        bool brace = false;
        if (section_key_at(s, n))
            l = scan_yaml_region(c, l);
        else if (n && (s[0] == '{' || s[0] == ' ' || s[0] == '\t') &&
                 json_start_line(c, l, &brace))
            l = scan_json_region(c, l, brace);
        else
            l++;
    }
    free(c->next_res);
    c->next_res = NULL;
}

/* ---- choice and summary ------------------------------------------------------ */

/* A multi-file answer names its root stack like the task's deployed file. */
static bool is_root_name(const char *name)
{
    static const char *const roots[] = {"tapstack", "main", "root", "master", "template"};
    if (!name)
        return false;
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t n = strcspn(base, ".");
    for (size_t r = 0; r < sizeof roots / sizeof *roots; r++) {
        size_t m = strlen(roots[r]);
        if (n < m)
            continue;
        size_t k = 0;
        while (k < m && (base[k] | 0x20) == roots[r][k])
            k++;
        if (k == m && (n == m || strcmp(roots[r], "tapstack") == 0))
            return true;
    }
    return false;
}

/* The default template: in a multi-file answer (two or more differently
 * named templates) the last one named like a root stack; otherwise the
 * last complete template within 10% of the largest resource count, so a
 * final answer that trimmed a resource still beats its longer draft; else
 * the truncated candidate with the most resources (ties: the last). */
static int choose(const sg_candidate *cands, size_t n)
{
    int best = -1, root = -1, first_named = -1;
    bool multi = false;
    size_t most = 0;
    for (size_t i = 0; i < n; i++) {
        const sg_candidate *c = &cands[i];
        if (c->status != SG_CAND_TEMPLATE)
            continue;
        if (c->resources > most)
            most = c->resources;
        if (c->name) {
            if (first_named < 0)
                first_named = (int)i;
            else if (strcmp(cands[first_named].name, c->name) != 0)
                multi = true;
            if (is_root_name(c->name) && c->resources > 0)
                root = (int)i;
        }
    }
    if (multi && root >= 0)
        return root;
    for (size_t i = 0; i < n; i++)
        if (cands[i].status == SG_CAND_TEMPLATE && cands[i].resources * 10 >= most * 9)
            best = (int)i;
    if (best >= 0)
        return best;
    for (size_t i = 0; i < n; i++)
        if (cands[i].status == SG_CAND_TRUNCATED &&
            (best < 0 || cands[i].resources >= cands[best].resources))
            best = (int)i;
    return best;
}

static void put_info_word(sg_strbuf *b, const char *info)
{
    size_t n = info_word(info);
    if (n == 0 || info_is_glued(info)) {
        sg_strbuf_puts(b, n == 0 && !info_is_glued(info) ? "text" : "template text");
        return;
    }
    if (n > 24)
        n = 24;
    for (size_t i = 0; i < n; i++) {
        char ch = info[i];
        sg_strbuf_putc(b, (ch > ' ' && ch < 127) ? ch : '?');
    }
}

static const char *summarize(md_ctx *c, const sg_extraction *out)
{
    /* The error shown: the last code block's (the final answer), else the
     * first unfenced one (where the text went wrong). */
    const sg_candidate *bad = NULL;
    size_t nbad = 0, nbad_text = 0;
    for (size_t i = 0; i < out->ncands; i++) {
        const sg_candidate *cd = &out->cands[i];
        if (cd->status != SG_CAND_UNPARSEABLE)
            continue;
        if (strcmp(cd->info, "(unfenced)") == 0) {
            if (nbad_text++ == 0 && nbad == 0)
                bad = cd;
        } else {
            nbad++;
            bad = cd;
        }
    }
    sg_strbuf b = SG_STRBUF_INIT;
    if (bad) {
        if (nbad == 0)
            sg_strbuf_puts(&b, "template text outside code blocks did not parse");
        else
            sg_strbuf_printf(&b, "%zu code block%s%s looked like a template but did not parse",
                             nbad, nbad == 1 ? "" : "s",
                             nbad_text ? " and text outside code blocks" : "");
        if (bad->err.line && bad->err.col)
            sg_strbuf_printf(&b, ": line %u:%u: %s", bad->err.line, bad->err.col, bad->err.msg);
        else if (bad->err.line)
            sg_strbuf_printf(&b, ": line %u: %s", bad->err.line, bad->err.msg);
        else
            sg_strbuf_printf(&b, ": %s", bad->err.msg);
    } else if (out->code_blocks == 0) {
        sg_strbuf_puts(&b, "no code blocks and no template in the text (prose only)");
    } else {
        sg_strbuf_printf(&b, "%zu code block%s: ", out->code_blocks,
                         out->code_blocks == 1 ? "" : "s");
        size_t shown = 0;
        for (size_t i = 0; i < out->ncands; i++) {
            if (strcmp(out->cands[i].info, "(unfenced)") == 0)
                continue;
            if (shown == SUMMARY_MAX_INFOS) {
                sg_strbuf_puts(&b, ", ...");
                break;
            }
            if (shown)
                sg_strbuf_puts(&b, ", ");
            put_info_word(&b, out->cands[i].info);
            shown++;
        }
        sg_strbuf_puts(&b, "; no CloudFormation template");
    }
    const char *s = sg_arena_strndup(c->a, b.data, b.len);
    sg_strbuf_free(&b);
    return s;
}

static int cand_line_cmp(const void *x, const void *y)
{
    const sg_candidate *a = x, *b = y;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    return a->index < b->index ? -1 : (a->index > b->index);
}

/* ---- entry point ---------------------------------------------------------------- */

int sg_extract(sg_arena *a, const char *file, const char *md, size_t len,
               const sg_limits *limits, sg_extraction *out, sg_error *err)
{
    memset(out, 0, sizeof *out);
    out->chosen = -1;
    if (!limits)
        limits = sg_limits_default();
    if (!file)
        file = "<markdown>";
    if (!md)
        len = 0;
    if (len > limits->max_input_bytes)
        return sg_fail(err, file, 0, 0, "input is %zu bytes, more than the limit of %zu", len,
                       limits->max_input_bytes);

    md_ctx c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.file = file;
    c.md = md ? md : "";
    c.len = len;
    c.limits = limits;
    index_lines(&c);

    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
    cmark_parser_feed(p, c.md, len);
    cmark_node *doc = cmark_parser_finish(p);
    if (doc) {
        cmark_iter *it = cmark_iter_new(doc);
        cmark_event_type ev;
        while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
            cmark_node *nd = cmark_iter_get_node(it);
            if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(nd) == CMARK_NODE_CODE_BLOCK)
                handle_code_block(&c, nd);
        }
        cmark_iter_free(it);
        cmark_node_free(doc);
    }
    cmark_parser_free(p);
    out->code_blocks = c.ncands;
    for (size_t i = 0; i < c.ncands; i++)
        c.cands[i].index = (int)i + 1;

    if (!c.fenced_template) {
        size_t before = c.ncands;
        scan_unfenced(&c);
        if (c.ncands > before) {
            for (size_t i = before; i < c.ncands; i++)
                c.cands[i].index = (int)i + 1;
            qsort(c.cands, c.ncands, sizeof *c.cands, cand_line_cmp);
            for (size_t i = 0; i < c.ncands; i++)
                c.cands[i].index = (int)i + 1;
        }
    }

    int rc = 0;
    for (size_t i = 0; i < c.ncands; i++) {
        if (c.cands[i].resources > limits->max_resources &&
            (c.cands[i].status == SG_CAND_TEMPLATE || c.cands[i].status == SG_CAND_TRUNCATED)) {
            rc = sg_fail(err, file, c.cands[i].line, 0,
                         "template has %zu resources, more than the limit of %zu",
                         c.cands[i].resources, limits->max_resources);
            break;
        }
    }

    out->ncands = c.ncands;
    if (c.ncands) {
        out->cands = sg_arena_alloc(a, c.ncands * sizeof *out->cands);
        memcpy(out->cands, c.cands, c.ncands * sizeof *out->cands);
    }
    out->chosen = rc == 0 ? choose(out->cands, out->ncands) : -1;
    if (out->chosen < 0)
        out->summary = summarize(&c, out);

    free(c.cands);
    free(c.ls);
    free(c.le);
    free(c.in_fence);
    return rc;
}
