/* classify.c - turn the diff, the rule results, the template-wide analysis
 * and the prompt's requirements into findings, and build the report.
 *
 * The diff is read as "what the model (OLD) must change to reach the ideal
 * (NEW)".  What a resource type or a property is about (encryption, IAM,
 * network ...) and how much it matters is data: the two tables below, not
 * a chain of ifs.  docs/report.md explains every step. */
#include <stdlib.h>
#include <string.h>

#include "stackgap/analyze.h"
#include "stackgap/render.h"
#include "stackgap/report.h"

/* ---- knowledge tables ------------------------------------------------------------ */

/* Resource types: the category a missing one belongs to, and its severity.
 * A pattern ending in '*' is a prefix.  First match wins; the default is
 * completeness/high (a required service missing). */
typedef struct type_class {
    const char *pattern;
    sg_category category;
    sg_severity missing;
} type_class;

static const type_class type_table[] = {
    {"AWS::KMS::*", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"AWS::CertificateManager::*", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"AWS::SecretsManager::*", SG_CAT_SECRETS, SG_SEV_HIGH},
    {"AWS::IAM::*", SG_CAT_IAM, SG_SEV_HIGH},
    {"AWS::Lambda::Permission", SG_CAT_IAM, SG_SEV_MEDIUM},
    {"AWS::S3::BucketPolicy", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH},
    {"AWS::WAFv2::*", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH},
    {"AWS::WAF::*", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH},
    {"AWS::WAFRegional::*", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH},
    {"AWS::EC2::FlowLog", SG_CAT_LOGGING, SG_SEV_MEDIUM},
    {"AWS::EC2::SecurityGroup*", SG_CAT_NETWORK, SG_SEV_HIGH},
    {"AWS::EC2::NatGateway", SG_CAT_NETWORK, SG_SEV_HIGH},
    {"AWS::EC2::VPC*", SG_CAT_NETWORK, SG_SEV_HIGH},
    {"AWS::EC2::Subnet*", SG_CAT_NETWORK, SG_SEV_HIGH},
    {"AWS::EC2::Route*", SG_CAT_NETWORK, SG_SEV_HIGH},
    {"AWS::EC2::InternetGateway", SG_CAT_NETWORK, SG_SEV_HIGH},
    {"AWS::EC2::EIP*", SG_CAT_NETWORK, SG_SEV_MEDIUM},
    {"AWS::EC2::NetworkAcl*", SG_CAT_NETWORK, SG_SEV_MEDIUM},
    {"AWS::EC2::TransitGateway*", SG_CAT_NETWORK, SG_SEV_HIGH},
    {"AWS::CloudTrail::*", SG_CAT_LOGGING, SG_SEV_HIGH},
    {"AWS::Logs::*", SG_CAT_LOGGING, SG_SEV_MEDIUM},
    {"AWS::CloudWatch::*", SG_CAT_MONITORING, SG_SEV_MEDIUM},
    {"AWS::SNS::*", SG_CAT_MONITORING, SG_SEV_MEDIUM},
    {"AWS::Config::*", SG_CAT_MONITORING, SG_SEV_MEDIUM},
    {"AWS::GuardDuty::*", SG_CAT_MONITORING, SG_SEV_MEDIUM},
    {"AWS::SecurityHub::*", SG_CAT_MONITORING, SG_SEV_MEDIUM},
    {"AWS::Events::*", SG_CAT_MONITORING, SG_SEV_MEDIUM},
    {"AWS::Backup::*", SG_CAT_BACKUP, SG_SEV_HIGH},
    {"AWS::AutoScaling::*", SG_CAT_AVAILABILITY, SG_SEV_HIGH},
    {"AWS::ApplicationAutoScaling::*", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM},
    {"AWS::ElasticLoadBalancingV2::*", SG_CAT_AVAILABILITY, SG_SEV_HIGH},
    {"AWS::ElasticLoadBalancing::*", SG_CAT_AVAILABILITY, SG_SEV_HIGH},
    {"AWS::Route53::HealthCheck", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM},
    {"AWS::SSM::Parameter", SG_CAT_PARAMETERS, SG_SEV_LOW},
    {"AWS::CloudFormation::WaitCondition*", SG_CAT_DEPLOYABILITY, SG_SEV_LOW},
};

/* Properties and resource attributes: the first path segment below
 * Properties (or the attribute) decides.  Severity is for a property the
 * ideal sets and the model lacks or sets differently. */
typedef struct prop_class {
    const char *name;
    sg_category category;
    sg_severity severity;
} prop_class;

static const prop_class prop_table[] = {
    {"DeletionPolicy", SG_CAT_DELETION, SG_SEV_MEDIUM},
    {"UpdateReplacePolicy", SG_CAT_DELETION, SG_SEV_MEDIUM},
    {"DeletionProtection", SG_CAT_DELETION, SG_SEV_MEDIUM},
    {"DeletionProtectionEnabled", SG_CAT_DELETION, SG_SEV_MEDIUM},
    {"TerminationProtection", SG_CAT_DELETION, SG_SEV_MEDIUM},
    {"BucketEncryption", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"SSESpecification", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"StorageEncrypted", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"Encrypted", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"KmsKeyId", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"KMSMasterKeyID", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"KmsMasterKeyId", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"KmsKeyArn", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"KMSKeyArn", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"EncryptionConfiguration", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"StreamEncryption", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"EncryptionAtRestOptions", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"NodeToNodeEncryptionOptions", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"AtRestEncryptionEnabled", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"TransitEncryptionEnabled", SG_CAT_ENCRYPTION, SG_SEV_HIGH},
    {"EnableKeyRotation", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM},
    {"ViewerCertificate", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM},
    {"SslPolicy", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM},
    {"Certificates", SG_CAT_ENCRYPTION, SG_SEV_MEDIUM},
    {"PublicAccessBlockConfiguration", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH},
    {"PubliclyAccessible", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH},
    {"MapPublicIpOnLaunch", SG_CAT_PUBLIC_ACCESS, SG_SEV_MEDIUM},
    {"AssociatePublicIpAddress", SG_CAT_PUBLIC_ACCESS, SG_SEV_MEDIUM},
    {"AccessControl", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH},
    {"Scheme", SG_CAT_PUBLIC_ACCESS, SG_SEV_MEDIUM},
    {"Policies", SG_CAT_IAM, SG_SEV_HIGH},
    {"PolicyDocument", SG_CAT_IAM, SG_SEV_HIGH},
    {"AssumeRolePolicyDocument", SG_CAT_IAM, SG_SEV_HIGH},
    {"ManagedPolicyArns", SG_CAT_IAM, SG_SEV_HIGH},
    {"KeyPolicy", SG_CAT_IAM, SG_SEV_HIGH},
    {"PermissionsBoundary", SG_CAT_IAM, SG_SEV_MEDIUM},
    {"Role", SG_CAT_IAM, SG_SEV_MEDIUM},
    {"Principal", SG_CAT_IAM, SG_SEV_HIGH},
    {"SecurityGroupIngress", SG_CAT_NETWORK, SG_SEV_HIGH},
    {"SecurityGroupEgress", SG_CAT_NETWORK, SG_SEV_MEDIUM},
    {"SecurityGroupIds", SG_CAT_NETWORK, SG_SEV_MEDIUM},
    {"SecurityGroups", SG_CAT_NETWORK, SG_SEV_MEDIUM},
    {"VpcSecurityGroupIds", SG_CAT_NETWORK, SG_SEV_MEDIUM},
    {"VpcConfig", SG_CAT_NETWORK, SG_SEV_MEDIUM},
    {"SubnetIds", SG_CAT_NETWORK, SG_SEV_MEDIUM},
    {"Subnets", SG_CAT_NETWORK, SG_SEV_MEDIUM},
    {"SubnetId", SG_CAT_NETWORK, SG_SEV_MEDIUM},
    {"VPCZoneIdentifier", SG_CAT_NETWORK, SG_SEV_MEDIUM},
    {"NetworkConfiguration", SG_CAT_NETWORK, SG_SEV_MEDIUM},
    {"CidrBlock", SG_CAT_NETWORK, SG_SEV_MEDIUM},
    {"CidrIp", SG_CAT_NETWORK, SG_SEV_HIGH},
    {"FromPort", SG_CAT_NETWORK, SG_SEV_HIGH},
    {"ToPort", SG_CAT_NETWORK, SG_SEV_HIGH},
    {"MultiAZ", SG_CAT_AVAILABILITY, SG_SEV_HIGH},
    {"MultiAzEnabled", SG_CAT_AVAILABILITY, SG_SEV_HIGH},
    {"AutomaticFailoverEnabled", SG_CAT_AVAILABILITY, SG_SEV_HIGH},
    {"AvailabilityZones", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM},
    {"AvailabilityZone", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM},
    {"MinSize", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM},
    {"MaxSize", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM},
    {"DesiredCapacity", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM},
    {"HealthCheckType", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM},
    {"HealthCheckPath", SG_CAT_AVAILABILITY, SG_SEV_LOW},
    {"NumCacheClusters", SG_CAT_AVAILABILITY, SG_SEV_MEDIUM},
    {"VersioningConfiguration", SG_CAT_BACKUP, SG_SEV_MEDIUM},
    {"PointInTimeRecoverySpecification", SG_CAT_BACKUP, SG_SEV_MEDIUM},
    {"BackupRetentionPeriod", SG_CAT_BACKUP, SG_SEV_MEDIUM},
    {"SnapshotRetentionLimit", SG_CAT_BACKUP, SG_SEV_MEDIUM},
    {"CopyTagsToSnapshot", SG_CAT_BACKUP, SG_SEV_LOW},
    {"BackupPolicy", SG_CAT_BACKUP, SG_SEV_MEDIUM},
    {"ReplicationConfiguration", SG_CAT_BACKUP, SG_SEV_MEDIUM},
    {"LifecycleConfiguration", SG_CAT_BACKUP, SG_SEV_LOW},
    {"LoggingConfiguration", SG_CAT_LOGGING, SG_SEV_MEDIUM},
    {"LogGroupName", SG_CAT_LOGGING, SG_SEV_LOW},
    {"RetentionInDays", SG_CAT_LOGGING, SG_SEV_MEDIUM},
    {"AccessLogSetting", SG_CAT_LOGGING, SG_SEV_MEDIUM},
    {"AccessLoggingPolicy", SG_CAT_LOGGING, SG_SEV_MEDIUM},
    {"LoadBalancerAttributes", SG_CAT_LOGGING, SG_SEV_LOW},
    {"EnableCloudwatchLogsExports", SG_CAT_LOGGING, SG_SEV_MEDIUM},
    {"LogPublishingOptions", SG_CAT_LOGGING, SG_SEV_MEDIUM},
    {"Logging", SG_CAT_LOGGING, SG_SEV_MEDIUM},
    {"LoggingConfig", SG_CAT_LOGGING, SG_SEV_MEDIUM},
    {"EnableLogFileValidation", SG_CAT_LOGGING, SG_SEV_MEDIUM},
    {"IsMultiRegionTrail", SG_CAT_LOGGING, SG_SEV_MEDIUM},
    {"IsLogging", SG_CAT_LOGGING, SG_SEV_HIGH},
    {"TracingConfig", SG_CAT_MONITORING, SG_SEV_LOW},
    {"MonitoringInterval", SG_CAT_MONITORING, SG_SEV_LOW},
    {"EnablePerformanceInsights", SG_CAT_MONITORING, SG_SEV_LOW},
    {"AlarmActions", SG_CAT_MONITORING, SG_SEV_MEDIUM},
    {"OKActions", SG_CAT_MONITORING, SG_SEV_LOW},
    {"Threshold", SG_CAT_MONITORING, SG_SEV_LOW},
    {"MetricName", SG_CAT_MONITORING, SG_SEV_LOW},
    {"EvaluationPeriods", SG_CAT_MONITORING, SG_SEV_LOW},
    {"ComparisonOperator", SG_CAT_MONITORING, SG_SEV_LOW},
    {"Dimensions", SG_CAT_MONITORING, SG_SEV_LOW},
    {"Subscription", SG_CAT_MONITORING, SG_SEV_LOW},
    {"DeadLetterConfig", SG_CAT_MONITORING, SG_SEV_MEDIUM},
    {"RedrivePolicy", SG_CAT_MONITORING, SG_SEV_MEDIUM},
    {"Tags", SG_CAT_TAGGING, SG_SEV_LOW},
    {"TagSpecifications", SG_CAT_TAGGING, SG_SEV_LOW},
    {"MasterUserPassword", SG_CAT_SECRETS, SG_SEV_HIGH},
    {"MasterUsername", SG_CAT_SECRETS, SG_SEV_MEDIUM},
    {"ManageMasterUserPassword", SG_CAT_SECRETS, SG_SEV_MEDIUM},
    {"Password", SG_CAT_SECRETS, SG_SEV_HIGH},
    {"SecretString", SG_CAT_SECRETS, SG_SEV_HIGH},
    {"GenerateSecretString", SG_CAT_SECRETS, SG_SEV_MEDIUM},
    {"InstanceType", SG_CAT_COST, SG_SEV_LOW},
    {"DBInstanceClass", SG_CAT_COST, SG_SEV_LOW},
    {"CacheNodeType", SG_CAT_COST, SG_SEV_LOW},
    {"AllocatedStorage", SG_CAT_COST, SG_SEV_LOW},
    {"MemorySize", SG_CAT_COST, SG_SEV_LOW},
    {"ReservedConcurrentExecutions", SG_CAT_COST, SG_SEV_LOW},
    {"ProvisionedThroughput", SG_CAT_COST, SG_SEV_LOW},
    {"BillingMode", SG_CAT_COST, SG_SEV_LOW},
    {"DesiredCount", SG_CAT_COST, SG_SEV_LOW},
    {"ShardCount", SG_CAT_COST, SG_SEV_LOW},
    {"Iops", SG_CAT_COST, SG_SEV_LOW},
    {"StorageType", SG_CAT_COST, SG_SEV_LOW},
    {"Type", SG_CAT_DEPLOYABILITY, SG_SEV_HIGH},
    {"Condition", SG_CAT_DEPLOYABILITY, SG_SEV_LOW},
    {"DependsOn", SG_CAT_DEPLOYABILITY, SG_SEV_LOW},
    {"Description", SG_CAT_NAMING, SG_SEV_LOW},
};

static bool type_matches(const char *pattern, const char *type)
{
    size_t n = strlen(pattern);
    if (n && pattern[n - 1] == '*')
        return strncmp(pattern, type, n - 1) == 0;
    return strcmp(pattern, type) == 0;
}

static type_class classify_type(const char *type)
{
    for (size_t i = 0; i < sizeof type_table / sizeof *type_table; i++)
        if (type && type_matches(type_table[i].pattern, type))
            return type_table[i];
    return (type_class){"*", SG_CAT_COMPLETENESS, SG_SEV_HIGH};
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The property a change is about: the first key below Properties, else
 * the attribute itself (DeletionPolicy, DependsOn ...). */
static const char *change_property(const sg_change *ch)
{
    if (ch->depth == 0)
        return NULL;
    if (ch->path[0].key && strcmp(ch->path[0].key, "Properties") == 0)
        return ch->depth > 1 ? ch->path[1].key : "Properties";
    return ch->path[0].key;
}

static prop_class classify_property(const char *prop, const char *type)
{
    if (prop) {
        for (size_t i = 0; i < sizeof prop_table / sizeof *prop_table; i++)
            if (strcmp(prop_table[i].name, prop) == 0)
                return prop_table[i];
        /* names: the analysis's suffix check says what matters (TPL-NAME-NO-SUFFIX) */
        if (ends_with(prop, "Name") || ends_with(prop, "Identifier"))
            return (prop_class){prop, SG_CAT_NAMING, SG_SEV_LOW};
    }
    /* Anything else about a resource falls in its type's category, low:
     * worth listing, not worth a headline. */
    return (prop_class){prop, classify_type(type).category == SG_CAT_COMPLETENESS
                                  ? SG_CAT_DEPLOYABILITY
                                  : classify_type(type).category,
                        SG_SEV_LOW};
}

/* ---- diff -> findings --------------------------------------------------------------- */

typedef struct cctx {
    sg_arena *a;
    const sg_diff *d;
    const char *model_file, *ideal_file;
    sg_findings *out;
} cctx;

static sg_finding *add(cctx *c, const char *rule, sg_category cat, sg_severity sev,
                       sg_finding_kind kind)
{
    sg_finding *f = sg_findings_add(c->out);
    f->rule = rule;
    f->category = cat;
    f->severity = sev;
    f->kind = kind;
    f->model.file = c->model_file;
    f->ideal.file = c->ideal_file;
    return f;
}

/* Missing (or extra) resources, grouped by type: one finding per type
 * naming every logical ID, as a reviewer would write it. */
static void resources_by_type(cctx *c, sg_status status)
{
    const sg_diff *d = c->d;
    bool missing = status == SG_ADDED;
    size_t extras = 0;
    for (size_t i = 0; i < d->nentries; i++)
        extras += d->entries[i].section == SG_SEC_RESOURCES && d->entries[i].status == status;
    if (!extras)
        return;
    bool *done = calloc(d->nentries, sizeof *done);
    for (size_t i = 0; i < d->nentries; i++) {
        const sg_entry *x = &d->entries[i];
        if (x->section != SG_SEC_RESOURCES || x->status != status || done[i])
            continue;
        const char *type = missing ? x->new_type : x->old_type;
        sg_strbuf ids = SG_STRBUF_INIT;
        size_t count = 0;
        for (size_t j = i; j < d->nentries; j++) {
            const sg_entry *y = &d->entries[j];
            if (y->section != SG_SEC_RESOURCES || y->status != status || done[j] ||
                strcmp(missing ? y->new_type : y->old_type, type) != 0)
                continue;
            done[j] = true;
            if (count < 8)
                sg_strbuf_printf(&ids, "%s%s", count ? ", " : "", missing ? y->new_id : y->old_id);
            count++;
        }
        if (count > 8)
            sg_strbuf_printf(&ids, " and %zu more", count - 8);
        type_class tc = classify_type(type);
        sg_finding *f;
        if (missing) {
            f = add(c, "DIFF-MISSING-RESOURCE", tc.category, tc.missing, SG_KIND_MISSING_RESOURCE);
            f->title = count > 1 ? sg_arena_printf(c->a, "Missing %zu × %s: %s", count, type, ids.data)
                                 : sg_arena_printf(c->a, "Missing %s: %s", type, ids.data);
            f->message = sg_arena_printf(
                c->a, "The ideal defines %s %s; the model has %s. %s", count > 1 ? "these" : "this",
                type, count > 1 ? "none of them" : "no counterpart", sg_category_why(tc.category));
            f->ideal_id = x->new_id;
            f->ideal = sg_evidence_of(c->a, c->ideal_file, x->new);
            f->ideal.line = x->new_key->line;
        } else {
            f = add(c, "DIFF-EXTRA-RESOURCE", SG_CAT_COST, SG_SEV_LOW, SG_KIND_EXTRA_RESOURCE);
            f->title = count > 1 ? sg_arena_printf(c->a, "%zu extra %s: %s", count, type, ids.data)
                                 : sg_arena_printf(c->a, "Extra %s: %s", type, ids.data);
            f->message = "The model defines resources the ideal does not need: more to deploy, "
                         "pay for and secure, and a sign the request was misread.";
            f->model_id = x->old_id;
            f->model = sg_evidence_of(c->a, c->model_file, x->old);
            f->model.line = x->old_key->line;
        }
        f->resource_type = type;
        sg_strbuf_free(&ids);
    }
    free(done);
}

/* Over-engineering: far more resources than the ideal. */
static void scope_creep(cctx *c)
{
    size_t model = c->d->old->nresources, ideal = c->d->new->nresources;
    size_t extra = c->d->res_counts[SG_REMOVED];
    if (extra < 5 || model < 2 * ideal)
        return;
    sg_finding *f = add(c, "DIFF-SCOPE-CREEP", SG_CAT_COST, SG_SEV_MEDIUM, SG_KIND_EXTRA_RESOURCE);
    f->title = sg_arena_printf(c->a, "Over-engineered: %zu resources where the ideal needs %zu",
                               model, ideal);
    f->message = sg_arena_printf(c->a,
                                 "%zu of the model's resources have no counterpart in the ideal. "
                                 "Unrequested infrastructure costs money, widens the attack "
                                 "surface and hides the parts that were asked for.",
                                 extra);
}

/* One finding per (resource, property): nested changes under one property
 * are one gap ("BucketEncryption differs"), evidence on both sides. */
static void property_changes(cctx *c, const sg_entry *x)
{
    const char *type = x->new_type ? x->new_type : x->old_type;
    for (size_t k = 0; k < x->nchanges; k++) {
        const sg_change *ch = &x->changes[k];
        const char *prop = change_property(ch);
        /* later changes to the same property are folded into the first */
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++) {
            const char *p2 = change_property(&x->changes[j]);
            seen = prop && p2 && strcmp(prop, p2) == 0;
        }
        if (seen)
            continue;
        size_t count = 1;
        bool only_add = ch->op == SG_OP_ADD, only_remove = ch->op == SG_OP_REMOVE;
        for (size_t j = k + 1; j < x->nchanges; j++) {
            const char *p2 = change_property(&x->changes[j]);
            if (prop && p2 && strcmp(prop, p2) == 0) {
                count++;
                only_add &= x->changes[j].op == SG_OP_ADD;
                only_remove &= x->changes[j].op == SG_OP_REMOVE;
            }
        }
        prop_class pc = classify_property(prop, type);
        bool top = ch->depth <= 2 || !ch->path[0].key || strcmp(ch->path[0].key, "Properties");
        sg_finding_kind kind = only_add && top ? SG_KIND_MISSING_PROPERTY : SG_KIND_WRONG_VALUE;
        sg_severity sev = only_remove ? sg_severity_lower(pc.severity) : pc.severity;
        sg_finding *f = add(c, only_add ? "DIFF-MISSING-PROPERTY" : "DIFF-WRONG-VALUE",
                            pc.category, sev, kind);
        const char *id = x->old_id ? x->old_id : x->new_id;
        const char *what = prop ? prop : "value";
        if (only_add)
            f->title = sg_arena_printf(c->a, "%s: %s is missing", id, what);
        else if (only_remove)
            f->title = sg_arena_printf(c->a, "%s: %s is set but the ideal does not set it", id, what);
        else
            f->title = sg_arena_printf(c->a, "%s: %s differs from the ideal", id, what);
        sg_strbuf path = SG_STRBUF_INIT;
        /* the property's own path: Properties.X or the attribute */
        uint32_t depth = ch->depth;
        if (prop && ch->path[0].key && strcmp(ch->path[0].key, "Properties") == 0 && depth > 2)
            depth = 2;
        else if (prop && depth > 1 && !(ch->path[0].key && strcmp(ch->path[0].key, "Properties") == 0))
            depth = 1;
        sg_emit_path(&path, ch->path, depth);
        f->path = sg_arena_strdup(c->a, path.data ? path.data : "");
        sg_strbuf_free(&path);
        f->message = count > 1 ? sg_arena_printf(c->a, "%s (%zu differences under %s.)",
                                                 sg_category_why(pc.category), count, what)
                               : sg_category_why(pc.category);
        f->resource_type = type;
        f->model_id = x->old_id;
        f->ideal_id = x->new_id;
        /* evidence: the property's whole value on each side when the change is
         * nested; else the changed nodes */
        const sg_node *mv = x->old, *iv = x->new, *mk = NULL, *ik = NULL;
        for (uint32_t s = 0; s < depth && (mv || iv); s++) {
            const char *key = ch->path[s].key;
            const sg_pair *mp = key ? sg_map_get_pair(mv, key) : NULL;
            const sg_pair *ip = key ? sg_map_get_pair(iv, key) : NULL;
            mv = mp ? mp->value : NULL;
            iv = ip ? ip->value : NULL;
            mk = mp ? mp->key : NULL;
            ik = ip ? ip->key : NULL;
        }
        if (depth == ch->depth || (!mv && !iv)) {
            mv = ch->old;
            iv = ch->new;
        }
        f->model = sg_evidence_of(c->a, c->model_file, mv);
        f->ideal = sg_evidence_of(c->a, c->ideal_file, iv);
        /* cite the property's key line: `BucketEncryption:` rather than its value */
        if (mk && mv)
            f->model.line = mk->line;
        if (ik && iv)
            f->ideal.line = ik->line;
        if (!mv && x->old_key)
            f->model.line = x->old_key->line;
    }
}

static bool is_suffix_param(const sg_entry *x)
{
    const char *id = x->new_id ? x->new_id : x->old_id;
    return x->section == SG_SEC_PARAMETERS && id &&
           (strstr(id, "Suffix") || strstr(id, "Environment") || strcmp(id, "Stage") == 0);
}

/* Entries of a named section that only one side has, grouped: one finding
 * "Outputs: 4 missing: A, B, C, D" instead of four. */
static bool grouped(const sg_entry *x)
{
    return x->section != SG_SEC_RESOURCES && !sg_section_is_scalar(x->section) &&
           (x->status == SG_ADDED || x->status == SG_REMOVED) && !is_suffix_param(x);
}

static void entries_by_section(cctx *c, sg_section s, sg_status status)
{
    const sg_diff *d = c->d;
    const sg_entry *first = NULL;
    sg_strbuf ids = SG_STRBUF_INIT;
    size_t count = 0;
    for (size_t i = 0; i < d->nentries; i++) {
        const sg_entry *x = &d->entries[i];
        if (x->section != s || x->status != status || !grouped(x))
            continue;
        if (!first)
            first = x;
        if (count < 8)
            sg_strbuf_printf(&ids, "%s%s", count ? ", " : "", x->new_id ? x->new_id : x->old_id);
        count++;
    }
    if (!count) {
        sg_strbuf_free(&ids);
        return;
    }
    if (count > 8)
        sg_strbuf_printf(&ids, " and %zu more", count - 8);
    bool missing = status == SG_ADDED;
    sg_category cat = s == SG_SEC_OUTPUTS ? SG_CAT_OUTPUTS
                      : s == SG_SEC_OTHER ? SG_CAT_DEPLOYABILITY
                                          : SG_CAT_PARAMETERS;
    sg_severity sev = missing && (s == SG_SEC_OUTPUTS || s == SG_SEC_PARAMETERS) ? SG_SEV_MEDIUM
                                                                                : SG_SEV_LOW;
    sg_finding_kind kind = !missing                  ? SG_KIND_WRONG_VALUE
                           : !c->d->old->section[s] ? SG_KIND_MISSING_SECTION
                                                    : SG_KIND_MISSING_PROPERTY;
    sg_finding *f = add(c, missing ? "DIFF-MISSING-ENTRY" : "DIFF-EXTRA-ENTRY", cat, sev, kind);
    const char *sec = sg_section_name(s);
    f->title = count > 1 ? sg_arena_printf(c->a, "%s: %zu %s: %s", sec, count,
                                           missing ? "missing" : "extra", ids.data)
                         : sg_arena_printf(c->a, "%s: %s %s", sec, ids.data,
                                           missing ? "is missing" : "is not in the ideal");
    f->message = sg_category_why(cat);
    f->path = sec;
    if (missing) {
        f->ideal_id = first->new_id;
        f->ideal = sg_evidence_of(c->a, c->ideal_file, first->new);
        f->ideal.line = first->new_key->line;
    } else {
        f->model_id = first->old_id;
        f->model = sg_evidence_of(c->a, c->model_file, first->old);
        f->model.line = first->old_key->line;
    }
    sg_strbuf_free(&ids);
}

/* Named entries of the other sections. */
static void section_entry(cctx *c, const sg_entry *x)
{
    sg_section s = x->section;
    if (s == SG_SEC_DESCRIPTION || s == SG_SEC_METADATA || s == SG_SEC_FORMAT_VERSION ||
        x->status == SG_UNCHANGED || grouped(x))
        return;
    const char *id = x->new_id ? x->new_id : x->old_id;
    sg_category cat = SG_CAT_PARAMETERS;
    sg_severity sev = SG_SEV_LOW;
    if (s == SG_SEC_OUTPUTS) {
        cat = SG_CAT_OUTPUTS;
        sev = x->status == SG_ADDED ? SG_SEV_MEDIUM : SG_SEV_LOW;
    } else if (s == SG_SEC_PARAMETERS) {
        bool suffix = is_suffix_param(x);
        cat = suffix ? SG_CAT_NAMING : SG_CAT_PARAMETERS;
        sev = x->status == SG_ADDED ? (suffix ? SG_SEV_HIGH : SG_SEV_MEDIUM) : SG_SEV_LOW;
        const sg_node *noecho = x->new ? sg_map_get(x->new, "NoEcho") : NULL;
        if (noecho && sg_node_is_str(noecho, "true"))
            cat = SG_CAT_SECRETS;
    } else if (s == SG_SEC_TRANSFORM) {
        cat = SG_CAT_DEPLOYABILITY;
        sev = SG_SEV_HIGH;
    } else if (s == SG_SEC_OTHER) {
        cat = SG_CAT_DEPLOYABILITY;
    }
    sg_finding_kind kind = x->status == SG_ADDED ? SG_KIND_MISSING_PROPERTY : SG_KIND_WRONG_VALUE;
    if (x->status == SG_ADDED && !c->d->old->section[s])
        kind = SG_KIND_MISSING_SECTION;
    const char *rule = x->status == SG_ADDED     ? "DIFF-MISSING-ENTRY"
                       : x->status == SG_REMOVED ? "DIFF-EXTRA-ENTRY"
                                                 : "DIFF-ENTRY-DIFFERS";
    sg_finding *f = add(c, rule, cat, sev, kind);
    const char *sec = sg_section_name(s);
    if (sg_section_is_scalar(s))
        f->title = x->status == SG_ADDED     ? sg_arena_printf(c->a, "%s is missing", sec)
                   : x->status == SG_REMOVED ? sg_arena_printf(c->a, "%s is set but the ideal has none", sec)
                                             : sg_arena_printf(c->a, "%s differs from the ideal", sec);
    else
        f->title = x->status == SG_ADDED     ? sg_arena_printf(c->a, "%s: %s is missing", sec, id)
                   : x->status == SG_REMOVED ? sg_arena_printf(c->a, "%s: extra %s", sec, id)
                                             : sg_arena_printf(c->a, "%s: %s differs from the ideal", sec, id);
    f->message = sg_category_why(cat);
    f->model_id = x->old_id;
    f->ideal_id = x->new_id;
    f->path = sg_arena_printf(c->a, "%s%s%s", sec, id && !sg_section_is_scalar(s) ? "." : "",
                              id && !sg_section_is_scalar(s) ? id : "");
    f->model = sg_evidence_of(c->a, c->model_file, x->old);
    f->ideal = sg_evidence_of(c->a, c->ideal_file, x->new);
    if (x->old_key)
        f->model.line = x->old_key->line;
    if (x->new_key)
        f->ideal.line = x->new_key->line;
}

static const char *last_segment(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;
    return dot ? dot + 1 : path ? path : "";
}

/* The same property gap on several resources ("DeletionPolicy is missing"
 * on 6 resources) is one finding naming them all: a reviewer fixes it once,
 * and a report that repeats it six times buries everything else. */
#define FOLD_AT 3
static void fold_repeats(sg_arena *a, sg_findings *f, size_t first)
{
    for (size_t i = first; i < f->n; i++) {
        sg_finding *x = &f->v[i];
        if (!x->rule || (strcmp(x->rule, "DIFF-MISSING-PROPERTY") && strcmp(x->rule, "DIFF-WRONG-VALUE")))
            continue;
        const char *prop = last_segment(x->path);
        size_t count = 1;
        for (size_t j = i + 1; j < f->n; j++) {
            const sg_finding *y = &f->v[j];
            count += y->rule && strcmp(y->rule, x->rule) == 0 && y->severity == x->severity &&
                     y->category == x->category && strcmp(last_segment(y->path), prop) == 0;
        }
        if (count < FOLD_AT)
            continue;
        sg_strbuf ids = SG_STRBUF_INIT;
        size_t listed = 0;
        for (size_t j = i; j < f->n; j++) {
            sg_finding *y = &f->v[j];
            if (!y->rule || strcmp(y->rule, x->rule) || y->severity != x->severity ||
                y->category != x->category || strcmp(last_segment(y->path), prop))
                continue;
            const char *id = y->model_id ? y->model_id : y->ideal_id;
            if (listed < 8)
                sg_strbuf_printf(&ids, "%s%s", listed ? ", " : "", id ? id : "?");
            listed++;
            if (j != i)
                y->rule = NULL; /* folded into x; dropped below */
        }
        if (listed > 8)
            sg_strbuf_printf(&ids, " and %zu more", listed - 8);
        bool missing = strcmp(x->rule, "DIFF-MISSING-PROPERTY") == 0;
        x->title = sg_arena_printf(a, "%s %s on %zu resources: %s", prop,
                                   missing ? "is missing" : "differs from the ideal", listed, ids.data);
        x->resource_type = NULL;
        sg_strbuf_free(&ids);
    }
    size_t w = first;
    for (size_t i = first; i < f->n; i++)
        if (f->v[i].rule)
            f->v[w++] = f->v[i];
    f->n = w;
}

void sg_classify_diff(sg_arena *a, const sg_diff *d, sg_findings *out)
{
    size_t first = out->n;
    cctx c = {a, d, d->old->file, d->new->file, out};
    resources_by_type(&c, SG_ADDED);
    resources_by_type(&c, SG_REMOVED);
    scope_creep(&c);
    for (int s = 0; s < SG_SEC_COUNT; s++) {
        entries_by_section(&c, (sg_section)s, SG_ADDED);
        entries_by_section(&c, (sg_section)s, SG_REMOVED);
    }
    for (size_t i = 0; i < d->nentries; i++) {
        const sg_entry *x = &d->entries[i];
        if (x->section == SG_SEC_RESOURCES) {
            if (x->status == SG_MODIFIED || x->status == SG_RENAMED)
                property_changes(&c, x);
        } else {
            section_entry(&c, x);
        }
    }
    fold_repeats(a, out, first);
}

/* ---- rules: regressions and shared gaps ----------------------------------------------- */

/* Does v (sorted by rule id, then resource id with NULL first, as
 * sg_rules_check leaves it) hold `rule` on resource `id` (any, when NULL)?
 * A binary search: this runs once per model violation. */
static bool violates(const sg_violations *v, const sg_rule *rule, const char *id)
{
    size_t lo = 0, hi = v->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const sg_violation *x = &v->v[mid];
        int c = strcmp(x->rule->id, rule->id);
        if (c == 0 && id)
            c = x->resource_id ? strcmp(x->resource_id, id) : -1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == v->n || strcmp(v->v[lo].rule->id, rule->id) != 0)
        return false;
    return !id || (v->v[lo].resource_id && strcmp(v->v[lo].resource_id, id) == 0);
}

static int cmp_entry_old_id(const void *p, const void *q)
{
    return strcmp((*(const sg_entry *const *)p)->old_id, (*(const sg_entry *const *)q)->old_id);
}

/* Resource entries by model logical ID, for pair_of. */
typedef struct pairs_index {
    const sg_entry **v;
    size_t n;
} pairs_index;

static pairs_index index_pairs(const sg_diff *d)
{
    pairs_index ix = {sg_xmalloc((d->nentries + 1) * sizeof *ix.v), 0};
    for (size_t i = 0; i < d->nentries; i++)
        if (d->entries[i].section == SG_SEC_RESOURCES && d->entries[i].old_id)
            ix.v[ix.n++] = &d->entries[i];
    if (ix.n > 1)
        qsort(ix.v, ix.n, sizeof *ix.v, cmp_entry_old_id);
    return ix;
}

/* The ideal resource the model's resource was paired with, or NULL. */
static const sg_entry *pair_of(const pairs_index *ix, const char *model_id)
{
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ix->v[mid]->old_id, model_id);
        if (c == 0)
            return ix->v[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Follows a rule's property path ("Properties.A.B", list indices stop the
 * walk: list order differs between templates) from a resource body.
 * Returns the value and sets *key to its key node, or NULL when the path
 * is not there. */
static const sg_node *lookup_path(const sg_node *body, const char *path, const sg_node **key)
{
    const sg_node *n = body;
    char seg[256];
    for (const char *p = path; p && *p;) {
        size_t len = strcspn(p, ".[");
        if (len == 0 || len >= sizeof seg)
            break;
        memcpy(seg, p, len);
        seg[len] = '\0';
        const sg_pair *pair = sg_map_get_pair(n, seg);
        if (!pair)
            return NULL;
        n = pair->value;
        *key = pair->key;
        p += len;
        if (*p != '.')
            break; /* end, or a list index */
        p++;
    }
    return n == body ? NULL : n;
}

static void rule_findings(sg_arena *a, const sg_report *r, sg_findings *out)
{
    pairs_index ix = index_pairs(&r->diff);
    for (size_t i = 0; i < r->model_violations.n; i++) {
        const sg_violation *v = &r->model_violations.v[i];
        const sg_entry *x = v->resource_id ? pair_of(&ix, v->resource_id) : NULL;
        const char *ideal_id = x ? x->new_id : NULL;
        /* shared gap: the ideal fails the same rule on the paired resource
         * (or anywhere, when the model's resource has no pair) */
        bool shared = ideal_id ? violates(&r->ideal_violations, v->rule, ideal_id)
                               : violates(&r->ideal_violations, v->rule, NULL);
        sg_finding *f = sg_findings_add(out);
        f->rule = v->rule->id;
        f->category = v->rule->category;
        f->severity = shared ? sg_severity_lower(v->rule->severity) : v->rule->severity;
        f->shared = shared;
        f->kind = SG_KIND_INVALID;
        f->title = v->resource_id ? sg_arena_printf(a, "%s: %s", v->resource_id, v->detail ? v->detail : v->rule->title)
                                  : (v->detail ? v->detail : v->rule->title);
        f->message = shared ? sg_arena_printf(a, "%s The ideal has the same gap. Expected: %s.",
                                              v->rule->why, v->rule->title)
                            : sg_arena_printf(a, "%s Expected: %s.", v->rule->why, v->rule->title);
        f->path = v->path;
        f->model_id = v->resource_id;
        f->ideal_id = ideal_id;
        const sg_resource *res = v->resource_id ? sg_template_resource(r->model, v->resource_id) : NULL;
        f->resource_type = res ? res->type : NULL;
        f->model = sg_evidence_of(a, r->model_file, v->node);
        f->ideal.file = r->ideal_file;
        if (x && x->new) {
            /* the ideal's version of the offending property, cited from its
             * key line; the whole ideal resource when it does not set it */
            const sg_node *key = x->new_key;
            const sg_node *iv = lookup_path(x->new, v->path, &key);
            f->ideal = sg_evidence_of(a, r->ideal_file, iv ? iv : x->new);
            f->ideal.line = iv ? key->line : x->new_key->line;
        }
    }
    free(ix.v);
}

/* A diff finding about the same resource and category as a rule finding
 * says the same thing less precisely: keep the rule's, with the diff's
 * ideal evidence when the rule had none. */
static void merge_overlaps(sg_findings *f)
{
    for (size_t i = 0; i < f->n; i++) {
        sg_finding *d = &f->v[i];
        if (!d->rule || strncmp(d->rule, "DIFF-", 5) != 0 || !d->model_id ||
            d->kind == SG_KIND_MISSING_RESOURCE || d->kind == SG_KIND_EXTRA_RESOURCE)
            continue;
        for (size_t j = 0; j < f->n; j++) {
            sg_finding *r = &f->v[j];
            if (j == i || !r->rule || strncmp(r->rule, "DIFF-", 5) == 0 || !r->model_id || r->shared ||
                r->category != d->category || strcmp(r->model_id, d->model_id) != 0)
                continue;
            if (!r->ideal.line && d->ideal.line)
                r->ideal = d->ideal;
            if (d->severity < r->severity)
                r->severity = d->severity;
            d->rule = NULL; /* dropped below */
            break;
        }
    }
    size_t w = 0;
    for (size_t i = 0; i < f->n; i++)
        if (f->v[i].rule)
            f->v[w++] = f->v[i];
    f->n = w;
}

/* ideal_unmet[i]: the ideal misses requirement i too.  The check is a
 * heuristic; when the ideal (the accepted answer) fails it as well, the
 * model's miss is a shared gap, not the model's failure. */
static void requirement_findings(sg_arena *a, const sg_report *r, const bool *ideal_unmet,
                                 sg_findings *out)
{
    for (size_t i = 0; i < r->reqs.n; i++) {
        const sg_requirement *q = &r->reqs.v[i];
        if (q->status != SG_REQ_UNMET)
            continue;
        bool shared = ideal_unmet && ideal_unmet[i];
        sg_category cat = SG_CAT_COMPLETENESS;
        for (int k = 0; k < SG_CAT_COUNT; k++)
            if (q->categories & (1u << k)) {
                cat = (sg_category)k;
                break;
            }
        sg_finding *f = sg_findings_add(out);
        f->rule = "REQ-UNMET";
        f->category = cat;
        f->severity = q->is_explicit ? SG_SEV_CRITICAL : SG_SEV_MEDIUM;
        if (shared)
            f->severity = sg_severity_lower(f->severity);
        f->shared = shared;
        f->kind = SG_KIND_REQUIREMENT;
        f->title = sg_arena_printf(a, "Prompt requirement not met: \"%s\"", q->text);
        f->message = q->evidence ? q->evidence : "The model's template does not meet it.";
        f->model_id = q->evidence_id;
        f->model.file = r->model_file;
        f->model.line = q->evidence_line;
        f->ideal.file = r->prompt_file;
        f->ideal.line = q->line;
        f->ideal.excerpt = q->text;
        f->path = NULL;
    }
}

static bool fails_category(const sg_violations *v, const char *id, sg_category c)
{
    for (size_t i = 0; id && i < v->n; i++)
        if (v->v[i].rule->category == c && v->v[i].resource_id &&
            strcmp(v->v[i].resource_id, id) == 0)
            return true;
    return false;
}

/* Does a prompt requirement quote the 'literal' of a finding's title? */
static bool prompt_names(const sg_report *r, const char *title)
{
    const char *q = title ? strchr(title, '\'') : NULL;
    const char *e = q ? strchr(q + 1, '\'') : NULL;
    if (!e || e == q + 1)
        return false;
    for (size_t i = 0; i < r->reqs.n; i++) {
        const char *t = r->reqs.v[i].text;
        for (const char *p = t; (p = strchr(p, q[1])); p++)
            if (strncmp(p, q + 1, (size_t)(e - q - 1)) == 0)
                return true;
    }
    return false;
}

static bool prompt_asks_for(const sg_report *r, const char *type)
{
    for (size_t i = 0; type && i < r->reqs.n; i++)
        for (size_t t = 0; r->reqs.v[i].status == SG_REQ_MET && t < r->reqs.v[i].ntypes; t++)
            if (strcmp(r->reqs.v[i].types[t], type) == 0)
                return true;
    return false;
}

/* Second looks that use everything known (docs/report.md, "Calibration"):
 * - a difference where the model's resource passes every check of the
 *   category and the ideal's does not: the model is stricter, low;
 * - a type "missing" while the model has other resources of that type:
 *   probably the same thing under another name, one level lower;
 * - "extra" resources of a type the prompt asked for (a met requirement
 *   names it): not extra, dropped. */
static void calibrate(sg_arena *a, sg_report *r)
{
    sg_findings *f = &r->findings;
    for (size_t i = 0; i < f->n; i++) {
        sg_finding *x = &f->v[i];
        if (!x->rule || strncmp(x->rule, "DIFF-", 5) != 0)
            continue;
        bool property = strcmp(x->rule, "DIFF-MISSING-PROPERTY") == 0 ||
                        strcmp(x->rule, "DIFF-WRONG-VALUE") == 0;
        if (property && x->model_id && x->ideal_id &&
            !fails_category(&r->model_violations, x->model_id, x->category) &&
            fails_category(&r->ideal_violations, x->ideal_id, x->category)) {
            x->severity = SG_SEV_LOW;
            x->message = sg_arena_printf(a, "The model is stricter here than the ideal: its %s "
                                            "passes the %s checks the ideal's fails.",
                                         x->model_id, sg_category_id(x->category));
        } else if (strcmp(x->rule, "DIFF-MISSING-RESOURCE") == 0) {
            for (size_t j = 0; j < f->n; j++) {
                const sg_finding *e = &f->v[j];
                if (e->rule && strcmp(e->rule, "DIFF-EXTRA-RESOURCE") == 0 && e->resource_type &&
                    x->resource_type && strcmp(e->resource_type, x->resource_type) == 0) {
                    x->severity = sg_severity_lower(x->severity);
                    x->message = sg_arena_printf(a, "%s The model has other %s resources that may "
                                                    "play this role under other names (%s).",
                                                 x->message, x->resource_type, e->title);
                    break;
                }
            }
        } else if (strcmp(x->rule, "DIFF-EXTRA-RESOURCE") == 0 &&
                   prompt_asks_for(r, x->resource_type)) {
            x->rule = NULL; /* the prompt asked for it */
        }
    }
    for (size_t i = 0; i < f->n; i++) {
        sg_finding *x = &f->v[i];
        if (x->rule && (strcmp(x->rule, "TPL-HARDCODED-AZ") == 0 ||
                        strcmp(x->rule, "TPL-HARDCODED-REGION") == 0) &&
            prompt_names(r, x->title))
            x->rule = NULL; /* "deploy to us-east-1a and us-east-1b": as asked */
    }
    size_t w = 0;
    for (size_t i = 0; i < f->n; i++)
        if (f->v[i].rule)
            f->v[w++] = f->v[i];
    f->n = w;
}

/* The requirements the model misses, checked against the ideal too (only
 * those: the check is not cheap, and a met one needs no second look). */
static bool *ideal_requirements(sg_arena *a, const sg_report *r)
{
    if (!r->reqs.n)
        return NULL;
    sg_requirements copy = {sg_arena_alloc(a, r->reqs.n * sizeof *copy.v), 0};
    size_t *index = sg_arena_alloc(a, r->reqs.n * sizeof *index);
    for (size_t i = 0; i < r->reqs.n; i++)
        if (r->reqs.v[i].status == SG_REQ_UNMET) {
            index[copy.n] = i;
            copy.v[copy.n++] = r->reqs.v[i];
        }
    bool *unmet = calloc(r->reqs.n, sizeof *unmet);
    sg_requirements_check(a, &copy, r->ideal, &r->ideal_violations);
    for (size_t k = 0; k < copy.n; k++)
        unmet[index[k]] = copy.v[k].status == SG_REQ_UNMET;
    return unmet;
}

static void no_template_finding(sg_arena *a, sg_report *r)
{
    sg_finding *f = sg_findings_add(&r->findings);
    f->rule = "TPL-MISSING";
    f->category = SG_CAT_COMPLETENESS;
    f->severity = SG_SEV_CRITICAL;
    f->kind = SG_KIND_MISSING_SECTION;
    f->title = "The response holds no CloudFormation template";
    f->message = sg_arena_printf(a, "Nothing can be deployed: %s. The ideal defines %zu resource%s.",
                                 r->model_problem, r->ideal->nresources,
                                 r->ideal->nresources == 1 ? "" : "s");
    f->model.file = r->model_file;
    f->ideal.file = r->ideal_file;
    f->ideal.line = r->ideal->section_key[SG_SEC_RESOURCES] ? r->ideal->section_key[SG_SEC_RESOURCES]->line : 1;
}

/* ---- the report ------------------------------------------------------------------------- */

static const char *const verdict_ids[] = {"matches", "minor-gaps", "needs-work", "fails",
                                          "no-template"};

const char *sg_verdict_id(sg_verdict v)
{
    return verdict_ids[v];
}

sg_severity sg_report_worst(const sg_report *r)
{
    for (int s = 0; s < SG_SEV_COUNT; s++)
        if (r->by_severity[s])
            return (sg_severity)s;
    return SG_SEV_COUNT;
}

void sg_check_template(sg_arena *a, const sg_template *t, sg_findings *out)
{
    sg_violations v = {0};
    sg_rules_check(a, t, &v);
    for (size_t i = 0; i < v.n; i++) {
        sg_finding *f = sg_findings_add(out);
        f->rule = v.v[i].rule->id;
        f->category = v.v[i].rule->category;
        f->severity = v.v[i].rule->severity;
        f->kind = SG_KIND_INVALID;
        f->title = v.v[i].detail ? v.v[i].detail : v.v[i].rule->title;
        if (v.v[i].resource_id)
            f->title = sg_arena_printf(a, "%s: %s", v.v[i].resource_id, f->title);
        f->message = v.v[i].rule->why;
        f->model_id = v.v[i].resource_id;
        f->path = v.v[i].path;
        f->model = sg_evidence_of(a, t->file, v.v[i].node);
    }
    sg_violations_free(&v);
    sg_analyze_template(a, t, NULL, out);
    sg_spec_check_template(a, t, out);
    for (size_t i = 0; i < out->n; i++)
        sg_evidence_quote(a, &out->v[i].model, t);
    sg_findings_sort(out);
}

/* Spec findings on the model; the ones the ideal has too (same rule, type, path and
 * title: titles name types and properties, not logical IDs) are shared gaps, one
 * severity lower, as for rules. */
static void spec_findings(sg_arena *a, const sg_template *model, const sg_template *ideal,
                          sg_findings *out)
{
    size_t first = out->n;
    sg_spec_check_template(a, model, out);
    if (out->n == first)
        return;
    sg_findings theirs = {0};
    sg_spec_check_template(a, ideal, &theirs);
    for (size_t i = first; i < out->n; i++) {
        sg_finding *f = &out->v[i];
        for (size_t j = 0; j < theirs.n; j++) {
            const sg_finding *g = &theirs.v[j];
            if (strcmp(f->rule, g->rule) == 0 && strcmp(f->title, g->title) == 0 &&
                (f->path ? g->path && strcmp(f->path, g->path) == 0 : !g->path) &&
                (f->resource_type ? g->resource_type &&
                                        strcmp(f->resource_type, g->resource_type) == 0
                                  : !g->resource_type)) {
                f->shared = true;
                f->severity = sg_severity_lower(f->severity);
                f->ideal = g->model;
                f->ideal_id = g->model_id;
                break;
            }
        }
    }
    sg_findings_free(&theirs);
}

int sg_report_build(sg_arena *a, const sg_report_opts *opts, sg_report *r, sg_error *err)
{
    memset(r, 0, sizeof *r);
    r->model_file = opts->model_path;
    r->ideal_file = opts->ideal_path;
    r->prompt_file = opts->prompt_path;
    r->ideal_note = opts->ideal_note;
    sg_load_opts lo = {.limits = opts->limits};

    sg_template *ideal = sg_arena_alloc(a, sizeof *ideal);
    if (sg_load_file(a, opts->ideal_path, &lo, ideal, err) != 0)
        return -1;
    r->ideal = ideal;

    if (opts->prompt_path) {
        char *buf;
        size_t len;
        const sg_limits *lim = opts->limits ? opts->limits : sg_limits_default();
        if (sg_read_file(opts->prompt_path, lim->max_input_bytes, &buf, &len, err) != 0)
            return -1;
        int rc = sg_requirements_extract(a, opts->prompt_path, buf, len, &r->reqs, err);
        free(buf);
        if (rc != 0)
            return -1;
    }

    sg_template *model = sg_arena_alloc(a, sizeof *model);
    sg_error merr;
    if (sg_load_file(a, opts->model_path, &lo, model, &merr) != 0) {
        /* a model answer that cannot be used is the report's subject, not an error */
        char buf[700];
        sg_error_format(&merr, buf, sizeof buf);
        r->model_problem = merr.line ? sg_arena_strdup(a, buf) : sg_arena_strdup(a, merr.msg);
        sg_requirements_check(a, &r->reqs, NULL, NULL);
        no_template_finding(a, r);
        requirement_findings(a, r, NULL, &r->findings);
    } else {
        r->model = model;
        sg_diff_templates(a, model, ideal, NULL, &r->diff);
        sg_rules_check(a, model, &r->model_violations);
        sg_rules_check(a, ideal, &r->ideal_violations);
        sg_classify_diff(a, &r->diff, &r->findings);
        rule_findings(a, r, &r->findings);
        merge_overlaps(&r->findings);
        sg_analyze_template(a, model, ideal, &r->findings);
        spec_findings(a, model, ideal, &r->findings);
        sg_requirements_check(a, &r->reqs, model, &r->model_violations);
        bool *ideal_unmet = ideal_requirements(a, r);
        requirement_findings(a, r, ideal_unmet, &r->findings);
        free(ideal_unmet);
        calibrate(a, r);
    }
    for (size_t i = 0; i < r->findings.n; i++) {
        sg_evidence_quote(a, &r->findings.v[i].model, r->model);
        sg_evidence_quote(a, &r->findings.v[i].ideal, r->ideal);
    }
    sg_findings_sort(&r->findings);
    sg_report_recount(r);
    return 0;
}

void sg_report_recount(sg_report *r)
{
    size_t counted = 0;
    r->shared = 0;
    memset(r->by_severity, 0, sizeof r->by_severity);
    memset(r->by_category, 0, sizeof r->by_category);
    for (size_t i = 0; i < r->findings.n; i++) {
        const sg_finding *f = &r->findings.v[i];
        if (f->shared) {
            r->shared++;
            continue;
        }
        counted++;
        r->by_severity[f->severity]++;
        r->by_category[f->category][f->severity]++;
    }
    if (!r->model)
        r->verdict = SG_VERDICT_NO_TEMPLATE;
    else if (r->by_severity[SG_SEV_CRITICAL])
        r->verdict = SG_VERDICT_FAILS;
    else if (r->by_severity[SG_SEV_HIGH])
        r->verdict = SG_VERDICT_NEEDS_WORK;
    else if (counted)
        r->verdict = SG_VERDICT_MINOR;
    else
        r->verdict = SG_VERDICT_MATCHES;
}

void sg_report_free(sg_report *r)
{
    sg_violations_free(&r->model_violations);
    sg_violations_free(&r->ideal_violations);
    sg_findings_free(&r->findings);
}
