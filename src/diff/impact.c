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
 *   - A changed Type, or a resource paired under a new logical ID (renamed), is a new
 *     resource: replace.
 *   - A property the spec does not know, or a type it does not know: unknown.
 *     Custom resources: update (their handler decides).
 *   - Retained (the old physical resource's data survives): a renamed resource is
 *     deleted under the OLD template's DeletionPolicy, a resource replaced in place
 *     under the NEW template's UpdateReplacePolicy (DeletionPolicy does not apply to
 *     replacements); Retain, RetainExceptOnCreate and Snapshot keep the data. */
#include <string.h>

#include "stackgap/diff.h"
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
                              : p.update == SG_UPDATE_IMMUTABLE   ? SG_IMPACT_REPLACE
                              : p.update == SG_UPDATE_CONDITIONAL ? SG_IMPACT_CONDITIONAL
                                                                  : SG_IMPACT_UPDATE;
                if (v > worst)
                    worst = v;
            }
        return worst;
    }
    const char *name = c->path[1].key;
    sg_spec_prop p;
    if (!sg_spec_property(sp, type, name, strlen(name), &p))
        return SG_IMPACT_UNKNOWN;
    switch (p.update) {
    case SG_UPDATE_IMMUTABLE: return SG_IMPACT_REPLACE;
    case SG_UPDATE_CONDITIONAL: return SG_IMPACT_CONDITIONAL;
    case SG_UPDATE_MUTABLE: return SG_IMPACT_UPDATE;
    default: return SG_IMPACT_UNKNOWN;
    }
}

static bool is_custom(const char *type)
{
    return strncmp(type, "Custom::", 8) == 0 ||
           strcmp(type, "AWS::CloudFormation::CustomResource") == 0;
}

void sg_diff_annotate_impact(sg_diff *d)
{
    const sg_spec *sp = NULL; /* parsed only when a resource changed */
    for (size_t i = 0; i < d->nentries; i++) {
        sg_entry *e = &d->entries[i];
        if (e->section != SG_SEC_RESOURCES ||
            (e->status != SG_MODIFIED && e->status != SG_RENAMED))
            continue;
        if (!sp)
            sp = sg_spec_active();
        const char *tname = e->new_type && *e->new_type ? e->new_type : e->old_type;
        tname = tname ? tname : "";
        bool custom = is_custom(tname);
        const sg_spec_type *type = custom ? NULL : sg_spec_resource(sp, tname, strlen(tname));
        e->stateful = sg_type_is_stateful(e->old_type) || sg_type_is_stateful(e->new_type);
        /* A renamed resource is deleted under the old template's DeletionPolicy; one
         * replaced in place under the new template's UpdateReplacePolicy. */
        e->retained = e->status == SG_RENAMED ? retains(e->old, "DeletionPolicy")
                                              : retains(e->new, "UpdateReplacePolicy");
        e->impact = e->status == SG_RENAMED ? SG_IMPACT_REPLACE : SG_IMPACT_UPDATE;
        for (size_t k = 0; k < e->nchanges; k++) {
            sg_change *c = &e->changes[k];
            c->impact = change_impact(sp, type, custom, c);
            if (c->impact > e->impact)
                e->impact = c->impact;
        }
    }
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
