/* test_normalize.c - every normalization rule: two spellings CloudFormation
 * treats alike normalize to the same tree; spellings it does not, do not. */
#include "testutil.h"


#define RES(body) "{\"Resources\": {\"R\": " body "}}"

static void assert_same(const char *n1, const char *t1, const char *n2, const char *t2)
{
    const char *a = canonical(A, n1, t1), *b = canonical(A, n2, t2);
    if (strcmp(a, b) != 0)
        fail_msg("expected the same canonical form:\n  %s\n  %s", a, b);
}

static void assert_differ(const char *n1, const char *t1, const char *n2, const char *t2)
{
    const char *a = canonical(A, n1, t1), *b = canonical(A, n2, t2);
    if (strcmp(a, b) == 0)
        fail_msg("expected different canonical forms, both are %s", a);
}

static void key_order(void **state)
{
    (void)state;
    assert_same("a.json", RES("{\"Type\": \"T\", \"Properties\": {\"B\": 1, \"A\": 2}}"),
                "b.json", RES("{\"Properties\": {\"A\": 2, \"B\": 1}, \"Type\": \"T\"}"));
    assert_string_equal(canonical(A, "a.json", "{\"Resources\": {}, \"Description\": \"d\"}"),
                        "{\"Description\":\"d\",\"Resources\":{}}");
}

static void scalar_spellings(void **state)
{
    (void)state;
    assert_same("a.yaml", "Resources:\n  R:\n    Type: T\n    Properties: {A: true, B: 5, C: +7, D: 007}\n",
                "b.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": \"true\", \"B\": \"5\", \"C\": 7, \"D\": \"7\"}}"));
    assert_differ("a.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": 5}}"),
                  "b.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": 6}}"));
    /* a quoted "007" is a string CloudFormation passes on as is */
    assert_differ("a.yaml", "Resources:\n  R:\n    Type: T\n    Properties: {A: 5}\n",
                  "b.yaml", "Resources:\n  R:\n    Type: T\n    Properties: {A: '05'}\n");
}

static void short_and_long_intrinsics(void **state)
{
    (void)state;
    assert_same("a.yaml",
                "Resources:\n  R:\n    Type: T\n    Properties:\n      A: !Ref X\n      B: !GetAtt Y.Arn\n"
                "      C: !Select [0, !GetAZs '']\n      D: !If [Cond, !Ref X, !Ref 'AWS::NoValue']\n",
                "b.json",
                RES("{\"Type\": \"T\", \"Properties\": {\"A\": {\"Ref\": \"X\"}, \"B\": {\"Fn::GetAtt\": [\"Y\", \"Arn\"]},"
                    " \"C\": {\"Fn::Select\": [\"0\", {\"Fn::GetAZs\": \"\"}]},"
                    " \"D\": {\"Fn::If\": [\"Cond\", {\"Ref\": \"X\"}, {\"Ref\": \"AWS::NoValue\"}]}}}"));
}

static void getatt_string_form(void **state)
{
    (void)state;
    assert_same("a.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": {\"Fn::GetAtt\": \"Db.Endpoint.Address\"}}}"),
                "b.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": {\"Fn::GetAtt\": [\"Db\", \"Endpoint.Address\"]}}}"));
}

static void sub_without_variables(void **state)
{
    (void)state;
    assert_same("a.yaml", "Resources:\n  R:\n    Type: T\n    Properties: {A: !Sub 'plain-name', B: !Sub 'literal-${!NotAVar}'}\n",
                "b.yaml", "Resources:\n  R:\n    Type: T\n    Properties: {A: plain-name, B: 'literal-${NotAVar}'}\n");
    assert_same("a.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": {\"Fn::Sub\": [\"x-${Env}\", {}]}}}"),
                "b.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": {\"Fn::Sub\": \"x-${Env}\"}}}"));
    /* a Sub with a variable is not a plain string */
    assert_differ("a.yaml", "Resources:\n  R:\n    Type: T\n    Properties: {A: !Sub 'x-${Env}'}\n",
                  "b.yaml", "Resources:\n  R:\n    Type: T\n    Properties: {A: 'x-${Env}'}\n");
}

static void join_with_empty_delimiter_is_sub(void **state)
{
    (void)state;
    assert_same("a.json",
                RES("{\"Type\": \"T\", \"Properties\": {\"A\": {\"Fn::Join\": [\"\", [\"arn:\", {\"Ref\": \"AWS::Partition\"}, \":s3:::\", {\"Ref\": \"B\"}, \"/${x}\", {\"Fn::GetAtt\": [\"K\", \"Arn\"]}]]}}}"),
                "b.yaml", "Resources:\n  R:\n    Type: T\n    Properties:\n      A: !Sub 'arn:${AWS::Partition}:s3:::${B}/${!x}${K.Arn}'\n");
    /* all-literal Join collapses to the plain string */
    assert_same("a.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": {\"Fn::Join\": [\"\", [\"a\", \"b\"]]}}}"),
                "b.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": \"ab\"}}"));
    /* other delimiters and non-text parts stay a Join */
    assert_differ("a.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": {\"Fn::Join\": [\",\", [\"a\", \"b\"]]}}}"),
                  "b.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": \"a,b\"}}"));
    const char *c = canonical(A, "a.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": {\"Fn::Join\": [\"\", [\"a\", {\"Fn::Select\": [0, [\"x\"]]}]]}}}"));
    assert_non_null(strstr(c, "Fn::Join"));
}

static void depends_on_forms(void **state)
{
    (void)state;
    assert_same("a.yaml", "Resources:\n  R:\n    Type: T\n    DependsOn: A\n",
                "b.yaml", "Resources:\n  R:\n    Type: T\n    DependsOn: [A]\n");
    assert_same("a.yaml", "Resources:\n  R:\n    Type: T\n    DependsOn: [B, A, B]\n",
                "b.yaml", "Resources:\n  R:\n    Type: T\n    DependsOn: [A, B]\n");
}

static void iam_statement_forms(void **state)
{
    (void)state;
    assert_same("a.yaml",
                "Resources:\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n"
                "        Statement:\n          Effect: Allow\n          Action: s3:GetObject\n          Resource: '*'\n"
                "          Principal: {Service: lambda.amazonaws.com}\n",
                "b.yaml",
                "Resources:\n  R:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n"
                "        Statement:\n          - Effect: Allow\n            Action: [s3:GetObject]\n            Resource: ['*']\n"
                "            Principal: {Service: [lambda.amazonaws.com]}\n");
    assert_same("a.yaml",
                "Resources:\n  R:\n    Type: P\n    Properties:\n      D:\n        Statement:\n"
                "          - {Effect: Allow, Action: [s3:PutObject, s3:GetObject, s3:GetObject], Resource: '*'}\n",
                "b.yaml",
                "Resources:\n  R:\n    Type: P\n    Properties:\n      D:\n        Statement:\n"
                "          - {Effect: Allow, Action: [s3:GetObject, s3:PutObject], Resource: '*'}\n");
    /* NotAction is not Action */
    assert_differ("a.yaml", "Resources:\n  R:\n    Type: P\n    Properties: {D: {Statement: [{Effect: Allow, Action: x}]}}\n",
                  "b.yaml", "Resources:\n  R:\n    Type: P\n    Properties: {D: {Statement: [{Effect: Allow, NotAction: x}]}}\n");
}

static void unordered_lists_sorted_ordered_kept(void **state)
{
    (void)state;
    assert_same("a.yaml", "Resources:\n  R:\n    Type: T\n    Properties:\n      Tags: [{Key: b, Value: 2}, {Key: a, Value: 1}]\n",
                "b.yaml", "Resources:\n  R:\n    Type: T\n    Properties:\n      Tags: [{Key: a, Value: 1}, {Key: b, Value: 2}]\n");
    /* container commands run in order */
    assert_differ("a.yaml", "Resources:\n  R:\n    Type: T\n    Properties: {Command: [sh, -c]}\n",
                  "b.yaml", "Resources:\n  R:\n    Type: T\n    Properties: {Command: [-c, sh]}\n");
    /* intrinsic arguments keep their order, including the list of Fn::Join parts */
    assert_differ("a.yaml", "Resources:\n  R:\n    Type: T\n    Properties: {A: !Join [',', [a, b]]}\n",
                  "b.yaml", "Resources:\n  R:\n    Type: T\n    Properties: {A: !Join [',', [b, a]]}\n");
    assert_differ("a.yaml", "Resources:\n  R:\n    Type: T\n    Properties: {A: !Select [0, [a, b]]}\n",
                  "b.yaml", "Resources:\n  R:\n    Type: T\n    Properties: {A: !Select [0, [b, a]]}\n");
}

static void cdk_metadata_dropped(void **state)
{
    (void)state;
    assert_same("a.json",
                "{\"Resources\": {\"CDKMetadata\": {\"Type\": \"AWS::CDK::Metadata\", \"Properties\": {\"Analytics\": \"v2\"}},"
                " \"B\": {\"Type\": \"AWS::S3::Bucket\", \"Metadata\": {\"aws:cdk:path\": \"Stack/B/Resource\"}}}}",
                "b.json", "{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}");
    /* other metadata stays */
    assert_differ("a.json", "{\"Resources\": {\"B\": {\"Type\": \"T\", \"Metadata\": {\"cfn_nag\": 1}}}}",
                  "b.json", "{\"Resources\": {\"B\": {\"Type\": \"T\"}}}");
}

static void duplicate_keys_last_wins(void **state)
{
    (void)state;
    assert_same("a.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": 1, \"A\": 2}}"),
                "b.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": 2}}"));
}

static void cdk_suffix(void **state)
{
    (void)state;
    assert_int_equal(sg_cdk_suffix_len("MyBucketF68F3FF0"), 8);
    assert_int_equal(sg_cdk_suffix_len("F68F3FF0"), 0);         /* nothing left */
    assert_int_equal(sg_cdk_suffix_len("MyBucketf68f3ff0"), 0); /* CDK uses upper case */
    assert_int_equal(sg_cdk_suffix_len("Table12345678"), 0);    /* digits only: a name */
    assert_int_equal(sg_cdk_suffix_len("Bucket"), 0);
}

static void positions_survive(void **state)
{
    (void)state;
    sg_template t = load_text(A, "a.yaml", "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: x\n");
    const sg_resource *r = sg_template_resource(&t, "Bucket");
    assert_non_null(r);
    assert_int_equal(r->key->line, 2);
    assert_int_equal(r->key->col, 3);
    const sg_node *name = sg_map_get(sg_map_get(r->body, "Properties"), "BucketName");
    assert_int_equal(name->line, 5);
    assert_int_equal(name->col, 19);
}

static void hashes_and_compare(void **state)
{
    (void)state;
    sg_template a = load_text(A, "a.yaml", "Resources: {R: {Type: T, Properties: {A: [1, 2]}}}\n");
    sg_template b = load_text(A, "b.json", RES("{\"Type\": \"T\", \"Properties\": {\"A\": [\"2\", \"1\"]}}"));
    assert_true(a.root->hash != 0);
    assert_true(a.root->hash == b.root->hash);
    assert_int_equal(sg_node_compare(a.root, b.root), 0);
    assert_true(sg_node_equal(a.root, b.root));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(key_order),
        cmocka_unit_test(scalar_spellings),
        cmocka_unit_test(short_and_long_intrinsics),
        cmocka_unit_test(getatt_string_form),
        cmocka_unit_test(sub_without_variables),
        cmocka_unit_test(join_with_empty_delimiter_is_sub),
        cmocka_unit_test(depends_on_forms),
        cmocka_unit_test(iam_statement_forms),
        cmocka_unit_test(unordered_lists_sorted_ordered_kept),
        cmocka_unit_test(cdk_metadata_dropped),
        cmocka_unit_test(duplicate_keys_last_wins),
        cmocka_unit_test(cdk_suffix),
        cmocka_unit_test(positions_survive),
        cmocka_unit_test(hashes_and_compare),
    };
    return cmocka_run_group_tests(tests, arena_setup, arena_teardown);
}
