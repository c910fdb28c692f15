/* test_machine.c - SARIF and JUnit rendering (report_sarif.c,
 * report_junit.c) and the XML escaping they rely on (escape.c). */
#include <stdlib.h>

#include "testutil.h"

#include "stackgap/report.h"
#include "stackgap/rules.h"

static void xml_escaping(void **state)
{
    (void)state;
    /* markup, quotes, C0 controls, invalid UTF-8, U+FFFE, a valid é */
    static const char in[] = "a<b>&\"'\x01\x1f\t\n\r|\xff|\xEF\xBF\xBE|\xC3\xA9";
    sg_strbuf b = SG_STRBUF_INIT;
    sg_xml_attr(&b, in, sizeof in - 1);
    assert_string_equal(b.data, "a&lt;b&gt;&amp;&quot;&apos;&#9;&#10;&#13;|\xEF\xBF\xBD||\xC3\xA9");
    b.len = 0;
    sg_xml_text(&b, in, sizeof in - 1);
    assert_string_equal(b.data, "a&lt;b&gt;&amp;\"'\t\n&#13;|\xEF\xBF\xBD||\xC3\xA9");
    sg_strbuf_free(&b);
}

static sg_finding finding(const char *rule, sg_severity sev, uint32_t line)
{
    return (sg_finding){.rule = rule, .category = SG_CAT_ENCRYPTION, .severity = sev,
                        .kind = SG_KIND_INVALID, .title = "Bucket <Logs> & \x01 co",
                        .message = "Why.", .resource_type = "AWS::S3::Bucket",
                        .model_id = "Logs", .path = "Properties.BucketEncryption",
                        .model = {"dir/a b#.yaml", line, NULL}};
}

/* The n-th occurrence of key's value in s ("key": value up to , or }). */
static char *nth_value(const char *s, const char *key, int n)
{
    const char *p = s;
    for (int i = 0; i <= n; i++) {
        p = strstr(p, key);
        if (!p)
            return NULL;
        p += strlen(key);
    }
    size_t len = strcspn(p, ",}");
    char *v = malloc(len + 1);
    memcpy(v, p, len);
    v[len] = '\0';
    return v;
}

static void sarif_levels_lines_and_uris(void **state)
{
    (void)state;
    sg_finding v[4] = {finding("S3-01", SG_SEV_CRITICAL, 7), finding("S3-01", SG_SEV_HIGH, 0),
                       finding("TPL-CYCLE", SG_SEV_MEDIUM, 3), finding("X-UNKNOWN", SG_SEV_LOW, 4)};
    v[1].model_id = "Other";
    sg_findings f = {v, 4, 4};
    sg_findings_run run = {.file = "dir/a b#.yaml", .findings = &f};
    sg_strbuf b = SG_STRBUF_INIT;
    sg_render_findings_sarif(&b, &run);
    static const char *const want[] = {"\"error\"", "\"error\"", "\"warning\"", "\"note\""};
    const char *results = strstr(b.data, "\"results\": ");
    for (int i = 0; i < 4; i++) {
        char *level = nth_value(results, "\"level\": ", i);
        assert_string_equal(level, want[i]);
        free(level);
    }
    /* rules sorted, one per id; ruleIndex points into them */
    char *r0 = nth_value(b.data, "{\"id\": ", 0), *r2 = nth_value(b.data, "{\"id\": ", 2);
    assert_string_equal(r0, "\"S3-01\"");
    assert_string_equal(r2, "\"X-UNKNOWN\"");
    assert_null(nth_value(b.data, "{\"id\": ", 3));
    free(r0);
    free(r2);
    char *i3 = nth_value(b.data, "\"ruleIndex\": ", 3);
    assert_string_equal(i3, "2");
    free(i3);
    /* a finding without a line points at line 1 and says so */
    char *l1 = nth_value(b.data, "\"startLine\": ", 1);
    assert_string_equal(l1, "1");
    free(l1);
    assert_non_null(strstr(b.data, "so the location is line 1 of the file"));
    assert_null(strstr(b.data, "\"startLine\": 0"));
    /* the path percent-encoded; the title's control character JSON-escaped */
    assert_non_null(strstr(b.data, "\"uri\": \"dir/a%20b%23.yaml\""));
    assert_non_null(strstr(b.data, "Bucket <Logs> & \\u0001 co"));
    /* encryption is a security category: tag, and a score from the rule's default
     * severity (S3-01: medium); no ideal, no baselineState */
    assert_non_null(strstr(b.data, "\"security\"], \"security-severity\": \"5.5\""));
    assert_null(strstr(b.data, "baselineState"));
    b.len = 0;
    v[0].model.file = "/abs/t.yaml";
    run.with_ideal = true;
    v[1].shared = true;
    sg_render_findings_sarif(&b, &run);
    assert_non_null(strstr(b.data, "\"uri\": \"file:///abs/t.yaml\""));
    char *s0 = nth_value(b.data, "\"baselineState\": ", 0);
    char *s1 = nth_value(b.data, "\"baselineState\": ", 1);
    assert_string_equal(s0, "\"new\"");
    assert_string_equal(s1, "\"unchanged\"");
    free(s0);
    free(s1);
    sg_strbuf_free(&b);
}

static const char *CHECKED =
    "Resources:\n"
    "  Logs:\n"
    "    Type: AWS::S3::Bucket\n"
    "  Role:\n"
    "    Type: AWS::IAM::Role\n"
    "    Properties:\n"
    "      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: '*'}]}\n"
    "      Policies: [{PolicyName: p, PolicyDocument: {Statement: [{Effect: Allow, Action: '*', "
    "Resource: '*'}]}}]\n";

static void sarif_of(const char *text, sg_strbuf *out, sg_findings *f)
{
    sg_template t = load_text(A, "t.yaml", text);
    sg_check_template(A, &t, f);
    sg_findings_run run = {.file = "t.yaml", .findings = f, .model = &t};
    sg_render_findings_sarif(out, &run);
}

static void fingerprints_ignore_line_shifts(void **state)
{
    (void)state;
    char shifted[2048];
    snprintf(shifted, sizeof shifted, "# a comment\n\n# moves every line down by three\n%s", CHECKED);
    sg_strbuf a = SG_STRBUF_INIT, b = SG_STRBUF_INIT;
    sg_findings fa = {0}, fb = {0};
    sarif_of(CHECKED, &a, &fa);
    sarif_of(shifted, &b, &fb);
    assert_true(fa.n >= 3);
    assert_int_equal(fa.n, fb.n);
    for (int i = 0; i < (int)fa.n; i++) {
        char *pa = nth_value(a.data, "\"partialFingerprints\": ", i);
        char *pb = nth_value(b.data, "\"partialFingerprints\": ", i);
        assert_string_equal(pa, pb);
        /* distinct within a run */
        for (int k = 0; k < i; k++) {
            char *pk = nth_value(a.data, "\"partialFingerprints\": ", k);
            assert_string_not_equal(pk, pa);
            free(pk);
        }
        free(pa);
        free(pb);
    }
    /* the lines did move */
    char *la = nth_value(a.data, "\"startLine\": ", 0), *lb = nth_value(b.data, "\"startLine\": ", 0);
    assert_int_equal(atoi(la) + 3, atoi(lb));
    free(la);
    free(lb);
    /* a renamed resource is another gap */
    sg_strbuf c = SG_STRBUF_INIT;
    sg_findings fc = {0};
    char renamed[2048];
    snprintf(renamed, sizeof renamed, "%s", CHECKED);
    memcpy(strstr(renamed, "  Role:"), "  Rolf:", 7);
    sarif_of(renamed, &c, &fc);
    size_t same = 0;
    for (int i = 0; i < (int)fa.n; i++) {
        char *pa = nth_value(a.data, "\"partialFingerprints\": ", i);
        same += strstr(c.data, pa) != NULL;
        free(pa);
    }
    assert_true(same < fa.n);
    sg_findings_free(&fa);
    sg_findings_free(&fb);
    sg_findings_free(&fc);
    sg_strbuf_free(&a);
    sg_strbuf_free(&b);
    sg_strbuf_free(&c);
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void junit_cases_and_counts(void **state)
{
    (void)state;
    sg_template t = load_text(A, "t.yaml", CHECKED);
    sg_findings f = {0};
    sg_check_template(A, &t, &f);
    sg_finding *x = sg_findings_add(&f);
    *x = finding("S3-01", SG_SEV_LOW, 2);
    x->shared = true;
    sg_findings_run run = {.file = "t.yaml", .findings = &f, .model = &t};
    sg_strbuf b = SG_STRBUF_INIT;
    sg_render_findings_junit(&b, &run);
    size_t cases = count(b.data, "<testcase "), failures = count(b.data, "<failure ");
    assert_int_equal(failures, f.n - 1);
    assert_int_equal(count(b.data, "<skipped "), 1);
    assert_true(cases > f.n); /* rules that ran and passed are cases too */
    char head[160];
    snprintf(head, sizeof head, "<testsuites name=\"stackgap\" tests=\"%zu\" failures=\"%zu\" "
                                "errors=\"0\" skipped=\"1\">", cases, failures);
    assert_non_null(strstr(b.data, head));
    /* a passing rule of a type the template has; none of a type it lacks */
    assert_non_null(strstr(b.data, "<testcase name=\"S3-03 "));
    assert_null(strstr(b.data, "name=\"RDS-"));
    /* spec rules run on every template; the suffix-parameter rule needs an ideal */
    assert_non_null(strstr(b.data, "<testcase name=\"SPEC-WRONG-SHAPE "));
    assert_null(strstr(b.data, "name=\"SPEC-REPLACEMENT"));
    assert_null(strstr(b.data, "name=\"TPL-SUFFIX-PARAM-MISSING"));
    /* the title's markup escaped, its control character gone */
    assert_non_null(strstr(b.data, "Bucket &lt;Logs&gt; &amp;  co"));
    for (const char *p = b.data; *p; p++)
        assert_true((unsigned char)*p >= 0x20 || *p == '\n');
    sg_findings_free(&f);
    sg_strbuf_free(&b);
}

static void builtin_rules_are_described(void **state)
{
    (void)state;
    size_t n;
    const sg_rule *r = sg_rules_builtin(&n);
    for (size_t i = 1; i < n; i++)
        assert_true(strcmp(r[i - 1].id, r[i].id) < 0);
    for (size_t i = 0; i < n; i++) {
        assert_ptr_equal(sg_rule_describe(r[i].id), &r[i]);
        assert_null(sg_rule_find(r[i].id)); /* no clash with the catalog */
    }
    assert_non_null(sg_rule_describe("S3-01"));
    assert_null(sg_rule_describe("NOPE-1"));
    /* every rule id the bundled example produces has a description */
    char path[1024];
    const char *td = getenv("SG_TESTDATA");
    static const char *const files[] = {"examples/model.yaml", "examples/ideal.json"};
    for (int k = 0; k < 2; k++) {
        snprintf(path, sizeof path, "%s/%s", td ? td : "testdata", files[k]);
        sg_template t;
        sg_error err;
        assert_int_equal(sg_load_file(A, path, NULL, &t, &err), 0);
        sg_findings f = {0};
        sg_check_template(A, &t, &f);
        for (size_t i = 0; i < f.n; i++)
            assert_non_null(sg_rule_describe(f.v[i].rule));
        sg_findings_free(&f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(xml_escaping),
        cmocka_unit_test(sarif_levels_lines_and_uris),
        cmocka_unit_test(fingerprints_ignore_line_shifts),
        cmocka_unit_test(junit_cases_and_counts),
        cmocka_unit_test(builtin_rules_are_described),
    };
    return cmocka_run_group_tests(tests, arena_setup, arena_teardown);
}
