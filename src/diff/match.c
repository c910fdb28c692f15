/* match.c - pair the resources of two templates.
 *
 * Three passes, each only over what the previous left unpaired:
 *   1. same logical ID (a merge walk: both lists are sorted);
 *   2. same ID once a CDK 8-hex-digit hash suffix is removed, same type;
 *   3. renames: within each resource type, every unpaired OLD x NEW pair
 *      (bounded per type) is scored and the best pairs above the threshold
 *      are taken greedily.  Score = 0.8 x property similarity + 0.2 x
 *      logical-ID similarity (docs/diff.md). */
#include <stdlib.h>
#include <string.h>

#include "stackgap/diff.h"
#include "stackgap/normalize.h"

/* ---- features and similarity ------------------------------------------------ */

typedef struct feats {
    uint64_t *v;
    size_t n, cap;
} feats;

static uint64_t mix64(uint64_t h)
{
    h ^= h >> 31;
    h *= 0x7fb5d329728ea185ULL;
    h ^= h >> 27;
    h *= 0x81dadef4bc2dd44dULL;
    h ^= h >> 33;
    return h;
}

static void feats_add(feats *f, uint64_t x)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 32;
        f->v = sg_xrealloc(f->v, f->cap * sizeof *f->v);
    }
    f->v[f->n++] = x;
}

/* Features are the leaves: (path, value) for every scalar, intrinsic
 * function or empty container below the body, with list indices left out
 * of the path (order does not matter).  One changed value changes one
 * feature; subtrees deeper than 6 levels count as one leaf. */
static void collect(feats *f, const sg_node *n, uint64_t path, int depth)
{
    bool leaf = sg_node_is_scalar(n) || (n->flags & SG_NODE_INTRINSIC) || n->len == 0 ||
                depth >= 6;
    if (leaf) {
        if (depth > 0)
            feats_add(f, mix64(path ^ n->hash));
        return;
    }
    if (n->kind == SG_MAP) {
        for (uint32_t i = 0; i < n->len; i++) {
            const sg_pair *p = &n->u.pairs[i];
            if (depth == 0 && strcmp(p->key->u.str, "Type") == 0)
                continue; /* compared within one type anyway */
            collect(f, p->value, mix64(path * 31 + p->key->hash), depth + 1);
        }
    } else {
        for (uint32_t i = 0; i < n->len; i++)
            collect(f, n->u.items[i], mix64(path * 37 + 0x5b5d), depth + 1);
    }
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

static void feats_of(feats *f, const sg_node *body)
{
    f->n = 0;
    collect(f, body, 0x1234567, 0);
    if (f->n > 1)
        qsort(f->v, f->n, sizeof *f->v, cmp_u64);
}

/* Jaccard index of two sorted multisets. */
static double jaccard(const feats *a, const feats *b)
{
    if (a->n == 0 && b->n == 0)
        return 1.0;
    size_t i = 0, j = 0, both = 0;
    while (i < a->n && j < b->n) {
        if (a->v[i] == b->v[j]) {
            both++;
            i++;
            j++;
        } else if (a->v[i] < b->v[j]) {
            i++;
        } else {
            j++;
        }
    }
    return (double)both / (double)(a->n + b->n - both);
}

double sg_resource_similarity(const sg_node *a, const sg_node *b)
{
    feats fa = {0}, fb = {0};
    feats_of(&fa, a);
    feats_of(&fb, b);
    double s = jaccard(&fa, &fb);
    free(fa.v);
    free(fb.v);
    return s;
}

/* Dice coefficient over case-folded character bigrams of two logical IDs. */
static double id_similarity(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na < 2 || nb < 2)
        return strcmp(a, b) == 0 ? 1.0 : 0.0;
    unsigned short ba[64], bb[64];
    size_t ka = 0, kb = 0;
    /* bytes as unsigned: logical IDs from hostile input may hold any byte */
    const unsigned char *ua = (const unsigned char *)a, *ub = (const unsigned char *)b;
    for (size_t i = 0; i + 1 < na && ka < 64; i++)
        ba[ka++] = (unsigned short)(((ua[i] | 0x20u) << 8) | (ua[i + 1] | 0x20u));
    for (size_t i = 0; i + 1 < nb && kb < 64; i++)
        bb[kb++] = (unsigned short)(((ub[i] | 0x20u) << 8) | (ub[i + 1] | 0x20u));
    size_t both = 0;
    bool used[64] = {false};
    for (size_t i = 0; i < ka; i++)
        for (size_t j = 0; j < kb; j++)
            if (!used[j] && ba[i] == bb[j]) {
                used[j] = true;
                both++;
                break;
            }
    return 2.0 * (double)both / (double)(ka + kb);
}

/* ---- passes ------------------------------------------------------------------- */

typedef struct cand {
    double score;
    int o, n;
} cand;

static int cmp_cand(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->o != b->o)
        return a->o < b->o ? -1 : 1;
    return (a->n > b->n) - (a->n < b->n);
}

typedef struct by_type {
    const char *type;
    int idx;
} by_type;

static int cmp_by_type(const void *x, const void *y)
{
    const by_type *a = x, *b = y;
    int c = strcmp(a->type, b->type);
    return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

static void pair(sg_match *m, int o, int n, double score, const char *how)
{
    m->old_to_new[o] = n;
    m->new_to_old[n] = o;
    m->score[o] = score;
    m->how[o] = how;
}

static void pass_ids(const sg_template *old, const sg_template *new, sg_match *m)
{
    size_t i = 0, j = 0;
    while (i < old->nresources && j < new->nresources) {
        int c = strcmp(old->resources[i].id, new->resources[j].id);
        if (c == 0)
            pair(m, (int)i++, (int)j++, 1.0, "id");
        else if (c < 0)
            i++;
        else
            j++;
    }
}

typedef struct by_match_id {
    const char *match_id;
    const char *type;
    int idx;
} by_match_id;

static int cmp_match_id(const void *x, const void *y)
{
    const by_match_id *a = x, *b = y;
    int c = strcmp(a->match_id, b->match_id);
    if (!c)
        c = strcmp(a->type, b->type);
    return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

/* Unpaired NEW resources sorted by (ID without suffix, type); each unpaired
 * OLD one looks its key up: n log n, not OLD x NEW. */
static void pass_cdk_suffix(const sg_template *old, const sg_template *new, sg_match *m)
{
    by_match_id *v = sg_xmalloc((new->nresources + 1) * sizeof *v);
    size_t n = 0;
    for (size_t j = 0; j < new->nresources; j++)
        if (m->new_to_old[j] < 0)
            v[n++] = (by_match_id){new->resources[j].match_id, new->resources[j].type, (int)j};
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_match_id);
    for (size_t i = 0; i < old->nresources && n; i++) {
        const sg_resource *o = &old->resources[i];
        if (m->old_to_new[i] >= 0)
            continue;
        /* first entry with this (match_id, type) */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = strcmp(v[mid].match_id, o->match_id);
            if (!c)
                c = strcmp(v[mid].type, o->type);
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t count = 0, found = lo;
        for (size_t k = lo; k < n && strcmp(v[k].match_id, o->match_id) == 0 &&
                            strcmp(v[k].type, o->type) == 0; k++)
            if (m->new_to_old[v[k].idx] < 0)
                count++, found = k;
        /* a suffix on at least one side, and the pairing is unambiguous */
        if (count == 1 && (o->match_id != o->id || new->resources[v[found].idx].match_id !=
                                                       new->resources[v[found].idx].id))
            pair(m, (int)i, v[found].idx, 1.0, "cdk-suffix");
    }
    free(v);
}

static size_t unpaired_by_type(const sg_template *t, const int *partner, by_type *out)
{
    size_t k = 0;
    for (size_t i = 0; i < t->nresources; i++)
        if (partner[i] < 0)
            out[k++] = (by_type){t->resources[i].type, (int)i};
    if (k > 1)
        qsort(out, k, sizeof *out, cmp_by_type);
    return k;
}

static void pass_renames(const sg_template *old, const sg_template *new,
                         const sg_diff_opts *opts, sg_match *m)
{
    by_type *uo = sg_xmalloc((old->nresources + 1) * sizeof *uo);
    by_type *un = sg_xmalloc((new->nresources + 1) * sizeof *un);
    size_t no = unpaired_by_type(old, m->old_to_new, uo);
    size_t nn = unpaired_by_type(new, m->new_to_old, un);
    cand *cands = NULL;
    size_t ncands = 0, capcands = 0;
    feats fo = {0};
    feats *fnew = NULL;

    size_t i = 0, j = 0;
    while (i < no && j < nn) {
        int c = strcmp(uo[i].type, un[j].type);
        if (c < 0) {
            i++;
            continue;
        }
        if (c > 0) {
            j++;
            continue;
        }
        size_t ie = i, je = j;
        while (ie < no && strcmp(uo[ie].type, uo[i].type) == 0)
            ie++;
        while (je < nn && strcmp(un[je].type, un[j].type) == 0)
            je++;
        size_t co = ie - i, cn = je - j;
        if (co > opts->rename_max_candidates)
            co = opts->rename_max_candidates;
        if (cn > opts->rename_max_candidates)
            cn = opts->rename_max_candidates;
        double threshold = co == 1 && cn == 1 ? opts->rename_threshold_single
                                              : opts->rename_threshold;
        fnew = sg_xrealloc(fnew, cn * sizeof *fnew);
        for (size_t y = 0; y < cn; y++) {
            fnew[y] = (feats){0};
            feats_of(&fnew[y], new->resources[un[j + y].idx].body);
        }
        for (size_t x = 0; x < co; x++) {
            const sg_resource *ro = &old->resources[uo[i + x].idx];
            feats_of(&fo, ro->body);
            for (size_t y = 0; y < cn; y++) {
                const sg_resource *rn = &new->resources[un[j + y].idx];
                double s = 0.8 * jaccard(&fo, &fnew[y]) + 0.2 * id_similarity(ro->id, rn->id);
                if (s < threshold)
                    continue;
                if (ncands == capcands) {
                    capcands = capcands ? capcands * 2 : 64;
                    cands = sg_xrealloc(cands, capcands * sizeof *cands);
                }
                cands[ncands++] = (cand){s, uo[i + x].idx, un[j + y].idx};
            }
        }
        for (size_t y = 0; y < cn; y++)
            free(fnew[y].v);
        i = ie;
        j = je;
    }
    if (ncands)
        qsort(cands, ncands, sizeof *cands, cmp_cand);
    for (size_t k = 0; k < ncands; k++)
        if (m->old_to_new[cands[k].o] < 0 && m->new_to_old[cands[k].n] < 0)
            pair(m, cands[k].o, cands[k].n, cands[k].score, "rename");
    free(cands);
    free(fnew);
    free(fo.v);
    free(uo);
    free(un);
}

void sg_match_resources(sg_arena *a, const sg_template *old, const sg_template *new,
                        const sg_diff_opts *opts, sg_match *out)
{
    size_t no = old->nresources, nn = new->nresources;
    out->old_to_new = sg_arena_alloc(a, (no + 1) * sizeof(int));
    out->new_to_old = sg_arena_alloc(a, (nn + 1) * sizeof(int));
    out->score = sg_arena_calloc(a, no + 1, sizeof(double));
    out->how = sg_arena_calloc(a, no + 1, sizeof(char *));
    for (size_t i = 0; i < no; i++)
        out->old_to_new[i] = -1;
    for (size_t j = 0; j < nn; j++)
        out->new_to_old[j] = -1;
    pass_ids(old, new, out);
    pass_cdk_suffix(old, new, out);
    pass_renames(old, new, opts, out);
}
