/* graph.c - the resource graph model and its folded view (graph.h).
 *
 * Building: one node per diff entry of the Resources section; each side's
 * resources are walked with the shared reference walker (refs.h) and every
 * reference to a resource of the same side becomes an edge between the
 * nodes of the two resources, so a reference that follows a rename is the
 * same edge on both sides.
 *
 * Folding (docs/graph.md): past SG_GRAPH_FOLD_AT resources, the view keeps
 * up to KEEP_MAX resources one by one - those with a status first (missing,
 * extra, replaced, changed, renamed; by id within a status), then the
 * unchanged direct neighbours of those, by id.  A status's resources past
 * the budget become one summary node of that status.  The remaining
 * unchanged resources are grouped by connected component (edges among
 * themselves); the MAX_GROUPS largest components that touch a kept node get
 * a summary node each, every other one shares a last "other" node. */
#include "stackgap/graph.h"
#include "stackgap/report.h"

#include <stdlib.h>
#include <string.h>

#define MAX_GROUPS 6
/* kept nodes + a summary per status + groups + "other" = SG_GRAPH_MAX_NODES */
#define KEEP_MAX (SG_GRAPH_MAX_NODES - (SG_GRAPH_STATUS_COUNT - 2) - MAX_GROUPS - 1)
#define NONE UINT32_MAX

const char *sg_graph_status_name(sg_graph_status s)
{
    static const char *const names[SG_GRAPH_STATUS_COUNT] = {
        "unchanged", "missing", "extra", "replaced", "changed", "renamed", "folded"};
    return s < SG_GRAPH_STATUS_COUNT ? names[s] : "?";
}

_Static_assert(SG_REF_REF == 0 && SG_REF_GETATT == 1 && SG_REF_SUB == 2 && SG_REF_DEPENDSON == 3,
               "edge labels are indexed by these bits");

const char *sg_graph_edge_label(unsigned kinds)
{
    /* indexed by the bits Ref, GetAtt, Sub, DependsOn; a plain Ref is the default */
    static const char *const labels[16] = {
        "",          "",                  "GetAtt",           "Ref+GetAtt",
        "Sub",       "Ref+Sub",           "GetAtt+Sub",       "Ref+GetAtt+Sub",
        "DependsOn", "Ref+DependsOn",     "GetAtt+DependsOn", "Ref+GetAtt+DependsOn",
        "Sub+DependsOn", "Ref+Sub+DependsOn", "GetAtt+Sub+DependsOn", "Ref+GetAtt+Sub+DependsOn"};
    return labels[kinds & 15u];
}

/* C1 controls, the line and paragraph separators (line ends to JavaScript,
 * so to Mermaid's parser) and bidirectional overrides. */
static bool invisible(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (len == 2)
        return u[0] == 0xC2 && u[1] < 0xA0;
    if (len == 3 && u[0] == 0xE2 && u[1] == 0x80)
        return u[2] >= 0xA8 && u[2] <= 0xAE;
    if (len == 3 && u[0] == 0xE2 && u[1] == 0x81)
        return u[2] >= 0xA6 && u[2] <= 0xA9;
    return false;
}

void sg_graph_label(sg_strbuf *b, const char *s, size_t max_chars)
{
    size_t n = s ? strlen(s) : 0, chars = 0;
    for (size_t i = 0; i < n;) {
        if (chars == max_chars && max_chars) {
            sg_strbuf_puts(b, "\xE2\x80\xA6"); /* … */
            return;
        }
        unsigned char c = (unsigned char)s[i];
        chars++;
        if (c < 0x20 || c == 0x7f) {
            sg_strbuf_putc(b, ' ');
            i++;
        } else if (c < 0x80) {
            sg_strbuf_putc(b, (char)c);
            i++;
        } else {
            size_t len = sg_utf8_seq((const unsigned char *)s + i, n - i);
            if (!len)
                sg_strbuf_puts(b, "\xEF\xBF\xBD");
            else if (invisible(s + i, len))
                sg_strbuf_putc(b, ' ');
            else
                sg_strbuf_putn(b, s + i, len);
            i += len ? len : 1;
        }
    }
}

/* ---- building ---------------------------------------------------------------- */

static int cmp_node(const void *p, const void *q)
{
    const sg_graph_node *x = p, *y = q;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    return strcmp(x->old_id ? x->old_id : "", y->old_id ? y->old_id : "");
}

typedef struct raw_edge {
    uint32_t from, to;
    unsigned old_bits, new_bits;
} raw_edge;

static int cmp_edge(const void *p, const void *q)
{
    const raw_edge *x = p, *y = q;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    return 0;
}

typedef struct collect {
    raw_edge *v;
    size_t n, cap;
    const sg_template *t;
    const uint32_t *node_of; /* per resource of t */
    uint32_t from;
    bool is_new;
} collect;

static void push_edge(raw_edge **v, size_t *n, size_t *cap, raw_edge e)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        *v = sg_xrealloc(*v, *cap * sizeof **v);
    }
    (*v)[(*n)++] = e;
}

static void on_ref(void *ctx, sg_ref_kind kind, const char *s, size_t n, const sg_node *at)
{
    collect *c = ctx;
    long r = sg_template_resource_index(c->t, s, n);
    if (r < 0 || c->node_of[r] == NONE)
        return;
    unsigned bit = 1u << kind;
    push_edge(&c->v, &c->n, &c->cap,
              (raw_edge){c->from, c->node_of[r], c->is_new ? 0 : bit, c->is_new ? bit : 0});
}

static void walk_side(collect *c, const sg_template *t, const uint32_t *node_of, bool is_new)
{
    c->t = t;
    c->node_of = node_of;
    c->is_new = is_new;
    for (size_t i = 0; i < t->nresources; i++) {
        if (node_of[i] == NONE)
            continue;
        c->from = node_of[i];
        sg_refs_resource(t->resources[i].body, on_ref, c);
    }
}

/* Sorts and merges raw edges into g's arena array. */
static void set_edges(sg_arena *a, sg_graph *g, raw_edge *v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_edge);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && v[m - 1].from == v[i].from && v[m - 1].to == v[i].to) {
            v[m - 1].old_bits |= v[i].old_bits;
            v[m - 1].new_bits |= v[i].new_bits;
        } else {
            v[m++] = v[i];
        }
    }
    g->edges = sg_arena_alloc(a, (m ? m : 1) * sizeof *g->edges);
    for (size_t i = 0; i < m; i++)
        g->edges[i] = (sg_graph_edge){v[i].from, v[i].to, v[i].old_bits, v[i].new_bits};
    g->nedges = m;
}

static sg_graph_status node_status(sg_status s)
{
    switch (s) {
    case SG_ADDED: return SG_GRAPH_MISSING;
    case SG_REMOVED: return SG_GRAPH_EXTRA;
    case SG_MODIFIED: return SG_GRAPH_CHANGED;
    case SG_RENAMED: return SG_GRAPH_RENAMED;
    default: return SG_GRAPH_UNCHANGED;
    }
}

static uint32_t *side_map(const sg_template *t, const sg_graph *g, bool is_new)
{
    uint32_t *m = sg_xmalloc((t->nresources ? t->nresources : 1) * sizeof *m);
    for (size_t i = 0; i < t->nresources; i++)
        m[i] = NONE;
    for (size_t k = 0; k < g->nnodes; k++) {
        const sg_graph_node *x = &g->nodes[k];
        const char *id = is_new ? (x->status == SG_GRAPH_EXTRA ? NULL : x->id)
                                : (x->status == SG_GRAPH_MISSING ? NULL
                                   : x->old_id             ? x->old_id
                                                           : x->id);
        const sg_resource *r = id ? sg_template_resource(t, id) : NULL;
        if (r)
            m[r - t->resources] = (uint32_t)k;
    }
    return m;
}

sg_graph *sg_graph_build(sg_arena *a, const sg_template *old, const sg_template *new,
                         const sg_diff *d)
{
    sg_graph *g = sg_arena_calloc(a, 1, sizeof *g);
    g->old_name = "old";
    g->new_name = "new";
    g->missing_word = "missing";
    g->extra_word = "extra";
    size_t n = 0;
    for (size_t i = 0; i < d->nentries; i++)
        n += d->entries[i].section == SG_SEC_RESOURCES;
    g->nodes = sg_arena_calloc(a, n ? n : 1, sizeof *g->nodes);
    for (size_t i = 0; i < d->nentries; i++) {
        const sg_entry *e = &d->entries[i];
        if (e->section != SG_SEC_RESOURCES)
            continue;
        sg_graph_node *x = &g->nodes[g->nnodes++];
        x->status = node_status(e->status);
        x->id = e->new_id ? e->new_id : e->old_id ? e->old_id : "";
        /* renamed or matched across a CDK hash suffix: the OLD side's edges use it */
        x->old_id = e->old_id && e->new_id && strcmp(e->old_id, e->new_id) != 0 ? e->old_id
                                                                                : NULL;
        x->type = e->new_type ? e->new_type : e->old_type ? e->old_type : "";
        x->members = 1;
    }
    if (g->nnodes > 1)
        qsort(g->nodes, g->nnodes, sizeof *g->nodes, cmp_node);
    g->resources = g->nnodes;

    collect c = {0};
    uint32_t *om = side_map(old, g, false), *nm = side_map(new, g, true);
    walk_side(&c, old, om, false);
    walk_side(&c, new, nm, true);
    set_edges(a, g, c.v, c.n);
    free(om);
    free(nm);
    free(c.v);
    return g;
}

bool sg_graph_mark_replaced(sg_graph *g, const char *id)
{
    bool found = false;
    for (size_t i = 0; i < g->nnodes; i++) {
        sg_graph_node *x = &g->nodes[i];
        if (x->status != SG_GRAPH_FOLDED &&
            (strcmp(x->id, id) == 0 || (x->old_id && strcmp(x->old_id, id) == 0))) {
            x->status = SG_GRAPH_REPLACED;
            found = true;
        }
    }
    return found;
}

/* ---- the folded view ----------------------------------------------------------- */

static uint32_t uf_find(uint32_t *parent, uint32_t x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

typedef struct group {
    uint32_t root, first; /* first = smallest member index */
    size_t size;
    bool attached;
} group;

static int cmp_group(const void *p, const void *q)
{
    const group *x = p, *y = q;
    if (x->attached != y->attached)
        return x->attached ? -1 : 1;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

static int cmp_str(const void *p, const void *q)
{
    return strcmp(*(const char *const *)p, *(const char *const *)q);
}

/* "AWS::EC2::Subnet ×5, AWS::IAM::Role ×3, …": the commonest types of the
 * nodes whose disp is `which`. */
static const char *top_types(sg_arena *a, const sg_graph *g, const uint32_t *disp, uint32_t which)
{
    const char **t = sg_xmalloc((g->nnodes ? g->nnodes : 1) * sizeof *t);
    size_t n = 0;
    for (size_t i = 0; i < g->nnodes; i++)
        if (disp[i] == which)
            t[n++] = g->nodes[i].type;
    qsort(t, n, sizeof *t, cmp_str);
    const char *best[2] = {NULL, NULL};
    size_t cnt[2] = {0, 0}, kinds = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && strcmp(t[j], t[i]) == 0)
            j++;
        kinds++;
        size_t c = j - i;
        if (c > cnt[0]) {
            best[1] = best[0], cnt[1] = cnt[0];
            best[0] = t[i], cnt[0] = c;
        } else if (c > cnt[1]) {
            best[1] = t[i], cnt[1] = c;
        }
        i = j;
    }
    free(t);
    sg_strbuf b = SG_STRBUF_INIT;
    for (int k = 0; k < 2 && best[k]; k++)
        sg_strbuf_printf(&b, "%s%s \xC3\x97%zu", k ? ", " : "", best[k][0] ? best[k] : "(no Type)",
                         cnt[k]);
    if (kinds > 2)
        sg_strbuf_puts(&b, ", \xE2\x80\xA6");
    const char *s = sg_arena_strdup(a, b.data ? b.data : "");
    sg_strbuf_free(&b);
    return s;
}

static sg_graph *copy_graph(sg_arena *a, const sg_graph *g)
{
    sg_graph *v = sg_arena_alloc(a, sizeof *v);
    *v = *g;
    v->nodes = sg_arena_alloc(a, (g->nnodes ? g->nnodes : 1) * sizeof *v->nodes);
    if (g->nnodes)
        memcpy(v->nodes, g->nodes, g->nnodes * sizeof *v->nodes);
    v->edges = sg_arena_alloc(a, (g->nedges ? g->nedges : 1) * sizeof *v->edges);
    if (g->nedges)
        memcpy(v->edges, g->edges, g->nedges * sizeof *v->edges);
    v->resources = g->nnodes;
    v->folded = 0;
    return v;
}

sg_graph *sg_graph_view(sg_arena *a, const sg_graph *g)
{
    size_t n = g->nnodes;
    if (n <= SG_GRAPH_FOLD_AT)
        return copy_graph(a, g);
    /* where each node is drawn; NONE until decided, so that top_types() never
     * counts a node that is not (yet) in the summary it describes */
    uint32_t *disp = sg_xmalloc(n * sizeof *disp);
    for (size_t i = 0; i < n; i++)
        disp[i] = NONE;
    bool *keep = calloc(n, sizeof *keep), *near = calloc(n, sizeof *near);
    if (!keep || !near)
        abort();
    size_t kept = 0, over[SG_GRAPH_STATUS_COUNT] = {0};
    for (int s = SG_GRAPH_MISSING; s <= SG_GRAPH_RENAMED; s++)
        for (size_t i = 0; i < n; i++) {
            if (g->nodes[i].status != (sg_graph_status)s)
                continue;
            if (kept < KEEP_MAX)
                keep[i] = true, kept++;
            else
                over[s]++;
        }
    for (size_t e = 0; e < g->nedges; e++) {
        uint32_t f = g->edges[e].from, t = g->edges[e].to;
        if (keep[f] && g->nodes[t].status == SG_GRAPH_UNCHANGED)
            near[t] = true;
        if (keep[t] && g->nodes[f].status == SG_GRAPH_UNCHANGED)
            near[f] = true;
    }
    for (size_t i = 0; i < n && kept < KEEP_MAX; i++)
        if (near[i] && !keep[i])
            keep[i] = true, kept++;

    /* components of the folded unchanged resources */
    uint32_t *parent = sg_xmalloc(n * sizeof *parent);
    for (uint32_t i = 0; i < n; i++)
        parent[i] = i;
    bool *attached = near; /* reused: per root, touches a kept node */
    memset(attached, 0, n * sizeof *attached);
    for (size_t e = 0; e < g->nedges; e++) {
        uint32_t f = g->edges[e].from, t = g->edges[e].to;
        bool ff = !keep[f] && g->nodes[f].status == SG_GRAPH_UNCHANGED;
        bool tf = !keep[t] && g->nodes[t].status == SG_GRAPH_UNCHANGED;
        if (ff && tf) {
            uint32_t x = uf_find(parent, f), y = uf_find(parent, t);
            if (x != y)
                parent[x > y ? x : y] = x < y ? x : y; /* smallest index is the root */
        }
    }
    for (size_t e = 0; e < g->nedges; e++) {
        uint32_t f = g->edges[e].from, t = g->edges[e].to;
        if (keep[f] != keep[t]) {
            uint32_t other = keep[f] ? t : f;
            if (g->nodes[other].status == SG_GRAPH_UNCHANGED)
                attached[uf_find(parent, other)] = true;
        }
    }
    group *groups = sg_xmalloc(n * sizeof *groups);
    size_t ngroups = 0, nfolded = 0;
    uint32_t *gi = sg_xmalloc(n * sizeof *gi); /* per root: its group */
    for (uint32_t i = 0; i < n; i++) {
        if (keep[i] || g->nodes[i].status != SG_GRAPH_UNCHANGED)
            continue;
        nfolded++;
        uint32_t r = uf_find(parent, i);
        if (r == i) {
            gi[r] = (uint32_t)ngroups;
            groups[ngroups++] = (group){r, i, 0, attached[r]};
        }
        groups[gi[r]].size++;
    }
    qsort(groups, ngroups, sizeof *groups, cmp_group);
    size_t own = 0; /* groups with a node of their own */
    while (own < ngroups && own < MAX_GROUPS && groups[own].attached)
        own++;

    /* view nodes: kept, per-status overflow, groups, other */
    sg_graph *v = sg_arena_calloc(a, 1, sizeof *v);
    v->old_name = g->old_name;
    v->new_name = g->new_name;
    v->missing_word = g->missing_word;
    v->extra_word = g->extra_word;
    v->resources = n;
    v->nodes = sg_arena_calloc(a, SG_GRAPH_MAX_NODES, sizeof *v->nodes);
    for (size_t i = 0; i < n; i++)
        if (keep[i]) {
            disp[i] = (uint32_t)v->nnodes;
            v->nodes[v->nnodes++] = g->nodes[i];
        }
    size_t first_summary = v->nnodes;
    for (int s = SG_GRAPH_MISSING; s <= SG_GRAPH_RENAMED; s++) {
        if (!over[s])
            continue;
        uint32_t k = (uint32_t)v->nnodes++;
        for (size_t i = 0; i < n; i++)
            if (!keep[i] && g->nodes[i].status == (sg_graph_status)s)
                disp[i] = k;
        v->nodes[k] = (sg_graph_node){
            sg_arena_printf(a, "%zu more %s resource%s", over[s], sg_graph_status_name(s),
                            over[s] == 1 ? "" : "s"),
            NULL, top_types(a, g, disp, k), (sg_graph_status)s, over[s]};
        v->folded += over[s];
    }
    for (size_t k = 0; k < own; k++)
        gi[groups[k].root] = (uint32_t)(v->nnodes + k);
    uint32_t other = own < ngroups ? (uint32_t)(v->nnodes + own) : NONE;
    for (size_t k = own; k < ngroups; k++)
        gi[groups[k].root] = other;
    for (size_t i = 0; i < n; i++)
        if (!keep[i] && g->nodes[i].status == SG_GRAPH_UNCHANGED)
            disp[i] = gi[uf_find(parent, (uint32_t)i)];
    for (size_t k = 0; k <= own && k < ngroups; k++) {
        uint32_t idx = (uint32_t)v->nnodes++;
        size_t members = 0;
        for (size_t j = (k < own ? k : own); j < (k < own ? k + 1 : ngroups); j++)
            members += groups[j].size;
        v->nodes[idx] = (sg_graph_node){
            sg_arena_printf(a, "%zu %sunchanged resource%s", members, k == own && own ? "other " : "",
                            members == 1 ? "" : "s"),
            NULL, top_types(a, g, disp, idx), SG_GRAPH_FOLDED, members};
    }
    v->folded += nfolded;

    /* view edges: endpoints mapped, merged; no loops on summary nodes */
    raw_edge *re = NULL;
    size_t nre = 0, cap = 0;
    for (size_t e = 0; e < g->nedges; e++) {
        const sg_graph_edge *x = &g->edges[e];
        uint32_t f = disp[x->from], t = disp[x->to];
        if (f == t && f >= first_summary)
            continue;
        push_edge(&re, &nre, &cap, (raw_edge){f, t, x->kinds_old, x->kinds_new});
    }
    set_edges(a, v, re, nre);
    free(re);
    free(groups);
    free(gi);
    free(parent);
    free(keep);
    free(near);
    free(disp);
    return v;
}

void sg_graph_view_note(sg_strbuf *b, const sg_graph *view)
{
    if (!view->folded)
        return;
    size_t one = view->resources - view->folded, summaries = 0, differ = 0;
    for (size_t i = one; i < view->nnodes; i++) {
        summaries++;
        if (view->nodes[i].status != SG_GRAPH_FOLDED)
            differ += view->nodes[i].members;
    }
    sg_strbuf_printf(b, "Showing %zu of %zu resources one by one: ", one, view->resources);
    if (differ)
        sg_strbuf_printf(b, "the first %zu that differ (by status, then id)", one);
    else
        sg_strbuf_puts(b, "every resource that differs and its direct neighbours");
    sg_strbuf_printf(b, ". The other %zu", view->folded);
    if (differ)
        sg_strbuf_printf(b, ", %zu of them different,", differ);
    sg_strbuf_printf(b, " are folded into %zu summary node%s.\n", summaries,
                     summaries == 1 ? "" : "s");
}

sg_graph *sg_report_graph(sg_arena *a, const sg_report *r, const char *old_name,
                          const char *new_name)
{
    if (!r->model || (!r->model->nresources && !r->ideal->nresources))
        return NULL;
    sg_graph *g = sg_graph_build(a, r->model, r->ideal, &r->diff);
    g->old_name = old_name;
    g->new_name = new_name;
    return g;
}

void sg_graph_as_change(sg_graph *g)
{
    g->missing_word = "removed";
    g->extra_word = "added";
    for (size_t i = 0; i < g->nnodes; i++) {
        sg_graph_node *x = &g->nodes[i];
        if (x->old_id) {
            const char *t = x->id; /* the graph's NEW side is the comment's OLD template */
            x->id = x->old_id;
            x->old_id = t;
        }
    }
}
