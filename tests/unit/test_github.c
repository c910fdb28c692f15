/* test_github.c - the GitHub side that needs no server: configuration from the
 * environment, and the YAML of action.yml and of the workflow in docs/pr-bot.md
 * (they parse, and no run: script pastes a ${{ }} value).  The requests
 * themselves are tested against a fake server by tests/bot/post_test.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackgap/github.h"
#include "stackgap/parse.h"
#include "stackgap/template.h"

static void clear_env(void)
{
    static const char *const vars[] = {"GITHUB_TOKEN", "GH_TOKEN", "GITHUB_REPOSITORY",
                                       "GITHUB_API_URL", "GITHUB_EVENT_PATH", "GITHUB_REF",
                                       "STACKGAP_COMMENT_AUTHOR"};
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++)
        unsetenv(vars[i]);
}

static void config_from_environment(void **state)
{
    (void)state;
    clear_env();
    setenv("GH_TOKEN", "tok", 1);
    setenv("GITHUB_REPOSITORY", "octo/repo", 1);
    setenv("GITHUB_REF", "refs/pull/12/head", 1);
    setenv("GITHUB_API_URL", "https://ghe.example.com/api/v3/", 1);
    sg_github_cfg cfg;
    sg_error err;
    assert_int_equal(sg_github_config(&cfg, NULL, &err), 0);
    assert_string_equal(cfg.token, "tok");
    assert_string_equal(cfg.repo, "octo/repo");
    assert_int_equal(cfg.pr, 12);
    assert_string_equal(cfg.api_url, "https://ghe.example.com/api/v3");
    assert_null(cfg.author);
    assert_int_equal(cfg.timeout_ms, 30000);

    /* options win over the environment */
    sg_github_opts o = {.pr = "3", .repo = "a/b.c", .api_url = "http://[::1]:8080",
                        .author = "bot"};
    assert_int_equal(sg_github_config(&cfg, &o, &err), 0);
    assert_int_equal(cfg.pr, 3);
    assert_string_equal(cfg.repo, "a/b.c");
    assert_string_equal(cfg.api_url, "http://[::1]:8080");
    assert_string_equal(cfg.author, "bot");

    unsetenv("GITHUB_API_URL");
    unsetenv("GITHUB_REF");
    o = (sg_github_opts){.pr = "9"};
    assert_int_equal(sg_github_config(&cfg, &o, &err), 0);
    assert_string_equal(cfg.api_url, "https://api.github.com");
    clear_env();
}

static void config_rejects(void **state)
{
    (void)state;
    clear_env();
    setenv("GITHUB_TOKEN", "tok", 1);
    setenv("GITHUB_REPOSITORY", "octo/repo", 1);
    static const struct {
        sg_github_opts o;
        const char *msg;
    } bad[] = {
        {{.pr = "0"}, "--pr takes a pull request number"},
        {{.pr = "2147483648"}, "--pr takes a pull request number"},
        {{.pr = "1", .repo = "octo"}, "--repo must be OWNER/NAME"},
        {{.pr = "1", .repo = "octo/.."}, "--repo must be OWNER/NAME"},
        {{.pr = "1", .repo = "a/b/c"}, "--repo must be OWNER/NAME"},
        {{.pr = "1", .api_url = "http://localhost.evil.com"}, "must be an https:// URL"},
        {{.pr = "1", .api_url = "ftp://x"}, "must be an https:// URL"},
        {{.pr = "1", .api_url = "https://"}, "must name a host"},
        {{.pr = "1", .api_url = "https://h/x?y"}, "must be a plain URL"},
        {{.pr = "1", .api_url = "https://h/x y"}, "must be a plain URL"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        sg_github_cfg cfg;
        sg_error err;
        assert_int_equal(sg_github_config(&cfg, &bad[i].o, &err), -1);
        if (!strstr(err.msg, bad[i].msg))
            fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, bad[i].msg);
    }
    clear_env();
}

/* ---- YAML of the action and of the documented workflow ---------------------------- */

/* Not inlined: gcc -O3 then reads &buf below as escaping and warns that
 * pointers into the file are dangling (-Wdangling-pointer false positive). */
__attribute__((noinline)) static char *repo_file(const char *rel, size_t *len)
{
    const char *td = getenv("SG_TESTDATA");
    assert_non_null(td);
    char path[4096];
    snprintf(path, sizeof path, "%s/../%s", td, rel);
    char *buf = NULL;
    sg_error err;
    if (sg_read_file(path, (size_t)1 << 20, &buf, len, &err) != 0)
        fail_msg("%s: %s", path, err.msg);
    return buf;
}

/* Every run: script in the tree; fails when one contains "${{". */
static size_t check_runs(const sg_node *n, const char *where)
{
    size_t runs = 0;
    if (n->kind == SG_SEQ)
        for (uint32_t i = 0; i < n->len; i++)
            runs += check_runs(n->u.items[i], where);
    if (n->kind != SG_MAP)
        return runs;
    for (uint32_t i = 0; i < n->len; i++) {
        const sg_pair *p = &n->u.pairs[i];
        if (strcmp(p->key->u.str, "run") == 0) {
            assert_int_equal(p->value->kind, SG_STRING);
            if (strstr(p->value->u.str, "${{"))
                fail_msg("%s:%u: a run: script contains ${{ }}: pass it through env:", where,
                         p->value->line);
            runs++;
        } else {
            runs += check_runs(p->value, where);
        }
    }
    return runs;
}

static const char *str_at(const sg_node *n, const char *a, const char *b)
{
    const sg_node *v = sg_map_get(sg_map_get(n, a), b);
    return v && v->kind != SG_SEQ && v->kind != SG_MAP ? v->u.str : NULL;
}

static void action_yaml(void **state)
{
    (void)state;
    size_t len;
    char *buf = repo_file("action.yml", &len);
    sg_arena *a = sg_arena_new();
    sg_parse_opts po = {.file = "action.yml"};
    sg_node *root;
    sg_error err;
    if (sg_parse_yaml(a, buf, len, &po, &root, &err) != 0)
        fail_msg("action.yml:%u:%u: %s", err.line, err.col, err.msg);
    assert_string_equal(str_at(root, "runs", "using"), "composite");
    const sg_node *inputs = sg_map_get(root, "inputs");
    assert_string_equal(str_at(inputs, "templates", "required"), "true");
    assert_non_null(sg_map_get(inputs, "github-token"));
    const sg_node *steps = sg_map_get(sg_map_get(root, "runs"), "steps");
    assert_non_null(steps);
    assert_int_equal(check_runs(root, "action.yml"), steps->len);
    for (uint32_t i = 0; i < steps->len; i++) {
        const sg_node *shell = sg_map_get(steps->u.items[i], "shell");
        assert_non_null(shell);
        assert_string_equal(shell->u.str, "bash");
    }
    /* the token reaches the script as GITHUB_TOKEN, from the input */
    assert_string_equal(str_at(steps->u.items[1], "env", "GITHUB_TOKEN"),
                        "${{ inputs.github-token }}");
    sg_arena_free(a);
    free(buf);
}

static void documented_workflow(void **state)
{
    (void)state;
    size_t len;
    char *buf = repo_file("docs/pr-bot.md", &len);
    const char *start = strstr(buf, "```yaml\nname: stackgap\n");
    assert_non_null(start);
    start += strlen("```yaml\n");
    const char *end = strstr(start, "\n```\n");
    assert_non_null(end);
    sg_arena *a = sg_arena_new();
    sg_parse_opts po = {.file = "docs/pr-bot.md"};
    sg_node *root;
    sg_error err;
    if (sg_parse_yaml(a, start, (size_t)(end - start) + 1, &po, &root, &err) != 0)
        fail_msg("docs/pr-bot.md workflow:%u:%u: %s", err.line, err.col, err.msg);
    assert_string_equal(str_at(root, "permissions", "pull-requests"), "write");
    assert_string_equal(str_at(root, "permissions", "contents"), "read");
    assert_non_null(sg_map_get(sg_map_get(root, "on"), "pull_request"));
    const sg_node *steps =
        sg_map_get(sg_map_get(sg_map_get(root, "jobs"), "comment"), "steps");
    assert_non_null(steps);
    assert_int_equal(steps->len, 2);
    assert_string_equal(str_at(steps->u.items[0], "with", "fetch-depth"), "0");
    assert_non_null(str_at(steps->u.items[1], "with", "templates"));
    check_runs(root, "docs/pr-bot.md");
    sg_arena_free(a);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(config_from_environment),
        cmocka_unit_test(config_rejects),
        cmocka_unit_test(action_yaml),
        cmocka_unit_test(documented_workflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
