/* test_yaml.c - the YAML loader: scalar resolution, keys, short-form
 * intrinsics, positions, anchors and aliases, limits, errors and salvage. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "stackgap/parse.h"

/* ---- helpers ---------------------------------------------------------------- */

static int parse_n(sg_arena *a, const char *src, size_t len, const sg_parse_opts *opts,
                   sg_node **out, sg_error *err)
{
    memset(err, 0, sizeof *err);
    return sg_parse_yaml(a, src, len, opts, out, err);
}

static int parse_opts(sg_arena *a, const char *src, const sg_parse_opts *opts, sg_node **out,
                      sg_error *err)
{
    return parse_n(a, src, strlen(src), opts, out, err);
}

/* Parses src that must load; returns the root. */
static sg_node *load(sg_arena *a, const char *src)
{
    sg_node *root = NULL;
    sg_error err;
    int rc = parse_opts(a, src, NULL, &root, &err);
    if (rc != 0)
        fail_msg("unexpected error for [%s]: %u:%u: %s", src, err.line, err.col, err.msg);
    assert_non_null(root);
    return root;
}

/* Parses src that must fail; returns the error. */
static sg_error load_fail(sg_arena *a, const char *src, const sg_parse_opts *opts)
{
    sg_node *root = (sg_node *)1;
    sg_error err;
    int rc = parse_opts(a, src, opts, &root, &err);
    if (rc != -1)
        fail_msg("expected an error for [%s], got %d", src, rc);
    assert_null(root);
    assert_true(err.msg[0] != '\0');
    return err;
}

static void assert_pos(const sg_node *n, uint32_t line, uint32_t col)
{
    assert_non_null(n);
    if (n->line != line || n->col != col)
        fail_msg("position %u:%u, expected %u:%u", n->line, n->col, line, col);
}

static void assert_scalar(const sg_node *n, sg_kind kind, const char *str)
{
    assert_non_null(n);
    assert_int_equal(n->kind, kind);
    assert_string_equal(n->u.str, str);
    assert_int_equal(n->len, strlen(str));
}

/* n must be the one-key map {key: value}; returns value. */
static sg_node *intr(const sg_node *n, const char *key)
{
    assert_non_null(n);
    assert_int_equal(n->kind, SG_MAP);
    assert_int_equal(n->len, 1);
    assert_int_equal(n->u.pairs[0].key->kind, SG_STRING);
    assert_string_equal(n->u.pairs[0].key->u.str, key);
    return n->u.pairs[0].value;
}

static sg_node *item(const sg_node *seq, uint32_t i)
{
    assert_non_null(seq);
    assert_int_equal(seq->kind, SG_SEQ);
    assert_true(i < seq->len);
    return seq->u.items[i];
}

/* ---- scalars and keys ------------------------------------------------------- */

static void scalar_resolution_table(void **state)
{
    (void)state;
    static const struct {
        const char *src;
        sg_kind kind;
        const char *str;
        int quoted;
    } rows[] = {
        {"", SG_NULL, "", 0},
        {"~", SG_NULL, "", 0},
        {"null", SG_NULL, "", 0},
        {"Null", SG_NULL, "", 0},
        {"NULL", SG_NULL, "", 0},
        {"nULL", SG_STRING, "nULL", 0},
        {"true", SG_BOOL, "true", 0},
        {"True", SG_BOOL, "true", 0},
        {"TRUE", SG_BOOL, "true", 0},
        {"false", SG_BOOL, "false", 0},
        {"False", SG_BOOL, "false", 0},
        {"FALSE", SG_BOOL, "false", 0},
        {"tRUE", SG_STRING, "tRUE", 0},
        {"yes", SG_STRING, "yes", 0},
        {"No", SG_STRING, "No", 0},
        {"on", SG_STRING, "on", 0},
        {"OFF", SG_STRING, "OFF", 0},
        {"y", SG_STRING, "y", 0},
        {"0", SG_NUMBER, "0", 0},
        {"-17", SG_NUMBER, "-17", 0},
        {"+5", SG_NUMBER, "+5", 0},
        {"007", SG_NUMBER, "007", 0},
        {"0x1F", SG_NUMBER, "0x1F", 0},
        {"0o17", SG_NUMBER, "0o17", 0},
        {"1.5", SG_NUMBER, "1.5", 0},
        {"-1.5e3", SG_NUMBER, "-1.5e3", 0},
        {"1E+10", SG_NUMBER, "1E+10", 0},
        {".5", SG_NUMBER, ".5", 0},
        {"1.", SG_NUMBER, "1.", 0},
        {".inf", SG_NUMBER, ".inf", 0},
        {"-.Inf", SG_NUMBER, "-.Inf", 0},
        {"+.INF", SG_NUMBER, "+.INF", 0},
        {".nan", SG_NUMBER, ".nan", 0},
        {".NaN", SG_NUMBER, ".NaN", 0},
        {"0x", SG_STRING, "0x", 0},
        {"0o8", SG_STRING, "0o8", 0},
        {"0xG1", SG_STRING, "0xG1", 0},
        {"1_000", SG_STRING, "1_000", 0},
        {"0b101", SG_STRING, "0b101", 0},
        {"1e", SG_STRING, "1e", 0},
        {"1.2.3", SG_STRING, "1.2.3", 0},
        {"--", SG_STRING, "--", 0},
        {".", SG_STRING, ".", 0},
        {"-.nan", SG_STRING, "-.nan", 0},
        {".infinity", SG_STRING, ".infinity", 0},
        {"12:30", SG_STRING, "12:30", 0},
        {"2024-01-01", SG_STRING, "2024-01-01", 0},
        {"hello world", SG_STRING, "hello world", 0},
        {"'123'", SG_STRING, "123", 1},
        {"\"true\"", SG_STRING, "true", 1},
        {"\"null\"", SG_STRING, "null", 1},
        {"''", SG_STRING, "", 1},
        {"\"a\\tb\"", SG_STRING, "a\tb", 1},
        {"|\n  line1\n  line2\n", SG_STRING, "line1\nline2\n", 1},
        {">-\n  a\n  b\n", SG_STRING, "a b", 1},
        {"|-\n  42\n", SG_STRING, "42", 1},
        {"!!str 123", SG_STRING, "123", 1},
        {"!!str true", SG_STRING, "true", 1},
        {"!!int '42'", SG_NUMBER, "42", 0},
        {"!!int 0x2A", SG_NUMBER, "0x2A", 0},
        {"!!float 1", SG_NUMBER, "1", 0},
        {"!!bool True", SG_BOOL, "true", 0},
        {"!!bool \"false\"", SG_BOOL, "false", 0},
        {"!!null ''", SG_NULL, "", 0},
        {"!!null", SG_NULL, "", 0},
        {"! 123", SG_STRING, "123", 1},
        {"!!binary aGk=", SG_STRING, "aGk=", 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        sg_arena *a = sg_arena_new();
        char src[256];
        snprintf(src, sizeof src, "v: %s\nw: end\n", rows[i].src);
        sg_node *v = sg_map_get(load(a, src), "v");
        assert_non_null(v);
        if (v->kind != rows[i].kind || strcmp(v->u.str, rows[i].str) != 0 ||
            !!(v->flags & SG_NODE_QUOTED) != rows[i].quoted)
            fail_msg("[%s] -> kind %d \"%s\" flags %d; expected kind %d \"%s\" quoted %d",
                     rows[i].src, v->kind, v->u.str, v->flags, rows[i].kind, rows[i].str,
                     rows[i].quoted);
        assert_int_equal(v->len, strlen(rows[i].str));
        sg_arena_free(a);
    }
}

static void core_tags_are_checked(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_error err = load_fail(a, "a: 1\nb: !!int abc\n", NULL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 4);
    assert_non_null(strstr(err.msg, "!!int"));
    err = load_fail(a, "b: !!bool yes\n", NULL);
    assert_non_null(strstr(err.msg, "!!bool"));
    err = load_fail(a, "b: !!float x1\n", NULL);
    assert_non_null(strstr(err.msg, "!!float"));
    sg_arena_free(a);
}

static void keys_are_strings(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_node *root = load(a, "80: a\ntrue: b\nnull: c\n1.5: d\n'q': e\n~: f\n!!int 7: g\n"
                            "? |\n  lit\n: h\n");
    static const char *keys[] = {"80", "true", "null", "1.5", "q", "~", "7", "lit\n"};
    assert_int_equal(root->len, 8);
    for (uint32_t i = 0; i < root->len; i++) {
        assert_scalar(root->u.pairs[i].key, SG_STRING, keys[i]);
        assert_int_equal(root->u.pairs[i].value->kind, SG_STRING);
    }
    assert_int_equal(root->u.pairs[4].key->flags & SG_NODE_QUOTED, SG_NODE_QUOTED);
    assert_int_equal(root->u.pairs[0].key->flags & SG_NODE_QUOTED, 0);
    /* an empty key is the empty string (libyaml needs `?` for it in flow too) */
    sg_node *m = sg_map_get(load(a, "m: {? : v}\n"), "m");
    assert_scalar(m->u.pairs[0].key, SG_STRING, "");
    sg_arena_free(a);
}

static void non_scalar_keys_fail(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_error err = load_fail(a, "a: 1\n? [x]\n: b\n", NULL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 3);
    assert_string_equal(err.msg, "mapping key is a sequence; keys must be strings");
    err = load_fail(a, "m: {{x: 1}: b}\n", NULL);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 5);
    err = load_fail(a, "!Ref a: b\n", NULL);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 1);
    err = load_fail(a, "a: &m {x: 1}\n*m : b\n", NULL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 1);
    sg_arena_free(a);
}

/* ---- intrinsics ------------------------------------------------------------- */

static void intrinsic_every_name_and_shape(void **state)
{
    (void)state;
    static const char *names[] = {
        "Ref",       "Condition", "GetAtt",      "Sub",       "Join",         "If",
        "Select",    "Split",     "FindInMap",   "Base64",    "Cidr",         "GetAZs",
        "ImportValue", "Equals",  "And",         "Or",        "Not",          "Transform",
        "Length",    "ToJsonString", "ForEach",  "AnythingElse",
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        sg_arena *a = sg_arena_new();
        char key[64], src[256];
        int plain = strcmp(names[i], "Ref") == 0 || strcmp(names[i], "Condition") == 0;
        snprintf(key, sizeof key, "%s%s", plain ? "" : "Fn::", names[i]);
        snprintf(src, sizeof src,
                 "s: !%s x\nq: !%s [x, y]\nm: !%s {k: x}\nb: !%s\n  - x\n", names[i],
                 names[i], names[i], names[i]);
        sg_node *root = load(a, src);
        assert_scalar(intr(sg_map_get(root, "s"), key), SG_STRING, "x");
        sg_node *q = intr(sg_map_get(root, "q"), key);
        assert_int_equal(q->len, 2);
        assert_scalar(item(q, 1), SG_STRING, "y");
        sg_node *m = intr(sg_map_get(root, "m"), key);
        assert_int_equal(m->kind, SG_MAP);
        assert_scalar(sg_map_get(m, "k"), SG_STRING, "x");
        assert_scalar(item(intr(sg_map_get(root, "b"), key), 0), SG_STRING, "x");
        sg_arena_free(a);
    }
}

static void intrinsic_exact_structures(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_node *root = load(a,
                         "join: !Join ['', [!Ref A, '-x']]\n"
                         "sub: !Sub [\"${X}-${Y}\", {X: !Ref Y, Y: !GetAtt R.Arn}]\n"
                         "if: !If [c, a, b]\n"
                         "getatt: !GetAtt A.B\n"
                         "getatt2: !GetAtt [A, B]\n"
                         "azs: !GetAZs ''\n"
                         "azs2: !GetAZs\n"
                         "num: !Ref 123\n"
                         "nul: !Ref ~\n"
                         "quoted: !Sub 'x${A}'\n"
                         "block: !Base64\n"
                         "  Fn::Sub: |\n"
                         "    line\n"
                         "list: [!Ref A, !Ref B]\n");
    /* {"Fn::Join": ["", [{"Ref": "A"}, "-x"]]} */
    sg_node *j = intr(sg_map_get(root, "join"), "Fn::Join");
    assert_int_equal(j->len, 2);
    assert_scalar(item(j, 0), SG_STRING, "");
    sg_node *parts = item(j, 1);
    assert_int_equal(parts->len, 2);
    assert_scalar(intr(item(parts, 0), "Ref"), SG_STRING, "A");
    assert_scalar(item(parts, 1), SG_STRING, "-x");

    sg_node *s = intr(sg_map_get(root, "sub"), "Fn::Sub");
    assert_int_equal(s->len, 2);
    assert_scalar(item(s, 0), SG_STRING, "${X}-${Y}");
    sg_node *vars = item(s, 1);
    assert_int_equal(vars->kind, SG_MAP);
    assert_int_equal(vars->len, 2);
    assert_scalar(intr(sg_map_get(vars, "X"), "Ref"), SG_STRING, "Y");
    assert_scalar(intr(sg_map_get(vars, "Y"), "Fn::GetAtt"), SG_STRING, "R.Arn");

    sg_node *f = intr(sg_map_get(root, "if"), "Fn::If");
    assert_int_equal(f->len, 3);
    assert_scalar(item(f, 0), SG_STRING, "c");
    assert_scalar(item(f, 2), SG_STRING, "b");

    assert_scalar(intr(sg_map_get(root, "getatt"), "Fn::GetAtt"), SG_STRING, "A.B");
    sg_node *g2 = intr(sg_map_get(root, "getatt2"), "Fn::GetAtt");
    assert_int_equal(g2->len, 2);

    sg_node *azs = intr(sg_map_get(root, "azs"), "Fn::GetAZs");
    assert_scalar(azs, SG_STRING, "");
    assert_true(azs->flags & SG_NODE_QUOTED);
    assert_scalar(intr(sg_map_get(root, "azs2"), "Fn::GetAZs"), SG_STRING, "");
    /* the value of a tagged plain scalar stays a string whatever it looks like */
    assert_scalar(intr(sg_map_get(root, "num"), "Ref"), SG_STRING, "123");
    assert_scalar(intr(sg_map_get(root, "nul"), "Ref"), SG_STRING, "~");
    sg_node *qs = intr(sg_map_get(root, "quoted"), "Fn::Sub");
    assert_scalar(qs, SG_STRING, "x${A}");
    assert_true(qs->flags & SG_NODE_QUOTED);

    sg_node *b = intr(sg_map_get(root, "block"), "Fn::Base64");
    assert_scalar(intr(b, "Fn::Sub"), SG_STRING, "line\n");

    sg_node *list = sg_map_get(root, "list");
    assert_int_equal(list->len, 2);
    assert_scalar(intr(item(list, 1), "Ref"), SG_STRING, "B");
    sg_arena_free(a);
}

/* ---- positions -------------------------------------------------------------- */

static const char positions_doc[] =
    "Resources:\n"                  /* 1 */
    "  A:\n"                        /* 2 */
    "    Type: X\n"                 /* 3 */
    "    Properties:\n"             /* 4 */
    "      B: !Ref Foo\n"           /* 5 */
    "      C: [1, 'two']\n"         /* 6 */
    "      D: !If\n"                /* 7 */
    "        - Cond\n"              /* 8 */
    "        - !GetAtt R.Arn\n"     /* 9 */
    "      E: &anc !Sub 'x'\n"      /* 10 */
    "      F: !Join  # why\n"       /* 11 */
    "        [a, b]\n";             /* 12 */

static void check_positions(const sg_node *root, uint32_t dl, uint32_t dc)
{
    assert_pos(root, 1 + dl, 1 + dc);
    assert_pos(root->u.pairs[0].key, 1 + dl, 1 + dc);
    sg_node *res = sg_map_get(root, "Resources");
    assert_pos(res, 2 + dl, 3 + dc);
    assert_pos(res->u.pairs[0].key, 2 + dl, 3 + dc);
    sg_node *a = sg_map_get(res, "A");
    assert_pos(a->u.pairs[0].key, 3 + dl, 5 + dc);
    assert_pos(sg_map_get(a, "Type"), 3 + dl, 11 + dc);
    sg_node *props = sg_map_get(a, "Properties");
    assert_pos(props->u.pairs[0].key, 5 + dl, 7 + dc);
    /* wrapper and its key carry the tag's position, the value its own */
    sg_node *b = sg_map_get(props, "B");
    assert_pos(b, 5 + dl, 10 + dc);
    assert_pos(b->u.pairs[0].key, 5 + dl, 10 + dc);
    assert_pos(intr(b, "Ref"), 5 + dl, 15 + dc);
    sg_node *c = sg_map_get(props, "C");
    assert_pos(c, 6 + dl, 10 + dc);
    assert_pos(item(c, 1), 6 + dl, 14 + dc);
    sg_node *d = sg_map_get(props, "D");
    assert_pos(d, 7 + dl, 10 + dc);
    sg_node *dseq = intr(d, "Fn::If");
    assert_pos(dseq, 8 + dl, 9 + dc);
    assert_pos(item(dseq, 0), 8 + dl, 11 + dc);
    assert_pos(item(dseq, 1), 9 + dl, 11 + dc);
    assert_pos(intr(item(dseq, 1), "Fn::GetAtt"), 9 + dl, 19 + dc);
    sg_node *e = sg_map_get(props, "E");
    assert_pos(e, 10 + dl, 10 + dc);
    assert_pos(intr(e, "Fn::Sub"), 10 + dl, 20 + dc);
    sg_node *f = sg_map_get(props, "F");
    assert_pos(f, 11 + dl, 10 + dc);
    assert_pos(intr(f, "Fn::Join"), 12 + dl, 9 + dc);
}

static void positions_plain_and_offset(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    check_positions(load(a, positions_doc), 0, 0);

    sg_parse_opts opts = {.file = "README.md", .line_offset = 10, .col_offset = 4};
    sg_node *root = NULL;
    sg_error err;
    assert_int_equal(parse_opts(a, positions_doc, &opts, &root, &err), 0);
    check_positions(root, 10, 4);
    sg_arena_free(a);
}

static void positions_bom_crlf_utf8(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    /* marks count characters, skip the BOM, and a CRLF is one line break */
    sg_node *root = load(a, "\xEF\xBB\xBF"
                            "a: !Ref X\r\n"
                            "\xC3\xA9t\xC3\xA9: !Sub\r\n"
                            "  - y\r\n"
                            "\xE2\x82\xAC\xE2\x82\xAC: [!Ref Z]\r\n");
    sg_node *x = sg_map_get(root, "a");
    assert_pos(x, 1, 4);
    assert_pos(intr(x, "Ref"), 1, 9);
    sg_node *s = sg_map_get(root, "\xC3\xA9t\xC3\xA9");
    assert_pos(s, 2, 6);
    assert_pos(intr(s, "Fn::Sub"), 3, 3);
    sg_node *z = item(sg_map_get(root, "\xE2\x82\xAC\xE2\x82\xAC"), 0);
    assert_pos(z, 4, 6);
    assert_pos(intr(z, "Ref"), 4, 11);
    sg_arena_free(a);
}

/* ---- anchors and aliases ---------------------------------------------------- */

static void anchors_share_nodes(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_node *root = load(a, "a: &x {k: v, l: [1, 2]}\n"
                            "b: *x\n"
                            "c: &s str\n"
                            "d: *s\n"
                            "e: &t True\n"
                            "f: &r !Ref R\n"
                            "g: *r\n"
                            "*s : from-alias\n"
                            "*t : from-bool\n"
                            "<<: *x\n"
                            "h: &s redefined\n"
                            "i: *s\n"
                            "j: [&in [1], *in]\n");
    sg_node *x = sg_map_get(root, "a");
    assert_int_equal(x->kind, SG_MAP);
    assert_ptr_equal(sg_map_get(root, "b"), x);
    assert_ptr_equal(sg_map_get(root, "d"), sg_map_get(root, "c"));
    assert_scalar(sg_map_get(root, "e"), SG_BOOL, "true");
    sg_node *r = sg_map_get(root, "f");
    assert_scalar(intr(r, "Ref"), SG_STRING, "R");
    assert_ptr_equal(sg_map_get(root, "g"), r);
    /* an alias used as a key is a string key; a bool keeps its source text */
    assert_scalar(sg_map_get(root, "str"), SG_STRING, "from-alias");
    assert_ptr_equal(sg_map_get_pair(root, "str")->key, sg_map_get(root, "c"));
    assert_scalar(sg_map_get(root, "True"), SG_STRING, "from-bool");
    /* merge keys are not merged: "<<" stays a literal key */
    assert_ptr_equal(sg_map_get(root, "<<"), x);
    assert_null(sg_map_get(root, "k"));
    /* a redefined anchor: later aliases see the latest definition */
    assert_scalar(sg_map_get(root, "i"), SG_STRING, "redefined");
    assert_ptr_equal(sg_map_get(root, "i"), sg_map_get(root, "h"));
    sg_node *j = sg_map_get(root, "j");
    assert_ptr_equal(item(j, 0), item(j, 1));
    sg_arena_free(a);
}

static void alias_errors(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_error err = load_fail(a, "a: 1\nb: *nope\n", NULL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 4);
    assert_non_null(strstr(err.msg, "unknown alias *nope"));
    err = load_fail(a, "a: &x [1, *x]\n", NULL);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 11);
    assert_string_equal(err.msg, "alias *x is inside the node it refers to");
    sg_arena_free(a);
}

static void alias_weight_counts_expanded(void **state)
{
    (void)state;
    /* root 1 + keys 3 + seq 5 + two aliases of 5 = 19 nodes */
    static const char doc[] = "a: &x [1, 2, 3, 4]\nb: *x\nc: *x\n";
    sg_arena *a = sg_arena_new();
    sg_limits lim = *sg_limits_default();
    sg_parse_opts opts = {.limits = &lim};
    sg_node *root;
    sg_error err;
    lim.max_nodes = 19;
    assert_int_equal(parse_opts(a, doc, &opts, &root, &err), 0);
    lim.max_nodes = 18;
    err = load_fail(a, doc, &opts);
    assert_non_null(strstr(err.msg, "more than 18 nodes"));
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 4);
    /* inside an anchored node the message still names the user's limit */
    lim.max_nodes = 6;
    err = load_fail(a, "a: &x [1, 2, [3, 4, 5]]\n", &opts);
    assert_non_null(strstr(err.msg, "more than 6 nodes"));
    sg_arena_free(a);
}

static void billion_laughs_fails_fast(void **state)
{
    (void)state;
    char doc[4096];
    size_t n = 0;
    n += (size_t)snprintf(doc + n, sizeof doc - n, "a: &a [");
    for (int i = 0; i < 10; i++)
        n += (size_t)snprintf(doc + n, sizeof doc - n, "%s\"lol\"", i ? ", " : "");
    n += (size_t)snprintf(doc + n, sizeof doc - n, "]\n");
    for (char c = 'b'; c <= 'i'; c++) {
        n += (size_t)snprintf(doc + n, sizeof doc - n, "%c: &%c [", c, c);
        for (int i = 0; i < 10; i++)
            n += (size_t)snprintf(doc + n, sizeof doc - n, "%s*%c", i ? ", " : "", c - 1);
        n += (size_t)snprintf(doc + n, sizeof doc - n, "]\n");
    }
    sg_arena *a = sg_arena_new();
    clock_t t0 = clock();
    sg_error err = load_fail(a, doc, NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_non_null(strstr(err.msg, "nodes (limit"));
    /* f stands for 1,111,111 nodes: the first *f inside g crosses 2M */
    assert_int_equal(err.line, 7);
    assert_true(secs < 0.5);
    assert_true(sg_arena_used(a) < ((size_t)1 << 20));
    sg_arena_free(a);
}

/* ---- documents, errors, limits ---------------------------------------------- */

static void malformed_reports_position(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_parse_opts opts = {.file = "t.yaml"};
    sg_error err = load_fail(a, "key: value\n  bad: x\n", &opts);
    assert_string_equal(err.file, "t.yaml");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 6);
    assert_string_equal(err.msg, "mapping values are not allowed in this context");
    opts.line_offset = 3;
    opts.col_offset = 2;
    err = load_fail(a, "key: value\n  bad: x\n", &opts);
    assert_int_equal(err.line, 5);
    assert_int_equal(err.col, 8);
    /* a parser error names the construct it was in and where that started */
    err = load_fail(a, "a:\n  b: 1\n c: 2\n", NULL);
    assert_string_equal(err.file, "<input>");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 2);
    assert_string_equal(err.msg,
                        "did not find expected key (while parsing a block mapping started at 1:1)");
    sg_arena_free(a);
}

static void bad_bytes_are_positioned(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_node *root = (sg_node *)1;
    sg_error err;
    assert_int_equal(parse_n(a, "a: b\0c\n", 7, NULL, &root, &err), -1);
    assert_null(root);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 5);
    assert_non_null(strstr(err.msg, "control characters"));
    assert_non_null(strstr(err.msg, "U+0000"));

    err = load_fail(a, "a: 1\nb: \xFF\n", NULL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 4);
    assert_non_null(strstr(err.msg, "0xFF"));

    err = load_fail(a, "a: 1\r\n\xC3\xA9: \xE2\x82", NULL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 4);
    assert_non_null(strstr(err.msg, "incomplete UTF-8"));

    /* salvage cannot help when the reader fails before the first event */
    sg_parse_opts opts = {.salvage = true};
    assert_int_equal(parse_n(a, "a: b\0c\n", 7, &opts, &root, &err), -1);
    assert_int_equal(err.line, 1);
    sg_arena_free(a);
}

static void salvage_keeps_prefix(void **state)
{
    (void)state;
    static const char doc[] = "Resources:\n  A:\n    Type: X\n  B:\n    Properties: {a: [1,";
    sg_arena *a = sg_arena_new();
    sg_node *root = (sg_node *)1;
    sg_error err;
    /* without salvage: an error at the end of the input */
    assert_int_equal(parse_opts(a, doc, NULL, &root, &err), -1);
    assert_null(root);
    assert_int_equal(err.line, 6);

    sg_parse_opts opts = {.salvage = true};
    assert_int_equal(parse_opts(a, doc, &opts, &root, &err), 1);
    assert_non_null(root);
    assert_int_equal(err.line, 6);
    sg_node *res = sg_map_get(root, "Resources");
    assert_scalar(sg_map_get(sg_map_get(res, "A"), "Type"), SG_STRING, "X");
    sg_node *props = sg_map_get(sg_map_get(res, "B"), "Properties");
    sg_node *list = sg_map_get(props, "a");
    assert_int_equal(list->len, 1);
    assert_scalar(item(list, 0), SG_NUMBER, "1");

    /* cut inside an anchored intrinsic: nested builders are closed as well */
    assert_int_equal(parse_opts(a, "x: 1\ny: &q !If [c, [a", &opts, &root, &err), 1);
    sg_node *y = intr(sg_map_get(root, "y"), "Fn::If");
    assert_int_equal(y->len, 2);
    assert_scalar(item(item(y, 1), 0), SG_STRING, "a");

    /* nothing built: still a failure */
    root = (sg_node *)1;
    assert_int_equal(parse_opts(a, "]\n", &opts, &root, &err), -1);
    assert_null(root);
    assert_int_equal(err.line, 1);
    sg_arena_free(a);
}

static void documents_one_only(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_error err = load_fail(a, "a: 1\n---\nb: 2\n", NULL);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 1);
    assert_string_equal(err.msg, "more than one YAML document");
    err = load_fail(a, "--- a\n...\nb\n", NULL);
    assert_int_equal(err.line, 3);
    /* a single explicit document with its end marker is fine */
    assert_scalar(sg_map_get(load(a, "%YAML 1.2\n---\na: 1\n...\n"), "a"), SG_NUMBER, "1");

    static const char *empty[] = {"", "\n\n", "# only a comment\n", "---\n", "~\n",
                                  "null", "--- !!null\n...\n", "\xEF\xBB\xBF"};
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++) {
        err = load_fail(a, empty[i], NULL);
        assert_string_equal(err.msg, "empty document");
        assert_true(err.line >= 1);
    }
    sg_node *root = (sg_node *)1;
    assert_int_equal(parse_n(a, NULL, 0, NULL, &root, &err), -1);
    assert_null(root);
    sg_arena_free(a);
}

static void depth_limit(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_limits lim = *sg_limits_default();
    lim.max_depth = 50;
    sg_parse_opts opts = {.limits = &lim};
    size_t deep = 1000;
    char *doc = malloc(2 * deep + 1);
    memset(doc, '[', deep);
    memset(doc + deep, ']', deep);
    doc[2 * deep] = '\0';
    sg_error err = load_fail(a, doc, &opts);
    assert_string_equal(err.msg, "nesting deeper than 50 levels (limit)");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.col, 51);

    /* the default limit, on a document libyaml alone would take deep */
    size_t huge = 200000;
    doc = realloc(doc, huge + 1);
    memset(doc, '[', huge);
    doc[huge] = '\0';
    err = load_fail(a, doc, NULL);
    assert_non_null(strstr(err.msg, "nesting deeper than 200 levels"));

    /* nested anchors each get a nested builder: the limit still holds */
    char *p = doc;
    for (int i = 0; i < 100; i++)
        p += sprintf(p, "&a%d [", i);
    strcpy(p, "x");
    err = load_fail(a, doc, &opts);
    assert_string_equal(err.msg, "nesting deeper than 50 levels (limit)");

    /* an intrinsic wrapper is a level too */
    lim.max_depth = 2;
    sg_node *root;
    assert_int_equal(parse_opts(a, "a: !Ref x\n", &opts, &root, &err), 0);
    err = load_fail(a, "a: !If [x]\n", &opts);
    assert_int_equal(err.col, 8);
    free(doc);
    sg_arena_free(a);
}

static void string_limit(void **state)
{
    (void)state;
    sg_arena *a = sg_arena_new();
    sg_limits lim = *sg_limits_default();
    lim.max_string_bytes = 8;
    sg_parse_opts opts = {.limits = &lim};
    sg_error err = load_fail(a, "a: abcdefgh\nb: !Ref abcdefghi\n", &opts);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 9);
    assert_non_null(strstr(err.msg, "longer than 8 bytes"));
    /* the Fn:: key of a short form counts too */
    err = load_fail(a, "a: !ImportValue x\n", &opts);
    assert_int_equal(err.col, 4);
    sg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scalar_resolution_table),
        cmocka_unit_test(core_tags_are_checked),
        cmocka_unit_test(keys_are_strings),
        cmocka_unit_test(non_scalar_keys_fail),
        cmocka_unit_test(intrinsic_every_name_and_shape),
        cmocka_unit_test(intrinsic_exact_structures),
        cmocka_unit_test(positions_plain_and_offset),
        cmocka_unit_test(positions_bom_crlf_utf8),
        cmocka_unit_test(anchors_share_nodes),
        cmocka_unit_test(alias_errors),
        cmocka_unit_test(alias_weight_counts_expanded),
        cmocka_unit_test(billion_laughs_fails_fast),
        cmocka_unit_test(malformed_reports_position),
        cmocka_unit_test(bad_bytes_are_positioned),
        cmocka_unit_test(salvage_keeps_prefix),
        cmocka_unit_test(documents_one_only),
        cmocka_unit_test(depth_limit),
        cmocka_unit_test(string_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
