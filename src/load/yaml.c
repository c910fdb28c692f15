/* yaml.c - YAML to sg_node trees over libyaml's event API (see parse.h).
 *
 * Events stream straight into an sg_builder, which enforces the depth, node
 * and string limits.  On top of plain YAML this loader:
 *   - resolves plain scalars with the YAML 1.2 core schema;
 *   - makes every mapping key a string (CloudFormation keys are strings);
 *   - rewrites short-form intrinsics (!Ref X, !Sub s, ...) to one-key maps;
 *   - shares aliased nodes instead of copying them, so the tree may be a DAG,
 *     and charges each alias its anchor's expanded size against the node
 *     limit (a billion-laughs document fails fast, in bounded memory).
 * Positions are libyaml's marks made 1-based: columns count characters, not
 * bytes, and a node's start includes its tag and anchor. */
#include "stackgap/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define CORE_TAG "tag:yaml.org,2002:"
#define CORE_TAG_LEN (sizeof CORE_TAG - 1)

/* Open collection flags (one entry per YAML sequence or mapping). */
#define OPEN_WRAPPED 0x01  /* inside an intrinsic wrapper map to close after it */
#define OPEN_ANCHORED 0x02 /* built in a nested builder to pop after it */

/* The builder only hands out a finished node when it is the root, so an
 * anchored collection (or intrinsic wrapper) is built as the root of a
 * nested builder whose limits are what is left of the user's. */
typedef struct sub {
    sg_builder *b;
    sg_limits lim;       /* the builder keeps a pointer: lives as long as it */
    size_t base_depth;   /* depth and nodes of the enclosing builders */
    size_t base_nodes;
    const char *anchor;  /* arena copy */
    struct sub *up;
} sub;

typedef struct anchor {
    const char *name; /* arena copy; NULL marks an empty slot */
    uint64_t hash;
    sg_node *node;
    size_t weight;    /* expanded node count of the anchored subtree */
    const char *raw;  /* source text of a bool/null scalar, for use as a key */
    size_t rawlen;
} anchor;

typedef struct yl {
    sg_arena *arena;
    const sg_limits *lim;
    const char *file;
    uint32_t loff, coff;
    const unsigned char *buf;
    size_t len;
    size_t bom;       /* bytes of a UTF-8 BOM, which libyaml marks do not count */
    int utf16;        /* marks cannot be mapped back to bytes: skip the mapping */
    sg_builder *top;
    sub *sub;         /* innermost nested builder, NULL when building in top */
    uint8_t *open;
    size_t nopen, capopen;
    anchor *tab;      /* open-addressing hash table of anchors */
    size_t ntab, captab;
    size_t cur_idx;   /* last mark index mapped to a byte offset ... */
    size_t cur_off;   /* ... and that offset */
    int ndocs;
} yl;

/* ---- positions -------------------------------------------------------------- */

static uint32_t mline(const yl *p, const yaml_mark_t *m)
{
    return (uint32_t)m->line + 1 + p->loff;
}

static uint32_t mcol(const yl *p, const yaml_mark_t *m)
{
    return (uint32_t)m->column + 1 + p->coff;
}

static size_t utf8_width(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* Bytes of the line break at i (libyaml's set: LF, CR, CRLF, NEL, LS, PS), or 0. */
static size_t break_len(const yl *p, size_t i)
{
    const unsigned char *s = p->buf;
    size_t left = p->len - i;
    if (s[i] == '\n')
        return 1;
    if (s[i] == '\r')
        return left > 1 && s[i + 1] == '\n' ? 2 : 1;
    if (s[i] == 0xC2 && left > 1 && s[i + 1] == 0x85)
        return 2;
    if (s[i] == 0xE2 && left > 2 && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
        return 3;
    return 0;
}

/* Moves past the character at *i, counting lines and columns as libyaml
 * does: a CRLF is one break and columns count characters, not bytes. */
static void step(const yl *p, size_t *i, size_t *line, size_t *col)
{
    size_t b = break_len(p, *i);
    if (b) {
        *i += b;
        (*line)++;
        *col = 0;
    } else {
        *i += utf8_width(p->buf[*i]);
        (*col)++;
    }
    if (*i > p->len)
        *i = p->len;
}

/* Byte offset of a mark.  Marks count characters and skip the BOM; walk
 * from the previous answer, since the marks asked for arrive in order. */
static size_t mark_offset(yl *p, size_t index)
{
    if (index < p->cur_idx) {
        p->cur_idx = 0;
        p->cur_off = p->bom;
    }
    size_t i = p->cur_off, k = p->cur_idx;
    while (k < index && i < p->len) {
        if (index - k >= 8 && p->len - i >= 8) { /* 8 ASCII bytes are 8 characters */
            uint64_t x;
            memcpy(&x, p->buf + i, 8);
            if (!(x & 0x8080808080808080u)) {
                i += 8;
                k += 8;
                continue;
            }
        }
        i += utf8_width(p->buf[i]);
        k++;
    }
    if (i > p->len)
        i = p->len;
    p->cur_idx = k;
    p->cur_off = i;
    return i;
}

/* Where a node's content starts: libyaml events carry only the start of the
 * node's properties, so skip the tag and anchor and the blanks, breaks and
 * comments after them.  Used for the value inside an intrinsic wrapper. */
static void content_pos(yl *p, const yaml_mark_t *m, uint32_t *line, uint32_t *col)
{
    size_t ln = m->line, cl = m->column;
    if (!p->utf16) {
        size_t i = mark_offset(p, m->index);
        while (i < p->len) {
            unsigned char c = p->buf[i];
            if (c == '!' || c == '&') {
                while (i < p->len && p->buf[i] != ' ' && p->buf[i] != '\t' && !break_len(p, i))
                    step(p, &i, &ln, &cl);
            } else if (c == '#') {
                while (i < p->len && !break_len(p, i))
                    step(p, &i, &ln, &cl);
            } else if (c == ' ' || c == '\t' || break_len(p, i)) {
                step(p, &i, &ln, &cl);
            } else {
                break;
            }
        }
    }
    *line = (uint32_t)ln + 1 + p->loff;
    *col = (uint32_t)cl + 1 + p->coff;
}

/* ---- builders and limits ---------------------------------------------------- */

static sg_builder *cur(const yl *p)
{
    return p->sub ? p->sub->b : p->top;
}

static size_t total_depth(const yl *p)
{
    return p->sub ? p->sub->base_depth + sg_builder_depth(p->sub->b) : sg_builder_depth(p->top);
}

static size_t total_nodes(const yl *p)
{
    return p->sub ? p->sub->base_nodes + sg_builder_nodes(p->sub->b) : sg_builder_nodes(p->top);
}

/* The builder checks the node limit as well, but a nested builder only knows
 * what is left of it and an alias carries its anchor's position: check here
 * so the message names the user's limit and the place that crossed it.  The
 * messages match the builder's. */
static int room_for(const yl *p, size_t weight, uint32_t line, uint32_t col, sg_error *err)
{
    size_t max = p->lim->max_nodes, have = total_nodes(p);
    if (weight > max || have + weight > max)
        return sg_fail(err, p->file, line, col,
                       "more than %zu nodes (limit; YAML aliases count expanded)", max);
    return 0;
}

static int b_begin(yl *p, int is_map, uint32_t line, uint32_t col, sg_error *err)
{
    if (p->sub) {
        if (total_depth(p) >= p->lim->max_depth)
            return sg_fail(err, p->file, line, col, "nesting deeper than %u levels (limit)",
                           p->lim->max_depth);
        if (total_nodes(p) >= p->lim->max_nodes)
            return sg_fail(err, p->file, line, col, "more than %zu nodes (limit)",
                           p->lim->max_nodes);
    }
    return is_map ? sg_builder_begin_map(cur(p), line, col, err)
                  : sg_builder_begin_seq(cur(p), line, col, err);
}

static int b_add(yl *p, sg_node *n, size_t weight, sg_error *err)
{
    if (p->sub && room_for(p, weight, n->line, n->col, err))
        return -1;
    return sg_builder_add(cur(p), n, weight, err);
}

static void push_sub(yl *p, const char *anchor_name)
{
    sub *s = sg_xmalloc(sizeof *s);
    s->lim = *p->lim;
    s->base_depth = total_depth(p);
    s->base_nodes = total_nodes(p);
    s->lim.max_depth = s->base_depth < p->lim->max_depth
                           ? p->lim->max_depth - (uint32_t)s->base_depth : 0;
    s->lim.max_nodes = p->lim->max_nodes - s->base_nodes;
    s->b = sg_builder_new(p->arena, &s->lim, p->file);
    s->anchor = sg_arena_strdup(p->arena, anchor_name);
    s->up = p->sub;
    p->sub = s;
}

/* Detaches the innermost nested builder; returns its root (or salvage). */
static sg_node *pop_sub(yl *p, size_t *weight, const char **anchor_name, int salvage)
{
    sub *s = p->sub;
    sg_node *n = salvage ? sg_builder_salvage(s->b) : sg_builder_root(s->b);
    *weight = sg_builder_nodes(s->b);
    *anchor_name = s->anchor;
    p->sub = s->up;
    sg_builder_free(s->b);
    free(s);
    return n;
}

/* ---- anchors ---------------------------------------------------------------- */

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static anchor *anchor_slot(anchor *tab, size_t cap, const char *name, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);
    while (tab[i].name && (tab[i].hash != h || strcmp(tab[i].name, name) != 0))
        i = (i + 1) & (cap - 1);
    return &tab[i];
}

static anchor *anchor_find(const yl *p, const char *name)
{
    if (!p->captab)
        return NULL;
    anchor *a = anchor_slot(p->tab, p->captab, name, hash_str(name));
    return a->name ? a : NULL;
}

/* Records (or redefines: the latest definition wins) an anchor. */
static void anchor_set(yl *p, const char *name, sg_node *n, size_t weight, const char *raw,
                       size_t rawlen)
{
    if (2 * (p->ntab + 1) > p->captab) {
        size_t cap = p->captab ? 2 * p->captab : 16;
        anchor *tab = sg_xmalloc(cap * sizeof *tab);
        memset(tab, 0, cap * sizeof *tab);
        for (size_t i = 0; i < p->captab; i++)
            if (p->tab[i].name)
                *anchor_slot(tab, cap, p->tab[i].name, p->tab[i].hash) = p->tab[i];
        free(p->tab);
        p->tab = tab;
        p->captab = cap;
    }
    uint64_t h = hash_str(name);
    anchor *a = anchor_slot(p->tab, p->captab, name, h);
    if (!a->name) {
        a->name = sg_arena_strdup(p->arena, name);
        a->hash = h;
        p->ntab++;
    }
    a->node = n;
    a->weight = weight;
    a->raw = raw;
    a->rawlen = rawlen;
}

/* ---- scalars ---------------------------------------------------------------- */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static size_t skip_digits(const char *s, size_t i, size_t n)
{
    while (i < n && is_digit(s[i]))
        i++;
    return i;
}

static int eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* Core schema int: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+ */
static int is_int(const char *s, size_t n)
{
    if (n > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
        for (size_t i = 2; i < n; i++)
            if (s[1] == 'o' ? !(s[i] >= '0' && s[i] <= '7') : !is_hex(s[i]))
                return 0;
        return 1;
    }
    size_t i = n && (s[0] == '-' || s[0] == '+');
    return i < n && skip_digits(s, i, n) == n;
}

/* Core schema float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?,
 * [-+]?\.(inf|Inf|INF), \.(nan|NaN|NAN) */
static int is_float(const char *s, size_t n)
{
    if (eq(s, n, ".nan") || eq(s, n, ".NaN") || eq(s, n, ".NAN"))
        return 1;
    size_t i = n && (s[0] == '-' || s[0] == '+');
    if (eq(s + i, n - i, ".inf") || eq(s + i, n - i, ".Inf") || eq(s + i, n - i, ".INF"))
        return 1;
    size_t d = skip_digits(s, i, n);
    int digits = d > i;
    i = d;
    if (i < n && s[i] == '.') {
        d = skip_digits(s, i + 1, n);
        digits |= d > i + 1;
        i = d;
    }
    if (!digits)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            i++;
        d = skip_digits(s, i, n);
        if (d == i)
            return 0;
        i = d;
    }
    return i == n;
}

static int is_null(const char *s, size_t n)
{
    return n == 0 || eq(s, n, "~") || eq(s, n, "null") || eq(s, n, "Null") || eq(s, n, "NULL");
}

/* 1 true, 0 false, -1 not a bool.  yes/no/on/off are YAML 1.1 bools only:
 * they stay strings, and CloudFormation compares them as strings anyway. */
static int bool_value(const char *s, size_t n)
{
    if (eq(s, n, "true") || eq(s, n, "True") || eq(s, n, "TRUE"))
        return 1;
    if (eq(s, n, "false") || eq(s, n, "False") || eq(s, n, "FALSE"))
        return 0;
    return -1;
}

/* Resolution of an untagged plain scalar; dispatch on the first byte so the
 * common case (a word) costs one switch. */
static sg_kind resolve_plain(const char *s, size_t n)
{
    if (n == 0)
        return SG_NULL;
    switch (s[0]) {
    case '~':
    case 'n':
    case 'N':
        return is_null(s, n) ? SG_NULL : SG_STRING;
    case 't':
    case 'T':
    case 'f':
    case 'F':
        return bool_value(s, n) >= 0 ? SG_BOOL : SG_STRING;
    case '.':
    case '-':
    case '+':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        return is_int(s, n) || is_float(s, n) ? SG_NUMBER : SG_STRING;
    default:
        return SG_STRING;
    }
}

static sg_node *make_scalar(yl *p, sg_kind kind, const char *s, size_t n, int quoted,
                            uint32_t line, uint32_t col)
{
    if (kind == SG_NULL) {
        s = "";
        n = 0;
    } else if (kind == SG_BOOL) {
        s = bool_value(s, n) ? "true" : "false";
        n = strlen(s);
    }
    sg_node *node = sg_node_scalar(p->arena, kind, s, n, line, col);
    if (quoted)
        node->flags |= SG_NODE_QUOTED;
    return node;
}

/* A local tag (!Name) is a CloudFormation short-form intrinsic. */
static int is_intrinsic_tag(const char *tag)
{
    return tag && tag[0] == '!' && tag[1];
}

/* Kind of a scalar with a core tag (!!str ...); -1 with err set when the
 * text does not fit the tag, -2 for a tag that does not change resolution. */
static int core_tag_kind(yl *p, const char *tag, const char *s, size_t n, uint32_t line,
                         uint32_t col, sg_error *err)
{
    const char *t = tag + CORE_TAG_LEN;
    int ok;
    sg_kind kind;
    if (strcmp(t, "str") == 0)
        return SG_STRING;
    if (strcmp(t, "int") == 0) {
        ok = is_int(s, n);
        kind = SG_NUMBER;
    } else if (strcmp(t, "float") == 0) {
        ok = is_int(s, n) || is_float(s, n);
        kind = SG_NUMBER;
    } else if (strcmp(t, "bool") == 0) {
        ok = bool_value(s, n) >= 0;
        kind = SG_BOOL;
    } else if (strcmp(t, "null") == 0) {
        ok = is_null(s, n);
        kind = SG_NULL;
    } else {
        return -2; /* !!binary, !!timestamp, ...: not in the core schema */
    }
    if (!ok)
        return sg_fail(err, p->file, line, col, "\"%.*s\" is not a valid !!%s",
                       (int)(n > 64 ? 64 : n), s, t);
    return (int)kind;
}

/* "Ref" and "Condition" keep their name; every other !Name is Fn::Name. */
static sg_node *intrinsic_key(yl *p, const char *tag, uint32_t line, uint32_t col)
{
    const char *name = tag + 1;
    size_t n = strlen(name);
    if (strcmp(name, "Ref") == 0 || strcmp(name, "Condition") == 0)
        return sg_node_scalar(p->arena, SG_STRING, name, n, line, col);
    char small[64];
    char *k = n + 4 < sizeof small ? small : sg_xmalloc(n + 4);
    memcpy(k, "Fn::", 4);
    memcpy(k + 4, name, n);
    sg_node *key = sg_node_scalar(p->arena, SG_STRING, k, n + 4, line, col);
    if (k != small)
        free(k);
    return key;
}

/* Opens the {"Fn::Name": ...} wrapper; the caller adds the value and closes it. */
static int begin_wrapper(yl *p, const char *tag, const yaml_mark_t *m, sg_error *err)
{
    uint32_t line = mline(p, m), col = mcol(p, m);
    if (b_begin(p, 1, line, col, err))
        return -1;
    return b_add(p, intrinsic_key(p, tag, line, col), 1, err);
}

static int on_scalar(yl *p, const yaml_event_t *ev, sg_error *err)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    const char *tag = (const char *)ev->data.scalar.tag;
    const char *anc = (const char *)ev->data.scalar.anchor;
    int quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE &&
                 ev->data.scalar.style != YAML_ANY_SCALAR_STYLE;
    uint32_t line = mline(p, &ev->start_mark), col = mcol(p, &ev->start_mark);
    sg_node *node;

    if (sg_builder_expects_key(cur(p))) {
        /* Keys are strings whatever they look like: `80:` is "80".  A `<<`
         * merge key (YAML 1.1 only, not CloudFormation) stays a literal key. */
        if (is_intrinsic_tag(tag))
            return sg_fail(err, p->file, line, col,
                           "mapping key is an intrinsic function (%s); keys must be strings",
                           tag);
        node = make_scalar(p, SG_STRING, s, n, quoted, line, col);
        if (b_add(p, node, 1, err))
            return -1;
        if (anc)
            anchor_set(p, anc, node, 1, NULL, 0);
        return 0;
    }

    if (is_intrinsic_tag(tag)) {
        /* The value of !Ref X is the string "X" whatever X looks like. */
        uint32_t vline = line, vcol = col;
        if (n || quoted)
            content_pos(p, &ev->start_mark, &vline, &vcol);
        if (anc)
            push_sub(p, anc);
        if (begin_wrapper(p, tag, &ev->start_mark, err) ||
            b_add(p, make_scalar(p, SG_STRING, s, n, quoted, vline, vcol), 1, err) ||
            sg_builder_end(cur(p), err))
            return -1;
        if (anc) {
            size_t w;
            const char *name;
            node = pop_sub(p, &w, &name, 0);
            anchor_set(p, name, node, w, NULL, 0);
            return b_add(p, node, w, err);
        }
        return 0;
    }

    int kind;
    if (!tag)
        kind = quoted ? SG_STRING : (int)resolve_plain(s, n);
    else if (strncmp(tag, CORE_TAG, CORE_TAG_LEN) == 0)
        kind = core_tag_kind(p, tag, s, n, line, col, err);
    else if (strcmp(tag, "!") == 0)
        kind = SG_STRING; /* the non-specific tag: "not resolved", i.e. a string */
    else
        kind = -2; /* another global tag (%TAG): CloudFormation has none; ignore it */
    if (kind == -1)
        return -1;
    if (kind == -2)
        kind = quoted ? SG_STRING : (int)resolve_plain(s, n);
    /* The tag decides, not the quotes: a tagged string is as much "never a
     * number" as a quoted one, and !!int '42' is a number. */
    if (tag)
        quoted = kind == SG_STRING;
    node = make_scalar(p, (sg_kind)kind, s, n, quoted, line, col);
    if (b_add(p, node, 1, err))
        return -1;
    if (anc) {
        int keep_raw = node->kind == SG_NULL || node->kind == SG_BOOL;
        anchor_set(p, anc, node, 1, keep_raw ? sg_arena_strndup(p->arena, s, n) : NULL,
                   keep_raw ? n : 0);
    }
    return 0;
}

/* ---- collections and aliases ------------------------------------------------ */

static int on_start(yl *p, const yaml_event_t *ev, int is_map, sg_error *err)
{
    const char *tag = (const char *)(is_map ? ev->data.mapping_start.tag
                                            : ev->data.sequence_start.tag);
    const char *anc = (const char *)(is_map ? ev->data.mapping_start.anchor
                                            : ev->data.sequence_start.anchor);
    uint32_t line = mline(p, &ev->start_mark), col = mcol(p, &ev->start_mark);
    if (sg_builder_expects_key(cur(p)))
        return sg_fail(err, p->file, line, col, "mapping key is a %s; keys must be strings",
                       is_map ? "mapping" : "sequence");
    /* Other tags on collections (!!map, !!seq, !!omap, ...) change nothing here. */
    int wrapped = is_intrinsic_tag(tag);
    if (anc)
        push_sub(p, anc);
    if (wrapped) {
        if (begin_wrapper(p, tag, &ev->start_mark, err))
            return -1;
        content_pos(p, &ev->start_mark, &line, &col);
    }
    if (b_begin(p, is_map, line, col, err))
        return -1;
    if (p->nopen == p->capopen) {
        p->capopen = p->capopen ? 2 * p->capopen : 64;
        p->open = sg_xrealloc(p->open, p->capopen);
    }
    p->open[p->nopen++] = (uint8_t)((wrapped ? OPEN_WRAPPED : 0) | (anc ? OPEN_ANCHORED : 0));
    return 0;
}

static int on_end(yl *p, sg_error *err)
{
    uint8_t o = p->open[--p->nopen];
    if (sg_builder_end(cur(p), err))
        return -1;
    if ((o & OPEN_WRAPPED) && sg_builder_end(cur(p), err))
        return -1;
    if (o & OPEN_ANCHORED) {
        size_t w;
        const char *name;
        sg_node *node = pop_sub(p, &w, &name, 0);
        anchor_set(p, name, node, w, NULL, 0);
        return b_add(p, node, w, err);
    }
    return 0;
}

static int on_alias(yl *p, const yaml_event_t *ev, sg_error *err)
{
    const char *name = (const char *)ev->data.alias.anchor;
    uint32_t line = mline(p, &ev->start_mark), col = mcol(p, &ev->start_mark);
    const anchor *a = anchor_find(p, name);
    if (!a) {
        for (const sub *s = p->sub; s; s = s->up)
            if (strcmp(s->anchor, name) == 0)
                return sg_fail(err, p->file, line, col,
                               "alias *%s is inside the node it refers to", name);
        return sg_fail(err, p->file, line, col, "unknown alias *%s", name);
    }
    if (sg_builder_expects_key(cur(p))) {
        if (!sg_node_is_scalar(a->node))
            return sg_fail(err, p->file, line, col,
                           "mapping key *%s is not a scalar; keys must be strings", name);
        if (a->node->kind == SG_STRING)
            return b_add(p, a->node, 1, err);
        const char *s = a->raw ? a->raw : a->node->u.str;
        size_t n = a->raw ? a->rawlen : a->node->len;
        return b_add(p, make_scalar(p, SG_STRING, s, n, 0, line, col), 1, err);
    }
    /* The same node again: nothing is copied, the tree becomes a DAG. */
    if (room_for(p, a->weight, line, col, err))
        return -1;
    return b_add(p, a->node, a->weight, err);
}

/* ---- driver ----------------------------------------------------------------- */

#define SYNTAX_ERROR 1 /* libyaml rejected the input: salvageable */

static int on_event(yl *p, const yaml_event_t *ev, sg_error *err)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (p->ndocs++)
            return sg_fail(err, p->file, mline(p, &ev->start_mark), mcol(p, &ev->start_mark),
                           "more than one YAML document");
        return 0;
    case YAML_SCALAR_EVENT:
        return on_scalar(p, ev, err);
    case YAML_SEQUENCE_START_EVENT:
        return on_start(p, ev, 0, err);
    case YAML_MAPPING_START_EVENT:
        return on_start(p, ev, 1, err);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return on_end(p, err);
    case YAML_ALIAS_EVENT:
        return on_alias(p, ev, err);
    default:
        return 0;
    }
}

/* libyaml's error as a positioned sg_error.  Reader errors (bad encoding,
 * control characters such as NUL) carry a byte offset instead of a mark. */
static int syntax_error(yl *p, const yaml_parser_t *ps, sg_error *err)
{
    const char *problem = ps->problem ? ps->problem : "invalid YAML";
    if (ps->error == YAML_MEMORY_ERROR) {
        sg_fail(err, p->file, 0, 0, "out of memory in the YAML parser");
        return SYNTAX_ERROR;
    }
    if (ps->error == YAML_READER_ERROR) {
        char what[160];
        if (ps->problem_value >= 0 && strstr(problem, "character"))
            snprintf(what, sizeof what, "%s (U+%04X)", problem, (unsigned)ps->problem_value);
        else if (ps->problem_value >= 0)
            snprintf(what, sizeof what, "%s (byte 0x%02X)", problem, (unsigned)ps->problem_value);
        else
            snprintf(what, sizeof what, "%s", problem);
        if (p->utf16) {
            sg_fail(err, p->file, 0, 0, "%s at byte %zu", what, ps->problem_offset);
            return SYNTAX_ERROR;
        }
        size_t i = p->bom, line = 0, col = 0, end = ps->problem_offset;
        if (end > p->len)
            end = p->len;
        while (i < end)
            step(p, &i, &line, &col);
        sg_fail(err, p->file, (uint32_t)line + 1 + p->loff, (uint32_t)col + 1 + p->coff, "%s",
                what);
        return SYNTAX_ERROR;
    }
    uint32_t line = mline(p, &ps->problem_mark), col = mcol(p, &ps->problem_mark);
    if (ps->context)
        sg_fail(err, p->file, line, col, "%s (%s started at %u:%u)", problem, ps->context,
                mline(p, &ps->context_mark), mcol(p, &ps->context_mark));
    else
        sg_fail(err, p->file, line, col, "%s", problem);
    return SYNTAX_ERROR;
}

static int run(yl *p, yaml_parser_t *ps, sg_error *err)
{
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(ps, &ev))
            return syntax_error(p, ps, err);
        int rc = on_event(p, &ev, err);
        yaml_event_type_t type = ev.type;
        yaml_event_delete(&ev);
        if (rc)
            return rc;
        if (type == YAML_STREAM_END_EVENT)
            return 0;
    }
}

/* Closes whatever is open, nested builders included, after a syntax error. */
static sg_node *salvage(yl *p)
{
    while (p->sub) {
        size_t w;
        const char *name;
        sg_node *n = pop_sub(p, &w, &name, 1);
        sg_error ignored;
        if (n)
            sg_builder_add(cur(p), n, w, &ignored);
    }
    return sg_builder_salvage(p->top);
}

int sg_parse_yaml(sg_arena *a, const char *buf, size_t len, const sg_parse_opts *opts,
                  sg_node **out, sg_error *err)
{
    static const sg_parse_opts no_opts;
    if (!opts)
        opts = &no_opts;
    *out = NULL;
    yl p;
    memset(&p, 0, sizeof p);
    p.arena = a;
    p.lim = opts->limits ? opts->limits : sg_limits_default();
    p.file = opts->file ? opts->file : "<input>";
    p.loff = opts->line_offset;
    p.coff = opts->col_offset;
    p.buf = (const unsigned char *)(buf ? buf : "");
    p.len = buf ? len : 0;
    if (p.len >= 3 && memcmp(p.buf, "\xEF\xBB\xBF", 3) == 0)
        p.bom = 3;
    if (p.len >= 2 && (memcmp(p.buf, "\xFF\xFE", 2) == 0 || memcmp(p.buf, "\xFE\xFF", 2) == 0))
        p.utf16 = 1;
    p.cur_off = p.bom;
    if (p.len > p.lim->max_input_bytes)
        return sg_fail(err, p.file, 0, 0, "input larger than %zu bytes (limit)",
                       p.lim->max_input_bytes);

    yaml_parser_t ps;
    if (!yaml_parser_initialize(&ps))
        return sg_fail(err, p.file, 0, 0, "out of memory in the YAML parser");
    yaml_parser_set_input_string(&ps, p.buf, p.len);
    p.top = sg_builder_new(a, p.lim, p.file);

    int rc = run(&p, &ps, err);
    int result = -1;
    if (rc == 0) {
        sg_node *root = sg_builder_root(p.top);
        if (!root || root->kind == SG_NULL)
            sg_fail(err, p.file, root ? root->line : 1 + p.loff, root ? root->col : 1 + p.coff,
                    "empty document");
        else {
            *out = root;
            result = 0;
        }
    } else if (rc == SYNTAX_ERROR && opts->salvage) {
        *out = salvage(&p);
        result = *out ? 1 : -1;
    }

    while (p.sub) {
        size_t w;
        const char *name;
        pop_sub(&p, &w, &name, 0);
    }
    sg_builder_free(p.top);
    free(p.open);
    free(p.tab);
    yaml_parser_delete(&ps);
    return result;
}
