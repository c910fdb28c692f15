/* test_requirements.c - prompt requirements: extraction, the keyword
 * mapping, and verdicts against a model (requirements.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackgap/requirements.h"
#include "testutil.h"

/* ---- helpers --------------------------------------------------------------- */

#define CAT(x) (1u << SG_CAT_##x)

static char *read_fixture(const char *name, size_t *len)
{
    const char *dir = getenv("SG_TESTDATA");
    char path[1024];
    snprintf(path, sizeof path, "%s/prompts/%s", dir ? dir : "testdata", name);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fail_msg("cannot open %s (set SG_TESTDATA)", path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    *len = fread(text, 1, (size_t)n, fp);
    text[*len] = '\0';
    fclose(fp);
    return text;
}

static sg_requirements extract_fixture(sg_arena *a, const char *name)
{
    size_t len;
    char *md = read_fixture(name, &len);
    sg_requirements r;
    sg_error err;
    assert_int_equal(sg_requirements_extract(a, name, md, len, &r, &err), 0);
    free(md);
    return r;
}

static sg_requirements extract_str(sg_arena *a, const char *md)
{
    sg_requirements r;
    sg_error err;
    assert_int_equal(sg_requirements_extract(a, "prompt.md", md, strlen(md), &r, &err), 0);
    return r;
}

static bool has_type(const sg_requirement *r, const char *type)
{
    for (size_t i = 0; i < r->ntypes; i++)
        if (strcmp(r->types[i], type) == 0)
            return true;
    return false;
}

static void expect_req(const sg_requirements *rs, size_t i, uint32_t line, const char *text)
{
    if (i >= rs->n)
        fail_msg("requirement %zu missing (have %zu)", i, rs->n);
    assert_string_equal(rs->v[i].text, text);
    assert_int_equal(rs->v[i].line, line);
}

/* ---- extraction --------------------------------------------------------------- */

static void extract_lists(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_requirements rs = extract_fixture(a, "lists.md");
    /* the title and "Build the stack" are prose; code, the file name, the
     * "ECS Service with:" lead-in, the repeated bullet and "aws" are not
     * requirements */
    assert_int_equal(rs.n, 8);
    expect_req(&rs, 0, 7, "All S3 buckets must have server-side encryption enabled");
    expect_req(&rs, 1, 8, "Create a DynamoDB table with point-in-time recovery");
    expect_req(&rs, 2, 9, "Use on-demand billing");
    expect_req(&rs, 3, 10, "The table must be encrypted with a customer managed KMS key");
    expect_req(&rs, 4, 11, "Deploy the Lambda function in private subnets");
    expect_req(&rs, 5, 12, "Tag every resource with Environment and Owner");
    expect_req(&rs, 6, 15, "Desired count of at least 2 tasks");
    expect_req(&rs, 7, 24, "Versioning enabled on every bucket");

    assert_true(rs.v[0].is_explicit);
    assert_false(rs.v[1].is_explicit);
    assert_int_equal(rs.v[0].categories, CAT(ENCRYPTION));
    assert_int_equal(rs.v[0].ntypes, 1);
    assert_string_equal(rs.v[0].types[0], "AWS::S3::Bucket");
    /* a nested item without types of its own takes its parent's */
    assert_true(has_type(&rs.v[2], "AWS::DynamoDB::Table"));
    assert_int_equal(rs.v[2].categories, CAT(COST));
    /* ... but one that names a type keeps its own */
    assert_int_equal(rs.v[3].ntypes, 1);
    assert_string_equal(rs.v[3].types[0], "AWS::KMS::Key");
    /* under "ECS Service with:" */
    assert_int_equal(rs.v[6].ntypes, 1);
    assert_string_equal(rs.v[6].types[0], "AWS::ECS::Service");
    /* under "### S3 Buckets" */
    assert_int_equal(rs.v[7].categories, CAT(BACKUP));
    assert_true(has_type(&rs.v[7], "AWS::S3::Bucket"));
    for (size_t i = 0; i < rs.n; i++)
        assert_int_equal(rs.v[i].status, SG_REQ_NOT_CHECKABLE);
    sg_arena_free(a);
}

static void extract_paragraphs(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_requirements rs = extract_fixture(a, "prose.md");
    assert_int_equal(rs.n, 9);
    /* a hard-wrapped sentence stays whole, on the line where it starts */
    expect_req(&rs, 0, 2, "The API must sit behind an Application Load Balancer.");
    expect_req(&rs, 1, 3, "You should never expose the database publicly.");
    expect_req(&rs, 2, 3, "Do not create a NAT Gateway.");
    expect_req(&rs, 3, 4, "Logs need to be retained for 30 days.");
    expect_req(&rs, 4, 6, "Enable X-Ray tracing for the Lambda function.");
    expect_req(&rs, 5, 11, "Use three subnets across 3 AZs, e.g. one per zone.");
    expect_req(&rs, 6, 14, "Give the function 512 MB of memory.");
    expect_req(&rs, 7, 15, "Set the timeout to 30 seconds.");
    expect_req(&rs, 8, 17, "Ensure no RDS instances are publicly accessible.");
    sg_arena_free(a);
}

/* "should" makes a requirement; only mandatory words make it critical. */
static void should_is_not_mandatory(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    const char *md = "- The bucket should be versioned.\n- The bucket must be encrypted.\n"
                     "- Do not open port 22.\n";
    sg_requirements rs;
    sg_error err;
    assert_int_equal(sg_requirements_extract(a, "p.md", md, strlen(md), &rs, &err), 0);
    assert_int_equal(rs.n, 3);
    assert_false(rs.v[0].is_explicit);
    assert_true(rs.v[1].is_explicit);
    assert_true(rs.v[2].is_explicit);
    sg_arena_free(a);
}

static void extract_prohibitions(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_requirements rs = extract_fixture(a, "prose.md");
    assert_true(rs.n >= 9);
    /* "never expose the database" keeps the database; "do not create a NAT
     * Gateway" names one only to forbid it */
    assert_true(rs.v[1].is_explicit);
    assert_true(has_type(&rs.v[1], "AWS::RDS::DBInstance"));
    assert_int_equal(rs.v[1].categories, CAT(PUBLIC_ACCESS));
    assert_true(rs.v[2].is_explicit);
    assert_int_equal(rs.v[2].ntypes, 0);
    assert_int_equal(rs.v[2].categories, CAT(NETWORK));
    /* "no RDS instances are ..." quantifies over RDS instances */
    assert_true(has_type(&rs.v[8], "AWS::RDS::DBCluster"));
    /* imperatives are requirements without being explicit */
    assert_false(rs.v[4].is_explicit);
    assert_int_equal(rs.v[4].categories, CAT(MONITORING));
    /* "AWS Lambda:" heads the lines after it */
    assert_true(has_type(&rs.v[6], "AWS::Lambda::Function"));
    assert_true(has_type(&rs.v[7], "AWS::Lambda::Function"));
    /* "**Networking**" gives its category to the next paragraph's sentence */
    assert_int_equal(rs.v[5].categories, CAT(NETWORK) | CAT(AVAILABILITY));
    sg_arena_free(a);
}

static void extract_table_rows(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_requirements rs = extract_fixture(a, "table.md");
    assert_int_equal(rs.n, 2);
    expect_req(&rs, 0, 5, "S3 | Versioning + SSE-KMS");
    expect_req(&rs, 1, 7, "IAM | Least privilege for all roles");
    assert_int_equal(rs.v[0].categories, CAT(ENCRYPTION) | CAT(BACKUP));
    assert_true(has_type(&rs.v[1], "AWS::IAM::Role"));
    sg_arena_free(a);
}

static void extract_ignores_code_and_headings(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_requirements rs = extract_str(a, "## All S3 buckets must be encrypted\n"
                                        "\n"
                                        "```\n"
                                        "- The VPC must have flow logs\n"
                                        "```\n"
                                        "\n"
                                        "    - indented code: the bucket must be private\n"
                                        "\n"
                                        "<!-- - Lambda must use X-Ray -->\n"
                                        "\n"
                                        "- The VPC must have `flow logs` and *three* subnets\n");
    assert_int_equal(rs.n, 1);
    expect_req(&rs, 0, 11, "The VPC must have flow logs and three subnets");
    sg_arena_free(a);
}

static void extract_dedupes_and_counts_crlf_lines(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_requirements rs = extract_str(a, "- Encrypt the S3 bucket\r\n"
                                        "- Create a VPC\r\n"
                                        "\r\n"
                                        "Encrypt the S3 bucket\r\n"
                                        "\r\n"
                                        "1. Create   a\r\n"
                                        "   VPC\r\n"
                                        "2. Create an SQS queue\r\n");
    /* the paragraph repeats the first bullet: dropped; the numbered item
     * differs only in whitespace from the second bullet: collapsed, dropped */
    assert_int_equal(rs.n, 3);
    expect_req(&rs, 0, 1, "Encrypt the S3 bucket");
    expect_req(&rs, 1, 2, "Create a VPC");
    expect_req(&rs, 2, 8, "Create an SQS queue");
    sg_arena_free(a);
}

static void extract_caps_length_on_utf8_boundary(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    char md[2048] = "- The S3 bucket must be encrypted ";
    for (int i = 0; i < 200; i++)
        strcat(md, "\xc3\xa9"); /* 2-byte characters around the cut */
    strcat(md, "\n");
    sg_requirements rs = extract_str(a, md);
    assert_int_equal(rs.n, 1);
    const char *t = rs.v[0].text;
    size_t n = strlen(t);
    assert_true(n <= 300);
    assert_true(n >= 290);
    assert_string_equal(t + n - 3, "...");
    /* the byte before "..." ends a character: it is not a lead byte */
    unsigned char last = (unsigned char)t[n - 4];
    assert_true(last < 0x80 || (last & 0xC0) == 0x80);
    assert_true(((unsigned char)t[n - 5] & 0xE0) == 0xC0);
    /* the mapping read the whole text */
    assert_int_equal(rs.v[0].categories, CAT(ENCRYPTION));
    sg_arena_free(a);
}

static void extract_rejects_oversized_input(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_requirements rs;
    sg_error err;
    /* the size is checked before a byte is read */
    assert_int_equal(sg_requirements_extract(a, "big.md", "x", (size_t)65 << 20, &rs, &err), -1);
    assert_non_null(strstr(err.msg, "limit"));
    assert_int_equal(rs.n, 0);
    assert_int_equal(sg_requirements_extract(a, "empty.md", NULL, 0, &rs, &err), 0);
    assert_int_equal(rs.n, 0);
    sg_arena_free(a);
}

/* ---- the mapping table -------------------------------------------------------- */

typedef struct map_case {
    const char *text;
    uint32_t cats;
    const char *types; /* every type, '|'-separated, or "" */
} map_case;

static const map_case map_cases[] = {
    {"All S3 buckets must have server-side encryption enabled", CAT(ENCRYPTION),
     "AWS::S3::Bucket"},
    {"Use a customer managed KMS key with key rotation", CAT(ENCRYPTION), "AWS::KMS::Key"},
    {"Apply least privilege to every IAM role", CAT(IAM), "AWS::IAM::Role"},
    /* a lifecycle policy is no IAM policy */
    {"Add S3 lifecycle policies that move objects to Glacier", CAT(COST), "AWS::S3::Bucket"},
    /* a public subnet is no public-access concern */
    {"Place the ALB in public subnets", CAT(NETWORK),
     "AWS::ElasticLoadBalancingV2::LoadBalancer|AWS::ElasticLoadBalancing::LoadBalancer|"
     "AWS::EC2::Subnet"},
    {"Block public access on the bucket", CAT(PUBLIC_ACCESS), "AWS::S3::Bucket"},
    {"Create CloudWatch alarms for Lambda errors", CAT(MONITORING),
     "AWS::CloudWatch::Alarm|AWS::CloudWatch::CompositeAlarm|AWS::Lambda::Function|"
     "AWS::Serverless::Function"},
    {"Enable VPC Flow Logs", CAT(LOGGING) | CAT(NETWORK), "AWS::EC2::FlowLog"},
    {"Turn on point-in-time recovery for the DynamoDB table", CAT(BACKUP),
     "AWS::DynamoDB::Table|AWS::DynamoDB::GlobalTable|AWS::Serverless::SimpleTable"},
    {"Deploy the Aurora cluster in Multi-AZ mode", CAT(AVAILABILITY),
     "AWS::RDS::DBInstance|AWS::RDS::DBCluster"},
    {"Set DeletionPolicy: Retain on stateful resources", CAT(DELETION), ""},
    {"Tag resources with CostCenter", CAT(TAGGING), ""},
    {"Resource names must include the EnvironmentSuffix parameter", CAT(NAMING) | CAT(PARAMETERS),
     ""},
    {"Keep the master password in Secrets Manager", CAT(SECRETS), "AWS::SecretsManager::Secret"},
    {"Export the VPC ID as a stack output", CAT(OUTPUTS), ""},
    {"Do not create a NAT Gateway", CAT(NETWORK), ""},
    {"Use the existing VPC", CAT(NETWORK) | CAT(PARAMETERS), ""},
    /* a literal type is one name, not the words AWS, EC2, LaunchTemplate */
    {"Use AWS::EC2::LaunchTemplate for instances", 0, "AWS::EC2::LaunchTemplate"},
    {"Keep costs low with on-demand capacity", CAT(COST), ""},
    {"Use an SQS queue instead of an SNS topic", 0, "AWS::SQS::Queue"},
    {"Ensure no RDS instances are publicly accessible", CAT(PUBLIC_ACCESS),
     "AWS::RDS::DBInstance|AWS::RDS::DBCluster"},
    {"The API must be served over HTTPS only", CAT(ENCRYPTION), ""},
    {"Route 53 health checks must fail over to the standby", CAT(AVAILABILITY),
     "AWS::Route53::HealthCheck"},
    {"Pass cfn-lint without warnings", CAT(DEPLOYABILITY), ""},
};

static size_t count_alts(const char *s)
{
    if (!*s)
        return 0;
    size_t n = 1;
    for (; *s; s++)
        n += *s == '|';
    return n;
}

static void mapping_table(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof map_cases / sizeof *map_cases; k++) {
        const map_case *c = &map_cases[k];
        sg_arena *a = sg_arena_new();
        char md[512];
        snprintf(md, sizeof md, "- %s\n", c->text);
        sg_requirements rs = extract_str(a, md);
        if (rs.n != 1)
            fail_msg("\"%s\": %zu requirements", c->text, rs.n);
        const sg_requirement *r = &rs.v[0];
        if (r->categories != c->cats)
            fail_msg("\"%s\": categories 0x%x, want 0x%x", c->text, r->categories, c->cats);
        if (r->ntypes != count_alts(c->types))
            fail_msg("\"%s\": %zu types, want %zu", c->text, r->ntypes, count_alts(c->types));
        for (size_t i = 0; i < r->ntypes; i++) {
            char want[600];
            snprintf(want, sizeof want, "|%s|", c->types);
            char one[200];
            snprintf(one, sizeof one, "|%s|", r->types[i]);
            if (!strstr(want, one))
                fail_msg("\"%s\": unexpected type %s", c->text, r->types[i]);
        }
        sg_arena_free(a);
    }
}

/* ---- verdicts ----------------------------------------------------------------- */

static const char *const model_yaml =
    "AWSTemplateFormatVersion: '2010-09-09'\n"             /* 1 */
    "Parameters:\n"                                         /* 2 */
    "  EnvironmentSuffix:\n"                                /* 3 */
    "    Type: String\n"                                    /* 4 */
    "    Default: dev\n"                                    /* 5 */
    "Resources:\n"                                          /* 6 */
    "  DataBucket:\n"                                       /* 7 */
    "    Type: AWS::S3::Bucket\n"                           /* 8 */
    "    Properties:\n"                                     /* 9 */
    "      BucketName: !Sub 'data-${EnvironmentSuffix}'\n"  /* 10 */
    "      VersioningConfiguration:\n"                      /* 11 */
    "        Status: Enabled\n"                             /* 12 */
    "      Tags:\n"                                         /* 13 */
    "        - Key: Environment\n"                          /* 14 */
    "          Value: prod\n"                               /* 15 */
    "  LogsBucket:\n"                                       /* 16 */
    "    Type: AWS::S3::Bucket\n"                           /* 17 */
    "    DeletionPolicy: Retain\n"                          /* 18 */
    "  Orders:\n"                                           /* 19 */
    "    Type: AWS::DynamoDB::Table\n"                      /* 20 */
    "    Properties:\n"                                     /* 21 */
    "      PointInTimeRecoverySpecification:\n"             /* 22 */
    "        PointInTimeRecoveryEnabled: true\n"            /* 23 */
    "  SubnetA:\n"                                          /* 24 */
    "    Type: AWS::EC2::Subnet\n"                          /* 25 */
    "    Properties:\n"                                     /* 26 */
    "      AvailabilityZone: !Select [0, !GetAZs '']\n"     /* 27 */
    "  SubnetB:\n"                                          /* 28 */
    "    Type: AWS::EC2::Subnet\n"                          /* 29 */
    "    Properties:\n"                                     /* 30 */
    "      AvailabilityZone: !Select [1, !GetAZs '']\n"     /* 31 */
    "  AppLogs:\n"                                          /* 32 */
    "    Type: AWS::Logs::LogGroup\n"                       /* 33 */
    "    Properties:\n"                                     /* 34 */
    "      RetentionInDays: 14\n"                           /* 35 */
    "Outputs:\n"                                            /* 36 */
    "  BucketName:\n"                                       /* 37 */
    "    Value: !Ref DataBucket\n";                         /* 38 */

typedef struct verdict_case {
    const char *prompt; /* one bullet */
    sg_req_status status;
    const char *evidence;    /* exact */
    const char *evidence_id; /* or NULL */
    uint32_t evidence_line;
} verdict_case;

static const verdict_case verdict_cases[] = {
    /* rule 2: a named type the model lacks */
    {"Use a customer managed KMS key", SG_REQ_UNMET,
     "no AWS::KMS::Key in the model; the requirement names \"customer managed KMS key\"", NULL, 0},
    {"Create an SQS queue for retries (optional)", SG_REQ_NOT_CHECKABLE,
     "no AWS::SQS::Queue in the model; the requirement is optional", NULL, 0},
    /* rule 4: properties, "all" against "one is enough" */
    {"All S3 buckets must have versioning enabled", SG_REQ_UNMET,
     "AWS::S3::Bucket LogsBucket does not set VersioningConfiguration.Status Enabled; the "
     "requirement asks for versioning",
     "LogsBucket", 16},
    {"Create an S3 bucket with versioning", SG_REQ_MET,
     "AWS::S3::Bucket DataBucket present with VersioningConfiguration.Status Enabled",
     "DataBucket", 7},
    {"DynamoDB table with point-in-time recovery", SG_REQ_MET,
     "AWS::DynamoDB::Table Orders present with "
     "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled true",
     "Orders", 19},
    /* a negated keyword checks nothing: presence decides */
    {"S3 buckets without versioning", SG_REQ_MET, "AWS::S3::Bucket DataBucket present",
     "DataBucket", 7},
    /* rule 5: counts */
    {"Spread the subnets across 3 AZs", SG_REQ_UNMET,
     "the model's 2 AWS::EC2::Subnet resources span 2 Availability Zones; the requirement asks "
     "for 3",
     "SubnetA", 24},
    {"Spread the subnets across two Availability Zones", SG_REQ_MET,
     "the model's 2 AWS::EC2::Subnet resources span 2 Availability Zones", "SubnetA", 24},
    {"Log groups must keep logs with a retention of 30 days", SG_REQ_UNMET,
     "AWS::Logs::LogGroup AppLogs has RetentionInDays 14; the requirement asks for 30 days",
     "AppLogs", 32},
    /* rule 6: probes */
    {"All resources must be destroyable", SG_REQ_UNMET,
     "AWS::S3::Bucket LogsBucket has DeletionPolicy Retain; the requirement asks for "
     "destroyable resources",
     "LogsBucket", 16},
    {"Tag all resources with Environment", SG_REQ_MET,
     "1 of 6 taggable resources carry Tags (e.g. AWS::S3::Bucket DataBucket)", "DataBucket", 7},
    {"Tag all resources with Owner", SG_REQ_UNMET,
     "no resource carries a Owner tag; the requirement names it (1 of 6 resources carry Tags)",
     "DataBucket", 7},
    {"Resource names must include EnvironmentSuffix", SG_REQ_MET,
     "parameter EnvironmentSuffix is used by 1 of 6 resources (e.g. AWS::S3::Bucket DataBucket)",
     "DataBucket", 7},
    {"Stack outputs for the S3 bucket name", SG_REQ_MET,
     "Output BucketName references AWS::S3::Bucket DataBucket", "DataBucket", 37},
    {"Stack outputs for the DynamoDB table", SG_REQ_UNMET,
     "no Output references a AWS::DynamoDB::Table", NULL, 0},
    {"Back up all data", SG_REQ_MET, "AWS::S3::Bucket DataBucket sets VersioningConfiguration",
     "DataBucket", 12},
    {"Use Mappings for AMI IDs", SG_REQ_UNMET, "the model declares no Mappings", NULL, 0},
    /* rule 7 */
    {"Keep costs low", SG_REQ_NOT_CHECKABLE, "nothing in the model shows whether this holds",
     NULL, 0},
    {"The template must be valid", SG_REQ_NOT_CHECKABLE,
     "the requirement names no resource type or category", NULL, 0},
};

static void verdicts_against_model(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_template m = load_text(a, "model.yaml", model_yaml);
    sg_violations none = {NULL, 0, 0};
    for (size_t k = 0; k < sizeof verdict_cases / sizeof *verdict_cases; k++) {
        const verdict_case *c = &verdict_cases[k];
        char md[512];
        snprintf(md, sizeof md, "- %s\n", c->prompt);
        sg_requirements rs = extract_str(a, md);
        if (rs.n != 1)
            fail_msg("\"%s\": %zu requirements", c->prompt, rs.n);
        sg_requirements_check(a, &rs, &m, &none);
        const sg_requirement *r = &rs.v[0];
        if (r->status != c->status || !r->evidence || strcmp(r->evidence, c->evidence) != 0)
            fail_msg("\"%s\": %s \"%s\", want %s \"%s\"", c->prompt, sg_req_status_id(r->status),
                     r->evidence ? r->evidence : "(null)", sg_req_status_id(c->status),
                     c->evidence);
        if (c->evidence_id)
            assert_string_equal(r->evidence_id, c->evidence_id);
        else
            assert_null(r->evidence_id);
        if (r->evidence_line != c->evidence_line)
            fail_msg("\"%s\": evidence line %u, want %u", c->prompt, r->evidence_line,
                     c->evidence_line);
    }
    sg_arena_free(a);
}

static const sg_rule rule_s3 = {"S3-01", SG_CAT_ENCRYPTION, SG_SEV_HIGH, "AWS::S3::Bucket",
                                "S3 bucket declares default encryption", "why", ""};
static const sg_rule rule_iam = {"IAM-03", SG_CAT_IAM, SG_SEV_MEDIUM, "AWS::IAM::Role",
                                 "Identity policies name their resources", "why", ""};
static const sg_rule rule_x01 = {"X-01", SG_CAT_SECRETS, SG_SEV_HIGH, "",
                                 "No credentials appear anywhere in the template", "why", ""};
static const sg_rule rule_lam = {"LAM-03", SG_CAT_AVAILABILITY, SG_SEV_LOW,
                                 "AWS::Lambda::Function",
                                 "Lambda function reserves its concurrency", "why", ""};
static const sg_rule rule_tag = {"RDS-12", SG_CAT_TAGGING, SG_SEV_LOW, "AWS::S3::Bucket",
                                 "Database copies its tags to snapshots", "why", ""};
static const sg_rule rule_ssh = {"SG-01", SG_CAT_NETWORK, SG_SEV_HIGH, "AWS::EC2::SecurityGroup",
                                 "SSH (22) is not open to the internet", "why", ""};

static void verdicts_from_violations(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_template m = load_text(a, "model.yaml", model_yaml);
    const sg_resource *logs = sg_template_resource(&m, "LogsBucket");
    assert_non_null(logs);
    sg_violation v[6] = {
        {&rule_s3, "LogsBucket", NULL, logs->key, "no BucketEncryption."},
        {&rule_iam, "Orders", NULL, NULL, NULL},
        {&rule_x01, NULL, NULL, m.section_key[SG_SEC_RESOURCES], "a password in Metadata"},
        {&rule_lam, "Orders", NULL, NULL, "ReservedConcurrentExecutions is not set"},
        {&rule_tag, "DataBucket", NULL, NULL, "CopyTagsToSnapshot is not set"},
        {&rule_ssh, "SubnetA", NULL, NULL, "port 22 (SSH) is open to 0.0.0.0/0"},
    };
    sg_violations vs = {v, 6, 6};
    sg_requirements rs = extract_str(a, "- All S3 buckets must be encrypted\n"
                                        "- S3 buckets must have versioning\n"
                                        "- Follow least privilege everywhere\n"
                                        "- No credentials may appear in the template\n"
                                        "- The stack must be highly available\n"
                                        "- Tag all resources with Environment\n"
                                        "- Allow SSH from the internet (0.0.0.0/0)\n");
    assert_int_equal(rs.n, 7);
    sg_requirements_check(a, &rs, &m, &vs);

    /* one type, one category: a violation on that type in that category */
    assert_int_equal(rs.v[0].status, SG_REQ_UNMET);
    assert_string_equal(rs.v[0].evidence,
                        "AWS::S3::Bucket LogsBucket fails S3-01 (encryption): no BucketEncryption");
    assert_string_equal(rs.v[0].evidence_id, "LogsBucket");
    assert_int_equal(rs.v[0].evidence_line, 16);
    /* the same violation concerns another category: not this requirement */
    assert_int_equal(rs.v[1].status, SG_REQ_MET);
    /* "least privilege" covers the IAM rules; no detail -> rule title */
    assert_int_equal(rs.v[2].status, SG_REQ_UNMET);
    assert_string_equal(rs.v[2].evidence, "AWS::DynamoDB::Table Orders fails IAM-03 (iam): "
                                          "Identity policies name their resources");
    assert_int_equal(rs.v[2].evidence_line, 19);
    /* a template-level violation sharing a word beyond the keywords */
    assert_int_equal(rs.v[3].status, SG_REQ_UNMET);
    assert_string_equal(rs.v[3].evidence,
                        "the template fails X-01 (secrets): a password in Metadata");
    assert_null(rs.v[3].evidence_id);
    assert_int_equal(rs.v[3].evidence_line, 6);
    /* same category, but the rule checks something the text does not ask */
    assert_int_equal(rs.v[4].status, SG_REQ_NOT_CHECKABLE);
    /* tagging is judged by the Tags probe, not by tag-adjacent lint rules */
    assert_int_equal(rs.v[5].status, SG_REQ_MET);
    /* the offending value is what the prompt asked for: the network probe
     * decides instead */
    assert_int_equal(rs.v[6].status, SG_REQ_MET);
    assert_string_equal(rs.v[6].evidence, "AWS::EC2::Subnet SubnetA present");
    sg_arena_free(a);
}

static void verdicts_hand_made(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_template m = load_text(a, "cluster.yaml", "Resources:\n"
                                                 "  Db:\n"
                                                 "    Type: AWS::RDS::DBCluster\n"
                                                 "  Data:\n"
                                                 "    Type: AWS::S3::Bucket\n"
                                                 "    Properties:\n"
                                                 "      BucketEncryption:\n"
                                                 "        ServerSideEncryptionConfiguration:\n"
                                                 "          - ServerSideEncryptionByDefault:\n"
                                                 "              SSEAlgorithm: aws:kms\n");
    static const char *alt[] = {"AWS::RDS::DBInstance", "AWS::RDS::DBCluster"};
    static const char *two[] = {"AWS::S3::Bucket", "AWS::SQS::Queue"};
    static const char *kms[] = {"AWS::KMS::Key"};
    sg_requirement v[5];
    memset(v, 0, sizeof v);
    /* alternatives: a cluster stands for "RDS" */
    v[0].text = "A relational database";
    v[0].types = alt;
    v[0].ntypes = 2;
    /* two different types: both must be there */
    v[1].text = "Buckets and queues";
    v[1].types = two;
    v[1].ntypes = 2;
    /* "use KMS" holds with an AWS managed key */
    v[2].text = "Encrypt data with KMS";
    v[2].types = kms;
    v[2].ntypes = 1;
    v[2].categories = CAT(ENCRYPTION);
    /* ... a customer managed key needs the key */
    v[3].text = "Encrypt data with a customer managed key";
    v[3].types = kms;
    v[3].ntypes = 1;
    v[3].categories = CAT(ENCRYPTION);
    v[4].text = "Nothing to see here";
    sg_requirements rs = {v, 5};
    sg_requirements_check(a, &rs, &m, NULL);
    assert_int_equal(v[0].status, SG_REQ_MET);
    assert_string_equal(v[0].evidence, "AWS::RDS::DBCluster Db present");
    assert_int_equal(v[1].status, SG_REQ_UNMET);
    assert_string_equal(v[1].evidence,
                        "no AWS::SQS::Queue in the model; the requirement names \"queues\"");
    assert_int_equal(v[2].status, SG_REQ_MET);
    assert_string_equal(v[2].evidence, "AWS::S3::Bucket Data stands in for the named type");
    assert_int_equal(v[3].status, SG_REQ_UNMET);
    assert_int_equal(v[4].status, SG_REQ_NOT_CHECKABLE);

    /* no template at all */
    sg_requirements_check(a, &rs, NULL, NULL);
    assert_int_equal(v[0].status, SG_REQ_UNMET);
    assert_string_equal(v[0].evidence, "the response has no template");
    assert_null(v[0].evidence_id);
    assert_int_equal(v[0].evidence_line, 0);
    assert_int_equal(v[4].status, SG_REQ_NOT_CHECKABLE);

    /* a root stack whose resources live in nested stacks */
    sg_template nested = load_text(a, "root.yaml", "Resources:\n"
                                                   "  Network:\n"
                                                   "    Type: AWS::CloudFormation::Stack\n"
                                                   "    Properties:\n"
                                                   "      TemplateURL: https://x/n.yaml\n");
    sg_requirements_check(a, &rs, &nested, NULL);
    assert_int_equal(v[1].status, SG_REQ_NOT_CHECKABLE);
    assert_non_null(strstr(v[1].evidence, "nested stacks"));
    sg_arena_free(a);
}

static void verdicts_secrets(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_template m = load_text(a, "db.yaml", "Resources:\n"
                                            "  Db:\n"
                                            "    Type: AWS::RDS::DBInstance\n"
                                            "    Properties:\n"
                                            "      MasterUsername: admin\n"
                                            "      MasterUserPassword: hunter2hunter2\n");
    sg_requirements rs = extract_str(a, "- The database password must not be hardcoded\n"
                                        "- Users must be able to change their password\n");
    assert_int_equal(rs.n, 2);
    sg_requirements_check(a, &rs, &m, NULL);
    assert_int_equal(rs.v[0].status, SG_REQ_UNMET);
    assert_string_equal(rs.v[0].evidence,
                        "AWS::RDS::DBInstance Db sets MasterUserPassword to a literal");
    assert_string_equal(rs.v[0].evidence_id, "Db");
    assert_int_equal(rs.v[0].evidence_line, 6);

    /* a boolean setting named *Password is no password */
    sg_template pol = load_text(a, "pol.yaml", "Resources:\n"
                                               "  Policy:\n"
                                               "    Type: AWS::IAM::AccountPasswordPolicy\n"
                                               "    Properties:\n"
                                               "      AllowUsersToChangePassword: true\n");
    sg_requirements_check(a, &rs, &pol, NULL);
    assert_int_equal(rs.v[1].status, SG_REQ_NOT_CHECKABLE);

    sg_template ok = load_text(a, "db2.yaml", "Resources:\n"
                                              "  Db:\n"
                                              "    Type: AWS::RDS::DBInstance\n"
                                              "    Properties:\n"
                                              "      ManageMasterUserPassword: true\n");
    sg_requirements_check(a, &rs, &ok, NULL);
    assert_int_equal(rs.v[0].status, SG_REQ_MET);
    assert_string_equal(rs.v[0].evidence,
                        "AWS::RDS::DBInstance Db keeps its master password in Secrets Manager");
    sg_arena_free(a);
}

static void verdicts_details(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_template m = load_text(a, "rds.yaml", "Resources:\n"
                                             "  Db:\n"
                                             "    Type: AWS::RDS::DBInstance\n"
                                             "    Properties:\n"
                                             "      BackupRetentionPeriod: 3\n"
                                             "  Orders:\n"
                                             "    Type: AWS::DynamoDB::Table\n");
    sg_requirements rs = extract_str(a, "- Automated RDS backups with 7-day retention\n"
                                        "- Keep RDS backups for at least 2 days\n"
                                        "\n"
                                        "### DynamoDB\n"
                                        "\n"
                                        "- Sub-second reads for every query\n");
    assert_int_equal(rs.n, 3);
    sg_requirements_check(a, &rs, &m, NULL);
    assert_int_equal(rs.v[0].status, SG_REQ_UNMET);
    assert_string_equal(rs.v[0].evidence, "AWS::RDS::DBInstance Db has BackupRetentionPeriod 3; "
                                          "the requirement asks for 7 days");
    assert_int_equal(rs.v[1].status, SG_REQ_MET);
    assert_string_equal(rs.v[1].evidence, "AWS::RDS::DBInstance Db present with "
                                          "BackupRetentionPeriod 3");
    /* the table comes from the heading: its presence proves nothing here */
    assert_true(has_type(&rs.v[2], "AWS::DynamoDB::Table"));
    assert_int_equal(rs.v[2].status, SG_REQ_NOT_CHECKABLE);
    assert_string_equal(rs.v[2].evidence, "AWS::DynamoDB::Table Orders is there, but nothing "
                                          "checks the detail asked of it");
    sg_arena_free(a);
}

static void status_ids(void **state)
{
    (void)state;
    assert_string_equal(sg_req_status_id(SG_REQ_MET), "met");
    assert_string_equal(sg_req_status_id(SG_REQ_UNMET), "unmet");
    assert_string_equal(sg_req_status_id(SG_REQ_NOT_CHECKABLE), "not-checkable");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(extract_lists),
        cmocka_unit_test(extract_paragraphs),
        cmocka_unit_test(should_is_not_mandatory),
        cmocka_unit_test(extract_prohibitions),
        cmocka_unit_test(extract_table_rows),
        cmocka_unit_test(extract_ignores_code_and_headings),
        cmocka_unit_test(extract_dedupes_and_counts_crlf_lines),
        cmocka_unit_test(extract_caps_length_on_utf8_boundary),
        cmocka_unit_test(extract_rejects_oversized_input),
        cmocka_unit_test(mapping_table),
        cmocka_unit_test(verdicts_against_model),
        cmocka_unit_test(verdicts_from_violations),
        cmocka_unit_test(verdicts_hand_made),
        cmocka_unit_test(verdicts_secrets),
        cmocka_unit_test(verdicts_details),
        cmocka_unit_test(status_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
