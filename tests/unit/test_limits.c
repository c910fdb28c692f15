/* test_limits.c - every input limit fails with a positioned error, fast and
 * in bounded memory.  Hostile inputs run in a forked child so its peak RSS
 * (getrusage of the child) and time can be asserted. */
#define _DEFAULT_SOURCE /* wait4: the child's own peak RSS */
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#ifdef SG_HAVE_VALGRIND_H
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

/* Under valgrind (CI's memcheck pass) time and peak memory are valgrind's:
 * the limits are still checked, their cost is not. */
#define MEASURED (!RUNNING_ON_VALGRIND)

static sg_error last_err;

/* Loads text under name with limits; returns the load's result. */
static int load_with(const char *name, const char *text, size_t len, const sg_limits *lim)
{
    sg_arena *a = sg_arena_new();
    sg_template t;
    sg_load_opts o = {.limits = lim};
    int rc = sg_load_buffer(a, name, text, len, &o, &t, &last_err);
    sg_arena_free(a);
    return rc;
}

typedef struct child_result {
    int exit_code;
    long peak_kb;
    double seconds;
} child_result;

/* Runs load_with in a child: exit 0 when the load failed (as hostile input
 * must), 1 when it unexpectedly succeeded. */
static child_result in_child(const char *name, const char *text, size_t len, const sg_limits *lim)
{
    if (!MEASURED) { /* valgrind would report the child's inherited heap at _exit */
        child_result r = {load_with(name, text, len, lim) == 0 ? 1 : 0, 0, 0.0};
        return r;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid == 0)
        _exit(load_with(name, text, len, lim) == 0 ? 1 : 0);
    int status = 0;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    child_result r = {WIFEXITED(status) ? WEXITSTATUS(status) : 99, ru.ru_maxrss,
                      (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9};
    return r;
}

static void input_size(void **state)
{
    (void)state;
    sg_limits lim = *sg_limits_default();
    lim.max_input_bytes = 1000;
    char big[2048];
    memset(big, ' ', sizeof big);
    memcpy(big, "Resources: {}", 13);
    assert_int_equal(load_with("big.yaml", big, sizeof big, &lim), -1);
    assert_non_null(strstr(last_err.msg, "larger than 1000 bytes (limit)"));
    assert_int_equal(load_with("ok.yaml", big, 900, &lim), 0);
}

static void nesting_depth(void **state)
{
    (void)state;
    sg_limits lim = *sg_limits_default();
    lim.max_depth = 50;
    char json[400], yaml[400];
    memset(json, '[', 120);
    memset(json + 120, ']', 120);
    json[240] = '\0';
    assert_int_equal(load_with("deep.json", json, 240, &lim), -1);
    assert_non_null(strstr(last_err.msg, "nesting deeper than 50 levels"));
    assert_int_equal(last_err.line, 1);
    assert_int_equal(last_err.col, 51);
    memcpy(yaml, "a: ", 3);
    memset(yaml + 3, '[', 120);
    memset(yaml + 123, ']', 120);
    yaml[243] = '\0';
    assert_int_equal(load_with("deep.yaml", yaml, 243, &lim), -1);
    assert_non_null(strstr(last_err.msg, "nesting deeper than 50 levels"));
}

static void string_length(void **state)
{
    (void)state;
    sg_limits lim = *sg_limits_default();
    lim.max_string_bytes = 100;
    char text[400];
    int n = snprintf(text, sizeof text, "{\"Resources\": {\"A\": {\"Type\": \"%0200d\"}}}", 0);
    assert_int_equal(load_with("long.json", text, (size_t)n, &lim), -1);
    assert_non_null(strstr(last_err.msg, "longer than 100 bytes (limit)"));
    assert_int_equal(last_err.line, 1);
}

static void resource_count(void **state)
{
    (void)state;
    sg_limits lim = *sg_limits_default();
    lim.max_resources = 10;
    sg_strbuf b = SG_STRBUF_INIT;
    sg_strbuf_puts(&b, "Resources:\n");
    for (int i = 0; i < 11; i++)
        sg_strbuf_printf(&b, "  R%d: {Type: AWS::SNS::Topic}\n", i);
    assert_int_equal(load_with("many.yaml", b.data, b.len, &lim), -1);
    assert_non_null(strstr(last_err.msg, "more than 10 resources (limit)"));
    assert_int_equal(last_err.line, 2);
    sg_strbuf_free(&b);
}

/* 9 levels of 10x aliases: 10^9 nodes if expanded. */
static void alias_bomb_fails_fast_in_bounded_memory(void **state)
{
    (void)state;
    sg_strbuf b = SG_STRBUF_INIT;
    sg_strbuf_puts(&b, "a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'i'; c++) {
        sg_strbuf_printf(&b, "%c: &%c [", c, c);
        for (int k = 0; k < 10; k++)
            sg_strbuf_printf(&b, "%s*%c", k ? ", " : "", c - 1);
        sg_strbuf_puts(&b, "]\n");
    }
    sg_strbuf_puts(&b, "Resources: {}\n");
    child_result r = in_child("bomb.yaml", b.data, b.len, NULL);
    assert_int_equal(r.exit_code, 0); /* the load failed */
    if (MEASURED) {
        assert_true(r.seconds < 2.0);
        assert_true(r.peak_kb < 64 * 1024);
    }
    assert_int_equal(load_with("bomb.yaml", b.data, b.len, NULL), -1);
    assert_non_null(strstr(last_err.msg, "nodes (limit"));
    sg_strbuf_free(&b);
}

/* A 40 MB document of many small nodes: refused at the node limit, with
 * memory bounded by that limit, not by the input. */
static void node_count_bounds_memory(void **state)
{
    (void)state;
    size_t n = (size_t)10 << 20; /* 10M elements */
    char *json = malloc(n * 4 + 16);
    size_t len = 0;
    json[len++] = '[';
    for (size_t i = 0; i < n; i++) {
        memcpy(json + len, i ? ",1" : "1", i ? 2 : 1);
        len += i ? 2 : 1;
    }
    json[len++] = ']';
    child_result r = in_child("wide.json", json, len, NULL);
    assert_int_equal(r.exit_code, 0);
    /* the parent's 20 MB buffer is shared with the child; the 2M-node
     * limit keeps the tree itself small */
    if (MEASURED) {
        assert_true(r.peak_kb < 400 * 1024);
        assert_true(r.seconds < 5.0);
    }
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(input_size),
        cmocka_unit_test(nesting_depth),
        cmocka_unit_test(string_length),
        cmocka_unit_test(resource_count),
        cmocka_unit_test(alias_bomb_fails_fast_in_bounded_memory),
        cmocka_unit_test(node_count_bounds_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
