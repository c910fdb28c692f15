/* test_extract.c - finding templates in Markdown responses (extract.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackgap/extract.h"
#include "stackgap/parse.h"

/* ---- helpers --------------------------------------------------------------- */

typedef struct fixture {
    char *text;
    size_t len;
    char path[1024];
} fixture;

static void load(fixture *f, const char *name)
{
    const char *dir = getenv("SG_TESTDATA");
    if (!dir)
        dir = "testdata";
    snprintf(f->path, sizeof f->path, "%s/extract/%s", dir, name);
    FILE *fp = fopen(f->path, "rb");
    if (!fp)
        fail_msg("cannot open %s (set SG_TESTDATA)", f->path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    f->text = malloc((size_t)n + 1);
    assert_non_null(f->text);
    f->len = fread(f->text, 1, (size_t)n, fp);
    f->text[f->len] = '\0';
    fclose(fp);
}

/* 1-based line of the first line of text that starts with `prefix`. */
static uint32_t line_starting(const char *text, const char *prefix)
{
    uint32_t line = 1;
    size_t k = strlen(prefix);
    for (const char *p = text; *p;) {
        if (strncmp(p, prefix, k) == 0)
            return line;
        const char *nl = strchr(p, '\n');
        if (!nl)
            break;
        p = nl + 1;
        line++;
    }
    fail_msg("no line starts with \"%s\"", prefix);
    return 0;
}

static void extract_fixture(sg_arena *a, fixture *f, const char *name, sg_extraction *ex)
{
    load(f, name);
    sg_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(sg_extract(a, "MODEL_RESPONSE.md", f->text, f->len, NULL, ex, &err), 0);
}

static const sg_candidate *chosen(const sg_extraction *ex)
{
    assert_true(ex->chosen >= 0);
    assert_true((size_t)ex->chosen < ex->ncands);
    return &ex->cands[ex->chosen];
}

static const sg_node *resource(const sg_candidate *c, const char *name)
{
    assert_non_null(c->root);
    const sg_node *res = sg_map_get(c->root, "Resources");
    assert_non_null(res);
    const sg_node *r = sg_map_get(res, name);
    if (!r)
        fail_msg("no resource %s", name);
    return r;
}

/* Line of the key of Resources.<name>: the pair's key node. */
static uint32_t resource_key_line(const sg_candidate *c, const char *name, uint32_t *col)
{
    const sg_node *res = sg_map_get(c->root, "Resources");
    const sg_pair *p = sg_map_get_pair(res, name);
    assert_non_null(p);
    if (col)
        *col = p->key->col;
    return p->key->line;
}

/* ---- tests ------------------------------------------------------------------- */

static void extract_string(sg_arena *a, const char *md, sg_extraction *ex)
{
    sg_error err;
    assert_int_equal(sg_extract(a, "MODEL_RESPONSE.md", md, strlen(md), NULL, ex, &err), 0);
}

/* One stray line in the middle of a closed block: the rest is read, and
 * the candidate says where the syntax error was. */
static void stray_line_is_skipped_not_a_cut(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_extraction ex;
    extract_string(a,
                   "Answer:\n"
                   "\n"
                   "```yaml\n"
                   "Resources:\n"
                   "  A:\n"
                   "    Type: AWS::SNS::Topic\n"
                   "  B:\n"
                   "    Type\n"
                   "    Type: AWS::SQS::Queue\n"
                   "  C:\n"
                   "    Type: AWS::SQS::Queue\n"
                   "  D:\n"
                   "    Type: AWS::SNS::Topic\n"
                   "```\n",
                   &ex);
    assert_int_equal(ex.chosen, 0);
    const sg_candidate *c = &ex.cands[0];
    assert_int_equal(c->status, SG_CAND_TEMPLATE);
    assert_int_equal(c->resources, 4);
    assert_int_equal(c->repairs, 1);
    assert_int_equal(c->syntax.line, 9);
    sg_arena_free(a);
}


static void draft_then_final_picks_final(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    fixture f;
    sg_extraction ex;
    extract_fixture(a, &f, "draft_final.md", &ex);
    assert_int_equal(ex.code_blocks, 3);
    assert_int_equal(ex.ncands, 3);
    assert_int_equal(ex.cands[0].status, SG_CAND_TEMPLATE);
    assert_int_equal(ex.cands[1].status, SG_CAND_TEMPLATE);
    assert_int_equal(ex.cands[2].status, SG_CAND_NOT_TEMPLATE);
    assert_null(ex.cands[2].root);
    assert_int_equal(ex.cands[0].resources, 2);
    assert_int_equal(ex.cands[1].resources, 2);
    /* same resource count: the later (final) block wins */
    assert_int_equal(ex.chosen, 1);
    const sg_candidate *c = chosen(&ex);
    assert_int_equal(c->index, 2);
    assert_string_equal(c->info, "yaml");
    assert_int_equal(c->format, SG_FORMAT_YAML);
    assert_true(sg_node_is_str(sg_map_get(c->root, "Description"), "final"));
    assert_int_equal(c->line, line_starting(f.text, "Description: final") - 1);
    assert_int_equal(c->end_line, line_starting(f.text, "    Value: !Ref DataBucket"));
    assert_string_equal(ex.cands[2].info, "bash");
    assert_null(ex.summary);
    free(f.text);
    sg_arena_free(a);
}

static void more_resources_beat_later(void **state)
{
    (void)state;
    const char *md = "```yaml\nResources:\n  A:\n    Type: T\n  B:\n    Type: T\n```\n\n"
                     "```yaml\nResources:\n  A:\n    Type: T\n```\n";
    sg_arena *a = sg_arena_new();
    sg_extraction ex;
    sg_error err;
    assert_int_equal(sg_extract(a, "m.md", md, strlen(md), NULL, &ex, &err), 0);
    assert_int_equal(ex.ncands, 2);
    assert_int_equal(ex.chosen, 0);
    sg_arena_free(a);
}

static void other_languages_ignored(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    fixture f;
    sg_extraction ex;
    extract_fixture(a, &f, "other_code.md", &ex);
    assert_int_equal(ex.code_blocks, 3);
    assert_int_equal(ex.chosen, -1);
    for (size_t i = 0; i < ex.ncands; i++) {
        assert_int_equal(ex.cands[i].status, SG_CAND_NOT_TEMPLATE);
        assert_null(ex.cands[i].root);
    }
    assert_string_equal(ex.cands[0].info, "python");
    assert_string_equal(ex.cands[2].info, "");
    assert_non_null(ex.summary);
    assert_string_equal(ex.summary, "3 code blocks: python, bash, text; no CloudFormation template");
    free(f.text);
    sg_arena_free(a);
}

static void prose_only_summary(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    fixture f;
    sg_extraction ex;
    extract_fixture(a, &f, "prose.md", &ex);
    assert_int_equal(ex.code_blocks, 0);
    assert_int_equal(ex.ncands, 0);
    assert_int_equal(ex.chosen, -1);
    assert_string_equal(ex.summary, "no code blocks and no template in the text (prose only)");
    free(f.text);
    sg_arena_free(a);
}

static void unclosed_fence_is_truncated(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    fixture f;
    sg_extraction ex;
    extract_fixture(a, &f, "unclosed.md", &ex);
    assert_int_equal(ex.code_blocks, 1);
    assert_int_equal(ex.chosen, 0);
    const sg_candidate *c = chosen(&ex);
    assert_int_equal(c->status, SG_CAND_TRUNCATED);
    /* everything before the cut survives */
    assert_true(c->resources >= 2);
    resource(c, "LogBucket");
    resource(c, "Queue");
    /* the cut is reported where the parser noticed it, in Markdown lines:
     * the broken last line or the end of input right after it */
    uint32_t cut = line_starting(f.text, "      TableName: [orders,");
    assert_true(c->err.line == cut || c->err.line == cut + 1);
    assert_string_equal(c->err.file, "MODEL_RESPONSE.md");
    assert_true(c->err.msg[0] != '\0');
    free(f.text);
    sg_arena_free(a);
}

static void unclosed_fence_complete_text(void **state)
{
    (void)state;
    /* Parses fine but the fence never closes: truncated at its last line. */
    const char *md = "Intro\n\n```yaml\nResources:\n  A:\n    Type: T\n  B:\n    Type: T\n\n";
    sg_arena *a = sg_arena_new();
    sg_extraction ex;
    sg_error err;
    assert_int_equal(sg_extract(a, "m.md", md, strlen(md), NULL, &ex, &err), 0);
    assert_int_equal(ex.chosen, 0);
    assert_int_equal(ex.cands[0].status, SG_CAND_TRUNCATED);
    assert_int_equal(ex.cands[0].resources, 2);
    assert_int_equal(ex.cands[0].err.line, 8);
    /* the same block closed is a complete template */
    const char *closed = "Intro\n\n```yaml\nResources:\n  A:\n    Type: T\n```\n";
    assert_int_equal(sg_extract(a, "m.md", closed, strlen(closed), NULL, &ex, &err), 0);
    assert_int_equal(ex.cands[0].status, SG_CAND_TEMPLATE);
    sg_arena_free(a);
}

static void unfenced_yaml_found(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    fixture f;
    sg_extraction ex;
    extract_fixture(a, &f, "unfenced_yaml.md", &ex);
    assert_int_equal(ex.code_blocks, 0);
    const sg_candidate *c = chosen(&ex);
    assert_string_equal(c->info, "(unfenced)");
    assert_int_equal(c->status, SG_CAND_TEMPLATE);
    assert_int_equal(c->format, SG_FORMAT_YAML);
    assert_int_equal(c->resources, 2);
    assert_int_equal(c->line, line_starting(f.text, "AWSTemplateFormatVersion"));
    assert_int_equal(c->line, 5);
    /* ends at the last template line, before the "## Notes" heading */
    assert_int_equal(c->end_line, line_starting(f.text, "    Value: !Ref Vpc"));
    /* node positions are Markdown lines */
    assert_int_equal(resource_key_line(c, "Subnet", NULL), line_starting(f.text, "  Subnet:"));
    assert_int_equal(resource(c, "Vpc")->line, line_starting(f.text, "    Type: AWS::EC2::VPC"));
    assert_non_null(sg_map_get(c->root, "Parameters"));
    assert_non_null(sg_map_get(c->root, "Outputs"));
    assert_null(sg_map_get(c->root, "Notes"));
    free(f.text);
    sg_arena_free(a);
}

static void unfenced_json_found(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    fixture f;
    sg_extraction ex;
    extract_fixture(a, &f, "unfenced_json.md", &ex);
    const sg_candidate *c = chosen(&ex);
    assert_string_equal(c->info, "(unfenced)");
    assert_int_equal(c->status, SG_CAND_TEMPLATE);
    assert_int_equal(c->format, SG_FORMAT_JSON);
    assert_int_equal(c->resources, 2);
    assert_int_equal(c->line, 5);
    assert_int_equal(c->end_line, 15);
    assert_int_equal(resource(c, "Topic")->line, line_starting(f.text, "    \"Topic\"") );
    free(f.text);
    sg_arena_free(a);
}

static void braceless_json_found(void **state)
{
    (void)state;
    const char *md = "# Template\n\n- tags on everything\n"
                     "  \"Parameters\": {\n    \"Env\": {\"Type\": \"String\"}\n  },\n"
                     "  \"Resources\": {\n    \"Q\": {\"Type\": \"AWS::SQS::Queue\"}\n  }\n}\n";
    sg_arena *a = sg_arena_new();
    sg_extraction ex;
    sg_error err;
    assert_int_equal(sg_extract(a, "m.md", md, strlen(md), NULL, &ex, &err), 0);
    const sg_candidate *c = chosen(&ex);
    assert_int_equal(c->format, SG_FORMAT_JSON);
    assert_int_equal(c->line, 4);
    assert_int_equal(c->resources, 1);
    assert_int_equal(resource(c, "Q")->line, 8);
    sg_arena_free(a);
}

static void glued_info_string(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    fixture f;
    sg_extraction ex;
    extract_fixture(a, &f, "glued.md", &ex);
    assert_int_equal(ex.code_blocks, 1);
    const sg_candidate *c = chosen(&ex);
    assert_int_equal(c->status, SG_CAND_TEMPLATE);
    assert_int_equal(c->resources, 1);
    uint32_t fence = line_starting(f.text, "```AWSTemplateFormatVersion");
    /* the glued line is the first content line */
    assert_int_equal(c->line, fence);
    const sg_pair *v = sg_map_get_pair(c->root, "AWSTemplateFormatVersion");
    assert_non_null(v);
    assert_true(sg_node_is_str(v->value, "2010-09-09"));
    assert_int_equal(v->key->line, fence);
    assert_int_equal(sg_map_get_pair(c->root, "Description")->key->line, fence + 1);
    assert_non_null(strstr(c->text, "AWSTemplateFormatVersion: '2010-09-09'\nDescription"));
    free(f.text);
    sg_arena_free(a);
}

static void multi_file_names(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    fixture f;
    sg_extraction ex;
    extract_fixture(a, &f, "multi_file.md", &ex);
    assert_int_equal(ex.ncands, 3);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(ex.cands[i].status, SG_CAND_TEMPLATE);
    assert_non_null(ex.cands[0].name);
    assert_string_equal(ex.cands[0].name, "templates/vpc.yaml"); /* heading */
    assert_non_null(ex.cands[1].name);
    assert_string_equal(ex.cands[1].name, "app-stack.json"); /* paragraph, code span */
    assert_non_null(ex.cands[2].name);
    assert_string_equal(ex.cands[2].name, "network.yml"); /* first-line comment */
    assert_int_equal(ex.cands[1].format, SG_FORMAT_JSON);
    /* the one with most resources is the default */
    assert_int_equal(ex.chosen, 1);
    assert_int_equal(ex.cands[1].resources, 3);
    free(f.text);
    sg_arena_free(a);
}

static void node_lines_are_markdown_lines(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    fixture f;
    sg_extraction ex;
    extract_fixture(a, &f, "multi_file.md", &ex);
    uint32_t col = 0;
    assert_int_equal(resource_key_line(&ex.cands[0], "Vpc", &col), line_starting(f.text, "  Vpc:"));
    assert_int_equal(col, 3);
    assert_int_equal(resource_key_line(&ex.cands[2], "RouteTable", NULL),
                     line_starting(f.text, "  RouteTable:"));
    /* JSON too */
    assert_int_equal(resource(&ex.cands[1], "Role")->line, line_starting(f.text, "    \"Role\""));
    assert_int_equal(ex.cands[0].line, line_starting(f.text, "```yaml") + 1);
    free(f.text);
    sg_arena_free(a);
}

static void indented_fence_columns(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    fixture f;
    sg_extraction ex;
    extract_fixture(a, &f, "indented_fence.md", &ex);
    const sg_candidate *c = chosen(&ex);
    assert_int_equal(c->status, SG_CAND_TEMPLATE);
    /* "   Resources:" - the fence is indented by 3 inside the list item */
    const sg_pair *p = sg_map_get_pair(c->root, "Resources");
    assert_int_equal(p->key->line, line_starting(f.text, "   Resources:"));
    assert_int_equal(p->key->col, 4);
    uint32_t col = 0;
    assert_int_equal(resource_key_line(c, "Bucket", &col), line_starting(f.text, "     Bucket:"));
    assert_int_equal(col, 6);
    free(f.text);
    sg_arena_free(a);
}

static void hostile_name_is_a_label(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    fixture f;
    sg_extraction ex;
    extract_fixture(a, &f, "hostile_name.md", &ex);
    const sg_candidate *c = chosen(&ex);
    assert_non_null(c->name);
    assert_string_equal(c->name, "../../etc/passwd.yaml");
    /* the block is what the response holds, not anything read from that path */
    assert_int_equal(c->resources, 1);
    resource(c, "Bucket");
    free(f.text);

    /* an overlong name is cut to 200 bytes */
    char md[1024];
    char longname[400];
    memset(longname, 'a', 300);
    memcpy(longname + 300, ".yaml", 6);
    snprintf(md, sizeof md, "## %s\n\n```yaml\nResources:\n  B:\n    Type: T\n```\n", longname);
    sg_error err;
    assert_int_equal(sg_extract(a, "m.md", md, strlen(md), NULL, &ex, &err), 0);
    assert_non_null(ex.cands[0].name);
    assert_int_equal(strlen(ex.cands[0].name), 200);
    sg_arena_free(a);
}

static void unparseable_summary(void **state)
{
    (void)state;
    /* the error is at the end of the block: no repair is tried (a stray
     * line mid-block is skipped instead: stray_line_is_skipped_not_a_cut) */
    const char *md = "Template:\n\n```yaml\nAWSTemplateFormatVersion: '2010-09-09'\n"
                     " - x\nDescription: d\n```\n\n```bash\nls\n```\n";
    sg_arena *a = sg_arena_new();
    sg_extraction ex;
    sg_error err;
    assert_int_equal(sg_extract(a, "m.md", md, strlen(md), NULL, &ex, &err), 0);
    assert_int_equal(ex.chosen, -1);
    assert_int_equal(ex.cands[0].status, SG_CAND_UNPARSEABLE);
    assert_null(ex.cands[0].root);
    assert_int_equal(ex.cands[0].err.line, 5); /* " - x", in Markdown lines */
    assert_non_null(ex.summary);
    assert_non_null(strstr(ex.summary, "1 code block looked like a template but did not parse: line "));
    sg_arena_free(a);
}

static void non_template_json_block(void **state)
{
    (void)state;
    const char *md = "Policy:\n\n```json\n{\"Version\": \"2012-10-17\", \"Statement\": []}\n```\n";
    sg_arena *a = sg_arena_new();
    sg_extraction ex;
    sg_error err;
    assert_int_equal(sg_extract(a, "m.md", md, strlen(md), NULL, &ex, &err), 0);
    assert_int_equal(ex.ncands, 1);
    assert_int_equal(ex.cands[0].status, SG_CAND_NOT_TEMPLATE);
    assert_int_equal(ex.cands[0].format, SG_FORMAT_JSON);
    assert_string_equal(ex.summary, "1 code block: json; no CloudFormation template");
    sg_arena_free(a);
}

static void fence_opened_too_early(void **state)
{
    (void)state;
    /* The fence opens before the prose; the nested "```yaml" line is content
     * and the template after it is parsed from its own first line. */
    sg_arena *a = sg_arena_new();
    fixture f;
    sg_extraction ex;
    extract_fixture(a, &f, "fence_opened_early.md", &ex);
    assert_int_equal(ex.code_blocks, 1);
    const sg_candidate *c = chosen(&ex);
    assert_int_equal(c->status, SG_CAND_TEMPLATE);
    assert_int_equal(c->resources, 2);
    assert_int_equal(c->err.line, 0);
    assert_int_equal(resource_key_line(c, "Key", NULL), line_starting(f.text, "  Key:"));
    free(f.text);
    sg_arena_free(a);
}

static void unclosed_complete_json_is_template(void **state)
{
    (void)state;
    /* JSON's closing brace proves the end even when the fence is missing */
    const char *md = "Final:\n\n```json\n{\n  \"Resources\": {\n    \"Q\": {\"Type\": \"T\"}\n  }\n}";
    sg_arena *a = sg_arena_new();
    sg_extraction ex;
    sg_error err;
    assert_int_equal(sg_extract(a, "m.md", md, strlen(md), NULL, &ex, &err), 0);
    assert_int_equal(ex.chosen, 0);
    assert_int_equal(ex.cands[0].status, SG_CAND_TEMPLATE);
    assert_int_equal(ex.cands[0].format, SG_FORMAT_JSON);
    /* cut inside the JSON: truncated, with the position of the cut */
    const char *cut = "Final:\n\n```json\n{\n  \"Resources\": {\n    \"Q\": {\"Type\": \"T\"},\n    \"R\": {\"Ty";
    assert_int_equal(sg_extract(a, "m.md", cut, strlen(cut), NULL, &ex, &err), 0);
    assert_int_equal(ex.chosen, 0);
    assert_int_equal(ex.cands[0].status, SG_CAND_TRUNCATED);
    assert_true(ex.cands[0].resources >= 1); /* Q, and what was salvaged of R */
    resource(&ex.cands[0], "Q");
    assert_int_equal(ex.cands[0].err.line, 7);
    sg_arena_free(a);
}

static void flattened_yaml_reported(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    fixture f;
    sg_extraction ex;
    extract_fixture(a, &f, "flattened.md", &ex);
    assert_int_equal(ex.chosen, -1);
    assert_true(ex.ncands >= 1);
    assert_int_equal(ex.cands[0].status, SG_CAND_UNPARSEABLE);
    assert_string_equal(ex.cands[0].info, "(unfenced)");
    assert_int_equal(ex.cands[0].err.line, 5);
    assert_non_null(strstr(ex.summary, "template text outside code blocks did not parse: line 5:1: "
                                       "'Environment:'"));
    free(f.text);
    sg_arena_free(a);
}

static void hostile_inputs(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_extraction ex;
    sg_error err;

    /* NUL bytes and invalid UTF-8 inside and around a template */
    const char nul[] = "a\0b\xff\xfe\n```yaml\nResources:\n  A\0:\n    Type: \xc3\x28\n```\n\0";
    assert_int_equal(sg_extract(a, "m.md", nul, sizeof nul - 1, NULL, &ex, &err), 0);

    /* 10,000 backticks, then text */
    size_t n = 10000;
    char *ticks = malloc(n + 64);
    memset(ticks, '`', n);
    strcpy(ticks + n, "\nResources:\n  A:\n    Type: T\n");
    assert_int_equal(sg_extract(a, "m.md", ticks, strlen(ticks), NULL, &ex, &err), 0);
    free(ticks);

    /* deeply nested lists and block quotes */
    size_t depth = 20000;
    char *deep = malloc(depth * 4 + 64);
    size_t k = 0;
    for (size_t i = 0; i < depth; i++) {
        deep[k++] = i % 2 ? '>' : '-';
        deep[k++] = ' ';
    }
    strcpy(deep + k, "```yaml\nResources: {}\n");
    assert_int_equal(sg_extract(a, "m.md", deep, strlen(deep), NULL, &ex, &err), 0);
    free(deep);

    /* a template nested beyond the depth limit is not a crash */
    size_t levels = 5000;
    char *nest = malloc(levels * 2 + 64);
    strcpy(nest, "```json\n{\"Resources\": ");
    k = strlen(nest);
    for (size_t i = 0; i < levels; i++)
        nest[k++] = '[';
    for (size_t i = 0; i < levels; i++)
        nest[k++] = ']';
    strcpy(nest + k, "}\n```\n");
    assert_int_equal(sg_extract(a, "m.md", nest, strlen(nest), NULL, &ex, &err), 0);
    assert_int_equal(ex.chosen, -1);
    free(nest);

    /* empty input */
    assert_int_equal(sg_extract(a, "m.md", "", 0, NULL, &ex, &err), 0);
    assert_int_equal(ex.chosen, -1);
    assert_int_equal(ex.ncands, 0);
    sg_arena_free(a);
}

static void input_limit(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_limits lim = *sg_limits_default();
    lim.max_input_bytes = 10;
    sg_extraction ex;
    sg_error err;
    const char *md = "```yaml\nResources: {}\n```\n";
    assert_int_equal(sg_extract(a, "m.md", md, strlen(md), &lim, &ex, &err), -1);
    assert_non_null(strstr(err.msg, "limit"));
    assert_int_equal(ex.chosen, -1);
    sg_arena_free(a);
}

static void is_template_and_format_names(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_node *root = NULL;
    sg_error err;
    sg_parse_opts o = {.file = "t"};
    const char *cases[] = {"Resources: {}", "AWSTemplateFormatVersion: x\nOutputs: {}",
                           "AWSTemplateFormatVersion: x\nDescription: d", "Resources: [a]",
                           "- Resources", "Parameters: {}"};
    const int want[] = {1, 1, 0, 0, 0, 0};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        assert_int_equal(sg_parse_yaml(a, cases[i], strlen(cases[i]), &o, &root, &err), 0);
        assert_int_equal(sg_is_template(root) != 0, want[i]);
    }
    assert_false(sg_is_template(NULL));
    assert_string_equal(sg_format_name(SG_FORMAT_JSON), "json");
    assert_string_equal(sg_format_name(SG_FORMAT_YAML), "yaml");
    assert_string_equal(sg_format_name(SG_FORMAT_MARKDOWN), "markdown");
    assert_string_equal(sg_format_name(SG_FORMAT_UNKNOWN), "unknown");
    sg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stray_line_is_skipped_not_a_cut),
        cmocka_unit_test(draft_then_final_picks_final),
        cmocka_unit_test(more_resources_beat_later),
        cmocka_unit_test(other_languages_ignored),
        cmocka_unit_test(prose_only_summary),
        cmocka_unit_test(unclosed_fence_is_truncated),
        cmocka_unit_test(unclosed_fence_complete_text),
        cmocka_unit_test(unfenced_yaml_found),
        cmocka_unit_test(unfenced_json_found),
        cmocka_unit_test(braceless_json_found),
        cmocka_unit_test(glued_info_string),
        cmocka_unit_test(multi_file_names),
        cmocka_unit_test(node_lines_are_markdown_lines),
        cmocka_unit_test(indented_fence_columns),
        cmocka_unit_test(hostile_name_is_a_label),
        cmocka_unit_test(unparseable_summary),
        cmocka_unit_test(non_template_json_block),
        cmocka_unit_test(fence_opened_too_early),
        cmocka_unit_test(unclosed_complete_json_is_template),
        cmocka_unit_test(flattened_yaml_reported),
        cmocka_unit_test(hostile_inputs),
        cmocka_unit_test(input_limit),
        cmocka_unit_test(is_template_and_format_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
