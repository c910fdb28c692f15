/* test_diff.c - entries, change paths, list matching, sections, lines. */
#include "testutil.h"


static void equivalent_templates(void **state)
{
    (void)state;
    sg_diff d = diff_text(A, "a.yaml",
                          "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n"
                          "    Properties:\n      Tags: [{Key: a, Value: 1}, {Key: b, Value: !Ref X}]\n",
                          "b.json",
                          "{\"Resources\": {\"B\": {\"Properties\": {\"Tags\": [{\"Value\": {\"Ref\": \"X\"}, \"Key\": \"b\"},"
                          " {\"Key\": \"a\", \"Value\": \"1\"}]}, \"Type\": \"AWS::S3::Bucket\"}},"
                          " \"AWSTemplateFormatVersion\": \"2010-09-09\"}");
    assert_true(sg_diff_equivalent(&d));
    assert_int_equal(d.res_counts[SG_UNCHANGED], 1);
}

static void property_paths_and_lines(void **state)
{
    (void)state;
    sg_diff d = diff_text(A, "a.yaml",
                          "Resources:\n"
                          "  B:\n"
                          "    Type: AWS::S3::Bucket\n"
                          "    Properties:\n"
                          "      BucketEncryption:\n"
                          "        ServerSideEncryptionConfiguration:\n"
                          "          - ServerSideEncryptionByDefault:\n"
                          "              SSEAlgorithm: AES256\n",
                          "b.yaml",
                          "Resources:\n"
                          "  B:\n"
                          "    Type: AWS::S3::Bucket\n"
                          "    DeletionPolicy: Retain\n"
                          "    Properties:\n"
                          "      BucketEncryption:\n"
                          "        ServerSideEncryptionConfiguration:\n"
                          "          - ServerSideEncryptionByDefault:\n"
                          "              SSEAlgorithm: aws:kms\n");
    const sg_entry *x = find_entry(&d, SG_SEC_RESOURCES, "B");
    assert_int_equal(x->status, SG_MODIFIED);
    assert_int_equal(x->nchanges, 2);
    assert_string_equal(change_str(A, x, 0), "added DeletionPolicy");
    assert_string_equal(change_str(A, x, 1),
                        "changed Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]."
                        "ServerSideEncryptionByDefault.SSEAlgorithm");
    assert_int_equal(x->changes[1].old->line, 8);
    assert_int_equal(x->changes[1].new->line, 9);
    assert_string_equal(x->changes[1].old->u.str, "AES256");
    assert_string_equal(x->changes[1].new->u.str, "aws:kms");
}

static void lists_by_identity(void **state)
{
    (void)state;
    sg_diff d = diff_text(A, "a.yaml",
                          "Resources:\n  B:\n    Type: T\n    Properties:\n"
                          "      Tags: [{Key: Env, Value: dev}, {Key: Team, Value: x}, {Key: Old, Value: y}]\n",
                          "b.yaml",
                          "Resources:\n  B:\n    Type: T\n    Properties:\n"
                          "      Tags: [{Key: New, Value: z}, {Key: Team, Value: x}, {Key: Env, Value: prod}]\n");
    const sg_entry *x = find_entry(&d, SG_SEC_RESOURCES, "B");
    assert_int_equal(x->nchanges, 3);
    assert_string_equal(change_str(A, x, 0), "changed Properties.Tags[Key=Env].Value");
    assert_string_equal(change_str(A, x, 1), "removed Properties.Tags[Key=Old]");
    assert_string_equal(change_str(A, x, 2), "added Properties.Tags[Key=New]");
}

static void lists_by_content(void **state)
{
    (void)state;
    /* security-group rules have no identity key: equal rules pair, in any order */
    sg_diff d = diff_text(A, "a.yaml",
                          "Resources:\n  G:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n"
                          "        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}\n"
                          "        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}\n",
                          "b.yaml",
                          "Resources:\n  G:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      SecurityGroupIngress:\n"
                          "        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 10.0.0.0/8}\n"
                          "        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}\n");
    const sg_entry *x = find_entry(&d, SG_SEC_RESOURCES, "G");
    assert_int_equal(x->nchanges, 1);
    assert_int_equal(x->changes[0].op, SG_OP_CHANGE);
    const char *path = change_str(A, x, 0);
    assert_non_null(strstr(path, "SecurityGroupIngress["));
    assert_non_null(strstr(path, "].CidrIp"));
    assert_string_equal(x->changes[0].new->u.str, "10.0.0.0/8");
}

static void scalar_list_changes(void **state)
{
    (void)state;
    sg_diff d = diff_text(A, "a.yaml", "Resources:\n  F:\n    Type: T\n    Properties: {SubnetIds: [a, b, c]}\n",
                          "b.yaml", "Resources:\n  F:\n    Type: T\n    Properties: {SubnetIds: [c, d, a]}\n");
    const sg_entry *x = find_entry(&d, SG_SEC_RESOURCES, "F");
    assert_int_equal(x->nchanges, 2);
    assert_int_equal(x->changes[0].op, SG_OP_REMOVE);
    assert_string_equal(x->changes[0].old->u.str, "b");
    assert_int_equal(x->changes[1].op, SG_OP_ADD);
    assert_string_equal(x->changes[1].new->u.str, "d");
}

static void intrinsics_reported_whole(void **state)
{
    (void)state;
    sg_diff d = diff_text(A, "a.yaml", "Resources:\n  F:\n    Type: T\n    Properties: {Name: !Sub '${Env}-a'}\n",
                          "b.yaml", "Resources:\n  F:\n    Type: T\n    Properties: {Name: !Sub '${Env}-b'}\n");
    const sg_entry *x = find_entry(&d, SG_SEC_RESOURCES, "F");
    assert_int_equal(x->nchanges, 1);
    assert_string_equal(change_str(A, x, 0), "changed Properties.Name");
    assert_string_equal(sg_node_intrinsic(x->changes[0].old), "Fn::Sub");
}

static void every_section(void **state)
{
    (void)state;
    sg_diff d = diff_text(A, "a.yaml",
                          "AWSTemplateFormatVersion: '2010-09-09'\nDescription: old\nTransform: AWS::Serverless-2016-10-31\n"
                          "Metadata: {Note: {a: 1}}\nParameters: {Env: {Type: String}, Gone: {Type: String}}\n"
                          "Rules: {R1: {Assertions: [{Assert: !Equals [a, a]}]}}\n"
                          "Mappings: {M: {us-east-1: {Ami: ami-1}}}\nConditions: {IsProd: !Equals [!Ref Env, prod]}\n"
                          "Resources: {Q: {Type: AWS::SQS::Queue}}\nOutputs: {Url: {Value: !Ref Q}}\n",
                          "b.yaml",
                          "AWSTemplateFormatVersion: '2010-09-09'\nDescription: new\n"
                          "Metadata: {Note: {a: 2}}\nParameters: {Env: {Type: String, Default: dev}}\n"
                          "Rules: {R1: {Assertions: [{Assert: !Equals [a, b]}]}}\n"
                          "Mappings: {M: {us-east-1: {Ami: ami-2}}}\nConditions: {IsProd: !Equals [!Ref Env, production]}\n"
                          "Resources: {Q: {Type: AWS::SQS::Queue}}\nOutputs: {Url: {Value: !GetAtt Q.Arn}, Arn: {Value: x}}\n");
    assert_int_equal(find_entry(&d, SG_SEC_PARAMETERS, "Env")->status, SG_MODIFIED);
    assert_int_equal(find_entry(&d, SG_SEC_PARAMETERS, "Gone")->status, SG_REMOVED);
    assert_int_equal(find_entry(&d, SG_SEC_OUTPUTS, "Arn")->status, SG_ADDED);
    assert_int_equal(find_entry(&d, SG_SEC_OUTPUTS, "Url")->status, SG_MODIFIED);
    assert_int_equal(find_entry(&d, SG_SEC_MAPPINGS, "M")->status, SG_MODIFIED);
    assert_string_equal(change_str(A, find_entry(&d, SG_SEC_MAPPINGS, "M"), 0), "changed us-east-1.Ami");
    assert_int_equal(find_entry(&d, SG_SEC_CONDITIONS, "IsProd")->status, SG_MODIFIED);
    assert_int_equal(find_entry(&d, SG_SEC_RULES, "R1")->status, SG_MODIFIED);
    assert_int_equal(find_entry(&d, SG_SEC_METADATA, "Note")->status, SG_MODIFIED);
    assert_int_equal(find_entry(&d, SG_SEC_RESOURCES, "Q")->status, SG_UNCHANGED);
    int seen_desc = 0, seen_transform = 0, seen_version = 0;
    for (size_t i = 0; i < d.nentries; i++) {
        const sg_entry *x = &d.entries[i];
        if (x->section == SG_SEC_DESCRIPTION)
            seen_desc = x->status == SG_MODIFIED;
        if (x->section == SG_SEC_TRANSFORM)
            seen_transform = x->status == SG_REMOVED;
        if (x->section == SG_SEC_FORMAT_VERSION)
            seen_version = x->status == SG_UNCHANGED;
    }
    assert_true(seen_desc && seen_transform && seen_version);
    /* entries come in template section order */
    for (size_t i = 1; i < d.nentries; i++)
        assert_true(d.entries[i - 1].section <= d.entries[i].section);
}

static void resource_attributes(void **state)
{
    (void)state;
    sg_diff d = diff_text(A, "a.yaml",
                          "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    DependsOn: [A, B]\n    Condition: IsProd\n"
                          "    UpdateReplacePolicy: Delete\n    Metadata: {x: 1}\n",
                          "b.yaml",
                          "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    DependsOn: [B, C]\n"
                          "    UpdateReplacePolicy: Retain\n    DeletionPolicy: Retain\n    Metadata: {x: 2}\n");
    const sg_entry *x = find_entry(&d, SG_SEC_RESOURCES, "T");
    const char *want[] = {"removed Condition", "added DeletionPolicy", "removed DependsOn[0]",
                          "added DependsOn[1]", "changed Metadata.x", "changed UpdateReplacePolicy"};
    assert_int_equal(x->nchanges, 6);
    for (size_t k = 0; k < 6; k++)
        assert_string_equal(change_str(A, x, k), want[k]);
}

static void type_change_on_same_id(void **state)
{
    (void)state;
    sg_diff d = diff_text(A, "a.yaml", "Resources:\n  X:\n    Type: AWS::SNS::Topic\n",
                          "b.yaml", "Resources:\n  X:\n    Type: AWS::SQS::Queue\n");
    const sg_entry *x = find_entry(&d, SG_SEC_RESOURCES, "X");
    assert_int_equal(x->status, SG_MODIFIED);
    assert_string_equal(x->old_type, "AWS::SNS::Topic");
    assert_string_equal(x->new_type, "AWS::SQS::Queue");
    assert_string_equal(change_str(A, x, 0), "changed Type");
}

static void deterministic(void **state)
{
    (void)state;
    const char *o = "Resources: {A: {Type: T, Properties: {X: [3, 1, 2], Y: {b: 1, a: 2}}}, B: {Type: U}}\n";
    const char *n = "Resources: {A: {Type: T, Properties: {X: [1, 4], Y: {a: 3}}}, C: {Type: U, Properties: {Z: 1}}}\n";
    sg_strbuf b1 = SG_STRBUF_INIT, b2 = SG_STRBUF_INIT;
    sg_diff d1 = diff_text(A, "a.yaml", o, "b.yaml", n);
    sg_diff d2 = diff_text(A, "a.yaml", o, "b.yaml", n);
    sg_render_diff_json(&b1, &d1);
    sg_render_diff_json(&b2, &d2);
    assert_string_equal(b1.data, b2.data);
    sg_strbuf_free(&b1);
    sg_strbuf_free(&b2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(equivalent_templates),
        cmocka_unit_test(property_paths_and_lines),
        cmocka_unit_test(lists_by_identity),
        cmocka_unit_test(lists_by_content),
        cmocka_unit_test(scalar_list_changes),
        cmocka_unit_test(intrinsics_reported_whole),
        cmocka_unit_test(every_section),
        cmocka_unit_test(resource_attributes),
        cmocka_unit_test(type_change_on_same_id),
        cmocka_unit_test(deterministic),
    };
    return cmocka_run_group_tests(tests, arena_setup, arena_teardown);
}
