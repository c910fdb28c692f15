/* test_match.c - pairing resources: ids, CDK suffixes, renames. */
#include "testutil.h"


static const sg_entry *only_resource(const sg_diff *d, const char *id)
{
    const sg_entry *x = find_entry(d, SG_SEC_RESOURCES, id);
    assert_non_null(x);
    return x;
}

static void renamed_bucket_is_one_entry(void **state)
{
    (void)state;
    sg_diff d = diff_text(A, "a.yaml",
                          "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                          "      BucketName: logs\n      VersioningConfiguration: {Status: Enabled}\n"
                          "  Topic:\n    Type: AWS::SNS::Topic\n",
                          "b.yaml",
                          "Resources:\n  AccessLogs:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                          "      BucketName: logs\n      VersioningConfiguration: {Status: Suspended}\n"
                          "  Topic:\n    Type: AWS::SNS::Topic\n");
    assert_int_equal(d.res_counts[SG_RENAMED], 1);
    assert_int_equal(d.res_counts[SG_ADDED], 0);
    assert_int_equal(d.res_counts[SG_REMOVED], 0);
    const sg_entry *x = only_resource(&d, "AccessLogs");
    assert_int_equal(x->status, SG_RENAMED);
    assert_string_equal(x->old_id, "Logs");
    assert_string_equal(x->match, "rename");
    assert_true(x->similarity > 0.3 && x->similarity < 1.0);
    assert_int_equal(x->nchanges, 1);
    assert_string_equal(change_str(A, x, 0), "changed Properties.VersioningConfiguration.Status");
}

static void different_types_never_pair(void **state)
{
    (void)state;
    sg_diff d = diff_text(A, "a.yaml", "Resources:\n  A:\n    Type: AWS::SNS::Topic\n",
                          "b.yaml", "Resources:\n  B:\n    Type: AWS::SQS::Queue\n");
    assert_int_equal(d.res_counts[SG_ADDED], 1);
    assert_int_equal(d.res_counts[SG_REMOVED], 1);
    assert_int_equal(d.res_counts[SG_RENAMED], 0);
}

static void best_pairs_win_among_many(void **state)
{
    (void)state;
    const char *old =
        "Resources:\n"
        "  Q1: {Type: AWS::SQS::Queue, Properties: {QueueName: orders, VisibilityTimeout: 30, DelaySeconds: 0}}\n"
        "  Q2: {Type: AWS::SQS::Queue, Properties: {QueueName: invoices, VisibilityTimeout: 60, DelaySeconds: 5}}\n";
    const char *new =
        "Resources:\n"
        "  InvoiceQueue: {Type: AWS::SQS::Queue, Properties: {QueueName: invoices, VisibilityTimeout: 60, DelaySeconds: 5}}\n"
        "  OrderQueue: {Type: AWS::SQS::Queue, Properties: {QueueName: orders, VisibilityTimeout: 30, DelaySeconds: 0}}\n";
    sg_diff d = diff_text(A, "a.yaml", old, "b.yaml", new);
    assert_int_equal(d.res_counts[SG_RENAMED], 2);
    assert_string_equal(only_resource(&d, "OrderQueue")->old_id, "Q1");
    assert_string_equal(only_resource(&d, "InvoiceQueue")->old_id, "Q2");
}

static void dissimilar_resources_of_one_type_stay_apart(void **state)
{
    (void)state;
    /* two candidates per side and nothing in common: no rename */
    sg_diff d = diff_text(A, "a.yaml",
                          "Resources:\n"
                          "  A1: {Type: AWS::SQS::Queue, Properties: {QueueName: a, DelaySeconds: 1}}\n"
                          "  A2: {Type: AWS::SQS::Queue, Properties: {QueueName: b, DelaySeconds: 2}}\n",
                          "b.yaml",
                          "Resources:\n"
                          "  Zed: {Type: AWS::SQS::Queue, Properties: {FifoQueue: true, MessageRetentionPeriod: 60}}\n"
                          "  Yon: {Type: AWS::SQS::Queue, Properties: {KmsMasterKeyId: k, ReceiveMessageWaitTimeSeconds: 20}}\n");
    assert_int_equal(d.res_counts[SG_RENAMED], 0);
    assert_int_equal(d.res_counts[SG_ADDED], 2);
    assert_int_equal(d.res_counts[SG_REMOVED], 2);
}

static void cdk_suffix_ignored(void **state)
{
    (void)state;
    sg_diff d = diff_text(A, "a.json",
                          "{\"Resources\": {\"DataBucketE3889A50\": {\"Type\": \"AWS::S3::Bucket\"},"
                          " \"Fn\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"B\": {\"Ref\": \"DataBucketE3889A50\"}}}}}",
                          "b.json",
                          "{\"Resources\": {\"DataBucket7C1F0B12\": {\"Type\": \"AWS::S3::Bucket\"},"
                          " \"Fn\": {\"Type\": \"AWS::Lambda::Function\", \"Properties\": {\"B\": {\"Ref\": \"DataBucket7C1F0B12\"}}}}}");
    const sg_entry *x = only_resource(&d, "DataBucket7C1F0B12");
    assert_string_equal(x->match, "cdk-suffix");
    assert_string_equal(x->old_id, "DataBucketE3889A50");
    assert_int_equal(x->status, SG_UNCHANGED);
    /* the Ref to it follows the pairing: no change in Fn */
    assert_int_equal(only_resource(&d, "Fn")->status, SG_UNCHANGED);
    assert_true(sg_diff_equivalent(&d));
}

static void similarity_measure(void **state)
{
    (void)state;
    sg_template a = load_text(A, "a.yaml", "Resources: {R: {Type: T, Properties: {A: 1, B: 2, C: 3}}}\n");
    sg_template b = load_text(A, "b.yaml", "Resources: {R: {Type: T, Properties: {A: 1, B: 2, C: 4}}}\n");
    sg_template c = load_text(A, "c.yaml", "Resources: {R: {Type: T, Properties: {X: 9}}}\n");
    double same = sg_resource_similarity(a.resources[0].body, a.resources[0].body);
    double close = sg_resource_similarity(a.resources[0].body, b.resources[0].body);
    double far = sg_resource_similarity(a.resources[0].body, c.resources[0].body);
    assert_true(same == 1.0);
    assert_true(close > 0.3 && close < 1.0);
    assert_true(far < 0.01);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(renamed_bucket_is_one_entry),
        cmocka_unit_test(different_types_never_pair),
        cmocka_unit_test(best_pairs_win_among_many),
        cmocka_unit_test(dissimilar_resources_of_one_type_stay_apart),
        cmocka_unit_test(cdk_suffix_ignored),
        cmocka_unit_test(similarity_measure),
    };
    return cmocka_run_group_tests(tests, arena_setup, arena_teardown);
}
