/* fuzz_prompt.c - sg_requirements_extract on an arbitrary PROMPT.md, then
 * sg_requirements_check of what it found against a fixed small template
 * (and against no template at all, as for a response without one). */
#include <string.h>

#include "fuzz_common.h"
#include "stackgap/requirements.h"
#include "stackgap/rules.h"
#include "stackgap/template.h"

/* Small, but with resources of most categories the extractor maps
 * requirements to (encryption, IAM, network, logging, backup ...). */
static const char fixed_template[] =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Parameters:\n"
    "  EnvironmentSuffix: {Type: String, Default: dev}\n"
    "Resources:\n"
    "  Key:\n"
    "    Type: AWS::KMS::Key\n"
    "    Properties: {EnableKeyRotation: true}\n"
    "  Bucket:\n"
    "    Type: AWS::S3::Bucket\n"
    "    DeletionPolicy: Retain\n"
    "    Properties:\n"
    "      BucketName: !Sub 'data-${EnvironmentSuffix}'\n"
    "      VersioningConfiguration: {Status: Enabled}\n"
    "      BucketEncryption:\n"
    "        ServerSideEncryptionConfiguration:\n"
    "          - ServerSideEncryptionByDefault: {SSEAlgorithm: 'aws:kms', KMSMasterKeyID: !Ref Key}\n"
    "      Tags: [{Key: Environment, Value: !Ref EnvironmentSuffix}]\n"
    "  Table:\n"
    "    Type: AWS::DynamoDB::Table\n"
    "    Properties:\n"
    "      BillingMode: PAY_PER_REQUEST\n"
    "      KeySchema: [{AttributeName: id, KeyType: HASH}]\n"
    "      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]\n"
    "  Role:\n"
    "    Type: AWS::IAM::Role\n"
    "    Properties:\n"
    "      AssumeRolePolicyDocument:\n"
    "        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: 'sts:AssumeRole'}]\n"
    "      Policies:\n"
    "        - PolicyName: all\n"
    "          PolicyDocument: {Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}\n"
    "  Fn:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties: {Runtime: python3.12, Handler: i.h, Role: !GetAtt Role.Arn, Code: {ZipFile: x}}\n"
    "  Logs:\n"
    "    Type: AWS::Logs::LogGroup\n"
    "    Properties: {RetentionInDays: 14}\n"
    "  Sg:\n"
    "    Type: AWS::EC2::SecurityGroup\n"
    "    Properties:\n"
    "      GroupDescription: web\n"
    "      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]\n"
    "  Db:\n"
    "    Type: AWS::RDS::DBInstance\n"
    "    Properties: {Engine: mysql, DBInstanceClass: db.t3.micro, MasterUserPassword: hunter2}\n"
    "Outputs:\n"
    "  BucketName: {Value: !Ref Bucket}\n";

static sg_arena *fixed_arena;
static sg_template fixed;
static sg_violations fixed_violations;

static void fixed_free(void)
{
    sg_violations_free(&fixed_violations);
    sg_arena_free(fixed_arena);
}

static void fixed_load(void)
{
    if (fixed_arena)
        return;
    fixed_arena = sg_arena_new();
    sg_error err;
    if (sg_load_buffer(fixed_arena, "TapStack.yml", fixed_template, sizeof fixed_template - 1,
                       NULL, &fixed, &err) != 0) {
        fprintf(stderr, "fuzz_prompt: fixed template: %s:%u: %s\n", err.file, err.line, err.msg);
        abort();
    }
    sg_rules_check(fixed_arena, &fixed, &fixed_violations);
    atexit(fixed_free);
}

static void check_reqs(const sg_requirements *r)
{
    for (size_t i = 0; i < r->n; i++) {
        const sg_requirement *q = &r->v[i];
        SG_FUZZ_CHECK(q->text != NULL);
        SG_FUZZ_CHECK(q->status <= SG_REQ_NOT_CHECKABLE);
        SG_FUZZ_CHECK(q->ntypes == 0 || q->types != NULL);
        for (size_t k = 0; k < q->ntypes; k++)
            SG_FUZZ_CHECK(q->types[k] != NULL && strncmp(q->types[k], "AWS::", 5) == 0);
        SG_FUZZ_CHECK(strlen(sg_req_status_id(q->status)) > 0);
        if (q->evidence)
            SG_FUZZ_CHECK(strlen(q->evidence) < ((size_t)1 << 20));
        if (q->evidence_id)
            SG_FUZZ_CHECK(strlen(q->evidence_id) < ((size_t)1 << 20));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fixed_load();
    sg_arena *a = sg_arena_new();
    sg_requirements reqs;
    sg_error err;
    memset(&reqs, 0x55, sizeof reqs);
    int rc = sg_requirements_extract(a, "PROMPT.md", (const char *)data, size, &reqs, &err);
    SG_FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == 0) {
        SG_FUZZ_CHECK(reqs.n == 0 || reqs.v != NULL);
        for (size_t i = 0; i < reqs.n; i++) {
            SG_FUZZ_CHECK(reqs.v[i].text != NULL);
            SG_FUZZ_CHECK(strchr(reqs.v[i].text, '\n') == NULL); /* one line */
        }
        /* against the template, then as if the response had none */
        sg_requirements_check(a, &reqs, &fixed, &fixed_violations);
        check_reqs(&reqs);
        sg_requirements_check(a, &reqs, NULL, NULL);
        check_reqs(&reqs);
        for (size_t i = 0; i < reqs.n; i++)
            SG_FUZZ_CHECK(reqs.v[i].status != SG_REQ_MET);
    } else {
        SG_FUZZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL);
    }
    sg_arena_free(a);
    return 0;
}
