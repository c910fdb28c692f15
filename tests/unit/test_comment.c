/* test_comment.c - escaping of hostile template text (escape.c) checked by
 * parsing the output with cmark-gfm and its GFM extensions, secret masking,
 * the comment marker and key, and the size-degradation ladder on a
 * generated template pair large enough to need every step. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <cmark-gfm/registry.h> /* cmark_release_plugins */
#include <ctype.h>
#include <stdlib.h>
#include <unistd.h>

#include "gen_template.h"
#include "stackgap/comment.h"
#include "testutil.h"

#define HOSTILE                                                                              \
    "@octocat fixes #12, GH-34, org/repo#56 and a@b.example: www.evil.example "              \
    "https://evil.example/x <script>alert(1)</script> <img src=x onerror=y> "              \
    "[click](javascript:alert(1)) ![i](http://e/p.png) ~~del~~ **b** &amp; "               \
    "\033[31mred\033[0m \xE2\x80\xAE" "bidi\xE2\x80\xAC \xD8\x9C \xC2\x85 \x01 ```fence | x | END"

static int teardown(void **state)
{
    cmark_release_plugins(); /* the gfm extension registry is process-global */
    return arena_teardown(state);
}

static cmark_node *parse_gfm(const char *md, cmark_parser **pp)
{
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    const char *exts[] = {"table", "autolink", "strikethrough", "tagfilter"};
    for (size_t i = 0; i < 4; i++)
        cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(exts[i]));
    cmark_parser_feed(p, md, strlen(md));
    *pp = p;
    return cmark_parser_finish(p);
}

/* Our own HTML: the marker, <details>/<summary> and the <sub> footer. */
static bool own_html(const char *lit)
{
    static const char *const ok[] = {"<!-- stackgap:comment key=", "<details>", "</details>",
                                     "<summary>", "</summary>", "<sub>", "</sub>"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (strncmp(lit, ok[i], strlen(ok[i])) == 0)
            return true;
    return false;
}

/* Walks the tree: no link or image, no HTML but ours, and no text node
 * that GitHub would turn into a mention, an issue reference or a link. */
static void assert_inert(cmark_node *root, bool allow_own_html)
{
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node_type t = cmark_node_get_type(n);
        assert_int_not_equal(t, CMARK_NODE_LINK);
        assert_int_not_equal(t, CMARK_NODE_IMAGE);
        if (t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK) {
            if (!allow_own_html || !own_html(cmark_node_get_literal(n)))
                fail_msg("template HTML got through: %s", cmark_node_get_literal(n));
        }
        if (t == CMARK_NODE_TEXT) {
            const char *s = cmark_node_get_literal(n);
            for (const char *p = s; *p; p++) {
                if (*p == '@')
                    assert_false(isalnum((unsigned char)p[1]));
                if (*p == '#')
                    assert_false(p[1] >= '0' && p[1] <= '9');
                assert_false(*p == '\033');
            }
            for (const char *q = s; (q = strstr(q, "://")); q++) /* scheme broken by a ZWSP */
                assert_true(q - s >= 3 && memcmp(q - 3, "\xE2\x80\x8B", 3) == 0);
            assert_null(strstr(s, "www."));
            assert_null(strstr(s, "GH-3"));
        }
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK) {
            const char *s = cmark_node_get_literal(n);
            assert_null(strchr(s, '\033'));
            assert_null(strstr(s, "\xE2\x80\xAE")); /* bidi override */
            assert_null(strstr(s, "\xD8\x9C"));
            assert_null(strstr(s, "\xC2\x85"));
            assert_null(strchr(s, '\x01'));
        }
    }
    cmark_iter_free(it);
}

static void hostile_prose_code_and_fence_are_inert(void **state)
{
    (void)state;
    const char *h = HOSTILE;
    sg_strbuf b = SG_STRBUF_INIT;
    /* prose and code span in one table row, a paragraph, and a fence */
    sg_strbuf_puts(&b, "| prose | code |\n|---|---|\n| ");
    sg_md_text(&b, h, strlen(h));
    sg_strbuf_puts(&b, " | ");
    sg_md_code(&b, h, strlen(h));
    sg_strbuf_puts(&b, " |\n\n");
    sg_md_text(&b, h, strlen(h));
    sg_strbuf_puts(&b, "\n\n");
    sg_md_fence(&b, "yaml", h, strlen(h));
    sg_strbuf_puts(&b, "\nafter the fence\n");
    cmark_parser *p;
    cmark_node *root = parse_gfm(b.data, &p);
    assert_inert(root, false);
    /* the table kept both cells whole: the pipes did not split them */
    cmark_node *table = cmark_node_first_child(root);
    assert_string_equal(cmark_node_get_type_string(table), "table");
    cmark_node *row = cmark_node_next(cmark_node_first_child(table));
    cmark_node *c1 = cmark_node_first_child(row), *c2 = cmark_node_next(c1);
    assert_non_null(c2);
    assert_null(cmark_node_next(c2));
    char *html = cmark_render_html(c2, CMARK_OPT_DEFAULT, NULL);
    assert_non_null(strstr(html, "| x | END")); /* the code span holds every pipe */
    free(html);
    html = cmark_render_html(c1, CMARK_OPT_DEFAULT, NULL);
    assert_non_null(strstr(html, "| x | END"));
    free(html);
    /* the fence closed: the last block is the paragraph after it */
    cmark_node *last = cmark_node_last_child(root);
    assert_int_equal(cmark_node_get_type(last), CMARK_NODE_PARAGRAPH);
    /* the mention is still readable, only broken */
    assert_non_null(strstr(b.data, "@&#8203;octocat"));
    assert_non_null(strstr(b.data, "#&#8203;12"));
    assert_non_null(strstr(b.data, "GH&#8203;-34"));
    assert_non_null(strstr(b.data, "www&#8203;."));
    assert_non_null(strstr(b.data, "https&#8203;://"));
    cmark_node_free(root);
    cmark_parser_free(p);
    sg_strbuf_free(&b);
}

static void controls_are_dropped_or_shown(void **state)
{
    (void)state;
    sg_strbuf b = SG_STRBUF_INIT;
    const char *s = "a\033[1;31mb\033]0;title\007c\xE2\x81\xA6" "d\xC2\x9B" "e";
    sg_md_code(&b, s, strlen(s));
    assert_string_equal(b.data, "`abc\xEF\xBF\xBD" "de`");
    b.len = 0;
    sg_md_code(&b, "\033[0m\x01", 5); /* nothing left: no bare "``" */
    assert_string_equal(b.data, "(empty)");
    sg_strbuf_free(&b);
}

static void secrets_are_masked(void **state)
{
    (void)state;
    sg_template t = load_text(A, "t.yaml",
                              "Parameters:\n  Pw:\n    Type: String\n    NoEcho: true\n"
                              "    Default: noecho-default\n"
                              "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n"
                              "      MasterUserPassword: literal-pw\n      ManageMasterUserPassword: true\n"
                              "      ApiKey: !Ref Pw\n");
    sg_secrets sec = {0};
    sg_secrets_collect(&sec, t.root);
    sg_strbuf b = SG_STRBUF_INIT;
    const char *text = "Default: noecho-default\n  MasterUserPassword: 'literal-pw'\n"
                       "\"ClientSecret\": \"abc\",\nToken: x1\nManageMasterUserPassword: true\n"
                       "ApiKey: !Ref Pw\nName: uses noecho-default inside\nServiceToken: arn:x\n";
    sg_mask_secrets(&b, &sec, text, strlen(text));
    assert_string_equal(b.data, "Default: ****\n  MasterUserPassword: '****'\n"
                                "\"ClientSecret\": \"****\",\nToken: ****\n"
                                "ManageMasterUserPassword: true\nApiKey: !Ref Pw\n"
                                "Name: uses **** inside\nServiceToken: arn:x\n");
    sg_strbuf_free(&b);
    sg_secrets_free(&sec);
}

/* A block scalar under a secret key: each of its lines is collected, and
 * the lines under "Key: |" are masked even with no template at hand. */
static void multiline_secrets_are_masked(void **state)
{
    (void)state;
    sg_template t = load_text(A, "t.yaml",
                              "Resources:\n  S:\n    Type: AWS::SecretsManager::Secret\n"
                              "    Properties:\n      SecretString: |\n"
                              "        {\"password\":\"MultiLinePassw0rd!\"}\n"
                              "      Name: s\n");
    sg_secrets sec = {0};
    sg_secrets_collect(&sec, t.root);
    sg_strbuf b = SG_STRBUF_INIT;
    const char *quoted = "  note: {\"password\":\"MultiLinePassw0rd!\"}\n";
    sg_mask_secrets(&b, &sec, quoted, strlen(quoted));
    assert_string_equal(b.data, "  note: ****\n");
    b.len = 0;
    const char *text = "  - PrivateKey: |-\n      -----BEGIN KEY-----\n\n      c2VjcmV0a2V5\n"
                       "    Name: after\nSecretString: >\n  folded secret\nTop: 1\n";
    sg_mask_secrets(&b, NULL, text, strlen(text));
    assert_string_equal(b.data, "  - PrivateKey: |-\n      ****\n\n      ****\n"
                                "    Name: after\nSecretString: >\n  ****\nTop: 1\n");
    sg_strbuf_free(&b);
    sg_secrets_free(&sec);
}

static void marker_and_key(void **state)
{
    (void)state;
    sg_strbuf b = SG_STRBUF_INIT;
    sg_comment_default_key(&b, "lib/TapStack.yml", "pr dir/TapStack.yml");
    assert_string_equal(b.data, "lib/TapStack.yml..pr_dir/TapStack.yml");
    b.len = 0;
    char longp[200];
    memset(longp, 'x', sizeof longp - 1);
    longp[sizeof longp - 1] = '\0';
    sg_comment_default_key(&b, longp, "new.yaml");
    assert_int_equal(b.len, 17);
    assert_true(b.data[0] == 'h' && sg_comment_key_valid(b.data));
    b.len = 0;
    sg_comment_marker(&b, "k1");
    assert_string_equal(b.data, "<!-- stackgap:comment key=k1 -->");
    assert_false(sg_comment_key_valid("a -->"));
    assert_false(sg_comment_key_valid(""));
    assert_true(sg_comment_key_valid("pr/12_x-y.z"));
    sg_strbuf_free(&b);
}

static const char *data_path(const char *rel)
{
    const char *root = getenv("SG_TESTDATA");
    return sg_arena_printf(A, "%s/%s", root ? root : "testdata", rel);
}

/* The marker alone on line 1; <details> balanced; the last block is the
 * footer (an unclosed fence or <details> would have swallowed it); a
 * counts table when there are findings; nothing from templates active. */
static void assert_well_formed(const char *md, size_t findings)
{
    assert_true(strncmp(md, "<!-- stackgap:comment key=", 26) == 0);
    const char *nl = strchr(md, '\n');
    assert_non_null(nl);
    assert_true(nl - md > 4 && strncmp(nl - 4, " -->", 4) == 0);
    cmark_parser *p;
    cmark_node *root = parse_gfm(md, &p);
    /* <details> blocks balanced (as HTML blocks; inside code they are text) */
    int depth = 0;
    for (cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n)) {
        if (cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK)
            continue;
        const char *lit = cmark_node_get_literal(n);
        depth += strncmp(lit, "<details>", 9) == 0;
        depth -= strncmp(lit, "</details>", 10) == 0;
        assert_true(depth == 0 || depth == 1);
    }
    assert_int_equal(depth, 0);
    assert_inert(root, true);
    cmark_node *last = cmark_node_last_child(root);
    assert_int_equal(cmark_node_get_type(last), CMARK_NODE_PARAGRAPH);
    char *txt = cmark_render_commonmark(last, CMARK_OPT_DEFAULT, 0);
    assert_non_null(strstr(txt, "stackgap comment"));
    free(txt);
    bool table = false;
    for (cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n))
        table |= strcmp(cmark_node_get_type_string(n), "table") == 0;
    assert_true(table == (findings > 0));
    cmark_node_free(root);
    cmark_parser_free(p);
}

static void hostile_pair_comment(void **state)
{
    (void)state;
    sg_comment_opts o = {.old_path = data_path("hostile/old.yaml"),
                         .new_path = data_path("hostile/new.yaml"), .key = "hostile"};
    sg_report r;
    sg_error err;
    assert_int_equal(sg_comment_build(A, &o, &r, &err), 0);
    sg_strbuf b = SG_STRBUF_INIT;
    sg_comment_result res;
    sg_comment_render(&b, &r, &o, &res);
    assert_int_equal(res.step, SG_COMMENT_FULL);
    assert_well_formed(b.data, r.findings.n - r.shared);
    assert_null(strstr(b.data, "hunter2"));
    assert_null(strstr(b.data, "Sup3rSecret"));
    assert_null(strstr(b.data, "tok-0123"));
    assert_null(strstr(b.data, "MultiLinePassw0rd"));
    assert_null(strstr(b.data, "c2VjcmV0a2V5"));
    assert_null(strstr(b.data, "BEGIN KEY"));
    /* change wording, and security-relevant changes before the categories */
    assert_non_null(strstr(b.data, "Removed AWS::KMS::Key: DataKey"));
    assert_null(strstr(b.data, "the ideal"));
    const char *sec = strstr(b.data, "Security-relevant changes");
    assert_non_null(sec);
    assert_true(sec < strstr(b.data, "IAM widened"));
    assert_true(strstr(b.data, "security group opened") < strstr(b.data, "encryption removed"));
    /* replacements (resource spec) come first among them */
    const char *rep = strstr(b.data, "will be replaced");
    assert_non_null(rep);
    assert_true(rep < strstr(b.data, "IAM widened"));
    sg_strbuf_free(&b);
    sg_report_free(&r);
}

/* With a label, no step names the paths given (the Action's temporary
 * copies): the verdict, the evidence and the report hint show the label. */
static void label_replaces_paths(void **state)
{
    (void)state;
    sg_comment_opts o = {.old_path = data_path("hostile/old.yaml"),
                         .new_path = data_path("hostile/new.yaml"), .label = "cfn/app stack.yaml"};
    sg_report r;
    sg_error err;
    assert_int_equal(sg_comment_build(A, &o, &r, &err), 0);
    sg_strbuf b = SG_STRBUF_INIT;
    for (int s = 0; s < SG_COMMENT_STEP_COUNT; s++) {
        b.len = 0;
        sg_comment_render_step(&b, &r, &o, (sg_comment_step)s, 4000, NULL);
        assert_null(strstr(b.data, "hostile/"));
        assert_non_null(strstr(b.data, "`cfn/app stack.yaml"));
    }
    /* the key comes from the label: hashed, since a space is not a key character */
    assert_non_null(strstr(b.data, "<!-- stackgap:comment key=h"));
    b.len = 0;
    sg_comment_render_step(&b, &r, &o, SG_COMMENT_POINTER, 0, NULL);
    assert_non_null(strstr(b.data, "`stackgap report NEW OLD` on the head and base versions of "
                                   "`cfn/app stack.yaml`"));
    assert_non_null(strstr(b.data, " after `cfn/app stack.yaml:"));
    b.len = 0;
    sg_comment_label_key(&b, "lib/TapStack.yml");
    assert_string_equal(b.data, "lib/TapStack.yml");
    sg_strbuf_free(&b);
    sg_report_free(&r);
}

/* The last step at a budget no title fits: the count, and no heading over
 * an empty list. */
static void truncated_without_titles(void **state)
{
    (void)state;
    sg_comment_opts o = {.old_path = data_path("hostile/old.yaml"),
                         .new_path = data_path("hostile/new.yaml"), .key = "k"};
    sg_report r;
    sg_error err;
    assert_int_equal(sg_comment_build(A, &o, &r, &err), 0);
    sg_strbuf b = SG_STRBUF_INIT;
    sg_comment_result res;
    sg_comment_render_step(&b, &r, &o, SG_COMMENT_TRUNCATED, 1, &res);
    assert_true(res.titles_omitted > 0);
    assert_null(strstr(b.data, "titles only"));
    assert_non_null(strstr(b.data, "critical/high findings not listed"));
    sg_strbuf_free(&b);
    sg_report_free(&r);
}

static int write_file(const char *path, const sg_strbuf *b)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = fwrite(b->data, 1, b->len, f);
    return fclose(f) == 0 && n == b->len ? 0 : -1;
}

static void comment_on(const char *old_text, const char *new_text, sg_strbuf *b)
{
    char dir[] = "/tmp/sg_comment_XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *oldp = sg_arena_printf(A, "%s/old.yaml", dir), *newp = sg_arena_printf(A, "%s/new.yaml", dir);
    sg_strbuf t = SG_STRBUF_INIT;
    sg_strbuf_puts(&t, old_text);
    assert_int_equal(write_file(oldp, &t), 0);
    t.len = 0;
    sg_strbuf_puts(&t, new_text);
    assert_int_equal(write_file(newp, &t), 0);
    sg_strbuf_free(&t);
    sg_comment_opts o = {.old_path = oldp, .new_path = newp, .key = "k"};
    sg_report r;
    sg_error err;
    assert_int_equal(sg_comment_build(A, &o, &r, &err), 0);
    sg_comment_render(b, &r, &o, NULL);
    sg_report_free(&r);
    unlink(oldp);
    unlink(newp);
    rmdir(dir);
}

#define BUCKET "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n" \
               "      BucketName: b\n"
#define BLOCK "      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n" \
              "        BlockPublicPolicy: true\n        IgnorePublicAcls: true\n" \
              "        RestrictPublicBuckets: true\n"

/* Adding a public access block narrows access: not "widened", and not a
 * security-relevant change; removing it widens access. */
static void public_access_wording(void **state)
{
    (void)state;
    sg_strbuf b = SG_STRBUF_INIT;
    comment_on(BUCKET, BUCKET BLOCK, &b);
    assert_null(strstr(b.data, "public access widened"));
    assert_null(strstr(b.data, "Security-relevant changes"));
    b.len = 0;
    comment_on(BUCKET BLOCK, BUCKET, &b);
    assert_non_null(strstr(b.data, "public access widened"));
    sg_strbuf_free(&b);
}

/* A name holding one of classify.c's phrases is not reworded, and does
 * not change how the finding is read: only the fixed phrase is. */
static void crafted_names_keep_their_words(void **state)
{
    (void)state;
    sg_strbuf b = SG_STRBUF_INIT;
    comment_on(BUCKET "  \"Gone is missing\":\n    Type: AWS::SNS::Topic\n", BUCKET, &b);
    assert_non_null(strstr(b.data, "Removed AWS::SNS::Topic: Gone is missing"));
    assert_null(strstr(b.data, "Gone removed"));
    b.len = 0;
    comment_on(BUCKET, BUCKET "  \"New extra Topic differs from the ideal\":\n"
               "    Type: AWS::SNS::Topic\n", &b);
    assert_non_null(strstr(b.data, "Added AWS::SNS::Topic: New extra Topic differs from the ideal"));
    sg_strbuf_free(&b);
}

/* A generated pair (bench/gen_template.c) large enough that the full body
 * is far over any limit: each step, forced, is smaller than the one
 * before; each is what sg_comment_render picks at a limit equal to its
 * size; and the output is never over the limit and always well formed. */
static void degradation_ladder(void **state)
{
    (void)state;
    char dir[] = "/tmp/sg_comment_XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *oldp = sg_arena_printf(A, "%s/old.json", dir), *newp = sg_arena_printf(A, "%s/new.json", dir);
    sg_strbuf t = SG_STRBUF_INIT;
    gen_template(&t, 1500, 7, false, NULL);
    assert_int_equal(write_file(oldp, &t), 0);
    t.len = 0;
    gen_template(&t, 1500, 7, true, NULL);
    assert_int_equal(write_file(newp, &t), 0);
    sg_strbuf_free(&t);
    sg_comment_opts o = {.old_path = oldp, .new_path = newp, .key = "ladder"};
    sg_report r;
    sg_error err;
    assert_int_equal(sg_comment_build(A, &o, &r, &err), 0);
    unlink(oldp);
    unlink(newp);
    rmdir(dir);
    size_t top = r.by_severity[SG_SEV_CRITICAL] + r.by_severity[SG_SEV_HIGH];
    assert_true(top >= 2 && r.by_severity[SG_SEV_MEDIUM] && r.by_severity[SG_SEV_LOW] && r.shared);

    size_t len[SG_COMMENT_STEP_COUNT];
    sg_strbuf b = SG_STRBUF_INIT;
    for (int s = 0; s < SG_COMMENT_TRUNCATED; s++) {
        b.len = 0;
        sg_comment_render_step(&b, &r, &o, (sg_comment_step)s, 0, NULL);
        len[s] = b.len;
        if (s)
            assert_true(len[s] < len[s - 1]);
    }
    for (int s = 1; s < SG_COMMENT_TRUNCATED; s++) {
        o.max_chars = len[s];
        b.len = 0;
        sg_comment_result res;
        sg_comment_render(&b, &r, &o, &res);
        assert_int_equal(res.step, s);
        assert_true(res.fits && b.len <= o.max_chars);
        assert_well_formed(b.data, top);
        assert_int_equal(res.bodies_omitted, s >= SG_COMMENT_TITLES_ONLY ? top : 0);
        /* every critical/high title is there */
        for (size_t i = 0; i < r.findings.n; i++)
            if (!r.findings.v[i].shared && r.findings.v[i].severity <= SG_SEV_HIGH) {
                const char *id = r.findings.v[i].model_id ? r.findings.v[i].model_id : r.findings.v[i].ideal_id;
                if (id)
                    assert_non_null(strstr(b.data, id));
            }
    }
    /* below titles-only: titles as far as they fit, the rest counted */
    b.len = 0;
    sg_comment_result res;
    sg_comment_render_step(&b, &r, &o, SG_COMMENT_TRUNCATED, SIZE_MAX, &res);
    assert_int_equal(res.titles_omitted, 0);
    assert_true(b.len < len[SG_COMMENT_TITLES_ONLY]);
    o.max_chars = b.len - 1;
    b.len = 0;
    sg_comment_render(&b, &r, &o, &res);
    assert_int_equal(res.step, SG_COMMENT_TRUNCATED);
    assert_true(res.fits && b.len <= o.max_chars);
    assert_true(res.titles_omitted >= 1 && res.titles_omitted < top);
    assert_non_null(strstr(b.data, "more critical/high finding"));
    assert_well_formed(b.data, top);
    /* a limit below the counts: reported, never silently cut */
    o.max_chars = 300;
    b.len = 0;
    sg_comment_render(&b, &r, &o, &res);
    assert_false(res.fits);
    assert_true(strncmp(b.data, "<!-- stackgap:comment key=ladder -->\n", 37) == 0);
    sg_strbuf_free(&b);
    sg_report_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hostile_prose_code_and_fence_are_inert),
        cmocka_unit_test(controls_are_dropped_or_shown),
        cmocka_unit_test(secrets_are_masked),
        cmocka_unit_test(multiline_secrets_are_masked),
        cmocka_unit_test(marker_and_key),
        cmocka_unit_test(hostile_pair_comment),
        cmocka_unit_test(label_replaces_paths),
        cmocka_unit_test(truncated_without_titles),
        cmocka_unit_test(public_access_wording),
        cmocka_unit_test(crafted_names_keep_their_words),
        cmocka_unit_test(degradation_ladder),
    };
    return cmocka_run_group_tests(tests, arena_setup, teardown);
}
