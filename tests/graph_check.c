/* graph_check.c - see graph_check.h. */
#include "graph_check.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_IDS 4096
#define MAX_CLASSES 64

static int fail(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(char *why, size_t whylen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, whylen, fmt, ap);
    va_end(ap);
    return -1;
}

/* ---- Mermaid ---------------------------------------------------------------- */

typedef struct mm {
    char ids[MAX_IDS][16];
    size_t nids;
    char used[MAX_CLASSES][32], defined[MAX_CLASSES][32];
    size_t nused, ndefined;
    size_t edges;
} mm;

/* Reads an id (n123 / l4) at *p; returns its length or 0. */
static size_t read_id(const char *p, const char *end)
{
    if (p >= end || (*p != 'n' && *p != 'l'))
        return 0;
    size_t k = 1;
    while (p + k < end && isdigit((unsigned char)p[k]))
        k++;
    return k > 1 && k < 16 ? k : 0;
}

static bool has_id(const mm *m, const char *p, size_t k)
{
    for (size_t i = 0; i < m->nids; i++)
        if (strlen(m->ids[i]) == k && memcmp(m->ids[i], p, k) == 0)
            return true;
    return false;
}

/* A quoted label's text up to the closing quote; returns its length or -1. */
static long read_label(const char *p, const char *end)
{
    const char *s = p;
    while (s < end && *s != '"') {
        unsigned char c = (unsigned char)*s;
        if (c == '`' || c < 0x20)
            return -1;
        if (c == '<') {
            if (end - s < 5 || memcmp(s, "<br/>", 5) != 0)
                return -1;
            s += 5;
            continue;
        }
        if (c == '>' || c == ';')
            return -1;
        if (c == '#') {
            const char *e = s + 1;
            while (e < end && isalnum((unsigned char)*e))
                e++;
            if (e == s + 1 || e >= end || *e != ';')
                return -1;
            s = e + 1;
            continue;
        }
        s++;
    }
    return s < end ? (long)(s - p) : -1;
}

static bool is_word(const char *p, const char *end, bool allow_digits)
{
    if (p >= end)
        return false;
    for (; p < end; p++)
        if (!islower((unsigned char)*p) && !(allow_digits && isdigit((unsigned char)*p)))
            return false;
    return true;
}

/* prop:value,prop:value - CSS-ish declarations without quotes or ; */
static bool is_style(const char *p, const char *end)
{
    if (p >= end)
        return false;
    while (p < end) {
        const char *colon = memchr(p, ':', (size_t)(end - p));
        if (!colon || colon == p)
            return false;
        for (const char *q = p; q < colon; q++)
            if (!islower((unsigned char)*q) && *q != '-')
                return false;
        const char *comma = memchr(colon, ',', (size_t)(end - colon));
        const char *ve = comma ? comma : end;
        if (ve == colon + 1)
            return false;
        for (const char *q = colon + 1; q < ve; q++)
            if (!isalnum((unsigned char)*q) && *q != '#' && *q != ' ' && *q != '.')
                return false;
        p = comma ? comma + 1 : end;
    }
    return true;
}

static int check_line(mm *m, const char *p, const char *end, int *depth, char *why, size_t wl)
{
    size_t len = (size_t)(end - p);
#define IS(lit) (len == sizeof lit - 1 && memcmp(p, lit, len) == 0)
    if (IS("direction LR"))
        return 0;
    if (IS("subgraph legend[\"Legend\"]")) {
        ++*depth;
        return 0;
    }
    if (IS("end")) {
        if (--*depth < 0)
            return fail(why, wl, "'end' without subgraph");
        return 0;
    }
#undef IS
    if (len > 9 && memcmp(p, "classDef ", 9) == 0) {
        const char *name = p + 9, *sp = memchr(name, ' ', (size_t)(end - name));
        if (!sp || !is_word(name, sp, false) || !is_style(sp + 1, end) ||
            m->ndefined == MAX_CLASSES)
            return fail(why, wl, "bad classDef");
        snprintf(m->defined[m->ndefined++], 32, "%.*s", (int)(sp - name), name);
        return 0;
    }
    if (len > 10 && memcmp(p, "linkStyle ", 10) == 0) {
        const char *q = p + 10;
        while (q < end && *q != ' ') {
            char *e;
            unsigned long k = strtoul(q, &e, 10);
            if (e == q || k >= m->edges)
                return fail(why, wl, "linkStyle names no edge");
            q = e;
            if (q < end && *q == ',')
                q++;
        }
        if (q >= end || !is_style(q + 1, end))
            return fail(why, wl, "bad linkStyle");
        return 0;
    }
    if (len > 6 && memcmp(p, "class ", 6) == 0) {
        const char *q = p + 6;
        for (;;) {
            size_t k = read_id(q, end);
            if (!k || !has_id(m, q, k))
                return fail(why, wl, "class names an undeclared node");
            q += k;
            if (q < end && *q == ',') {
                q++;
                continue;
            }
            break;
        }
        if (q >= end || *q != ' ' || !is_word(q + 1, end, false))
            return fail(why, wl, "bad class statement");
        return 0;
    }
    size_t k = read_id(p, end);
    if (!k)
        return fail(why, wl, "not a statement: %.*s", (int)(len > 60 ? 60 : len), p);
    const char *q = p + k;
    if (q + 2 <= end && q[0] == '[' && q[1] == '"') { /* node declaration */
        if (has_id(m, p, k))
            return fail(why, wl, "node %.*s declared twice", (int)k, p);
        long l = read_label(q + 2, end);
        if (l < 0)
            return fail(why, wl, "bad label on node %.*s", (int)k, p);
        q += 2 + l + 1;
        if (q >= end || *q != ']')
            return fail(why, wl, "label of %.*s not closed by \"]", (int)k, p);
        q++;
        if (q < end) {
            if (end - q < 4 || memcmp(q, ":::", 3) != 0 || !is_word(q + 3, end, false) ||
                m->nused == MAX_CLASSES)
                return fail(why, wl, "bad class suffix on %.*s", (int)k, p);
            snprintf(m->used[m->nused++], 32, "%.*s", (int)(end - q - 3), q + 3);
        }
        if (m->nids == MAX_IDS)
            return fail(why, wl, "too many nodes");
        snprintf(m->ids[m->nids++], 16, "%.*s", (int)k, p);
        return 0;
    }
    /* edge */
    if (!has_id(m, p, k))
        return fail(why, wl, "edge from undeclared node %.*s", (int)k, p);
    if (q < end && *q == ' ')
        q++;
    if (end - q >= 4 && memcmp(q, "-.->", 4) == 0)
        q += 4;
    else if (end - q >= 3 && memcmp(q, "-->", 3) == 0)
        q += 3;
    else
        return fail(why, wl, "bad arrow after %.*s", (int)k, p);
    if (q < end && *q == '|') {
        const char *close = memchr(q + 1, '|', (size_t)(end - q - 1));
        if (!close || close == q + 1)
            return fail(why, wl, "bad edge label");
        for (const char *c = q + 1; c < close; c++)
            if (!isalpha((unsigned char)*c) && *c != '+' && *c != ' ')
                return fail(why, wl, "bad character in edge label");
        q = close + 1;
    }
    if (q >= end || *q != ' ')
        return fail(why, wl, "edge without target");
    q++;
    size_t k2 = read_id(q, end);
    if (!k2 || q + k2 != end || !has_id(m, q, k2))
        return fail(why, wl, "edge to undeclared node");
    m->edges++;
    return 0;
}

int graph_check_mermaid(const char *s, size_t n, char *why, size_t whylen)
{
    mm *m = calloc(1, sizeof *m);
    if (!m)
        return fail(why, whylen, "out of memory");
    int depth = 0, rc = 0;
    size_t line = 0;
    const char *p = s, *end = s + n;
    while (p < end && rc == 0) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        line++;
        if (memchr(p, '`', (size_t)(e - p)))
            rc = fail(why, whylen, "line %zu holds a backtick", line);
        else if (line == 1)
            rc = (e - p == 12 && memcmp(p, "flowchart LR", 12) == 0)
                     ? 0
                     : fail(why, whylen, "first line is not 'flowchart LR'");
        else {
            const char *b = p;
            while (b < e && *b == ' ')
                b++;
            rc = check_line(m, b, e, &depth, why, whylen);
            if (rc)
                snprintf(why + strlen(why), whylen - strlen(why), " (line %zu)", line);
        }
        p = e + (nl != NULL);
    }
    if (rc == 0 && line == 0)
        rc = fail(why, whylen, "empty graph");
    if (rc == 0 && depth != 0)
        rc = fail(why, whylen, "subgraph not closed");
    for (size_t i = 0; rc == 0 && i < m->nused; i++) {
        bool ok = false;
        for (size_t j = 0; j < m->ndefined; j++)
            ok |= strcmp(m->used[i], m->defined[j]) == 0;
        if (!ok)
            rc = fail(why, whylen, "class %s used but not defined", m->used[i]);
    }
    int nodes = (int)m->nids;
    free(m);
    return rc ? -1 : nodes;
}

int graph_check_markdown(const char *md, size_t n, char *why, size_t whylen)
{
    int blocks = 0;
    const char *p = md, *end = md + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        if (e - p == 10 && memcmp(p, "```mermaid", 10) == 0) {
            const char *body = e + 1, *q = body;
            const char *close = NULL;
            while (q < end) {
                const char *qn = memchr(q, '\n', (size_t)(end - q));
                const char *qe = qn ? qn : end;
                if (qe - q == 3 && memcmp(q, "```", 3) == 0) {
                    close = q;
                    break;
                }
                q = qe + 1;
            }
            if (!close)
                return fail(why, whylen, "mermaid block %d not closed", blocks + 1);
            if (graph_check_mermaid(body, (size_t)(close - body), why, whylen) < 0)
                return -1;
            blocks++;
            p = close + 3;
            continue;
        }
        p = e + 1;
    }
    return blocks;
}

/* ---- SVG ------------------------------------------------------------------------- */

static bool entity_ok(const char *p, const char *end)
{
    static const char *const ok[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        size_t l = strlen(ok[i]);
        if ((size_t)(end - p) >= l && memcmp(p, ok[i], l) == 0)
            return true;
    }
    return false;
}

static bool text_ok(const char *p, const char *end)
{
    for (; p < end; p++)
        if (*p == '<' || *p == '>' || (*p == '&' && !entity_ok(p, end)))
            return false;
    return true;
}

/* Numbers of a path's d attribute: x y pairs after M, L, C (all absolute). */
static bool path_ok(const char *p, const char *end, long w, long h)
{
    int k = 0;
    while (p < end) {
        if (*p == ' ' || *p == ',' || *p == 'M' || *p == 'L' || *p == 'C' || *p == 'z') {
            p++;
            continue;
        }
        char *e;
        long v = strtol(p, &e, 10);
        if (e == p || v < 0 || v > (k % 2 ? h : w))
            return false;
        k++;
        p = e;
    }
    return k % 2 == 0;
}

int graph_check_svg(const char *s, size_t n, char *why, size_t whylen)
{
    char stack[64][16];
    int depth = 0, roots = 0, rects = 0;
    long W = -1, H = -1, mw = -1; /* mw: inside a <marker>, its own 10x10 box */
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        const char *te = lt ? lt : end;
        if (!text_ok(p, te))
            return fail(why, whylen, "raw markup or unknown entity in text");
        if (!lt)
            break;
        if (depth == 0 && roots && te > p)
            for (const char *q = p; q < te; q++)
                if (!isspace((unsigned char)*q))
                    return fail(why, whylen, "text after the root element");
        const char *gt = memchr(lt, '>', (size_t)(end - lt));
        if (!gt)
            return fail(why, whylen, "tag not closed");
        const char *t = lt + 1;
        bool closing = *t == '/';
        if (closing)
            t++;
        const char *ne = t;
        while (ne < gt && (isalnum((unsigned char)*ne) || *ne == '-'))
            ne++;
        size_t nl = (size_t)(ne - t);
        if (!nl || nl >= 16)
            return fail(why, whylen, "bad tag name");
        if (closing) {
            if (depth == 0 || strlen(stack[depth - 1]) != nl || memcmp(stack[depth - 1], t, nl))
                return fail(why, whylen, "unbalanced </%.*s>", (int)nl, t);
            if (nl == 6 && memcmp(t, "marker", 6) == 0)
                mw = -1;
            depth--;
            p = gt + 1;
            continue;
        }
        if (nl == 6 && memcmp(t, "script", 6) == 0)
            return fail(why, whylen, "script element");
        bool self = gt[-1] == '/';
        const char *ae = self ? gt - 1 : gt;
        if (depth == 0) {
            if (roots++ || nl != 3 || memcmp(t, "svg", 3) != 0)
                return fail(why, whylen, "root is not one <svg>");
        }
        if (nl == 6 && memcmp(t, "marker", 6) == 0)
            mw = 10;
        if (nl == 4 && memcmp(t, "rect", 4) == 0)
            rects++;
        /* attributes: name="value" */
        const char *q = ne;
        while (q < ae) {
            if (isspace((unsigned char)*q)) {
                q++;
                continue;
            }
            const char *an = q;
            while (q < ae && (isalnum((unsigned char)*q) || *q == '-' || *q == ':'))
                q++;
            size_t al = (size_t)(q - an);
            if (!al || q + 1 >= ae || q[0] != '=' || q[1] != '"')
                return fail(why, whylen, "bad attribute in <%.*s>", (int)nl, t);
            const char *v = q + 2, *ve = memchr(v, '"', (size_t)(ae - v));
            if (!ve)
                return fail(why, whylen, "attribute value not closed");
            if (!text_ok(v, ve))
                return fail(why, whylen, "raw markup in an attribute value");
            if (al > 2 && an[0] == 'o' && an[1] == 'n')
                return fail(why, whylen, "event attribute");
            if ((al == 4 && memcmp(an, "href", 4) == 0) || (al > 5 && memcmp(an, "xlink", 5) == 0))
                return fail(why, whylen, "external reference");
            long bw = mw >= 0 ? mw : W, bh = mw >= 0 ? mw : H;
            if (al == 7 && memcmp(an, "viewBox", 7) == 0 && depth == 0) {
                if (sscanf(v, "0 0 %ld %ld", &W, &H) != 2 || W <= 0 || H <= 0)
                    return fail(why, whylen, "bad viewBox");
            } else if (depth > 0 && ((al == 1 && (*an == 'x' || *an == 'y')) ||
                                     (al == 5 && memcmp(an, "width", 5) == 0) ||
                                     (al == 6 && memcmp(an, "height", 6) == 0))) {
                char *e;
                long num = strtol(v, &e, 10);
                long lim = (*an == 'x' || *an == 'w') ? bw : bh;
                if (e != ve || num < 0 || lim < 0 || num > lim)
                    return fail(why, whylen, "%.*s=\"%.*s\" outside the viewBox", (int)al, an,
                                (int)(ve - v), v);
            } else if (al == 1 && *an == 'd') {
                if (bw < 0 || !path_ok(v, ve, bw, bh))
                    return fail(why, whylen, "path outside the viewBox: %.*s", (int)(ve - v), v);
            }
            q = ve + 1;
        }
        if (depth == 0 && W < 0)
            return fail(why, whylen, "<svg> without viewBox");
        if (!self) {
            if (depth == 64)
                return fail(why, whylen, "too deep");
            snprintf(stack[depth++], 16, "%.*s", (int)nl, t);
        }
        p = gt + 1;
    }
    if (depth != 0 || roots != 1)
        return fail(why, whylen, "unbalanced tags or no root");
    return rects;
}
