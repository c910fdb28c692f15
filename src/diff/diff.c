/* diff.c - entries and property-level changes between two templates.
 *
 * Every section is walked in template order.  Named entries (parameters,
 * outputs, ...) pair by name, resources through match.c.  Paired values are
 * compared with their subtree hashes first, so unchanged subtrees cost O(1)
 * to skip; only differing subtrees are descended.  Lists are matched by an
 * identity key (Key, Name, Sid, ...) when every element has one, else by
 * content, so a reordered list of equal elements is no change.  References
 * (Ref, Fn::GetAtt, DependsOn) to a renamed resource compare equal to the
 * same reference under the new name: the rename is reported once. */
#include <stdlib.h>
#include <string.h>

#include "stackgap/diff.h"
#include "stackgap/normalize.h"

static const char *const status_names[SG_STATUS_COUNT] = {"unchanged", "added", "removed",
                                                          "modified", "renamed"};

const char *sg_status_name(sg_status s)
{
    return s < SG_STATUS_COUNT ? status_names[s] : "?";
}

const char *sg_op_name(sg_op op)
{
    return op == SG_OP_ADD ? "added" : op == SG_OP_REMOVE ? "removed" : "changed";
}

/* Keys that name a list element, tried in this order (first one every
 * element of both lists has, with unique scalar values, wins). */
static const char *const identity_keys[] = {
    "Key",           "Name",          "PolicyName",   "Sid",           "Id",
    "RuleName",      "AttributeName", "IndexName",    "DeviceName",    "ContainerName",
    "ParameterKey",  "OptionName",    "MetricName",   "Namespace",     "ContainerPort",
    "PathPattern",   "Field",         "DomainName",   "TargetOriginId",
};

typedef struct dctx {
    sg_arena *a;
    const sg_template *old, *new;
    const sg_match *match;
    bool renames; /* some paired resources have different logical IDs */
    sg_change *ch;
    size_t nch, capch;
    sg_path_seg *path;
    uint32_t depth, cappath;
} dctx;

/* ---- equality that sees through renames -------------------------------------- */

static const char *renamed_to(const dctx *d, const char *old_id)
{
    const sg_resource *r = sg_template_resource(d->old, old_id);
    if (!r)
        return NULL;
    int j = d->match->old_to_new[r - d->old->resources];
    return j >= 0 ? d->new->resources[j].id : NULL;
}

/* Fn::Sub templates equal once ${Old} / ${Old.Attr} name the renamed resource. */
static bool sub_same(const dctx *d, const sg_node *a, const sg_node *b)
{
    const char *p = a->u.str, *pe = p + a->len, *q = b->u.str, *qe = q + b->len;
    while (p < pe && q < qe) {
        if (p + 1 < pe && p[0] == '$' && p[1] == '{' && !(p + 2 < pe && p[2] == '!')) {
            const char *pc = memchr(p, '}', (size_t)(pe - p));
            const char *qc = memchr(q, '}', (size_t)(qe - q));
            if (!pc || !qc || q + 1 >= qe || q[0] != '$' || q[1] != '{')
                return false;
            const char *pdot = memchr(p, '.', (size_t)(pc - p));
            const char *pname_end = pdot ? pdot : pc;
            char name[256];
            size_t n = (size_t)(pname_end - p - 2);
            if (n >= sizeof name)
                return false;
            memcpy(name, p + 2, n);
            name[n] = '\0';
            const char *to = renamed_to(d, name);
            size_t tn = to ? strlen(to) : n;
            const char *want = to ? to : name;
            /* q must hold ${want<same rest>} */
            if ((size_t)(qc - q - 2) != tn + (size_t)(pc - pname_end) ||
                memcmp(q + 2, want, tn) != 0 ||
                memcmp(q + 2 + tn, pname_end, (size_t)(pc - pname_end)) != 0)
                return false;
            p = pc + 1;
            q = qc + 1;
            continue;
        }
        if (*p++ != *q++)
            return false;
    }
    return p == pe && q == qe;
}

static bool same(const dctx *d, const sg_node *a, const sg_node *b, bool ref)
{
    if (a->hash == b->hash && sg_node_equal(a, b))
        return true;
    if (!d->renames || a->kind != b->kind)
        return false;
    if ((a->kind == SG_MAP || a->kind == SG_SEQ) && a->len != b->len)
        return false;
    switch (a->kind) {
    case SG_MAP:
        for (uint32_t i = 0; i < a->len; i++) {
            const char *k = a->u.pairs[i].key->u.str;
            if (strcmp(k, b->u.pairs[i].key->u.str) != 0)
                return false;
            const sg_node *va = a->u.pairs[i].value, *vb = b->u.pairs[i].value;
            if (strcmp(k, "Fn::GetAtt") == 0 && va->kind == SG_SEQ && vb->kind == SG_SEQ &&
                va->len == 2 && vb->len == 2) {
                if (!same(d, va->u.items[0], vb->u.items[0], true) ||
                    !same(d, va->u.items[1], vb->u.items[1], false))
                    return false;
            } else if (strcmp(k, "Fn::Sub") == 0 && va->kind == SG_STRING &&
                       vb->kind == SG_STRING) {
                if (!sub_same(d, va, vb))
                    return false;
            } else if (strcmp(k, "Fn::Sub") == 0 && va->kind == SG_SEQ && vb->kind == SG_SEQ &&
                       va->len == 2 && vb->len == 2 && va->u.items[0]->kind == SG_STRING &&
                       vb->u.items[0]->kind == SG_STRING) {
                if (!sub_same(d, va->u.items[0], vb->u.items[0]) ||
                    !same(d, va->u.items[1], vb->u.items[1], false))
                    return false;
            } else if (!same(d, va, vb, strcmp(k, "Ref") == 0 || strcmp(k, "DependsOn") == 0)) {
                return false;
            }
        }
        return true;
    case SG_SEQ:
        for (uint32_t i = 0; i < a->len; i++)
            if (!same(d, a->u.items[i], b->u.items[i], ref))
                return false;
        return true;
    case SG_STRING: {
        if (!ref)
            return false;
        const char *to = renamed_to(d, a->u.str);
        return to && strcmp(to, b->u.str) == 0;
    }
    default:
        return false;
    }
}

/* ---- change accumulation ------------------------------------------------------- */

static void push_seg(dctx *d, sg_path_seg seg)
{
    if (d->depth == d->cappath) {
        d->cappath = d->cappath ? d->cappath * 2 : 32;
        d->path = sg_xrealloc(d->path, d->cappath * sizeof *d->path);
    }
    d->path[d->depth++] = seg;
}

static void emit(dctx *d, sg_op op, const sg_node *a, const sg_node *b)
{
    if (d->nch == d->capch) {
        d->capch = d->capch ? d->capch * 2 : 16;
        d->ch = sg_xrealloc(d->ch, d->capch * sizeof *d->ch);
    }
    sg_path_seg *path = sg_arena_alloc(d->a, (d->depth + 1) * sizeof *path);
    if (d->depth)
        memcpy(path, d->path, d->depth * sizeof *path);
    d->ch[d->nch++] = (sg_change){op, path, d->depth, a, b, SG_IMPACT_NONE, NULL};
}

static void diff_value(dctx *d, const sg_node *a, const sg_node *b, bool ref);

static void diff_map(dctx *d, const sg_node *a, const sg_node *b)
{
    uint32_t i = 0, j = 0;
    while (i < a->len || j < b->len) {
        int c = i == a->len ? 1 : j == b->len ? -1
                : strcmp(a->u.pairs[i].key->u.str, b->u.pairs[j].key->u.str);
        const sg_pair *p = c <= 0 ? &a->u.pairs[i] : &b->u.pairs[j];
        push_seg(d, (sg_path_seg){p->key->u.str, 0, NULL, NULL});
        if (c < 0) {
            emit(d, SG_OP_REMOVE, a->u.pairs[i++].value, NULL);
        } else if (c > 0) {
            emit(d, SG_OP_ADD, NULL, b->u.pairs[j++].value);
        } else {
            bool ref = strcmp(p->key->u.str, "DependsOn") == 0;
            diff_value(d, a->u.pairs[i++].value, b->u.pairs[j++].value, ref);
        }
        d->depth--;
    }
}

static void diff_ordered(dctx *d, const sg_node *a, const sg_node *b, bool ref)
{
    uint32_t n = a->len > b->len ? a->len : b->len;
    for (uint32_t i = 0; i < n; i++) {
        push_seg(d, (sg_path_seg){NULL, i, NULL, NULL});
        if (i >= b->len)
            emit(d, SG_OP_REMOVE, a->u.items[i], NULL);
        else if (i >= a->len)
            emit(d, SG_OP_ADD, NULL, b->u.items[i]);
        else
            diff_value(d, a->u.items[i], b->u.items[i], ref);
        d->depth--;
    }
}

/* The identity key every element of both lists has, with unique values. */
static const char *identity_key(const sg_node *a, const sg_node *b)
{
    for (size_t k = 0; k < sizeof identity_keys / sizeof *identity_keys; k++) {
        const char *key = identity_keys[k];
        bool ok = true;
        for (int side = 0; side < 2 && ok; side++) {
            const sg_node *l = side ? b : a;
            for (uint32_t i = 0; i < l->len && ok; i++) {
                const sg_node *v = sg_map_get(l->u.items[i], key);
                ok = v && v->kind == SG_STRING;
                for (uint32_t j = 0; ok && j < i; j++)
                    ok = !sg_node_equal(v, sg_map_get(l->u.items[j], key));
            }
        }
        if (ok)
            return key;
    }
    return NULL;
}

static void diff_by_identity(dctx *d, const sg_node *a, const sg_node *b, const char *key)
{
    bool *seen = calloc(b->len + 1, sizeof *seen);
    for (uint32_t i = 0; i < a->len; i++) {
        const sg_node *id = sg_map_get(a->u.items[i], key);
        uint32_t j;
        for (j = 0; j < b->len; j++)
            if (!seen[j] && sg_node_equal(id, sg_map_get(b->u.items[j], key)))
                break;
        push_seg(d, (sg_path_seg){NULL, j < b->len ? j : i, key, id->u.str});
        if (j < b->len) {
            seen[j] = true;
            diff_value(d, a->u.items[i], b->u.items[j], false);
        } else {
            emit(d, SG_OP_REMOVE, a->u.items[i], NULL);
        }
        d->depth--;
    }
    for (uint32_t j = 0; j < b->len; j++) {
        if (seen[j])
            continue;
        push_seg(d, (sg_path_seg){NULL, j, key, sg_map_get(b->u.items[j], key)->u.str});
        emit(d, SG_OP_ADD, NULL, b->u.items[j]);
        d->depth--;
    }
    free(seen);
}

/* Unordered list without identity: equal elements pair first; leftover
 * mappings pair by similarity (>= 0.5) and are descended; the rest are
 * removed and added. */
static void diff_by_content(dctx *d, const sg_node *a, const sg_node *b, bool ref)
{
    int *pa = sg_xmalloc((a->len + 1) * sizeof *pa);
    int *pb = sg_xmalloc((b->len + 1) * sizeof *pb);
    for (uint32_t i = 0; i < a->len; i++)
        pa[i] = -1;
    for (uint32_t j = 0; j < b->len; j++)
        pb[j] = -1;
    /* Both lists are canonically sorted: equal elements meet in a merge walk. */
    uint32_t i = 0, j = 0;
    while (i < a->len && j < b->len) {
        int c = sg_node_compare(a->u.items[i], b->u.items[j]);
        if (c == 0) {
            pa[i] = (int)j;
            pb[j] = (int)i;
            i++;
            j++;
        } else if (c < 0) {
            i++;
        } else {
            j++;
        }
    }
    if (d->renames) /* equal up to a renamed reference */
        for (i = 0; i < a->len; i++)
            for (j = 0; j < b->len && pa[i] < 0; j++)
                if (pb[j] < 0 && same(d, a->u.items[i], b->u.items[j], ref)) {
                    pa[i] = (int)j;
                    pb[j] = (int)i;
                }
    /* One leftover mapping on each side: the same element, changed. */
    int na = 0, nb = 0;
    for (i = 0; i < a->len; i++)
        na += pa[i] < 0 && a->u.items[i]->kind == SG_MAP;
    for (j = 0; j < b->len; j++)
        nb += pb[j] < 0 && b->u.items[j]->kind == SG_MAP;
    double floor = na == 1 && nb == 1 ? 0.0 : 0.5;
    for (i = 0; i < a->len; i++) {
        if (pa[i] >= 0 || a->u.items[i]->kind != SG_MAP)
            continue;
        double best = floor;
        int bj = -1;
        for (j = 0; j < b->len && j < 256; j++) {
            if (pb[j] >= 0 || b->u.items[j]->kind != SG_MAP)
                continue;
            double s = sg_resource_similarity(a->u.items[i], b->u.items[j]);
            if (s >= best) {
                best = s;
                bj = (int)j;
            }
        }
        if (bj >= 0) {
            pa[i] = bj;
            pb[bj] = (int)i;
            push_seg(d, (sg_path_seg){NULL, (uint32_t)bj, NULL, NULL});
            diff_value(d, a->u.items[i], b->u.items[bj], ref);
            d->depth--;
        }
    }
    for (i = 0; i < a->len; i++)
        if (pa[i] < 0) {
            push_seg(d, (sg_path_seg){NULL, i, NULL, NULL});
            emit(d, SG_OP_REMOVE, a->u.items[i], NULL);
            d->depth--;
        }
    for (j = 0; j < b->len; j++)
        if (pb[j] < 0) {
            push_seg(d, (sg_path_seg){NULL, j, NULL, NULL});
            emit(d, SG_OP_ADD, NULL, b->u.items[j]);
            d->depth--;
        }
    free(pa);
    free(pb);
}

static void diff_value(dctx *d, const sg_node *a, const sg_node *b, bool ref)
{
    if (same(d, a, b, ref))
        return;
    /* Scalars, kind changes and intrinsic functions are reported whole:
     * "!Sub '${Env}-logs' -> !Ref Name" reads better than its pieces. */
    if (a->kind != b->kind || sg_node_is_scalar(a) || (a->flags & SG_NODE_INTRINSIC) ||
        (b->flags & SG_NODE_INTRINSIC)) {
        emit(d, SG_OP_CHANGE, a, b);
        return;
    }
    if (a->kind == SG_MAP) {
        diff_map(d, a, b);
        return;
    }
    if ((a->flags & SG_NODE_ORDERED) || (b->flags & SG_NODE_ORDERED)) {
        diff_ordered(d, a, b, ref);
        return;
    }
    const char *key = identity_key(a, b);
    if (key)
        diff_by_identity(d, a, b, key);
    else
        diff_by_content(d, a, b, ref);
}

/* ---- entries --------------------------------------------------------------------- */

typedef struct entries {
    sg_entry *v;
    size_t n, cap;
} entries;

static sg_entry *new_entry(entries *e, sg_section s)
{
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 64;
        e->v = sg_xrealloc(e->v, e->cap * sizeof *e->v);
    }
    sg_entry *x = &e->v[e->n++];
    memset(x, 0, sizeof *x);
    x->section = s;
    return x;
}

/* Fills x's changes from its two values and derives the status. */
static void compare_entry(dctx *d, sg_entry *x)
{
    if (!x->old || !x->new) {
        x->status = x->old ? SG_REMOVED : SG_ADDED;
        return;
    }
    d->nch = 0;
    d->depth = 0;
    diff_value(d, x->old, x->new, false);
    x->nchanges = d->nch;
    if (d->nch) {
        x->changes = sg_arena_alloc(d->a, d->nch * sizeof *x->changes);
        memcpy(x->changes, d->ch, d->nch * sizeof *x->changes);
    }
    bool renamed = x->old_id && x->new_id && strcmp(x->old_id, x->new_id) != 0 &&
                   x->match && strcmp(x->match, "rename") == 0;
    x->status = renamed ? SG_RENAMED : d->nch ? SG_MODIFIED : SG_UNCHANGED;
}

static void diff_named(dctx *d, entries *e, sg_section s, const sg_node *a, const sg_node *b)
{
    static const sg_node empty = {.kind = SG_MAP};
    if (!a || a->kind != SG_MAP || !b || b->kind != SG_MAP) {
        /* a section that is not a mapping is compared whole */
        if (!a && !b)
            return;
        if ((a && a->kind != SG_MAP) || (b && b->kind != SG_MAP)) {
            sg_entry *x = new_entry(e, s);
            x->old = a;
            x->new = b;
            x->old_key = d->old->section_key[s];
            x->new_key = d->new->section_key[s];
            compare_entry(d, x);
            return;
        }
        if (!a)
            a = &empty;
        if (!b)
            b = &empty;
    }
    uint32_t i = 0, j = 0;
    while (i < a->len || j < b->len) {
        int c = i == a->len ? 1 : j == b->len ? -1
                : strcmp(a->u.pairs[i].key->u.str, b->u.pairs[j].key->u.str);
        sg_entry *x = new_entry(e, s);
        if (c <= 0) {
            x->old_id = a->u.pairs[i].key->u.str;
            x->old_key = a->u.pairs[i].key;
            x->old = a->u.pairs[i++].value;
        }
        if (c >= 0) {
            x->new_id = b->u.pairs[j].key->u.str;
            x->new_key = b->u.pairs[j].key;
            x->new = b->u.pairs[j++].value;
        }
        compare_entry(d, x);
    }
}

static const char *entry_id(const sg_entry *x)
{
    return x->new_id ? x->new_id : x->old_id;
}

static int cmp_entry_id(const void *p, const void *q)
{
    return strcmp(entry_id(p), entry_id(q));
}

static void diff_resources(dctx *d, entries *e)
{
    const sg_template *o = d->old, *n = d->new;
    size_t first = e->n;
    for (size_t i = 0; i < o->nresources; i++) {
        sg_entry *x = new_entry(e, SG_SEC_RESOURCES);
        const sg_resource *r = &o->resources[i];
        x->old_id = r->id;
        x->old_key = r->key;
        x->old = r->body;
        x->old_type = r->type;
        int j = d->match->old_to_new[i];
        if (j >= 0) {
            const sg_resource *s = &n->resources[j];
            x->new_id = s->id;
            x->new_key = s->key;
            x->new = s->body;
            x->new_type = s->type;
            x->similarity = d->match->score[i];
            x->match = d->match->how[i];
        }
        compare_entry(d, x);
    }
    for (size_t j = 0; j < n->nresources; j++) {
        if (d->match->new_to_old[j] >= 0)
            continue;
        sg_entry *x = new_entry(e, SG_SEC_RESOURCES);
        x->new_id = n->resources[j].id;
        x->new_key = n->resources[j].key;
        x->new = n->resources[j].body;
        x->new_type = n->resources[j].type;
        compare_entry(d, x);
    }
    if (e->n - first > 1)
        qsort(e->v + first, e->n - first, sizeof *e->v, cmp_entry_id);
}

static const sg_diff_opts default_opts = {0.5, 0.2, 256};

void sg_diff_templates(sg_arena *a, const sg_template *old, const sg_template *new,
                       const sg_diff_opts *opts, sg_diff *out)
{
    if (!opts)
        opts = &default_opts;
    sg_match m;
    sg_match_resources(a, old, new, opts, &m);
    dctx d = {.a = a, .old = old, .new = new, .match = &m};
    for (size_t i = 0; i < old->nresources; i++)
        if (m.old_to_new[i] >= 0 && strcmp(old->resources[i].id,
                                           new->resources[m.old_to_new[i]].id) != 0)
            d.renames = true;

    entries e = {0};
    for (int s = 0; s < SG_SEC_COUNT; s++) {
        if (s == SG_SEC_RESOURCES) {
            diff_resources(&d, &e);
        } else if (sg_section_is_scalar((sg_section)s)) {
            if (!old->section[s] && !new->section[s])
                continue;
            sg_entry *x = new_entry(&e, (sg_section)s);
            x->old = old->section[s];
            x->new = new->section[s];
            x->old_key = old->section_key[s];
            x->new_key = new->section_key[s];
            compare_entry(&d, x);
        } else {
            diff_named(&d, &e, (sg_section)s, old->section[s], new->section[s]);
        }
    }
    memset(out, 0, sizeof *out);
    out->old = old;
    out->new = new;
    out->nentries = e.n;
    out->entries = sg_arena_alloc(a, (e.n + 1) * sizeof *out->entries);
    if (e.n)
        memcpy(out->entries, e.v, e.n * sizeof *e.v);
    for (size_t i = 0; i < e.n; i++) {
        out->counts[e.v[i].status]++;
        if (e.v[i].section == SG_SEC_RESOURCES)
            out->res_counts[e.v[i].status]++;
    }
    free(e.v);
    free(d.ch);
    free(d.path);
}

bool sg_diff_equivalent(const sg_diff *d)
{
    return d->counts[SG_UNCHANGED] == d->nentries;
}
