/* gen_template.c - deterministic CloudFormation templates (gen_template.h).
 *
 * Resources come in blocks of 20, one "service" each: a VPC with two private
 * subnets, a route table and its associations, an app and a database
 * security group, three buckets, three roles, three functions, a log group,
 * a DB subnet group and a database.  References only point backwards within
 * a block, so a template cut after any resource is still valid.
 *
 * Every resource draws its values from its own PRNG stream (seed, index) and
 * draws them all whatever its edit, so the two copies differ exactly where
 * the plan says.  Only resources nothing else references are removed. */
#include "gen_template.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackgap/arena.h"

/* ---- PRNG: splitmix64 ------------------------------------------------------- */

typedef struct rng {
    uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n) without modulo bias worth caring about. */
static uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

static rng rng_stream(uint64_t seed, uint64_t stream)
{
    rng r = {seed ^ (stream * 0xd1342543de82ef95ULL)};
    r.s = rng_next(&r);
    return r;
}

/* ---- pretty JSON writer (2-space indent) ------------------------------------ */

typedef struct jw {
    sg_strbuf *b;
    int depth;
    bool first; /* nothing written yet in the innermost container */
} jw;

static void jw_member(jw *w, const char *key)
{
    static const char spaces[] = "                                ";
    if (!w->first)
        sg_strbuf_putc(w->b, ',');
    sg_strbuf_putc(w->b, '\n');
    for (int n = w->depth * 2; n > 0; n -= 32)
        sg_strbuf_putn(w->b, spaces, n < 32 ? (size_t)n : 32);
    w->first = false;
    if (key) {
        sg_strbuf_json_str(w->b, key, strlen(key));
        sg_strbuf_putn(w->b, ": ", 2);
    }
}

static void jw_open(jw *w, const char *key, char c)
{
    jw_member(w, key);
    sg_strbuf_putc(w->b, c);
    w->depth++;
    w->first = true;
}

static void jw_close(jw *w, char c)
{
    w->depth--;
    if (!w->first) { /* empty containers stay "{}" */
        w->first = true;
        jw_member(w, NULL);
    }
    sg_strbuf_putc(w->b, c);
    w->first = false;
}

static void jw_str(jw *w, const char *key, const char *s)
{
    jw_member(w, key);
    sg_strbuf_json_str(w->b, s, strlen(s));
}

__attribute__((format(printf, 3, 4))) static void jw_strf(jw *w, const char *key,
                                                          const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    jw_str(w, key, buf);
}

static void jw_int(jw *w, const char *key, long v)
{
    jw_member(w, key);
    sg_strbuf_printf(w->b, "%ld", v);
}

static void jw_bool(jw *w, const char *key, bool v)
{
    jw_member(w, key);
    sg_strbuf_puts(w->b, v ? "true" : "false");
}

static void jw_ref(jw *w, const char *key, const char *id)
{
    jw_open(w, key, '{');
    jw_str(w, "Ref", id);
    jw_close(w, '}');
}

static void jw_getatt(jw *w, const char *key, const char *id, const char *attr)
{
    jw_open(w, key, '{');
    jw_open(w, "Fn::GetAtt", '[');
    jw_str(w, NULL, id);
    jw_str(w, NULL, attr);
    jw_close(w, ']');
    jw_close(w, '}');
}

__attribute__((format(printf, 3, 4))) static void jw_sub(jw *w, const char *key,
                                                         const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    jw_open(w, key, '{');
    jw_str(w, "Fn::Sub", buf);
    jw_close(w, '}');
}

/* {"Fn::Join": [delim, [ ...parts written by the caller... ]]} */
static void jw_join_begin(jw *w, const char *key, const char *delim)
{
    jw_open(w, key, '{');
    jw_open(w, "Fn::Join", '[');
    jw_str(w, NULL, delim);
    jw_open(w, NULL, '[');
}

static void jw_join_end(jw *w)
{
    jw_close(w, ']');
    jw_close(w, ']');
    jw_close(w, '}');
}

/* ---- the block layout -------------------------------------------------------- */

enum kind {
    K_VPC,
    K_SUBNET,
    K_ROUTE_TABLE,
    K_ROUTE_ASSOC,
    K_SG,
    K_BUCKET,
    K_ROLE,
    K_FUNCTION,
    K_LOG_GROUP,
    K_DB_SUBNET_GROUP,
    K_DB,
};

enum { BLOCK = 20 };

/* Slot numbers the writers refer to. */
enum {
    S_VPC = 0,
    S_SUBNET_A = 1,
    S_SUBNET_B = 2,
    S_ROUTE_TABLE = 3,
    S_RTA_A = 4,
    S_APP_SG = 6,
    S_DB_SG = 7,
    S_DATA_BUCKET = 8,
    S_LOGS_BUCKET = 9,
    S_ASSETS_BUCKET = 10,
    S_ROLE = 11,     /* roles 11..13 serve functions 14..16 */
    S_FUNCTION = 14,
    S_DB_SUBNET_GROUP = 18,
    S_DATABASE = 19,
};

static const struct slot {
    enum kind kind;
    const char *name;  /* logical ID part */
    const char *dash;  /* physical name part */
    bool removable;    /* nothing references it but Outputs */
} slots[BLOCK] = {
    {K_VPC, "Vpc", "vpc", false},
    {K_SUBNET, "PrivateSubnetA", "private-a", false},
    {K_SUBNET, "PrivateSubnetB", "private-b", false},
    {K_ROUTE_TABLE, "PrivateRouteTable", "private-rt", false},
    {K_ROUTE_ASSOC, "SubnetARouteTableAssociation", "rta-a", true},
    {K_ROUTE_ASSOC, "SubnetBRouteTableAssociation", "rta-b", true},
    {K_SG, "AppSecurityGroup", "app-sg", false},
    {K_SG, "DbSecurityGroup", "db-sg", false},
    {K_BUCKET, "DataBucket", "data", false},
    {K_BUCKET, "LogsBucket", "logs", false},
    {K_BUCKET, "AssetsBucket", "assets", false},
    {K_ROLE, "IngestRole", "ingest", false},
    {K_ROLE, "ProcessRole", "process", false},
    {K_ROLE, "ApiRole", "api", false},
    {K_FUNCTION, "IngestFunction", "ingest", false},
    {K_FUNCTION, "ProcessFunction", "process", true},
    {K_FUNCTION, "ApiFunction", "api", true},
    {K_LOG_GROUP, "IngestLogGroup", "ingest-logs", true},
    {K_DB_SUBNET_GROUP, "DbSubnetGroup", "db-subnets", false},
    {K_DB, "Database", "db", true},
};

static const char *const services[] = {
    "Orders",  "Billing", "Catalog", "Search",  "Users", "Inventory", "Payments", "Shipping",
    "Reviews", "Notify",  "Reports", "Media",   "Auth",  "Audit",     "Pricing",  "Ledger",
};
#define NSERVICES (sizeof services / sizeof *services)

static void slot_id(char *out, size_t size, size_t block, int slot)
{
    snprintf(out, size, "%s%s%04zu", services[block % NSERVICES], slots[slot].name, block);
}

/* ---- the plan: which resources the modified copy removes or edits ------------- */

enum fate {
    F_KEEP,
    F_REMOVE,
    F_VALUE,  /* a property value changed */
    F_ADD,    /* a property added */
    F_DROP,   /* a property removed */
    F_TAG,    /* a tag value changed */
    F_ACTION, /* an IAM action added (roles only) */
};

typedef struct plan {
    unsigned char *fate; /* per resource */
    size_t removed, changed, added;
} plan;

/* First k of a seeded shuffle of v[0..n): a uniform sample without repeats. */
static void sample(rng *r, size_t *v, size_t n, size_t k)
{
    for (size_t i = 0; i < k && i < n; i++) {
        size_t j = i + rng_below(r, (uint32_t)(n - i));
        size_t t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}

static void make_plan(plan *p, size_t n, uint64_t seed)
{
    rng r = rng_stream(seed, 0x91a7);
    size_t *v = sg_xmalloc((n + 1) * sizeof *v);
    size_t k = 0;
    p->fate = memset(sg_xmalloc(n + 1), F_KEEP, n + 1);
    for (size_t i = 0; i < n; i++)
        if (slots[i % BLOCK].removable)
            v[k++] = i;
    p->removed = (n + 50) / 100 < k ? (n + 50) / 100 : k;
    sample(&r, v, k, p->removed);
    for (size_t i = 0; i < p->removed; i++)
        p->fate[v[i]] = F_REMOVE;
    /* route table associations have nothing worth editing */
    k = 0;
    for (size_t i = 0; i < n; i++)
        if (p->fate[i] == F_KEEP && slots[i % BLOCK].kind != K_ROUTE_ASSOC)
            v[k++] = i;
    p->changed = (n * 5 + 50) / 100 < k ? (n * 5 + 50) / 100 : k;
    sample(&r, v, k, p->changed);
    for (size_t i = 0; i < p->changed; i++) {
        bool role = slots[v[i] % BLOCK].kind == K_ROLE;
        p->fate[v[i]] = (unsigned char)(F_VALUE + rng_below(&r, role ? 5 : 4));
    }
    /* added resources hang off complete blocks */
    p->added = n >= BLOCK ? (n + 50) / 100 : 0;
    free(v);
}

/* ---- resource writers ---------------------------------------------------------- */

typedef struct res {
    jw *w;
    rng r;
    size_t block;
    const char *svc; /* "Orders" */
    char svc_lc[16]; /* "orders" */
    char id[96];
    const char *dash; /* physical name part of the slot */
    int fate;
} res;

static void ref_slot(res *x, const char *key, int slot)
{
    char id[96];
    slot_id(id, sizeof id, x->block, slot);
    jw_ref(x->w, key, id);
}

static void getatt_slot(res *x, const char *key, int slot, const char *attr)
{
    char id[96];
    slot_id(id, sizeof id, x->block, slot);
    jw_getatt(x->w, key, id, attr);
}

static void tag(jw *w, const char *k, const char *v)
{
    jw_open(w, NULL, '{');
    jw_str(w, "Key", k);
    jw_str(w, "Value", v);
    jw_close(w, '}');
}

/* The tag list every taggable resource carries.  `absorbs` routes value/add/
 * drop edits into the tags, for resources with no other property to edit. */
static void tags(res *x, bool absorbs)
{
    jw *w = x->w;
    unsigned cc = 1000 + rng_below(&x->r, 9000);
    char buf[64];
    jw_open(w, "Tags", '[');
    jw_open(w, NULL, '{');
    jw_str(w, "Key", "Name");
    jw_sub(w, "Value", "${ProjectName}-${Environment}-%s-%s%s", x->svc_lc, x->dash,
           absorbs && x->fate == F_VALUE ? "-v2" : "");
    jw_close(w, '}');
    jw_open(w, NULL, '{');
    jw_str(w, "Key", "Environment");
    jw_ref(w, "Value", "Environment");
    jw_close(w, '}');
    snprintf(buf, sizeof buf, "CC-%u", x->fate == F_TAG ? cc + 1 : cc);
    if (!(absorbs && x->fate == F_DROP))
        tag(w, "CostCenter", buf);
    if (absorbs && x->fate == F_ADD)
        tag(w, "Tier", "private");
    jw_close(w, ']');
}

static void begin(res *x, const char *type)
{
    jw_open(x->w, x->id, '{');
    jw_str(x->w, "Type", type);
}

static void props(res *x)
{
    jw_open(x->w, "Properties", '{');
}

static void end(res *x, bool with_props)
{
    if (with_props)
        jw_close(x->w, '}');
    jw_close(x->w, '}');
}

static void w_vpc(res *x)
{
    jw *w = x->w;
    begin(x, "AWS::EC2::VPC");
    props(x);
    jw_strf(w, "CidrBlock", "10.%zu.0.0/16", x->block % 256);
    if (x->fate != F_DROP)
        jw_bool(w, "EnableDnsSupport", true);
    jw_bool(w, "EnableDnsHostnames", x->fate != F_VALUE);
    if (x->fate == F_ADD)
        jw_str(w, "InstanceTenancy", "default");
    tags(x, false);
    end(x, true);
}

static void w_subnet(res *x, int which)
{
    jw *w = x->w;
    begin(x, "AWS::EC2::Subnet");
    props(x);
    ref_slot(x, "VpcId", S_VPC);
    jw_strf(w, "CidrBlock", "10.%zu.%d.0/24", x->block % 256, 10 + which);
    if (x->fate != F_DROP) {
        jw_open(w, "AvailabilityZone", '{');
        jw_open(w, "Fn::Select", '[');
        jw_strf(w, NULL, "%d", which);
        jw_open(w, NULL, '{');
        jw_str(w, "Fn::GetAZs", "");
        jw_close(w, '}');
        jw_close(w, ']');
        jw_close(w, '}');
    }
    jw_bool(w, "MapPublicIpOnLaunch", x->fate == F_VALUE);
    if (x->fate == F_ADD)
        jw_bool(w, "AssignIpv6AddressOnCreation", false);
    tags(x, false);
    end(x, true);
}

static void w_route_table(res *x)
{
    begin(x, "AWS::EC2::RouteTable");
    props(x);
    ref_slot(x, "VpcId", S_VPC);
    tags(x, true);
    end(x, true);
}

static void w_route_assoc(res *x, int subnet)
{
    begin(x, "AWS::EC2::SubnetRouteTableAssociation");
    props(x);
    ref_slot(x, "SubnetId", subnet);
    ref_slot(x, "RouteTableId", S_ROUTE_TABLE);
    end(x, true);
}

static void ingress(jw *w, const char *proto, int from, int to, const char *cidr,
                    const char *desc)
{
    jw_open(w, NULL, '{');
    jw_str(w, "IpProtocol", proto);
    jw_int(w, "FromPort", from);
    jw_int(w, "ToPort", to);
    jw_str(w, "CidrIp", cidr);
    jw_str(w, "Description", desc);
    jw_close(w, '}');
}

static void w_sg(res *x, bool db)
{
    jw *w = x->w;
    static const int app_ports[] = {443, 80, 8080, 8443, 9090};
    unsigned nrules = 2 + rng_below(&x->r, 3);
    unsigned port0 = rng_below(&x->r, 5);
    char cidr[32], desc[96];
    snprintf(cidr, sizeof cidr, "10.%zu.0.0/16", x->block % 256);
    begin(x, "AWS::EC2::SecurityGroup");
    props(x);
    jw_strf(w, "GroupDescription", "%s %s tier of the %s service", db ? "Database" : "Application",
            db ? "(PostgreSQL)" : "(HTTPS)", x->svc_lc);
    ref_slot(x, "VpcId", S_VPC);
    jw_open(w, "SecurityGroupIngress", '[');
    if (db) {
        jw_open(w, NULL, '{');
        jw_str(w, "IpProtocol", "tcp");
        jw_int(w, "FromPort", 5432);
        jw_int(w, "ToPort", 5432);
        getatt_slot(x, "SourceSecurityGroupId", S_APP_SG, "GroupId");
        jw_str(w, "Description", "PostgreSQL from the application tier");
        jw_close(w, '}');
    }
    for (unsigned i = 0; i < nrules; i++) {
        int port = app_ports[(port0 + i) % 5];
        if (db)
            port = 5432;
        if (x->fate == F_VALUE && i == 0)
            port += 1;
        snprintf(desc, sizeof desc, "%s from %s subnet %u", db ? "PostgreSQL" : "HTTP(S)",
                 db ? "admin" : "internal", i + 1);
        char rule_cidr[32];
        snprintf(rule_cidr, sizeof rule_cidr, "10.%zu.%u.0/24", x->block % 256, 100 + i);
        ingress(w, "tcp", port, port, i ? rule_cidr : cidr, desc);
    }
    if (x->fate == F_ADD)
        ingress(w, "tcp", 22, 22, "10.255.0.0/24", "SSH from the bastion subnet");
    jw_close(w, ']');
    if (x->fate != F_DROP) {
        jw_open(w, "SecurityGroupEgress", '[');
        jw_open(w, NULL, '{');
        jw_str(w, "IpProtocol", "-1");
        jw_str(w, "CidrIp", "0.0.0.0/0");
        jw_str(w, "Description", "All outbound traffic");
        jw_close(w, '}');
        jw_close(w, ']');
    }
    tags(x, false);
    end(x, true);
}

static void lifecycle_rule(jw *w, const char *id, int days, const char *storage_class)
{
    jw_open(w, NULL, '{');
    jw_str(w, "Id", id);
    jw_str(w, "Status", "Enabled");
    if (storage_class) {
        jw_open(w, "Transitions", '[');
        jw_open(w, NULL, '{');
        jw_str(w, "StorageClass", storage_class);
        jw_int(w, "TransitionInDays", days);
        jw_close(w, '}');
        jw_close(w, ']');
    } else {
        jw_open(w, "NoncurrentVersionExpiration", '{');
        jw_int(w, "NoncurrentDays", days);
        jw_close(w, '}');
    }
    jw_close(w, '}');
}

static void w_bucket(res *x, int slot)
{
    jw *w = x->w;
    bool kms = rng_below(&x->r, 2);
    int noncurrent = 30 + 30 * (int)rng_below(&x->r, 3);
    int ia_days = 60 + 30 * (int)rng_below(&x->r, 4);
    begin(x, "AWS::S3::Bucket");
    jw_str(w, "DeletionPolicy", "Retain");
    jw_str(w, "UpdateReplacePolicy", "Retain");
    props(x);
    jw_sub(w, "BucketName", "${ProjectName}-${Environment}-%s-%s-%04zu-${AWS::AccountId}",
           x->svc_lc, x->dash, x->block);
    jw_open(w, "BucketEncryption", '{');
    jw_open(w, "ServerSideEncryptionConfiguration", '[');
    jw_open(w, NULL, '{');
    jw_open(w, "ServerSideEncryptionByDefault", '{');
    jw_str(w, "SSEAlgorithm", kms ? "aws:kms" : "AES256");
    if (kms)
        jw_sub(w, "KMSMasterKeyID",
               "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/s3");
    jw_close(w, '}');
    jw_bool(w, "BucketKeyEnabled", true);
    jw_close(w, '}');
    jw_close(w, ']');
    jw_close(w, '}');
    jw_open(w, "VersioningConfiguration", '{');
    jw_str(w, "Status", x->fate == F_VALUE ? "Suspended" : "Enabled");
    jw_close(w, '}');
    jw_open(w, "PublicAccessBlockConfiguration", '{');
    jw_bool(w, "BlockPublicAcls", true);
    jw_bool(w, "BlockPublicPolicy", true);
    jw_bool(w, "IgnorePublicAcls", true);
    jw_bool(w, "RestrictPublicBuckets", true);
    jw_close(w, '}');
    if (x->fate != F_DROP) {
        jw_open(w, "OwnershipControls", '{');
        jw_open(w, "Rules", '[');
        jw_open(w, NULL, '{');
        jw_str(w, "ObjectOwnership", slot == S_LOGS_BUCKET ? "BucketOwnerPreferred"
                                                           : "BucketOwnerEnforced");
        jw_close(w, '}');
        jw_close(w, ']');
        jw_close(w, '}');
    }
    jw_open(w, "LifecycleConfiguration", '{');
    jw_open(w, "Rules", '[');
    lifecycle_rule(w, "expire-noncurrent-versions", noncurrent, NULL);
    lifecycle_rule(w, "transition-to-infrequent-access", ia_days, "STANDARD_IA");
    jw_close(w, ']');
    jw_close(w, '}');
    if (slot == S_DATA_BUCKET) {
        jw_open(w, "LoggingConfiguration", '{');
        ref_slot(x, "DestinationBucketName", S_LOGS_BUCKET);
        jw_strf(w, "LogFilePrefix", "%s/data/", x->svc_lc);
        jw_close(w, '}');
    }
    if (x->fate == F_ADD) {
        jw_open(w, "AccelerateConfiguration", '{');
        jw_str(w, "AccelerationStatus", "Enabled");
        jw_close(w, '}');
    }
    tags(x, false);
    end(x, true);
}

static void statement_begin(jw *w, const char *sid)
{
    jw_open(w, NULL, '{');
    jw_str(w, "Sid", sid);
    jw_str(w, "Effect", "Allow");
}

/* Resource: the bucket's ARN and its objects' ARN, the latter built with
 * Fn::Join as hand-written templates often do. */
static void bucket_arns(res *x, int slot)
{
    jw *w = x->w;
    char id[96];
    slot_id(id, sizeof id, x->block, slot);
    jw_open(w, "Resource", '[');
    jw_getatt(w, NULL, id, "Arn");
    jw_join_begin(w, NULL, "");
    jw_getatt(w, NULL, id, "Arn");
    jw_str(w, NULL, "/*");
    jw_join_end(w);
    jw_close(w, ']');
}

static void w_role(res *x)
{
    jw *w = x->w;
    static const char *const s3_actions[] = {
        "s3:GetObject",        "s3:PutObject",        "s3:ListBucket",
        "s3:GetObjectVersion", "s3:GetBucketLocation", "s3:DeleteObject",
        "s3:GetObjectTagging", "s3:ListBucketVersions",
    };
    unsigned mask = 1u | (1u << 2) | rng_below(&x->r, 256); /* Get + List at least */
    int session = 3600 * (1 + (int)rng_below(&x->r, 4));
    begin(x, "AWS::IAM::Role");
    props(x);
    jw_sub(w, "RoleName", "${ProjectName}-${Environment}-%s-%s-%04zu", x->svc_lc, x->dash,
           x->block);
    if (x->fate == F_ADD)
        jw_strf(w, "Description", "Execution role of the %s %s function", x->svc_lc, x->dash);
    jw_open(w, "AssumeRolePolicyDocument", '{');
    jw_str(w, "Version", "2012-10-17");
    jw_open(w, "Statement", '[');
    jw_open(w, NULL, '{');
    jw_str(w, "Effect", "Allow");
    jw_open(w, "Principal", '{');
    jw_open(w, "Service", '[');
    jw_str(w, NULL, "lambda.amazonaws.com");
    jw_close(w, ']');
    jw_close(w, '}');
    jw_open(w, "Action", '[');
    jw_str(w, NULL, "sts:AssumeRole");
    jw_close(w, ']');
    jw_close(w, '}');
    jw_close(w, ']');
    jw_close(w, '}');
    if (x->fate != F_DROP) {
        jw_open(w, "ManagedPolicyArns", '[');
        jw_sub(w, NULL, "arn:${AWS::Partition}:iam::aws:policy/service-role/"
                        "AWSLambdaBasicExecutionRole");
        jw_sub(w, NULL, "arn:${AWS::Partition}:iam::aws:policy/service-role/"
                        "AWSLambdaVPCAccessExecutionRole");
        jw_close(w, ']');
    }
    jw_int(w, "MaxSessionDuration", x->fate == F_VALUE ? session + 3600 : session);
    jw_open(w, "Policies", '[');

    jw_open(w, NULL, '{');
    jw_strf(w, "PolicyName", "%s-%s-data-access", x->svc_lc, x->dash);
    jw_open(w, "PolicyDocument", '{');
    jw_str(w, "Version", "2012-10-17");
    jw_open(w, "Statement", '[');
    statement_begin(w, "DataBucketAccess");
    jw_open(w, "Action", '[');
    for (unsigned i = 0; i < 8; i++)
        if (mask & (1u << i))
            jw_str(w, NULL, s3_actions[i]);
    if (x->fate == F_ACTION)
        jw_str(w, NULL, "s3:PutObjectTagging");
    jw_close(w, ']');
    bucket_arns(x, S_DATA_BUCKET);
    jw_close(w, '}');
    statement_begin(w, "AssetsReadOnly");
    jw_open(w, "Action", '[');
    jw_str(w, NULL, "s3:GetObject");
    jw_close(w, ']');
    {
        char id[96];
        slot_id(id, sizeof id, x->block, S_ASSETS_BUCKET);
        jw_sub(w, "Resource", "${%s.Arn}/*", id);
    }
    jw_close(w, '}');
    statement_begin(w, "WriteOwnLogs");
    jw_open(w, "Action", '[');
    jw_str(w, NULL, "logs:CreateLogStream");
    jw_str(w, NULL, "logs:PutLogEvents");
    jw_close(w, ']');
    jw_sub(w, "Resource",
           "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:"
           "/aws/lambda/${ProjectName}-${Environment}-%s-%s-%04zu:*",
           x->svc_lc, x->dash, x->block);
    jw_close(w, '}');
    statement_begin(w, "Tracing");
    jw_open(w, "Action", '[');
    jw_str(w, NULL, "xray:PutTraceSegments");
    jw_str(w, NULL, "xray:PutTelemetryRecords");
    jw_close(w, ']');
    jw_str(w, "Resource", "*");
    jw_close(w, '}');
    jw_close(w, ']');
    jw_close(w, '}');
    jw_close(w, '}');

    jw_close(w, ']');
    tags(x, false);
    end(x, true);
}

static void w_function(res *x, int k)
{
    jw *w = x->w;
    static const int memory[] = {128, 256, 512, 1024};
    int mem = memory[rng_below(&x->r, 4)];
    int timeout = 10 * (1 + (int)rng_below(&x->r, 6));
    bool inline_code = k == 0;
    begin(x, "AWS::Lambda::Function");
    props(x);
    jw_sub(w, "FunctionName", "${ProjectName}-${Environment}-%s-%s-%04zu", x->svc_lc, x->dash,
           x->block);
    jw_strf(w, "Description", "%s handler of the %s service", x->dash, x->svc_lc);
    jw_ref(w, "Runtime", "LambdaRuntime");
    jw_str(w, "Handler", "index.handler");
    getatt_slot(x, "Role", S_ROLE + k, "Arn");
    jw_int(w, "MemorySize", x->fate == F_VALUE ? mem * 2 : mem);
    jw_int(w, "Timeout", timeout);
    jw_open(w, "Code", '{');
    if (inline_code) {
        char code[512];
        snprintf(code, sizeof code,
                 "import json\nimport os\n\n\ndef handler(event, context):\n"
                 "    bucket = os.environ['DATA_BUCKET']\n"
                 "    records = event.get('Records', [])\n"
                 "    print(json.dumps({'service': '%s', 'bucket': bucket,\n"
                 "                      'records': len(records)}))\n"
                 "    return {'statusCode': 200, 'body': json.dumps({'ok': True})}\n",
                 x->svc_lc);
        jw_str(w, "ZipFile", code);
    } else {
        ref_slot(x, "S3Bucket", S_ASSETS_BUCKET);
        jw_sub(w, "S3Key", "lambda/${Environment}/%s-%s-%04zu.zip", x->svc_lc, x->dash, x->block);
    }
    jw_close(w, '}');
    jw_open(w, "Environment", '{');
    jw_open(w, "Variables", '{');
    ref_slot(x, "DATA_BUCKET", S_DATA_BUCKET);
    {
        char id[96];
        slot_id(id, sizeof id, x->block, S_ASSETS_BUCKET);
        jw_join_begin(w, "ASSETS_URL", "");
        jw_str(w, NULL, "https://");
        jw_ref(w, NULL, id);
        jw_str(w, NULL, ".s3.");
        jw_ref(w, NULL, "AWS::Region");
        jw_str(w, NULL, ".amazonaws.com");
        jw_join_end(w);
    }
    jw_ref(w, "STAGE", "Environment");
    jw_str(w, "SERVICE_NAME", x->svc_lc);
    if (x->fate != F_DROP)
        jw_str(w, "LOG_LEVEL", "INFO");
    jw_join_begin(w, "ALLOWED_ORIGINS", ",");
    jw_strf(w, NULL, "https://%s.example.com", x->svc_lc);
    jw_sub(w, NULL, "https://${Environment}.%s.example.com", x->svc_lc);
    jw_join_end(w);
    jw_close(w, '}');
    jw_close(w, '}');
    jw_open(w, "VpcConfig", '{');
    jw_open(w, "SecurityGroupIds", '[');
    getatt_slot(x, NULL, S_APP_SG, "GroupId");
    jw_close(w, ']');
    jw_open(w, "SubnetIds", '[');
    ref_slot(x, NULL, S_SUBNET_A);
    ref_slot(x, NULL, S_SUBNET_B);
    jw_close(w, ']');
    jw_close(w, '}');
    jw_open(w, "TracingConfig", '{');
    jw_str(w, "Mode", "Active");
    jw_close(w, '}');
    if (x->fate == F_ADD)
        jw_int(w, "ReservedConcurrentExecutions", 10);
    tags(x, false);
    end(x, true);
}

static void w_log_group(res *x)
{
    jw *w = x->w;
    char fn[96];
    slot_id(fn, sizeof fn, x->block, S_FUNCTION);
    begin(x, "AWS::Logs::LogGroup");
    jw_str(w, "DeletionPolicy", "Delete");
    props(x);
    jw_sub(w, "LogGroupName", "/aws/lambda/${%s}", fn);
    if (x->fate != F_DROP)
        jw_int(w, "RetentionInDays", x->fate == F_VALUE ? 90 : 30);
    if (x->fate == F_ADD)
        jw_str(w, "LogGroupClass", "STANDARD");
    tags(x, false);
    end(x, true);
}

static void w_db_subnet_group(res *x)
{
    jw *w = x->w;
    begin(x, "AWS::RDS::DBSubnetGroup");
    props(x);
    jw_strf(w, "DBSubnetGroupDescription", "Private subnets of the %s database", x->svc_lc);
    jw_open(w, "SubnetIds", '[');
    ref_slot(x, NULL, S_SUBNET_A);
    ref_slot(x, NULL, S_SUBNET_B);
    jw_close(w, ']');
    tags(x, true);
    end(x, true);
}

static void fn_if_prod(jw *w, const char *key, bool then, bool otherwise)
{
    jw_open(w, key, '{');
    jw_open(w, "Fn::If", '[');
    jw_str(w, NULL, "IsProd");
    jw_bool(w, NULL, then);
    jw_bool(w, NULL, otherwise);
    jw_close(w, ']');
    jw_close(w, '}');
}

static void w_db(res *x)
{
    jw *w = x->w;
    static const char *const classes[] = {"db.t3.medium", "db.t4g.large", "db.r6g.large"};
    const char *cls = classes[rng_below(&x->r, 3)];
    int storage = 20 * (1 + (int)rng_below(&x->r, 10));
    begin(x, "AWS::RDS::DBInstance");
    jw_str(w, "DeletionPolicy", "Snapshot");
    jw_str(w, "UpdateReplacePolicy", "Snapshot");
    props(x);
    jw_sub(w, "DBInstanceIdentifier", "${ProjectName}-${Environment}-%s-%04zu", x->svc_lc,
           x->block);
    jw_str(w, "Engine", "postgres");
    jw_str(w, "EngineVersion", "16.8");
    jw_str(w, "DBInstanceClass", cls);
    jw_strf(w, "AllocatedStorage", "%d", x->fate == F_VALUE ? storage + 50 : storage);
    jw_str(w, "StorageType", "gp3");
    jw_bool(w, "StorageEncrypted", true);
    jw_ref(w, "MasterUsername", "DBMasterUsername");
    jw_sub(w, "MasterUserPassword",
           "{{resolve:secretsmanager:${ProjectName}-${Environment}-%s-db:SecretString:password}}",
           x->svc_lc);
    ref_slot(x, "DBSubnetGroupName", S_DB_SUBNET_GROUP);
    jw_open(w, "VPCSecurityGroups", '[');
    getatt_slot(x, NULL, S_DB_SG, "GroupId");
    jw_close(w, ']');
    fn_if_prod(w, "MultiAZ", true, false);
    fn_if_prod(w, "DeletionProtection", true, false);
    if (x->fate != F_DROP)
        jw_int(w, "BackupRetentionPeriod", 7);
    jw_str(w, "PreferredBackupWindow", "03:00-04:00");
    jw_bool(w, "PubliclyAccessible", false);
    jw_open(w, "EnableCloudwatchLogsExports", '[');
    jw_str(w, NULL, "postgresql");
    jw_close(w, ']');
    if (x->fate == F_ADD)
        jw_bool(w, "EnablePerformanceInsights", true);
    tags(x, false);
    end(x, true);
}

static void res_init(res *x, jw *w, uint64_t seed, uint64_t stream, size_t block,
                     const char *dash, int fate)
{
    x->w = w;
    x->r = rng_stream(seed, stream);
    x->block = block;
    x->svc = services[block % NSERVICES];
    size_t i = 0;
    for (; x->svc[i] && i + 1 < sizeof x->svc_lc; i++)
        x->svc_lc[i] = (char)(x->svc[i] | 0x20);
    x->svc_lc[i] = '\0';
    x->dash = dash;
    x->fate = fate;
}

static void write_resource(jw *w, uint64_t seed, size_t i, int fate)
{
    size_t block = i / BLOCK;
    int slot = (int)(i % BLOCK);
    res x;
    res_init(&x, w, seed, i + 1, block, slots[slot].dash, fate);
    slot_id(x.id, sizeof x.id, block, slot);
    switch (slots[slot].kind) {
    case K_VPC: w_vpc(&x); break;
    case K_SUBNET: w_subnet(&x, slot - S_SUBNET_A); break;
    case K_ROUTE_TABLE: w_route_table(&x); break;
    case K_ROUTE_ASSOC: w_route_assoc(&x, slot == S_RTA_A ? S_SUBNET_A : S_SUBNET_B); break;
    case K_SG: w_sg(&x, slot == S_DB_SG); break;
    case K_BUCKET: w_bucket(&x, slot); break;
    case K_ROLE: w_role(&x); break;
    case K_FUNCTION: w_function(&x, slot - S_FUNCTION); break;
    case K_LOG_GROUP: w_log_group(&x); break;
    case K_DB_SUBNET_GROUP: w_db_subnet_group(&x); break;
    case K_DB: w_db(&x); break;
    }
}

/* The k-th added resource: a bucket, a function or a security group hung off
 * a complete block, with values from a stream no original resource uses. */
static void write_added(jw *w, uint64_t seed, size_t n, size_t k)
{
    rng r = rng_stream(seed, 0xadd0000 + k);
    size_t block = rng_below(&r, (uint32_t)(n / BLOCK));
    static const int kinds[] = {S_DATA_BUCKET, S_FUNCTION + 1, S_APP_SG};
    int slot = kinds[k % 3];
    char dash[32]; /* physical names must stay unique */
    snprintf(dash, sizeof dash, "%s-%zu", slot == S_APP_SG ? "edge-sg" : "extra", k);
    res x;
    res_init(&x, w, seed, 0x5eed0000 + k, block, dash, F_KEEP);
    snprintf(x.id, sizeof x.id, "%sExtra%s%04zuN%zu", x.svc, slots[slot].name, block, k);
    if (slot == S_DATA_BUCKET)
        w_bucket(&x, S_ASSETS_BUCKET);
    else if (slot == S_APP_SG)
        w_sg(&x, false);
    else
        w_function(&x, 1);
}

/* ---- sections ------------------------------------------------------------------- */

static void parameter(jw *w, const char *name, const char *type, const char *def,
                      const char *desc)
{
    jw_open(w, name, '{');
    jw_str(w, "Type", type);
    jw_str(w, "Default", def);
    jw_str(w, "Description", desc);
    if (strcmp(name, "Environment") == 0) {
        jw_open(w, "AllowedValues", '[');
        jw_str(w, NULL, "dev");
        jw_str(w, NULL, "staging");
        jw_str(w, NULL, "prod");
        jw_close(w, ']');
    }
    jw_close(w, '}');
}

static void parameters(jw *w)
{
    jw_open(w, "Parameters", '{');
    parameter(w, "Environment", "String", "dev", "Deployment stage");
    parameter(w, "ProjectName", "String", "stackgap-bench",
              "Lower-case prefix of every physical name");
    parameter(w, "LambdaRuntime", "String", "python3.12", "Runtime of every function");
    parameter(w, "DBMasterUsername", "String", "appadmin", "Master user of the databases");
    jw_close(w, '}');
}

static void conditions(jw *w)
{
    jw_open(w, "Conditions", '{');
    jw_open(w, "IsProd", '{');
    jw_open(w, "Fn::Equals", '[');
    jw_ref(w, NULL, "Environment");
    jw_str(w, NULL, "prod");
    jw_close(w, ']');
    jw_close(w, '}');
    jw_close(w, '}');
}

static void output(jw *w, size_t block, int slot, const char *what, const char *attr)
{
    char id[96], name[128];
    slot_id(id, sizeof id, block, slot);
    snprintf(name, sizeof name, "%s%s", id, what);
    jw_open(w, name, '{');
    jw_strf(w, "Description", "%s of %s", what, id);
    if (attr)
        jw_getatt(w, "Value", id, attr);
    else
        jw_ref(w, "Value", id);
    jw_open(w, "Export", '{');
    jw_sub(w, "Name", "${AWS::StackName}-%s", name);
    jw_close(w, '}');
    jw_close(w, '}');
}

static void outputs(jw *w, size_t n, const plan *p)
{
    jw_open(w, "Outputs", '{');
    for (size_t b = 0; b * BLOCK < n; b++) {
        size_t base = b * BLOCK;
        if (base + S_VPC < n)
            output(w, b, S_VPC, "Id", NULL);
        if (base + S_DATA_BUCKET < n)
            output(w, b, S_DATA_BUCKET, "Arn", "Arn");
        if (base + S_DATABASE < n && !(p && p->fate[base + S_DATABASE] == F_REMOVE))
            output(w, b, S_DATABASE, "Endpoint", "Endpoint.Address");
    }
    jw_close(w, '}');
}

void gen_template(sg_strbuf *b, size_t n, uint64_t seed, bool modified, gen_stats *st)
{
    plan p = {0};
    if (modified)
        make_plan(&p, n, seed);
    jw w = {b, 1, true};
    sg_strbuf_putc(b, '{');
    jw_str(&w, "AWSTemplateFormatVersion", "2010-09-09");
    jw_strf(&w, "Description", "stackgap benchmark template: %zu resources, seed %llu", n,
            (unsigned long long)seed);
    parameters(&w);
    conditions(&w);
    jw_open(&w, "Resources", '{');
    size_t written = 0;
    for (size_t i = 0; i < n; i++) {
        int fate = modified ? p.fate[i] : F_KEEP;
        if (fate == F_REMOVE)
            continue;
        write_resource(&w, seed, i, fate);
        written++;
    }
    for (size_t k = 0; k < p.added; k++, written++)
        write_added(&w, seed, n, k);
    jw_close(&w, '}');
    outputs(&w, n, modified ? &p : NULL);
    jw_close(&w, '}'); /* the root */
    sg_strbuf_putc(b, '\n');
    if (st) {
        st->resources = written;
        st->removed = p.removed;
        st->added = p.added;
        st->changed = p.changed;
    }
    free(p.fate);
}
