/* test_json.c - the JSON loader: structure, positions, scalars, strings,
 * errors with their exact positions, limits, salvage and allow_trailing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackgap/parse.h"

/* Parses s (strlen bytes) with o (NULL: defaults, file "t.json"). */
static int parse(sg_arena *a, const char *s, const sg_parse_opts *o, sg_node **out, sg_error *err)
{
    sg_parse_opts def = {.file = "t.json"};
    return sg_parse_json(a, s, strlen(s), o ? o : &def, out, NULL, err);
}

static void assert_pos(const sg_node *n, uint32_t line, uint32_t col)
{
    assert_non_null(n);
    assert_int_equal(n->line, line);
    assert_int_equal(n->col, col);
}

static const sg_pair *pair_at(const sg_node *map, uint32_t i)
{
    assert_non_null(map);
    assert_int_equal(map->kind, SG_MAP);
    assert_true(i < map->len);
    return &map->u.pairs[i];
}

static const char nested_doc[] = "{\n"
                                 "  \"Resources\": {\n"
                                 "    \"Bucket\": {\"Type\": \"AWS::S3::Bucket\",\n"
                                 "      \"Tags\": [1, [true, null], {\"k\": -2.5e3}]\n"
                                 "    }\n"
                                 "  },\n"
                                 "\t\"Empty\": [], \"E2\": {}\r\n"
                                 "}\n";

static void nested_structure_and_positions(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_node *root;
    assert_int_equal(parse(a, nested_doc, NULL, &root, &err), 0);
    assert_int_equal(root->kind, SG_MAP);
    assert_int_equal(root->len, 3);
    assert_pos(root, 1, 1);

    const sg_pair *res = pair_at(root, 0);
    assert_string_equal(res->key->u.str, "Resources");
    assert_int_equal(res->key->kind, SG_STRING);
    assert_pos(res->key, 2, 3);
    assert_pos(res->value, 2, 16);

    const sg_pair *bucket = pair_at(res->value, 0);
    assert_pos(bucket->key, 3, 5);
    assert_pos(bucket->value, 3, 15);
    const sg_pair *type = pair_at(bucket->value, 0);
    assert_pos(type->key, 3, 16);
    assert_pos(type->value, 3, 24);
    assert_string_equal(type->value->u.str, "AWS::S3::Bucket");

    sg_node *tags = sg_map_get(bucket->value, "Tags");
    assert_non_null(tags);
    assert_int_equal(tags->kind, SG_SEQ);
    assert_int_equal(tags->len, 3);
    assert_pos(tags, 4, 15);
    assert_pos(tags->u.items[0], 4, 16);
    sg_node *inner = tags->u.items[1];
    assert_int_equal(inner->kind, SG_SEQ);
    assert_pos(inner, 4, 19);
    assert_pos(inner->u.items[0], 4, 20);
    assert_pos(inner->u.items[1], 4, 26);
    const sg_pair *k = pair_at(tags->u.items[2], 0);
    assert_pos(tags->u.items[2], 4, 33);
    assert_pos(k->key, 4, 34);
    assert_pos(k->value, 4, 39);
    assert_string_equal(k->value->u.str, "-2.5e3");

    /* tab counts as one byte; CRLF ends a line like LF */
    const sg_pair *empty = pair_at(root, 1);
    assert_pos(empty->key, 7, 2);
    assert_int_equal(empty->value->kind, SG_SEQ);
    assert_int_equal(empty->value->len, 0);
    assert_pos(empty->value, 7, 11);
    const sg_pair *e2 = pair_at(root, 2);
    assert_int_equal(e2->value->kind, SG_MAP);
    assert_int_equal(e2->value->len, 0);
    assert_pos(e2->value, 7, 21);

    /* offsets move every position, col_offset on every line */
    sg_parse_opts o = {.file = "doc.md", .line_offset = 10, .col_offset = 4};
    assert_int_equal(parse(a, nested_doc, &o, &root, &err), 0);
    assert_pos(root, 11, 5);
    res = pair_at(root, 0);
    assert_pos(res->key, 12, 7);
    tags = sg_map_get(pair_at(res->value, 0)->value, "Tags");
    assert_pos(tags->u.items[1]->u.items[1], 14, 30);

    /* and error positions too */
    assert_int_equal(parse(a, "{\n  \"a\" 1}", &o, &root, &err), -1);
    assert_string_equal(err.file, "doc.md");
    assert_int_equal(err.line, 12);
    assert_int_equal(err.col, 11);
    assert_null(root);
    sg_arena_free(a);
}

static void scalar_kinds(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_node *root;
    assert_int_equal(parse(a, "[true, false, null, 12, -0.5, \"s\", \"\"]", NULL, &root, &err),
                     0);
    assert_int_equal(root->len, 7);
    sg_node **it = root->u.items;
    assert_int_equal(it[0]->kind, SG_BOOL);
    assert_string_equal(it[0]->u.str, "true");
    assert_int_equal(it[0]->len, 4);
    assert_int_equal(it[1]->kind, SG_BOOL);
    assert_string_equal(it[1]->u.str, "false");
    assert_int_equal(it[2]->kind, SG_NULL);
    assert_string_equal(it[2]->u.str, "");
    assert_int_equal(it[2]->len, 0);
    assert_int_equal(it[3]->kind, SG_NUMBER);
    assert_string_equal(it[3]->u.str, "12");
    assert_int_equal(it[4]->kind, SG_NUMBER);
    assert_string_equal(it[4]->u.str, "-0.5");
    assert_int_equal(it[5]->kind, SG_STRING);
    assert_string_equal(it[5]->u.str, "s");
    assert_int_equal(it[6]->kind, SG_STRING);
    assert_int_equal(it[6]->len, 0);
    for (int i = 0; i < 7; i++)
        assert_int_equal(it[i]->flags, 0);

    /* a scalar may be the whole document */
    assert_int_equal(parse(a, " 42 ", NULL, &root, &err), 0);
    assert_int_equal(root->kind, SG_NUMBER);
    assert_string_equal(root->u.str, "42");
    assert_pos(root, 1, 2);
    assert_int_equal(parse(a, "null", NULL, &root, &err), 0);
    assert_int_equal(root->kind, SG_NULL);

    /* duplicate keys stay as written */
    assert_int_equal(parse(a, "{\"a\": 1, \"a\": 2}", NULL, &root, &err), 0);
    assert_int_equal(root->len, 2);
    assert_string_equal(root->u.pairs[1].key->u.str, "a");
    assert_string_equal(root->u.pairs[1].value->u.str, "2");
    sg_arena_free(a);
}

static void number_grammar(void **state)
{
    (void)state;
    static const char *const good[] = {
        "0", "-0", "7", "-1", "1234567890", "0.0", "1.5", "-0.25", "1e5", "1E5", "1e+5", "1e-5",
        "-1.5E-10", "0e0", "123456789012345678901234567890.000000000000001",
    };
    static const struct {
        const char *in;
        uint32_t col; /* of the character breaking the grammar */
    } bad[] = {
        {"01", 1},       {"-01", 2},  {"00", 1},     {"-", 2},    {"-a", 2},
        {"- 1", 2},      {"1.", 3},   {"1.e5", 3},   {".5", 1},   {"+1", 1},
        {"1e", 3},       {"1e+", 4},  {"1E-x", 4},   {"0x1F", 2}, {"1.2.3", 4},
        {"1ee5", 3},     {"NaN", 1},  {"Infinity", 1}, {"-Infinity", 2}, {"1_000", 2},
        {"[1, 2e]", 7},  {"-.5", 2},  {"1-2", 2},
    };
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_node *root;
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        assert_int_equal(parse(a, good[i], NULL, &root, &err), 0);
        assert_int_equal(root->kind, SG_NUMBER);
        assert_string_equal(root->u.str, good[i]); /* source text, not converted */
        assert_int_equal(root->len, strlen(good[i]));
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(parse(a, bad[i].in, NULL, &root, &err), -1);
        if (strncmp(err.msg, "invalid number", 14) != 0)
            fail_msg("%s: %s", bad[i].in, err.msg);
        if (err.line != 1 || err.col != bad[i].col)
            fail_msg("%s: error at %u:%u, want 1:%u", bad[i].in, err.line, err.col, bad[i].col);
        assert_null(root);
    }
    sg_arena_free(a);
}

/* Parses json, which must be one string, and checks its exact bytes. */
static void check_string(sg_arena *a, const char *json, const char *want, size_t want_len)
{
    sg_error err;
    sg_node *root;
    if (parse(a, json, NULL, &root, &err) != 0)
        fail_msg("%s: %s", json, err.msg);
    assert_int_equal(root->kind, SG_STRING);
    assert_int_equal(root->len, want_len);
    assert_memory_equal(root->u.str, want, want_len);
    assert_int_equal(root->u.str[want_len], '\0');
}

static void string_escapes(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    check_string(a, "\"plain text that is long enough for the fast path\"",
                 "plain text that is long enough for the fast path", 48);
    check_string(a, "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t", 8);
    check_string(a, "\"a\\nb\"", "a\nb", 3);
    check_string(a, "\"\\u0041\\u00e9\\u00E9\"", "A\xC3\xA9\xC3\xA9", 5);
    check_string(a, "\"\\u20ac\"", "\xE2\x82\xAC", 3);
    check_string(a, "\"\\uFFFF\"", "\xEF\xBF\xBF", 3);
    /* surrogate pairs: U+1F600 and U+10FFFF */
    check_string(a, "\"x\\ud83d\\ude00y\"", "x\xF0\x9F\x98\x80y", 6);
    check_string(a, "\"\\uDBFF\\uDFFF\"", "\xF4\x8F\xBF\xBF", 4);
    /* \u0000 is kept: len counts bytes, str holds the NUL */
    check_string(a, "\"a\\u0000b\"", "a\0b", 3);
    /* raw UTF-8 passes through */
    check_string(a, "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 after\"",
                 "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 after", 15);
    /* escapes in keys, too */
    sg_error err;
    sg_node *root;
    assert_int_equal(parse(a, "{\"Fn::\\u0047etAtt\": 1}", NULL, &root, &err), 0);
    assert_non_null(sg_map_get(root, "Fn::GetAtt"));
    sg_arena_free(a);
}

static void lone_surrogates_become_replacement(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    check_string(a, "\"\\ud800\"", "\xEF\xBF\xBD", 3);
    check_string(a, "\"\\udc00x\"", "\xEF\xBF\xBDx", 4);
    check_string(a, "\"\\ud800\\u0041\"", "\xEF\xBF\xBD" "A", 4);
    check_string(a, "\"\\ud800\\ud800\"", "\xEF\xBF\xBD\xEF\xBF\xBD", 6);
    check_string(a, "\"\\ude00\\ud83d\"", "\xEF\xBF\xBD\xEF\xBF\xBD", 6);
    check_string(a, "\"\\ud83dx\\ude00\"", "\xEF\xBF\xBDx\xEF\xBF\xBD", 7);
    sg_arena_free(a);
}

static void invalid_utf8_rejected(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        uint32_t col;
    } bad[] = {
        {"\"ab\xFF\"", 4},
        {"\"\x80\"", 2},                 /* lone continuation byte */
        {"\"a\xC0\xAF\"", 3},            /* overlong '/' */
        {"\"\xE0\x80\xAF\"", 2},         /* overlong, 3 bytes */
        {"\"xx\xED\xA0\x80\"", 4},       /* encoded surrogate */
        {"\"\xF4\x90\x80\x80\"", 2},     /* above U+10FFFF */
        {"\"\xF5\x80\x80\x80\"", 2},
        {"\"\xE2\x82\"", 2},             /* truncated */
        {"\"0123456789\xC3\"", 12},      /* truncated at the end of input */
        {"[1, \xC3\xA9]", 5},            /* outside a string: not a value, but valid */
        {"[1, \xFF]", 5},
        {"{\"a\":1}\xFF", 8},
    };
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_node *root;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(parse(a, bad[i].in, NULL, &root, &err), -1);
        if (err.line != 1 || err.col != bad[i].col)
            fail_msg("case %zu: error at %u:%u, want 1:%u (%s)", i, err.line, err.col,
                     bad[i].col, err.msg);
    }
    assert_int_equal(parse(a, "\"ab\xFF\"", NULL, &root, &err), -1);
    assert_string_equal(err.msg, "invalid UTF-8");
    assert_int_equal(parse(a, "[1, \xFF]", NULL, &root, &err), -1);
    assert_string_equal(err.msg, "invalid UTF-8");
    assert_int_equal(parse(a, "[1, \xC3\xA9]", NULL, &root, &err), -1);
    assert_string_equal(err.msg, "expected a value, found U+00E9");
    sg_arena_free(a);
}

static void error_messages(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        uint32_t line, col;
        const char *msg;
    } cases[] = {
        {"", 1, 1, "empty document"},
        {"  \n \t ", 2, 4, "empty document"},
        {"{\"a\" 1}", 1, 6, "expected ':' after object key"},
        {"{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}' after object member"},
        {"[1 2]", 1, 4, "expected ',' or ']' after array element"},
        {"[1}", 1, 3, "expected ',' or ']' after array element"},
        {"\n\n{\"a\": 1", 3, 8, "unexpected end of input: '{' opened at line 3 is not closed"},
        {"{\"a\": [\n1,\n", 3, 1, "unexpected end of input: '[' opened at line 1 is not closed"},
        {"{\"a\"", 1, 5, "unexpected end of input: '{' opened at line 1 is not closed"},
        {"{\"a\":", 1, 6, "unexpected end of input: '{' opened at line 1 is not closed"},
        {"{", 1, 2, "unexpected end of input: '{' opened at line 1 is not closed"},
        {"[1,", 1, 4, "unexpected end of input: '[' opened at line 1 is not closed"},
        {"  \"abc", 1, 7, "unexpected end of input: string opened at column 3 is not closed"},
        {"\"ab\\", 1, 5, "unexpected end of input: string opened at column 1 is not closed"},
        {"\"a\\qb\"", 1, 3, "invalid escape '\\q'"},
        {"\"a\\'\"", 1, 3, "invalid escape '\\''"},
        {"\"\\u12x4\"", 1, 2, "invalid \\u escape: expected four hex digits"},
        {"\"\\u12\"", 1, 2, "invalid \\u escape: expected four hex digits"},
        {"\"a\tb\"", 1, 3, "control character in string"},
        {"[\"a\nb\"]", 1, 4, "control character in string"},
        {"[1] x", 1, 5, "trailing content after the JSON value"},
        {"{}\n{}", 2, 1, "trailing content after the JSON value"},
        {"[1,]", 1, 3, "trailing comma before ']'"},
        {"[1,\n  ]", 1, 3, "trailing comma before ']'"},
        {"{\"a\": 1,}", 1, 8, "trailing comma before '}'"},
        {"[,1]", 1, 2, "expected a value, found ','"},
        {"{\"a\": }", 1, 7, "expected a value, found '}'"},
        {"]", 1, 1, "expected a value, found ']'"},
        {"[\f1]", 1, 2, "expected a value, found U+000C"},
        {"[1,\v2]", 1, 4, "expected a value, found U+000B"},
        {"\xC2\xA0" "1", 1, 1, "expected a value, found U+00A0"},
        {"{a: 1}", 1, 2, "expected a double-quoted object key"},
        {"{\"a\": 1, 2}", 1, 10, "expected a double-quoted object key"},
        {"{'a': 1}", 1, 2, "single quotes are not allowed; JSON strings use '\"'"},
        {"['a']", 1, 2, "single quotes are not allowed; JSON strings use '\"'"},
        {"// note\n{}", 1, 1, "comments are not allowed in JSON"},
        {"{\"a\": 1 /* x */}", 1, 9, "comments are not allowed in JSON"},
        {"[tru]", 1, 2, "invalid literal 'tru'"},
        {"True", 1, 1, "invalid literal 'True'"},
        {"[nulls]", 1, 2, "invalid literal 'nulls'"},
        {"\xEF\xBB\xBF\xEF\xBB\xBF{}", 1, 1, "expected a value, found U+FEFF"},
    };
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_node *root;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int rc = parse(a, cases[i].in, NULL, &root, &err);
        if (rc != -1)
            fail_msg("case %zu: parsed (rc %d)", i, rc);
        if (strcmp(err.msg, cases[i].msg) != 0)
            fail_msg("case %zu: message \"%s\", want \"%s\"", i, err.msg, cases[i].msg);
        if (err.line != cases[i].line || err.col != cases[i].col)
            fail_msg("case %zu (%s): at %u:%u, want %u:%u", i, err.msg, err.line, err.col,
                     cases[i].line, cases[i].col);
        assert_string_equal(err.file, "t.json");
        assert_null(root);
    }
    /* no file name: a placeholder */
    sg_parse_opts o = {0};
    assert_int_equal(parse(a, "[", &o, &root, &err), -1);
    assert_string_equal(err.file, "<input>");
    /* NULL opts mean defaults */
    assert_int_equal(sg_parse_json(a, "[1]", 3, NULL, &root, NULL, &err), 0);
    assert_int_equal(root->len, 1);
    /* only the given length is read */
    assert_int_equal(sg_parse_json(a, "[1]]", 3, NULL, &root, NULL, &err), 0);
    sg_arena_free(a);
}

static void bom_is_skipped(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_node *root;
    assert_int_equal(parse(a, "\xEF\xBB\xBF{\"a\": 1}", NULL, &root, &err), 0);
    assert_int_equal(root->kind, SG_MAP);
    assert_pos(root, 1, 1);
    assert_pos(root->u.pairs[0].value, 1, 7);
    assert_int_equal(parse(a, "\xEF\xBB\xBF", NULL, &root, &err), -1);
    assert_string_equal(err.msg, "empty document");
    /* only at the very start */
    assert_int_equal(parse(a, " \xEF\xBB\xBF{}", NULL, &root, &err), -1);
    assert_int_equal(err.col, 2);
    sg_arena_free(a);
}

static void depth_limit(void **state)
{
    (void)state;
    enum { N = 10000 };
    char *deep = malloc(2 * N + 1);
    memset(deep, '[', N);
    memset(deep + N, ']', N);
    deep[2 * N] = '\0';
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_node *root;
    sg_limits lim = *sg_limits_default();
    lim.max_depth = 64;
    sg_parse_opts o = {.file = "t.json", .limits = &lim, .salvage = true};
    assert_int_equal(parse(a, deep, &o, &root, &err), -1); /* limits are not salvaged */
    assert_null(root);
    assert_non_null(strstr(err.msg, "nesting deeper than 64"));
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 65);

    /* the default limit, and unclosed brackets: still a limit error, no crash */
    deep[N] = '\0';
    assert_int_equal(parse(a, deep, NULL, &root, &err), -1);
    assert_non_null(strstr(err.msg, "limit"));
    assert_int_equal(err.col, SG_DEFAULT_MAX_DEPTH + 1);

    /* deep but allowed: the parser itself does not recurse */
    deep[N] = ']';
    lim.max_depth = N;
    assert_int_equal(parse(a, deep, &o, &root, &err), 0);
    sg_node *n = root;
    for (int i = 1; i < N; i++) {
        assert_int_equal(n->kind, SG_SEQ);
        assert_int_equal(n->len, 1);
        n = n->u.items[0];
    }
    assert_int_equal(n->len, 0);
    assert_pos(n, 1, N);
    free(deep);
    sg_arena_free(a);
}

static void string_and_node_limits(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_node *root;
    sg_limits lim = *sg_limits_default();
    lim.max_string_bytes = 5;
    sg_parse_opts o = {.file = "t.json", .limits = &lim};
    assert_int_equal(parse(a, "[\"abcde\", \"\\u00e9\\u00e9\"]", &o, &root, &err), 0);
    assert_int_equal(parse(a, "[\n \"abcdef\"]", &o, &root, &err), -1);
    assert_non_null(strstr(err.msg, "longer than 5 bytes"));
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 2);
    /* bytes after unescaping count; so do keys and numbers */
    assert_int_equal(parse(a, "\"\\u00e9\\u00e9\\u00e9\"", &o, &root, &err), -1);
    assert_int_equal(parse(a, "{\"abcdef\": 1}", &o, &root, &err), -1);
    assert_int_equal(err.col, 2);
    assert_int_equal(parse(a, "1234567", &o, &root, &err), -1);

    lim = *sg_limits_default();
    lim.max_nodes = 4;
    assert_int_equal(parse(a, "[1, 2, 3]", &o, &root, &err), 0);
    assert_int_equal(parse(a, "[1, 2, 3, 4]", &o, &root, &err), -1);
    assert_non_null(strstr(err.msg, "more than 4 nodes"));
    assert_int_equal(err.col, 11);

    lim = *sg_limits_default();
    lim.max_input_bytes = 4;
    assert_int_equal(parse(a, "[1] ", &o, &root, &err), 0);
    assert_int_equal(parse(a, "[12]   ", &o, &root, &err), -1);
    assert_non_null(strstr(err.msg, "limit"));
    sg_arena_free(a);
}

static void salvage_truncated_document(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_node *root;
    sg_parse_opts o = {.file = "t.json", .salvage = true};
    const char *doc = "{\"Resources\": {\"A\": {\"Type\": \"X\"}, \"B\": {\"Ty";
    assert_int_equal(parse(a, doc, &o, &root, &err), 1);
    assert_non_null(root);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, (uint32_t)strlen(doc) + 1);
    assert_non_null(strstr(err.msg, "unexpected end of input"));
    sg_node *res = sg_map_get(root, "Resources");
    assert_non_null(res);
    assert_true(sg_node_is_str(sg_map_get(sg_map_get(res, "A"), "Type"), "X"));
    sg_node *b = sg_map_get(res, "B");
    assert_non_null(b);
    assert_int_equal(b->kind, SG_MAP);
    assert_int_equal(b->len, 0);

    /* a key left without value is dropped */
    assert_int_equal(parse(a, "{\"a\": [1, 2], \"b\": ", &o, &root, &err), 1);
    assert_int_equal(root->len, 1);
    assert_int_equal(sg_map_get(root, "a")->len, 2);

    /* the error comes back as without salvage */
    assert_int_equal(parse(a, "[1, 2 x", &o, &root, &err), 1);
    assert_string_equal(err.msg, "expected ',' or ']' after array element");
    assert_int_equal(err.col, 7);
    assert_int_equal(root->len, 2);

    /* a complete value with junk after it */
    assert_int_equal(parse(a, "{\"a\": 1} }", &o, &root, &err), 1);
    assert_string_equal(err.msg, "trailing content after the JSON value");
    assert_int_equal(root->len, 1);

    /* nothing built: failure */
    assert_int_equal(parse(a, "\"abc", &o, &root, &err), -1);
    assert_null(root);
    assert_int_equal(parse(a, "", &o, &root, &err), -1);
    assert_null(root);

    /* without salvage the same input fails */
    o.salvage = false;
    assert_int_equal(parse(a, doc, &o, &root, &err), -1);
    assert_null(root);
    sg_arena_free(a);
}

static void allow_trailing_and_consumed(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_node *root;
    size_t used = 99;
    sg_parse_opts o = {.file = "t.json", .allow_trailing = true};
    const char *s = "{\"a\": [1]}  \n```\nmore text";
    assert_int_equal(sg_parse_json(a, s, strlen(s), &o, &root, &used, &err), 0);
    assert_int_equal(used, 10);
    assert_non_null(sg_map_get(root, "a"));
    s = "[1] [2]";
    assert_int_equal(sg_parse_json(a, s, strlen(s), &o, &root, &used, &err), 0);
    assert_int_equal(used, 3);
    s = "  true,false";
    assert_int_equal(sg_parse_json(a, s, strlen(s), &o, &root, &used, &err), 0);
    assert_int_equal(used, 6);
    assert_string_equal(root->u.str, "true");
    s = "12";
    assert_int_equal(sg_parse_json(a, s, strlen(s), &o, &root, &used, &err), 0);
    assert_int_equal(used, 2);
    s = "\xEF\xBB\xBF\"x\" y";
    assert_int_equal(sg_parse_json(a, s, strlen(s), &o, &root, &used, &err), 0);
    assert_int_equal(used, 6);
    /* the first value must still be valid */
    s = "[1,] x";
    assert_int_equal(sg_parse_json(a, s, strlen(s), &o, &root, &used, &err), -1);
    assert_string_equal(err.msg, "trailing comma before ']'");
    s = "   ";
    assert_int_equal(sg_parse_json(a, s, strlen(s), &o, &root, &used, &err), -1);
    assert_string_equal(err.msg, "empty document");

    /* without allow_trailing, consumed is still the end of the value */
    o.allow_trailing = false;
    s = "  [1]  \n";
    used = 99;
    assert_int_equal(sg_parse_json(a, s, strlen(s), &o, &root, &used, &err), 0);
    assert_int_equal(used, 5);
    s = "[1] [2]";
    assert_int_equal(sg_parse_json(a, s, strlen(s), &o, &root, &used, &err), -1);
    assert_int_equal(err.col, 5);
    sg_arena_free(a);
}

/* A generated template, parsed and spot-checked: exercises chunk growth of
 * the builder and arena and the SWAR string and whitespace paths. */
static void large_document(void **state)
{
    (void)state;
    enum { R = 3000 };
    size_t cap = (size_t)R * 200 + 64, len = 0;
    char *buf = malloc(cap);
    len += (size_t)snprintf(buf + len, cap - len, "{\n    \"Resources\": {\n");
    for (int i = 0; i < R; i++)
        len += (size_t)snprintf(buf + len, cap - len,
                                "        \"Res%04d\": {\n"
                                "            \"Type\": \"AWS::S3::Bucket\",\n"
                                "            \"Properties\": {\"Name\": \"b\\u00e9%d\", "
                                "\"N\": %d, \"On\": true}\n"
                                "        }%s\n",
                                i, i, i, i + 1 < R ? "," : "");
    len += (size_t)snprintf(buf + len, cap - len, "    }\n}\n");
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_node *root;
    assert_int_equal(sg_parse_json(a, buf, len, NULL, &root, NULL, &err), 0);
    sg_node *res = sg_map_get(root, "Resources");
    assert_int_equal(res->len, R);
    const sg_pair *last = &res->u.pairs[R - 1];
    assert_string_equal(last->key->u.str, "Res2999");
    assert_pos(last->key, 3 + 4 * (R - 1), 9);
    sg_node *props = sg_map_get(last->value, "Properties");
    assert_string_equal(sg_map_get(props, "Name")->u.str, "b\xC3\xA9" "2999");
    assert_string_equal(sg_map_get(props, "N")->u.str, "2999");
    assert_pos(sg_map_get(props, "On"), 3 + 4 * (R - 1) + 2, 68);
    free(buf);
    sg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nested_structure_and_positions),
        cmocka_unit_test(scalar_kinds),
        cmocka_unit_test(number_grammar),
        cmocka_unit_test(string_escapes),
        cmocka_unit_test(lone_surrogates_become_replacement),
        cmocka_unit_test(invalid_utf8_rejected),
        cmocka_unit_test(error_messages),
        cmocka_unit_test(bom_is_skipped),
        cmocka_unit_test(depth_limit),
        cmocka_unit_test(string_and_node_limits),
        cmocka_unit_test(salvage_truncated_document),
        cmocka_unit_test(allow_trailing_and_consumed),
        cmocka_unit_test(large_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
