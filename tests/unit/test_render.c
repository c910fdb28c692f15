/* test_render.c - value emitters, paths, Markdown escaping, diff renderers. */
#include "testutil.h"


static const char *TEMPLATE =
    "AWSTemplateFormatVersion: '2010-09-09'\n"
    "Resources:\n"
    "  Fn:\n"
    "    Type: AWS::Lambda::Function\n"
    "    Properties:\n"
    "      Role: !GetAtt Role.Arn\n"
    "      Code: {ZipFile: \"print('hi')\\n\"}\n"
    "      Env: {Variables: {A: !Ref B, 'odd key': yes, n: null, e: [], m: {}}}\n"
    "      List: [[1, 2], {x: '3'}]\n";

static void yaml_and_json_round_trip(void **state)
{
    (void)state;
    sg_template t = load_text(A, "a.yaml", TEMPLATE);
    sg_strbuf y = SG_STRBUF_INIT, j = SG_STRBUF_INIT;
    sg_emit_yaml(&y, t.root);
    sg_emit_json(&j, t.root, 2);
    sg_template ty = load_text(A, "b.yaml", y.data);
    sg_template tj = load_text(A, "c.json", j.data);
    assert_true(sg_node_equal(t.root, ty.root));
    assert_true(sg_node_equal(t.root, tj.root));
    /* values YAML would read as something else are quoted */
    assert_non_null(strstr(y.data, "odd key\": \"yes\""));
    assert_non_null(strstr(y.data, "AWSTemplateFormatVersion: \"2010-09-09\""));
    sg_strbuf_free(&y);
    sg_strbuf_free(&j);
}

/* The head of a rendering is the same text cut short, never other text. */
static void yaml_head_is_a_prefix(void **state)
{
    (void)state;
    sg_template t = load_text(A, "a.yaml", TEMPLATE);
    sg_strbuf full = SG_STRBUF_INIT;
    sg_emit_yaml(&full, t.root);
    size_t lines = 0;
    for (size_t i = 0; i < full.len; i++)
        lines += full.data[i] == '\n';
    assert_true(lines > 8);
    for (size_t want = 1; want <= lines + 1; want++) {
        sg_strbuf head = SG_STRBUF_INIT;
        sg_emit_yaml_head(&head, t.root, want);
        size_t got = 0;
        for (size_t i = 0; i < head.len; i++)
            got += head.data[i] == '\n';
        assert_true(got >= (want < lines ? want : lines));
        assert_true(head.len <= full.len);
        assert_memory_equal(head.data, full.data, head.len);
        if (want <= 2)
            assert_true(head.len < full.len); /* it did stop early */
        sg_strbuf_free(&head);
    }
    sg_strbuf_free(&full);
}

static void inline_values(void **state)
{
    (void)state;
    sg_template t = load_text(A, "a.yaml", TEMPLATE);
    const sg_node *props = sg_map_get(t.resources[0].body, "Properties");
    sg_strbuf b = SG_STRBUF_INIT;
    sg_emit_inline(&b, sg_map_get(props, "Role"), 100);
    assert_string_equal(b.data, "!GetAtt Role.Arn");
    b.len = 0;
    sg_emit_inline(&b, sg_map_get(props, "Env"), 100);
    assert_string_equal(b.data, "{Variables: {A: !Ref B, e: [], m: {}, n: null, odd key: \"yes\"}}");
    b.len = 0;
    sg_emit_inline(&b, sg_map_get(props, "Env"), 10);
    assert_string_equal(b.data, "{Variables\xE2\x80\xA6");
    sg_strbuf_free(&b);
}

static void inline_cut_keeps_utf8_whole(void **state)
{
    (void)state;
    sg_node *s = sg_node_scalar(A, SG_STRING, "\xC3\xA9\xC3\xA9\xC3\xA9", 6, 1, 1);
    sg_strbuf b = SG_STRBUF_INIT;
    sg_emit_inline(&b, s, 4); /* "\"é" is 3 bytes, the next é would straddle 4 */
    assert_string_equal(b.data, "\"\xC3\xA9\xE2\x80\xA6");
    sg_strbuf_free(&b);
}

static void paths(void **state)
{
    (void)state;
    sg_path_seg p[] = {{"Properties", 0, NULL, NULL}, {"Tags", 0, NULL, NULL},
                       {NULL, 3, "Key", "Env"}, {"Value", 0, NULL, NULL},
                       {"a.b", 0, NULL, NULL}, {NULL, 2, NULL, NULL}};
    sg_strbuf b = SG_STRBUF_INIT;
    sg_emit_path(&b, p, 6);
    assert_string_equal(b.data, "Properties.Tags[Key=Env].Value[\"a.b\"][2]");
    sg_strbuf_free(&b);
}

static void markdown_escaping_is_inert(void **state)
{
    (void)state;
    const char *hostile = "<img src=x onerror=alert(1)> | `tick` ``` @admin #12 [x](http://e)";
    sg_strbuf b = SG_STRBUF_INIT;
    sg_md_code(&b, hostile, strlen(hostile));
    /* a code span longer than any backtick run, pipes escaped, no raw newline */
    assert_true(strncmp(b.data, "````", 4) == 0);
    assert_null(strstr(b.data, " | "));
    assert_non_null(strstr(b.data, "\\|"));
    b.len = 0;
    sg_md_text(&b, hostile, strlen(hostile));
    for (const char *p = b.data; (p = strpbrk(p, "<>[]@`|")); p++)
        assert_true(p > b.data && p[-1] == '\\'); /* every markup character escaped */
    assert_non_null(strstr(b.data, "\\<img"));
    /* GitHub ignores the backslash before @ and #: a zero-width space breaks them */
    assert_non_null(strstr(b.data, "\\@&#8203;admin"));
    assert_non_null(strstr(b.data, "\\#&#8203;12"));
    assert_non_null(strstr(b.data, "\\](http")); /* the link's bracket is escaped: inert */
    sg_strbuf_free(&b);
}

static sg_diff sample(void)
{
    return diff_text(A, "old.yaml",
                     "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: 'a|b'}\n"
                     "  Gone:\n    Type: AWS::SNS::Topic\n",
                     "new.yaml",
                     "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: 'a`b'}\n"
                     "  Key:\n    Type: AWS::KMS::Key\n");
}

static void text_renderer(void **state)
{
    (void)state;
    sg_diff d = sample();
    sg_strbuf b = SG_STRBUF_INIT;
    sg_render_opts o = {0};
    sg_render_diff_text(&b, &d, &o);
    assert_non_null(strstr(b.data, "--- old.yaml (yaml, 2 resources)\n+++ new.yaml (yaml, 2 resources)\n"));
    assert_non_null(strstr(b.data, "Resources: 1 added, 1 removed, 1 modified, 0 renamed, 0 unchanged\n"));
    assert_non_null(strstr(b.data, "~ B  AWS::S3::Bucket  [2 -> 2]\n    ~ Properties.BucketName: \"a|b\" -> \"a`b\"  [4 -> 4]\n"));
    assert_non_null(strstr(b.data, "- Gone  AWS::SNS::Topic  [5]\n"));
    assert_non_null(strstr(b.data, "+ Key  AWS::KMS::Key  [5]\n"));
    assert_null(strchr(b.data, '\033'));
    b.len = 0;
    o.color = true;
    sg_render_diff_text(&b, &d, &o);
    assert_non_null(strstr(b.data, "\033[32m+ "));
    sg_strbuf_free(&b);
}

static void markdown_renderer(void **state)
{
    (void)state;
    sg_diff d = sample();
    sg_strbuf b = SG_STRBUF_INIT;
    sg_render_diff_markdown(&b, &d, NULL);
    assert_non_null(strstr(b.data, "| Resources | 1 | 1 | 1 | 0 | 0 |\n"));
    assert_non_null(strstr(b.data, "| modified | `B` | `AWS::S3::Bucket` | 2 | 2 | 1 |\n"));
    /* template text stays inside code spans, pipes escaped */
    assert_non_null(strstr(b.data, "| changed | `Properties.BucketName` | `\"a\\|b\"` | ``\"a`b\"`` | 4 → 4 |\n"));
    sg_strbuf_free(&b);
}

static void json_renderer_parses(void **state)
{
    (void)state;
    sg_diff d = sample();
    sg_strbuf b = SG_STRBUF_INIT;
    sg_render_diff_json(&b, &d);
    sg_node *root = NULL;
    sg_error err;
    sg_parse_opts po = {.file = "diff.json"};
    assert_int_equal(sg_parse_json(A, b.data, b.len, &po, &root, NULL, &err), 0);
    assert_string_equal(sg_map_get(root, "schema")->u.str, "stackgap/diff/v1");
    assert_string_equal(sg_map_get(root, "equivalent")->u.str, "false");
    const sg_node *entries = sg_map_get(root, "entries");
    assert_int_equal(entries->len, 3);
    const sg_node *first = entries->u.items[0];
    assert_string_equal(sg_map_get(first, "status")->u.str, "modified");
    const sg_node *ch = sg_map_get(first, "changes")->u.items[0];
    assert_string_equal(sg_map_get(ch, "path")->u.str, "Properties.BucketName");
    assert_string_equal(sg_map_get(sg_map_get(ch, "new"), "value")->u.str, "a`b");
    assert_string_equal(sg_map_get(sg_map_get(ch, "old"), "line")->u.str, "4");
    const sg_node *summary = sg_map_get(sg_map_get(root, "summary"), "resources");
    assert_string_equal(sg_map_get(summary, "added")->u.str, "1");
    sg_strbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(yaml_and_json_round_trip),
        cmocka_unit_test(yaml_head_is_a_prefix),
        cmocka_unit_test(inline_values),
        cmocka_unit_test(inline_cut_keeps_utf8_whole),
        cmocka_unit_test(paths),
        cmocka_unit_test(markdown_escaping_is_inert),
        cmocka_unit_test(text_renderer),
        cmocka_unit_test(markdown_renderer),
        cmocka_unit_test(json_renderer_parses),
    };
    return cmocka_run_group_tests(tests, arena_setup, arena_teardown);
}
