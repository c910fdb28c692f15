/* refs.c - the reference walker (refs.h). */
#include "stackgap/refs.h"

#include <string.h>

const char *sg_ref_kind_name(sg_ref_kind k)
{
    static const char *const names[SG_REF_KIND_COUNT] = {"Ref", "GetAtt", "Sub", "DependsOn"};
    return k < SG_REF_KIND_COUNT ? names[k] : "?";
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool has_key(const sg_node *map, const char *s, size_t n)
{
    for (uint32_t i = 0; i < map->len; i++) {
        const sg_node *k = map->u.pairs[i].key;
        if (k->len == n && memcmp(k->u.str, s, n) == 0)
            return true;
    }
    return false;
}

/* The variables of a Fn::Sub template; vars (may be NULL) are its own. */
static void sub_refs(const sg_node *tpl, const sg_node *vars, sg_ref_fn fn, void *ctx)
{
    const char *s = tpl->u.str, *end = s + tpl->len;
    while (s < end) {
        const char *open = memchr(s, '$', (size_t)(end - s));
        if (!open || open + 1 >= end)
            return;
        if (open[1] != '{') {
            s = open + 1;
            continue;
        }
        const char *close = memchr(open, '}', (size_t)(end - open));
        if (!close)
            return;
        s = close + 1;
        const char *b = open + 2, *e = close;
        if (b < e && *b == '!')
            continue;
        while (b < e && is_blank(*b))
            b++;
        while (e > b && is_blank(e[-1]))
            e--;
        size_t n = (size_t)(e - b);
        if (!n)
            continue;
        if (vars && has_key(vars, b, n))
            continue;
        const char *dot = memchr(b, '.', n);
        fn(ctx, SG_REF_SUB, b, dot ? (size_t)(dot - b) : n, tpl);
    }
}

void sg_refs_value(const sg_node *v, sg_ref_fn fn, void *ctx)
{
    if (v->kind == SG_SEQ) {
        for (uint32_t i = 0; i < v->len; i++)
            sg_refs_value(v->u.items[i], fn, ctx);
        return;
    }
    if (v->kind != SG_MAP)
        return;
    const char *in = sg_node_intrinsic(v);
    const sg_node *arg = in ? v->u.pairs[0].value : NULL;
    if (in && strcmp(in, "Ref") == 0) {
        if (arg->kind == SG_STRING)
            fn(ctx, SG_REF_REF, arg->u.str, arg->len, arg);
        return;
    }
    if (in && strcmp(in, "Fn::GetAtt") == 0) {
        const sg_node *res = arg->kind == SG_SEQ && arg->len ? arg->u.items[0] : arg;
        if (res->kind == SG_STRING) {
            const char *dot = arg == res ? memchr(res->u.str, '.', res->len) : NULL;
            fn(ctx, SG_REF_GETATT, res->u.str, dot ? (size_t)(dot - res->u.str) : res->len,
               res);
        }
        if (arg->kind == SG_SEQ && arg->len == 2)
            sg_refs_value(arg->u.items[1], fn, ctx); /* an attribute given by Ref */
        return;
    }
    if (in && strcmp(in, "Fn::Sub") == 0) {
        const sg_node *tpl = arg, *vars = NULL;
        if (arg->kind == SG_SEQ && arg->len) {
            tpl = arg->u.items[0];
            vars = arg->len > 1 && arg->u.items[1]->kind == SG_MAP ? arg->u.items[1] : NULL;
        }
        if (tpl->kind == SG_STRING)
            sub_refs(tpl, vars, fn, ctx);
        if (tpl != arg)
            for (uint32_t i = 1; i < arg->len; i++)
                sg_refs_value(arg->u.items[i], fn, ctx);
        return;
    }
    for (uint32_t i = 0; i < v->len; i++)
        sg_refs_value(v->u.pairs[i].value, fn, ctx);
}

void sg_refs_resource(const sg_node *body, sg_ref_fn fn, void *ctx)
{
    if (body->kind != SG_MAP)
        return;
    const sg_node *dep = sg_map_get(body, "DependsOn");
    if (dep) {
        const sg_node *const *it =
            dep->kind == SG_SEQ ? (const sg_node *const *)dep->u.items : &dep;
        uint32_t m = dep->kind == SG_SEQ ? dep->len : 1;
        for (uint32_t j = 0; j < m; j++)
            if (it[j]->kind == SG_STRING)
                fn(ctx, SG_REF_DEPENDSON, it[j]->u.str, it[j]->len, it[j]);
    }
    for (uint32_t i = 0; i < body->len; i++) {
        const char *k = body->u.pairs[i].key->u.str;
        if (strcmp(k, "Type") != 0 && strcmp(k, "Condition") != 0 && strcmp(k, "DependsOn") != 0)
            sg_refs_value(body->u.pairs[i].value, fn, ctx);
    }
}
