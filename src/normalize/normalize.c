/* normalize.c - canonical form of a template (see normalize.h and
 * docs/normalization.md for every rule with an example).
 *
 * One recursive pass builds a new tree bottom-up: children first, then the
 * rule for the node's context (its key, whether it sits inside an intrinsic
 * function or an IAM statement), then the node's hash from its children's. */
#include "stackgap/normalize.h"

#include <stdlib.h>
#include <string.h>

#include "stackgap/strbuf.h"

/* ---- hashing --------------------------------------------------------------- */

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

static uint64_t hash_bytes(const char *s, size_t n, uint64_t seed)
{
    uint64_t h = 0xcbf29ce484222325ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return mix(h);
}

static void hash_node(sg_node *n)
{
    uint64_t h;
    switch (n->kind) {
    case SG_SEQ:
        h = 0x5e9;
        for (uint32_t i = 0; i < n->len; i++)
            h = mix(h * 31 + n->u.items[i]->hash);
        break;
    case SG_MAP:
        h = 0x3a9;
        for (uint32_t i = 0; i < n->len; i++)
            h = mix(h * 31 + mix(n->u.pairs[i].key->hash + 0x9e3779b97f4a7c15ULL * n->u.pairs[i].value->hash));
        break;
    default:
        h = hash_bytes(n->u.str, n->len, n->kind);
    }
    n->hash = h ? h : 1; /* 0 means "not hashed" */
}

void sg_node_hash_tree(sg_node *n)
{
    if (n->kind == SG_SEQ)
        for (uint32_t i = 0; i < n->len; i++)
            sg_node_hash_tree(n->u.items[i]);
    else if (n->kind == SG_MAP)
        for (uint32_t i = 0; i < n->len; i++) {
            sg_node_hash_tree(n->u.pairs[i].key);
            sg_node_hash_tree(n->u.pairs[i].value);
        }
    hash_node(n);
}

/* ---- canonical order --------------------------------------------------------- */

static int cmp_scalar(const sg_node *a, const sg_node *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->u.str, b->u.str, n);
    if (c)
        return c;
    return (a->len > b->len) - (a->len < b->len);
}

int sg_node_compare(const sg_node *a, const sg_node *b)
{
    if (a == b)
        return 0;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    uint32_t n = a->len < b->len ? a->len : b->len;
    int c;
    switch (a->kind) {
    case SG_SEQ:
        for (uint32_t i = 0; i < n; i++)
            if ((c = sg_node_compare(a->u.items[i], b->u.items[i])))
                return c;
        break;
    case SG_MAP:
        for (uint32_t i = 0; i < n; i++) {
            if ((c = cmp_scalar(a->u.pairs[i].key, b->u.pairs[i].key)))
                return c;
            if ((c = sg_node_compare(a->u.pairs[i].value, b->u.pairs[i].value)))
                return c;
        }
        break;
    default:
        return cmp_scalar(a, b);
    }
    return (a->len > b->len) - (a->len < b->len);
}

size_t sg_cdk_suffix_len(const char *id)
{
    size_t n = strlen(id);
    if (n <= 8)
        return 0;
    for (size_t i = n - 8; i < n; i++) {
        char c = id[i];
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')))
            return 0;
    }
    /* "Table12345678" would qualify too; CDK suffixes almost always mix
     * letters and digits, so require at least one of each. */
    int digits = 0, letters = 0;
    for (size_t i = n - 8; i < n; i++)
        id[i] <= '9' ? digits++ : letters++;
    return digits && letters ? 8 : 0;
}

/* ---- context tables ------------------------------------------------------------ */

/* Keys whose list value is a set: sorted and de-duplicated. */
static const char *const set_keys[] = {
    "DependsOn", "Action", "NotAction", "Resource", "NotResource",
    "AWS", "Service", "Federated", "CanonicalUser",
};

/* Keys whose list order CloudFormation (or the service) honours. */
static const char *const ordered_keys[] = {
    "Command", "EntryPoint", "CacheBehaviors", "Args", "Arguments", "Steps",
    "Layers",    /* later Lambda layers override earlier ones */
    "Transform", /* macros run in order */
};

/* Intrinsics that always yield one string: as a set they are one element. */
static const char *const string_intrinsics[] = {
    "Fn::Sub", "Fn::GetAtt", "Fn::Join", "Fn::Base64", "Fn::Select",
};

static bool in_table(const char *const *t, size_t n, const char *key)
{
    if (!key)
        return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(t[i], key) == 0)
            return true;
    return false;
}
#define IN(t, k) in_table(t, sizeof t / sizeof t[0], k)

typedef struct ctx {
    sg_arena *a;
    const char *key;  /* key under which the value sits, NULL in lists/at root */
    bool ordered;     /* list order is meaningful here */
    bool statement;   /* inside an IAM policy statement (affects Principal/Action) */
} ctx;

static sg_node *norm(const ctx *c, const sg_node *n);

static sg_node *new_str(sg_arena *a, const char *s, size_t len, const sg_node *pos)
{
    sg_node *r = sg_node_scalar(a, SG_STRING, s, len, pos->line, pos->col);
    hash_node(r);
    return r;
}

/* Integer spellings CloudFormation reads alike: +5, 05 -> 5; -0 -> 0. */
static sg_node *norm_number(sg_arena *a, const sg_node *n)
{
    const char *s = n->u.str;
    size_t len = n->len, i = 0;
    bool neg = false;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        neg = s[i++] == '-';
    size_t digits = i;
    while (digits < len && s[digits] >= '0' && s[digits] <= '9')
        digits++;
    if (digits == len && digits > i) {
        while (i + 1 < len && s[i] == '0')
            i++;
        bool zero = len - i == 1 && s[i] == '0';
        sg_strbuf b = SG_STRBUF_INIT;
        if (neg && !zero)
            sg_strbuf_putc(&b, '-');
        sg_strbuf_putn(&b, s + i, len - i);
        sg_node *r = new_str(a, b.data, b.len, n);
        sg_strbuf_free(&b);
        return r;
    }
    return new_str(a, s, len, n);
}

static int cmp_nodes(const void *x, const void *y)
{
    return sg_node_compare(*(sg_node *const *)x, *(sg_node *const *)y);
}

/* Is v[0..n) already in order?  Then qsort (glibc's is a stable merge sort)
 * would leave it as it is: sorted input - maps generated or written in key
 * order - costs n - 1 comparisons instead of n log n and a buffer. */
static bool in_order(const void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    const char *p = v;
    for (size_t i = 1; i < n; i++)
        if (cmp(p + (i - 1) * size, p + i * size) > 0)
            return false;
    return true;
}

static sg_node *finish_seq(sg_arena *a, sg_node **items, size_t n, const sg_node *pos,
                           bool ordered, bool set)
{
    if (!ordered && n > 1) {
        if (!in_order(items, n, sizeof *items, cmp_nodes))
            qsort(items, n, sizeof *items, cmp_nodes);
        if (set) {
            size_t w = 1;
            for (size_t i = 1; i < n; i++)
                if (!sg_node_equal(items[w - 1], items[i]))
                    items[w++] = items[i];
            n = w;
        }
    }
    sg_node *r = sg_node_seq(a, items, n, pos->line, pos->col);
    if (ordered)
        r->flags |= SG_NODE_ORDERED;
    hash_node(r);
    return r;
}

static sg_node *norm_seq(const ctx *c, const sg_node *n)
{
    sg_node **items = sg_xmalloc((n->len ? n->len : 1) * sizeof *items);
    /* Lists directly inside an intrinsic's arguments (Fn::Join's parts,
     * Fn::Select's list) keep their order too. */
    bool arg_list = c->ordered && c->key && strncmp(c->key, "Fn::", 4) == 0;
    ctx child = {c->a, NULL, arg_list, c->statement};
    for (uint32_t i = 0; i < n->len; i++)
        items[i] = norm(&child, n->u.items[i]);
    bool ordered = c->ordered || IN(ordered_keys, c->key);
    /* sets only where CloudFormation/IAM read them as sets */
    bool set = IN(set_keys, c->key) &&
               (c->statement || (c->key && strcmp(c->key, "DependsOn") == 0));
    sg_node *r = finish_seq(c->a, items, n->len, n, ordered, set);
    free(items);
    return r;
}

/* A scalar where a set is expected becomes a one-element list. */
static sg_node *as_set(const ctx *c, const sg_node *n)
{
    if (n->kind == SG_SEQ)
        return norm_seq(c, n);
    sg_node *one = norm(c, n);
    const char *fn = one->kind == SG_MAP ? sg_node_intrinsic(one) : NULL;
    if (fn && !IN(string_intrinsics, fn))
        return one; /* !Ref ListParam, !If [...], !Split: may be a list at deploy time */
    return finish_seq(c->a, &one, 1, n, false, true);
}

static int cmp_pairs(const void *x, const void *y)
{
    const sg_pair *p = x, *q = y;
    int c = cmp_scalar(p->key, q->key);
    if (c)
        return c;
    /* equal keys: keep source order so the last duplicate wins below */
    if (p->key->line != q->key->line)
        return p->key->line < q->key->line ? -1 : 1;
    return (p->key->col > q->key->col) - (p->key->col < q->key->col);
}

static sg_node *finish_map(sg_arena *a, sg_pair *pairs, size_t n, const sg_node *pos)
{
    if (n > 1) {
        if (!in_order(pairs, n, sizeof *pairs, cmp_pairs))
            qsort(pairs, n, sizeof *pairs, cmp_pairs);
        size_t w = 0;
        for (size_t i = 0; i < n; i++) {
            if (w && cmp_scalar(pairs[w - 1].key, pairs[i].key) == 0)
                pairs[w - 1] = pairs[i]; /* duplicate key: the last one wins */
            else
                pairs[w++] = pairs[i];
        }
        n = w;
    }
    sg_node *r = sg_node_map(a, pairs, n, pos->line, pos->col);
    hash_node(r);
    return r;
}

static sg_node *one_key_map(sg_arena *a, const char *key, sg_node *value, const sg_node *pos)
{
    sg_pair p = {new_str(a, key, strlen(key), pos), value};
    sg_node *r = finish_map(a, &p, 1, pos);
    r->flags |= SG_NODE_INTRINSIC;
    return r;
}

/* "${" in literal text must be written "${!" inside Fn::Sub. */
static void put_sub_literal(sg_strbuf *b, const sg_node *s)
{
    for (uint32_t i = 0; i < s->len; i++) {
        sg_strbuf_putc(b, s->u.str[i]);
        if (s->u.str[i] == '$' && i + 1 < s->len && s->u.str[i + 1] == '{') {
            sg_strbuf_putc(b, '{');
            sg_strbuf_putc(b, '!');
            i++;
        }
    }
}

/* Fn::Sub string with no ${Var}: the plain string, "${!x}" unescaped to "${x}". */
static sg_node *sub_plain(sg_arena *a, const sg_node *s)
{
    const char *t = s->u.str;
    for (uint32_t i = 0; i + 1 < s->len; i++)
        if (t[i] == '$' && t[i + 1] == '{' && !(i + 2 < s->len && t[i + 2] == '!'))
            return NULL;
    sg_strbuf b = SG_STRBUF_INIT;
    for (uint32_t i = 0; i < s->len; i++) {
        sg_strbuf_putc(&b, t[i]);
        if (t[i] == '$' && i + 2 < s->len && t[i + 1] == '{' && t[i + 2] == '!') {
            sg_strbuf_putc(&b, '{');
            i += 2;
        }
    }
    sg_node *r = new_str(a, b.data ? b.data : "", b.len, s);
    sg_strbuf_free(&b);
    return r;
}

static sg_node *norm_sub(sg_arena *a, sg_node *value, const sg_node *pos)
{
    /* [template, {}] -> template */
    if (value->kind == SG_SEQ && value->len == 2 && value->u.items[1]->kind == SG_MAP &&
        value->u.items[1]->len == 0)
        value = value->u.items[0];
    else if (value->kind == SG_SEQ && value->len == 1)
        value = value->u.items[0];
    if (value->kind == SG_STRING) {
        sg_node *plain = sub_plain(a, value);
        if (plain)
            return plain;
    }
    return one_key_map(a, "Fn::Sub", value, pos);
}

/* Fn::Join ["", parts] -> Fn::Sub when every part is text, Ref or GetAtt. */
static sg_node *join_as_sub(sg_arena *a, const sg_node *value, const sg_node *pos)
{
    if (value->kind != SG_SEQ || value->len != 2 || !sg_node_is_str(value->u.items[0], "") ||
        value->u.items[1]->kind != SG_SEQ)
        return NULL;
    const sg_node *parts = value->u.items[1];
    sg_strbuf b = SG_STRBUF_INIT;
    for (uint32_t i = 0; i < parts->len; i++) {
        const sg_node *p = parts->u.items[i];
        const char *fn = sg_node_intrinsic(p);
        const sg_node *arg = fn ? p->u.pairs[0].value : NULL;
        if (p->kind == SG_STRING) {
            put_sub_literal(&b, p);
        } else if (fn && strcmp(fn, "Ref") == 0 && arg->kind == SG_STRING) {
            sg_strbuf_printf(&b, "${%s}", arg->u.str);
        } else if (fn && strcmp(fn, "Fn::GetAtt") == 0 && arg->kind == SG_SEQ &&
                   arg->len == 2 && arg->u.items[0]->kind == SG_STRING &&
                   arg->u.items[1]->kind == SG_STRING) {
            sg_strbuf_printf(&b, "${%s.%s}", arg->u.items[0]->u.str, arg->u.items[1]->u.str);
        } else {
            sg_strbuf_free(&b);
            return NULL;
        }
    }
    sg_node *s = new_str(a, b.data ? b.data : "", b.len, pos);
    sg_strbuf_free(&b);
    return norm_sub(a, s, pos);
}

static sg_node *norm_intrinsic(const ctx *c, const sg_node *n, const char *fn)
{
    sg_arena *a = c->a;
    const sg_node *arg = n->u.pairs[0].value;
    ctx child = {a, fn, true, false};
    sg_node *value = norm(&child, arg);

    if (strcmp(fn, "Fn::GetAtt") == 0 && value->kind == SG_STRING) {
        const char *dot = memchr(value->u.str, '.', value->len);
        if (dot) {
            size_t l = (size_t)(dot - value->u.str);
            sg_node *two[2] = {new_str(a, value->u.str, l, value),
                               new_str(a, dot + 1, value->len - l - 1, value)};
            value = finish_seq(a, two, 2, value, true, false);
        }
    } else if (strcmp(fn, "Fn::Sub") == 0) {
        return norm_sub(a, value, n);
    } else if (strcmp(fn, "Fn::Join") == 0) {
        sg_node *sub = join_as_sub(a, value, n);
        if (sub)
            return sub;
    }
    sg_node *r = one_key_map(a, fn, value, n);
    r->u.pairs[0].key->line = n->u.pairs[0].key->line;
    r->u.pairs[0].key->col = n->u.pairs[0].key->col;
    return r;
}

static bool is_cdk_metadata_resource(const sg_node *body)
{
    return sg_node_is_str(sg_map_get(body, "Type"), "AWS::CDK::Metadata");
}

static sg_node *norm_map(const ctx *c, const sg_node *n)
{
    const char *fn = sg_node_intrinsic(n);
    /* {"Condition": "X"} is an intrinsic inside Conditions/Fn::If, but a resource
     * attribute or statement key elsewhere; only rewrite Fn::* and Ref. */
    if (fn && strcmp(fn, "Condition") != 0)
        return norm_intrinsic(c, n, fn);

    bool statement = c->statement || sg_map_get(n, "Effect") != NULL;
    bool resources = c->key && strcmp(c->key, "Resources") == 0;
    sg_pair *pairs = sg_xmalloc((n->len ? n->len : 1) * sizeof *pairs);
    size_t np = 0;
    for (uint32_t i = 0; i < n->len; i++) {
        const sg_node *k = n->u.pairs[i].key;
        const sg_node *v = n->u.pairs[i].value;
        const char *key = k->u.str;
        if (resources && is_cdk_metadata_resource(v))
            continue;
        if (strcmp(key, "aws:cdk:path") == 0)
            continue;
        ctx child = {c->a, key, false, statement};
        sg_node *nv;
        if (strcmp(key, "Statement") == 0 && v->kind == SG_MAP && !sg_node_intrinsic(v)) {
            sg_node *one = norm(&child, v);
            nv = finish_seq(c->a, &one, 1, v, false, false);
        } else if (strcmp(key, "DependsOn") == 0 ||
                   (statement && (strcmp(key, "Action") == 0 || strcmp(key, "NotAction") == 0 ||
                                  strcmp(key, "Resource") == 0 ||
                                  strcmp(key, "NotResource") == 0)) ||
                   (c->key && (strcmp(c->key, "Principal") == 0 ||
                               strcmp(c->key, "NotPrincipal") == 0) &&
                    IN(set_keys, key))) {
            nv = as_set(&child, v);
        } else {
            nv = norm(&child, v);
        }
        /* Metadata left empty by dropping aws:cdk:path says nothing. */
        if (strcmp(key, "Metadata") == 0 && nv->kind == SG_MAP && nv->len == 0 &&
            v->len > 0)
            continue;
        sg_node *nk = new_str(c->a, key, k->len, k);
        pairs[np++] = (sg_pair){nk, nv};
    }
    sg_node *r = finish_map(c->a, pairs, np, n);
    free(pairs);
    if (fn)
        r->flags |= SG_NODE_INTRINSIC;
    return r;
}

static sg_node *norm(const ctx *c, const sg_node *n)
{
    switch (n->kind) {
    case SG_MAP:
        return norm_map(c, n);
    case SG_SEQ:
        return norm_seq(c, n);
    case SG_NUMBER:
        return norm_number(c->a, n);
    case SG_BOOL:
    case SG_STRING:
        return new_str(c->a, n->u.str, n->len, n);
    default: {
        sg_node *r = sg_node_scalar(c->a, SG_NULL, "", 0, n->line, n->col);
        hash_node(r);
        return r;
    }
    }
}

sg_node *sg_normalize(sg_arena *a, const sg_node *root)
{
    ctx c = {a, NULL, false, false};
    return norm(&c, root);
}
