/* test_spec.c - the distilled CloudFormation spec: parsing (embedded and small files),
 * lookups of types, properties, nested property types and attributes, doc links,
 * "did you mean", and positioned errors for bad files. */
#include "testutil.h"

#include <stdlib.h>

#include "stackgap/analyze.h"
#include "stackgap/spec.h"

#define S(x) x, strlen(x)

static const sg_spec_type *res(const char *name)
{
    return sg_spec_resource(sg_spec_active(), S(name));
}

static void embedded_resource_and_properties(void **state)
{
    (void)state;
    const sg_spec *sp = sg_spec_active();
    assert_ptr_equal(sp, sg_spec_embedded());
    const sg_spec_type *b = res("AWS::S3::Bucket");
    assert_non_null(b);
    assert_null(res("AWS::S3::Buckets"));
    assert_null(res("AWS::S3::Bucke"));
    assert_null(res(""));

    sg_spec_prop p;
    assert_true(sg_spec_property(sp, b, S("BucketName"), &p));
    assert_false(p.required);
    assert_int_equal(p.update, SG_UPDATE_IMMUTABLE);
    assert_int_equal(p.shape.kind, SG_SPEC_STRING);
    assert_true(sg_spec_property(sp, b, S("VersioningConfiguration"), &p));
    assert_int_equal(p.update, SG_UPDATE_MUTABLE);
    assert_int_equal(p.shape.kind, SG_SPEC_STRUCT);
    assert_memory_equal(p.shape.type, "VersioningConfiguration", p.shape.type_len);
    assert_false(sg_spec_property(sp, b, S("bucketName"), &p)); /* names are case-sensitive */

    /* Required, list of structs, conditional update. */
    const sg_spec_type *db = res("AWS::RDS::DBInstance");
    assert_non_null(db);
    assert_true(sg_spec_property(sp, res("AWS::Lambda::Function"), S("Code"), &p));
    assert_true(p.required);
    assert_true(sg_spec_property(sp, db, S("DBInstanceIdentifier"), &p));
    assert_int_equal(p.update, SG_UPDATE_IMMUTABLE);
    assert_true(sg_spec_property(sp, db, S("Engine"), &p));
    assert_int_equal(p.update, SG_UPDATE_CONDITIONAL);
    const sg_spec_type *fn = res("AWS::Lambda::Function");
    assert_true(sg_spec_property(sp, fn, S("Layers"), &p));
    assert_int_equal(p.shape.kind, SG_SPEC_LIST);
    assert_int_equal(p.shape.item, SG_SPEC_STRING);
    assert_true(sg_spec_property(sp, fn, S("Tags"), &p));
    assert_int_equal(p.shape.item, SG_SPEC_STRUCT);
    assert_memory_equal(p.shape.type, "Tag", 3);
    assert_true(sg_spec_property(sp, fn, S("Timeout"), &p));
    assert_int_equal(p.shape.kind, SG_SPEC_INTEGER);

    /* Iteration agrees with lookup, in sorted order. */
    size_t n = sg_spec_property_count(b);
    assert_true(n > 15);
    sg_spec_prop prev, cur;
    sg_spec_property_at(sp, b, 0, &prev);
    for (size_t i = 1; i < n; i++) {
        sg_spec_property_at(sp, b, i, &cur);
        assert_true(strncmp(prev.name, cur.name, prev.name_len < cur.name_len ? prev.name_len
                                                                               : cur.name_len) <= 0);
        assert_true(sg_spec_property(sp, b, cur.name, cur.name_len, &p));
        prev = cur;
    }
}

/* The build-time index (src/spec/spec_embed.c) is what parsing the file gives. */
static void embedded_index_matches_parse(void **state)
{
    (void)state;
    const char *path = SG_SPEC_TEXT; /* unpacked into the build tree */
    sg_spec *file;
    sg_error err;
    assert_int_equal(sg_spec_load_file(path, &file, &err), 0);
    const sg_spec *emb = sg_spec_embedded();
    sg_spec_info a, b;
    sg_spec_get_info(file, &a);
    sg_spec_get_info(emb, &b);
    assert_string_equal(a.package, b.package);
    assert_string_equal(a.version, b.version);
    assert_int_equal(a.resource_types, b.resource_types);
    assert_int_equal(a.property_types, b.property_types);
    assert_int_equal(a.properties, b.properties);
    assert_int_equal(a.attributes, b.attributes);
    assert_int_equal(a.bytes, b.bytes);
    /* Every property of every resource type, looked up in both. */
    const sg_spec_type *t = sg_spec_resource(file, S("AWS::S3::Bucket"));
    const sg_spec_type *u = sg_spec_resource(emb, S("AWS::S3::Bucket"));
    assert_int_equal(sg_spec_property_count(t), sg_spec_property_count(u));
    for (size_t i = 0; i < sg_spec_property_count(t); i++) {
        sg_spec_prop p, q;
        sg_spec_property_at(file, t, i, &p);
        assert_true(sg_spec_property(emb, u, p.name, p.name_len, &q));
        assert_int_equal(p.update, q.update);
        assert_int_equal(p.required, q.required);
        assert_int_equal(p.shape.kind, q.shape.kind);
    }
    sg_spec_free(file);
}

static void nested_types_and_attributes(void **state)
{
    (void)state;
    const sg_spec *sp = sg_spec_active();
    const sg_spec_type *b = res("AWS::S3::Bucket");
    const sg_spec_type *lc = sg_spec_struct(sp, b, S("LifecycleConfiguration"));
    assert_non_null(lc);
    sg_strbuf lcn = SG_STRBUF_INIT;
    sg_spec_type_name(sp, lc, &lcn);
    assert_string_equal(lcn.data, "AWS::S3::Bucket.LifecycleConfiguration");
    sg_strbuf_free(&lcn);
    sg_spec_prop p;
    assert_true(sg_spec_property(sp, lc, S("Rules"), &p));
    assert_true(p.required);
    /* A struct named from inside another struct resolves in the same resource type. */
    const sg_spec_type *rule = sg_spec_struct(sp, lc, p.shape.type, p.shape.type_len);
    assert_non_null(rule);
    assert_true(sg_spec_property(sp, rule, S("Status"), &p));
    assert_true(p.required);
    /* Tag is global. */
    const sg_spec_type *tag = sg_spec_struct(sp, b, S("Tag"));
    assert_non_null(tag);
    assert_true(sg_spec_property(sp, tag, S("Key"), &p));
    sg_strbuf name = SG_STRBUF_INIT;
    sg_spec_type_name(sg_spec_active(), rule, &name);
    assert_string_equal(name.data, "AWS::S3::Bucket.Rule");
    sg_strbuf_free(&name);
    sg_spec_shape sh;
    assert_false(sg_spec_type_alias(sg_spec_active(), rule, &sh));

    assert_true(sg_spec_attribute(sp, b, S("Arn")));
    assert_true(sg_spec_attribute(sp, b, S("WebsiteURL")));
    assert_false(sg_spec_attribute(sp, b, S("Name")));
    assert_true(sg_spec_attribute(sp, res("AWS::RDS::DBInstance"), S("Endpoint.Address")));
    assert_int_equal(sg_spec_attribute_count(rule), 0);
}

static void doc_links(void **state)
{
    (void)state;
    const sg_spec *sp = sg_spec_active();
    const sg_spec_type *b = res("AWS::S3::Bucket");
    sg_strbuf l = SG_STRBUF_INIT;
    sg_spec_doc_link(sp, b, NULL, &l);
    assert_string_equal(l.data, "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
                                "aws-resource-s3-bucket.html");
    l.len = 0;
    sg_spec_prop p;
    assert_true(sg_spec_property(sp, b, S("BucketName"), &p));
    sg_spec_doc_link(sp, b, &p, &l);
    assert_string_equal(l.data, "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
                                "aws-resource-s3-bucket.html#cfn-s3-bucket-bucketname");
    l.len = 0;
    const sg_spec_type *q = res("AWS::SQS::Queue");
    assert_true(sg_spec_property(sp, q, S("VisibilityTimeout"), &p));
    sg_spec_doc_link(sp, q, &p, &l);
    assert_string_equal(l.data, "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
                                "aws-resource-sqs-queue.html#cfn-sqs-queue-visibilitytimeout");
    l.len = 0;
    const sg_spec_type *lc = sg_spec_struct(sp, b, S("LifecycleConfiguration"));
    assert_true(sg_spec_property(sp, lc, S("Rules"), &p));
    sg_spec_doc_link(sp, lc, &p, &l);
    assert_string_equal(l.data, "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
                                "aws-properties-s3-bucket-lifecycleconfiguration.html"
                                "#cfn-s3-bucket-lifecycleconfiguration-rules");
    sg_strbuf_free(&l);
}

static void did_you_mean(void **state)
{
    (void)state;
    const sg_spec *sp = sg_spec_active();
    size_t n;
    const char *s = sg_spec_suggest_resource(sp, S("AWS::S3::Buckett"), &n);
    assert_non_null(s);
    assert_int_equal(n, strlen("AWS::S3::Bucket"));
    assert_memory_equal(s, "AWS::S3::Bucket", n);
    s = sg_spec_suggest_resource(sp, S("AWS::Lambda::Functoin"), &n);
    assert_non_null(s);
    assert_memory_equal(s, "AWS::Lambda::Function", n);
    assert_null(sg_spec_suggest_resource(sp, S("Completely::Different::Thing"), &n));
    const sg_spec_type *b = res("AWS::S3::Bucket");
    s = sg_spec_suggest_property(sp, b, S("BucketEncription"), &n);
    assert_non_null(s);
    assert_memory_equal(s, "BucketEncryption", n);
    s = sg_spec_suggest_property(sp, b, S("bucketName"), &n);
    assert_non_null(s);
    assert_memory_equal(s, "BucketName", n);
    assert_null(sg_spec_suggest_property(sp, b, S("Xyzzy"), &n));
    s = sg_spec_suggest_attribute(sp, b, S("Arm"), &n);
    assert_non_null(s);
    assert_memory_equal(s, "Arn", n);
}

static const char small[] = "# a test spec\n"
                            "V\tpkg\t1.0\t2.0\t2024-01-01\n"
                            "D\thttps://docs/\n"
                            "S\tTag\n"
                            "P\tKey\trM\ts\n"
                            "R\tA::B::C\n"
                            "P\tName\trI\ts\n"
                            "P\tSize\t-C\ti\n"
                            "A\tArn\ts\n"
                            "S\t.Alias\t\t\t[@Tag\n"
                            "S\t.Inner\tpage\tpre-\n"
                            "P\tX\t-M\t[@Tag\n"
                            "R\tA::B::D\n";

static void small_file_and_info(void **state)
{
    (void)state;
    sg_spec *sp;
    sg_error err;
    assert_int_equal(sg_spec_parse(small, strlen(small), "t.txt", &sp, &err), 0);
    sg_spec_info in;
    sg_spec_get_info(sp, &in);
    assert_string_equal(in.package, "pkg");
    assert_string_equal(in.version, "1.0");
    assert_string_equal(in.spec_version, "2.0");
    assert_string_equal(in.published, "2024-01-01");
    assert_int_equal(in.resource_types, 2);
    assert_int_equal(in.property_types, 3);
    assert_int_equal(in.properties, 4);
    assert_int_equal(in.attributes, 1);
    const sg_spec_type *c = sg_spec_resource(sp, S("A::B::C"));
    assert_non_null(c);
    assert_non_null(sg_spec_resource(sp, S("A::B::D")));
    sg_spec_prop p;
    assert_true(sg_spec_property(sp, c, S("Size"), &p));
    assert_int_equal(p.update, SG_UPDATE_CONDITIONAL);
    const sg_spec_type *alias = sg_spec_struct(sp, c, S("Alias"));
    sg_spec_shape sh;
    assert_true(sg_spec_type_alias(sp, alias, &sh));
    assert_int_equal(sh.kind, SG_SPEC_LIST);
    assert_int_equal(sh.item, SG_SPEC_STRUCT);
    const sg_spec_type *inner = sg_spec_struct(sp, c, S("Inner"));
    assert_non_null(inner);
    assert_null(sg_spec_struct(sp, sg_spec_resource(sp, S("A::B::D")), S("Inner")));
    assert_true(sg_spec_property(sp, inner, S("X"), &p));
    sg_strbuf l = SG_STRBUF_INIT;
    sg_spec_doc_link(sp, inner, &p, &l);
    assert_string_equal(l.data, "https://docs/page.html#pre-x");
    l.len = 0;
    sg_spec_doc_link(sp, c, NULL, &l);
    assert_string_equal(l.data, "https://docs/aws-resource-a-b-c.html");
    sg_strbuf_free(&l);
    /* Switching the active spec and back. */
    sg_spec_use(sp);
    assert_ptr_equal(sg_spec_active(), sp);
    sg_spec_use(NULL);
    assert_ptr_equal(sg_spec_active(), sg_spec_embedded());
    sg_spec_free(sp);
}

static void expect_error(const char *text, uint32_t line, uint32_t col, const char *msg)
{
    sg_spec *sp = NULL;
    sg_error err;
    assert_int_equal(sg_spec_parse(text, strlen(text), "bad.txt", &sp, &err), -1);
    assert_null(sp);
    assert_string_equal(err.file, "bad.txt");
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
    assert_non_null(strstr(err.msg, msg));
}

static void bad_files(void **state)
{
    (void)state;
    expect_error("V\tp\t1\t2\t3\nR\tB\nR\tA\n", 3, 3, "out of order");
    expect_error("V\tp\t1\t2\t3\nR\tA\nP\tb\t-M\ts\nP\ta\t-M\ts\n", 4, 3, "out of order");
    expect_error("V\tp\t1\t2\t3\nR\tA\nP\ta\txM\ts\n", 3, 5, "flags");
    expect_error("V\tp\t1\t2\t3\nR\tA\nP\ta\t-M\t[?\n", 3, 8, "bad shape");
    expect_error("V\tp\t1\t2\t3\nR\tA\nA\tx\ts\nP\ta\t-M\ts\n", 4, 1, "after attributes");
    expect_error("V\tp\t1\t2\t3\nP\ta\t-M\ts\n", 2, 1, "before any type");
    expect_error("V\tp\t1\t2\t3\nR\tA\nS\tTag\n", 3, 3, "leading '.'");
    expect_error("V\tp\t1\t2\t3\nX\tA\n", 2, 1, "KIND");
    expect_error("# only a comment\n", 1, 0, "no V line");
    /* A line of another kind between P lines does not hide their order. */
    expect_error("V\tp\t1\t2\t3\nR\tA\nP\tb\t-M\ts\nD\tx\nP\ta\t-M\ts\n", 4, 1,
                 "before the first resource type");
    expect_error("V\tp\t1\t2\t3\nS\tT\nP\tb\t-M\ts\nD\tx\nP\ta\t-M\ts\nR\tA\n", 5, 3,
                 "out of order");
    /* Struct aliases: to itself, round a chain, to nothing. */
    expect_error("V\tp\t1\t2\t3\nR\tA\nS\t.Loop\t\t\t@Loop\nP\tx\t-M\ts\n", 3, 11,
                 "loops back");
    expect_error("V\tp\t1\t2\t3\nS\tA\t\t\t@B\nS\tB\t\t\t@A\nR\tR\n", 2, 7, "loops back");
    expect_error("V\tp\t1\t2\t3\nR\tA\nS\t.X\t\t\t[@Gone\n", 3, 8, "does not exist");
    sg_spec *sp;
    sg_error err;
    assert_int_equal(sg_spec_load_file("/nonexistent/spec.txt", &sp, &err), -1);
    assert_non_null(strstr(err.msg, "cannot open"));
#if SIZE_MAX > UINT32_MAX
    /* Offsets are 32-bit: a larger file is refused before any byte is read. */
    assert_int_equal(sg_spec_parse("", (size_t)UINT32_MAX + 1, "huge.txt", &sp, &err), -1);
    assert_non_null(strstr(err.msg, "larger than 4 GiB"));
#endif
    /* An alias chain that ends is fine; a list of itself needs a level per item. */
    const char *ok = "V\tp\t1\t2\t3\nS\tA\t\t\t@B\nS\tB\t\t\ts\nS\tL\t\t\t[@L\nR\tR\n";
    assert_int_equal(sg_spec_parse(ok, strlen(ok), "ok.txt", &sp, &err), 0);
    sg_spec_free(sp);
}

/* ---- findings ---------------------------------------------------------------------- */

static sg_findings F;

/* The SPEC-* findings of a YAML template (spec check and the GetAtt check). */
static const sg_findings *check(const char *yaml)
{
    sg_findings_free(&F);
    sg_template *t = sg_arena_alloc(A, sizeof *t);
    *t = load_text(A, "t.yaml", yaml);
    sg_findings all = {0};
    sg_analyze_template(A, t, NULL, &all);
    sg_spec_check_template(A, t, &all);
    for (size_t i = 0; i < all.n; i++)
        if (strncmp(all.v[i].rule, "SPEC-", 5) == 0)
            *sg_findings_add(&F) = all.v[i];
    sg_findings_free(&all);
    sg_findings_sort(&F);
    return &F;
}

static const sg_finding *only(const sg_findings *f, const char *rule)
{
    if (f->n != 1) {
        for (size_t i = 0; i < f->n; i++)
            print_message("  %s %s\n", f->v[i].rule, f->v[i].title);
        fail_msg("expected one %s finding, got %zu", rule, f->n);
    }
    assert_string_equal(f->v[0].rule, rule);
    assert_int_equal(f->v[0].category, SG_CAT_DEPLOYABILITY);
    return &f->v[0];
}

static void clean(const char *yaml)
{
    const sg_findings *f = check(yaml);
    for (size_t i = 0; i < f->n; i++)
        print_message("  unexpected %s %s\n", f->v[i].rule, f->v[i].title);
    assert_int_equal(f->n, 0);
}

#define HEAD "Resources:\n"

static void finding_unknown_type(void **state)
{
    (void)state;
    const sg_finding *x = only(check(HEAD "  B:\n    Type: AWS::S3::Buckett\n"), "SPEC-UNKNOWN-TYPE");
    assert_int_equal(x->severity, SG_SEV_HIGH);
    assert_int_equal(x->model.line, 3);
    assert_non_null(strstr(x->message, "Did you mean 'AWS::S3::Bucket'?"));
    x = only(check(HEAD "  B:\n    Type: Acme::Widget::Thing\n"), "SPEC-UNKNOWN-TYPE");
    assert_int_equal(x->severity, SG_SEV_MEDIUM); /* a third-party registry type, maybe */
    clean(HEAD "  B:\n    Type: AWS::S3::Bucket\n");
    clean(HEAD "  C:\n    Type: Custom::Anything\n    Properties:\n      ServiceToken: x\n"
               "      Whatever: [1]\n");
    clean("Transform: AWS::Serverless-2016-10-31\n" HEAD
          "  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: x\n"
          "      Nonsense: 1\n");
}

static void finding_unknown_property(void **state)
{
    (void)state;
    const sg_finding *x = only(check(HEAD "  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                                          "      BucketEncription: {}\n"),
                               "SPEC-UNKNOWN-PROPERTY");
    assert_int_equal(x->severity, SG_SEV_HIGH);
    assert_int_equal(x->model.line, 5);
    assert_string_equal(x->path, "Properties.BucketEncription");
    assert_non_null(strstr(x->message, "Did you mean 'BucketEncryption'?"));
    assert_string_equal(x->doc, "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
                                "aws-resource-s3-bucket.html");
    /* Nested: a property of a property type. */
    x = only(check(HEAD "  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                        "      VersioningConfiguration:\n        Status: Enabled\n"
                        "        MfaDelete: true\n"),
             "SPEC-UNKNOWN-PROPERTY");
    assert_string_equal(x->path, "Properties.VersioningConfiguration.MfaDelete");
    clean(HEAD "  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
               "      VersioningConfiguration:\n        Status: Enabled\n");
}

static void finding_missing_required(void **state)
{
    (void)state;
    const sg_finding *x = only(check(HEAD "  R:\n    Type: AWS::IAM::Role\n    Properties:\n"
                                          "      RoleName: r\n"),
                               "SPEC-MISSING-REQUIRED");
    assert_int_equal(x->severity, SG_SEV_HIGH);
    assert_non_null(strstr(x->title, "AssumeRolePolicyDocument"));
    assert_string_equal(x->doc, "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
                                "aws-resource-iam-role.html#cfn-iam-role-assumerolepolicydocument");
    /* No Properties at all; a list item of a property type; Ref AWS::NoValue is absent. */
    only(check(HEAD "  R:\n    Type: AWS::IAM::Role\n"), "SPEC-MISSING-REQUIRED");
    x = only(check(HEAD "  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                        "      LifecycleConfiguration:\n        Rules:\n          - Id: a\n"),
             "SPEC-MISSING-REQUIRED");
    assert_string_equal(x->path, "Properties.LifecycleConfiguration.Rules[0]");
    only(check(HEAD "  R:\n    Type: AWS::IAM::Role\n    Properties:\n"
                    "      AssumeRolePolicyDocument: !Ref AWS::NoValue\n"),
         "SPEC-MISSING-REQUIRED");
    clean(HEAD "  R:\n    Type: AWS::IAM::Role\n    Properties:\n"
               "      AssumeRolePolicyDocument: {}\n");
    /* Properties given as a whole by Fn::If: not checked for required keys. */
    clean("Conditions:\n  C: !Equals [a, b]\n" HEAD "  R:\n    Type: AWS::IAM::Role\n"
          "    Properties: !If [C, {AssumeRolePolicyDocument: {}}, {AssumeRolePolicyDocument: {}}]\n");
}

static void finding_wrong_shape(void **state)
{
    (void)state;
    const sg_finding *x = only(check(HEAD "  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                                          "      QueueName: [a, b]\n"),
                               "SPEC-WRONG-SHAPE");
    assert_int_equal(x->severity, SG_SEV_HIGH);
    assert_string_equal(x->title, "QueueName is a list, not a String");
    x = only(check(HEAD "  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                        "      VisibilityTimeout: thirty\n"),
             "SPEC-WRONG-SHAPE");
    assert_string_equal(x->title, "VisibilityTimeout is 'thirty', not an Integer");
    x = only(check(HEAD "  F:\n    Type: AWS::Lambda::Function\n    Properties:\n"
                        "      Code: {ZipFile: x}\n      Role: r\n      Layers: arn\n"),
             "SPEC-WRONG-SHAPE");
    assert_string_equal(x->title, "Layers is a scalar, not a list");
    x = only(check(HEAD "  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
                        "      QueueName:\n        Sub: '${AWS::StackName}-q'\n"),
             "SPEC-WRONG-SHAPE");
    assert_string_equal(x->title, "QueueName uses 'Sub' where Fn::Sub is meant");
    /* Scalars that convert, intrinsics, and both Fn::If branches. */
    clean(HEAD "  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
               "      VisibilityTimeout: '30'\n      FifoQueue: true\n"
               "      QueueName: !Sub '${AWS::StackName}'\n"
               "      MessageRetentionPeriod: !Ref AWS::NoValue\n");
    clean("Conditions:\n  C: !Equals [a, b]\n" HEAD "  Q:\n    Type: AWS::SQS::Queue\n"
          "    Properties:\n      VisibilityTimeout: !If [C, 30, !Ref AWS::NoValue]\n");
    x = only(check("Conditions:\n  C: !Equals [a, b]\n" HEAD "  Q:\n    Type: AWS::SQS::Queue\n"
                   "    Properties:\n      VisibilityTimeout: !If [C, 30, [1]]\n"),
             "SPEC-WRONG-SHAPE");
    assert_string_equal(x->title, "VisibilityTimeout is a list, not an Integer");
}

static void finding_bad_getatt(void **state)
{
    (void)state;
    const sg_finding *x = only(check(HEAD "  B:\n    Type: AWS::S3::Bucket\n"
                                          "Outputs:\n  O:\n    Value: !GetAtt B.Arm\n"),
                               "SPEC-BAD-GETATT");
    assert_int_equal(x->severity, SG_SEV_HIGH);
    assert_non_null(strstr(x->message, "Did you mean 'Arn'?"));
    assert_non_null(strstr(x->doc, "aws-resource-s3-bucket.html"));
    clean(HEAD "  B:\n    Type: AWS::S3::Bucket\nOutputs:\n  O:\n    Value: !GetAtt B.Arn\n"
               "  P:\n    Value: !GetAtt [B, DomainName]\n");
    /* Attributes of custom resources and nested stacks' outputs are open. */
    clean(HEAD "  C:\n    Type: Custom::X\n    Properties:\n      ServiceToken: t\n"
               "  S:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
               "      TemplateURL: u\nOutputs:\n  O:\n    Value: !GetAtt C.Anything\n"
               "  P:\n    Value: !GetAtt S.Outputs.Name\n");
}

/* ---- replacement impact -------------------------------------------------------------- */

static sg_diff *impact_of(const char *old_yaml, const char *new_yaml)
{
    sg_template *o = sg_arena_alloc(A, sizeof *o), *n = sg_arena_alloc(A, sizeof *n);
    *o = load_text(A, "old.yaml", old_yaml);
    *n = load_text(A, "new.yaml", new_yaml);
    sg_diff *d = sg_arena_alloc(A, sizeof *d);
    sg_diff_templates(A, o, n, NULL, d);
    sg_diff_annotate_impact(A, d);
    return d;
}

static const sg_entry *resource_entry(const sg_diff *d, const char *id)
{
    for (size_t i = 0; i < d->nentries; i++)
        if (d->entries[i].section == SG_SEC_RESOURCES && d->entries[i].new_id &&
            strcmp(d->entries[i].new_id, id) == 0)
            return &d->entries[i];
    fail_msg("no entry %s", id);
    return NULL;
}

#define BUCKET(extra, props) HEAD "  B:\n    Type: AWS::S3::Bucket\n" extra "    Properties:\n" props

static void impact_update_replace_conditional(void **state)
{
    (void)state;
    /* BucketName is immutable: replaced, a stateful type without a retain policy. */
    sg_diff *d = impact_of(BUCKET("", "      BucketName: a\n"), BUCKET("", "      BucketName: b\n"));
    const sg_entry *e = resource_entry(d, "B");
    assert_true(d->impact);
    assert_int_equal(e->changes[0].impact, SG_IMPACT_REPLACE);
    assert_true(sg_entry_replaced(e));
    assert_true(e->stateful);
    assert_true(sg_entry_loses_data(e));
    sg_findings f = {0};
    sg_replacement_findings(A, d, &f);
    assert_int_equal(f.n, 1);
    assert_string_equal(f.v[0].rule, "SPEC-REPLACEMENT");
    assert_int_equal(f.v[0].severity, SG_SEV_HIGH);
    assert_int_equal(f.v[0].category, SG_CAT_DELETION);
    assert_non_null(strstr(f.v[0].message, "BucketName changes"));
    sg_findings_free(&f);

    /* The new template's UpdateReplacePolicy keeps the data; DeletionPolicy does not. */
    d = impact_of(BUCKET("", "      BucketName: a\n"),
                  BUCKET("    UpdateReplacePolicy: Retain\n", "      BucketName: b\n"));
    e = resource_entry(d, "B");
    assert_true(sg_entry_replaced(e));
    assert_false(sg_entry_loses_data(e));
    sg_replacement_findings(A, d, &f);
    assert_int_equal(f.v[0].severity, SG_SEV_MEDIUM);
    sg_findings_free(&f);
    d = impact_of(BUCKET("", "      BucketName: a\n"),
                  BUCKET("    DeletionPolicy: Retain\n", "      BucketName: b\n"));
    assert_true(sg_entry_loses_data(resource_entry(d, "B")));

    /* A nested mutable change: update in place, no finding. */
    d = impact_of(BUCKET("", "      VersioningConfiguration: {Status: Suspended}\n"),
                  BUCKET("", "      VersioningConfiguration: {Status: Enabled}\n"));
    e = resource_entry(d, "B");
    assert_int_equal(e->changes[0].impact, SG_IMPACT_UPDATE);
    assert_int_equal(e->impact, SG_IMPACT_UPDATE);
    sg_replacement_findings(A, d, &f);
    assert_int_equal(f.n, 0);

    /* Conditional (RDS Engine), unknown property, and a stack-level change. */
    d = impact_of(HEAD "  D:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: mysql\n"
                  "      Bogus: 1\n",
                  HEAD "  D:\n    Type: AWS::RDS::DBInstance\n    DependsOn: [X]\n"
                  "    Properties:\n      Engine: postgres\n      Bogus: 2\n"
                  "  X:\n    Type: AWS::SNS::Topic\n");
    e = resource_entry(d, "D");
    assert_int_equal(e->impact, SG_IMPACT_CONDITIONAL);
    assert_false(sg_entry_replaced(e));
    for (size_t k = 0; k < e->nchanges; k++) {
        const char *top = e->changes[k].path[0].key;
        const char *prop = e->changes[k].depth > 1 ? e->changes[k].path[1].key : "";
        sg_impact want = strcmp(top, "DependsOn") == 0 ? SG_IMPACT_UPDATE
                         : strcmp(prop, "Engine") == 0 ? SG_IMPACT_CONDITIONAL
                                                       : SG_IMPACT_UNKNOWN;
        assert_int_equal(e->changes[k].impact, want);
    }
}

static void impact_rename_and_type_change(void **state)
{
    (void)state;
    /* A new logical ID is a new resource; the old one goes under its DeletionPolicy. */
    const char *props = "    Properties:\n      TableName: t\n      BillingMode: PAY_PER_REQUEST\n"
                        "      KeySchema: [{AttributeName: id, KeyType: HASH}]\n"
                        "      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]\n";
    char old_t[512], new_t[512], kept[512];
    snprintf(old_t, sizeof old_t, HEAD "  Orders:\n    Type: AWS::DynamoDB::Table\n%s", props);
    snprintf(new_t, sizeof new_t, HEAD "  OrdersTable:\n    Type: AWS::DynamoDB::Table\n%s", props);
    snprintf(kept, sizeof kept,
             HEAD "  Orders:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n%s",
             props);
    sg_diff *d = impact_of(old_t, new_t);
    const sg_entry *e = resource_entry(d, "OrdersTable");
    assert_int_equal(e->status, SG_RENAMED);
    assert_true(sg_entry_loses_data(e));
    d = impact_of(kept, new_t);
    e = resource_entry(d, "OrdersTable");
    assert_true(sg_entry_replaced(e));
    assert_false(sg_entry_loses_data(e));
    /* Matched across a CDK hash suffix: a new logical ID all the same, changed or not. */
    d = impact_of(HEAD "  LogsBucket7C1F0B12:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                       "      VersioningConfiguration: {Status: Suspended}\n",
                  HEAD "  LogsBucketE3889A50:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                       "      VersioningConfiguration: {Status: Enabled}\n");
    e = resource_entry(d, "LogsBucketE3889A50");
    assert_int_equal(e->status, SG_MODIFIED);
    assert_string_equal(e->old_id, "LogsBucket7C1F0B12");
    assert_true(sg_entry_loses_data(e));
    d = impact_of(HEAD "  LogsBucket7C1F0B12:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n",
                  HEAD "  LogsBucketE3889A50:\n    Type: AWS::S3::Bucket\n    DeletionPolicy: Retain\n");
    e = resource_entry(d, "LogsBucketE3889A50");
    assert_int_equal(e->status, SG_UNCHANGED);
    assert_true(sg_entry_replaced(e));
    assert_false(sg_entry_loses_data(e));
    /* A changed Type. */
    d = impact_of(HEAD "  T:\n    Type: AWS::SNS::Topic\n", HEAD "  T:\n    Type: AWS::SQS::Queue\n");
    e = resource_entry(d, "T");
    assert_true(sg_entry_replaced(e));
    assert_true(e->stateful);
    /* Custom resources: their handler decides; an update. */
    d = impact_of(HEAD "  C:\n    Type: Custom::X\n    Properties:\n      ServiceToken: a\n      V: 1\n",
                  HEAD "  C:\n    Type: Custom::X\n    Properties:\n      ServiceToken: a\n      V: 2\n");
    assert_int_equal(resource_entry(d, "C")->impact, SG_IMPACT_UPDATE);
    assert_string_equal(sg_impact_name(SG_IMPACT_REPLACE), "replace");
    assert_true(sg_type_is_stateful("AWS::RDS::DBCluster"));
    assert_false(sg_type_is_stateful("AWS::SNS::Topic"));
}

static void impact_propagates_along_references(void **state)
{
    (void)state;
    /* The subnet is replaced (AvailabilityZone); the association refers to it, so its
     * immutable SubnetId changes at deploy time and it is replaced too. */
#define PROPAGATION_FMT HEAD "  S:\n    Type: AWS::EC2::Subnet\n    Properties:\n      VpcId: v\n" \
                           "      CidrBlock: 10.0.0.0/24\n      AvailabilityZone: %s\n" \
                           "  A:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n" \
                           "    Properties:\n      SubnetId: !Ref S\n      RouteTableId: r\n" \
                           "  T:\n    Type: AWS::SNS::Topic\n    Properties:\n" \
                           "      DisplayName: !Sub '${A}-x'\n" \
                           "  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n" \
                           "      QueueName: !Sub '${A}-q'\n" \
                           "  U:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: u\n" \
                           "  W:\n    Type: AWS::SQS::Queue\n    Properties:\n" \
                           "      QueueName: !Sub ['/x/${A}', {A: literal}]\n" \
                           "  X:\n    Type: AWS::SQS::Queue\n    Properties:\n" \
                           "      QueueName: !Sub '${ A }-x'\n"
    char o[2048], n[2048];
    snprintf(o, sizeof o, PROPAGATION_FMT, "a");
    snprintf(n, sizeof n, PROPAGATION_FMT, "b");
    sg_diff *d = impact_of(o, n);
    const sg_entry *a = resource_entry(d, "A");
    assert_int_equal(a->status, SG_MODIFIED);
    assert_int_equal(a->nchanges, 1);
    assert_string_equal(a->changes[0].via, "S");
    assert_int_equal(a->changes[0].impact, SG_IMPACT_REPLACE);
    assert_true(sg_entry_replaced(a));
    /* Transitively, through Fn::Sub: Q's immutable QueueName names A. */
    const sg_entry *q = resource_entry(d, "Q");
    assert_string_equal(q->changes[0].via, "A");
    assert_true(sg_entry_loses_data(q));
    /* T's mutable DisplayName names A: it takes the new name in place, no change. */
    assert_int_equal(resource_entry(d, "T")->status, SG_UNCHANGED);
    assert_int_equal(resource_entry(d, "U")->status, SG_UNCHANGED);
    /* W's ${A} is the Fn::Sub's own variable, not the resource; X's has blanks. */
    assert_int_equal(resource_entry(d, "W")->status, SG_UNCHANGED);
    assert_string_equal(resource_entry(d, "X")->changes[0].via, "A");
    assert_int_equal(d->res_counts[SG_MODIFIED], 4);
    assert_int_equal(d->res_counts[SG_UNCHANGED], 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(embedded_resource_and_properties),
        cmocka_unit_test(embedded_index_matches_parse),
        cmocka_unit_test(nested_types_and_attributes),
        cmocka_unit_test(doc_links),
        cmocka_unit_test(did_you_mean),
        cmocka_unit_test(small_file_and_info),
        cmocka_unit_test(bad_files),
        cmocka_unit_test(finding_unknown_type),
        cmocka_unit_test(finding_unknown_property),
        cmocka_unit_test(finding_missing_required),
        cmocka_unit_test(finding_wrong_shape),
        cmocka_unit_test(finding_bad_getatt),
        cmocka_unit_test(impact_update_replace_conditional),
        cmocka_unit_test(impact_rename_and_type_change),
        cmocka_unit_test(impact_propagates_along_references),
    };
    int rc = cmocka_run_group_tests(tests, arena_setup, arena_teardown);
    sg_findings_free(&F);
    return rc;
}
