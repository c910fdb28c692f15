/* analyze.c - template-wide checks on the model (see analyze.h).
 *
 * One walk over Resources, Outputs, Conditions and Rules resolves every
 * Ref, Fn::GetAtt, Fn::Sub variable, DependsOn and condition name, checks
 * the shape of each intrinsic, marks the parameters it sees used, scans the
 * literal text of Resources and Outputs for hard-coded accounts, regions,
 * zones, AMIs and ARNs, and records resource-to-resource edges.  Tarjan's
 * algorithm then finds the cycles among those edges.  Naming checks compare
 * the model's explicit resource names with the suffix parameter the ideal
 * uses in its own names.
 *
 * Everything is linear in the size of the template: names are found by
 * binary search in the sorted resource index and the sorted (normalized)
 * Parameters, Conditions and Fn::Sub variable maps.
 *
 * Decisions worth knowing:
 *   - Findings from one check on one resource (output, condition) are
 *     merged: one finding per rule, owner and missing name (hard-coded
 *     values: per rule and owner), with a count in the message.
 *   - Hard-coded values are looked for in Resources and Outputs only.  The
 *     Parameters (defaults, allowed values), Mappings (region maps are the
 *     right way), Conditions and Rules (comparing with a literal region or
 *     account is what they are for) and Metadata sections are skipped, as are
 *     text under *Description keys, inline Lambda code (ZipFile, InlineCode:
 *     a region there is the code's own fallback) and aws:RequestedRegion
 *     conditions (they name a region on purpose).  In Fn::Sub only the
 *     literal text counts: ${AWS::Region} is the fix, not the problem.
 *   - A 12-digit number counts as an account id inside an ARN's account
 *     field, in front of ".dkr.ecr.", or as the whole value of an
 *     account-like key (AWS, aws:SourceAccount, *Account*).  Not reported:
 *     the accounts AWS uses for Elastic Load Balancing log delivery, and the
 *     publisher accounts of Lambda layers and Inspector rules packages.
 *   - TPL-HARDCODED-ARN is an ARN spelled with a literal partition ("aws")
 *     whose region or account part is a literal region or account.  It comes
 *     on top of the region/account finding on purpose: that one says what is
 *     fixed, this one that the whole ARN should be built (Fn::Sub with the
 *     pseudo parameters) or referenced.  Wildcards and service namespaces
 *     (arn:aws:logs:*:*:*, arn:aws:iam::aws:policy/...) are not reported.
 *   - A resource name passes the suffix check when it uses the suffix
 *     parameter (or any parameter of a similar name), AWS::StackName, or the
 *     name of another resource (it varies with that one); a plain Ref (a
 *     name given as a parameter) and a name the ideal fixes the same way are
 *     not reported either.
 *   - With the AWS::Serverless transform, names that start with the ID of a
 *     serverless resource (MyFunctionRole) or with "Serverless" are
 *     resources SAM generates, not missing ones; Globals is a known section.
 *   - Refs in Transform and in unknown top-level sections count as
 *     parameter uses (nothing in them is reported); the Metadata section is
 *     not read, so a parameter named only there is unused. */
#include "stackgap/analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackgap/refs.h"
#include "stackgap/spec.h"
#include "stackgap/strbuf.h"

/* ---- tables ---------------------------------------------------------------------- */

static const char *const pseudo_params[] = {
    "AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",   "AWS::Partition",
    "AWS::Region",    "AWS::StackId",          "AWS::StackName", "AWS::URLSuffix",
};

/* Intrinsics CloudFormation knows (incl. Rules functions and the
 * LanguageExtensions transform) and the shape of their argument: a list of
 * min..max items, or anything (min == 0). */
static const struct {
    const char *name;
    unsigned min, max;
    const char *shape;
} intrinsics[] = {
    {"Fn::And", 2, 10, "a list of 2 to 10 conditions"},
    {"Fn::Base64", 0, 0, NULL},
    {"Fn::Cidr", 3, 3, "[ipBlock, count, cidrBits]"},
    {"Fn::Contains", 0, 0, NULL},
    {"Fn::EachMemberEquals", 0, 0, NULL},
    {"Fn::EachMemberIn", 0, 0, NULL},
    {"Fn::Equals", 2, 2, "[value1, value2]"},
    {"Fn::FindInMap", 3, 4, "[MapName, TopLevelKey, SecondLevelKey]"},
    {"Fn::GetAZs", 0, 0, NULL},
    {"Fn::GetAtt", 2, 2, "[LogicalId, Attribute]"},
    {"Fn::If", 3, 3, "[ConditionName, ValueIfTrue, ValueIfFalse]"},
    {"Fn::ImportValue", 0, 0, NULL},
    {"Fn::Join", 2, 2, "[delimiter, [values]]"},
    {"Fn::Length", 0, 0, NULL},
    {"Fn::Not", 1, 1, "[condition]"},
    {"Fn::Or", 2, 10, "a list of 2 to 10 conditions"},
    {"Fn::RefAll", 0, 0, NULL},
    {"Fn::Select", 2, 2, "[index, [values]]"},
    {"Fn::Split", 2, 2, "[delimiter, string]"},
    {"Fn::Sub", 0, 0, "a string or [string, {variables}]"},
    {"Fn::ToJsonString", 0, 0, NULL},
    {"Fn::Transform", 0, 0, NULL},
    {"Fn::ValueOf", 0, 0, NULL},
    {"Fn::ValueOfAll", 0, 0, NULL},
};

/* Explicit physical-name properties, by resource type.  A name that does not
 * vary by environment makes a second deployment of the stack fail. */
static const struct {
    const char *type, *key;
} name_props[] = {
    {"AWS::ApiGateway::RestApi", "Name"},
    {"AWS::ApiGatewayV2::Api", "Name"},
    {"AWS::Athena::WorkGroup", "Name"},
    {"AWS::AutoScaling::AutoScalingGroup", "AutoScalingGroupName"},
    {"AWS::Backup::BackupVault", "BackupVaultName"},
    {"AWS::CloudTrail::Trail", "TrailName"},
    {"AWS::CloudWatch::Alarm", "AlarmName"},
    {"AWS::CloudWatch::Dashboard", "DashboardName"},
    {"AWS::CodeBuild::Project", "Name"},
    {"AWS::CodeCommit::Repository", "RepositoryName"},
    {"AWS::CodeDeploy::Application", "ApplicationName"},
    {"AWS::CodePipeline::Pipeline", "Name"},
    {"AWS::Cognito::UserPool", "UserPoolName"},
    {"AWS::Config::ConfigRule", "ConfigRuleName"},
    {"AWS::DynamoDB::GlobalTable", "TableName"},
    {"AWS::DynamoDB::Table", "TableName"},
    {"AWS::EC2::LaunchTemplate", "LaunchTemplateName"},
    {"AWS::EC2::SecurityGroup", "GroupName"},
    {"AWS::ECR::Repository", "RepositoryName"},
    {"AWS::ECS::Cluster", "ClusterName"},
    {"AWS::ECS::Service", "ServiceName"},
    {"AWS::ECS::TaskDefinition", "Family"},
    {"AWS::EKS::Cluster", "Name"},
    {"AWS::ElastiCache::ReplicationGroup", "ReplicationGroupId"},
    {"AWS::ElasticLoadBalancing::LoadBalancer", "LoadBalancerName"},
    {"AWS::ElasticLoadBalancingV2::LoadBalancer", "Name"},
    {"AWS::ElasticLoadBalancingV2::TargetGroup", "Name"},
    {"AWS::Elasticsearch::Domain", "DomainName"},
    {"AWS::Events::EventBus", "Name"},
    {"AWS::Events::Rule", "Name"},
    {"AWS::Glue::Crawler", "Name"},
    {"AWS::Glue::Job", "Name"},
    {"AWS::IAM::Group", "GroupName"},
    {"AWS::IAM::InstanceProfile", "InstanceProfileName"},
    {"AWS::IAM::ManagedPolicy", "ManagedPolicyName"},
    {"AWS::IAM::Role", "RoleName"},
    {"AWS::IAM::User", "UserName"},
    {"AWS::KMS::Alias", "AliasName"},
    {"AWS::Kinesis::Stream", "Name"},
    {"AWS::KinesisFirehose::DeliveryStream", "DeliveryStreamName"},
    {"AWS::Lambda::Function", "FunctionName"},
    {"AWS::Lambda::LayerVersion", "LayerName"},
    {"AWS::Logs::LogGroup", "LogGroupName"},
    {"AWS::MSK::Cluster", "ClusterName"},
    {"AWS::OpenSearchService::Domain", "DomainName"},
    {"AWS::RDS::DBCluster", "DBClusterIdentifier"},
    {"AWS::RDS::DBInstance", "DBInstanceIdentifier"},
    {"AWS::RDS::DBSubnetGroup", "DBSubnetGroupName"},
    {"AWS::Redshift::Cluster", "ClusterIdentifier"},
    {"AWS::S3::Bucket", "BucketName"},
    {"AWS::SNS::Topic", "TopicName"},
    {"AWS::SQS::Queue", "QueueName"},
    {"AWS::SSM::Parameter", "Name"},
    {"AWS::SecretsManager::Secret", "Name"},
    {"AWS::Serverless::Function", "FunctionName"},
    {"AWS::StepFunctions::StateMachine", "StateMachineName"},
    {"AWS::Synthetics::Canary", "Name"},
    {"AWS::WAFv2::IPSet", "Name"},
    {"AWS::WAFv2::WebACL", "Name"},
};

/* Parameter names that carry the environment (compared lower-case):
 * exact names, then prefixes, then substrings. */
static const char *const suffix_exact[] = {"stage", "stagename", "deploymentstage"};
static const char *const suffix_prefix[] = {"env"};
static const char *const suffix_contains[] = {"suffix", "environment"};

/* Accounts AWS owns for Elastic Load Balancing access-log delivery: bucket
 * policies must name them literally. */
static const char *const aws_owned_accounts[] = {
    "009996457667", "027434742980", "033677994240", "048591011584", "054676820928", "076674570225",
    "098369216593", "114774131450", "127311923021", "156460612806", "190560391635", "383597477331",
    "507241528517", "582318560864", "589379963580", "600734575887", "635631232127", "652711504416",
    "718504428378", "754344448648", "783225319266", "797873946194", "897822967062", "985666609251",
};

/* Region name parts: <prefix>-<direction>-<digits>; longer spellings first. */
static const char *const region_prefixes[] = {
    "us-gov-", "us-isob-", "us-iso-", "us-", "eu-", "ap-", "sa-",
    "ca-",     "me-",      "af-",     "il-", "mx-", "cn-",
};
static const char *const region_directions[] = {
    "northeast", "northwest", "southeast", "southwest", "central", "north", "south", "east", "west",
};

#define COUNT(t) (sizeof t / sizeof t[0])

static bool in_list(const char *const *t, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(t[i]) == len && memcmp(t[i], s, len) == 0)
            return true;
    return false;
}

static bool is_pseudo(const char *s, size_t n)
{
    return n > 5 && memcmp(s, "AWS::", 5) == 0 &&
           in_list(pseudo_params, COUNT(pseudo_params), s, n);
}

static bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool has_prefix(const char *s, size_t n, const char *p)
{
    size_t m = strlen(p);
    return n >= m && memcmp(s, p, m) == 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* Case-insensitive substring search. */
static bool contains_ci(const char *s, const char *needle)
{
    size_t n = strlen(s), m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++) {
        size_t j = 0;
        while (j < m && lower(s[i + j]) == needle[j])
            j++;
        if (j == m)
            return true;
    }
    return false;
}

static bool suffix_like(const char *name)
{
    char low[128];
    size_t n = strlen(name);
    if (n >= sizeof low)
        return false;
    for (size_t i = 0; i <= n; i++)
        low[i] = lower(name[i]);
    if (in_list(suffix_exact, COUNT(suffix_exact), low, n))
        return true;
    for (size_t i = 0; i < COUNT(suffix_prefix); i++)
        if (has_prefix(low, n, suffix_prefix[i]))
            return true;
    for (size_t i = 0; i < COUNT(suffix_contains); i++)
        if (strstr(low, suffix_contains[i]))
            return true;
    return false;
}

/* ---- lookups in sorted maps and the resource index ------------------------------- */

/* Same order as normalization sorts keys: bytes, then length. */
static int cmp_key(const sg_node *k, const char *s, size_t n)
{
    size_t m = k->len < n ? k->len : n;
    int c = memcmp(k->u.str, s, m);
    if (c)
        return c;
    return (k->len > n) - (k->len < n);
}

/* Index of key s[0..n) in a normalized (sorted) map, or -1. */
static long map_find(const sg_node *map, const char *s, size_t n)
{
    if (!map || map->kind != SG_MAP)
        return -1;
    size_t lo = 0, hi = map->len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_key(map->u.pairs[mid].key, s, n);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static const sg_node *map_section(const sg_template *t, sg_section s)
{
    const sg_node *n = t->section[s];
    return n && n->kind == SG_MAP ? n : NULL;
}

/* ---- analysis state -------------------------------------------------------------- */

typedef struct edge {
    uint32_t from, to;
    const sg_node *at; /* the reference */
    const char *path;
} edge;

typedef struct slot {
    char *key; /* NULL: empty */
    size_t finding;
    unsigned count;
} slot;

typedef enum owner_kind { OWN_NONE, OWN_RESOURCE, OWN_OUTPUT, OWN_CONDITION, OWN_RULE } owner_kind;

typedef struct an {
    sg_arena *a;
    const sg_template *t;
    sg_findings *out;
    const sg_node *params, *conds;
    bool *param_used;
    bool sam;
    const char **sam_ids; /* IDs of AWS::Serverless::* resources */
    size_t nsam;

    edge *edges;
    size_t nedges, capedges;

    slot *slots;
    size_t nslots, nused;

    char *path;
    size_t plen, pcap;
    unsigned fn_depth; /* inside an intrinsic: the path stays at the property */

    owner_kind owner_kind;
    const char *owner;
    const char *owner_type;
    long res;         /* resource index of the owner, or -1 */
    bool quiet;       /* only mark parameters used */
    bool params_only; /* Conditions and Rules: Ref names parameters only */
    bool scan;        /* look for hard-coded values */
} an;

/* ---- paths ----------------------------------------------------------------------- */

static void path_put(an *c, const char *s, size_t n)
{
    if (c->plen + n + 1 > c->pcap) {
        c->pcap = (c->plen + n + 1) * 2;
        c->path = sg_xrealloc(c->path, c->pcap);
    }
    memcpy(c->path + c->plen, s, n);
    c->plen += n;
    c->path[c->plen] = '\0';
}

static size_t path_key(an *c, const char *k)
{
    size_t old = c->plen;
    if (c->fn_depth)
        return old;
    if (c->plen)
        path_put(c, ".", 1);
    path_put(c, k, strlen(k));
    return old;
}

static size_t path_index(an *c, uint32_t i)
{
    size_t old = c->plen;
    if (c->fn_depth)
        return old;
    char buf[16];
    int n = snprintf(buf, sizeof buf, "[%u]", i);
    path_put(c, buf, (size_t)n);
    return old;
}

static void path_pop(an *c, size_t old)
{
    c->plen = old;
    if (c->path)
        c->path[old] = '\0';
}

static const char *path_dup(an *c)
{
    return c->plen ? sg_arena_strndup(c->a, c->path, c->plen) : NULL;
}

/* ---- findings -------------------------------------------------------------------- */

static uint64_t hash_str(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* Slot for key (found or empty); grows the table first. */
static slot *slot_for(an *c, const char *key, size_t n)
{
    if ((c->nused + 1) * 2 > c->nslots) {
        size_t cap = c->nslots ? c->nslots * 2 : 64;
        slot *s = calloc(cap, sizeof *s);
        if (!s)
            abort();
        for (size_t i = 0; i < c->nslots; i++) {
            if (!c->slots[i].key)
                continue;
            size_t j = hash_str(c->slots[i].key, strlen(c->slots[i].key)) & (cap - 1);
            while (s[j].key)
                j = (j + 1) & (cap - 1);
            s[j] = c->slots[i];
        }
        free(c->slots);
        c->slots = s;
        c->nslots = cap;
    }
    size_t j = hash_str(key, n) & (c->nslots - 1);
    while (c->slots[j].key &&
           !(strlen(c->slots[j].key) == n && memcmp(c->slots[j].key, key, n) == 0))
        j = (j + 1) & (c->nslots - 1);
    return &c->slots[j];
}

/* A new finding about the current owner at node `at`, or NULL when one with
 * the same rule, owner and detail exists (it is counted instead).  A NULL
 * detail never merges. */
static sg_finding *report(an *c, const char *rule, sg_category cat, sg_severity sev,
                          const sg_node *at, const char *detail)
{
    slot *s = NULL;
    if (detail) {
        char *key = sg_arena_printf(c->a, "%s\x1f%s\x1f%s", rule, c->owner ? c->owner : "", detail);
        s = slot_for(c, key, strlen(key));
        if (s->key) {
            s->count++;
            return NULL;
        }
        s->key = key;
        s->count = 1;
        c->nused++;
    }
    sg_finding *f = sg_findings_add(c->out);
    if (s)
        s->finding = c->out->n - 1;
    f->rule = rule;
    f->category = cat;
    f->severity = sev;
    f->kind = SG_KIND_INVALID;
    f->model_id = c->owner;
    f->resource_type = c->owner_type && *c->owner_type ? c->owner_type : NULL;
    f->path = path_dup(c);
    f->model = sg_evidence_of(c->a, c->t->file, at);
    return f;
}

static void set_text(sg_finding *f, const char *title, const char *message)
{
    if (f) {
        f->title = title;
        f->message = message;
    }
}

static const char *owner_word(owner_kind k)
{
    switch (k) {
    case OWN_RESOURCE:
        return "resource";
    case OWN_OUTPUT:
        return "output";
    case OWN_CONDITION:
        return "condition";
    case OWN_RULE:
        return "rule";
    default:
        return "template";
    }
}

/* ---- references ------------------------------------------------------------------ */

static void add_edge(an *c, long to, const sg_node *at)
{
    if (c->res < 0 || c->quiet)
        return;
    if (c->nedges == c->capedges) {
        c->capedges = c->capedges ? c->capedges * 2 : 64;
        c->edges = sg_xrealloc(c->edges, c->capedges * sizeof *c->edges);
    }
    c->edges[c->nedges++] = (edge){(uint32_t)c->res, (uint32_t)to, at, path_dup(c)};
}

/* With the Serverless transform, SAM adds resources named after its own
 * (MyFunctionRole, MyApiStage, ServerlessRestApi). */
static bool sam_generated(const an *c, const char *s, size_t n)
{
    if (!c->sam)
        return false;
    if (has_prefix(s, n, "Serverless"))
        return true;
    for (size_t i = 0; i < c->nsam; i++)
        if (has_prefix(s, n, c->sam_ids[i]))
            return true;
    return false;
}

static bool mark_param(an *c, const char *s, size_t n)
{
    long p = map_find(c->params, s, n);
    if (p < 0)
        return false;
    c->param_used[p] = true;
    return true;
}

static const char *const params_only_msg =
    "Conditions and Rules can reference parameters and pseudo parameters only; "
    "CloudFormation rejects the template.";

static void check_ref(an *c, const sg_node *at, const char *s, size_t n)
{
    if (is_pseudo(s, n) || mark_param(c, s, n) || c->quiet)
        return;
    long r = sg_template_resource_index(c->t, s, n);
    if (r >= 0 && !c->params_only) {
        add_edge(c, r, at);
        return;
    }
    if (r < 0 && sam_generated(c, s, n))
        return;
    const char *name = sg_arena_strndup(c->a, s, n);
    sg_finding *f = report(c, "TPL-REF-MISSING", SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, at, name);
    if (r >= 0)
        set_text(
            f,
            sg_arena_printf(c->a, "Ref to resource '%s' where only parameters are allowed", name),
            params_only_msg);
    else
        set_text(f, sg_arena_printf(c->a, "Ref to missing resource or parameter '%s'", name),
                 sg_arena_printf(c->a,
                                 "No parameter, resource or pseudo parameter is named '%s', so "
                                 "CloudFormation rejects the template.",
                                 name));
}

/* Fn::GetAtt to an attribute the resource type does not have (the spec's list).
 * Custom and SAM resources have any attributes; nested stacks have Outputs.*. */
static void check_attribute(an *c, const sg_node *attr, const sg_resource *target)
{
    const char *type = target->type;
    if (!*type || strncmp(type, "Custom::", 8) == 0 ||
        strcmp(type, "AWS::CloudFormation::CustomResource") == 0 ||
        strncmp(type, "AWS::Serverless::", 17) == 0 ||
        (strcmp(type, "AWS::CloudFormation::Stack") == 0 &&
         strncmp(attr->u.str, "Outputs.", 8) == 0))
        return;
    const sg_spec *sp = sg_spec_active();
    const sg_spec_type *t = sg_spec_resource(sp, type, strlen(type));
    if (!t || sg_spec_attribute(sp, t, attr->u.str, attr->len))
        return; /* an unknown type is SPEC-UNKNOWN-TYPE's */
    sg_finding *f = report(c, "SPEC-BAD-GETATT", SG_CAT_DEPLOYABILITY, SG_SEV_HIGH, attr,
                           sg_arena_printf(c->a, "%s.%s", target->id, attr->u.str));
    if (!f)
        return;
    size_t n;
    const char *near = sg_spec_suggest_attribute(sp, t, attr->u.str, attr->len, &n);
    sg_strbuf list = SG_STRBUF_INIT;
    for (size_t i = 0; i < sg_spec_attribute_count(t); i++) {
        size_t len;
        const char *a = sg_spec_attribute_at(sp, t, i, &len);
        sg_strbuf_printf(&list, "%s%.*s", i ? ", " : "", (int)len, a);
    }
    set_text(f,
             sg_arena_printf(c->a, "Fn::GetAtt %s.%s: %s has no attribute %s", target->id,
                             attr->u.str, type, attr->u.str),
             sg_arena_printf(c->a, "CloudFormation rejects the template. %s returns %s.%s%s%s",
                             type, list.len ? "only" : "no attributes",
                             list.len ? " " : "", list.len ? list.data : "",
                             sg_spec_did_you_mean(c->a, near, n)));
    sg_strbuf l = SG_STRBUF_INIT;
    sg_spec_doc_link(sp, t, NULL, &l);
    f->doc = sg_arena_strndup(c->a, l.data, l.len);
    sg_strbuf_free(&l);
    sg_strbuf_free(&list);
}

static void check_getatt(an *c, const sg_node *at, const sg_node *res, const sg_node *attr)
{
    if (c->quiet)
        return;
    long r = sg_template_resource_index(c->t, res->u.str, res->len);
    if (r >= 0) {
        if (!c->params_only)
            add_edge(c, r, at);
        if (attr->kind == SG_STRING)
            check_attribute(c, attr, &c->t->resources[r]);
        return;
    }
    if (sam_generated(c, res->u.str, res->len) || c->params_only)
        return;
    const char *name = res->u.str;
    sg_finding *f =
        report(c, "TPL-GETATT-MISSING", SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, at, name);
    const char *what =
        attr->kind == SG_STRING ? sg_arena_printf(c->a, "%s.%s", name, attr->u.str) : name;
    bool is_param = map_find(c->params, res->u.str, res->len) >= 0;
    set_text(f, sg_arena_printf(c->a, "Fn::GetAtt on missing resource '%s'", what),
             is_param ? sg_arena_printf(c->a,
                                        "'%s' is a parameter; Fn::GetAtt works on resources only, "
                                        "so CloudFormation rejects the template.",
                                        name)
                      : sg_arena_printf(c->a,
                                        "No resource is named '%s', so CloudFormation rejects the "
                                        "template.",
                                        name));
}

/* Checks every ${Name} / ${Name.Attr} of a Fn::Sub template. */
static void check_sub(an *c, const sg_node *at, const sg_node *tpl, const sg_node *vars)
{
    const char *s = tpl->u.str, *end = s + tpl->len;
    while (s < end) {
        const char *open = memchr(s, '$', (size_t)(end - s));
        if (!open || open + 1 >= end)
            break;
        if (open[1] != '{') {
            s = open + 1;
            continue;
        }
        const char *close = memchr(open, '}', (size_t)(end - open));
        if (!close)
            break;
        s = close + 1;
        const char *b = open + 2, *e = close;
        if (b < e && *b == '!')
            continue; /* ${!Literal} */
        while (b < e && (*b == ' ' || *b == '\t'))
            b++;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        size_t n = (size_t)(e - b);
        if (!n || map_find(vars, b, n) >= 0 || is_pseudo(b, n) || mark_param(c, b, n) || c->quiet)
            continue;
        const char *dot = memchr(b, '.', n);
        size_t head = dot ? (size_t)(dot - b) : n;
        long r = sg_template_resource_index(c->t, b, head);
        if (r >= 0 && !c->params_only) {
            add_edge(c, r, at);
            continue;
        }
        if (r < 0 && sam_generated(c, b, head))
            continue;
        const char *name = sg_arena_strndup(c->a, b, n);
        sg_finding *f =
            report(c, "TPL-SUB-MISSING", SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, at, name);
        if (r >= 0)
            set_text(
                f,
                sg_arena_printf(
                    c->a, "Fn::Sub uses resource '${%s}' where only parameters are allowed", name),
                params_only_msg);
        else
            set_text(
                f,
                sg_arena_printf(c->a, "Fn::Sub variable '${%s}' names no resource or parameter",
                                name),
                sg_arena_printf(c->a,
                                "'%.*s' is not a parameter, a resource, a pseudo parameter or a "
                                "variable of this Fn::Sub, so CloudFormation rejects the "
                                "template. Text meant literally is written ${!%s}.",
                                (int)head, b, name));
    }
}

static void check_condition(an *c, const sg_node *at)
{
    if (c->quiet || at->kind != SG_STRING || map_find(c->conds, at->u.str, at->len) >= 0)
        return;
    sg_finding *f =
        report(c, "TPL-CONDITION-MISSING", SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, at, at->u.str);
    set_text(f, sg_arena_printf(c->a, "Condition '%s' is not defined", at->u.str),
             sg_arena_printf(c->a,
                             "The Conditions section has no '%s', so CloudFormation rejects the "
                             "template.",
                             at->u.str));
}

static void malformed(an *c, const sg_node *at, const char *fn, const char *shape)
{
    if (c->quiet)
        return;
    sg_finding *f = report(c, "TPL-INTRINSIC-MALFORMED", SG_CAT_DEPLOYABILITY, SG_SEV_HIGH, at, fn);
    if (!shape)
        set_text(f, sg_arena_printf(c->a, "Unknown intrinsic function '%s'", fn),
                 sg_arena_printf(
                     c->a, "CloudFormation has no function '%s' and rejects the template.", fn));
    else
        set_text(f, sg_arena_printf(c->a, "Malformed %s: expects %s", fn, shape),
                 sg_arena_printf(c->a, "%s with this argument fails template validation.", fn));
}

/* ---- hard-coded values ----------------------------------------------------------- */

/* Length of the region name at s[i] (after a boundary), or 0; *az when an
 * availability-zone letter follows (us-east-1a). */
static size_t match_region(const char *s, size_t n, size_t i, bool *az)
{
    *az = false;
    if (i > 0 && is_alnum(s[i - 1]))
        return 0;
    size_t j = i;
    size_t k;
    for (k = 0; k < COUNT(region_prefixes); k++)
        if (has_prefix(s + j, n - j, region_prefixes[k]))
            break;
    if (k == COUNT(region_prefixes))
        return 0;
    j += strlen(region_prefixes[k]);
    for (k = 0; k < COUNT(region_directions); k++)
        if (has_prefix(s + j, n - j, region_directions[k]))
            break;
    if (k == COUNT(region_directions))
        return 0;
    j += strlen(region_directions[k]);
    if (j + 1 >= n || s[j] != '-' || !is_digit(s[j + 1]))
        return 0;
    j += 2; /* one digit: no region has more */
    if (j < n && is_alnum(s[j])) {
        if (s[j] >= 'a' && s[j] <= 'z' && (j + 1 >= n || !is_alnum(s[j + 1]))) {
            *az = true;
            return j + 1 - i;
        }
        return 0;
    }
    return j - i;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return n > 0;
}

static bool account_like(const char *s, size_t n)
{
    return n == 12 && all_digits(s, n) &&
           !in_list(aws_owned_accounts, COUNT(aws_owned_accounts), s, n);
}

static bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f');
}

/* Field end inside an ARN: ':' or a character no ARN field holds. */
static size_t arn_field_end(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] != ':' && s[i] != ' ' && s[i] != '"' && s[i] != '\'' && s[i] != ',' &&
           s[i] != '\n')
        i++;
    return i;
}

/* End of a whole ARN: the first character no ARN holds. */
static size_t arn_end(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] != ' ' && s[i] != '"' && s[i] != '\'' && s[i] != ',' && s[i] != '\n')
        i++;
    return i;
}

typedef struct hit {
    size_t at, len; /* offset and length in the scanned text; len 0: none */
} hit;

typedef struct scan_result {
    hit region, az, account, ami, arn;
} scan_result;

static void scan_arns(const char *s, size_t n, scan_result *r)
{
    for (size_t i = 0; i + 4 <= n; i++) {
        if (memcmp(s + i, "arn:", 4) != 0 || (i > 0 && is_alnum(s[i - 1])))
            continue;
        size_t f[5], e[5]; /* starts and ends of arn, partition, service, region, account */
        size_t p = i;
        int k;
        for (k = 0; k < 5; k++) {
            f[k] = p;
            e[k] = arn_field_end(s, n, p);
            if (e[k] >= n || s[e[k]] != ':')
                break;
            p = e[k] + 1;
        }
        if (k < 5)
            continue;
        size_t plen = e[1] - f[1], slen = e[2] - f[2], rlen = e[3] - f[3], alen = e[4] - f[4];
        const char *part = s + f[1], *reg = s + f[3], *acc = s + f[4], *rest = s + e[4] + 1;
        bool lit_partition =
            (plen == 3 && memcmp(part, "aws", 3) == 0) || has_prefix(part, plen, "aws-");
        /* public layers and Inspector rules packages live in their
         * publisher's account (AWS, Powertools ...), not the stack's */
        size_t restlen = (size_t)(s + n - rest);
        bool published = (slen == 6 && memcmp(s + f[2], "lambda", 6) == 0 &&
                          has_prefix(rest, restlen, "layer:")) ||
                         has_prefix(rest, restlen, "rulespackage/");
        bool account = !published && account_like(acc, alen);
        bool az;
        bool region = rlen && match_region(reg, rlen, 0, &az) == rlen;
        if (account && !r->account.len)
            r->account = (hit){f[4], alen};
        if ((account || region) && lit_partition && !r->arn.len)
            r->arn = (hit){i, arn_end(s, n, i) - i};
        i = e[4];
    }
}

/* Looks for hard-coded values in s[0..n).  `key` is the nearest mapping
 * key (account-like keys make a bare 12-digit value an account id). */
static void scan_text(const char *s, size_t n, const char *key, scan_result *r)
{
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch >= 'a' && ch <= 'u' && !(r->region.len && r->az.len)) {
            bool az;
            size_t len = match_region(s, n, i, &az);
            if (len) {
                hit *h = az ? &r->az : &r->region;
                if (!h->len)
                    *h = (hit){i, len};
                i += len - 1;
                continue;
            }
        }
        if (ch == 'a' && !r->ami.len && i + 4 < n && memcmp(s + i, "ami-", 4) == 0 &&
            (i == 0 || !is_alnum(s[i - 1]))) {
            size_t j = i + 4;
            while (j < n && is_hex(s[j]))
                j++;
            if ((j - i - 4 == 8 || j - i - 4 == 17) && (j == n || !is_alnum(s[j])))
                r->ami = (hit){i, j - i};
        }
        if (is_digit(ch) && !r->account.len && (i == 0 || !is_digit(s[i - 1])) && i + 12 <= n &&
            account_like(s + i, 12) && (i + 12 == n || !is_digit(s[i + 12])) &&
            has_prefix(s + i + 12, n - i - 12, ".dkr.ecr."))
            r->account = (hit){i, 12};
    }
    if (!r->account.len && account_like(s, n) && key &&
        (strcmp(key, "AWS") == 0 || contains_ci(key, "account")))
        r->account = (hit){0, n};
    scan_arns(s, n, r);
}

/* The text of a hit; `map` (or NULL: identity) gives each scanned byte's
 * [start, end) in the original text. */
static const char *hit_text(an *c, const char *orig, const size_t (*map)[2], const hit *h)
{
    size_t b = map ? map[h->at][0] : h->at;
    size_t e = map ? map[h->at + h->len - 1][1] : h->at + h->len;
    return sg_arena_strndup(c->a, orig + b, e - b);
}

static void report_hardcoded(an *c, const sg_node *at, const char *orig, const size_t (*map)[2],
                             const scan_result *r)
{
    const char *owner = owner_word(c->owner_kind);
    if (r->account.len) {
        const char *v = hit_text(c, orig, map, &r->account);
        sg_finding *f =
            report(c, "TPL-HARDCODED-ACCOUNT", SG_CAT_PARAMETERS, SG_SEV_MEDIUM, at, "");
        set_text(f,
                 sg_arena_printf(c->a, "Hard-coded account id '%s' instead of AWS::AccountId", v),
                 sg_arena_printf(c->a,
                                 "The %s only works in account %s; use ${AWS::AccountId} so the "
                                 "stack deploys in any account.",
                                 owner, v));
    }
    if (r->region.len) {
        const char *v = hit_text(c, orig, map, &r->region);
        sg_finding *f = report(c, "TPL-HARDCODED-REGION", SG_CAT_PARAMETERS, SG_SEV_MEDIUM, at, "");
        set_text(f, sg_arena_printf(c->a, "Hard-coded region '%s' instead of AWS::Region", v),
                 sg_arena_printf(c->a,
                                 "The %s assumes region %s; use ${AWS::Region} (or a region "
                                 "mapping) so the stack deploys in any region.",
                                 owner, v));
    }
    if (r->az.len) {
        const char *v = hit_text(c, orig, map, &r->az);
        sg_finding *f = report(c, "TPL-HARDCODED-AZ", SG_CAT_PARAMETERS, SG_SEV_MEDIUM, at, "");
        set_text(f, sg_arena_printf(c->a, "Hard-coded availability zone '%s'", v),
                 "Zone names exist in one region only (and map to different zones "
                 "per account); "
                 "use Fn::Select with Fn::GetAZs.");
    }
    if (r->ami.len && c->owner_kind == OWN_RESOURCE) {
        const char *v = hit_text(c, orig, map, &r->ami);
        sg_finding *f = report(c, "TPL-HARDCODED-AMI", SG_CAT_PARAMETERS, SG_SEV_MEDIUM, at, "");
        set_text(f, sg_arena_printf(c->a, "Hard-coded AMI '%s'", v),
                 "AMI ids differ per region and get deprecated; take the image "
                 "from a parameter "
                 "(AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>) or a region "
                 "mapping.");
    }
    if (r->arn.len) {
        const char *v = hit_text(c, orig, map, &r->arn);
        sg_finding *f = report(c, "TPL-HARDCODED-ARN", SG_CAT_PARAMETERS, SG_SEV_LOW, at, "");
        set_text(f, sg_arena_printf(c->a, "Hard-coded ARN '%s'", v),
                 "The ARN fixes partition, region and account; build it with "
                 "Fn::Sub and "
                 "${AWS::Partition}, ${AWS::Region} and ${AWS::AccountId}, or "
                 "reference the "
                 "resource with Ref or Fn::GetAtt.");
    }
}

/* Keys whose text is program code: a region there is a fallback in the
 * code, not a setting of the stack. */
static bool is_code_key(const char *key)
{
    return key && (strcmp(key, "ZipFile") == 0 || strcmp(key, "InlineCode") == 0);
}

static void scan_string(an *c, const sg_node *n, const char *key)
{
    /* an IAM condition limiting requests to a region names it on purpose */
    if (is_code_key(key) || (key && strcmp(key, "aws:RequestedRegion") == 0))
        return;
    scan_result r;
    memset(&r, 0, sizeof r);
    scan_text(n->u.str, n->len, key, &r);
    report_hardcoded(c, n, n->u.str, NULL, &r);
}

/* Fn::Sub text: each ${Var} becomes a single '$' so that only literal text
 * is scanned and an ARN keeps its fields. */
static void scan_sub(an *c, const sg_node *tpl, const char *key)
{
    if (is_code_key(key) || !tpl->len)
        return;
    char *m = sg_xmalloc(tpl->len);
    size_t(*map)[2] = sg_xmalloc(tpl->len * sizeof *map);
    size_t n = 0;
    const char *s = tpl->u.str;
    for (size_t i = 0; i < tpl->len;) {
        const char *close;
        if (i + 1 < tpl->len && s[i] == '$' && s[i + 1] == '{' &&
            !(i + 2 < tpl->len && s[i + 2] == '!') && (close = memchr(s + i, '}', tpl->len - i))) {
            size_t e = (size_t)(close - s) + 1;
            map[n][0] = i;
            map[n][1] = e;
            m[n++] = '$';
            i = e;
            continue;
        }
        map[n][0] = i;
        map[n][1] = i + 1;
        m[n++] = s[i++];
    }
    scan_result r;
    memset(&r, 0, sizeof r);
    scan_text(m, n, NULL, &r);
    report_hardcoded(c, tpl, s, (const size_t(*)[2])map, &r);
    free(m);
    free(map);
}

/* ---- the walk -------------------------------------------------------------------- */

static void walk(an *c, const sg_node *n, const char *key);

static void walk_items(an *c, const sg_node *n, const char *key)
{
    for (uint32_t i = 0; i < n->len; i++) {
        size_t p = path_index(c, i);
        walk(c, n->u.items[i], key);
        path_pop(c, p);
    }
}

static bool is_list_arg(const sg_node *n)
{
    return n->kind == SG_SEQ || (n->kind == SG_MAP && sg_node_intrinsic(n));
}

static int intrinsic_index(const char *fn)
{
    for (size_t i = 0; i < COUNT(intrinsics); i++)
        if (strcmp(intrinsics[i].name, fn) == 0)
            return (int)i;
    return -1;
}

static void walk_intrinsic(an *c, const sg_node *n, const char *fn, const char *key)
{
    const sg_node *arg = n->u.pairs[0].value;
    c->fn_depth++;
    if (strcmp(fn, "Ref") == 0) {
        if (arg->kind == SG_STRING)
            check_ref(c, arg, arg->u.str, arg->len);
        else
            malformed(c, n, "Ref", "the name of a parameter or resource");
        c->fn_depth--;
        return;
    }
    if (strncmp(fn, "Fn::ForEach::", 13) == 0) {
        c->fn_depth--;
        return; /* loop variables would read as missing names */
    }
    int k = intrinsic_index(fn);
    if (k < 0) {
        malformed(c, n, fn, NULL);
        walk(c, arg, key);
        c->fn_depth--;
        return;
    }
    const char *shape = intrinsics[k].shape;
    const sg_node *const *it = arg->kind == SG_SEQ ? (const sg_node *const *)arg->u.items : NULL;
    bool ok = true;
    if (intrinsics[k].min)
        ok = it && arg->len >= intrinsics[k].min && arg->len <= intrinsics[k].max;

    if (strcmp(fn, "Fn::Sub") == 0) {
        const sg_node *tpl = NULL, *vars = NULL;
        if (arg->kind == SG_STRING)
            tpl = arg;
        else if (it && arg->len == 2 && it[0]->kind == SG_STRING && it[1]->kind == SG_MAP)
            tpl = it[0], vars = it[1];
        if (!tpl) {
            malformed(c, n, fn, shape);
            walk(c, arg, key);
        } else {
            check_sub(c, tpl, tpl, vars);
            if (c->scan && !c->quiet)
                scan_sub(c, tpl, key);
            for (uint32_t i = 0; vars && i < vars->len; i++)
                walk(c, vars->u.pairs[i].value, key);
        }
        c->fn_depth--;
        return;
    }
    if (strcmp(fn, "Fn::GetAtt") == 0) {
        if (ok && it[0]->kind == SG_STRING &&
            (it[1]->kind == SG_STRING || (it[1]->kind == SG_MAP && sg_node_intrinsic(it[1])))) {
            check_getatt(c, it[0], it[0], it[1]);
            if (it[1]->kind == SG_MAP)
                walk(c, it[1], key);
        } else {
            malformed(c, n, fn, shape);
            walk(c, arg, key);
        }
        c->fn_depth--;
        return;
    }
    if (ok && strcmp(fn, "Fn::If") == 0) {
        ok = it[0]->kind == SG_STRING;
        if (ok)
            check_condition(c, it[0]);
        else
            malformed(c, n, fn, shape);
        for (uint32_t i = 1; i < 3; i++)
            walk(c, it[i], key);
        c->fn_depth--;
        return;
    }
    if (ok && strcmp(fn, "Fn::Join") == 0)
        ok = it[0]->kind == SG_STRING && is_list_arg(it[1]);
    else if (ok && strcmp(fn, "Fn::Select") == 0)
        ok = is_list_arg(it[1]) && (it[0]->kind == SG_STRING || is_list_arg(it[0]));
    else if (ok && strcmp(fn, "Fn::FindInMap") == 0 && arg->len == 4)
        ok = it[3]->kind == SG_MAP;
    else if (ok && strcmp(fn, "Fn::ValueOf") == 0 && it && arg->len >= 1 &&
             it[0]->kind == SG_STRING)
        mark_param(c, it[0]->u.str, it[0]->len);
    if (!ok)
        malformed(c, n, fn, shape);
    walk(c, arg, key);
    c->fn_depth--;
}

static void walk(an *c, const sg_node *n, const char *key)
{
    switch (n->kind) {
    case SG_STRING:
        if (c->scan && !c->quiet)
            scan_string(c, n, key);
        return;
    case SG_SEQ:
        walk_items(c, n, key);
        return;
    case SG_MAP:
        break;
    default:
        return;
    }
    const char *fn = sg_node_intrinsic(n);
    if (fn && strcmp(fn, "Condition") != 0) {
        walk_intrinsic(c, n, fn, key);
        return;
    }
    if (fn && c->owner_kind == OWN_CONDITION && n->u.pairs[0].value->kind == SG_STRING) {
        check_condition(c, n->u.pairs[0].value);
        return;
    }
    bool scan = c->scan;
    for (uint32_t i = 0; i < n->len; i++) {
        const char *k = n->u.pairs[i].key->u.str;
        size_t p = path_key(c, k);
        c->scan = scan && !ends_with(k, "Description");
        walk(c, n->u.pairs[i].value, k);
        path_pop(c, p);
    }
    c->scan = scan;
}

static void set_owner(an *c, owner_kind kind, const char *name, const char *type, long res)
{
    c->owner_kind = kind;
    c->owner = name;
    c->owner_type = type;
    c->res = res;
    path_pop(c, 0);
    c->fn_depth = 0;
}

static void walk_resource(an *c, long idx)
{
    const sg_resource *r = &c->t->resources[idx];
    if (strncmp(r->id, "Fn::ForEach::", 13) == 0 || r->body->kind != SG_MAP)
        return;
    set_owner(c, OWN_RESOURCE, r->id, r->type, idx);
    const sg_node *body = r->body;
    for (uint32_t i = 0; i < body->len; i++) {
        const char *k = body->u.pairs[i].key->u.str;
        const sg_node *v = body->u.pairs[i].value;
        size_t p = path_key(c, k);
        if (strcmp(k, "Type") == 0) {
            /* nothing to resolve */
        } else if (strcmp(k, "Condition") == 0) {
            check_condition(c, v);
        } else if (strcmp(k, "DependsOn") == 0) {
            const sg_node *const *it = v->kind == SG_SEQ ? (const sg_node *const *)v->u.items : &v;
            uint32_t m = v->kind == SG_SEQ ? v->len : 1;
            for (uint32_t j = 0; j < m; j++) {
                if (it[j]->kind != SG_STRING)
                    continue;
                long to = sg_template_resource_index(c->t, it[j]->u.str, it[j]->len);
                if (to >= 0) {
                    add_edge(c, to, it[j]);
                } else if (!sam_generated(c, it[j]->u.str, it[j]->len)) {
                    sg_finding *f = report(c, "TPL-DEPENDSON-MISSING", SG_CAT_DEPLOYABILITY,
                                           SG_SEV_CRITICAL, it[j], it[j]->u.str);
                    set_text(f,
                             sg_arena_printf(c->a, "DependsOn names missing resource '%s'",
                                             it[j]->u.str),
                             sg_arena_printf(c->a,
                                             "No resource is named '%s', so CloudFormation "
                                             "rejects the template.",
                                             it[j]->u.str));
                }
            }
        } else {
            c->scan = true;
            walk(c, v, k);
            c->scan = false;
        }
        path_pop(c, p);
    }
}

/* Walks each entry of a section map as its own owner. */
static void walk_section(an *c, sg_section s, owner_kind kind, bool params_only, bool scan)
{
    const sg_node *sec = map_section(c->t, s);
    if (!sec)
        return;
    c->params_only = params_only;
    for (uint32_t i = 0; i < sec->len; i++) {
        const sg_node *v = sec->u.pairs[i].value;
        set_owner(c, kind, sec->u.pairs[i].key->u.str, NULL, -1);
        if (kind == OWN_OUTPUT && v->kind == SG_MAP) {
            for (uint32_t j = 0; j < v->len; j++) {
                const char *k = v->u.pairs[j].key->u.str;
                size_t p = path_key(c, k);
                if (strcmp(k, "Condition") == 0) {
                    check_condition(c, v->u.pairs[j].value);
                } else {
                    c->scan = scan && !ends_with(k, "Description");
                    walk(c, v->u.pairs[j].value, k);
                }
                path_pop(c, p);
            }
        } else {
            c->scan = scan;
            walk(c, v, NULL);
        }
    }
    c->scan = false;
    c->params_only = false;
}

/* ---- cycles (Tarjan's strongly connected components, iterative) ------------------ */

static void report_cycle(an *c, const uint32_t *cycle, size_t len, const edge *first,
                         const uint32_t *members, size_t nmembers)
{
    const sg_resource *res = c->t->resources;
    sg_strbuf t = SG_STRBUF_INIT, m = SG_STRBUF_INIT;
    sg_strbuf_puts(&t, len == 1 ? "Resource depends on itself: " : "Circular dependency: ");
    size_t shown = len <= 6 ? len : 5;
    for (size_t i = 0; i < shown; i++)
        sg_strbuf_printf(&t, "%s -> ", res[cycle[i]].id);
    if (shown < len)
        sg_strbuf_printf(&t, "... (%zu more) -> %s -> ", len - shown - 1, res[cycle[len - 1]].id);
    sg_strbuf_puts(&t, res[cycle[0]].id);

    if (len == 1)
        sg_strbuf_printf(&m,
                         "%s references itself (Ref, Fn::GetAtt, Fn::Sub or DependsOn), so "
                         "CloudFormation cannot create it.",
                         res[cycle[0]].id);
    else
        sg_strbuf_printf(&m, "Each resource waits for the next through Ref, Fn::GetAtt, Fn::Sub "
                             "or DependsOn, so CloudFormation cannot create any of them.");
    if (nmembers > len) {
        sg_strbuf_printf(&m, " %zu resources depend on each other:", nmembers);
        for (size_t i = 0; i < nmembers && i < 10; i++)
            sg_strbuf_printf(&m, "%s %s", i ? "," : "", res[members[i]].id);
        if (nmembers > 10)
            sg_strbuf_printf(&m, " and %zu more", nmembers - 10);
        sg_strbuf_putc(&m, '.');
    }
    set_owner(c, OWN_RESOURCE, res[cycle[0]].id, res[cycle[0]].type, (long)cycle[0]);
    sg_finding *f = report(c, "TPL-CYCLE", SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, first->at, NULL);
    f->path = first->path;
    set_text(f, sg_arena_strdup(c->a, t.data), sg_arena_strdup(c->a, m.data));
    sg_strbuf_free(&t);
    sg_strbuf_free(&m);
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
    return (a > b) - (a < b);
}

static void find_cycles(an *c)
{
    size_t n = c->t->nresources, ne = c->nedges;
    if (!n || !ne)
        return;
    /* adjacency (CSR), edges of a node in walk order */
    size_t *off = calloc(n + 1, sizeof *off);
    uint32_t *adj = sg_xmalloc(ne * sizeof *adj);
    long *index = sg_xmalloc(n * sizeof *index);
    long *low = sg_xmalloc(n * sizeof *low);
    long *comp = sg_xmalloc(n * sizeof *comp);
    uint32_t *stack = sg_xmalloc(n * sizeof *stack);
    uint32_t *call = sg_xmalloc(n * sizeof *call);
    size_t *iter = sg_xmalloc(n * sizeof *iter);
    uint32_t *prev = sg_xmalloc(n * sizeof *prev); /* BFS: edge into a node */
    uint32_t *queue = sg_xmalloc(n * sizeof *queue);
    uint32_t *cyc = sg_xmalloc(n * sizeof *cyc);
    bool *onstack = calloc(n, sizeof *onstack);
    if (!off || !onstack)
        abort();
    for (size_t e = 0; e < ne; e++)
        off[c->edges[e].from + 1]++;
    for (size_t v = 0; v < n; v++)
        off[v + 1] += off[v];
    for (size_t v = 0; v < n; v++) /* iter doubles as the insertion cursor here */
        iter[v] = off[v];
    for (size_t e = 0; e < ne; e++)
        adj[iter[c->edges[e].from]++] = (uint32_t)e;
    for (size_t v = 0; v < n; v++) {
        index[v] = -1;
        comp[v] = -1;
    }

    long counter = 0, ncomp = 0;
    size_t sp = 0;
    for (size_t root = 0; root < n; root++) {
        if (index[root] >= 0)
            continue;
        size_t cp = 0;
        call[cp++] = (uint32_t)root;
        index[root] = low[root] = counter++;
        iter[root] = off[root];
        stack[sp++] = (uint32_t)root;
        onstack[root] = true;
        while (cp) {
            uint32_t v = call[cp - 1];
            if (iter[v] < off[v + 1]) {
                uint32_t w = c->edges[adj[iter[v]++]].to;
                if (index[w] < 0) {
                    index[w] = low[w] = counter++;
                    iter[w] = off[w];
                    stack[sp++] = w;
                    onstack[w] = true;
                    call[cp++] = w;
                } else if (onstack[w] && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            cp--;
            if (cp && low[v] < low[call[cp - 1]])
                low[call[cp - 1]] = low[v];
            if (low[v] != index[v])
                continue;
            /* v roots a component: pop it */
            size_t start = sp;
            do {
                start--;
                onstack[stack[start]] = false;
                comp[stack[start]] = ncomp;
            } while (stack[start] != v);
            uint32_t *members = stack + start;
            size_t nm = sp - start;
            sp = start;
            bool self = false;
            if (nm == 1)
                for (size_t e = off[v]; e < off[v + 1] && !self; e++)
                    self = c->edges[adj[e]].to == v;
            if (nm > 1 || self) {
                qsort(members, nm, sizeof *members, cmp_u32);
                /* shortest cycle through the first member: BFS inside the component */
                uint32_t s = members[0];
                size_t qh = 0, qt = 0, last = 0;
                bool found = false;
                long seen = -2 - ncomp; /* marks visited nodes of this component */
                queue[qt++] = s;
                while (qh < qt && !found) {
                    uint32_t u = queue[qh++];
                    for (size_t e = off[u]; e < off[u + 1]; e++) {
                        uint32_t w = c->edges[adj[e]].to;
                        if (w == s) {
                            found = true;
                            last = adj[e];
                            break;
                        }
                        if (comp[w] == ncomp) {
                            comp[w] = seen;
                            prev[w] = adj[e];
                            queue[qt++] = w;
                        }
                    }
                }
                /* path s -> ... -> last.from, then back to s */
                size_t len = 0;
                for (uint32_t u = c->edges[last].from; u != s; u = c->edges[prev[u]].from)
                    cyc[len++] = u;
                cyc[len++] = s;
                for (size_t i = 0; i < len / 2; i++) {
                    uint32_t tmp = cyc[i];
                    cyc[i] = cyc[len - 1 - i];
                    cyc[len - 1 - i] = tmp;
                }
                const edge *first = len > 1 ? &c->edges[prev[cyc[1]]] : &c->edges[last];
                report_cycle(c, cyc, len, first, members, nm);
            }
            ncomp++;
        }
    }
    free(off);
    free(adj);
    free(index);
    free(low);
    free(comp);
    free(stack);
    free(call);
    free(iter);
    free(prev);
    free(queue);
    free(cyc);
    free(onstack);
}

/* ---- naming ---------------------------------------------------------------------- */

static const char *name_prop(const char *type)
{
    for (size_t i = 0; i < COUNT(name_props); i++)
        if (strcmp(name_props[i].type, type) == 0)
            return name_props[i].key;
    return NULL;
}

typedef struct uses {
    const sg_template *t; /* names derived from its resources' names vary with them */
    const sg_node *params;
    const bool *wanted; /* per parameter, or NULL */
    size_t *count;      /* per parameter, or NULL */
    bool hit;           /* a wanted parameter or AWS::StackName */
} uses;

/* Ref targets and Fn::Sub variables (sg_refs_value) */
static void note_use(void *ctx, sg_ref_kind kind, const char *s, size_t n, const sg_node *at)
{
    uses *u = ctx;
    if (kind == SG_REF_GETATT)
        return; /* an attribute (Arn, Endpoint...) need not vary with its resource's name */
    if (u->wanted &&
        ((n == 14 && memcmp(s, "AWS::StackName", 14) == 0) || sg_template_resource_index(u->t, s, n) >= 0))
        u->hit = true;
    long p = map_find(u->params, s, n);
    if (p < 0)
        return;
    if (u->count)
        u->count[p]++;
    if (u->wanted && u->wanted[p])
        u->hit = true;
}

static const sg_node *props_name(const sg_resource *r, const char **key)
{
    *key = name_prop(r->type);
    return *key ? sg_map_get(sg_map_get(r->body, "Properties"), *key) : NULL;
}

/* The suffix-like parameter the ideal uses most in its resource names, or NULL.
 */
static const sg_pair *ideal_suffix_param(const sg_template *ideal)
{
    const sg_node *params = map_section(ideal, SG_SEC_PARAMETERS);
    if (!params || !params->len)
        return NULL;
    size_t *count = calloc(params->len, sizeof *count);
    if (!count)
        abort();
    uses u = {ideal, params, NULL, count, false};
    for (size_t i = 0; i < ideal->nresources; i++) {
        const char *key;
        const sg_node *v = props_name(&ideal->resources[i], &key);
        if (v)
            sg_refs_value(v, note_use, &u);
    }
    const sg_pair *best = NULL;
    size_t most = 0;
    for (uint32_t i = 0; i < params->len; i++)
        if (count[i] > most && suffix_like(params->u.pairs[i].key->u.str)) {
            most = count[i];
            best = &params->u.pairs[i];
        }
    free(count);
    return best;
}

/* Whether a name value varies with one of `wanted`, the stack name or the
 * name of a resource of t. */
static bool name_varies(const sg_template *t, const sg_node *params, const bool *wanted,
                        const sg_node *v)
{
    uses u = {t, params, wanted, NULL, false};
    sg_refs_value(v, note_use, &u);
    return u.hit;
}

static void check_names(an *c, const sg_template *ideal)
{
    const sg_pair *want = ideal_suffix_param(ideal);
    if (!want)
        return;
    const char *wname = want->key->u.str;
    const sg_node *params = c->params;
    size_t np = params ? params->len : 0;
    bool *similar = calloc(np ? np : 1, sizeof *similar);
    if (!similar)
        abort();
    bool any = false;
    for (size_t i = 0; i < np; i++) {
        const char *p = params->u.pairs[i].key->u.str;
        similar[i] = strcmp(p, wname) == 0 || suffix_like(p);
        any |= similar[i];
    }
    if (!any) {
        set_owner(c, OWN_NONE, NULL, NULL, -1);
        const sg_node *at = c->t->section_key[SG_SEC_PARAMETERS];
        sg_finding *f = report(c, "TPL-SUFFIX-PARAM-MISSING", SG_CAT_NAMING, SG_SEV_HIGH,
                               at ? at : c->t->root, NULL);
        if (!at)
            f->model.excerpt = NULL; /* the whole template says nothing */
        f->path = "Parameters";
        f->ideal_id = wname;
        f->ideal = sg_evidence_of(c->a, ideal->file, want->key);
        set_text(f, sg_arena_printf(c->a, "No environment-suffix parameter like '%s'", wname),
                 sg_arena_printf(c->a,
                                 "The ideal builds resource names with '%s'; without such a "
                                 "parameter the model's names cannot vary by environment and "
                                 "a second deployment collides with the first.",
                                 wname));
        free(similar);
        return;
    }
    /* the ideal's own names, judged by its suffix parameter alone */
    const sg_node *iparams = map_section(ideal, SG_SEC_PARAMETERS);
    size_t nip = iparams ? iparams->len : 0;
    bool *ideal_want = calloc(nip ? nip : 1, sizeof *ideal_want);
    if (!ideal_want)
        abort();
    if (iparams)
        ideal_want[want - iparams->u.pairs] = true;
    for (size_t i = 0; i < c->t->nresources; i++) {
        const sg_resource *r = &c->t->resources[i];
        const char *key;
        const sg_node *v = props_name(r, &key);
        if (!v)
            continue;
        const char *fn = sg_node_intrinsic(v);
        if (v->kind != SG_STRING && !fn)
            continue;
        if (fn && strcmp(fn, "Ref") == 0)
            continue; /* a name given by a parameter */
        if (fn && name_varies(c->t, params, similar, v))
            continue;
        /* the ideal fixes the same name the same way: not the model's fault */
        const sg_resource *ir = sg_template_resource(ideal, r->id);
        const sg_node *iv = NULL;
        if (ir && strcmp(ir->type, r->type) == 0) {
            const char *ik;
            iv = props_name(ir, &ik);
            if (iv && !name_varies(ideal, iparams, ideal_want, iv))
                continue;
        }
        set_owner(c, OWN_RESOURCE, r->id, r->type, (long)i);
        size_t p = path_key(c, "Properties");
        path_key(c, key);
        sg_finding *f = report(c, "TPL-NAME-NO-SUFFIX", SG_CAT_NAMING, SG_SEV_MEDIUM, v, NULL);
        path_pop(c, p);
        if (ir) {
            f->ideal_id = ir->id;
            f->ideal = sg_evidence_of(c->a, ideal->file, iv ? iv : ir->key);
        }
        set_text(f,
                 v->kind == SG_STRING
                     ? sg_arena_printf(c->a, "Fixed %s '%s' without %s", key, v->u.str, wname)
                     : sg_arena_printf(c->a, "%s does not include %s", key, wname),
                 sg_arena_printf(c->a,
                                 "Explicit names must vary by environment (the ideal uses '%s'); "
                                 "otherwise a second deployment of the stack fails on a name "
                                 "that already exists.",
                                 wname));
    }
    free(ideal_want);
    free(similar);
}

/* ---- whole-template checks ------------------------------------------------------- */

static bool transform_is_sam(const sg_node *t)
{
    if (!t)
        return false;
    if (t->kind == SG_STRING)
        return strncmp(t->u.str, "AWS::Serverless", 15) == 0;
    if (t->kind == SG_SEQ)
        for (uint32_t i = 0; i < t->len; i++)
            if (transform_is_sam(t->u.items[i]))
                return true;
    return false;
}

static void check_structure(an *c)
{
    const sg_template *t = c->t;
    set_owner(c, OWN_NONE, NULL, NULL, -1);
    if (t->truncated) {
        sg_finding *f = sg_findings_add(c->out);
        f->rule = "TPL-TRUNCATED";
        f->category = SG_CAT_DEPLOYABILITY;
        f->severity = SG_SEV_CRITICAL;
        f->kind = SG_KIND_MISSING_SECTION;
        f->model = (sg_evidence){t->file, t->cut.line, NULL};
        f->title = sg_arena_printf(c->a, "Template cut off at line %u", t->cut.line);
        f->message = sg_arena_printf(c->a,
                                     "The response ends in the middle of the template (%s); "
                                     "everything after the cut is missing.",
                                     t->cut.msg);
    }
    if (t->repairs) {
        sg_finding *f = sg_findings_add(c->out);
        f->rule = "TPL-SYNTAX";
        f->category = SG_CAT_DEPLOYABILITY;
        f->severity = SG_SEV_CRITICAL;
        f->kind = SG_KIND_INVALID;
        f->model = (sg_evidence){t->file, t->syntax.line, NULL};
        f->title = sg_arena_printf(c->a, "Syntax error at line %u: %s", t->syntax.line,
                                   t->syntax.msg);
        f->message = sg_arena_printf(
            c->a, "CloudFormation rejects a template that does not parse. To analyse the rest, "
                  "stackgap skipped %d line%s around the error%s.",
            t->repairs, t->repairs == 1 ? "" : "s", t->repairs > 1 ? "s" : "");
    }
    const sg_node *res = t->section[SG_SEC_RESOURCES];
    if (!res || res->kind != SG_MAP || res->len == 0) {
        const sg_node *at = t->section_key[SG_SEC_RESOURCES];
        sg_finding *f = report(c, "TPL-NO-RESOURCES", SG_CAT_COMPLETENESS, SG_SEV_CRITICAL,
                               at ? at : t->root, NULL);
        f->kind = SG_KIND_MISSING_SECTION;
        f->path = "Resources";
        if (!at)
            f->model.excerpt = NULL;
        set_text(f, at ? "Resources section is empty" : "Template has no Resources section",
                 "A template must declare at least one resource; this one deploys "
                 "nothing.");
    }
    for (size_t i = 0; i < t->nunknown; i++) {
        const char *name = t->unknown_sections[i];
        if (c->sam && strcmp(name, "Globals") == 0)
            continue;
        long k = map_find(t->root, name, strlen(name));
        const sg_node *at = k >= 0 ? t->root->u.pairs[k].key : t->root;
        sg_finding *f =
            report(c, "TPL-UNKNOWN-SECTION", SG_CAT_DEPLOYABILITY, SG_SEV_HIGH, at, NULL);
        f->path = name;
        set_text(f, sg_arena_printf(c->a, "Unknown top-level section '%s'", name),
                 "CloudFormation rejects templates with top-level keys it does not "
                 "know.");
    }
}

static void check_params_used(an *c)
{
    const sg_node *params = c->params;
    for (uint32_t i = 0; params && i < params->len; i++) {
        if (c->param_used[i])
            continue;
        const char *name = params->u.pairs[i].key->u.str;
        set_owner(c, OWN_NONE, name, NULL, -1);
        sg_finding *f = report(c, "TPL-PARAM-UNUSED", SG_CAT_PARAMETERS, SG_SEV_LOW,
                               params->u.pairs[i].key, NULL);
        f->path = sg_arena_printf(c->a, "Parameters.%s", name);
        set_text(f, sg_arena_printf(c->a, "Parameter '%s' is never used", name),
                 "No Ref or Fn::Sub uses it: it asks for input that changes nothing.");
    }
}

static void add_merge_counts(an *c)
{
    for (size_t i = 0; i < c->nslots; i++) {
        const slot *s = &c->slots[i];
        if (!s->key || s->count < 2)
            continue;
        sg_finding *f = &c->out->v[s->finding];
        f->message = sg_arena_printf(c->a, "%s Seen %u times in this %s.", f->message, s->count,
                                     f->resource_type ? "resource" : "entry");
    }
}

void sg_analyze_template(sg_arena *a, const sg_template *model, const sg_template *ideal,
                         sg_findings *out)
{
    an c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.t = model;
    c.out = out;
    c.res = -1;
    c.params = map_section(model, SG_SEC_PARAMETERS);
    c.conds = map_section(model, SG_SEC_CONDITIONS);
    c.param_used = calloc(c.params && c.params->len ? c.params->len : 1, sizeof *c.param_used);
    c.sam = transform_is_sam(model->section[SG_SEC_TRANSFORM]);
    if (!c.param_used)
        abort();
    if (c.sam) {
        c.sam_ids = sg_arena_alloc(a, (model->nresources + 1) * sizeof *c.sam_ids);
        for (size_t i = 0; i < model->nresources; i++)
            if (strncmp(model->resources[i].type, "AWS::Serverless::", 17) == 0)
                c.sam_ids[c.nsam++] = model->resources[i].id;
    }

    check_structure(&c);
    for (size_t i = 0; i < model->nresources; i++)
        walk_resource(&c, (long)i);
    walk_section(&c, SG_SEC_OUTPUTS, OWN_OUTPUT, false, true);
    walk_section(&c, SG_SEC_CONDITIONS, OWN_CONDITION, true, false);
    walk_section(&c, SG_SEC_RULES, OWN_RULE, true, false);

    /* sections that only count as parameter uses */
    c.quiet = true;
    set_owner(&c, OWN_NONE, NULL, NULL, -1);
    if (model->section[SG_SEC_TRANSFORM])
        walk(&c, model->section[SG_SEC_TRANSFORM], NULL);
    for (size_t i = 0; i < model->nunknown; i++)
        walk(&c, sg_map_get(model->root, model->unknown_sections[i]), NULL);
    c.quiet = false;

    find_cycles(&c);
    check_params_used(&c);
    if (ideal)
        check_names(&c, ideal);
    add_merge_counts(&c);

    free(c.slots);
    free(c.edges);
    free(c.path);
    free(c.param_used);
}
