/* impact.c - what deploying a diff does to each resource: update in place or
 * replacement, from the resource specification's update behaviour (docs/spec.md).
 *
 * Decisions worth knowing (they follow `cdk diff`, docs/spec.md lists where the two
 * still differ):
 *   - A change's impact is that of the top-level property it is under
 *     (Properties.X...), whatever the depth: CloudFormation's update behaviour is
 *     documented per top-level property.
 *   - Changes outside Properties (Metadata, DependsOn, DeletionPolicy, Condition ...)
 *     update the stack, not the resource: impact update.
 *   - A changed Type, or a resource paired under a new logical ID (renamed, or matched
 *     across a CDK hash suffix), is a new resource: replace, also when its body is
 *     unchanged (the status stays unchanged: the templates are equivalent as written).
 *   - A property the spec does not know, or a type it does not know: unknown.
 *     Custom resources: update (their handler decides); SAM resources go by the spec
 *     like any other type (sg_spec_type_origin).
 *   - Propagation, as cdk does: a property whose value refers to a replaced resource
 *     (Ref X, Fn::GetAtt [X, ...], and unlike cdk ${X} or ${X.Attr} in Fn::Sub) gets a
 *     change when its verdict is replace or conditional, repeated until nothing new is
 *     replaced. The templates' text did not change there, but the physical ID it
 *     resolves to does. Mutable ones are left out, as cdk does: they update in place.
 *   - Retained (the old physical resource's data survives): a resource under a new
 *     logical ID is deleted under the OLD template's DeletionPolicy, a resource replaced in place
 *     under the NEW template's UpdateReplacePolicy (DeletionPolicy does not apply to
 *     replacements); Retain, RetainExceptOnCreate and Snapshot keep the data. */
#include <stdlib.h>
#include <string.h>

#include "stackgap/arena.h"

#include "stackgap/diff.h"
#include "stackgap/refs.h"
#include "stackgap/spec.h"

const char *sg_impact_name(sg_impact i)
{
    static const char *const names[] = {"", "update", "unknown", "conditional", "replace"};
    return (unsigned)i < sizeof names / sizeof *names ? names[i] : "";
}

/* Sorted (strcmp), for binary search. */
static const char *const stateful_types[] = {
    "AWS::Backup::BackupVault",
    "AWS::Cognito::UserPool",
    "AWS::DocDB::DBCluster",
    "AWS::DocDB::DBInstance",
    "AWS::DynamoDB::GlobalTable",
    "AWS::DynamoDB::Table",
    "AWS::EC2::Volume",
    "AWS::ECR::Repository",
    "AWS::EFS::FileSystem",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::ElastiCache::ServerlessCache",
    "AWS::Elasticsearch::Domain",
    "AWS::FSx::FileSystem",
    "AWS::KMS::Key",
    "AWS::Kinesis::Stream",
    "AWS::Logs::LogGroup",
    "AWS::MemoryDB::Cluster",
    "AWS::Neptune::DBCluster",
    "AWS::Neptune::DBInstance",
    "AWS::OpenSearchService::Domain",
    "AWS::QLDB::Ledger",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::Redshift::Cluster",
    "AWS::S3::Bucket",
    "AWS::SQS::Queue",
    "AWS::SecretsManager::Secret",
    "AWS::Timestream::Table",
};

bool sg_type_is_stateful(const char *type)
{
    size_t lo = 0, hi = sizeof stateful_types / sizeof *stateful_types;
    while (lo < hi && type) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(stateful_types[mid], type);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* The policy `key` of a resource body keeps the physical resource's data. */
static bool retains(const sg_node *body, const char *key)
{
    const sg_node *v = body ? sg_map_get(body, key) : NULL;
    return v && v->kind == SG_STRING &&
           (strcmp(v->u.str, "Retain") == 0 || strcmp(v->u.str, "Snapshot") == 0 ||
            strcmp(v->u.str, "RetainExceptOnCreate") == 0);
}

static bool is_custom(const char *type)
{
    return sg_spec_type_origin(type) == SG_ORIGIN_CUSTOM; /* SAM types: the spec decides */
}

static sg_impact of_update(sg_spec_update u)
{
    switch (u) {
    case SG_UPDATE_IMMUTABLE: return SG_IMPACT_REPLACE;
    case SG_UPDATE_CONDITIONAL: return SG_IMPACT_CONDITIONAL;
    case SG_UPDATE_MUTABLE: return SG_IMPACT_UPDATE;
    default: return SG_IMPACT_UNKNOWN;
    }
}

/* A resource paired under another logical ID (renamed, or matched across a CDK hash
 * suffix): CloudFormation creates a new one and deletes the old. */
static bool new_logical_id(const sg_entry *e)
{
    return e->old_id && e->new_id && strcmp(e->old_id, e->new_id) != 0;
}

static sg_impact verdict(const sg_spec *sp, const sg_spec_type *type, const char *name)
{
    sg_spec_prop p;
    if (!type || !sg_spec_property(sp, type, name, strlen(name), &p))
        return SG_IMPACT_UNKNOWN;
    return of_update(p.update);
}

static sg_impact change_impact(const sg_spec *sp, const sg_spec_type *type, bool custom,
                               const sg_change *c)
{
    if (c->depth == 0 || !c->path[0].key)
        return SG_IMPACT_UPDATE;
    if (strcmp(c->path[0].key, "Type") == 0)
        return SG_IMPACT_REPLACE;
    if (strcmp(c->path[0].key, "Properties") != 0)
        return SG_IMPACT_UPDATE;
    if (custom)
        return SG_IMPACT_UPDATE;
    if (!type)
        return SG_IMPACT_UNKNOWN;
    if (c->depth < 2 || !c->path[1].key) {
        /* Properties as a whole added, removed or changed (an intrinsic): the worst of
         * what it holds on either side. */
        sg_impact worst = SG_IMPACT_UPDATE;
        const sg_node *sides[2] = {c->old, c->new};
        for (int s = 0; s < 2; s++)
            for (uint32_t i = 0; sides[s] && sides[s]->kind == SG_MAP && i < sides[s]->len; i++) {
                const sg_node *k = sides[s]->u.pairs[i].key;
                sg_spec_prop p;
                sg_impact v = !sg_spec_property(sp, type, k->u.str, k->len, &p)
                                  ? SG_IMPACT_UNKNOWN
                                  : of_update(p.update);
                if (v > worst)
                    worst = v;
            }
        return worst;
    }
    return verdict(sp, type, c->path[1].key);
}


typedef struct refers_ctx {
    const char *const *ids;
    size_t nids;
    const char *found;
} refers_ctx;

static void refers_one(void *ctx, sg_ref_kind kind, const char *name, size_t n, const sg_node *at)
{
    refers_ctx *r = ctx;
    for (size_t i = 0; !r->found && i < r->nids; i++)
        if (strlen(r->ids[i]) == n && memcmp(r->ids[i], name, n) == 0)
            r->found = r->ids[i];
}

/* The first of the replaced ids that value v refers to (Ref, Fn::GetAtt, Fn::Sub
 * variables; refs.h), or NULL. */
static const char *refers(const sg_node *v, const char *const *ids, size_t nids)
{
    refers_ctx r = {ids, nids, NULL};
    sg_refs_value(v, refers_one, &r);
    return r.found;
}

static bool changes_property(const sg_entry *e, const char *name)
{
    for (size_t k = 0; k < e->nchanges; k++) {
        const sg_change *c = &e->changes[k];
        if (c->depth == 0 || !c->path[0].key || strcmp(c->path[0].key, "Properties") != 0)
            continue;
        if (c->depth == 1 || (c->path[1].key && strcmp(c->path[1].key, name) == 0))
            return true; /* the whole block, or that property */
    }
    return false;
}

static bool renamed_id(const sg_diff *d, const char *id)
{
    for (size_t i = 0; i < d->nentries; i++)
        if (new_logical_id(&d->entries[i]) && strcmp(d->entries[i].new_id, id) == 0)
            return true;
    return false;
}

/* One round of propagation; returns how many resources it newly replaced. */
static size_t propagate(sg_arena *a, sg_diff *d, const sg_spec *sp, const char **ids,
                        size_t *nids)
{
    size_t newly = 0;
    for (size_t i = 0; i < d->nentries; i++) {
        sg_entry *e = &d->entries[i];
        if (e->section != SG_SEC_RESOURCES || !e->old || !e->new ||
            (e->status != SG_MODIFIED && e->status != SG_UNCHANGED) || !e->new_type ||
            is_custom(e->new_type) || new_logical_id(e))
            continue;
        bool was = sg_entry_replaced(e);
        const sg_node *props = sg_map_get(e->new, "Properties");
        const sg_node *oldp = sg_map_get(e->old, "Properties");
        if (!props || props->kind != SG_MAP || sg_node_intrinsic(props))
            continue;
        const sg_spec_type *type = sg_spec_resource(sp, e->new_type, strlen(e->new_type));
        for (uint32_t k = 0; k < props->len; k++) {
            const char *name = props->u.pairs[k].key->u.str;
            const char *via = refers(props->u.pairs[k].value, ids, *nids);
            /* On a resource replaced anyway, only references to a renamed resource are
             * listed: there the written reference did change (normalization hides it). */
            if (via && was && !renamed_id(d, via))
                via = NULL;
            sg_impact v = via ? verdict(sp, type, name) : SG_IMPACT_NONE;
            /* A mutable property just takes the new ID in place: not worth a line. */
            if (v < SG_IMPACT_CONDITIONAL || changes_property(e, name))
                continue;
            sg_change *grown = sg_arena_alloc(a, (e->nchanges + 1) * sizeof *grown);
            if (e->nchanges)
                memcpy(grown, e->changes, e->nchanges * sizeof *grown);
            sg_path_seg *path = sg_arena_alloc(a, 2 * sizeof *path);
            memset(path, 0, 2 * sizeof *path);
            path[0].key = "Properties";
            path[1].key = name;
            grown[e->nchanges] = (sg_change){SG_OP_CHANGE, path, 2,
                                             oldp ? sg_map_get(oldp, name) : NULL,
                                             props->u.pairs[k].value, v, via};
            if (!grown[e->nchanges].old)
                grown[e->nchanges].op = SG_OP_ADD;
            e->changes = grown;
            e->nchanges++;
            if (e->status == SG_UNCHANGED) {
                e->status = SG_MODIFIED;
                d->counts[SG_UNCHANGED]--, d->counts[SG_MODIFIED]++;
                d->res_counts[SG_UNCHANGED]--, d->res_counts[SG_MODIFIED]++;
                e->stateful = sg_type_is_stateful(e->new_type);
                e->retained = retains(e->new, "UpdateReplacePolicy");
                e->impact = SG_IMPACT_UPDATE;
            }
            if (grown[e->nchanges - 1].impact > e->impact)
                e->impact = grown[e->nchanges - 1].impact;
        }
        if (!was && sg_entry_replaced(e)) {
            ids[(*nids)++] = e->new_id;
            newly++;
        }
    }
    return newly;
}

void sg_diff_annotate_impact(sg_arena *a, sg_diff *d)
{
    const sg_spec *sp = NULL; /* parsed only when a resource changed */
    for (size_t i = 0; i < d->nentries; i++) {
        sg_entry *e = &d->entries[i];
        if (e->section != SG_SEC_RESOURCES)
            continue;
        bool moved = new_logical_id(e); /* renamed or suffix-matched */
        /* An unchanged suffix-matched pair keeps its status (the templates are
         * equivalent as written) but is replaced on deploy all the same. */
        if (e->status != SG_MODIFIED && e->status != SG_RENAMED && !moved)
            continue;
        if (!sp)
            sp = sg_spec_active();
        const char *tname = e->new_type && *e->new_type ? e->new_type : e->old_type;
        tname = tname ? tname : "";
        bool custom = is_custom(tname);
        const sg_spec_type *type = custom ? NULL : sg_spec_resource(sp, tname, strlen(tname));
        e->stateful = sg_type_is_stateful(e->old_type) || sg_type_is_stateful(e->new_type);
        /* A resource under a new logical ID is deleted under the old template's DeletionPolicy; one
         * replaced in place under the new template's UpdateReplacePolicy. */
        e->retained = moved ? retains(e->old, "DeletionPolicy")
                            : retains(e->new, "UpdateReplacePolicy");
        e->impact = moved ? SG_IMPACT_REPLACE : SG_IMPACT_UPDATE;
        for (size_t k = 0; k < e->nchanges; k++) {
            sg_change *c = &e->changes[k];
            c->impact = change_impact(sp, type, custom, c);
            if (c->impact > e->impact)
                e->impact = c->impact;
        }
    }
    /* Replacement propagates along references until nothing new is replaced. */
    const char **ids = sg_xmalloc((d->nentries + 1) * sizeof *ids);
    size_t nids = 0;
    for (size_t i = 0; i < d->nentries; i++)
        if (d->entries[i].section == SG_SEC_RESOURCES && sg_entry_replaced(&d->entries[i]))
            ids[nids++] = d->entries[i].new_id;
    if (nids) {
        if (!sp)
            sp = sg_spec_active();
        while (propagate(a, d, sp, ids, &nids) > 0) {
        }
    }
    free(ids);
    d->impact = true;
}

bool sg_entry_replaced(const sg_entry *e)
{
    return e->impact == SG_IMPACT_REPLACE;
}

bool sg_entry_loses_data(const sg_entry *e)
{
    return sg_entry_replaced(e) && e->stateful && !e->retained;
}
