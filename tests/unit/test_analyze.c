/* test_analyze.c - template-wide analysis: broken references, cycles,
 * unused parameters, hard-coded values, naming, structure. */
#include <stdlib.h>
#include <time.h>

#include "testutil.h"

#include "stackgap/analyze.h"
#include "stackgap/strbuf.h"


/* Findings of the model text (ideal text optional), sorted; the list is
 * kept in the arena-lifetime static so tests can look at it. */
static sg_findings F;

static const sg_findings *analyze2(const char *name, const char *text, const char *iname,
                                   const char *itext)
{
    sg_findings_free(&F);
    sg_template *m = sg_arena_alloc(A, sizeof *m);
    *m = load_text(A, name, text);
    sg_template *i = NULL;
    if (itext) {
        i = sg_arena_alloc(A, sizeof *i);
        *i = load_text(A, iname, itext);
    }
    sg_analyze_template(A, m, i, &F);
    sg_findings_sort(&F);
    return &F;
}

static const sg_findings *analyze(const char *name, const char *text)
{
    return analyze2(name, text, NULL, NULL);
}

static size_t count(const sg_findings *f, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        n += strcmp(f->v[i].rule, rule) == 0;
    return n;
}

/* The only finding of `rule`; fails unless there is exactly one. */
static const sg_finding *one(const sg_findings *f, const char *rule)
{
    const sg_finding *hit = NULL;
    for (size_t i = 0; i < f->n; i++) {
        if (strcmp(f->v[i].rule, rule) != 0)
            continue;
        if (hit)
            fail_msg("more than one %s: '%s' and '%s'", rule, hit->title, f->v[i].title);
        hit = &f->v[i];
    }
    if (!hit)
        fail_msg("no %s finding", rule);
    return hit;
}

/* The finding of `rule` about `id`. */
static const sg_finding *about(const sg_findings *f, const char *rule, const char *id)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->v[i].rule, rule) == 0 && f->v[i].model_id &&
            strcmp(f->v[i].model_id, id) == 0)
            return &f->v[i];
    fail_msg("no %s finding about %s", rule, id);
    return NULL;
}

static void expect(const sg_finding *x, sg_category cat, sg_severity sev, sg_finding_kind kind,
                   uint32_t line, const char *title)
{
    assert_string_equal(sg_category_id(x->category), sg_category_id(cat));
    assert_string_equal(sg_severity_id(x->severity), sg_severity_id(sev));
    assert_string_equal(sg_kind_id(x->kind), sg_kind_id(kind));
    assert_int_equal(x->model.line, line);
    assert_string_equal(x->title, title);
    assert_non_null(x->message);
    assert_true(strlen(x->message) > 20);
}

/* Fails listing every finding when there is any. */
static void assert_clean(const sg_findings *f)
{
    if (f->n == 0)
        return;
    sg_strbuf b = SG_STRBUF_INIT;
    for (size_t i = 0; i < f->n; i++)
        sg_strbuf_printf(&b, "\n  %s %s: %s", f->v[i].rule,
                         f->v[i].model_id ? f->v[i].model_id : "-", f->v[i].title);
    fail_msg("expected no findings, got %zu:%s", f->n, b.data);
}

/* ---- a clean template exercising every construct the checks look at ---------------- */

static const char *const ideal_yaml =
    "Parameters:\n"
    "  EnvironmentSuffix: {Type: String, Default: dev}\n"
    "Resources:\n"
    "  Logs:\n"
    "    Type: AWS::S3::Bucket\n"
    "    Properties:\n"
    "      BucketName: !Sub 'logs-${EnvironmentSuffix}'\n"
    "  Queue:\n"
    "    Type: AWS::SQS::Queue\n"
    "    Properties:\n"
    "      QueueName: !Sub 'jobs-${EnvironmentSuffix}'\n";

static const char *const clean_yaml =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Description: Runs in us-east-1 and eu-west-2 (descriptions may say so)\n"
    "Metadata:\n"
    "  AWS::CloudFormation::Interface:\n"
    "    ParameterGroups: [{Parameters: [Env, Unused]}]\n"
    "Parameters:\n"
    "  Env: {Type: String, Default: us-east-1}\n"
    "  Size: {Type: Number}\n"
    "  Flag: {Type: String}\n"
    "  Image: {Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>'}\n"
    "  Prefix: {Type: String}\n"
    "Rules:\n"
    "  OnlyProd:\n"
    "    Assertions:\n"
    "      - Assert: !Equals [!Ref Prefix, app]\n"
    "Mappings:\n"
    "  RegionMap:\n"
    "    us-east-1: {Ami: ami-0123456789abcdef0, Elb: '127311923021'}\n"
    "Conditions:\n"
    "  IsProd: !Equals [!Ref Env, prod]\n"
    "  InVirginia: !Equals [!Ref 'AWS::Region', us-east-1]\n"
    "  Both: !And [{Condition: IsProd}, {Condition: InVirginia}]\n"
    "Resources:\n"
    "  Key:\n"
    "    Type: AWS::KMS::Key\n"
    "    Condition: Both\n"
    "    Properties:\n"
    "      Description: key for us-east-1a\n"
    "      KeyPolicy:\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'}\n"
    "            Action: kms:*\n"
    "            Resource: '*'\n"
    "  Logs:\n"
    "    Type: AWS::S3::Bucket\n"
    "    DeletionPolicy: Retain\n"
    "    Properties:\n"
    "      BucketName: !Sub 'logs-${Env}-${AWS::AccountId}'\n"
    "      KMSMasterKeyID: !If [Both, !GetAtt Key.Arn, !Ref 'AWS::NoValue']\n"
    "  LogsPolicy:\n"
    "    Type: AWS::S3::BucketPolicy\n"
    "    Properties:\n"
    "      Bucket: !Ref Logs\n"
    "      PolicyDocument:\n"
    "        Statement:\n"
    "          - Effect: Allow\n"
    "            Principal: {AWS: 'arn:aws:iam::127311923021:root'}\n"
    "            Action: s3:PutObject\n"
    "            Resource: !Sub '${Logs.Arn}/*'\n"
    "  Queue:\n"
    "    Type: AWS::SQS::Queue\n"
    "    DependsOn: [Logs, LogsPolicy]\n"
    "    Properties:\n"
    "      QueueName: !Join ['-', [jobs, !Ref Env]]\n"
    "      DelaySeconds: !Ref Size\n"
    "      Tags:\n"
    "        - {Key: Flag, Value: !Ref Flag}\n"
    "  Role:\n"
    "    Type: AWS::IAM::Role\n"
    "    Properties:\n"
    "      RoleName: !Sub '${AWS::StackName}-role'\n"
    "      ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess']\n"
    "      Policies:\n"
    "        - PolicyName: p\n"
    "          PolicyDocument:\n"
    "            Statement:\n"
    "              - Effect: Allow\n"
    "                Action: logs:*\n"
    "                Resource: !Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:"
    "log-group:${Prefix}-${!Literal}:*'\n"
    "              - Effect: Allow\n"
    "                Action: s3:GetObject\n"
    "                Resource: !Sub\n"
    "                  - 'arn:${AWS::Partition}:s3:::${Name}/*'\n"
    "                  - {Name: !Ref Logs}\n"
    "  Server:\n"
    "    Type: AWS::EC2::Instance\n"
    "    Properties:\n"
    "      ImageId: !Ref Image\n"
    "      AvailabilityZone: !Select [0, !GetAZs '']\n"
    "      UserData: !Base64 {'Fn::Sub': 'yum install -y x --region ${AWS::Region}'}\n"
    "Outputs:\n"
    "  LogsArn:\n"
    "    Condition: IsProd\n"
    "    Description: Bucket in us-east-1\n"
    "    Value: !GetAtt Logs.Arn\n"
    "    Export: {Name: !Sub '${AWS::StackName}-logs'}\n";

static void clean_template_has_no_findings(void **state)
{
    (void)state;
    /* Parameters: Env, Size, Flag, Image used; Prefix used in Rules and a Sub */
    assert_clean(analyze2("clean.yaml", clean_yaml, "ideal.yaml", ideal_yaml));
}

static void clean_json_template_has_no_findings(void **state)
{
    (void)state;
    const char *json =
        "{\"Parameters\": {\"EnvironmentSuffix\": {\"Type\": \"String\"}},\n"
        " \"Resources\": {\n"
        "  \"Fn\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\n"
        "    \"FunctionName\": {\"Fn::Join\": [\"\", [\"fn-\", {\"Ref\": \"EnvironmentSuffix\"}]]},\n"
        "    \"Role\": {\"Fn::GetAtt\": [\"Role\", \"Arn\"]}}},\n"
        "  \"Role\": {\"Type\": \"AWS::IAM::Role\"}},\n"
        " \"Outputs\": {\"Arn\": {\"Value\": {\"Fn::GetAtt\": \"Fn.Arn\"}}}}\n";
    assert_clean(analyze2("model.json", json, "ideal.yaml", ideal_yaml));
}

/* ---- references ------------------------------------------------------------------------ */

static void ref_missing(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.yaml",
                                   "Resources:\n"
                                   "  Trail:\n"
                                   "    Type: AWS::CloudTrail::Trail\n"
                                   "    Properties:\n"
                                   "      S3BucketName: !Ref LogBucket\n"
                                   "      IsLogging: true\n");
    const sg_finding *x = one(f, "TPL-REF-MISSING");
    expect(x, SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, SG_KIND_INVALID, 5,
           "Ref to missing resource or parameter 'LogBucket'");
    assert_string_equal(x->model_id, "Trail");
    assert_string_equal(x->resource_type, "AWS::CloudTrail::Trail");
    assert_string_equal(x->path, "Properties.S3BucketName");
    assert_string_equal(x->model.file, "m.yaml");
    assert_non_null(strstr(x->message, "'LogBucket'"));
}

static void ref_missing_json_and_outputs(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.json",
                                   "{\n"
                                   "  \"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}},\n"
                                   "  \"Outputs\": {\n"
                                   "    \"Url\": {\"Value\": {\"Ref\": \"Queue\"}},\n"
                                   "    \"Region\": {\"Value\": {\"Ref\": \"AWS::Regio\"}}\n"
                                   "  }\n"
                                   "}\n");
    assert_int_equal(count(f, "TPL-REF-MISSING"), 2);
    const sg_finding *x = about(f, "TPL-REF-MISSING", "Url");
    expect(x, SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, SG_KIND_INVALID, 4,
           "Ref to missing resource or parameter 'Queue'");
    assert_string_equal(x->path, "Value");
    assert_null(x->resource_type);
    x = about(f, "TPL-REF-MISSING", "Region");
    assert_int_equal(x->model.line, 5);
    assert_string_equal(x->title, "Ref to missing resource or parameter 'AWS::Regio'");
}

static void condition_may_ref_parameters_only(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.yaml",
                                   "Parameters:\n"
                                   "  Env: {Type: String}\n"
                                   "Conditions:\n"
                                   "  HasBucket: !Not [!Equals [!Ref Bucket, '']]\n"
                                   "  IsProd: !Equals [!Ref Env, prod]\n"
                                   "Resources:\n"
                                   "  Bucket: {Type: AWS::S3::Bucket, Condition: IsProd}\n");
    const sg_finding *x = one(f, "TPL-REF-MISSING");
    expect(x, SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, SG_KIND_INVALID, 4,
           "Ref to resource 'Bucket' where only parameters are allowed");
    assert_string_equal(x->model_id, "HasBucket");
    assert_int_equal(f->n, 1);
}

static void getatt_missing(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.yaml",
                                   "Parameters:\n"
                                   "  Topic: {Type: String}\n"
                                   "Resources:\n"
                                   "  Fn:\n"
                                   "    Type: AWS::Lambda::Function\n"
                                   "    Properties:\n"
                                   "      Role: !GetAtt ExecRole.Arn\n"
                                   "      Environment:\n"
                                   "        Variables:\n"
                                   "          TOPIC: !GetAtt [Topic, TopicName]\n"
                                   "  Ok:\n"
                                   "    Type: AWS::SNS::Topic\n"
                                   "    Properties:\n"
                                   "      DisplayName: !GetAtt Fn.Arn\n");
    assert_int_equal(count(f, "TPL-GETATT-MISSING"), 2);
    const sg_finding *x = &f->v[0];
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->v[i].rule, "TPL-GETATT-MISSING") == 0 && f->v[i].model.line == 7)
            x = &f->v[i];
    expect(x, SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, SG_KIND_INVALID, 7,
           "Fn::GetAtt on missing resource 'ExecRole.Arn'");
    assert_string_equal(x->path, "Properties.Role");
    assert_string_equal(x->model_id, "Fn");
    /* a parameter is not something to GetAtt: said so in the message */
    for (size_t i = 0; i < f->n; i++)
        if (f->v[i].model.line == 10) {
            assert_string_equal(f->v[i].title, "Fn::GetAtt on missing resource 'Topic.TopicName'");
            assert_non_null(strstr(f->v[i].message, "is a parameter"));
            return;
        }
    fail_msg("no finding on line 10");
}

static void sub_missing(void **state)
{
    (void)state;
    const sg_findings *f = analyze(
        "m.yaml",
        "Parameters:\n"
        "  Env: {Type: String}\n"
        "Resources:\n"
        "  Bucket: {Type: AWS::S3::Bucket}\n"
        "  Policy:\n"
        "    Type: AWS::IAM::ManagedPolicy\n"
        "    Properties:\n"
        "      PolicyDocument:\n"
        "        Statement:\n"
        "          - Effect: Allow\n"
        "            Action: s3:*\n"
        "            Resource:\n"
        "              - !Sub '${Bucket.Arn}/${Env}/${!Literal}/${AWS::AccountId}'\n"
        "              - !Sub ['${Arn}/${LogBucket.Arn}', {Arn: !GetAtt Bucket.Arn}]\n"
        "              - !Sub 'arn:aws:s3:::home/${aws:username}'\n");
    assert_int_equal(count(f, "TPL-SUB-MISSING"), 2);
    /* IAM Resource lists are sets: sorted, strings before the [string, vars] form */
    const sg_finding *x = about(f, "TPL-SUB-MISSING", "Policy");
    expect(x, SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, SG_KIND_INVALID, 15,
           "Fn::Sub variable '${aws:username}' names no resource or parameter");
    assert_string_equal(x->path, "Properties.PolicyDocument.Statement[0].Resource[1]");
    assert_non_null(strstr(x->message, "${!aws:username}"));
    const sg_finding *y = x + 1;
    assert_string_equal(y->rule, "TPL-SUB-MISSING");
    assert_int_equal(y->model.line, 14);
    assert_string_equal(y->title, "Fn::Sub variable '${LogBucket.Arn}' names no resource or parameter");
    assert_string_equal(y->path, "Properties.PolicyDocument.Statement[0].Resource[2]");
}

static void dependson_missing(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.yaml",
                                   "Resources:\n"
                                   "  A: {Type: AWS::SNS::Topic}\n"
                                   "  B:\n"
                                   "    Type: AWS::SNS::Topic\n"
                                   "    DependsOn:\n"
                                   "      - A\n"
                                   "      - Gateway\n");
    const sg_finding *x = one(f, "TPL-DEPENDSON-MISSING");
    expect(x, SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, SG_KIND_INVALID, 7,
           "DependsOn names missing resource 'Gateway'");
    assert_string_equal(x->model_id, "B");
    assert_string_equal(x->path, "DependsOn");
    /* a single string works too, and a present target gives nothing */
    f = analyze("m.yaml", "Resources:\n  A: {Type: T}\n  B: {Type: T, DependsOn: A}\n"
                          "  C: {Type: T, DependsOn: Z}\n");
    x = one(f, "TPL-DEPENDSON-MISSING");
    assert_string_equal(x->model_id, "C");
    assert_int_equal(x->model.line, 4);
}

static void condition_missing(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.yaml",
                                   "Conditions:\n"
                                   "  IsProd: !Equals [a, b]\n"
                                   "  Either: !Or [{Condition: IsProd}, {Condition: IsDev}]\n"
                                   "Resources:\n"
                                   "  A:\n"
                                   "    Type: AWS::SNS::Topic\n"
                                   "    Condition: HasTopic\n"
                                   "    Properties:\n"
                                   "      DisplayName: !If [IsStaging, a, b]\n"
                                   "Outputs:\n"
                                   "  O: {Condition: IsProd, Value: x}\n"
                                   "  P: {Condition: IsQa, Value: x}\n");
    assert_int_equal(count(f, "TPL-CONDITION-MISSING"), 4);
    assert_int_equal(about(f, "TPL-CONDITION-MISSING", "P")->model.line, 12);
    const sg_finding *x = about(f, "TPL-CONDITION-MISSING", "Either");
    expect(x, SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, SG_KIND_INVALID, 3,
           "Condition 'IsDev' is not defined");
    x = about(f, "TPL-CONDITION-MISSING", "A");
    /* sorted by path: "Condition" before "Properties.DisplayName" */
    assert_string_equal(x->path, "Condition");
    assert_int_equal(x->model.line, 7);
    assert_string_equal(x->title, "Condition 'HasTopic' is not defined");
    assert_string_equal(x[1].title, "Condition 'IsStaging' is not defined");
    assert_int_equal(x[1].model.line, 9);
    assert_string_equal(x[1].path, "Properties.DisplayName");
}

static void repeated_problem_is_merged_with_count(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.yaml",
                                   "Resources:\n"
                                   "  A:\n"
                                   "    Type: T\n"
                                   "    Properties:\n"
                                   "      X: !Ref Missing\n"
                                   "      Y: !Ref Missing\n"
                                   "  B:\n"
                                   "    Type: T\n"
                                   "    Properties:\n"
                                   "      X: !Ref Missing\n");
    assert_int_equal(count(f, "TPL-REF-MISSING"), 2);
    const sg_finding *a = about(f, "TPL-REF-MISSING", "A");
    assert_int_equal(a->model.line, 5);
    assert_non_null(strstr(a->message, "Seen 2 times in this resource."));
    assert_null(strstr(about(f, "TPL-REF-MISSING", "B")->message, "Seen"));
}

static void serverless_generated_names(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.yaml",
                                   "Transform: AWS::Serverless-2016-10-31\n"
                                   "Globals:\n"
                                   "  Function: {Timeout: 5}\n"
                                   "Resources:\n"
                                   "  Fn:\n"
                                   "    Type: AWS::Serverless::Function\n"
                                   "  Alarm:\n"
                                   "    Type: AWS::CloudWatch::Alarm\n"
                                   "    Properties:\n"
                                   "      AlarmActions: [!GetAtt FnRole.Arn, !Ref ServerlessRestApi]\n"
                                   "      OKActions: [!Ref Other]\n");
    assert_int_equal(count(f, "TPL-UNKNOWN-SECTION"), 0);
    assert_int_equal(count(f, "TPL-GETATT-MISSING"), 0);
    assert_string_equal(one(f, "TPL-REF-MISSING")->title,
                        "Ref to missing resource or parameter 'Other'");
    /* without the transform, Globals is unknown and FnRole missing */
    f = analyze("m.yaml", "Globals: {}\nResources:\n  A:\n    Type: T\n"
                          "    Properties: {R: !GetAtt FnRole.Arn}\n");
    expect(one(f, "TPL-UNKNOWN-SECTION"), SG_CAT_DEPLOYABILITY, SG_SEV_HIGH, SG_KIND_INVALID, 1,
           "Unknown top-level section 'Globals'");
    one(f, "TPL-GETATT-MISSING");
}

/* ---- cycles ---------------------------------------------------------------------------- */

static void cycle_of_three(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.yaml",
                                   "Resources:\n"
                                   "  Alpha:\n"
                                   "    Type: AWS::SNS::Topic\n"
                                   "    Properties:\n"
                                   "      DisplayName: !Ref Beta\n"
                                   "  Beta:\n"
                                   "    Type: AWS::SNS::Topic\n"
                                   "    Properties:\n"
                                   "      DisplayName: !GetAtt Gamma.TopicName\n"
                                   "  Gamma:\n"
                                   "    Type: AWS::SNS::Topic\n"
                                   "    DependsOn: Alpha\n"
                                   "  Free:\n"
                                   "    Type: AWS::SNS::Topic\n"
                                   "    DependsOn: Alpha\n");
    const sg_finding *x = one(f, "TPL-CYCLE");
    expect(x, SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, SG_KIND_INVALID, 5,
           "Circular dependency: Alpha -> Beta -> Gamma -> Alpha");
    assert_string_equal(x->model_id, "Alpha");
    assert_string_equal(x->path, "Properties.DisplayName");
    assert_int_equal(f->n, 1);
}

static void cycle_via_sub_and_self_reference(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.json",
                                   "{\"Resources\": {\n"
                                   "  \"Sg\": {\"Type\": \"AWS::EC2::SecurityGroup\", \"Properties\": {\n"
                                   "    \"SecurityGroupIngress\": [{\"SourceSecurityGroupId\": {\"Ref\": \"Sg\"}}]}},\n"
                                   "  \"Role\": {\"Type\": \"AWS::IAM::Role\", \"Properties\": {\n"
                                   "    \"Path\": {\"Fn::Sub\": \"/${Bucket.Arn}/\"}}},\n"
                                   "  \"Bucket\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\n"
                                   "    \"Role\": {\"Fn::GetAtt\": [\"Role\", \"Arn\"]}}}\n"
                                   "}}\n");
    assert_int_equal(count(f, "TPL-CYCLE"), 2);
    const sg_finding *x = about(f, "TPL-CYCLE", "Sg");
    expect(x, SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, SG_KIND_INVALID, 3,
           "Resource depends on itself: Sg -> Sg");
    x = about(f, "TPL-CYCLE", "Bucket");
    assert_string_equal(x->title, "Circular dependency: Bucket -> Role -> Bucket");
    assert_int_equal(x->model.line, 7);
    assert_string_equal(x->path, "Properties.Role");
}

static void larger_component_lists_members(void **state)
{
    (void)state;
    /* A <-> B and B <-> C: one component of three, reported once */
    const sg_findings *f = analyze("m.yaml",
                                   "Resources:\n"
                                   "  A: {Type: T, DependsOn: [B]}\n"
                                   "  B: {Type: T, DependsOn: [A, C]}\n"
                                   "  C: {Type: T, DependsOn: [B]}\n");
    const sg_finding *x = one(f, "TPL-CYCLE");
    assert_string_equal(x->title, "Circular dependency: A -> B -> A");
    assert_non_null(strstr(x->message, "3 resources depend on each other: A, B, C."));
}

/* Builds a chain R00000 -> R00001 -> ... (each Refs the next); `close`
 * makes the last one depend on the first. */
static char *chain_text(size_t n, bool close)
{
    sg_strbuf b = SG_STRBUF_INIT;
    sg_strbuf_puts(&b, "Resources:\n");
    for (size_t i = 0; i < n; i++) {
        sg_strbuf_printf(&b, "  R%05zu:\n    Type: AWS::SNS::Topic\n", i);
        if (i + 1 < n)
            sg_strbuf_printf(&b, "    Properties:\n      DisplayName: !Sub '${R%05zu.TopicName}'\n"
                                 "      Other: !Ref R%05zu\n",
                             i + 1, i + 1);
        else if (close)
            sg_strbuf_puts(&b, "    DependsOn: R00000\n");
    }
    return b.data;
}

static void ten_thousand_resources_fast(void **state)
{
    (void)state;
    char *open = chain_text(10000, false), *closed = chain_text(10000, true);
    sg_template *m = sg_arena_alloc(A, sizeof *m);
    sg_template *c = sg_arena_alloc(A, sizeof *c);
    *m = load_text(A, "chain.yaml", open);
    *c = load_text(A, "cycle.yaml", closed);
    assert_int_equal(m->nresources, 10000);

    clock_t t0 = clock();
    sg_findings f = {0};
    sg_analyze_template(A, m, m, &f);
    assert_int_equal(f.n, 0);
    sg_analyze_template(A, c, c, &f);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_int_equal(f.n, 1);
    assert_string_equal(f.v[0].rule, "TPL-CYCLE");
    assert_string_equal(f.v[0].title,
                        "Circular dependency: R00000 -> R00001 -> R00002 -> R00003 -> R00004 -> "
                        "... (9994 more) -> R09999 -> R00000");
    if (secs >= 2.0)
        fail_msg("analysis of 2 x 10000 resources took %.2f s", secs);
    sg_findings_free(&f);
    free(open);
    free(closed);
}

/* ---- parameters ---------------------------------------------------------------------------- */

static void unused_parameter(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.yaml",
                                   "Metadata:\n"
                                   "  Note: !Ref Ghost\n"
                                   "Parameters:\n"
                                   "  Ghost:\n"
                                   "    Type: String\n"
                                   "  InSub: {Type: String}\n"
                                   "  InCondition: {Type: String}\n"
                                   "  InRule: {Type: String}\n"
                                   "  InOutput: {Type: String}\n"
                                   "Rules:\n"
                                   "  R: {Assertions: [{Assert: !Equals [!Ref InRule, x]}]}\n"
                                   "Conditions:\n"
                                   "  C: !Equals [!Ref InCondition, x]\n"
                                   "Resources:\n"
                                   "  A: {Type: T, Properties: {N: !Sub 'a-${InSub}'}}\n"
                                   "Outputs:\n"
                                   "  O: {Value: !Ref InOutput}\n");
    const sg_finding *x = one(f, "TPL-PARAM-UNUSED");
    expect(x, SG_CAT_PARAMETERS, SG_SEV_LOW, SG_KIND_INVALID, 4,
           "Parameter 'Ghost' is never used");
    assert_string_equal(x->model_id, "Ghost");
    assert_string_equal(x->path, "Parameters.Ghost");
    assert_int_equal(f->n, 1);
}

/* ---- hard-coded values -------------------------------------------------------------------- */

static void hardcoded_account(void **state)
{
    (void)state;
    const sg_findings *f = analyze(
        "m.yaml",
        "Resources:\n"
        "  Role:\n"
        "    Type: AWS::IAM::Role\n"
        "    Properties:\n"
        "      AssumeRolePolicyDocument:\n"
        "        Statement:\n"
        "          - Effect: Allow\n"
        "            Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::123456789012:root'}\n"
        "            Action: sts:AssumeRole\n"
        "            Condition: {StringEquals: {'aws:SourceAccount': '210987654321'}}\n"
        "  ElbLogs:\n"
        "    Type: AWS::S3::BucketPolicy\n"
        "    Properties:\n"
        "      PolicyDocument:\n"
        "        Statement:\n"
        "          - Effect: Allow\n"
        "            Principal: {AWS: 'arn:aws:iam::127311923021:root'}\n"
        "            Action: s3:PutObject\n"
        "            Resource: '*'\n"
        "  Sizes:\n"
        "    Type: AWS::Budgets::Budget\n"
        "    Properties:\n"
        "      Limit: '107374182400'\n"
        "      AccountQuota: '1234567890123'\n"
        "      Layers: ['arn:${AWS::Partition}:lambda:${AWS::Region}:580247275435:layer:Insights:14']\n"
        "      Rules: [!Sub 'arn:${AWS::Partition}:inspector:${AWS::Region}:316112463485:"
        "rulespackage/0-gEjTy7T7']\n");
    /* one finding for the resource, at the first value in key order */
    const sg_finding *x = one(f, "TPL-HARDCODED-ACCOUNT");
    expect(x, SG_CAT_PARAMETERS, SG_SEV_MEDIUM, SG_KIND_INVALID, 10,
           "Hard-coded account id '210987654321' instead of AWS::AccountId");
    assert_string_equal(x->model_id, "Role");
    assert_string_equal(x->path, "Properties.AssumeRolePolicyDocument.Statement[0].Condition."
                                 "StringEquals.aws:SourceAccount");
    assert_non_null(strstr(x->message, "Seen 2 times"));
    /* the partition is a pseudo parameter: no TPL-HARDCODED-ARN */
    assert_int_equal(count(f, "TPL-HARDCODED-ARN"), 0);
    assert_int_equal(f->n, 1);
}

static void hardcoded_region(void **state)
{
    (void)state;
    const sg_findings *f = analyze(
        "m.yaml",
        "Mappings:\n"
        "  M: {us-east-1: {Endpoint: logs.us-east-1.amazonaws.com}}\n"
        "Conditions:\n"
        "  East: !Equals [!Ref 'AWS::Region', eu-west-2]\n"
        "Resources:\n"
        "  Fn:\n"
        "    Type: AWS::Lambda::Function\n"
        "    Properties:\n"
        "      Description: deployed to eu-west-2\n"
        "      Code: {ZipFile: \"region = os.environ.get('AWS_REGION', 'us-west-1')\"}\n"
        "      Environment:\n"
        "        Variables:\n"
        "          ENDPOINT: !Sub 'https://sqs.eu-west-2.amazonaws.com/${AWS::AccountId}/q'\n"
        "          OTHER: us-east-1-fallback\n"
        "  Deny:\n"
        "    Type: AWS::IAM::ManagedPolicy\n"
        "    Properties:\n"
        "      PolicyDocument:\n"
        "        Statement:\n"
        "          - Effect: Deny\n"
        "            Action: '*'\n"
        "            Resource: '*'\n"
        "            Condition: {StringNotEquals: {'aws:RequestedRegion': eu-west-2}}\n"
        "Outputs:\n"
        "  Url:\n"
        "    Value: https://console.aws.amazon.com/?region=ap-southeast-2\n");
    assert_int_equal(count(f, "TPL-HARDCODED-REGION"), 2);
    const sg_finding *x = about(f, "TPL-HARDCODED-REGION", "Fn");
    expect(x, SG_CAT_PARAMETERS, SG_SEV_MEDIUM, SG_KIND_INVALID, 13,
           "Hard-coded region 'eu-west-2' instead of AWS::Region");
    assert_string_equal(x->path, "Properties.Environment.Variables.ENDPOINT");
    assert_non_null(strstr(x->message, "Seen 2 times"));
    x = about(f, "TPL-HARDCODED-REGION", "Url");
    assert_int_equal(x->model.line, 26);
    assert_string_equal(x->title, "Hard-coded region 'ap-southeast-2' instead of AWS::Region");
    assert_int_equal(f->n, 2);
}

static void hardcoded_az(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.json",
                                   "{\"Resources\": {\n"
                                   "  \"Subnet\": {\"Type\": \"AWS::EC2::Subnet\", \"Properties\": {\n"
                                   "    \"AvailabilityZone\": \"us-east-1a\",\n"
                                   "    \"CidrBlock\": \"10.0.0.0/24\"}},\n"
                                   "  \"Good\": {\"Type\": \"AWS::EC2::Subnet\", \"Properties\": {\n"
                                   "    \"AvailabilityZone\": {\"Fn::Select\": [\"1\", {\"Fn::GetAZs\": \"\"}]}}}\n"
                                   "}}\n");
    const sg_finding *x = one(f, "TPL-HARDCODED-AZ");
    expect(x, SG_CAT_PARAMETERS, SG_SEV_MEDIUM, SG_KIND_INVALID, 3,
           "Hard-coded availability zone 'us-east-1a'");
    assert_string_equal(x->model_id, "Subnet");
    assert_string_equal(x->path, "Properties.AvailabilityZone");
    /* an AZ is not also reported as a region */
    assert_int_equal(f->n, 1);
}

static void hardcoded_ami(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.yaml",
                                   "Mappings:\n"
                                   "  Amis: {us-east-1: {Id: ami-0abcdef1234567890}}\n"
                                   "Resources:\n"
                                   "  Web:\n"
                                   "    Type: AWS::EC2::Instance\n"
                                   "    Properties:\n"
                                   "      ImageId: ami-0abcdef1234567890\n"
                                   "  Ok:\n"
                                   "    Type: AWS::EC2::Instance\n"
                                   "    Properties:\n"
                                   "      ImageId: !FindInMap [Amis, !Ref 'AWS::Region', Id]\n"
                                   "      Name: not-ami-12345678x\n"
                                   "      Tag: myami-12345678\n");
    const sg_finding *x = one(f, "TPL-HARDCODED-AMI");
    expect(x, SG_CAT_PARAMETERS, SG_SEV_MEDIUM, SG_KIND_INVALID, 7,
           "Hard-coded AMI 'ami-0abcdef1234567890'");
    assert_string_equal(x->model_id, "Web");
    assert_string_equal(x->path, "Properties.ImageId");
    assert_int_equal(f->n, 1);
}

static void hardcoded_arn(void **state)
{
    (void)state;
    const sg_findings *f = analyze(
        "m.yaml",
        "Resources:\n"
        "  Role:\n"
        "    Type: AWS::IAM::Role\n"
        "    Properties:\n"
        "      ManagedPolicyArns:\n"
        "        - arn:aws:iam::aws:policy/AdministratorAccess\n"
        "      Policies:\n"
        "        - PolicyName: p\n"
        "          PolicyDocument:\n"
        "            Statement:\n"
        "              - Effect: Allow\n"
        "                Action: logs:*\n"
        "                Resource:\n"
        "                  - arn:aws:logs:*:*:*\n"
        "                  - arn:aws:s3:::bucket/*\n"
        "                  - !Sub 'arn:aws:sns:us-west-2:${AWS::AccountId}:alerts'\n");
    const sg_finding *x = one(f, "TPL-HARDCODED-ARN");
    expect(x, SG_CAT_PARAMETERS, SG_SEV_LOW, SG_KIND_INVALID, 16,
           "Hard-coded ARN 'arn:aws:sns:us-west-2:${AWS::AccountId}:alerts'");
    assert_string_equal(x->model_id, "Role");
    /* its region is also reported, on its own */
    assert_string_equal(one(f, "TPL-HARDCODED-REGION")->title,
                        "Hard-coded region 'us-west-2' instead of AWS::Region");
    assert_int_equal(f->n, 2);
}

/* ---- naming --------------------------------------------------------------------------------- */

static void name_without_suffix(void **state)
{
    (void)state;
    const char *model = "Parameters:\n"
                        "  Environment: {Type: String}\n"
                        "  Project: {Type: String}\n"
                        "Resources:\n"
                        "  Logs:\n"
                        "    Type: AWS::S3::Bucket\n"
                        "    Properties:\n"
                        "      BucketName: company-logs\n"
                        "  Queue:\n"
                        "    Type: AWS::SQS::Queue\n"
                        "    Properties:\n"
                        "      QueueName: !Sub '${Project}-jobs'\n"
                        "  Good:\n"
                        "    Type: AWS::SQS::Queue\n"
                        "    Properties:\n"
                        "      QueueName: !Sub '${Project}-${Environment}'\n"
                        "  Given:\n"
                        "    Type: AWS::SQS::Queue\n"
                        "    Properties:\n"
                        "      QueueName: !Ref Project\n"
                        "  Group:\n"
                        "    Type: AWS::Logs::LogGroup\n"
                        "    Properties:\n"
                        "      LogGroupName: !Sub '/aws/lambda/${Logs}'\n"
                        "      Tags: [{Key: Project, Value: !Ref Project}]\n";
    const sg_findings *f = analyze2("m.yaml", model, "ideal.yaml", ideal_yaml);
    assert_int_equal(count(f, "TPL-NAME-NO-SUFFIX"), 2);
    const sg_finding *x = about(f, "TPL-NAME-NO-SUFFIX", "Logs");
    expect(x, SG_CAT_NAMING, SG_SEV_MEDIUM, SG_KIND_INVALID, 8,
           "Fixed BucketName 'company-logs' without EnvironmentSuffix");
    assert_string_equal(x->path, "Properties.BucketName");
    assert_string_equal(x->ideal_id, "Logs");
    assert_string_equal(x->ideal.file, "ideal.yaml");
    assert_int_equal(x->ideal.line, 7); /* the ideal's BucketName */
    x = about(f, "TPL-NAME-NO-SUFFIX", "Queue");
    assert_int_equal(x->model.line, 12);
    assert_string_equal(x->title, "QueueName does not include EnvironmentSuffix");
    assert_int_equal(f->n, 2);
    /* no ideal: no naming checks */
    assert_int_equal(count(analyze("m.yaml", model), "TPL-NAME-NO-SUFFIX"), 0);
}

static void ideal_fixing_the_same_name_is_not_flagged(void **state)
{
    (void)state;
    const char *ideal = "Parameters:\n  EnvironmentSuffix: {Type: String}\n"
                        "Resources:\n"
                        "  Logs:\n"
                        "    Type: AWS::S3::Bucket\n"
                        "    Properties: {BucketName: !Sub 'l-${EnvironmentSuffix}'}\n"
                        "  Trail: {Type: AWS::CloudTrail::Trail, Properties: {TrailName: org}}\n";
    const char *model = "Parameters:\n  EnvironmentSuffix: {Type: String}\n"
                        "Resources:\n"
                        "  Logs:\n"
                        "    Type: AWS::S3::Bucket\n"
                        "    Properties: {BucketName: !Sub 'l-${EnvironmentSuffix}'}\n"
                        "  Trail: {Type: AWS::CloudTrail::Trail, Properties: {TrailName: org-trail}}\n"
                        "  Extra: {Type: AWS::CloudTrail::Trail, Properties: {TrailName: extra}}\n";
    /* the ideal fixes Trail's name too: only Extra, which it lacks, is reported */
    const sg_findings *f = analyze2("m.yaml", model, "i.yaml", ideal);
    const sg_finding *x = one(f, "TPL-NAME-NO-SUFFIX");
    assert_string_equal(x->model_id, "Extra");
    assert_null(x->ideal_id);
    assert_int_equal(x->model.line, 8);
    assert_int_equal(f->n, 1);
}

static void suffix_parameter_missing(void **state)
{
    (void)state;
    const sg_findings *f = analyze2("m.yaml",
                                    "Parameters:\n"
                                    "  Project: {Type: String}\n"
                                    "Resources:\n"
                                    "  Logs:\n"
                                    "    Type: AWS::S3::Bucket\n"
                                    "    Properties:\n"
                                    "      BucketName: !Sub '${Project}-logs'\n",
                                    "ideal.yaml", ideal_yaml);
    const sg_finding *x = one(f, "TPL-SUFFIX-PARAM-MISSING");
    expect(x, SG_CAT_NAMING, SG_SEV_HIGH, SG_KIND_INVALID, 1,
           "No environment-suffix parameter like 'EnvironmentSuffix'");
    assert_string_equal(x->ideal_id, "EnvironmentSuffix");
    assert_int_equal(x->ideal.line, 2);
    /* reported once, not once per name */
    assert_int_equal(count(f, "TPL-NAME-NO-SUFFIX"), 0);
    assert_int_equal(f->n, 1);
    /* an ideal without suffix-built names asks for nothing */
    f = analyze2("m.yaml", "Resources:\n  B: {Type: AWS::S3::Bucket, Properties: {BucketName: b}}\n",
                 "i.yaml",
                 "Parameters:\n  Env: {Type: String}\nResources:\n"
                 "  B: {Type: AWS::S3::Bucket, Properties: {Tags: [{Key: e, Value: !Ref Env}]}}\n");
    assert_clean(f);
}

/* ---- structure ------------------------------------------------------------------------------ */

static void truncated_template(void **state)
{
    (void)state;
    const char *md = "Here it is:\n\n```json\n{\n  \"Resources\": {\n    \"Q\": {\"Type\": \"T\"},\n"
                     "    \"R\": {\"Ty";
    const sg_findings *f = analyze("MODEL_RESPONSE.md", md);
    const sg_finding *x = one(f, "TPL-TRUNCATED");
    expect(x, SG_CAT_DEPLOYABILITY, SG_SEV_CRITICAL, SG_KIND_MISSING_SECTION, 7,
           "Template cut off at line 7");
    assert_string_equal(x->model.file, "MODEL_RESPONSE.md");
    /* the same template complete is not truncated */
    f = analyze("MODEL_RESPONSE.md",
                "Here it is:\n\n```json\n{\"Resources\": {\"Q\": {\"Type\": \"T\"}}}\n```\n");
    assert_clean(f);
}

static void no_resources(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.yaml", "AWSTemplateFormatVersion: '2010-09-09'\n"
                                             "Resources: {}\n");
    const sg_finding *x = one(f, "TPL-NO-RESOURCES");
    expect(x, SG_CAT_COMPLETENESS, SG_SEV_CRITICAL, SG_KIND_MISSING_SECTION, 2,
           "Resources section is empty");
    f = analyze("m.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nDescription: x\n");
    x = one(f, "TPL-NO-RESOURCES");
    assert_string_equal(x->title, "Template has no Resources section");
    assert_int_equal(x->model.line, 1);
}

static void unknown_section(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.yaml",
                                   "Resources:\n"
                                   "  A: {Type: T}\n"
                                   "Output:\n"
                                   "  X: {Value: !Ref Nope}\n");
    const sg_finding *x = one(f, "TPL-UNKNOWN-SECTION");
    expect(x, SG_CAT_DEPLOYABILITY, SG_SEV_HIGH, SG_KIND_INVALID, 3,
           "Unknown top-level section 'Output'");
    assert_string_equal(x->path, "Output");
    /* what an unknown section holds is not checked */
    assert_int_equal(f->n, 1);
}

static void malformed_intrinsics(void **state)
{
    (void)state;
    const sg_findings *f = analyze("m.json",
                                   "{\"Parameters\": {\"L\": {\"Type\": \"CommaDelimitedList\"}},\n"
                                   " \"Conditions\": {\"C\": {\"Fn::Equals\": [\"a\"]}},\n"
                                   " \"Resources\": {\n"
                                   "  \"A\": {\"Type\": \"T\", \"Properties\": {\n"
                                   "    \"P1\": {\"Fn::GetAtt\": [\"A\"]},\n"
                                   "    \"P2\": {\"Fn::Join\": [\",\"]},\n"
                                   "    \"P2b\": {\"Fn::Join\": [\",\", \"notalist\"]},\n"
                                   "    \"P3\": {\"Fn::Select\": [\"0\", {\"Ref\": \"L\"}]},\n"
                                   "    \"P4\": {\"Fn::If\": [{\"Fn::Equals\": [\"a\", \"b\"]}, 1, 2]},\n"
                                   "    \"P5\": {\"Fn::Ref\": \"L\"},\n"
                                   "    \"P6\": {\"Ref\": [\"L\"]},\n"
                                   "    \"P7\": {\"Fn::FindInMap\": [\"M\", \"k\"]},\n"
                                   "    \"P8\": {\"Fn::Sub\": [\"x\", \"y\"]},\n"
                                   "    \"P9\": {\"Fn::GetAtt\": \"NoDot\"}\n"
                                   "  }}}}\n");
    assert_int_equal(count(f, "TPL-INTRINSIC-MALFORMED"), 8);
    const sg_finding *x = about(f, "TPL-INTRINSIC-MALFORMED", "C");
    expect(x, SG_CAT_DEPLOYABILITY, SG_SEV_HIGH, SG_KIND_INVALID, 2,
           "Malformed Fn::Equals: expects [value1, value2]");
    const char *want[][2] = {
        {"Properties.P1", "Malformed Fn::GetAtt: expects [LogicalId, Attribute]"},
        {"Properties.P2", "Malformed Fn::Join: expects [delimiter, [values]]"},
        {"Properties.P4", "Malformed Fn::If: expects [ConditionName, ValueIfTrue, ValueIfFalse]"},
        {"Properties.P5", "Unknown intrinsic function 'Fn::Ref'"},
        {"Properties.P6", "Malformed Ref: expects the name of a parameter or resource"},
        {"Properties.P7", "Malformed Fn::FindInMap: expects [MapName, TopLevelKey, SecondLevelKey]"},
        {"Properties.P8", "Malformed Fn::Sub: expects a string or [string, {variables}]"},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        bool found = false;
        for (size_t i = 0; i < f->n && !found; i++)
            found = f->v[i].path && strcmp(f->v[i].path, want[k][0]) == 0 &&
                    strcmp(f->v[i].title, want[k][1]) == 0;
        if (!found)
            fail_msg("missing: %s %s", want[k][0], want[k][1]);
    }
    /* P2 and P2b, P1 and P9: two malformed uses each, merged and counted */
    for (size_t i = 0; i < f->n; i++)
        if (f->v[i].path && (strcmp(f->v[i].path, "Properties.P1") == 0 ||
                             strcmp(f->v[i].path, "Properties.P2") == 0))
            assert_non_null(strstr(f->v[i].message, "Seen 2 times"));
    /* Fn::Select over a Ref list is well-formed */
    for (size_t i = 0; i < f->n; i++)
        assert_true(!f->v[i].path || strcmp(f->v[i].path, "Properties.P3") != 0);
}

static void deterministic(void **state)
{
    (void)state;
    const char *text = "Parameters: {P: {Type: String}, Q: {Type: String}}\n"
                       "Resources:\n"
                       "  A: {Type: T, DependsOn: [B, X], Properties: {N: !Ref Y, Z: us-east-1}}\n"
                       "  B: {Type: T, DependsOn: [A], Properties: {N: !Sub '${W}', Z: ami-12345678}}\n";
    const sg_findings *f = analyze("m.yaml", text);
    size_t n = f->n;
    char **titles = malloc(n * sizeof *titles);
    for (size_t i = 0; i < n; i++)
        titles[i] = strdup(f->v[i].title);
    f = analyze("m.yaml", text);
    assert_int_equal(f->n, n);
    assert_true(n >= 7);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(f->v[i].title, titles[i]);
        free(titles[i]);
    }
    free(titles);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clean_template_has_no_findings),
        cmocka_unit_test(clean_json_template_has_no_findings),
        cmocka_unit_test(ref_missing),
        cmocka_unit_test(ref_missing_json_and_outputs),
        cmocka_unit_test(condition_may_ref_parameters_only),
        cmocka_unit_test(getatt_missing),
        cmocka_unit_test(sub_missing),
        cmocka_unit_test(dependson_missing),
        cmocka_unit_test(condition_missing),
        cmocka_unit_test(repeated_problem_is_merged_with_count),
        cmocka_unit_test(serverless_generated_names),
        cmocka_unit_test(cycle_of_three),
        cmocka_unit_test(cycle_via_sub_and_self_reference),
        cmocka_unit_test(larger_component_lists_members),
        cmocka_unit_test(ten_thousand_resources_fast),
        cmocka_unit_test(unused_parameter),
        cmocka_unit_test(hardcoded_account),
        cmocka_unit_test(hardcoded_region),
        cmocka_unit_test(hardcoded_az),
        cmocka_unit_test(hardcoded_ami),
        cmocka_unit_test(hardcoded_arn),
        cmocka_unit_test(name_without_suffix),
        cmocka_unit_test(ideal_fixing_the_same_name_is_not_flagged),
        cmocka_unit_test(suffix_parameter_missing),
        cmocka_unit_test(truncated_template),
        cmocka_unit_test(no_resources),
        cmocka_unit_test(unknown_section),
        cmocka_unit_test(malformed_intrinsics),
        cmocka_unit_test(deterministic),
    };
    int rc = cmocka_run_group_tests(tests, arena_setup, arena_teardown);
    sg_findings_free(&F);
    return rc;
}
