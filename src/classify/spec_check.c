/* spec_check.c - deployability against the CloudFormation resource specification
 * (spec.h, docs/spec.md): unknown resource types and properties (with "did you
 * mean"), missing required properties, and values of the wrong shape (a list where a
 * string goes, a word where an integer goes). Fn::GetAtt attribute names are checked
 * where references are resolved (analyze.c), with the same spec.
 *
 * Decisions worth knowing:
 *   - Values that are intrinsics (Ref, Fn::Sub, Fn::GetAtt ...) are not checked:
 *     their result is known only at deploy time. Fn::If is the exception: both
 *     branches are checked; a branch that is Ref AWS::NoValue counts as absent.
 *   - Custom resources (Custom::*, AWS::CloudFormation::CustomResource) take any
 *     property. SAM resources (AWS::Serverless::*) are left to the SAM transform,
 *     which rewrites them; their shapes are unions the spec cannot say.
 *   - A property that is an intrinsic as a whole (Properties: !If [...]) is not
 *     checked for required keys: either branch may hold them.
 *   - Json properties (policy documents ...) are not looked into.
 *   - Normalization (docs/normalization.md) turns a single IAM Statement mapping into
 *     a list of one, WAF's Statement too: a one-item list stands for the object there.
 *   - A scalar stands for any primitive when it is a string that parses as one:
 *     CloudFormation converts "30" to 30. Only literals that cannot be converted
 *     are reported (Timeout: thirty, Enabled: yes-please). */
#include <stdlib.h>
#include <string.h>

#include "stackgap/analyze.h"
#include "stackgap/diff.h"
#include "stackgap/spec.h"
#include "stackgap/strbuf.h"

typedef struct checker {
    sg_arena *a;
    const sg_template *t;
    const sg_spec *spec;
    sg_findings *out;
    const sg_resource *res;
    sg_strbuf path; /* Properties.X.Y[0] */
} checker;

static sg_finding *add(checker *c, const char *rule, sg_severity sev, const sg_node *at,
                       const char *title, const char *message, const sg_spec_type *type,
                       const sg_spec_prop *prop)
{
    sg_finding *f = sg_findings_add(c->out);
    f->rule = rule;
    f->category = SG_CAT_DEPLOYABILITY;
    f->severity = sev;
    f->kind = SG_KIND_INVALID;
    f->model_id = c->res->id;
    f->resource_type = *c->res->type ? c->res->type : NULL;
    f->path = c->path.len ? sg_arena_strndup(c->a, c->path.data, c->path.len) : NULL;
    f->model = sg_evidence_of(c->a, c->t->file, at);
    f->title = title;
    f->message = message;
    if (type) {
        sg_strbuf l = SG_STRBUF_INIT;
        sg_spec_doc_link(c->spec, type, prop, &l);
        f->doc = sg_arena_strndup(c->a, l.data, l.len);
        sg_strbuf_free(&l);
    }
    return f;
}

/* The i-th branch of an Fn::If (1 or 2), or NULL when n is no well-formed Fn::If. */
static const sg_node *if_branch(const sg_node *n, int i)
{
    const char *fn = sg_node_intrinsic(n);
    if (!fn || strcmp(fn, "Fn::If") != 0)
        return NULL;
    const sg_node *arg = n->u.pairs[0].value;
    return arg->kind == SG_SEQ && arg->len == 3 ? arg->u.items[i] : NULL;
}

static bool parses_as(const char *s, size_t n, sg_spec_kind k)
{
    if (n == 0)
        return k != SG_SPEC_INTEGER && k != SG_SPEC_LONG && k != SG_SPEC_DOUBLE &&
               k != SG_SPEC_BOOLEAN;
    char *end;
    char buf[64];
    if (n >= sizeof buf)
        return k == SG_SPEC_STRING || k == SG_SPEC_TIMESTAMP || k == SG_SPEC_JSON;
    memcpy(buf, s, n);
    buf[n] = '\0';
    switch (k) {
    case SG_SPEC_INTEGER:
    case SG_SPEC_LONG:
        (void)strtoll(buf, &end, 10);
        return *end == '\0';
    case SG_SPEC_DOUBLE:
        (void)strtod(buf, &end);
        return *end == '\0';
    case SG_SPEC_BOOLEAN:
        return strcmp(buf, "true") == 0 || strcmp(buf, "false") == 0 ||
               strcmp(buf, "True") == 0 || strcmp(buf, "False") == 0 ||
               strcmp(buf, "TRUE") == 0 || strcmp(buf, "FALSE") == 0;
    default:
        return true;
    }
}

static const char *shape_words(checker *c, const sg_spec_shape *sh)
{
    switch (sh->kind) {
    case SG_SPEC_LIST:
        return "a list";
    case SG_SPEC_MAP:
    case SG_SPEC_STRUCT:
    case SG_SPEC_JSON:
        return "an object";
    default: {
        const char *k = sg_spec_kind_name(sh->kind);
        return sg_arena_printf(c->a, "%s %s", strchr("AEIOU", k[0]) ? "an" : "a", k);
    }
    }
}

static const char *node_words(const sg_node *n)
{
    switch (n->kind) {
    case SG_SEQ: return "a list";
    case SG_MAP: return "an object";
    case SG_NULL: return "null";
    default: return "a scalar";
    }
}

static void check_struct(checker *c, const sg_spec_type *type, const sg_node *props,
                         const sg_node *at);

static void wrong_shape(checker *c, const sg_node *v, const sg_spec_shape *sh,
                        const sg_spec_type *owner, const sg_spec_prop *prop, const char *value)
{
    const char *want = shape_words(c, sh);
    /* {Sub: ...} for {Fn::Sub: ...}: a common slip when converting YAML short forms. */
    static const char *const bare[] = {"Base64", "Cidr", "FindInMap", "GetAZs", "GetAtt",
                                       "If", "ImportValue", "Join", "Select", "Split", "Sub"};
    if (v->kind == SG_MAP && v->len == 1)
        for (size_t i = 0; i < sizeof bare / sizeof *bare; i++)
            if (strcmp(v->u.pairs[0].key->u.str, bare[i]) == 0) {
                add(c, "SPEC-WRONG-SHAPE", SG_SEV_HIGH, v,
                    sg_arena_printf(c->a, "%.*s uses '%s' where Fn::%s is meant",
                                    (int)prop->name_len, prop->name, bare[i], bare[i]),
                    sg_arena_printf(c->a,
                                    "'%s' is no intrinsic function (the long form is Fn::%s), so "
                                    "CloudFormation reads an object where %s goes and rejects "
                                    "the template.",
                                    bare[i], bare[i], want),
                    owner, prop);
                return;
            }
    const char *title =
        value ? sg_arena_printf(c->a, "%.*s is '%s', not %s", (int)prop->name_len, prop->name,
                                value, want)
              : sg_arena_printf(c->a, "%.*s is %s, not %s", (int)prop->name_len, prop->name,
                                node_words(v), want);
    add(c, "SPEC-WRONG-SHAPE", SG_SEV_HIGH, v, title,
        sg_arena_printf(c->a,
                        "The resource specification types %.*s as %s; CloudFormation rejects "
                        "the template when the value cannot be read as one.",
                        (int)prop->name_len, prop->name, want),
        owner, prop);
}

/* Property types that alias another property type, followed at most this far. */
enum { MAX_ALIAS_HOPS = 16 };

/* Checks value v against shape sh; owner and prop name the property for messages. */
static void check_value(checker *c, const sg_node *v, const sg_spec_shape *sh,
                        const sg_spec_type *owner, const sg_spec_prop *prop)
{
    if (sg_node_intrinsic(v)) {
        for (int i = 1; i <= 2; i++) {
            const sg_node *b = if_branch(v, i);
            if (b && !sg_node_is_novalue(b))
                check_value(c, b, sh, owner, prop);
        }
        return;
    }
    switch (sh->kind) {
    case SG_SPEC_ANY:
    case SG_SPEC_JSON:
        return;
    case SG_SPEC_LIST:
    case SG_SPEC_MAP: {
        bool list = sh->kind == SG_SPEC_LIST;
        if (v->kind != (list ? SG_SEQ : SG_MAP)) {
            wrong_shape(c, v, sh, owner, prop, NULL);
            return;
        }
        sg_spec_shape item = {.kind = sh->item, .type = sh->type, .type_len = sh->type_len};
        size_t mark = c->path.len;
        for (uint32_t i = 0; i < v->len; i++) {
            if (list)
                sg_strbuf_printf(&c->path, "[%u]", i);
            else
                sg_strbuf_printf(&c->path, ".%s", v->u.pairs[i].key->u.str);
            check_value(c, list ? v->u.items[i] : v->u.pairs[i].value, &item, owner, prop);
            c->path.len = mark;
        }
        return;
    }
    case SG_SPEC_STRUCT: {
        const sg_spec_type *st = sg_spec_struct(c->spec, owner, sh->type, sh->type_len);
        sg_spec_shape alias;
        /* Loading rejects cyclic alias chains; the cap guards the stack regardless. */
        for (int hops = 0; st && sg_spec_type_alias(c->spec, st, &alias); hops++) {
            if (alias.kind != SG_SPEC_STRUCT) {
                check_value(c, v, &alias, st, prop);
                return;
            }
            if (hops == MAX_ALIAS_HOPS)
                return;
            st = sg_spec_struct(c->spec, st, alias.type, alias.type_len);
        }
        if (!st)
            return; /* a gap in the spec, not in the template */
        /* Normalization turns a single-statement IAM "Statement" into a list of one;
         * WAF's Statement objects go through it too. */
        if (v->kind == SG_SEQ && v->len == 1 && v->u.items[0]->kind == SG_MAP &&
            prop->name_len == 9 && memcmp(prop->name, "Statement", 9) == 0)
            v = v->u.items[0];
        if (v->kind != SG_MAP) {
            wrong_shape(c, v, sh, owner, prop, NULL);
            return;
        }
        check_struct(c, st, v, v);
        return;
    }
    default: /* a primitive */
        if (v->kind == SG_SEQ || v->kind == SG_MAP) {
            wrong_shape(c, v, sh, owner, prop, NULL);
            return;
        }
        if ((v->kind == SG_STRING || v->kind == SG_BOOL || v->kind == SG_NUMBER) &&
            !parses_as(v->u.str, v->len, sh->kind)) {
            size_t n = v->len > 40 ? 40 : v->len;
            wrong_shape(c, v, sh, owner, prop, sg_arena_strndup(c->a, v->u.str, n));
        }
        return;
    }
}

/* The keys of one object of property type (or resource type) `type`. */
static void check_struct(checker *c, const sg_spec_type *type, const sg_node *props,
                         const sg_node *at)
{
    size_t mark = c->path.len;
    for (uint32_t i = 0; i < props->len; i++) {
        const sg_node *key = props->u.pairs[i].key, *v = props->u.pairs[i].value;
        sg_strbuf_printf(&c->path, "%s%s", c->path.len ? "." : "", key->u.str);
        sg_spec_prop p;
        if (!sg_spec_property(c->spec, type, key->u.str, key->len, &p)) {
            size_t n;
            const char *near =
                sg_spec_suggest_property(c->spec, type, key->u.str, key->len, &n);
            sg_strbuf tn = SG_STRBUF_INIT;
            sg_spec_type_name(c->spec, type, &tn);
            add(c, "SPEC-UNKNOWN-PROPERTY", SG_SEV_HIGH, key,
                sg_arena_printf(c->a, "%s has no property %s", tn.data, key->u.str),
                sg_arena_printf(c->a,
                                "CloudFormation rejects properties the type does not define "
                                "(\"Encountered unsupported property %s\").%s",
                                key->u.str, sg_spec_did_you_mean(c->a, near, n)),
                type, NULL);
            sg_strbuf_free(&tn);
        } else if (!sg_node_is_novalue(v)) {
            check_value(c, v, &p.shape, type, &p);
        }
        c->path.len = mark;
    }
    for (size_t i = 0; i < sg_spec_property_count(type); i++) {
        sg_spec_prop p;
        sg_spec_property_at(c->spec, type, i, &p);
        if (!p.required)
            continue;
        char name[256];
        if (p.name_len >= sizeof name)
            continue;
        memcpy(name, p.name, p.name_len);
        name[p.name_len] = '\0';
        const sg_node *v = sg_map_get(props, name);
        if (v && !sg_node_is_novalue(v))
            continue;
        sg_strbuf tn = SG_STRBUF_INIT;
        sg_spec_type_name(c->spec, type, &tn);
        add(c, "SPEC-MISSING-REQUIRED", SG_SEV_HIGH, v ? v : at,
            sg_arena_printf(c->a, "%s without required property %s", tn.data, name),
            sg_arena_printf(c->a,
                            "The resource specification marks %s required for %s; "
                            "CloudFormation rejects the resource without it.",
                            name, tn.data),
            type, &p);
        sg_strbuf_free(&tn);
    }
}

static void check_resource(checker *c, const sg_resource *r)
{
    c->res = r;
    c->path.len = 0;
    if (!*r->type || sg_spec_type_origin(r->type) != SG_ORIGIN_SPEC)
        return;
    const sg_spec_type *type = sg_spec_resource(c->spec, r->type, strlen(r->type));
    if (!type) {
        size_t n;
        const char *near = sg_spec_suggest_resource(c->spec, r->type, strlen(r->type), &n);
        const sg_node *at = sg_map_get(r->body, "Type");
        sg_spec_info in;
        sg_spec_get_info(c->spec, &in);
        /* Registry types of other publishers are not in AWS's spec: less sure. */
        bool aws = strncmp(r->type, "AWS::", 5) == 0 || near;
        add(c, "SPEC-UNKNOWN-TYPE", aws ? SG_SEV_HIGH : SG_SEV_MEDIUM, at ? at : r->key,
            sg_arena_printf(c->a, "Unknown resource type %s", r->type),
            sg_arena_printf(c->a,
                            "The CloudFormation resource specification (%s) has no type %s, "
                            "so CloudFormation rejects the template unless the type is "
                            "newer than that version or registered in the account.%s",
                            in.spec_version, r->type, sg_spec_did_you_mean(c->a, near, n)),
            NULL, NULL);
        return;
    }
    const sg_node *props = sg_map_get(r->body, "Properties");
    if (props && props->kind == SG_MAP && !sg_node_intrinsic(props)) {
        sg_strbuf_puts(&c->path, "Properties");
        check_struct(c, type, props, props);
    } else if (!props) {
        static const sg_node empty = {.kind = SG_MAP};
        check_struct(c, type, &empty, r->key);
    }
}

void sg_spec_check_template(sg_arena *a, const sg_template *t, sg_findings *out)
{
    if (!t->nresources)
        return;
    checker c = {.a = a, .t = t, .spec = sg_spec_active(), .out = out};
    for (size_t i = 0; i < t->nresources; i++)
        check_resource(&c, &t->resources[i]);
    sg_strbuf_free(&c.path);
}

void sg_replacement_findings(sg_arena *a, const sg_diff *d, sg_findings *out)
{
    for (size_t i = 0; i < d->nentries; i++) {
        const sg_entry *e = &d->entries[i];
        if (!sg_entry_replaced(e))
            continue;
        /* the first change that forces it, for the message */
        bool moved = e->old_id && e->new_id && strcmp(e->old_id, e->new_id) != 0;
        const char *why = moved ? "its logical ID changes" : NULL;
        for (size_t k = 0; !why && k < e->nchanges; k++)
            if (e->changes[k].impact == SG_IMPACT_REPLACE && e->changes[k].depth)
                why = e->changes[k].depth > 1 && e->changes[k].path[1].key
                          ? sg_arena_printf(a, "%s changes", e->changes[k].path[1].key)
                          : sg_arena_printf(a, "%s changes", e->changes[k].path[0].key
                                                                 ? e->changes[k].path[0].key
                                                                 : "the resource");
        bool loss = sg_entry_loses_data(e);
        sg_finding *f = sg_findings_add(out);
        f->rule = "SPEC-REPLACEMENT";
        f->category = loss ? SG_CAT_DELETION : SG_CAT_DEPLOYABILITY;
        f->severity = loss ? SG_SEV_HIGH : e->stateful ? SG_SEV_MEDIUM : SG_SEV_LOW;
        f->kind = SG_KIND_WRONG_VALUE;
        f->resource_type = e->new_type && *e->new_type ? e->new_type : NULL;
        f->model_id = e->old_id;
        f->ideal_id = e->new_id;
        f->model = sg_evidence_of(a, d->old->file, e->old_key);
        f->ideal = sg_evidence_of(a, d->new->file, e->new_key);
        f->title = sg_arena_printf(a, "%s will be replaced%s", e->new_id ? e->new_id : e->old_id,
                                   loss ? " and its data lost" : "");
        f->message =
            loss ? sg_arena_printf(a,
                                   "%s: CloudFormation creates a new %s and deletes the old one "
                                   "with its data. Set UpdateReplacePolicy (and DeletionPolicy) to "
                                   "Retain or Snapshot first, or avoid the change.",
                                   why ? why : "a property that requires replacement changes",
                                   f->resource_type ? f->resource_type : "resource")
                 : sg_arena_printf(a,
                                   "%s: CloudFormation creates a new resource and deletes the old "
                                   "one%s.",
                                   why ? why : "a property that requires replacement changes",
                                   e->stateful ? " (its data is kept by the retain policy)" : "");
    }
}
