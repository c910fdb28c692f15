/* test_classify.c - diff -> findings tables, rule regressions vs shared
 * gaps, and whole reports on the bundled tasks (testdata/tasks). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "testutil.h"
#include "stackgap/report.h"

/* Exported by libcmark-gfm but declared only in its internal registry.h. */
void cmark_release_plugins(void);

static int teardown(void **state)
{
    cmark_release_plugins(); /* the gfm extension registry is process-global */
    return arena_teardown(state);
}

static sg_findings classify(const char *model, const char *ideal)
{
    sg_diff d = diff_text(A, "model.yaml", model, "ideal.yaml", ideal);
    sg_findings f = {0};
    sg_classify_diff(A, &d, &f);
    sg_findings_sort(&f);
    return f;
}

static const sg_finding *find_rule(const sg_findings *f, const char *rule, const char *title_part)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->v[i].rule, rule) == 0 && (!title_part || strstr(f->v[i].title, title_part)))
            return &f->v[i];
    return NULL;
}

static void missing_resources_grouped_by_type(void **state)
{
    (void)state;
    sg_findings f = classify("Resources:\n  B: {Type: AWS::S3::Bucket}\n",
                             "Resources:\n  B: {Type: AWS::S3::Bucket}\n"
                             "  K: {Type: AWS::KMS::Key}\n"
                             "  S1: {Type: AWS::EC2::Subnet}\n  S2: {Type: AWS::EC2::Subnet}\n"
                             "  T: {Type: AWS::DynamoDB::Table}\n");
    const sg_finding *k = find_rule(&f, "DIFF-MISSING-RESOURCE", "AWS::KMS::Key");
    assert_non_null(k);
    assert_int_equal(k->category, SG_CAT_ENCRYPTION);
    assert_int_equal(k->severity, SG_SEV_HIGH);
    assert_int_equal(k->kind, SG_KIND_MISSING_RESOURCE);
    assert_int_equal(k->ideal.line, 3);
    const sg_finding *s = find_rule(&f, "DIFF-MISSING-RESOURCE", "Subnet");
    assert_string_equal(s->title, "Missing 2 × AWS::EC2::Subnet: S1, S2");
    assert_int_equal(s->category, SG_CAT_NETWORK);
    /* a type the table does not know is a missing service: completeness */
    assert_int_equal(find_rule(&f, "DIFF-MISSING-RESOURCE", "DynamoDB")->category,
                     SG_CAT_COMPLETENESS);
    sg_findings_free(&f);
}

static void properties_classified_by_table(void **state)
{
    (void)state;
    sg_findings f = classify(
        "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n"
        "      MultiAZ: false\n      DBInstanceClass: db.r5.4xlarge\n      Tags: [{Key: a, Value: b}]\n",
        "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    DeletionPolicy: Snapshot\n    Properties:\n"
        "      MultiAZ: true\n      DBInstanceClass: db.t3.micro\n      StorageEncrypted: true\n"
        "      PubliclyAccessible: false\n");
    struct {
        const char *title;
        sg_category cat;
        sg_severity sev;
        sg_finding_kind kind;
    } want[] = {
        {"Db: MultiAZ differs", SG_CAT_AVAILABILITY, SG_SEV_HIGH, SG_KIND_WRONG_VALUE},
        {"Db: StorageEncrypted is missing", SG_CAT_ENCRYPTION, SG_SEV_HIGH, SG_KIND_MISSING_PROPERTY},
        {"Db: PubliclyAccessible is missing", SG_CAT_PUBLIC_ACCESS, SG_SEV_HIGH, SG_KIND_MISSING_PROPERTY},
        {"Db: DeletionPolicy is missing", SG_CAT_DELETION, SG_SEV_MEDIUM, SG_KIND_MISSING_PROPERTY},
        {"Db: DBInstanceClass differs", SG_CAT_COST, SG_SEV_LOW, SG_KIND_WRONG_VALUE},
        /* set only by the model: one level lower than the table says */
        {"Db: Tags is set but the ideal does not", SG_CAT_TAGGING, SG_SEV_LOW, SG_KIND_WRONG_VALUE},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const sg_finding *x = NULL;
        for (size_t k = 0; k < f.n && !x; k++)
            if (strstr(f.v[k].title, want[i].title))
                x = &f.v[k];
        if (!x)
            fail_msg("no finding titled \"%s\"", want[i].title);
        assert_int_equal(x->category, want[i].cat);
        assert_int_equal(x->severity, want[i].sev);
        assert_int_equal(x->kind, want[i].kind);
    }
    sg_findings_free(&f);
}

static void nested_changes_fold_into_one_finding(void **state)
{
    (void)state;
    sg_findings f = classify(
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n"
        "        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}\n"
        "            BucketKeyEnabled: false\n",
        "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n"
        "        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault: {SSEAlgorithm: aws:kms}\n"
        "            BucketKeyEnabled: true\n");
    assert_int_equal(f.n, 1);
    assert_string_equal(f.v[0].path, "Properties.BucketEncryption");
    assert_non_null(strstr(f.v[0].message, "2 differences"));
    assert_int_equal(f.v[0].model.line, 5); /* the property's key line */
    sg_findings_free(&f);
}

static void sections_and_scope_creep(void **state)
{
    (void)state;
    sg_findings f = classify(
        "Parameters: {Extra: {Type: String}}\nResources:\n  A: {Type: AWS::SNS::Topic}\n"
        "  X1: {Type: AWS::SQS::Queue}\n  X2: {Type: AWS::SQS::Queue}\n  X3: {Type: AWS::SQS::Queue}\n"
        "  X4: {Type: AWS::SQS::Queue}\n  X5: {Type: AWS::Lambda::Function}\n",
        "Parameters: {EnvironmentSuffix: {Type: String}}\nResources:\n  A: {Type: AWS::SNS::Topic}\n"
        "Outputs: {TopicArn: {Value: !Ref A}}\n");
    const sg_finding *p = find_rule(&f, "DIFF-MISSING-ENTRY", "EnvironmentSuffix");
    assert_non_null(p);
    assert_int_equal(p->category, SG_CAT_NAMING);
    assert_int_equal(p->severity, SG_SEV_HIGH);
    const sg_finding *o = find_rule(&f, "DIFF-MISSING-ENTRY", "TopicArn");
    assert_int_equal(o->category, SG_CAT_OUTPUTS);
    assert_int_equal(o->kind, SG_KIND_MISSING_SECTION); /* the model has no Outputs at all */
    assert_non_null(find_rule(&f, "DIFF-EXTRA-RESOURCE", "4 extra AWS::SQS::Queue"));
    const sg_finding *c = find_rule(&f, "DIFF-SCOPE-CREEP", NULL);
    assert_non_null(c);
    assert_int_equal(c->category, SG_CAT_COST);
    sg_findings_free(&f);
}

static const char *task_path(const char *task, const char *file)
{
    const char *root = getenv("SG_TESTDATA");
    return sg_arena_printf(A, "%s/tasks/%s/lib/%s", root ? root : "testdata", task, file);
}

static sg_report task_report(const char *task)
{
    sg_report r;
    sg_error err;
    sg_report_opts o = {.model_path = task_path(task, "MODEL_RESPONSE.md"),
                        .ideal_path = task_path(task, "TapStack.yml"),
                        .prompt_path = task_path(task, "PROMPT.md")};
    if (sg_report_build(A, &o, &r, &err) != 0)
        fail_msg("report failed: %s", err.msg);
    return r;
}

static void model_equal_to_ideal_has_no_findings(void **state)
{
    (void)state;
    sg_report r = task_report("matches");
    for (size_t i = 0; i < r.findings.n; i++)
        assert_true(r.findings.v[i].shared); /* only gaps the ideal has too */
    for (int sev = 0; sev < SG_SEV_COUNT; sev++)
        assert_int_equal(r.by_severity[sev], 0);
    assert_int_equal(r.verdict, SG_VERDICT_MATCHES);
    assert_true(r.reqs.n >= 3);
    for (size_t i = 0; i < r.reqs.n; i++)
        assert_int_not_equal(r.reqs.v[i].status, SG_REQ_UNMET);
    sg_report_free(&r);
}

static void response_without_template(void **state)
{
    (void)state;
    sg_report r = task_report("no-template");
    assert_null(r.model);
    assert_int_equal(r.verdict, SG_VERDICT_NO_TEMPLATE);
    assert_non_null(strstr(r.model_problem, "prose only"));
    assert_non_null(find_rule(&r.findings, "TPL-MISSING", NULL));
    assert_non_null(find_rule(&r.findings, "REQ-UNMET", NULL));
    sg_report_free(&r);
}

static void over_engineered(void **state)
{
    (void)state;
    sg_report r = task_report("over-engineered");
    assert_non_null(find_rule(&r.findings, "DIFF-SCOPE-CREEP", NULL));
    assert_null(find_rule(&r.findings, "DIFF-MISSING-RESOURCE", NULL));
    sg_report_free(&r);
}

static void every_category_found(void **state)
{
    (void)state;
    sg_report r = task_report("all-categories");
    assert_int_equal(r.verdict, SG_VERDICT_FAILS);
    for (int c = 0; c < SG_CAT_COUNT; c++) {
        size_t n = 0;
        for (int s = 0; s < SG_SEV_COUNT; s++)
            n += r.by_category[c][s];
        if (!n)
            fail_msg("no finding in category %s", sg_category_id((sg_category)c));
    }
    /* evidence quotes the files' own text */
    const sg_finding *ref = find_rule(&r.findings, "TPL-REF-MISSING", NULL);
    assert_non_null(ref);
    assert_string_equal(ref->model.excerpt, "DBSubnetGroupName: !Ref DatabaseSubnets");
    assert_int_equal(ref->model.line, 69);
    /* unmet explicit requirements are critical */
    const sg_finding *q = find_rule(&r.findings, "REQ-UNMET", NULL);
    assert_non_null(q);
    assert_int_equal(q->severity, SG_SEV_CRITICAL);
    sg_report_free(&r);
}

static const char *write_tmp(const char *name, const char *text)
{
    const char *path = sg_arena_printf(A, "/tmp/sg-classify-%d-%s", (int)getpid(), name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static size_t count_rule(const sg_report *r, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < r->findings.n; i++)
        n += strcmp(r->findings.v[i].rule, rule) == 0;
    return n;
}

/* A hard-coded AZ is a finding, unless the prompt names that AZ. */
static void prompt_named_az_is_not_hardcoded(void **state)
{
    (void)state;
    const char *model = write_tmp("m.yaml", "Resources:\n  S:\n    Type: AWS::EC2::Subnet\n"
                                            "    Properties: {VpcId: vpc-1, CidrBlock: 10.0.0.0/24, "
                                            "AvailabilityZone: us-east-1a}\n");
    const char *ideal = write_tmp("i.yaml", "Resources:\n  S:\n    Type: AWS::EC2::Subnet\n"
                                            "    Properties: {VpcId: vpc-1, CidrBlock: 10.0.0.0/24, "
                                            "AvailabilityZone: !Select [0, !GetAZs '']}\n");
    const char *named = write_tmp("p1.md", "- The subnet must be in us-east-1a.\n");
    const char *plain = write_tmp("p2.md", "- Create one subnet.\n");
    sg_report r1, r2;
    sg_error err;
    sg_report_opts o = {.model_path = model, .ideal_path = ideal, .prompt_path = plain};
    assert_int_equal(sg_report_build(A, &o, &r1, &err), 0);
    assert_int_equal(count_rule(&r1, "TPL-HARDCODED-AZ"), 1);
    o.prompt_path = named;
    assert_int_equal(sg_report_build(A, &o, &r2, &err), 0);
    assert_int_equal(count_rule(&r2, "TPL-HARDCODED-AZ"), 0);
    sg_report_free(&r1);
    sg_report_free(&r2);
    for (const char *const *p = (const char *const[]){model, ideal, named, plain, NULL}; *p; p++)
        remove(*p);
}

/* Structure of a Markdown document as GitHub would read it. */
typedef struct md_shape {
    int h1, h2, h3;
    int tables;
    int rows[16]; /* body rows of each table, in order (cmark-gfm: the header is not a row) */
    char h2_titles[512];
} md_shape;

static md_shape parse_markdown(const char *md)
{
    md_shape m;
    memset(&m, 0, sizeof m);
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension("table"));
    cmark_parser_feed(p, md, strlen(md));
    cmark_node *doc = cmark_parser_finish(p);
    cmark_iter *it = cmark_iter_new(doc);
    for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        const char *type = cmark_node_get_type_string(n);
        if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
            int level = cmark_node_get_heading_level(n);
            m.h1 += level == 1;
            m.h2 += level == 2;
            m.h3 += level == 3;
            cmark_node *t = cmark_node_first_child(n);
            if (level == 2 && t && cmark_node_get_literal(t)) {
                strncat(m.h2_titles, cmark_node_get_literal(t), sizeof m.h2_titles - strlen(m.h2_titles) - 2);
                strcat(m.h2_titles, "|");
            }
        } else if (strcmp(type, "table") == 0) {
            m.tables++;
        } else if (strcmp(type, "table_row") == 0 && m.tables > 0 && m.tables <= 16) {
            m.rows[m.tables - 1]++;
        }
    }
    cmark_iter_free(it);
    cmark_node_free(doc);
    cmark_parser_free(p);
    return m;
}

static void rendered_report_parses_back(void **state)
{
    (void)state;
    sg_report r = task_report("all-categories");
    sg_strbuf md = SG_STRBUF_INIT, js = SG_STRBUF_INIT;
    sg_render_report_markdown(&md, &r);
    sg_render_report_json(&js, &r);
    assert_non_null(strstr(md.data, "# Model Failures Analysis\n"));
    md_shape m = parse_markdown(md.data);
    assert_int_equal(m.h1, 1);
    assert_string_equal(m.h2_titles, r.shared ? "Overview|Summary by category|Critical Failures|High Failures|"
                                     "Medium Failures|Low Failures|Shared gaps|Requirement compliance|"
                                     "Deployment readiness|Resource inventory|Resource graph|Structural diff in detail|"
                                     : "Overview|Summary by category|Critical Failures|High Failures|"
                                     "Medium Failures|Low Failures|Requirement compliance|"
                                     "Deployment readiness|Resource inventory|Resource graph|Structural diff in detail|");
    /* one numbered heading per critical/high/medium finding (low ones are a
     * table; the embedded diff's headings are deeper) */
    assert_int_equal(m.h3, (int)(r.findings.n - r.shared - r.by_severity[SG_SEV_LOW]) + 1);
    /* summary: one row per category with findings + total */
    int with_findings = 0;
    for (int c = 0; c < SG_CAT_COUNT; c++)
        with_findings += (r.by_category[c][0] + r.by_category[c][1] + r.by_category[c][2] +
                          r.by_category[c][3]) > 0;
    assert_int_equal(m.rows[0], with_findings + 1);
    int t = 1;
    if (r.by_severity[SG_SEV_LOW]) /* low findings: one row each */
        assert_int_equal(m.rows[t++], (int)r.by_severity[SG_SEV_LOW]);
    if (r.shared) /* shared gaps: one row each */
        assert_int_equal(m.rows[t++], (int)r.shared);
    /* requirements: one row each */
    assert_int_equal(m.rows[t++], (int)r.reqs.n);
    /* readiness: 10 components */
    assert_int_equal(m.rows[t], 10);
    sg_node *root = NULL;
    sg_error err;
    sg_parse_opts po = {.file = "report.json"};
    assert_int_equal(sg_parse_json(A, js.data, js.len, &po, &root, NULL, &err), 0);
    assert_string_equal(sg_map_get(root, "schema")->u.str, "stackgap/report/v1");
    assert_int_equal(sg_map_get(root, "findings")->len, r.findings.n);
    assert_string_equal(sg_map_get(sg_map_get(root, "summary"), "findings")->u.str,
                        sg_arena_printf(A, "%zu", r.findings.n - r.shared));
    assert_string_equal(sg_map_get(sg_map_get(root, "summary"), "verdict")->u.str, "fails");
    sg_strbuf_free(&md);
    sg_strbuf_free(&js);
    sg_report_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(missing_resources_grouped_by_type),
        cmocka_unit_test(properties_classified_by_table),
        cmocka_unit_test(nested_changes_fold_into_one_finding),
        cmocka_unit_test(sections_and_scope_creep),
        cmocka_unit_test(model_equal_to_ideal_has_no_findings),
        cmocka_unit_test(response_without_template),
        cmocka_unit_test(over_engineered),
        cmocka_unit_test(every_category_found),
        cmocka_unit_test(prompt_named_az_is_not_hardcoded),
        cmocka_unit_test(rendered_report_parses_back),
    };
    return cmocka_run_group_tests(tests, arena_setup, teardown);
}
