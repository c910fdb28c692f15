/* test_core.c - arena, strbuf, node constructors and the builder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "stackgap/node.h"
#include "stackgap/strbuf.h"

static void arena_alignment_and_strings(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    for (int i = 1; i < 2000; i++) {
        void *p = sg_arena_alloc(a, (size_t)i);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
    }
    void *big = sg_arena_alloc(a, (size_t)1 << 22);
    memset(big, 1, (size_t)1 << 22);
    assert_string_equal(sg_arena_strndup(a, "abcdef", 3), "abc");
    assert_string_equal(sg_arena_printf(a, "%s-%d", "x", 42), "x-42");
    sg_arena_free(a);
}

static void strbuf_json_escapes(void **state)
{
    (void)state;
    sg_strbuf b = SG_STRBUF_INIT;
    sg_strbuf_json_str(&b, "a\"b\\c\n\x01", 7);
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\u0001\"");
    sg_strbuf_free(&b);
}

/* Escapes found by the 8-bytes-at-a-time scan at every offset: a byte that
 * needs escaping at position k of a run of plain bytes. */
static void strbuf_json_escapes_anywhere(void **state)
{
    (void)state;
    static const char *const specials[] = {"\"", "\\", "\n", "\x7f", "\x1f", "\xc3\xa9",
                                           "\xff"};
    static const char *const written[] = {"\\\"", "\\\\", "\\n", "\\u007f", "\\u001f",
                                          "\xc3\xa9", "\xef\xbf\xbd"};
    for (size_t s = 0; s < sizeof specials / sizeof *specials; s++)
        for (size_t k = 0; k < 20; k++) {
            char in[64], want[64];
            memset(in, 'a', k);
            strcpy(in + k, specials[s]);
            strcat(in, "bcdefghijk");
            snprintf(want, sizeof want, "\"%.*s%sbcdefghijk\"", (int)k, in, written[s]);
            sg_strbuf b = SG_STRBUF_INIT;
            sg_strbuf_json_str(&b, in, strlen(in));
            assert_string_equal(b.data, want);
            sg_strbuf_free(&b);
        }
}

/* The conversions written without vsnprintf, and the ones handed to it. */
static void strbuf_printf_conversions(void **state)
{
    (void)state;
    sg_strbuf b = SG_STRBUF_INIT;
    sg_strbuf_printf(&b, "%s|%d|%u|%ld|%lu|%zu|%c|%%|", "x", -42, 7u, -9000000000L,
                     18446744073709551615UL, (size_t)0, 'q');
    assert_string_equal(b.data, "x|-42|7|-9000000000|18446744073709551615|0|q|%|");
    sg_strbuf_printf(&b, "[%5s|%04x|%.2s|%d]", "ab", 255u, "xyz", -2147483647 - 1);
    assert_string_equal(b.data, "x|-42|7|-9000000000|18446744073709551615|0|q|%|"
                                "[   ab|00ff|xy|-2147483648]");
    b.len = 0;
    char big[600];
    memset(big, 'z', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    sg_strbuf_printf(&b, "%s%5d", big, 3); /* longer than the free space: formatted again */
    assert_int_equal(b.len, sizeof big - 1 + 5);
    assert_string_equal(b.data + sizeof big - 1, "    3");
    sg_strbuf_free(&b);
    sg_arena *a = sg_arena_new();
    char *s = sg_arena_printf(a, "%s-%s", big, big); /* past the local buffer */
    assert_int_equal(strlen(s), 2 * (sizeof big - 1) + 1);
    sg_arena_free(a);
}

static void builder_builds_and_limits(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_limits lim = *sg_limits_default();
    lim.max_depth = 2;
    sg_builder *b = sg_builder_new(a, &lim, "t");
    assert_int_equal(sg_builder_begin_map(b, 1, 1, &err), 0);
    assert_true(sg_builder_expects_key(b));
    assert_int_equal(sg_builder_add(b, sg_node_scalar(a, SG_STRING, "k", 1, 1, 2), 1, &err), 0);
    assert_int_equal(sg_builder_begin_seq(b, 1, 5, &err), 0);
    /* third level exceeds max_depth = 2 */
    assert_int_equal(sg_builder_begin_seq(b, 1, 6, &err), -1);
    assert_non_null(strstr(err.msg, "nesting"));
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 6);
    assert_int_equal(sg_builder_add(b, sg_node_scalar(a, SG_NUMBER, "5", 1, 1, 7), 1, &err), 0);
    sg_node *root = sg_builder_salvage(b);
    assert_non_null(root);
    assert_int_equal(root->kind, SG_MAP);
    sg_node *v = sg_map_get(root, "k");
    assert_non_null(v);
    assert_int_equal(v->kind, SG_SEQ);
    assert_int_equal(v->len, 1);
    assert_string_equal(v->u.items[0]->u.str, "5");
    sg_builder_free(b);
    sg_arena_free(a);
}

static void builder_salvage_drops_dangling_key(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_builder *b = sg_builder_new(a, NULL, "t");
    assert_int_equal(sg_builder_begin_map(b, 1, 1, &err), 0);
    sg_builder_add(b, sg_node_scalar(a, SG_STRING, "a", 1, 1, 1), 1, &err);
    sg_builder_add(b, sg_node_scalar(a, SG_STRING, "x", 1, 1, 4), 1, &err);
    sg_builder_add(b, sg_node_scalar(a, SG_STRING, "b", 1, 2, 1), 1, &err);
    assert_int_equal(sg_builder_end(b, &err), -1); /* key without value */
    sg_node *root = sg_builder_salvage(b);
    assert_int_equal(root->len, 1);
    assert_null(sg_map_get(root, "b"));
    sg_builder_free(b);
    sg_arena_free(a);
}

static void node_limit_counts_alias_weight(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_limits lim = *sg_limits_default();
    lim.max_nodes = 100;
    sg_builder *b = sg_builder_new(a, &lim, "t");
    sg_builder_begin_seq(b, 1, 1, &err);
    sg_node *s = sg_node_scalar(a, SG_STRING, "x", 1, 1, 2);
    assert_int_equal(sg_builder_add(b, s, 50, &err), 0);
    assert_int_equal(sg_builder_add(b, s, 50, &err), -1);
    assert_non_null(strstr(err.msg, "limit"));
    sg_builder_free(b);
    sg_arena_free(a);
}

static void intrinsic_detection(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_pair p = {sg_node_scalar(a, SG_STRING, "Fn::Sub", 7, 1, 1),
                 sg_node_scalar(a, SG_STRING, "x", 1, 1, 1)};
    sg_node *m = sg_node_map(a, &p, 1, 1, 1);
    assert_string_equal(sg_node_intrinsic(m), "Fn::Sub");
    p.key = sg_node_scalar(a, SG_STRING, "Type", 4, 1, 1);
    assert_null(sg_node_intrinsic(sg_node_map(a, &p, 1, 1, 1)));
    sg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_alignment_and_strings),
        cmocka_unit_test(strbuf_json_escapes),
        cmocka_unit_test(strbuf_json_escapes_anywhere),
        cmocka_unit_test(strbuf_printf_conversions),
        cmocka_unit_test(builder_builds_and_limits),
        cmocka_unit_test(builder_salvage_drops_dangling_key),
        cmocka_unit_test(node_limit_counts_alias_weight),
        cmocka_unit_test(intrinsic_detection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
