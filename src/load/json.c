/* json.c - RFC 8259 JSON to an sg_node tree in one hand-written pass.
 *
 * The parser is a loop over the buffer with gotos between three states
 * (expecting a value, a key, or what follows a value); it never recurses.
 * Nodes stream into an sg_builder, which keeps the open containers and
 * enforces the depth, node and string limits, so a hostile input fails with
 * a positioned error instead of exhausting the stack or memory.  This file
 * only keeps a small parallel stack of bracket kinds and opening lines for
 * its own messages.
 *
 * Positions: lines end at LF only (CR is plain whitespace, so CRLF works);
 * columns count bytes from 1, a leading BOM not included.  Newlines can only
 * occur in whitespace (a raw LF inside a string is an error), which is what
 * lets a single line_start pointer give every column. */
#include "stackgap/parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct open_ctr {
    char ch;       /* '{' or '[' */
    uint32_t line; /* display line of the bracket, for "not closed" messages */
} open_ctr;

typedef struct jp {
    const char *p, *end;
    const char *line_start; /* byte at column 1 of the current line */
    uint32_t line;          /* 1-based, before line_offset */
    uint32_t line_off, col_off;
    const char *file;
    sg_arena *arena;
    sg_builder *b;
    sg_error *err;
    bool limit; /* the error came from the builder (a limit), not from the syntax */
    open_ctr *stack;
    size_t depth, cap;
    char *scratch; /* unescaped string under construction, reused for every string */
    size_t slen, scap;
} jp;

static inline uint32_t line_of(const jp *j)
{
    return j->line + j->line_off;
}

static inline uint32_t col_of(const jp *j, const char *at)
{
    return (uint32_t)(at - j->line_start) + 1 + j->col_off;
}

static int fail(jp *j, const char *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Error at `at`, which must lie on the current line. */
static int fail(jp *j, const char *at, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sg_fail(j->err, j->file, line_of(j), col_of(j, at), "%s", msg);
}

/* End of input where more was required: name the innermost open bracket. */
static int fail_eof(jp *j)
{
    if (j->depth == 0)
        return fail(j, j->p, "unexpected end of input");
    const open_ctr *o = &j->stack[j->depth - 1];
    return fail(j, j->p, "unexpected end of input: '%c' opened at line %u is not closed",
                o->ch, o->line);
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF), or 0 when it is not well-formed. */
static inline int utf8_len(const char *s, const char *end)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t avail = (size_t)(end - s);
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0;
    if (c < 0xE0)
        return avail >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (avail < 3 || (p[2] & 0xC0) != 0x80)
            return 0;
        unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return p[1] >= lo && p[1] <= hi ? 3 : 0;
    }
    if (c < 0xF5) {
        if (avail < 4 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
            return 0;
        unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return p[1] >= lo && p[1] <= hi ? 4 : 0;
    }
    return 0;
}

/* Names the character at p for a message: 'x', U+XXXX or a raw byte. */
static void describe(const char *p, const char *end, char *out, size_t size)
{
    const unsigned char *u = (const unsigned char *)p;
    int n = utf8_len(p, end);
    uint32_t cp = u[0];
    if (n == 0) {
        snprintf(out, size, "byte 0x%02X", (unsigned)u[0]);
        return;
    }
    if (cp > 0x20 && cp < 0x7F) {
        snprintf(out, size, "'%c'", (char)cp);
        return;
    }
    if (n == 2)
        cp = (u[0] & 0x1Fu) << 6 | (u[1] & 0x3Fu);
    else if (n == 3)
        cp = (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
    else if (n == 4)
        cp = (u[0] & 0x07u) << 18 | (u[1] & 0x3Fu) << 12 | (u[2] & 0x3Fu) << 6 | (u[3] & 0x3Fu);
    snprintf(out, size, "U+%04X", (unsigned)cp);
}

/* Unexpected character at j->p (not at the end): common mistakes get their
 * own message, anything else `what`. */
static int fail_unexpected(jp *j, const char *what)
{
    const char *p = j->p;
    if (*p == '/' && j->end - p > 1 && (p[1] == '/' || p[1] == '*'))
        return fail(j, p, "comments are not allowed in JSON");
    if (*p == '\'')
        return fail(j, p, "single quotes are not allowed; JSON strings use '\"'");
    if (utf8_len(p, j->end) == 0)
        return fail(j, p, "invalid UTF-8");
    return fail(j, p, "%s", what);
}

static inline void skip_ws(jp *j)
{
    const char *p = j->p, *end = j->end;
    while (p < end) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\r') {
            p++;
        } else if (c == '\n') {
            p++;
            j->line++;
            j->line_start = p;
            /* pretty-printed templates are mostly indentation: 8 spaces a step */
            while (end - p >= 8 && memcmp(p, "        ", 8) == 0)
                p += 8;
        } else {
            break;
        }
    }
    j->p = p;
}

static void scratch_put(jp *j, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (j->scap - j->slen < n) {
        size_t cap = j->scap ? j->scap * 2 : 256;
        while (cap - j->slen < n)
            cap *= 2;
        j->scratch = sg_xrealloc(j->scratch, cap);
        j->scap = cap;
    }
    memcpy(j->scratch + j->slen, s, n);
    j->slen += n;
}

static void scratch_utf8(jp *j, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    scratch_put(j, u, n);
}

/* Value of the 4 hex digits at p, or -1. */
static inline long hex4(const char *p, const char *end)
{
    if (end - p < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v << 4 | d;
    }
    return v;
}

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* True when one of the 8 bytes in v is '"', '\\', a control character or
 * non-ASCII - i.e. not a byte a string can simply run over. */
static inline bool has_special(uint64_t v)
{
    uint64_t q = v ^ (ONES * '"'), bs = v ^ (ONES * '\\');
    uint64_t zero_q = (q - ONES) & ~q, zero_bs = (bs - ONES) & ~bs;
    uint64_t ctl = v - ONES * 0x20; /* borrows into the high bit for bytes < 0x20 */
    return ((zero_q | zero_bs | ctl | v) & HIGHS) != 0;
}

/* Parses the string whose opening quote is at j->p.  *s and *n receive its
 * unescaped bytes: a slice of the input when it has no escapes, otherwise
 * the scratch buffer (valid until the next string). */
static int parse_string(jp *j, const char **s, size_t *n)
{
    const char *quote = j->p, *start = quote + 1, *p = start, *run = start, *end = j->end;
    bool escaped = false;
    for (;;) {
        uint64_t v;
        while (end - p >= 8) {
            memcpy(&v, p, 8);
            if (has_special(v))
                break;
            p += 8;
        }
        while (p < end && (unsigned char)*p >= 0x20 && (unsigned char)*p < 0x80 && *p != '"' &&
               *p != '\\')
            p++;
        if (p == end) {
            j->p = p;
            return fail(j, p, "unexpected end of input: string opened at column %u is not closed",
                        col_of(j, quote));
        }
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            break;
        if (c < 0x20)
            return fail(j, p, "control character in string");
        if (c >= 0x80) {
            int len = utf8_len(p, end);
            if (len == 0)
                return fail(j, p, "invalid UTF-8");
            p += len;
            continue;
        }
        /* backslash: from here on the string is assembled in scratch */
        if (!escaped) {
            escaped = true;
            j->slen = 0;
        }
        scratch_put(j, run, (size_t)(p - run));
        if (end - p < 2) {
            j->p = end;
            return fail(j, end, "unexpected end of input: string opened at column %u is not closed",
                        col_of(j, quote));
        }
        char e = p[1], out;
        switch (e) {
        case '"':
        case '\\':
        case '/':
            out = e;
            break;
        case 'b':
            out = '\b';
            break;
        case 'f':
            out = '\f';
            break;
        case 'n':
            out = '\n';
            break;
        case 'r':
            out = '\r';
            break;
        case 't':
            out = '\t';
            break;
        case 'u': {
            long cu = hex4(p + 2, end);
            if (cu < 0)
                return fail(j, p, "invalid \\u escape: expected four hex digits");
            p += 6;
            uint32_t cp = (uint32_t)cu;
            /* A high surrogate pairs with an immediately following \uDC00-\uDFFF
             * escape.  An unpaired surrogate cannot be UTF-8, so it becomes
             * U+FFFD (the replacement character) rather than failing the load:
             * the template may still be diffed, and the change stays visible. */
            if (cu >= 0xD800 && cu <= 0xDBFF) {
                long lo = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? hex4(p + 2, end) : -1;
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((uint32_t)(cu - 0xD800) << 10) + (uint32_t)(lo - 0xDC00);
                    p += 6;
                } else {
                    cp = 0xFFFD;
                }
            } else if (cu >= 0xDC00 && cu <= 0xDFFF) {
                cp = 0xFFFD;
            }
            scratch_utf8(j, cp);
            run = p;
            continue;
        }
        default: {
            char what[32];
            if ((unsigned char)e > 0x20 && (unsigned char)e < 0x7F)
                return fail(j, p, "invalid escape '\\%c'", e);
            describe(p + 1, end, what, sizeof what);
            return fail(j, p, "invalid escape: '\\' followed by %s", what);
        }
        }
        scratch_put(j, &out, 1);
        p += 2;
        run = p;
    }
    if (escaped) {
        scratch_put(j, run, (size_t)(p - run));
        *s = j->scratch;
        *n = j->slen;
    } else {
        *s = start;
        *n = (size_t)(p - start);
    }
    j->p = p + 1;
    return 0;
}

static int add_scalar(jp *j, sg_kind kind, const char *s, size_t n, const char *at)
{
    sg_node *node = sg_node_scalar(j->arena, kind, s, n, line_of(j), col_of(j, at));
    if (sg_builder_add(j->b, node, 1, j->err) != 0) {
        j->limit = true;
        return -1;
    }
    return 0;
}

static inline bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline bool is_word(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

/* number = [ "-" ] ( "0" / [1-9] *DIGIT ) [ "." 1*DIGIT ] [ ( "e" / "E" ) [ "+" / "-" ] 1*DIGIT ]
 * Kept as source text.  Errors point at the first character that breaks the
 * grammar; a number running straight into more number-like characters
 * ("0x1F", "1.2.3", "01") is reported as a bad number, not as a missing ','. */
static int parse_number(jp *j)
{
    const char *s = j->p, *p = s, *end = j->end;
    if (*p == '-')
        p++;
    if (p < end && *p == '0') {
        p++;
        if (p < end && is_digit(*p))
            return fail(j, p - 1, "invalid number: leading zeros are not allowed");
    } else if (p < end && is_digit(*p)) {
        while (p < end && is_digit(*p))
            p++;
    } else {
        return fail(j, p, "invalid number: expected a digit after '-'");
    }
    if (p < end && *p == '.') {
        p++;
        if (p == end || !is_digit(*p))
            return fail(j, p, "invalid number: expected a digit after '.'");
        while (p < end && is_digit(*p))
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (p == end || !is_digit(*p))
            return fail(j, p, "invalid number: expected a digit in the exponent");
        while (p < end && is_digit(*p))
            p++;
    }
    if (p < end && (is_word(*p) || *p == '.' || *p == '+' || *p == '-'))
        return fail(j, p, "invalid number: unexpected '%c'", *p);
    j->p = p;
    return add_scalar(j, SG_NUMBER, s, (size_t)(p - s), s);
}

/* true, false, null - or a message for whatever else starts a value here. */
static int parse_word(jp *j)
{
    const char *s = j->p, *p = s;
    if (!is_word(*s)) {
        if (*s == '.' || *s == '+')
            return fail(j, s, "invalid number: unexpected '%c'", *s);
        char what[32];
        describe(s, j->end, what, sizeof what);
        char msg[64];
        snprintf(msg, sizeof msg, "expected a value, found %s", what);
        return fail_unexpected(j, msg);
    }
    while (p < j->end && is_word(*p))
        p++;
    size_t n = (size_t)(p - s);
    sg_kind kind;
    if (n == 4 && memcmp(s, "true", 4) == 0) {
        kind = SG_BOOL;
    } else if (n == 5 && memcmp(s, "false", 5) == 0) {
        kind = SG_BOOL;
    } else if (n == 4 && memcmp(s, "null", 4) == 0) {
        kind = SG_NULL;
        n = 0;
    } else if ((n == 3 && memcmp(s, "NaN", 3) == 0) || (n == 8 && memcmp(s, "Infinity", 8) == 0)) {
        return fail(j, s, "invalid number: NaN and Infinity are not allowed");
    } else {
        return fail(j, s, "invalid literal '%.*s'", n > 32 ? 32 : (int)n, s);
    }
    j->p = p;
    return add_scalar(j, kind, s, n, s);
}

static int open_container(jp *j, char ch)
{
    uint32_t line = line_of(j), col = col_of(j, j->p);
    int rc = ch == '{' ? sg_builder_begin_map(j->b, line, col, j->err)
                       : sg_builder_begin_seq(j->b, line, col, j->err);
    if (rc != 0) {
        j->limit = true;
        return -1;
    }
    if (j->depth == j->cap) {
        j->cap = j->cap ? j->cap * 2 : 32;
        j->stack = sg_xrealloc(j->stack, j->cap * sizeof *j->stack);
    }
    j->stack[j->depth++] = (open_ctr){ch, line};
    j->p++;
    return 0;
}

static int close_container(jp *j)
{
    j->depth--;
    j->p++;
    if (sg_builder_end(j->b, j->err) != 0) {
        j->limit = true;
        return -1;
    }
    return 0;
}

/* Parses one complete value (with everything nested in it) from j->p. */
static int parse_root(jp *j)
{
    const char *s, *at;
    size_t n;
    skip_ws(j);
    if (j->p == j->end)
        return fail(j, j->p, "empty document");

value: /* j->p: at a value, possibly after whitespace */
    skip_ws(j);
    if (j->p == j->end)
        return fail_eof(j);
    at = j->p;
    switch (*at) {
    case '{':
        if (open_container(j, '{') != 0)
            return -1;
        skip_ws(j);
        if (j->p < j->end && *j->p == '}') {
            if (close_container(j) != 0)
                return -1;
            goto next;
        }
        goto key;
    case '[':
        if (open_container(j, '[') != 0)
            return -1;
        skip_ws(j);
        if (j->p < j->end && *j->p == ']') {
            if (close_container(j) != 0)
                return -1;
            goto next;
        }
        goto value;
    case '"':
        if (parse_string(j, &s, &n) != 0 || add_scalar(j, SG_STRING, s, n, at) != 0)
            return -1;
        goto next;
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        if (parse_number(j) != 0)
            return -1;
        goto next;
    default:
        if (parse_word(j) != 0)
            return -1;
        goto next;
    }

key: /* j->p: after '{' or ',' and whitespace */
    if (j->p == j->end)
        return fail_eof(j);
    at = j->p;
    if (*at != '"')
        return fail_unexpected(j, "expected a double-quoted object key");
    if (parse_string(j, &s, &n) != 0 || add_scalar(j, SG_STRING, s, n, at) != 0)
        return -1;
    skip_ws(j);
    if (j->p == j->end)
        return fail_eof(j);
    if (*j->p != ':')
        return fail_unexpected(j, "expected ':' after object key");
    j->p++;
    goto value;

next: /* a value is complete: what follows depends on the container */
    if (j->depth == 0)
        return 0;
    skip_ws(j);
    if (j->p == j->end)
        return fail_eof(j);
    bool in_map = j->stack[j->depth - 1].ch == '{';
    char close = in_map ? '}' : ']';
    if (*j->p == ',') {
        uint32_t cl = line_of(j), cc = col_of(j, j->p);
        j->p++;
        skip_ws(j);
        if (j->p < j->end && *j->p == close)
            return sg_fail(j->err, j->file, cl, cc, "trailing comma before '%c'", close);
        if (in_map)
            goto key;
        goto value;
    }
    if (*j->p == close) {
        if (close_container(j) != 0)
            return -1;
        goto next;
    }
    return fail_unexpected(j, in_map ? "expected ',' or '}' after object member"
                                     : "expected ',' or ']' after array element");
}

int sg_parse_json(sg_arena *a, const char *buf, size_t len, const sg_parse_opts *opts,
                  sg_node **out, size_t *consumed, sg_error *err)
{
    static const sg_parse_opts no_opts;
    if (!opts)
        opts = &no_opts;
    const sg_limits *limits = opts->limits ? opts->limits : sg_limits_default();
    const char *file = opts->file ? opts->file : "<input>";
    *out = NULL;
    if (consumed)
        *consumed = 0;
    if (!buf) { /* keeps pointer arithmetic off NULL */
        buf = "";
        len = 0;
    }
    if (len > limits->max_input_bytes)
        return sg_fail(err, file, 0, 0, "input larger than %zu bytes (limit)",
                       limits->max_input_bytes);

    jp j = {0};
    j.p = buf;
    j.end = buf + len;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        j.p += 3;
    j.line_start = j.p;
    j.line = 1;
    j.line_off = opts->line_offset;
    j.col_off = opts->col_offset;
    j.file = file;
    j.arena = a;
    j.err = err;
    j.b = sg_builder_new(a, limits, file);

    int rc = parse_root(&j);
    size_t used = (size_t)(j.p - buf);
    if (rc == 0 && !opts->allow_trailing) {
        skip_ws(&j);
        if (j.p != j.end)
            rc = fail(&j, j.p, "trailing content after the JSON value");
    }
    if (rc == 0) {
        *out = sg_builder_root(j.b);
        if (consumed)
            *consumed = used;
    } else if (opts->salvage && !j.limit) {
        /* limit errors are not salvaged: the input is suspect, not just cut short */
        *out = sg_builder_salvage(j.b);
        rc = *out ? 1 : -1;
    }
    sg_builder_free(j.b);
    free(j.stack);
    free(j.scratch);
    return rc;
}
