/* rules.c - runs the rule catalog (rules_table.c) on one template, and
 * renders the catalog as Markdown and JSON.
 *
 * Evaluation semantics, shared by every row (docs/rules.md says the same):
 *   - A value that is an intrinsic function (Ref, Fn::GetAtt, Fn::Sub ...)
 *     is unknown at lint time and never fails a value predicate; PRESENT
 *     counts it as set.  The C checks say where they look inside one.
 *   - Fn::If is followed into both branches: a value complies only if
 *     every branch does.  {"Ref": "AWS::NoValue"} is a missing value.
 *   - Resources with a Condition attribute are checked like the others.
 *   - A violation points at the offending value, or, when something is
 *     missing, at its nearest existing container (the resource's logical
 *     ID when that is the resource or its Properties). */
#include "stackgap/rules.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "classify/rules_internal.h"
#include "stackgap/normalize.h"
#include "stackgap/parse.h"
#include "stackgap/render.h"

/* ---- the catalog --------------------------------------------------------------- */

/* sg_rule_defs is grouped by service for reading; the catalog is the same
 * rules sorted by id, built once (the public API hands out sg_rule arrays). */
static sg_rule catalog[SG_RULES_MAX];
static const sg_rule_def *catalog_def[SG_RULES_MAX];
static size_t catalog_len;
static pthread_once_t catalog_once = PTHREAD_ONCE_INIT;

/* Each rule's resource types split once: rule i's alternatives are
 * type_alts[type_first[i] .. type_first[i + 1]) ("*" is kept as an item). */
typedef struct type_alt {
    const char *s;
    size_t len;
} type_alt;
#define TYPE_ALTS_MAX (SG_RULES_MAX * 16)
static type_alt type_alts[TYPE_ALTS_MAX]; /* static: nothing stays allocated */
static size_t type_first[SG_RULES_MAX + 1];
static bool type_alts_full; /* more than TYPE_ALTS_MAX: type_matches() instead */

static int cmp_def_id(const void *x, const void *y)
{
    const sg_rule_def *const *a = x, *const *b = y;
    return strcmp((*a)->info.id, (*b)->info.id);
}

static void build_catalog(void)
{
    const sg_rule_def *order[SG_RULES_MAX];
    size_t n = sg_rule_ndefs < SG_RULES_MAX ? sg_rule_ndefs : SG_RULES_MAX;
    for (size_t i = 0; i < n; i++)
        order[i] = &sg_rule_defs[i];
    qsort(order, n, sizeof order[0], cmp_def_id);
    for (size_t i = 0; i < n; i++) {
        catalog[i] = order[i]->info;
        catalog_def[i] = order[i];
    }
    catalog_len = n;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        type_first[i] = k;
        for (const char *p = catalog[i].resource_types; p && *p;) {
            size_t len = strcspn(p, "|");
            if (k == TYPE_ALTS_MAX) {
                type_alts_full = true;
                return;
            }
            type_alts[k++] = (type_alt){p, len};
            p += len + (p[len] == '|');
        }
    }
    type_first[n] = k;
}

static bool type_matches(const char *types, const char *type);

/* type_matches() for catalog rule i, on a type of known length. */
static bool rule_type_matches(size_t i, const char *type, size_t len)
{
    if (type_alts_full)
        return type_matches(catalog[i].resource_types, type);
    for (size_t k = type_first[i]; k < type_first[i + 1]; k++) {
        const type_alt *t = &type_alts[k];
        if (t->len == 1 && t->s[0] == '*' && type_first[i + 1] - type_first[i] == 1)
            return len > 0;
        if (t->len == len && memcmp(t->s, type, len) == 0)
            return true;
    }
    return false;
}

const sg_rule *sg_rules_catalog(size_t *n)
{
    pthread_once(&catalog_once, build_catalog);
    if (n)
        *n = catalog_len;
    return catalog;
}

const sg_rule *sg_rule_find(const char *id)
{
    size_t n;
    const sg_rule *all = sg_rules_catalog(&n);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(all[mid].id, id);
        if (c == 0)
            return &all[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- small helpers over normalized values -------------------------------------- */

static bool is_str(const sg_node *n)
{
    return n && n->kind == SG_STRING;
}

static bool is_intrinsic(const sg_node *n, const char *fn)
{
    const char *f = sg_node_intrinsic(n);
    return f && strcmp(f, fn) == 0;
}

static const sg_node *intrinsic_arg(const sg_node *n)
{
    return n->u.pairs[0].value;
}

static bool is_novalue(const sg_node *n)
{
    return sg_node_is_novalue(n);
}

static bool is_missing(const sg_node *n)
{
    return !n || n->kind == SG_NULL || is_novalue(n);
}

/* Fn::If [cond, a, b]: its two branches. */
static bool if_branches(const sg_node *n, const sg_node **a, const sg_node **b)
{
    if (!is_intrinsic(n, "Fn::If"))
        return false;
    const sg_node *arg = intrinsic_arg(n);
    if (arg->kind != SG_SEQ || arg->len != 3)
        return false;
    *a = arg->u.items[1];
    *b = arg->u.items[2];
    return true;
}

static bool is_bool(const sg_node *n, const char *word)
{
    return is_str(n) && strcasecmp(n->u.str, word) == 0;
}

static bool is_empty_value(const sg_node *n)
{
    return (n->kind == SG_STRING && n->len == 0) ||
           ((n->kind == SG_SEQ || n->kind == SG_MAP) && n->len == 0);
}

/* Steps through a list written "a|b|c" (or "a;b"): the next item and its
 * length; false at the end. */
static bool next_item(const char **cursor, char sep, const char **item, size_t *len)
{
    const char *p = *cursor;
    if (!p || !*p)
        return false;
    const char *end = strchr(p, sep);
    *item = p;
    *len = end ? (size_t)(end - p) : strlen(p);
    *cursor = end ? end + 1 : NULL;
    return true;
}

/* Does "a|b|c" hold s (mode 0), a prefix of s (1) or a suffix of s (2)? */
static bool in_alternatives(const char *list, const char *s, int mode)
{
    size_t slen = strlen(s), n;
    const char *item;
    for (const char *cur = list; next_item(&cur, '|', &item, &n);)
        if ((mode == 0 && n == slen && memcmp(item, s, n) == 0) ||
            (mode == 1 && n <= slen && memcmp(item, s, n) == 0) ||
            (mode == 2 && n <= slen && memcmp(item, s + slen - n, n) == 0))
            return true;
    return false;
}

/* "a|b|c" as "a, b or c" for messages. */
static const char *alternatives_text(sg_arena *a, const char *list)
{
    sg_strbuf b = SG_STRBUF_INIT;
    size_t n;
    const char *item;
    for (const char *cur = list; next_item(&cur, '|', &item, &n);) {
        if (item != list)
            sg_strbuf_puts(&b, cur ? ", " : " or ");
        sg_strbuf_putn(&b, item, n);
    }
    char *s = sg_arena_strdup(a, b.data ? b.data : "");
    sg_strbuf_free(&b);
    return s;
}

/* The length of the type in one "AWS::EC2::FlowLog:Properties.ResourceId"
 * relation: up to the first colon that is not part of a "::". */
static size_t relation_type_len(const char *spec, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (spec[i] != ':')
            continue;
        if (i + 1 < n && spec[i + 1] == ':')
            i++;
        else
            return i;
    }
    return n;
}

/* An integer scalar, or false. */
static bool as_long(const sg_node *n, long *out)
{
    if (!is_str(n) || n->len == 0)
        return false;
    char *end;
    long v = strtol(n->u.str, &end, 10);
    if (*end)
        return false;
    *out = v;
    return true;
}

/* A value as one short line for messages: "AES128", !Ref X, [..]. */
static const char *value_text(sg_arena *a, const sg_node *n)
{
    sg_strbuf b = SG_STRBUF_INIT;
    sg_emit_inline(&b, n, 48);
    char *s = sg_arena_strdup(a, b.data ? b.data : "");
    sg_strbuf_free(&b);
    return s;
}

static bool type_matches(const char *types, const char *type)
{
    if (strcmp(types, "*") == 0)
        return type[0] != '\0';
    return in_alternatives(types, type, 0);
}

bool sg_rule_applies(const sg_rule *r, const sg_template *t)
{
    if (!r->resource_types[0])
        return true;
    for (size_t k = 0; k < t->nresources; k++)
        if (type_matches(r->resource_types, t->resources[k].type))
            return true;
    return false;
}

/* Text of a Fn::Sub (its template string), or NULL. */
static const char *sub_text(const sg_node *n)
{
    if (!is_intrinsic(n, "Fn::Sub"))
        return NULL;
    const sg_node *arg = intrinsic_arg(n);
    if (arg->kind == SG_SEQ && arg->len >= 1)
        arg = arg->u.items[0];
    return is_str(arg) ? arg->u.str : NULL;
}

/* Calls fn for every ${Name} / ${Name.Attr} variable of a Fn::Sub text
 * (Name without the attribute); ${!x} is literal text. */
static bool sub_vars(const char *s, bool (*fn)(const char *name, size_t n, void *data),
                     void *data)
{
    for (const char *p = strstr(s, "${"); p; p = strstr(p + 2, "${")) {
        if (p[2] == '!')
            continue;
        const char *end = strchr(p, '}');
        if (!end)
            break;
        const char *name = p + 2;
        size_t n = (size_t)(end - name);
        const char *dot = memchr(name, '.', n);
        if (dot)
            n = (size_t)(dot - name);
        if (fn(name, n, data))
            return true;
    }
    return false;
}

/* ---- references between resources --------------------------------------------- */

typedef struct ref_scan {
    const sg_template *t;
    const char *id;      /* the resource looked for */
    bool to_id;          /* refers to it */
    bool to_resource;    /* refers to some resource of the template */
    bool unresolved;     /* holds an intrinsic that names no resource (parameter, import) */
} ref_scan;

static void note_name(ref_scan *s, const char *name, size_t n)
{
    char buf[256];
    if (n >= sizeof buf)
        return;
    memcpy(buf, name, n);
    buf[n] = '\0';
    if (s->id && strcmp(buf, s->id) == 0)
        s->to_id = true;
    if (sg_template_resource(s->t, buf))
        s->to_resource = true;
    else
        s->unresolved = true;
}

static bool note_sub_var(const char *name, size_t n, void *data)
{
    note_name(data, name, n);
    return false;
}

static void scan_refs(ref_scan *s, const sg_node *n)
{
    if (!n)
        return;
    const char *fn = sg_node_intrinsic(n);
    if (fn) {
        const sg_node *arg = intrinsic_arg(n);
        if (strcmp(fn, "Ref") == 0 && is_str(arg)) {
            note_name(s, arg->u.str, arg->len);
            return;
        }
        if (strcmp(fn, "Fn::GetAtt") == 0 && arg->kind == SG_SEQ && arg->len >= 1 &&
            is_str(arg->u.items[0])) {
            note_name(s, arg->u.items[0]->u.str, arg->u.items[0]->len);
            return;
        }
        if (strcmp(fn, "Fn::Sub") == 0) {
            const char *text = sub_text(n);
            if (text)
                sub_vars(text, note_sub_var, s);
            if (arg->kind == SG_SEQ && arg->len == 2)
                scan_refs(s, arg->u.items[1]);
            return;
        }
        if (strcmp(fn, "Fn::ImportValue") == 0 || strcmp(fn, "Fn::FindInMap") == 0)
            s->unresolved = true;
    }
    if (n->kind == SG_SEQ)
        for (uint32_t i = 0; i < n->len; i++)
            scan_refs(s, n->u.items[i]);
    else if (n->kind == SG_MAP)
        for (uint32_t i = 0; i < n->len; i++)
            scan_refs(s, n->u.pairs[i].value);
}

/* The resource a value names with Ref, Fn::GetAtt or a one-variable Fn::Sub. */
static const sg_resource *referenced_resource(const sg_template *t, const sg_node *n)
{
    const char *fn = sg_node_intrinsic(n);
    if (!fn)
        return NULL;
    const sg_node *arg = intrinsic_arg(n);
    if (strcmp(fn, "Ref") == 0 && is_str(arg))
        return sg_template_resource(t, arg->u.str);
    if (strcmp(fn, "Fn::GetAtt") == 0 && arg->kind == SG_SEQ && arg->len >= 1 &&
        is_str(arg->u.items[0]))
        return sg_template_resource(t, arg->u.items[0]->u.str);
    const char *text = sub_text(n);
    if (text && strncmp(text, "${", 2) == 0) {
        char buf[256];
        size_t len = strcspn(text + 2, ".}");
        if (len < sizeof buf && text[2 + len]) {
            memcpy(buf, text + 2, len);
            buf[len] = '\0';
            return sg_template_resource(t, buf);
        }
    }
    return NULL;
}

/* ---- violations ------------------------------------------------------------------ */

/* A verdict: UNKNOWN (an intrinsic we cannot resolve) never reports. */
typedef enum outcome { OUT_PASS, OUT_FAIL, OUT_UNKNOWN } outcome;

typedef struct ctx {
    sg_arena *a;
    const sg_template *t;
    sg_violations *out;
    const sg_rule_def *def;
    const sg_rule *rule;
    const sg_resource *res; /* NULL for template-level rows */
} ctx;

static void report(const ctx *c, const char *resource_id, const char *path, const sg_node *node,
                   const char *detail)
{
    sg_violations *v = c->out;
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 32;
        v->v = sg_xrealloc(v->v, v->cap * sizeof *v->v);
    }
    if (!node)
        node = c->res ? c->res->key : c->t->root;
    v->v[v->n++] = (sg_violation){c->rule, resource_id, path, node,
                                  c->def->detail ? c->def->detail : detail};
}

static void report_here(const ctx *c, const char *path, const sg_node *node, const char *detail)
{
    report(c, c->res ? c->res->id : NULL, path, node, detail);
}

void sg_violations_free(sg_violations *v)
{
    free(v->v);
    v->v = NULL;
    v->n = v->cap = 0;
}

/* ---- paths ---------------------------------------------------------------------- */

#define PATH_DEPTH 256

/* Where a walk is: the path segments from the start node, and the node that
 * stands for each position (a key node, or a list item). */
typedef struct pathstack {
    sg_path_seg seg[PATH_DEPTH];
    const sg_node *pos[PATH_DEPTH + 1]; /* pos[0]: the start's position */
    uint32_t depth;
} pathstack;

static bool push_key(pathstack *ps, const char *key, const sg_node *pos)
{
    if (ps->depth >= PATH_DEPTH)
        return false;
    ps->seg[ps->depth] = (sg_path_seg){key, 0, NULL, NULL};
    ps->pos[++ps->depth] = pos;
    return true;
}

static bool push_index(pathstack *ps, uint32_t i, const sg_node *pos)
{
    if (ps->depth >= PATH_DEPTH)
        return false;
    ps->seg[ps->depth] = (sg_path_seg){NULL, i, NULL, NULL};
    ps->pos[++ps->depth] = pos;
    return true;
}

static bool push_id(pathstack *ps, const char *k, const char *v, const sg_node *pos)
{
    if (ps->depth >= PATH_DEPTH)
        return false;
    ps->seg[ps->depth] = (sg_path_seg){NULL, 0, k, v};
    ps->pos[++ps->depth] = pos;
    return true;
}

static void pop(pathstack *ps)
{
    ps->depth--;
}

static const char *path_text(sg_arena *a, const pathstack *ps, uint32_t from, uint32_t to)
{
    if (to <= from)
        return NULL;
    sg_strbuf b = SG_STRBUF_INIT;
    sg_emit_path(&b, ps->seg + from, to - from);
    char *s = sg_arena_strdup(a, b.data ? b.data : "");
    sg_strbuf_free(&b);
    return s;
}

/* The last step's name for messages: "SSEAlgorithm", "ManagedPolicyArns[0]". */
static const char *last_name(sg_arena *a, const pathstack *ps)
{
    if (ps->depth == 0)
        return "the value";
    const sg_path_seg *s = &ps->seg[ps->depth - 1];
    if (s->key)
        return s->key;
    uint32_t from = ps->depth >= 2 ? ps->depth - 2 : 0;
    return path_text(a, ps, from, ps->depth);
}

/* ---- the path walker -------------------------------------------------------------- */

typedef enum reach {
    REACH_VALUE,         /* a value at the end of the path */
    REACH_UNKNOWN,       /* an intrinsic where the path needs a container */
    REACH_MISSING_LEAF,  /* the last step is missing */
    REACH_MISSING_INNER, /* a container before it is */
} reach;

typedef struct walk walk;
struct walk {
    const ctx *c;
    pathstack ps;
    const sg_node *anchor; /* REACH_MISSING_*: where to point */
    bool empty;            /* REACH_MISSING_*: an empty list, not a missing key */
    void (*on)(walk *w, reach how, const sg_node *v);
    const sg_test *test; /* on_check: the row's test */
    void *data;          /* the other callbacks' state */
};

/* Starts a walk.  The path stack's arrays are left uninitialized: they are
 * large and written before they are read; zeroing them for every rule and
 * resource was the checker's biggest cost. */
static void walk_init(walk *w, const ctx *c, void (*on)(walk *, reach, const sg_node *),
                      const sg_test *test, void *data)
{
    w->c = c;
    w->ps.depth = 0;
    w->anchor = NULL;
    w->empty = false;
    w->on = on;
    w->test = test;
    w->data = data;
}

/* The nearest existing position for something missing at the current depth:
 * the parent container, or the resource key directly under Properties. */
static const sg_node *missing_anchor(const walk *w, bool key_exists)
{
    uint32_t d = w->ps.depth;
    if (key_exists && d >= 2 && w->ps.pos[d])
        return w->ps.pos[d];
    if (d <= 2)
        return w->ps.pos[0];
    return w->ps.pos[d - 1];
}

static void walk_at(walk *w, const sg_node *n, const char *p);

static void walk_missing(walk *w, const char *rest, const sg_node *anchor, bool empty)
{
    w->anchor = anchor;
    w->empty = empty;
    w->on(w, *rest ? REACH_MISSING_INNER : REACH_MISSING_LEAF, NULL);
    w->empty = false;
}

static void walk_alternatives(walk *w, const sg_node *n, const char *p)
{
    int depth = 0;
    const char *close = p;
    for (; *close; close++) {
        if (*close == '{')
            depth++;
        else if (*close == '}' && --depth == 0)
            break;
    }
    const char *rest = *close ? close + 1 : close;
    const char *alt = p + 1;
    depth = 0;
    for (const char *q = alt; q <= close; q++) {
        if (*q == '{')
            depth++;
        else if (*q == '}' && depth > 0 && q != close)
            depth--;
        if ((*q == ',' && depth == 0) || q == close) {
            sg_strbuf b = SG_STRBUF_INIT;
            sg_strbuf_putn(&b, alt, (size_t)(q - alt));
            sg_strbuf_puts(&b, rest);
            walk_at(w, n, b.data);
            sg_strbuf_free(&b);
            alt = q + 1;
        }
    }
}

static void walk_list(walk *w, const sg_node *n, const char *p)
{
    const char *close = strchr(p, ']');
    if (!close)
        return;
    const char *rest = close + 1;
    if (n->kind != SG_SEQ) {
        w->on(w, REACH_UNKNOWN, n);
        return;
    }
    if (close == p + 1) {
        if (n->len == 0)
            walk_missing(w, rest, w->ps.depth <= 1 ? w->ps.pos[0] : w->ps.pos[w->ps.depth],
                         true);
        for (uint32_t i = 0; i < n->len; i++) {
            if (!push_index(&w->ps, i, n->u.items[i]))
                return;
            walk_at(w, n->u.items[i], rest);
            pop(&w->ps);
        }
        return;
    }
    /* [Key=value]: the elements whose Key is value */
    char key[128], value[256];
    const char *eq = memchr(p, '=', (size_t)(close - p));
    if (!eq || (size_t)(eq - p - 1) >= sizeof key || (size_t)(close - eq - 1) >= sizeof value)
        return;
    memcpy(key, p + 1, (size_t)(eq - p - 1));
    key[eq - p - 1] = '\0';
    memcpy(value, eq + 1, (size_t)(close - eq - 1));
    value[close - eq - 1] = '\0';
    bool found = false;
    for (uint32_t i = 0; i < n->len; i++) {
        const sg_node *item = n->u.items[i];
        if (!sg_node_is_str(sg_map_get(item, key), value))
            continue;
        found = true;
        if (!push_id(&w->ps, key, value, item))
            return;
        walk_at(w, item, rest);
        pop(&w->ps);
    }
    if (!found && push_id(&w->ps, key, value, NULL)) {
        walk_missing(w, rest, missing_anchor(w, false), false);
        pop(&w->ps);
    }
}

static void walk_at(walk *w, const sg_node *n, const char *p)
{
    const sg_node *a, *b;
    if (n && if_branches(n, &a, &b)) {
        walk_at(w, a, p);
        walk_at(w, b, p);
        return;
    }
    if (is_missing(n)) {
        walk_missing(w, p, missing_anchor(w, n != NULL), false);
        return;
    }
    if (*p == '.')
        p++;
    if (!*p) {
        w->on(w, REACH_VALUE, n);
        return;
    }
    if (sg_node_intrinsic(n)) {
        w->on(w, REACH_UNKNOWN, n);
        return;
    }
    if (*p == '{') {
        walk_alternatives(w, n, p);
        return;
    }
    if (*p == '[') {
        walk_list(w, n, p);
        return;
    }
    size_t len = strcspn(p, ".[{");
    const char *rest = p + len;
    if (n->kind != SG_MAP) {
        w->on(w, REACH_UNKNOWN, n);
        return;
    }
    if (len == 1 && *p == '*') {
        for (uint32_t i = 0; i < n->len; i++) {
            const sg_pair *pair = &n->u.pairs[i];
            if (!push_key(&w->ps, pair->key->u.str, pair->key))
                return;
            walk_at(w, pair->value, rest);
            pop(&w->ps);
        }
        return;
    }
    char name[128];
    if (len >= sizeof name)
        return;
    memcpy(name, p, len);
    name[len] = '\0';
    const sg_pair *pair = sg_map_get_pair(n, name);
    if (!push_key(&w->ps, name, pair ? pair->key : NULL))
        return;
    walk_at(w, pair ? pair->value : NULL, rest);
    pop(&w->ps);
}

/* Starts a walk at `start` (a resource body or the template root) whose
 * position is `pos`. */
static void walk_path(walk *w, const sg_node *start, const sg_node *pos, const char *path)
{
    w->ps.depth = 0;
    w->ps.pos[0] = pos;
    walk_at(w, start, path);
}

/* ---- collecting what a path reaches ---------------------------------------------- */

/* A value a path reaches (holes are not collected). */
typedef struct found {
    const sg_node *node;
    const char *path; /* from the start, e.g. Properties.Policies[0].PolicyDocument */
    bool unknown;     /* an intrinsic stood where a container was needed */
} found;

typedef struct found_list {
    found *v; /* malloc'd: the caller frees it */
    size_t n, cap;
} found_list;

static void on_collect(walk *w, reach how, const sg_node *v)
{
    found_list *l = w->data;
    if (how == REACH_MISSING_LEAF || how == REACH_MISSING_INNER)
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = sg_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (found){v, path_text(w->c->a, &w->ps, 0, w->ps.depth), how == REACH_UNKNOWN};
}

static found_list collect(const ctx *c, const sg_node *start, const sg_node *pos,
                          const char *path)
{
    found_list l = {NULL, 0, 0};
    walk w;
    walk_init(&w, c, on_collect, NULL, &l);
    if (!path[0]) {
        on_collect(&w, REACH_VALUE, start);
        return l;
    }
    walk_path(&w, start, pos, path);
    return l;
}

/* ---- relations ------------------------------------------------------------------- */

/* Is resource `id` referred to from one of "Type:path;Type:path"?  PASS yes,
 * FAIL no, UNKNOWN when some candidate points somewhere we cannot resolve. */

/* Relation checks look at every resource for every resource checked, so
 * they are quadratic; CloudFormation deploys at most 500 resources, and a
 * larger template (a hostile one, or a generated benchmark) gets "unknown"
 * from them rather than minutes of work (docs/limits.md). */
#define RELATION_MAX_RESOURCES 500

static outcome referenced_by(const ctx *c, const char *id, const char *specs)
{
    if (c->t->nresources > RELATION_MAX_RESOURCES)
        return OUT_UNKNOWN;
    outcome result = OUT_FAIL;
    size_t n;
    const char *spec;
    for (const char *cur = specs; next_item(&cur, ';', &spec, &n);) {
        size_t tlen = relation_type_len(spec, n);
        char path[256];
        if (tlen == n || n - tlen - 1 >= sizeof path)
            continue;
        memcpy(path, spec + tlen + 1, n - tlen - 1);
        path[n - tlen - 1] = '\0';
        for (size_t i = 0; i < c->t->nresources; i++) {
            const sg_resource *r = &c->t->resources[i];
            if (strlen(r->type) != tlen || strncmp(r->type, spec, tlen) != 0)
                continue;
            found_list l = collect(c, r->body, r->key, path);
            for (size_t k = 0; k < l.n; k++) {
                ref_scan s = {c->t, id, false, false, false};
                scan_refs(&s, l.v[k].node);
                if (s.to_id)
                    result = OUT_PASS;
                else if (result != OUT_PASS &&
                         ((s.unresolved && !s.to_resource) || l.v[k].unknown))
                    result = OUT_UNKNOWN;
            }
            free(l.v);
        }
    }
    return result;
}

/* "AWS::EC2::FlowLog" from "AWS::EC2::FlowLog:Properties.ResourceId;...", for messages. */
static const char *relation_types(sg_arena *a, const char *specs)
{
    sg_strbuf b = SG_STRBUF_INIT;
    size_t n;
    const char *spec;
    for (const char *cur = specs; next_item(&cur, ';', &spec, &n);) {
        if (b.len)
            sg_strbuf_puts(&b, cur ? ", " : " or ");
        sg_strbuf_putn(&b, spec, relation_type_len(spec, n));
    }
    char *s = sg_arena_strdup(a, b.data ? b.data : "");
    sg_strbuf_free(&b);
    return s;
}

/* ---- secrets --------------------------------------------------------------------- */

/* Does a key (property, variable or parameter name) name a secret?  Compared
 * lower-case without separators, by suffix: DB_PASSWORD, MasterUserPassword,
 * ApiKey, GitHubToken, ClientSecret. */
bool sg_names_secret(const char *key)
{
    typedef struct word {
        const char *s;
        size_t n;
    } word;
#define W(lit) {lit, sizeof lit - 1} /* lengths known: this runs for every key */
    static const word suffixes[] = {
        W("password"), W("passwd"), W("passphrase"), W("secret"), W("secretkey"),
        W("secretaccesskey"), W("secretstring"), W("token"), W("apikey"), W("privatekey"),
        W("credentials"), W("accesskeyid"), W("authdata"),
    };
    /* Names that end like a secret but hold something else: a custom
     * resource's Lambda ARN, idempotency tokens. */
    static const word not_secrets[] = {
        W("servicetoken"), W("clientrequesttoken"), W("idempotencytoken"), W("clienttoken"),
    };
#undef W
    char norm[128];
    size_t n = 0;
    for (const char *p = key; *p && n + 1 < sizeof norm; p++)
        if (isalnum((unsigned char)*p))
            norm[n++] = (char)tolower((unsigned char)*p);
    norm[n] = '\0';
    for (size_t i = 0; i < sizeof not_secrets / sizeof not_secrets[0]; i++)
        if (n == not_secrets[i].n && memcmp(norm, not_secrets[i].s, n) == 0)
            return false;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t k = suffixes[i].n;
        if (n >= k && memcmp(norm + n - k, suffixes[i].s, k) == 0)
            return true;
    }
    return false;
}

static const sg_node *parameter(const sg_template *t, const char *name)
{
    return sg_map_get(t->section[SG_SEC_PARAMETERS], name);
}

/* A parameter resolved by CloudFormation from SSM holds a name, not a secret. */
static bool is_ssm_parameter(const sg_node *param)
{
    const sg_node *type = sg_map_get(param, "Type");
    return is_str(type) && strncmp(type->u.str, "AWS::SSM::Parameter::Value", 26) == 0;
}

/* Could the parameter carry a secret?  Its name says so, and it is free
 * text: a list of AllowedValues, a number or an AWS-typed value is not. */
static bool secret_parameter(const char *name, const sg_node *param)
{
    const sg_node *type = sg_map_get(param, "Type");
    if (!sg_names_secret(name) || sg_map_get(param, "AllowedValues"))
        return false;
    return !is_str(type) || (strcmp(type->u.str, "Number") != 0 &&
                             strncmp(type->u.str, "AWS::", 5) != 0 &&
                             strncmp(type->u.str, "List<", 5) != 0);
}

/* A Default that could hold a secret ("" cannot). */
static bool has_default(const sg_node *param)
{
    const sg_node *d = sg_map_get(param, "Default");
    return !is_missing(d) && !is_empty_value(d);
}

/* Why a parameter holding a secret is unsafe, or NULL when it is fine. */
static const char *unsafe_parameter(sg_arena *a, const sg_template *t, const char *name)
{
    const sg_node *param = parameter(t, name);
    if (!param || is_ssm_parameter(param))
        return NULL;
    if (has_default(param))
        return sg_arena_printf(a, "takes parameter %s, which has a Default value", name);
    if (!is_bool(sg_map_get(param, "NoEcho"), "true"))
        return sg_arena_printf(a, "takes parameter %s, which is not NoEcho", name);
    return NULL;
}

typedef struct sub_param_scan {
    sg_arena *a;
    const sg_template *t;
    bool whole;      /* the Fn::Sub is one variable: "${DbPassword}" */
    const char *why;
} sub_param_scan;

/* In a Fn::Sub that builds a secret ('{"username": "${User}", "password":
 * "${Pass}"}') only the parameters whose names name a secret carry it. */
static bool sub_unsafe_param(const char *name, size_t n, void *data)
{
    sub_param_scan *s = data;
    char buf[256];
    if (n >= sizeof buf)
        return false;
    memcpy(buf, name, n);
    buf[n] = '\0';
    if (!s->whole && !sg_names_secret(buf))
        return false;
    s->why = unsafe_parameter(s->a, s->t, buf);
    return s->why != NULL;
}

static bool is_secure_dynamic_reference(const char *s)
{
    return strstr(s, "{{resolve:secretsmanager:") || strstr(s, "{{resolve:ssm-secure:");
}

/* Where a secret value comes from: PASS for a secure dynamic reference, a
 * NoEcho parameter without Default or another resource's attribute. */
static outcome secret_source(const ctx *c, const sg_node *v, const char **detail)
{
    const char *fn = sg_node_intrinsic(v);
    if (!fn) {
        if (!is_str(v) || v->len == 0)
            return OUT_PASS;
        if (is_secure_dynamic_reference(v->u.str))
            return OUT_PASS;
        if (strstr(v->u.str, "{{resolve:ssm:")) {
            *detail = "is read from a plain-text SSM parameter ({{resolve:ssm:...}})";
            return OUT_FAIL;
        }
        *detail = "is a literal value written in the template";
        return OUT_FAIL;
    }
    const sg_node *arg = intrinsic_arg(v);
    if (strcmp(fn, "Ref") == 0 && is_str(arg)) {
        const char *why = unsafe_parameter(c->a, c->t, arg->u.str);
        if (why) {
            *detail = why;
            return OUT_FAIL;
        }
        return OUT_PASS;
    }
    if (strcmp(fn, "Fn::Sub") == 0) {
        const char *text = sub_text(v);
        if (!text || is_secure_dynamic_reference(text))
            return OUT_PASS;
        size_t len = strlen(text);
        bool whole = strncmp(text, "${", 2) == 0 && text[len - 1] == '}' &&
                     strchr(text + 2, '}') == text + len - 1;
        sub_param_scan s = {c->a, c->t, whole, NULL};
        if (sub_vars(text, sub_unsafe_param, &s)) {
            *detail = s.why;
            return OUT_FAIL;
        }
        return OUT_UNKNOWN;
    }
    if (strcmp(fn, "Fn::FindInMap") == 0) {
        *detail = "comes from Mappings, i.e. a literal in the template";
        return OUT_FAIL;
    }
    return OUT_UNKNOWN;
}

/* A map entry that may hold a secret: only keys that name one are judged. */
static outcome no_secret(const ctx *c, const sg_node *v, const char *key, const char **detail)
{
    if (!key || !sg_names_secret(key))
        return OUT_PASS;
    /* a flag (GenerateSecret: true), a unit (TokenValidityUnits.AccessToken:
     * hours), a pointer to the secret (an ARN) or a structure (MasterUserSecret) */
    if (is_str(v) && (is_bool(v, "true") || is_bool(v, "false") ||
                      in_alternatives("seconds|minutes|hours|days", v->u.str, 0) ||
                      strncmp(v->u.str, "arn:", 4) == 0))
        return OUT_PASS;
    if ((v->kind == SG_SEQ || v->kind == SG_MAP) && !sg_node_intrinsic(v))
        return OUT_PASS;
    const char *why = NULL;
    outcome o = secret_source(c, v, &why);
    if (o == OUT_FAIL)
        *detail = sg_arena_printf(c->a, "%s %s", key, why);
    return o;
}

/* Credential-looking assignments in a UserData script: password=..., a
 * literal right after a name that ends in a secret word. */
static bool userdata_assigns_secret(const char *s, const char **name_out, size_t *name_len)
{
    for (const char *p = s; *p;) {
        if (!(isalnum((unsigned char)*p) || *p == '_')) {
            p++;
            continue;
        }
        const char *start = p;
        while (isalnum((unsigned char)*p) || *p == '_' || *p == '-' || *p == '.')
            p++;
        char name[128];
        size_t n = (size_t)(p - start);
        if (n >= sizeof name)
            continue;
        memcpy(name, start, n);
        name[n] = '\0';
        /* tokens in scripts are mostly IMDSv2 session tokens: not judged */
        if (!sg_names_secret(name) || (n >= 5 && strcasecmp(name + n - 5, "token") == 0))
            continue;
        const char *q = p;
        if (*q == '"' || *q == '\'')
            q++;
        while (*q == ' ')
            q++;
        if (*q != '=' && *q != ':')
            continue;
        q++;
        while (*q == ' ')
            q++;
        bool quoted = *q == '"' || *q == '\'';
        if (quoted)
            q++;
        /* Unquoted values count only after a shell-style NAME=: in program
         * code (password=secret['password']) they are expressions. */
        bool shell_name = true;
        for (size_t i = 0; i < n; i++)
            if (islower((unsigned char)start[i]))
                shell_name = false;
        size_t lit = 0;
        while (q[lit] && !isspace((unsigned char)q[lit]) && q[lit] != '"' && q[lit] != '\'')
            lit++;
        if ((quoted || shell_name) && lit >= 4 && !memchr(q, '$', lit) &&
            (isalnum((unsigned char)*q) || strchr("!@#%^&*+/", *q))) {
            *name_out = start;
            *name_len = n;
            return true;
        }
    }
    return false;
}

/* The literal text of a UserData value: Fn::Base64 of a string, Fn::Sub or
 * Fn::Join (intrinsic parts become "${}"). */
static void userdata_text(sg_strbuf *b, const sg_node *v)
{
    const char *fn = sg_node_intrinsic(v);
    if (!fn) {
        if (is_str(v))
            sg_strbuf_putn(b, v->u.str, v->len);
        return;
    }
    const sg_node *arg = intrinsic_arg(v);
    if (strcmp(fn, "Fn::Base64") == 0) {
        userdata_text(b, arg);
    } else if (strcmp(fn, "Fn::Sub") == 0) {
        const char *text = sub_text(v);
        if (text)
            sg_strbuf_puts(b, text);
    } else if (strcmp(fn, "Fn::Join") == 0 && arg->kind == SG_SEQ && arg->len == 2 &&
               is_str(arg->u.items[0]) && arg->u.items[1]->kind == SG_SEQ) {
        const sg_node *parts = arg->u.items[1];
        for (uint32_t i = 0; i < parts->len; i++) {
            if (i)
                sg_strbuf_puts(b, arg->u.items[0]->u.str);
            if (is_str(parts->u.items[i]))
                userdata_text(b, parts->u.items[i]);
            else
                sg_strbuf_puts(b, "${}");
        }
    } else {
        sg_strbuf_puts(b, "${}");
    }
}

/* The NoEcho parameter a value shows (Ref, or ${Name} in Fn::Sub, at any
 * depth), or NULL; *len is the length of its name. */
typedef struct noecho_scan {
    const sg_template *t;
    const char *name;
} noecho_scan;

static bool is_noecho(const sg_template *t, const char *name)
{
    return is_bool(sg_map_get(parameter(t, name), "NoEcho"), "true");
}

static bool sub_noecho(const char *name, size_t n, void *data)
{
    noecho_scan *s = data;
    char buf[256];
    if (n >= sizeof buf)
        return false;
    memcpy(buf, name, n);
    buf[n] = '\0';
    if (!is_noecho(s->t, buf))
        return false;
    s->name = name;
    return true;
}

static const char *echoed_noecho(const sg_template *t, const sg_node *n, size_t *len)
{
    if (!n)
        return NULL;
    const char *fn = sg_node_intrinsic(n);
    if (fn && strcmp(fn, "Ref") == 0 && is_str(intrinsic_arg(n))) {
        const char *name = intrinsic_arg(n)->u.str;
        *len = strlen(name);
        return is_noecho(t, name) ? name : NULL;
    }
    if (fn && strcmp(fn, "Fn::Sub") == 0) {
        const char *text = sub_text(n);
        noecho_scan s = {t, NULL};
        if (text && sub_vars(text, sub_noecho, &s)) {
            *len = strcspn(s.name, ".}");
            return s.name;
        }
    }
    if (n->kind == SG_SEQ || n->kind == SG_MAP) {
        for (uint32_t i = 0; i < n->len; i++) {
            const sg_node *child = n->kind == SG_SEQ ? n->u.items[i] : n->u.pairs[i].value;
            const char *hit = echoed_noecho(t, child, len);
            if (hit)
                return hit;
        }
    }
    return NULL;
}

/* ---- value predicates ---------------------------------------------------------- */

static outcome check_fn_value(const ctx *c, const sg_test *t, const sg_node *v, const char *key,
                              const char **detail)
{
    switch (t->pred) {
    case SG_PRED_SECRET_SOURCE: {
        const char *why = NULL;
        outcome o = secret_source(c, v, &why);
        if (o == OUT_FAIL)
            *detail = sg_arena_printf(c->a, "%s %s", key ? key : "the value", why);
        return o;
    }
    case SG_PRED_NO_SECRET:
        return no_secret(c, v, key, detail);
    case SG_PRED_NO_SECRET_PAIR: {
        const sg_node *name = sg_map_get(v, "Name");
        const sg_node *value = sg_map_get(v, "Value");
        if (!is_str(name) || is_missing(value))
            return OUT_PASS;
        return no_secret(c, value, name->u.str, detail);
    }
    case SG_PRED_PARAM_NOECHO:
        if (!key || !secret_parameter(key, v))
            return OUT_PASS;
        if (is_bool(sg_map_get(v, "NoEcho"), "true"))
            return OUT_PASS;
        *detail = sg_arena_printf(c->a, "parameter %s names a secret but is not NoEcho", key);
        return OUT_FAIL;
    case SG_PRED_PARAM_NO_DEFAULT:
        /* NoEcho alone is no evidence: templates hide user names with it too */
        if (!key || !secret_parameter(key, v) || !has_default(v))
            return OUT_PASS;
        *detail = sg_arena_printf(c->a, "secret parameter %s has a Default value", key);
        return OUT_FAIL;
    case SG_PRED_NOT_NOECHO_REF: {
        size_t len = 0;
        const char *name = echoed_noecho(c->t, v, &len);
        if (!name)
            return OUT_PASS;
        *detail = sg_arena_printf(c->a, "output %s echoes NoEcho parameter %.*s",
                                  key ? key : "value", (int)len, name);
        return OUT_FAIL;
    }
    case SG_PRED_S3_ORIGIN_LOCKED: {
        const sg_node *s3 = sg_map_get(v, "S3OriginConfig");
        if (is_missing(s3) || sg_node_intrinsic(v))
            return OUT_PASS;
        const sg_node *oai = sg_map_get(s3, "OriginAccessIdentity");
        const sg_node *oac = sg_map_get(v, "OriginAccessControlId");
        if ((!is_missing(oai) && !is_empty_value(oai)) ||
            (!is_missing(oac) && !is_empty_value(oac)))
            return OUT_PASS;
        const sg_node *id = sg_map_get(v, "Id");
        *detail = sg_arena_printf(c->a,
                                  "S3 origin %s has neither an origin access identity nor an "
                                  "origin access control",
                                  is_str(id) ? id->u.str : "");
        return OUT_FAIL;
    }
    case SG_PRED_USERDATA_CLEAN: {
        sg_strbuf b = SG_STRBUF_INIT;
        userdata_text(&b, v);
        const char *name = NULL;
        size_t len = 0;
        bool bad = b.data && userdata_assigns_secret(b.data, &name, &len);
        if (bad)
            *detail = sg_arena_printf(c->a, "UserData assigns a literal value to %.*s",
                                      (int)(len > 64 ? 64 : len), name);
        sg_strbuf_free(&b);
        return bad ? OUT_FAIL : OUT_PASS;
    }
    default:
        return OUT_UNKNOWN;
    }
}

/* Judges one value reached by a row's path; `name` is its last step for
 * messages and `key` the mapping key it sits under. */
static outcome check_value(const ctx *c, const sg_test *t, const sg_node *v, const char *name,
                           const char *key, const char **detail)
{
    sg_arena *a = c->a;
    if (t->pred == SG_PRED_REFERENCED_BY || t->pred == SG_PRED_NOT_REFERENCED_BY) {
        outcome o = c->res ? referenced_by(c, c->res->id, t->arg) : OUT_UNKNOWN;
        if (t->pred == SG_PRED_NOT_REFERENCED_BY && o != OUT_UNKNOWN)
            o = o == OUT_PASS ? OUT_FAIL : OUT_PASS;
        if (o == OUT_FAIL)
            *detail = t->pred == SG_PRED_REFERENCED_BY
                          ? sg_arena_printf(a, "no %s refers to it", relation_types(a, t->arg))
                          : "it is referred to";
        return o;
    }
    if (t->pred >= SG_PRED_SECRET_SOURCE)
        return check_fn_value(c, t, v, key, detail);
    if (t->pred == SG_PRED_ABSENT) {
        *detail = sg_arena_printf(a, "%s is set", name);
        return OUT_FAIL;
    }
    bool intrinsic = sg_node_intrinsic(v) != NULL;
    if (t->pred == SG_PRED_SUFFIX || t->pred == SG_PRED_NOT_SUFFIX) {
        /* the literal end of a Fn::Sub is as good as a string's */
        const char *text = is_str(v) ? v->u.str : sub_text(v);
        if (!text)
            return OUT_UNKNOWN;
        if (in_alternatives(t->arg, text, 2) == (t->pred == SG_PRED_SUFFIX))
            return OUT_PASS;
        if (t->pred == SG_PRED_SUFFIX)
            *detail = sg_arena_printf(a, "%s is %s, expected a value ending in %s", name,
                                      value_text(a, v), alternatives_text(a, t->arg));
        else
            *detail = sg_arena_printf(a, "%s is %s", name, value_text(a, v));
        return OUT_FAIL;
    }
    if (t->pred == SG_PRED_PRESENT) {
        if (intrinsic || !is_empty_value(v))
            return OUT_PASS;
        *detail = sg_arena_printf(a, "%s is empty", name);
        return OUT_FAIL;
    }
    if (intrinsic)
        return OUT_UNKNOWN;
    long num, min;
    switch (t->pred) {
    case SG_PRED_TRUE:
        if (!is_str(v))
            return OUT_UNKNOWN;
        if (is_bool(v, "true"))
            return OUT_PASS;
        *detail = sg_arena_printf(a, "%s is %s, not true", name, value_text(a, v));
        return OUT_FAIL;
    case SG_PRED_FALSE:
        if (!is_str(v))
            return OUT_UNKNOWN;
        if (is_bool(v, "false"))
            return OUT_PASS;
        *detail = sg_arena_printf(a, "%s is %s, not false", name, value_text(a, v));
        return OUT_FAIL;
    case SG_PRED_NOT_TRUE:
        if (!is_bool(v, "true"))
            return OUT_PASS;
        *detail = sg_arena_printf(a, "%s is true", name);
        return OUT_FAIL;
    case SG_PRED_ONE_OF:
    case SG_PRED_NOT_ONE_OF:
    case SG_PRED_PREFIX: {
        if (!is_str(v))
            return OUT_UNKNOWN;
        bool hit = in_alternatives(t->arg, v->u.str, t->pred == SG_PRED_PREFIX ? 1 : 0);
        if (hit != (t->pred == SG_PRED_NOT_ONE_OF))
            return OUT_PASS;
        if (t->pred == SG_PRED_NOT_ONE_OF)
            *detail = sg_arena_printf(a, "%s is %s", name, value_text(a, v));
        else
            *detail = sg_arena_printf(a, "%s is %s, expected %s%s", name, value_text(a, v),
                                      t->pred == SG_PRED_PREFIX ? "a value starting with " : "",
                                      alternatives_text(a, t->arg));
        return OUT_FAIL;
    }
    case SG_PRED_MIN_NUM:
        min = strtol(t->arg, NULL, 10);
        if (!as_long(v, &num))
            return OUT_UNKNOWN;
        if (num >= min)
            return OUT_PASS;
        *detail = sg_arena_printf(a, "%s is %ld, expected at least %ld", name, num, min);
        return OUT_FAIL;
    case SG_PRED_MIN_ITEMS:
        min = strtol(t->arg, NULL, 10);
        if (v->kind != SG_SEQ)
            return OUT_UNKNOWN;
        for (uint32_t i = 0; i < v->len; i++)
            if (sg_node_intrinsic(v->u.items[i]))
                return OUT_UNKNOWN; /* !Ref ListParam inside: count unknown */
        if ((long)v->len >= min)
            return OUT_PASS;
        *detail = sg_arena_printf(a, "%s has %u item%s, expected at least %ld", name, v->len,
                                  v->len == 1 ? "" : "s", min);
        return OUT_FAIL;
    case SG_PRED_CONTAINS:
        if (v->kind != SG_SEQ)
            return OUT_UNKNOWN;
        for (uint32_t i = 0; i < v->len; i++) {
            const sg_node *item = v->u.items[i];
            if (sg_node_intrinsic(item) || sg_node_is_str(item, t->arg))
                return item->kind == SG_STRING ? OUT_PASS : OUT_UNKNOWN;
            for (uint32_t k = 0; item->kind == SG_MAP && k < item->len; k++)
                if (sg_node_is_str(item->u.pairs[k].value, t->arg))
                    return OUT_PASS;
        }
        *detail = sg_arena_printf(a, "%s does not include %s", name, t->arg);
        return OUT_FAIL;
    case SG_PRED_ANY_KEY:
        if (v->kind != SG_MAP)
            return OUT_UNKNOWN;
        size_t n;
        const char *item;
        for (const char *cur = t->arg; next_item(&cur, '|', &item, &n);) {
            char k[128];
            if (n >= sizeof k)
                continue;
            memcpy(k, item, n);
            k[n] = '\0';
            const sg_node *x = sg_map_get(v, k);
            if (!is_missing(x) && !is_empty_value(x))
                return OUT_PASS;
        }
        *detail = sg_arena_printf(a, "%s sets none of %s", name, alternatives_text(a, t->arg));
        return OUT_FAIL;
    default:
        return OUT_UNKNOWN;
    }
}

static const char *missing_detail(const walk *w)
{
    sg_arena *a = w->c->a;
    const pathstack *ps = &w->ps;
    if (ps->depth == 0)
        return "the value is not set";
    const sg_path_seg *s = &ps->seg[ps->depth - 1];
    if (w->empty)
        return sg_arena_printf(a, "%s is empty", last_name(a, ps));
    if (s->id_key) {
        const char *parent = ps->depth >= 2 ? ps->seg[ps->depth - 2].key : NULL;
        return sg_arena_printf(a, "%s has no entry with %s %s", parent ? parent : "the list",
                               s->id_key, s->id_value);
    }
    return sg_arena_printf(a, "%s is not set", last_name(a, ps));
}

/* A reached value or hole, judged and reported. */
static void on_check(walk *w, reach how, const sg_node *v)
{
    const ctx *c = w->c;
    const sg_test *t = w->test;
    if (how == REACH_UNKNOWN)
        return;
    const char *path = path_text(c->a, &w->ps, 0, w->ps.depth);
    if (how == REACH_VALUE) {
        const sg_path_seg *last = w->ps.depth ? &w->ps.seg[w->ps.depth - 1] : NULL;
        const char *detail = NULL;
        outcome o = check_value(c, t, v, last_name(c->a, &w->ps), last ? last->key : NULL,
                                &detail);
        if (o != OUT_FAIL)
            return;
        const sg_node *at = v;
        if ((v->kind == SG_MAP || v->kind == SG_SEQ || !t->path[0]) && w->ps.pos[w->ps.depth])
            at = w->ps.pos[w->ps.depth]; /* a container: point at its key */
        report_here(c, path, at, detail);
        return;
    }
    bool fails = t->absent == SG_ABSENT_FAILS ||
                 (t->absent == SG_ABSENT_LEAF_FAILS && how == REACH_MISSING_LEAF);
    if (fails)
        report_here(c, path, w->anchor, missing_detail(w));
}

/* A test's verdict over everything its path reaches (for `when`). */
typedef struct verdict {
    const sg_test *t;
    outcome o;
} verdict;

static void on_verdict(walk *w, reach how, const sg_node *v)
{
    verdict *vd = w->data;
    outcome o = OUT_PASS;
    if (how == REACH_UNKNOWN) {
        o = OUT_UNKNOWN;
    } else if (how == REACH_VALUE) {
        const char *detail = NULL;
        const sg_path_seg *last = w->ps.depth ? &w->ps.seg[w->ps.depth - 1] : NULL;
        o = check_value(w->c, vd->t, v, "value", last ? last->key : NULL, &detail);
    } else if (vd->t->absent == SG_ABSENT_FAILS ||
               (vd->t->absent == SG_ABSENT_LEAF_FAILS && how == REACH_MISSING_LEAF)) {
        o = OUT_FAIL;
    }
    if (o == OUT_FAIL || (o == OUT_UNKNOWN && vd->o == OUT_PASS))
        vd->o = o;
}

static outcome test_verdict(const ctx *c, const sg_test *t, const sg_node *start,
                            const sg_node *pos)
{
    verdict vd = {t, OUT_PASS};
    walk w;
    walk_init(&w, c, on_verdict, NULL, &vd);
    w.ps.depth = 0;
    w.ps.pos[0] = pos;
    if (!t->path[0])
        on_verdict(&w, REACH_VALUE, start);
    else
        walk_path(&w, start, pos, t->path);
    return vd.o;
}

/* ---- IAM policy documents -------------------------------------------------------- */

typedef enum doc_kind { DOC_IDENTITY, DOC_TRUST, DOC_RESOURCE } doc_kind;

/* Where each resource type keeps its policy documents. */
static const struct {
    const char *type, *path;
    doc_kind kind;
} policy_docs[] = {
    {"AWS::IAM::Role", "Properties.Policies[].PolicyDocument", DOC_IDENTITY},
    {"AWS::IAM::Role", "Properties.AssumeRolePolicyDocument", DOC_TRUST},
    {"AWS::IAM::User", "Properties.Policies[].PolicyDocument", DOC_IDENTITY},
    {"AWS::IAM::Group", "Properties.Policies[].PolicyDocument", DOC_IDENTITY},
    {"AWS::IAM::Policy", "Properties.PolicyDocument", DOC_IDENTITY},
    {"AWS::IAM::ManagedPolicy", "Properties.PolicyDocument", DOC_IDENTITY},
    {"AWS::S3::BucketPolicy", "Properties.PolicyDocument", DOC_RESOURCE},
    {"AWS::SNS::TopicPolicy", "Properties.PolicyDocument", DOC_RESOURCE},
    {"AWS::SQS::QueuePolicy", "Properties.PolicyDocument", DOC_RESOURCE},
    {"AWS::KMS::Key", "Properties.KeyPolicy", DOC_RESOURCE},
    {"AWS::ECR::Repository", "Properties.RepositoryPolicyText", DOC_RESOURCE},
    {"AWS::OpenSearchService::Domain", "Properties.AccessPolicies", DOC_RESOURCE},
    {"AWS::Elasticsearch::Domain", "Properties.AccessPolicies", DOC_RESOURCE},
    {"AWS::SecretsManager::ResourcePolicy", "Properties.ResourcePolicy", DOC_RESOURCE},
};

/* One statement with where it is. */
typedef struct stmt {
    const sg_node *node;
    const char *path;
    doc_kind kind;
} stmt;

/* A policy written as a JSON string (KeyPolicy: '{"Statement": ...}'):
 * parsed and normalized like the template, positioned at the string. */
static const sg_node *parse_policy_string(const ctx *c, const sg_node *s)
{
    sg_parse_opts o = {0};
    o.file = c->t->file;
    o.line_offset = s->line ? s->line - 1 : 0;
    sg_node *tree = NULL;
    sg_error err;
    if (sg_parse_json(c->a, s->u.str, s->len, &o, &tree, NULL, &err) != 0 || !tree)
        return NULL;
    return sg_normalize(c->a, tree);
}

/* Every statement of every policy document of r whose kind is in `kinds`
 * (a bit set of 1 << doc_kind); Fn::If branches are both followed. */
static size_t statements(const ctx *c, const sg_resource *r, unsigned kinds, stmt **out)
{
    size_t n = 0, cap = 0;
    *out = NULL;
    for (size_t d = 0; d < sizeof policy_docs / sizeof policy_docs[0]; d++) {
        if (strcmp(policy_docs[d].type, r->type) != 0 || !(kinds & (1u << policy_docs[d].kind)))
            continue;
        found_list docs = collect(c, r->body, r->key, policy_docs[d].path);
        for (size_t i = 0; i < docs.n; i++) {
            const sg_node *doc = docs.v[i].node;
            if (docs.v[i].unknown)
                continue;
            if (is_str(doc))
                doc = parse_policy_string(c, doc);
            if (!doc || doc->kind != SG_MAP)
                continue;
            found_list sts = collect(c, doc, docs.v[i].node, "Statement[]");
            for (size_t k = 0; k < sts.n; k++) {
                if (sts.v[k].unknown)
                    continue;
                if (n == cap) {
                    cap = cap ? cap * 2 : 8;
                    *out = sg_xrealloc(*out, cap * sizeof **out);
                }
                const char *sp = sts.v[k].path;
                (*out)[n++] = (stmt){sts.v[k].node,
                                     sg_arena_printf(c->a, "%s.%s", docs.v[i].path, sp),
                                     policy_docs[d].kind};
            }
            free(sts.v);
        }
        free(docs.v);
    }
    return n;
}

static bool is_allow(const sg_node *st)
{
    return sg_node_is_str(sg_map_get(st, "Effect"), "Allow");
}

/* Calls match(item) on the literal strings of a statement field (a list
 * after normalization, or one string); returns the first match. */
static const sg_node *field_find(const sg_node *st, const char *field,
                                 bool (*match)(const char *s))
{
    const sg_node *v = sg_map_get(st, field);
    if (!v)
        return NULL;
    if (is_str(v))
        return match(v->u.str) ? v : NULL;
    if (v->kind != SG_SEQ)
        return NULL;
    for (uint32_t i = 0; i < v->len; i++)
        if (is_str(v->u.items[i]) && match(v->u.items[i]->u.str))
            return v->u.items[i];
    return NULL;
}

/* Case-insensitive glob match of an IAM action pattern (* and ?). */
static bool action_glob(const char *pat, const char *s)
{
    if (!*pat)
        return !*s;
    if (*pat == '*')
        return action_glob(pat + 1, s) || (*s && action_glob(pat, s + 1));
    if (!*s)
        return false;
    if (*pat != '?' && tolower((unsigned char)*pat) != tolower((unsigned char)*s))
        return false;
    return action_glob(pat + 1, s + 1);
}

static bool is_star(const char *s)
{
    return strcmp(s, "*") == 0 || strcmp(s, "*:*") == 0;
}

static bool is_service_star(const char *s)
{
    size_t n = strlen(s);
    return is_star(s) || (n > 2 && s[n - 1] == '*' && s[n - 2] == ':');
}

static bool matches_passrole(const char *s)
{
    return action_glob(s, "iam:PassRole");
}

static bool matches_kms_decrypt(const char *s)
{
    return action_glob(s, "kms:Decrypt") || action_glob(s, "kms:ReEncryptFrom");
}

static bool is_sts_star(const char *s)
{
    return is_star(s) || strcasecmp(s, "sts:*") == 0;
}

/* Actions that do not support resource-level permissions: "Resource": "*"
 * is the only way to grant them, so it is no finding. */
static bool resourceless_action(const char *s)
{
    static const char *const actions[] = {
        "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules",
        "xray:GetSamplingTargets", "xray:GetSamplingStatisticSummaries",
        "cloudwatch:PutMetricData", "cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics",
        "cloudwatch:ListMetrics", "ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
        "ecr:GetAuthorizationToken", "sts:GetCallerIdentity", "s3:ListAllMyBuckets",
        "kms:ListAliases", "kms:ListKeys", "ssm:DescribeParameters", "tag:GetResources",
        "secretsmanager:GetRandomPassword", "secretsmanager:ListSecrets", "sns:ListTopics",
        "sqs:ListQueues", "dynamodb:ListTables", "lambda:ListFunctions", "iam:ListRoles",
        "cloudformation:ListStacks", "route53:ListHostedZones", "acm:ListCertificates",
        "logs:DescribeLogGroups", "autoscaling:DescribeAutoScalingGroups",
    };
    const char *colon = strchr(s, ':');
    if (colon && strncasecmp(colon + 1, "Describe", 8) == 0)
        return true;
    for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
        if (strcasecmp(actions[i], s) == 0)
            return true;
    return false;
}

static bool not_resourceless(const char *s)
{
    return !resourceless_action(s);
}

/* Is a principal everyone?  "*", {"AWS": "*"}; Fn::If: either branch. */
static bool principal_public(const sg_node *p)
{
    const sg_node *a, *b;
    if (!p)
        return false;
    if (if_branches(p, &a, &b))
        return principal_public(a) || principal_public(b);
    if (sg_node_is_str(p, "*"))
        return true;
    const sg_node *aws = sg_map_get(p, "AWS");
    if (if_branches(aws, &a, &b))
        return principal_public(a) || principal_public(b) || sg_node_is_str(a, "*") ||
               sg_node_is_str(b, "*");
    if (sg_node_is_str(aws, "*"))
        return true;
    for (uint32_t i = 0; aws && aws->kind == SG_SEQ && i < aws->len; i++)
        if (sg_node_is_str(aws->u.items[i], "*"))
            return true;
    return false;
}

static bool has_condition(const sg_node *st)
{
    const sg_node *cond = sg_map_get(st, "Condition");
    return cond && !is_missing(cond) && !is_empty_value(cond);
}

static bool is_admin(const sg_node *st)
{
    return is_allow(st) && field_find(st, "Action", is_star) && field_find(st, "Resource", is_star);
}

/* "statement AllowAll" or "statement 2" for messages. */
static const char *stmt_name(sg_arena *a, const sg_node *st)
{
    const sg_node *sid = sg_map_get(st, "Sid");
    if (is_str(sid) && sid->len)
        return sg_arena_printf(a, "statement %s", sid->u.str);
    return "a statement";
}

/* One statement judged by one policy rule; returns the failure or NULL. */
static const char *judge_statement(const ctx *c, sg_custom kind, const stmt *s)
{
    sg_arena *a = c->a;
    const sg_node *st = s->node;
    const char *name = stmt_name(a, st);
    const sg_node *hit;
    if (kind == SG_CUSTOM_POLICY_MALFORMED) {
        if (st->kind != SG_MAP)
            return "a statement is not a mapping";
        const sg_node *effect = sg_map_get(st, "Effect");
        if (!effect)
            return sg_arena_printf(a, "%s has no Effect", name);
        if (is_str(effect) && strcmp(effect->u.str, "Allow") != 0 &&
            strcmp(effect->u.str, "Deny") != 0)
            return sg_arena_printf(a, "%s has Effect %s, expected Allow or Deny", name,
                                   value_text(a, effect));
        if (!sg_map_get(st, "Action") && !sg_map_get(st, "NotAction"))
            return sg_arena_printf(a, "%s has neither Action nor NotAction", name);
        if (s->kind == DOC_IDENTITY && !sg_map_get(st, "Resource") &&
            !sg_map_get(st, "NotResource"))
            return sg_arena_printf(a, "%s has neither Resource nor NotResource", name);
        if (s->kind != DOC_IDENTITY && !sg_map_get(st, "Principal") &&
            !sg_map_get(st, "NotPrincipal"))
            return sg_arena_printf(a, "%s has neither Principal nor NotPrincipal", name);
        if (s->kind == DOC_IDENTITY &&
            (sg_map_get(st, "Principal") || sg_map_get(st, "NotPrincipal")))
            return sg_arena_printf(a, "%s names a Principal, which identity policies cannot",
                                   name);
        return NULL;
    }
    if (st->kind != SG_MAP || !is_allow(st))
        return NULL;
    switch (kind) {
    case SG_CUSTOM_POLICY_ADMIN:
        if (is_admin(st))
            return sg_arena_printf(a, "%s allows every action on every resource", name);
        return NULL;
    case SG_CUSTOM_POLICY_WILDCARD_ACTION:
        if (!is_admin(st) && (hit = field_find(st, "Action", is_service_star)))
            return sg_arena_printf(a, "%s allows action %s", name, value_text(a, hit));
        return NULL;
    case SG_CUSTOM_POLICY_WILDCARD_RESOURCE:
        if (!is_admin(st) && field_find(st, "Resource", is_star) &&
            (hit = field_find(st, "Action", not_resourceless)))
            return sg_arena_printf(a, "%s allows %s on Resource \"*\"", name,
                                   value_text(a, hit));
        return NULL;
    case SG_CUSTOM_POLICY_NOT_ACTION:
        if (sg_map_get(st, "NotAction"))
            return sg_arena_printf(a, "%s allows everything except its NotAction list", name);
        if (sg_map_get(st, "NotResource"))
            return sg_arena_printf(a, "%s allows its actions on everything except NotResource",
                                   name);
        return NULL;
    case SG_CUSTOM_POLICY_PASSROLE:
        if (!is_admin(st) && field_find(st, "Resource", is_star) &&
            (hit = field_find(st, "Action", matches_passrole)))
            return strcasecmp(hit->u.str, "iam:PassRole") == 0
                       ? sg_arena_printf(a, "%s allows iam:PassRole on every role", name)
                       : sg_arena_printf(a, "%s allows %s, which includes iam:PassRole, on "
                                            "every role", name, value_text(a, hit));
        return NULL;
    case SG_CUSTOM_POLICY_KMS_DECRYPT:
        if (!is_admin(st) && field_find(st, "Resource", is_star) &&
            (hit = field_find(st, "Action", matches_kms_decrypt)))
            return sg_arena_printf(a, "%s allows %s on every KMS key", name, value_text(a, hit));
        return NULL;
    case SG_CUSTOM_POLICY_TRUST_BROAD:
        if ((hit = field_find(st, "Action", is_sts_star)))
            return sg_arena_printf(a, "%s allows action %s in the trust policy", name,
                                   value_text(a, hit));
        if (sg_map_get(st, "NotPrincipal"))
            return sg_arena_printf(a, "%s trusts everyone except its NotPrincipal list", name);
        if (sg_map_get(st, "NotAction"))
            return sg_arena_printf(a, "%s allows everything except its NotAction list", name);
        return NULL;
    case SG_CUSTOM_POLICY_PUBLIC:
        if (principal_public(sg_map_get(st, "Principal")) && !has_condition(st))
            return sg_arena_printf(a, "%s allows Principal \"*\" without a Condition", name);
        return NULL;
    case SG_CUSTOM_POLICY_RESOURCE_BROAD:
        if ((hit = field_find(st, "Action", is_service_star)))
            return sg_arena_printf(a, "%s allows action %s", name, value_text(a, hit));
        if (sg_map_get(st, "NotAction"))
            return sg_arena_printf(a, "%s allows everything except its NotAction list", name);
        if (sg_map_get(st, "NotPrincipal"))
            return sg_arena_printf(a, "%s allows everyone except its NotPrincipal list", name);
        return NULL;
    case SG_CUSTOM_POLICY_PUBLIC_OR_BROAD: {
        const char *why = judge_statement(c, SG_CUSTOM_POLICY_PUBLIC, s);
        return why ? why : judge_statement(c, SG_CUSTOM_POLICY_RESOURCE_BROAD, s);
    }
    default:
        return NULL;
    }
}

static unsigned doc_kinds_for(sg_custom kind)
{
    switch (kind) {
    case SG_CUSTOM_POLICY_ADMIN:
    case SG_CUSTOM_POLICY_WILDCARD_ACTION:
    case SG_CUSTOM_POLICY_WILDCARD_RESOURCE:
    case SG_CUSTOM_POLICY_NOT_ACTION:
    case SG_CUSTOM_POLICY_PASSROLE:
    case SG_CUSTOM_POLICY_KMS_DECRYPT:
        return 1u << DOC_IDENTITY;
    case SG_CUSTOM_POLICY_TRUST_BROAD:
        return 1u << DOC_TRUST;
    case SG_CUSTOM_POLICY_PUBLIC:
        return 1u << DOC_TRUST | 1u << DOC_RESOURCE;
    case SG_CUSTOM_POLICY_RESOURCE_BROAD:
    case SG_CUSTOM_POLICY_PUBLIC_OR_BROAD:
    case SG_CUSTOM_POLICY_TLS_DENY:
        return 1u << DOC_RESOURCE;
    default:
        return 1u << DOC_IDENTITY | 1u << DOC_TRUST | 1u << DOC_RESOURCE;
    }
}

static void check_policies(const ctx *c, const sg_resource *r)
{
    stmt *sts;
    size_t n = statements(c, r, doc_kinds_for(c->def->custom), &sts);
    for (size_t i = 0; i < n; i++) {
        const char *why = judge_statement(c, c->def->custom, &sts[i]);
        if (why)
            report_here(c, sts[i].path, sts[i].node, why);
    }
    free(sts);
}

/* A Deny of every request that is not TLS: aws:SecureTransport false (or
 * s3:TlsVersion below a minimum). */
static bool denies_plain_http(const sg_node *st)
{
    if (!sg_node_is_str(sg_map_get(st, "Effect"), "Deny"))
        return false;
    const sg_node *cond = sg_map_get(st, "Condition");
    for (uint32_t i = 0; cond && cond->kind == SG_MAP && i < cond->len; i++) {
        const sg_node *op = cond->u.pairs[i].value;
        const sg_node *v = sg_map_get(op, "aws:SecureTransport");
        if (is_bool(v, "false"))
            return true;
        for (uint32_t k = 0; v && v->kind == SG_SEQ && k < v->len; k++)
            if (is_bool(v->u.items[k], "false"))
                return true;
        if (sg_map_get(op, "s3:TlsVersion"))
            return true;
    }
    return false;
}

static void check_tls_deny(const ctx *c, const sg_resource *r)
{
    stmt *sts;
    size_t n = statements(c, r, 1u << DOC_RESOURCE, &sts);
    bool ok = false;
    for (size_t i = 0; i < n && !ok; i++)
        ok = denies_plain_http(sts[i].node);
    free(sts);
    if (ok)
        return;
    /* An intrinsic policy document cannot be judged. */
    const sg_node *doc = sg_map_get(sg_map_get(r->body, "Properties"), "PolicyDocument");
    if (doc && sg_node_intrinsic(doc) && !is_intrinsic(doc, "Fn::If"))
        return;
    report_here(c, "Properties.PolicyDocument", doc ? doc : r->key,
                "no statement denies requests made without TLS (aws:SecureTransport false)");
}

/* ---- security groups and network ACLs -------------------------------------------- */

typedef struct port_range {
    long from, to;
    bool all_protocols;
} port_range;

/* The ports a rule opens; false when they are unknown (an intrinsic) or
 * the protocol has none (ICMP). */
static bool rule_ports(const sg_node *rule, const char *proto_key, const sg_node *from_node,
                       const sg_node *to_node, port_range *out)
{
    const sg_node *proto = sg_map_get(rule, proto_key);
    if (!is_str(proto))
        return false;
    const char *p = proto->u.str;
    if (strcmp(p, "-1") == 0 || strcasecmp(p, "all") == 0) {
        *out = (port_range){0, 65535, true};
        return true;
    }
    if (strcasecmp(p, "tcp") != 0 && strcasecmp(p, "udp") != 0 && strcmp(p, "6") != 0 &&
        strcmp(p, "17") != 0)
        return false;
    long from, to;
    if (!as_long(from_node, &from) || !as_long(to_node, &to))
        return false;
    *out = (port_range){from < 0 ? 0 : from, to < 0 ? 65535 : to, false};
    return true;
}

static bool covers(const port_range *r, long port)
{
    return r->from <= port && port <= r->to;
}

static const char *range_text(sg_arena *a, const port_range *r)
{
    if (r->all_protocols)
        return "all traffic (IpProtocol -1) is";
    if (r->from == r->to)
        return sg_arena_printf(a, "port %ld is", r->from);
    return sg_arena_printf(a, "ports %ld-%ld are", r->from, r->to);
}

/* The world-open source of a rule: "0.0.0.0/0", "::/0" or NULL. */
static const char *world_source(const sg_node *rule)
{
    if (sg_node_is_str(sg_map_get(rule, "CidrIp"), "0.0.0.0/0"))
        return "0.0.0.0/0";
    if (sg_node_is_str(sg_map_get(rule, "CidrIpv6"), "::/0"))
        return "::/0";
    return NULL;
}

/* High-risk ports (Security Hub EC2.19, plus common data stores) other
 * than SSH and RDP, which have their own rules. */
static const long risky_ports[] = {
    20, 21, 23, 25, 110, 135, 143, 445, 1433, 1434, 1521, 2049, 3000, 3306, 4333, 5000,
    5432, 5439, 5500, 5601, 6379, 8080, 8088, 8888, 9042, 9200, 9300, 11211, 27017,
};
#define NRISKY (sizeof risky_ports / sizeof risky_ports[0])

/* One ingress or egress rule of a security group. */
typedef struct net_rule {
    const sg_node *rule;
    const char *path;
    bool egress;
    const sg_node *pos; /* where to point: the inline rule, or the standalone resource */
} net_rule;

/* Every ingress and egress rule of r, inline or standalone. */
static size_t security_group_rules(const ctx *c, const sg_resource *r, net_rule **out)
{
    static const struct {
        const char *type, *path;
        bool egress, standalone;
    } where[] = {
        {"AWS::EC2::SecurityGroup", "Properties.SecurityGroupIngress[]", false, false},
        {"AWS::EC2::SecurityGroup", "Properties.SecurityGroupEgress[]", true, false},
        {"AWS::EC2::SecurityGroupIngress", "Properties", false, true},
        {"AWS::EC2::SecurityGroupEgress", "Properties", true, true},
    };
    size_t n = 0;
    *out = NULL;
    for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
        if (strcmp(where[i].type, r->type) != 0)
            continue;
        found_list l = collect(c, r->body, r->key, where[i].path);
        *out = sg_xrealloc(*out, (n + l.n + 1) * sizeof **out);
        for (size_t k = 0; k < l.n; k++)
            if (!l.v[k].unknown && l.v[k].node->kind == SG_MAP)
                (*out)[n++] = (net_rule){l.v[k].node, l.v[k].path, where[i].egress,
                                         where[i].standalone ? r->key : l.v[k].node};
        free(l.v);
    }
    return n;
}

/* The risky ports a range covers, as "3306, 5432 and 2 more". */
static const char *risky_covered(sg_arena *a, const port_range *pr)
{
    sg_strbuf b = SG_STRBUF_INIT;
    size_t hits = 0;
    for (size_t i = 0; i < NRISKY; i++) {
        if (!covers(pr, risky_ports[i]))
            continue;
        if (hits < 3)
            sg_strbuf_printf(&b, "%s%ld", hits ? ", " : "", risky_ports[i]);
        hits++;
    }
    if (hits > 3)
        sg_strbuf_printf(&b, " and %zu more", hits - 3);
    char *s = hits ? sg_arena_strdup(a, b.data) : NULL;
    sg_strbuf_free(&b);
    return s;
}

/* Does a range open anything besides 80 and 443? */
static bool opens_other_than_web(const port_range *pr)
{
    long ports = pr->to - pr->from + 1 - covers(pr, 80) - covers(pr, 443);
    return ports > 0;
}

/* One security-group rule judged by one row; returns the failure or NULL. */
static const char *judge_sg_rule(sg_arena *a, sg_custom kind, const net_rule *at)
{
    const sg_node *rule = at->rule;
    if (kind == SG_CUSTOM_SG_DESCRIPTION) {
        const sg_node *d = sg_map_get(rule, "Description");
        if (is_missing(d) || is_empty_value(d))
            return at->egress ? "egress rule has no Description"
                              : "ingress rule has no Description";
        return NULL;
    }
    port_range pr;
    if (!rule_ports(rule, "IpProtocol", sg_map_get(rule, "FromPort"), sg_map_get(rule, "ToPort"),
                    &pr))
        return NULL;
    const char *world = world_source(rule);
    const char *ports = range_text(a, &pr);
    switch (kind) {
    case SG_CUSTOM_SG_SSH:
    case SG_CUSTOM_SG_RDP: {
        long port = kind == SG_CUSTOM_SG_SSH ? 22 : 3389;
        if (at->egress || !world || !covers(&pr, port))
            return NULL;
        if (pr.from == pr.to)
            return sg_arena_printf(a, "port %ld (%s) is open to %s", port,
                                   port == 22 ? "SSH" : "RDP", world);
        return sg_arena_printf(a, "%s open to %s, including %ld (%s)", ports, world, port,
                               port == 22 ? "SSH" : "RDP");
    }
    case SG_CUSTOM_SG_RISKY_PORTS: {
        const char *hit = at->egress || !world ? NULL : risky_covered(a, &pr);
        if (!hit)
            return NULL;
        if (pr.from == pr.to)
            return sg_arena_printf(a, "%s open to %s", ports, world);
        return sg_arena_printf(a, "%s open to %s, including %s", ports, world, hit);
    }
    case SG_CUSTOM_SG_OTHER_PORTS:
        if (at->egress || !world || covers(&pr, 22) || covers(&pr, 3389) ||
            risky_covered(a, &pr) || !opens_other_than_web(&pr))
            return NULL;
        return sg_arena_printf(a, "%s open to %s", ports, world);
    case SG_CUSTOM_SG_EGRESS_ALL:
        if (!at->egress || !world || !pr.all_protocols)
            return NULL;
        return sg_arena_printf(a, "all traffic is allowed out to %s", world);
    case SG_CUSTOM_SG_ALL_PORTS: {
        const sg_node *cidr = sg_map_get(rule, "CidrIp");
        if (!is_str(cidr))
            cidr = sg_map_get(rule, "CidrIpv6");
        if (at->egress || !is_str(cidr) || !(pr.all_protocols || (pr.from == 0 && pr.to == 65535)))
            return NULL;
        return sg_arena_printf(a, "%s open to %s",
                               pr.all_protocols ? "all traffic (IpProtocol -1) is"
                                                : "every port is",
                               cidr->u.str);
    }
    default:
        return NULL;
    }
}

static void check_sg_rules(const ctx *c, const sg_resource *r)
{
    net_rule *rules;
    size_t n = security_group_rules(c, r, &rules);
    for (size_t i = 0; i < n; i++) {
        const char *why = judge_sg_rule(c->a, c->def->custom, &rules[i]);
        if (why)
            report_here(c, rules[i].path, rules[i].pos, why);
    }
    free(rules);
}

/* A network ACL entry that lets the world in on SSH or RDP. */
static void check_nacl(const ctx *c, const sg_resource *r)
{
    const sg_node *p = sg_map_get(r->body, "Properties");
    if (!p || p->kind != SG_MAP || is_bool(sg_map_get(p, "Egress"), "true") ||
        !sg_node_is_str(sg_map_get(p, "RuleAction"), "allow"))
        return;
    const char *world = NULL;
    if (sg_node_is_str(sg_map_get(p, "CidrBlock"), "0.0.0.0/0"))
        world = "0.0.0.0/0";
    else if (sg_node_is_str(sg_map_get(p, "Ipv6CidrBlock"), "::/0"))
        world = "::/0";
    const sg_node *range = sg_map_get(p, "PortRange");
    port_range pr;
    if (!world ||
        !rule_ports(p, "Protocol", sg_map_get(range, "From"), sg_map_get(range, "To"), &pr))
        return;
    /* 1024-65535 is the return-traffic range every stateless ACL needs; it
     * contains 3389 without being meant for RDP. */
    bool ssh = covers(&pr, 22), rdp = covers(&pr, 3389) && (pr.all_protocols || pr.from < 1024);
    if (!ssh && !rdp)
        return;
    const char *what = pr.all_protocols ? "all traffic is" : range_text(c->a, &pr);
    const char *admin = ssh && rdp ? "SSH (22) and RDP (3389)" : ssh ? "SSH (22)" : "RDP (3389)";
    report_here(c, "Properties", r->key,
                sg_arena_printf(c->a, "%s allowed in from %s, including %s", what, world, admin));
}

/* ---- Lambda log permissions --------------------------------------------------------- */

static bool grants_log_writes(const char *s)
{
    return action_glob(s, "logs:PutLogEvents");
}

/* Managed policies that let a function write its logs. */
static bool logging_managed_policy(const sg_node *arn)
{
    static const char *const names[] = {
        "/AWSLambdaBasicExecutionRole", "/AWSLambdaVPCAccessExecutionRole", "/AWSLambdaExecute",
        "/AWSLambdaKinesisExecutionRole", "/AWSLambdaDynamoDBExecutionRole",
        "/AWSLambdaSQSQueueExecutionRole", "/AWSLambdaMSKExecutionRole", "/AdministratorAccess",
        "/CloudWatchLogsFullAccess", "/AWSLambdaBasicExecutionRoleWithXRay",
    };
    const char *text = is_str(arn) ? arn->u.str : sub_text(arn);
    if (!text)
        return false;
    size_t n = strlen(text);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t k = strlen(names[i]);
        if (n >= k && strcmp(text + n - k, names[i]) == 0)
            return true;
    }
    return false;
}

/* OUT_PASS when the role (or a policy attached to it in the template) lets
 * it write logs; OUT_UNKNOWN when part of its permissions is out of sight. */
static outcome role_can_log(const ctx *c, const sg_resource *role)
{
    outcome result = OUT_FAIL;
    const sg_node *arns = sg_map_get(sg_map_get(role->body, "Properties"), "ManagedPolicyArns");
    if (arns && arns->kind != SG_SEQ)
        result = OUT_UNKNOWN;
    for (uint32_t i = 0; arns && arns->kind == SG_SEQ && i < arns->len; i++) {
        const sg_node *arn = arns->u.items[i];
        if (logging_managed_policy(arn))
            return OUT_PASS;
        if (!is_str(arn) && !sub_text(arn) && !referenced_resource(c->t, arn))
            result = OUT_UNKNOWN; /* a parameter or an import */
    }
    /* Its inline policies, and policies in the template that attach to it. */
    for (size_t i = 0; i < c->t->nresources; i++) {
        const sg_resource *r = &c->t->resources[i];
        bool attached = r == role;
        if (!attached && (strcmp(r->type, "AWS::IAM::Policy") == 0 ||
                          strcmp(r->type, "AWS::IAM::ManagedPolicy") == 0)) {
            ref_scan s = {c->t, role->id, false, false, false};
            scan_refs(&s, sg_map_get(sg_map_get(r->body, "Properties"), "Roles"));
            for (uint32_t k = 0; arns && arns->kind == SG_SEQ && k < arns->len; k++)
                if (referenced_resource(c->t, arns->u.items[k]) == r)
                    s.to_id = true;
            attached = s.to_id;
        }
        if (!attached)
            continue;
        stmt *sts;
        size_t n = statements(c, r, 1u << DOC_IDENTITY, &sts);
        for (size_t k = 0; k < n && result != OUT_PASS; k++)
            if (is_allow(sts[k].node) && field_find(sts[k].node, "Action", grants_log_writes))
                result = OUT_PASS;
        free(sts);
    }
    return result;
}

static void check_lambda_logs(const ctx *c, const sg_resource *r)
{
    const sg_node *role = sg_map_get(sg_map_get(r->body, "Properties"), "Role");
    const sg_resource *target = role ? referenced_resource(c->t, role) : NULL;
    if (!target || strcmp(target->type, "AWS::IAM::Role") != 0)
        return; /* a role from elsewhere: out of sight */
    if (role_can_log(c, target) == OUT_FAIL)
        report_here(c, "Properties.Role", role,
                    sg_arena_printf(c->a, "role %s cannot write CloudWatch Logs "
                                          "(no logs:PutLogEvents, no basic execution policy)",
                                    target->id));
}

/* ---- secrets in properties and anywhere ---------------------------------------------- */

typedef struct node_set {
    const sg_node **v;
    size_t n;
} node_set;

static bool in_set(const node_set *s, const sg_node *n)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == n)
            return true;
    return false;
}

/* Values that a more specific secret row already judges on r (RDS-08's
 * MasterUserPassword, LAM-01's variables ...): X-02 leaves them alone. */
static node_set claimed_secrets(const ctx *c, const sg_resource *r)
{
    node_set s = {NULL, 0};
    for (size_t i = 0; i < sg_rule_ndefs; i++) {
        const sg_rule_def *d = &sg_rule_defs[i];
        if (!d->test.path || !d->info.resource_types[0] ||
            (d->test.pred != SG_PRED_SECRET_SOURCE && d->test.pred != SG_PRED_NO_SECRET &&
             d->test.pred != SG_PRED_NO_SECRET_PAIR) ||
            strcmp(d->info.resource_types, "*") == 0 ||
            !type_matches(d->info.resource_types, r->type))
            continue;
        found_list l = collect(c, r->body, r->key, d->test.path);
        s.v = sg_xrealloc(s.v, (s.n + l.n + 1) * sizeof *s.v);
        for (size_t k = 0; k < l.n; k++)
            s.v[s.n++] = l.v[k].node;
        free(l.v);
    }
    return s;
}

static void scan_secret_properties(const ctx *c, const node_set *claimed, pathstack *ps,
                                   const sg_node *n)
{
    const sg_node *a, *b;
    if (!n || in_set(claimed, n))
        return;
    if (if_branches(n, &a, &b)) {
        scan_secret_properties(c, claimed, ps, a);
        scan_secret_properties(c, claimed, ps, b);
        return;
    }
    if (sg_node_intrinsic(n))
        return;
    if (n->kind == SG_SEQ) {
        for (uint32_t i = 0; i < n->len; i++) {
            if (!push_index(ps, i, n->u.items[i]))
                return;
            scan_secret_properties(c, claimed, ps, n->u.items[i]);
            pop(ps);
        }
        return;
    }
    if (n->kind != SG_MAP)
        return;
    for (uint32_t i = 0; i < n->len; i++) {
        const sg_pair *p = &n->u.pairs[i];
        if (!push_key(ps, p->key->u.str, p->key))
            return;
        const sg_node *v = p->value, *va, *vb;
        const sg_node *branch[2] = {v, NULL};
        if (if_branches(v, &va, &vb)) {
            branch[0] = va;
            branch[1] = vb;
        }
        for (int k = 0; k < 2; k++) {
            const char *detail = NULL;
            if (branch[k] && !is_missing(branch[k]) && !in_set(claimed, branch[k]) &&
                no_secret(c, branch[k], p->key->u.str, &detail) == OUT_FAIL)
                report_here(c, path_text(c->a, ps, 0, ps->depth), branch[k], detail);
        }
        scan_secret_properties(c, claimed, ps, v);
        pop(ps);
    }
}

static void check_secret_properties(const ctx *c, const sg_resource *r)
{
    const sg_pair *props = sg_map_get_pair(r->body, "Properties");
    if (!props)
        return;
    node_set claimed = claimed_secrets(c, r);
    pathstack *ps = sg_xmalloc(sizeof *ps);
    ps->depth = 0;
    ps->pos[0] = r->key;
    if (push_key(ps, "Properties", props->key))
        scan_secret_properties(c, &claimed, ps, props->value);
    free(ps);
    free(claimed.v);
}

/* Credential shapes that are never legitimate in a template. */
static const char *credential_in(const char *s)
{
    /* every shape below starts with one of these: skip the rest fast */
    static const bool may_start[256] = {['A'] = true, ['-'] = true, ['g'] = true, ['x'] = true};
    for (const char *p = s; *p; p++) {
        if (!may_start[(unsigned char)*p])
            continue;
        if ((strncmp(p, "AKIA", 4) == 0 || strncmp(p, "ASIA", 4) == 0) &&
            (p == s || !isalnum((unsigned char)p[-1]))) {
            size_t k = 4;
            while (k < 20 && (isupper((unsigned char)p[k]) || isdigit((unsigned char)p[k])))
                k++;
            if (k == 20 && !isalnum((unsigned char)p[20]))
                return "an AWS access key ID";
        }
        if (strncmp(p, "-----BEGIN ", 11) == 0 && strstr(p, "PRIVATE KEY-----"))
            return "a private key";
        if (strncmp(p, "ghp_", 4) == 0 || strncmp(p, "github_pat_", 11) == 0) {
            size_t k = strncmp(p, "ghp_", 4) == 0 ? 4 : 11, run = 0;
            while (isalnum((unsigned char)p[k + run]) || p[k + run] == '_')
                run++;
            if (run >= 30)
                return "a GitHub token";
        }
        if (strncmp(p, "xox", 3) == 0 && p[3] && strchr("baprs", p[3]) && p[4] == '-')
            return "a Slack token";
    }
    return NULL;
}

static void scan_credentials(const ctx *c, const char *resource_id, pathstack *ps,
                             uint32_t base, const sg_node *n)
{
    if (!n)
        return;
    if (n->kind == SG_STRING) {
        const char *what = credential_in(n->u.str);
        if (what)
            report(c, resource_id, path_text(c->a, ps, base, ps->depth), n,
                   sg_arena_printf(c->a, "the value contains %s", what));
        return;
    }
    for (uint32_t i = 0; i < n->len && (n->kind == SG_SEQ || n->kind == SG_MAP); i++) {
        bool ok = n->kind == SG_SEQ ? push_index(ps, i, n->u.items[i])
                                    : push_key(ps, n->u.pairs[i].key->u.str, n->u.pairs[i].key);
        if (!ok)
            return;
        scan_credentials(c, resource_id, ps, base,
                         n->kind == SG_SEQ ? n->u.items[i] : n->u.pairs[i].value);
        pop(ps);
    }
}

static void check_credentials(const ctx *c)
{
    pathstack *ps = sg_xmalloc(sizeof *ps);
    for (int s = 0; s < SG_SEC_COUNT; s++) {
        const sg_node *sec = c->t->section[s];
        if (!sec)
            continue;
        ps->depth = 0;
        ps->pos[0] = c->t->root;
        if (!push_key(ps, sg_section_name((sg_section)s), c->t->section_key[s]))
            break;
        if (s == SG_SEC_RESOURCES && sec->kind == SG_MAP) {
            for (size_t i = 0; i < c->t->nresources; i++) {
                const sg_resource *r = &c->t->resources[i];
                if (!push_key(ps, r->id, r->key))
                    break;
                scan_credentials(c, r->id, ps, ps->depth, r->body);
                pop(ps);
            }
        } else {
            scan_credentials(c, NULL, ps, 0, sec);
        }
    }
    free(ps);
}

/* ---- running the catalog ------------------------------------------------------------- */

/* Does the load balancer of listener r also listen with HTTPS or TLS?  Only
 * then can its HTTP listener redirect (a template without a certificate
 * has nothing to redirect to). */
static bool lb_serves_tls(const ctx *c, const sg_resource *r)
{
    const sg_node *arn = sg_map_get(sg_map_get(r->body, "Properties"), "LoadBalancerArn");
    const sg_resource *lb = arn ? referenced_resource(c->t, arn) : NULL;
    if (!lb)
        return false;
    for (size_t i = 0; i < c->t->nresources; i++) {
        const sg_resource *other = &c->t->resources[i];
        const sg_node *p = sg_map_get(other->body, "Properties");
        if (other == r || strcmp(other->type, r->type) != 0 ||
            referenced_resource(c->t, sg_map_get(p, "LoadBalancerArn")) != lb)
            continue;
        const sg_node *proto = sg_map_get(p, "Protocol");
        if (sg_node_is_str(proto, "HTTPS") || sg_node_is_str(proto, "TLS"))
            return true;
    }
    return false;
}

/* Does row c->def apply to r (NULL: the template)?  Both its C condition
 * and its `when` test must hold. */
static bool applies(const ctx *c, const sg_resource *r)
{
    const sg_rule_def *d = c->def;
    const sg_node *p = r ? sg_map_get(r->body, "Properties") : NULL;
    bool ok = true;
    switch (d->applies) {
    case SG_APPLIES_RDS_STANDALONE:
        ok = strcmp(r->type, "AWS::RDS::DBInstance") != 0 ||
             is_missing(sg_map_get(p, "DBClusterIdentifier"));
        break;
    case SG_APPLIES_METHOD_NEEDS_AUTH:
        ok = !sg_node_is_str(sg_map_get(p, "HttpMethod"), "OPTIONS") &&
             !is_bool(sg_map_get(p, "ApiKeyRequired"), "true");
        break;
    case SG_APPLIES_LB_SERVES_TLS:
        ok = lb_serves_tls(c, r);
        break;
    default:
        break;
    }
    if (ok && d->when.path) {
        const sg_node *start = r ? r->body : c->t->root;
        const sg_node *pos = r ? r->key : c->t->root;
        ok = test_verdict(c, &d->when, start, pos) == OUT_PASS;
    }
    return ok;
}

static void run_custom(const ctx *c, const sg_resource *r)
{
    switch (c->def->custom) {
    case SG_CUSTOM_POLICY_TLS_DENY:
        check_tls_deny(c, r);
        break;
    case SG_CUSTOM_SG_SSH:
    case SG_CUSTOM_SG_RDP:
    case SG_CUSTOM_SG_RISKY_PORTS:
    case SG_CUSTOM_SG_OTHER_PORTS:
    case SG_CUSTOM_SG_EGRESS_ALL:
    case SG_CUSTOM_SG_ALL_PORTS:
    case SG_CUSTOM_SG_DESCRIPTION:
        check_sg_rules(c, r);
        break;
    case SG_CUSTOM_NACL_ADMIN_PORTS:
        check_nacl(c, r);
        break;
    case SG_CUSTOM_LAMBDA_LOG_PERMISSION:
        check_lambda_logs(c, r);
        break;
    case SG_CUSTOM_SECRET_PROPERTIES:
        check_secret_properties(c, r);
        break;
    case SG_CUSTOM_CREDENTIAL_PATTERNS:
        check_credentials(c);
        break;
    default:
        check_policies(c, r);
        break;
    }
}

static void run_row(ctx *c, const sg_resource *r)
{
    c->res = r;
    if (!applies(c, r))
        return;
    if (c->def->custom != SG_CUSTOM_NONE) {
        run_custom(c, r);
        return;
    }
    walk w;
    walk_init(&w, c, on_check, &c->def->test, NULL);
    const sg_node *start = r ? r->body : c->t->root;
    const sg_node *pos = r ? r->key : c->t->root;
    if (!c->def->test.path[0]) {
        w.ps.depth = 0;
        w.ps.pos[0] = pos;
        on_check(&w, REACH_VALUE, start);
        return;
    }
    walk_path(&w, start, pos, c->def->test.path);
}

static int cmp_violation(const void *x, const void *y)
{
    const sg_violation *a = x, *b = y;
    int d = strcmp(a->rule->id, b->rule->id);
    if (d)
        return d;
    if (!a->resource_id != !b->resource_id)
        return a->resource_id ? 1 : -1;
    if (a->resource_id && (d = strcmp(a->resource_id, b->resource_id)))
        return d;
    if (a->node->line != b->node->line)
        return a->node->line < b->node->line ? -1 : 1;
    if (a->node->col != b->node->col)
        return a->node->col < b->node->col ? -1 : 1;
    if ((d = strcmp(a->path ? a->path : "", b->path ? b->path : "")))
        return d;
    return strcmp(a->detail ? a->detail : "", b->detail ? b->detail : "");
}

/* Numbers the distinct resource types of t: type_of[k] for resource k,
 * names[0..return) the types.  Rules then test each type once, not each
 * resource. */
static size_t distinct_types(const sg_template *t, uint32_t *type_of, const char **names)
{
    size_t cap = 16;
    while (cap < 2 * t->nresources)
        cap *= 2;
    uint32_t *slot = sg_xmalloc(cap * sizeof *slot); /* index + 1 into names, 0 = empty */
    memset(slot, 0, cap * sizeof *slot);
    size_t nt = 0;
    for (size_t k = 0; k < t->nresources; k++) {
        const char *ty = t->resources[k].type;
        uint64_t h = sg_fnv1a(SG_FNV1A_BASIS, ty, strlen(ty));
        size_t i = (size_t)h & (cap - 1);
        while (slot[i] && strcmp(names[slot[i] - 1], ty) != 0)
            i = (i + 1) & (cap - 1);
        if (!slot[i]) {
            names[nt++] = ty;
            slot[i] = (uint32_t)nt;
        }
        type_of[k] = slot[i] - 1;
    }
    free(slot);
    return nt;
}

void sg_rules_check(sg_arena *a, const sg_template *t, sg_violations *out)
{
    size_t n;
    sg_rules_catalog(&n);
    size_t first = out->n;
    size_t nr = t->nresources;
    uint32_t *type_of = sg_xmalloc((nr ? nr : 1) * sizeof *type_of);
    const char **names = sg_xmalloc((nr ? nr : 1) * sizeof *names);
    bool *wanted = sg_xmalloc(nr ? nr : 1);
    size_t *lens = sg_xmalloc((nr ? nr : 1) * sizeof *lens);
    size_t nt = distinct_types(t, type_of, names);
    for (size_t j = 0; j < nt; j++)
        lens[j] = strlen(names[j]);
    for (size_t i = 0; i < n; i++) {
        ctx c = {a, t, out, catalog_def[i], &catalog[i], NULL};
        const char *types = c.def->info.resource_types;
        if (!types[0]) {
            run_row(&c, NULL);
            continue;
        }
        for (size_t j = 0; j < nt; j++)
            wanted[j] = rule_type_matches(i, names[j], lens[j]);
        for (size_t k = 0; k < nr; k++)
            if (wanted[type_of[k]])
                run_row(&c, &t->resources[k]);
    }
    free(type_of);
    free(names);
    free(wanted);
    free(lens);
    if (out->n == first)
        return;
    /* Sorted and without repeats (both Fn::If branches can miss the same key). */
    qsort(out->v + first, out->n - first, sizeof *out->v, cmp_violation);
    size_t w = first;
    for (size_t i = first; i < out->n; i++)
        if (w == first || cmp_violation(&out->v[w - 1], &out->v[i]) != 0)
            out->v[w++] = out->v[i];
    out->n = w;
}

/* ---- rendering the catalog ---------------------------------------------------------- */

/* What each C check looks at, for docs/rules.md. */
static const char *const custom_text[SG_CUSTOM_COUNT] = {
    [SG_CUSTOM_POLICY_ADMIN] = "no Allow statement in an identity policy has Action `*` and "
                               "Resource `*`",
    [SG_CUSTOM_POLICY_WILDCARD_ACTION] = "no Allow statement in an identity policy has Action "
                                         "`*` or `service:*` (statements IAM-01 reports are "
                                         "left to it)",
    [SG_CUSTOM_POLICY_WILDCARD_RESOURCE] =
        "no Allow statement in an identity policy grants an action on Resource `*`, unless "
        "every action is one that supports no resource-level permission (Describe\\*, "
        "xray:PutTraceSegments, cloudwatch:PutMetricData ...)",
    [SG_CUSTOM_POLICY_NOT_ACTION] = "no Allow statement in an identity policy uses NotAction "
                                    "or NotResource",
    [SG_CUSTOM_POLICY_PASSROLE] = "no Allow statement in an identity policy grants an action "
                                  "matching iam:PassRole on Resource `*`",
    [SG_CUSTOM_POLICY_KMS_DECRYPT] = "no Allow statement in an identity policy grants an "
                                     "action matching kms:Decrypt or kms:ReEncryptFrom on "
                                     "Resource `*`",
    [SG_CUSTOM_POLICY_TRUST_BROAD] = "no Allow statement in the trust policy has Action `*` "
                                     "or `sts:*`, NotPrincipal or NotAction",
    [SG_CUSTOM_POLICY_PUBLIC] = "no Allow statement has Principal `*` (or AWS `*`) without a "
                                "Condition",
    [SG_CUSTOM_POLICY_RESOURCE_BROAD] = "no Allow statement has Action `*` or `service:*`, "
                                        "NotAction or NotPrincipal",
    [SG_CUSTOM_POLICY_PUBLIC_OR_BROAD] = "no Allow statement has Principal `*` without a "
                                         "Condition, Action `*` or `service:*`, NotAction or "
                                         "NotPrincipal",
    [SG_CUSTOM_POLICY_MALFORMED] = "every statement has Effect Allow or Deny, Action or "
                                   "NotAction, Resource (identity policies) or Principal "
                                   "(trust and resource policies)",
    [SG_CUSTOM_POLICY_TLS_DENY] = "some statement denies requests where aws:SecureTransport "
                                  "is false (or s3:TlsVersion is too low)",
    [SG_CUSTOM_SG_SSH] = "no ingress rule (inline or AWS::EC2::SecurityGroupIngress) whose "
                         "FromPort-ToPort covers 22, or with IpProtocol -1, is open to "
                         "0.0.0.0/0 or ::/0",
    [SG_CUSTOM_SG_RDP] = "no ingress rule covering 3389, or with IpProtocol -1, is open to "
                         "0.0.0.0/0 or ::/0",
    [SG_CUSTOM_SG_RISKY_PORTS] = "no ingress rule open to 0.0.0.0/0 or ::/0 covers a "
                                 "high-risk port: 20, 21, 23, 25, 110, 135, 143, 445, 1433, "
                                 "1434, 1521, 2049, 3000, 3306, 4333, 5000, 5432, 5439, 5500, "
                                 "5601, 6379, 8080, 8088, 8888, 9042, 9200, 9300, 11211, 27017",
    [SG_CUSTOM_SG_OTHER_PORTS] = "an ingress rule open to 0.0.0.0/0 or ::/0 opens only 80 and "
                                 "443 (rules that SG-01 to SG-03 report are left to them)",
    [SG_CUSTOM_SG_EGRESS_ALL] = "no egress rule allows IpProtocol -1 to 0.0.0.0/0 or ::/0",
    [SG_CUSTOM_SG_ALL_PORTS] = "no ingress rule from a CIDR opens IpProtocol -1 or ports "
                               "0-65535",
    [SG_CUSTOM_SG_DESCRIPTION] = "every ingress and egress rule, inline or standalone, has a "
                                 "non-empty Description",
    [SG_CUSTOM_NACL_ADMIN_PORTS] = "no inbound allow entry from 0.0.0.0/0 or ::/0 covers 22 or "
                                   "3389 (Protocol -1 covers every port; a range starting at "
                                   "1024 or above is return traffic and not counted for 3389)",
    [SG_CUSTOM_LAMBDA_LOG_PERMISSION] =
        "the role the function names (a role of the same template) has a basic-execution "
        "managed policy or an Allow of an action matching logs:PutLogEvents, inline or in an "
        "attached AWS::IAM::Policy or ManagedPolicy",
    [SG_CUSTOM_SECRET_PROPERTIES] =
        "no property whose name ends in a secret word (Password, Secret, Token, ApiKey, "
        "PrivateKey ...) holds a literal, a {{resolve:ssm:}} reference or a parameter that has "
        "a Default or is not NoEcho; values other rows check (RDS-08, LAM-01 ...) are left to "
        "them",
    [SG_CUSTOM_CREDENTIAL_PATTERNS] = "no string anywhere in the template contains an AWS "
                                      "access key ID (AKIA/ASIA), a private key block, a "
                                      "GitHub or a Slack token",
};

static const char *const fn_pred_text[] = {
    [SG_PRED_SECRET_SOURCE] = "is a {{resolve:secretsmanager:}} or {{resolve:ssm-secure:}} "
                              "reference, a NoEcho parameter without Default, or another "
                              "resource's attribute",
    [SG_PRED_NO_SECRET] = "is, when its name ends in a secret word, a secure reference as "
                          "above",
    [SG_PRED_NO_SECRET_PAIR] = "is, when its Name ends in a secret word, a secure reference as "
                               "above",
    [SG_PRED_PARAM_NOECHO] = "is NoEcho when its name ends in a secret word (parameters with "
                             "AllowedValues, numbers and AWS-typed parameters excepted)",
    [SG_PRED_PARAM_NO_DEFAULT] = "has no Default (other than \"\") when its name ends in a "
                                 "secret word (same exceptions)",
    [SG_PRED_NOT_NOECHO_REF] = "does not Ref (or ${} in Fn::Sub) a NoEcho parameter",
    [SG_PRED_S3_ORIGIN_LOCKED] = "uses an origin access identity or origin access control "
                                 "when it is an S3 origin",
    [SG_PRED_USERDATA_CLEAN] = "assigns no literal to a name ending in a secret word "
                               "(password=..., API_KEY: ...)",
};

static void md_str(sg_strbuf *b, const char *s)
{
    sg_md_text(b, s, strlen(s));
}

static void md_code(sg_strbuf *b, const char *s)
{
    sg_md_code(b, s, strlen(s));
}

/* "a|b|c" as code spans joined by `sep`. */
static void md_code_list(sg_strbuf *b, const char *list, const char *sep)
{
    size_t n;
    const char *item;
    for (const char *cur = list; next_item(&cur, '|', &item, &n);) {
        if (item != list)
            sg_strbuf_puts(b, sep);
        sg_md_code(b, item, n);
    }
}

static void md_types(sg_strbuf *b, const char *types)
{
    if (!types[0])
        sg_strbuf_puts(b, "the template");
    else if (strcmp(types, "*") == 0)
        sg_strbuf_puts(b, "every resource");
    else
        md_code_list(b, types, "<br>");
}

/* Text with `code` spans kept: the custom descriptions above use them. */
static void md_text_with_code(sg_strbuf *b, const char *s)
{
    while (*s) {
        const char *tick = strchr(s, '`');
        const char *end = tick ? strchr(tick + 1, '`') : NULL;
        if (!tick || !end) {
            md_str(b, s);
            return;
        }
        sg_md_text(b, s, (size_t)(tick - s));
        sg_md_code(b, tick + 1, (size_t)(end - tick - 1));
        s = end + 1;
    }
}

static void md_relations(sg_strbuf *b, const char *specs)
{
    size_t n;
    const char *spec;
    for (const char *cur = specs; next_item(&cur, ';', &spec, &n);) {
        size_t tlen = relation_type_len(spec, n);
        if (spec != specs)
            sg_strbuf_puts(b, cur ? ", " : " or ");
        sg_md_code(b, spec, tlen);
        if (tlen < n) {
            sg_strbuf_puts(b, " at ");
            sg_md_code(b, spec + tlen + 1, n - tlen - 1);
        }
    }
}

/* A test in words; `when` tests say what a missing value means differently:
 * the row then does not apply, unless missing passes. */
static void md_test(sg_strbuf *b, const sg_test *t, bool when)
{
    if (t->path[0])
        md_code(b, t->path);
    else
        sg_strbuf_puts(b, "the resource");
    sg_strbuf_putc(b, ' ');
    switch (t->pred) {
    case SG_PRED_PRESENT:
        sg_strbuf_puts(b, "is set and not empty");
        break;
    case SG_PRED_ABSENT:
        sg_strbuf_puts(b, "is not set");
        break;
    case SG_PRED_TRUE:
        sg_strbuf_puts(b, "is true");
        break;
    case SG_PRED_NOT_TRUE:
        sg_strbuf_puts(b, "is not true");
        break;
    case SG_PRED_FALSE:
        sg_strbuf_puts(b, "is false");
        break;
    case SG_PRED_ONE_OF:
        sg_strbuf_puts(b, strchr(t->arg, '|') ? "is one of " : "is ");
        md_code_list(b, t->arg, ", ");
        break;
    case SG_PRED_NOT_ONE_OF:
        sg_strbuf_puts(b, strchr(t->arg, '|') ? "is none of " : "is not ");
        md_code_list(b, t->arg, ", ");
        break;
    case SG_PRED_PREFIX:
        sg_strbuf_puts(b, "starts with ");
        md_code_list(b, t->arg, " or ");
        break;
    case SG_PRED_SUFFIX:
        sg_strbuf_puts(b, "ends with ");
        md_code_list(b, t->arg, " or ");
        break;
    case SG_PRED_NOT_SUFFIX:
        sg_strbuf_puts(b, "ends with none of ");
        md_code_list(b, t->arg, ", ");
        break;
    case SG_PRED_MIN_NUM:
        sg_strbuf_printf(b, "is at least %s", t->arg);
        break;
    case SG_PRED_MIN_ITEMS:
        sg_strbuf_printf(b, "lists at least %s items", t->arg);
        break;
    case SG_PRED_CONTAINS:
        sg_strbuf_puts(b, "includes ");
        md_code(b, t->arg);
        break;
    case SG_PRED_ANY_KEY:
        sg_strbuf_puts(b, "sets at least one of ");
        md_code_list(b, t->arg, ", ");
        break;
    case SG_PRED_REFERENCED_BY:
        sg_strbuf_puts(b, "is referred to by ");
        md_relations(b, t->arg);
        break;
    case SG_PRED_NOT_REFERENCED_BY:
        sg_strbuf_puts(b, "is not referred to by ");
        md_relations(b, t->arg);
        break;
    default:
        md_str(b, fn_pred_text[t->pred]);
        break;
    }
    if (t->pred == SG_PRED_ABSENT || t->pred == SG_PRED_REFERENCED_BY ||
        t->pred == SG_PRED_NOT_REFERENCED_BY || !t->path[0])
        return;
    if (when)
        sg_strbuf_puts(b, t->absent == SG_ABSENT_PASSES ? " (or is not set)" : "");
    else
        sg_strbuf_puts(b, t->absent == SG_ABSENT_FAILS ? "; missing fails"
                          : t->absent == SG_ABSENT_LEAF_FAILS
                              ? "; missing fails where its container exists"
                              : "; missing passes");
}

static void md_check(sg_strbuf *b, const sg_rule_def *d)
{
    if (d->custom != SG_CUSTOM_NONE)
        md_text_with_code(b, custom_text[d->custom]);
    else
        md_test(b, &d->test, false);
    if (d->applies == SG_APPLIES_RDS_STANDALONE)
        sg_strbuf_puts(b, ". DB instances that belong to a cluster are left to the cluster");
    else if (d->applies == SG_APPLIES_METHOD_NEEDS_AUTH)
        sg_strbuf_puts(b, ". OPTIONS methods and methods that require an API key are exempt");
    else if (d->applies == SG_APPLIES_LB_SERVES_TLS)
        sg_strbuf_puts(b, ". Only for load balancers that also have an HTTPS or TLS listener "
                          "(without a certificate there is nothing to redirect to)");
    if (d->when.path) {
        sg_strbuf_puts(b, ". Only where ");
        md_test(b, &d->when, true);
    }
}

static void md_rule_row(sg_strbuf *b, const sg_rule_def *d)
{
    const sg_rule *r = &d->info;
    sg_strbuf_puts(b, "| ");
    md_code(b, r->id);
    sg_strbuf_printf(b, " | %s | ", sg_severity_id(r->severity));
    md_types(b, r->resource_types);
    sg_strbuf_puts(b, " | **");
    md_str(b, r->title);
    sg_strbuf_puts(b, "**<br>");
    md_check(b, d);
    sg_strbuf_puts(b, " | ");
    md_str(b, r->why);
    sg_strbuf_puts(b, " | ");
    md_str(b, r->anchors);
    sg_strbuf_puts(b, " |\n");
}

void sg_rules_render_markdown(sg_strbuf *b)
{
    size_t n;
    const sg_rule *all = sg_rules_catalog(&n);
    size_t counts[SG_CAT_COUNT][SG_SEV_COUNT] = {{0}};
    for (size_t i = 0; i < n; i++)
        counts[all[i].category][all[i].severity]++;

    sg_strbuf_puts(b, "# Rule catalog\n\n");
    sg_strbuf_puts(b, "<!-- Generated from src/classify/rules_table.c by `stackgap rules "
                      "--format markdown`. Do not edit. -->\n\n");
    sg_strbuf_printf(b,
                     "stackgap runs these %zu rules on one template at a time, like a linter. "
                     "When it compares a model's template with the ideal one, a rule the model "
                     "fails becomes a finding with the rule's category and severity, one "
                     "severity lower when the ideal fails it too.\n\n",
                     n);
    sg_strbuf_puts(
        b,
        "Rule ids are stable and never reused. Most come from the check catalog of the "
        "research notes (`S3-01`, `IAM-02` ...), so that a finding can cite what established "
        "scanners call the same check: checkov (`CKV_AWS_*`), cfn_nag (`F*`/`W*`), cfn-lint "
        "(`E*`/`W*`/`I*`), AWS Security Hub controls (`S3.8`) and AWS Config rules. Rules "
        "without a scanner id say so in their anchors.\n\n");
    sg_strbuf_puts(b, "## How to read this\n\n");
    sg_strbuf_puts(
        b,
        "- **Severity** is ours, informed by the anchors' own: *critical* is an exposure or a "
        "secret someone can use now (public data, admin rights, SSH or databases open to the "
        "internet, passwords in the template); *high* weakens a primary control (unencrypted "
        "data stores, wildcard permissions, public endpoints); *medium* is defence in depth "
        "(logging, backups, rotation, TLS policies); *low* is hygiene (descriptions, tags, "
        "optional hardening).\n"
        "- **Passes when** gives the rule's title in bold, then the exact check. Paths are on "
        "the resource (`Properties.X`, `DeletionPolicy`) or, for template rules, on the "
        "template (`Outputs.*.Value`). `A[]` is every element of list `A`, `A[Key=v]` the "
        "elements whose `Key` is `v`, `A.*` every value of mapping `A`, and `{B,C}` checks "
        "`B` and `C` in turn.\n"
        "- **Missing values**: a key that is absent, null or `!Ref AWS::NoValue` is missing; so "
        "is an empty list where the path says `[]`. Each check says whether missing passes "
        "(the service default is fine), fails, or fails only where its container exists.\n"
        "- **Intrinsic functions** (`!Ref`, `!GetAtt`, `!Sub`, `!ImportValue` ...) cannot be "
        "resolved before deployment, so a value that is one never fails a value check; a "
        "check that needs a value set counts it as set. `Fn::If` is followed into both "
        "branches and both must pass. A condition (`Only where ...`) that is an intrinsic "
        "does not apply the rule. Secret checks look inside: a `!Ref` to a parameter with a "
        "Default or without NoEcho fails them.\n"
        "- **Conditions**: resources with a `Condition` attribute are checked like the "
        "others.\n"
        "- **Where a violation points**: at the offending value; when something is missing, "
        "at its nearest existing container, which is the resource's logical ID when that is "
        "the resource or its `Properties`. A violation's path is concrete, with list indexes "
        "in the normalized (sorted) order of the list.\n\n");

    sg_strbuf_puts(b, "## Summary\n\n| Category | Critical | High | Medium | Low | Rules |\n"
                      "|---|---:|---:|---:|---:|---:|\n");
    size_t total[SG_SEV_COUNT] = {0};
    for (int cat = 0; cat < SG_CAT_COUNT; cat++) {
        size_t sum = 0;
        for (int s = 0; s < SG_SEV_COUNT; s++)
            sum += counts[cat][s];
        if (!sum)
            continue;
        sg_strbuf_printf(b, "| [%s](#%s) |", sg_category_title((sg_category)cat),
                         sg_category_id((sg_category)cat));
        for (int s = 0; s < SG_SEV_COUNT; s++) {
            sg_strbuf_printf(b, " %zu |", counts[cat][s]);
            total[s] += counts[cat][s];
        }
        sg_strbuf_printf(b, " %zu |\n", sum);
    }
    sg_strbuf_printf(b, "| **All** | %zu | %zu | %zu | %zu | %zu |\n\n", total[0], total[1],
                     total[2], total[3], n);

    for (int cat = 0; cat < SG_CAT_COUNT; cat++) {
        bool any = false;
        for (size_t i = 0; i < n && !any; i++)
            any = all[i].category == (sg_category)cat;
        if (!any)
            continue;
        sg_strbuf_printf(b, "## %s\n\n", sg_category_id((sg_category)cat));
        sg_strbuf_printf(b, "%s: ", sg_category_title((sg_category)cat));
        md_str(b, sg_category_definition((sg_category)cat));
        sg_strbuf_puts(b, ".\n\n| Id | Severity | Applies to | Passes when | Why | Anchors |\n"
                          "|---|---|---|---|---|---|\n");
        for (size_t i = 0; i < n; i++)
            if (all[i].category == (sg_category)cat)
                md_rule_row(b, catalog_def[i]);
        sg_strbuf_putc(b, '\n');
    }
}

static void json_str(sg_strbuf *b, const char *s)
{
    sg_strbuf_json_str(b, s, strlen(s));
}

void sg_rules_render_json(sg_strbuf *b)
{
    size_t n;
    const sg_rule *all = sg_rules_catalog(&n);
    sg_strbuf_puts(b, "{\n  \"schema\": \"stackgap/rules/v1\",\n  \"rules\": [");
    for (size_t i = 0; i < n; i++) {
        const sg_rule *r = &all[i];
        sg_strbuf_puts(b, i ? ",\n    {\"id\": " : "\n    {\"id\": ");
        json_str(b, r->id);
        sg_strbuf_puts(b, ", \"category\": ");
        json_str(b, sg_category_id(r->category));
        sg_strbuf_puts(b, ", \"severity\": ");
        json_str(b, sg_severity_id(r->severity));
        sg_strbuf_puts(b, ", \"resource_types\": [");
        const char *types = strcmp(r->resource_types, "*") == 0 ? "" : r->resource_types;
        size_t len;
        const char *type;
        for (const char *cur = types; next_item(&cur, '|', &type, &len);) {
            if (type != types)
                sg_strbuf_puts(b, ", ");
            sg_strbuf_json_str(b, type, len);
        }
        sg_strbuf_puts(b, "], \"scope\": ");
        json_str(b, !r->resource_types[0] ? "template"
                    : strcmp(r->resource_types, "*") == 0 ? "every-resource"
                                                            : "resource");
        sg_strbuf_puts(b, ", \"title\": ");
        json_str(b, r->title);
        sg_strbuf_puts(b, ", \"why\": ");
        json_str(b, r->why);
        sg_strbuf_puts(b, ", \"anchors\": ");
        json_str(b, r->anchors);
        sg_strbuf_putc(b, '}');
    }
    sg_strbuf_puts(b, n ? "\n  ]\n}\n" : "]\n}\n");
}
