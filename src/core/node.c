/* node.c - tree constructors, lookups, equality and the streaming builder. */
#include "stackgap/node.h"

#include <stdlib.h>
#include <string.h>

sg_node *sg_node_scalar(sg_arena *a, sg_kind kind, const char *s, size_t len, uint32_t line,
                        uint32_t col)
{
    sg_node *n = sg_arena_alloc(a, sizeof *n);
    n->kind = (uint8_t)kind;
    n->flags = 0;
    n->line = line;
    n->col = col;
    n->len = (uint32_t)len;
    n->hash = 0;
    n->u.str = sg_arena_strndup(a, s ? s : "", s ? len : 0);
    return n;
}

sg_node *sg_node_seq(sg_arena *a, sg_node *const *items, size_t n, uint32_t line,
                     uint32_t col)
{
    sg_node *s = sg_arena_alloc(a, sizeof *s);
    s->kind = SG_SEQ;
    s->flags = 0;
    s->line = line;
    s->col = col;
    s->len = (uint32_t)n;
    s->hash = 0;
    s->u.items = n ? sg_arena_alloc(a, n * sizeof *items) : NULL;
    if (n)
        memcpy(s->u.items, items, n * sizeof *items);
    return s;
}

sg_node *sg_node_map(sg_arena *a, const sg_pair *pairs, size_t n, uint32_t line, uint32_t col)
{
    sg_node *m = sg_arena_alloc(a, sizeof *m);
    m->kind = SG_MAP;
    m->flags = 0;
    m->line = line;
    m->col = col;
    m->len = (uint32_t)n;
    m->hash = 0;
    m->u.pairs = n ? sg_arena_alloc(a, n * sizeof *pairs) : NULL;
    if (n)
        memcpy(m->u.pairs, pairs, n * sizeof *pairs);
    return m;
}

const sg_pair *sg_map_get_pair(const sg_node *map, const char *key)
{
    if (!map || map->kind != SG_MAP)
        return NULL;
    for (uint32_t i = 0; i < map->len; i++) {
        const sg_node *k = map->u.pairs[i].key;
        if (k->u.str[0] == key[0] && strcmp(k->u.str, key) == 0) /* most keys differ at once */
            return &map->u.pairs[i];
    }
    return NULL;
}

sg_node *sg_map_get(const sg_node *map, const char *key)
{
    const sg_pair *p = sg_map_get_pair(map, key);
    return p ? p->value : NULL;
}

bool sg_node_is_scalar(const sg_node *n)
{
    return n && n->kind != SG_SEQ && n->kind != SG_MAP;
}

bool sg_node_is_str(const sg_node *n, const char *s)
{
    return n && n->kind == SG_STRING && strcmp(n->u.str, s) == 0;
}

const char *sg_node_intrinsic(const sg_node *n)
{
    if (!n || n->kind != SG_MAP || n->len != 1)
        return NULL;
    const char *k = n->u.pairs[0].key->u.str;
    if ((k[0] == 'R' && strcmp(k, "Ref") == 0) || (k[0] == 'C' && strcmp(k, "Condition") == 0) ||
        (k[0] == 'F' && strncmp(k, "Fn::", 4) == 0))
        return k;
    return NULL;
}

bool sg_node_is_novalue(const sg_node *n)
{
    const char *fn = sg_node_intrinsic(n);
    return fn && strcmp(fn, "Ref") == 0 && sg_node_is_str(n->u.pairs[0].value, "AWS::NoValue");
}

bool sg_node_equal(const sg_node *a, const sg_node *b)
{
    if (a == b)
        return true;
    if (!a || !b)
        return false;
    if (a->hash && b->hash && a->hash != b->hash)
        return false;
    if (a->kind != b->kind || a->len != b->len)
        return false;
    switch (a->kind) {
    case SG_SEQ:
        for (uint32_t i = 0; i < a->len; i++)
            if (!sg_node_equal(a->u.items[i], b->u.items[i]))
                return false;
        return true;
    case SG_MAP:
        for (uint32_t i = 0; i < a->len; i++) {
            if (!sg_node_equal(a->u.pairs[i].key, b->u.pairs[i].key) ||
                !sg_node_equal(a->u.pairs[i].value, b->u.pairs[i].value))
                return false;
        }
        return true;
    default:
        return memcmp(a->u.str, b->u.str, a->len) == 0;
    }
}

size_t sg_node_count(const sg_node *n)
{
    if (!n)
        return 0;
    size_t c = 1;
    if (n->kind == SG_SEQ)
        for (uint32_t i = 0; i < n->len; i++)
            c += sg_node_count(n->u.items[i]);
    else if (n->kind == SG_MAP)
        for (uint32_t i = 0; i < n->len; i++)
            c += 1 + sg_node_count(n->u.pairs[i].value);
    return c;
}

/* ---- builder ---------------------------------------------------------------- */

typedef struct frame {
    uint8_t kind;      /* SG_SEQ or SG_MAP */
    uint32_t line, col;
    size_t base;       /* index in the item stack where this container's items start */
} frame;

struct sg_builder {
    sg_arena *arena;
    const sg_limits *limits;
    const char *file;
    frame *frames;
    size_t nframes, capframes;
    sg_node **items; /* children of all open containers, innermost last */
    size_t nitems, capitems;
    sg_node *root;
    size_t nodes;
};

sg_builder *sg_builder_new(sg_arena *a, const sg_limits *limits, const char *file)
{
    sg_builder *b = sg_xmalloc(sizeof *b);
    memset(b, 0, sizeof *b);
    b->arena = a;
    b->limits = limits ? limits : sg_limits_default();
    b->file = file;
    b->capitems = 256; /* never NULL: close_frame offsets into it */
    b->items = sg_xmalloc(b->capitems * sizeof *b->items);
    return b;
}

void sg_builder_free(sg_builder *b)
{
    if (!b)
        return;
    free(b->frames);
    free(b->items);
    free(b);
}

static int begin(sg_builder *b, sg_kind kind, uint32_t line, uint32_t col, sg_error *err)
{
    if (b->root)
        return sg_fail(err, b->file, line, col, "content after the end of the document");
    if (b->nframes >= b->limits->max_depth)
        return sg_fail(err, b->file, line, col, "nesting deeper than %u levels (limit)",
                       b->limits->max_depth);
    if (++b->nodes > b->limits->max_nodes)
        return sg_fail(err, b->file, line, col, "more than %zu nodes (limit)",
                       b->limits->max_nodes);
    if (b->nframes == b->capframes) {
        b->capframes = b->capframes ? b->capframes * 2 : 16;
        b->frames = sg_xrealloc(b->frames, b->capframes * sizeof *b->frames);
    }
    b->frames[b->nframes++] = (frame){(uint8_t)kind, line, col, b->nitems};
    return 0;
}

int sg_builder_begin_seq(sg_builder *b, uint32_t line, uint32_t col, sg_error *err)
{
    return begin(b, SG_SEQ, line, col, err);
}

int sg_builder_begin_map(sg_builder *b, uint32_t line, uint32_t col, sg_error *err)
{
    return begin(b, SG_MAP, line, col, err);
}

static void push_item(sg_builder *b, sg_node *n)
{
    if (b->nitems == b->capitems) {
        b->capitems *= 2;
        b->items = sg_xrealloc(b->items, b->capitems * sizeof *b->items);
    }
    b->items[b->nitems++] = n;
}

static int attach(sg_builder *b, sg_node *n, sg_error *err)
{
    if (b->nframes == 0) {
        if (b->root)
            return sg_fail(err, b->file, n->line, n->col,
                           "content after the end of the document");
        b->root = n;
        return 0;
    }
    frame *f = &b->frames[b->nframes - 1];
    if (f->kind == SG_MAP && (b->nitems - f->base) % 2 == 0 && n->kind != SG_STRING)
        return sg_fail(err, b->file, n->line, n->col, "mapping key is not a string");
    push_item(b, n);
    return 0;
}

int sg_builder_add(sg_builder *b, sg_node *n, size_t weight, sg_error *err)
{
    if (weight > b->limits->max_nodes || b->nodes + weight > b->limits->max_nodes)
        return sg_fail(err, b->file, n->line, n->col,
                       "more than %zu nodes (limit)",
                       b->limits->max_nodes);
    b->nodes += weight;
    if (sg_node_is_scalar(n) && n->len > b->limits->max_string_bytes)
        return sg_fail(err, b->file, n->line, n->col, "scalar longer than %zu bytes (limit)",
                       b->limits->max_string_bytes);
    return attach(b, n, err);
}

static sg_node *close_frame(sg_builder *b)
{
    frame f = b->frames[--b->nframes];
    size_t n = b->nitems - f.base;
    sg_node *node;
    if (f.kind == SG_SEQ) {
        node = sg_node_seq(b->arena, b->items + f.base, n, f.line, f.col);
    } else {
        size_t np = n / 2; /* a dangling key (salvage) is dropped */
        node = sg_node_map(b->arena, NULL, 0, f.line, f.col);
        node->len = (uint32_t)np;
        node->u.pairs = np ? sg_arena_alloc(b->arena, np * sizeof *node->u.pairs) : NULL;
        for (size_t i = 0; i < np; i++)
            node->u.pairs[i] = (sg_pair){b->items[f.base + 2 * i], b->items[f.base + 2 * i + 1]};
    }
    b->nitems = f.base;
    return node;
}

int sg_builder_end(sg_builder *b, sg_error *err)
{
    if (b->nframes == 0)
        return sg_fail(err, b->file, 0, 0, "internal: unbalanced container end");
    frame *f = &b->frames[b->nframes - 1];
    if (f->kind == SG_MAP && (b->nitems - f->base) % 2 != 0)
        return sg_fail(err, b->file, f->line, f->col, "mapping key without a value");
    return attach(b, close_frame(b), err);
}

size_t sg_builder_depth(const sg_builder *b)
{
    return b->nframes;
}

bool sg_builder_expects_key(const sg_builder *b)
{
    if (b->nframes == 0)
        return false;
    const frame *f = &b->frames[b->nframes - 1];
    return f->kind == SG_MAP && (b->nitems - f->base) % 2 == 0;
}

size_t sg_builder_nodes(const sg_builder *b)
{
    return b->nodes;
}

sg_node *sg_builder_root(sg_builder *b)
{
    return b->nframes ? NULL : b->root;
}

sg_node *sg_builder_salvage(sg_builder *b)
{
    while (b->nframes) {
        sg_node *n = close_frame(b);
        if (b->nframes == 0) {
            b->root = n;
        } else {
            push_item(b, n);
        }
    }
    return b->root;
}
