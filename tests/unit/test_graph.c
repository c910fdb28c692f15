/* test_graph.c - the resource graph: statuses, edges of each kind, folding
 * of large templates, determinism, hostile ids, and the structure of the
 * Mermaid and SVG output (tests/graph_check.h). */
#include <stdlib.h>

#include "gen_template.h"
#include "graph_check.h"
#include "stackgap/graph.h"
#include "testutil.h"

static char why[256];

typedef struct pair {
    sg_template *old, *new;
    sg_diff d;
    sg_graph *g;
} pair;

static pair build(const char *on, const char *ot, const char *nn, const char *nt)
{
    pair p;
    p.old = sg_arena_alloc(A, sizeof *p.old);
    p.new = sg_arena_alloc(A, sizeof *p.new);
    *p.old = load_text(A, on, ot);
    *p.new = load_text(A, nn, nt);
    sg_diff_templates(A, p.old, p.new, NULL, &p.d);
    p.g = sg_graph_build(A, p.old, p.new, &p.d);
    return p;
}

static const sg_graph_node *node(const sg_graph *g, const char *id, uint32_t *index)
{
    for (size_t i = 0; i < g->nnodes; i++)
        if (strcmp(g->nodes[i].id, id) == 0) {
            if (index)
                *index = (uint32_t)i;
            return &g->nodes[i];
        }
    fail_msg("no node %s", id);
    return NULL;
}

static const sg_graph_edge *edge(const sg_graph *g, const char *from, const char *to)
{
    uint32_t f = UINT32_MAX, t = UINT32_MAX; /* node() fails the test when one is missing */
    node(g, from, &f);
    node(g, to, &t);
    for (size_t e = 0; e < g->nedges; e++)
        if (g->edges[e].from == f && g->edges[e].to == t)
            return &g->edges[e];
    return NULL;
}

static char *mermaid(const sg_graph *g)
{
    sg_strbuf b = SG_STRBUF_INIT;
    sg_render_graph_mermaid(&b, g);
    return b.data;
}

static char *svg(const sg_graph *g)
{
    sg_strbuf b = SG_STRBUF_INIT;
    sg_render_graph_svg(&b, g);
    return b.data;
}

/* The Mermaid output passes the structure check: one block, n nodes. */
static int check_mermaid_out(const char *md)
{
    int blocks = graph_check_markdown(md, strlen(md), why, sizeof why);
    if (blocks != 1)
        fail_msg("mermaid: %d blocks: %s\n%s", blocks, why, md);
    const char *body = strstr(md, "```mermaid\n") + 11;
    return graph_check_mermaid(body, (size_t)(strstr(body, "\n```") + 1 - body), why, sizeof why);
}

static void check_svg_out(const char *s)
{
    if (graph_check_svg(s, strlen(s), why, sizeof why) < 0)
        fail_msg("svg: %s", why);
}

#define BASE "AWSTemplateFormatVersion: '2010-09-09'\n"

static void test_statuses(void **state)
{
    (void)state;
    pair p = build("m.yaml",
                   BASE "Resources:\n"
                        "  Same: {Type: AWS::SNS::Topic}\n"
                        "  Changed: {Type: AWS::SQS::Queue, Properties: {DelaySeconds: 5}}\n"
                        "  Gone: {Type: AWS::S3::Bucket}\n"
                        "  OldName: {Type: AWS::DynamoDB::Table, Properties: {TableName: t, "
                        "BillingMode: PAY_PER_REQUEST, KeySchema: [{AttributeName: id, KeyType: HASH}]}}\n",
                   "i.yaml",
                   BASE "Resources:\n"
                        "  Same: {Type: AWS::SNS::Topic}\n"
                        "  Changed: {Type: AWS::SQS::Queue, Properties: {DelaySeconds: 10}}\n"
                        "  New: {Type: AWS::KMS::Key}\n"
                        "  NewName: {Type: AWS::DynamoDB::Table, Properties: {TableName: t, "
                        "BillingMode: PAY_PER_REQUEST, KeySchema: [{AttributeName: id, KeyType: HASH}]}}\n");
    const sg_graph *g = p.g;
    assert_int_equal(g->nnodes, 5);
    assert_int_equal(node(g, "Same", NULL)->status, SG_GRAPH_UNCHANGED);
    assert_int_equal(node(g, "Changed", NULL)->status, SG_GRAPH_CHANGED);
    assert_int_equal(node(g, "Gone", NULL)->status, SG_GRAPH_EXTRA);
    assert_int_equal(node(g, "New", NULL)->status, SG_GRAPH_MISSING);
    const sg_graph_node *r = node(g, "NewName", NULL);
    assert_int_equal(r->status, SG_GRAPH_RENAMED);
    assert_string_equal(r->old_id, "OldName");
    assert_string_equal(r->type, "AWS::DynamoDB::Table");
    /* sorted by id */
    for (size_t i = 1; i < g->nnodes; i++)
        assert_true(strcmp(g->nodes[i - 1].id, g->nodes[i].id) < 0);

    assert_true(sg_graph_mark_replaced(p.g, "Changed"));
    assert_true(sg_graph_mark_replaced(p.g, "OldName")); /* the OLD id of a rename */
    assert_false(sg_graph_mark_replaced(p.g, "Nothing"));
    assert_int_equal(node(g, "Changed", NULL)->status, SG_GRAPH_REPLACED);
    assert_int_equal(node(g, "NewName", NULL)->status, SG_GRAPH_REPLACED);

    char *m = mermaid(g);
    assert_int_equal(check_mermaid_out(m), 5 + 3); /* 5 resources; legend: missing, extra, replaced */
    assert_non_null(strstr(m, ":::missing"));
    assert_non_null(strstr(m, ":::extra"));
    assert_non_null(strstr(m, ":::replaced"));
    assert_non_null(strstr(m, "classDef replaced "));
    assert_null(strstr(m, "classDef changed ")); /* no changed node left */
    assert_null(strstr(m, "Showing")); /* small graphs are not folded */
    free(m);
    char *s = svg(g);
    check_svg_out(s);
    free(s);
}

static void test_edges(void **state)
{
    (void)state;
    const char *common = "  B: {Type: AWS::S3::Bucket}\n"
                         "  C: {Type: AWS::IAM::Role}\n"
                         "  D: {Type: AWS::SNS::Topic}\n"
                         "  E: {Type: AWS::SQS::Queue}\n"
                         "  X: {Type: AWS::KMS::Key}\n"
                         "  Y: {Type: AWS::KMS::Key}\n";
    sg_strbuf o = SG_STRBUF_INIT, n = SG_STRBUF_INIT;
    sg_strbuf_printf(&o,
                     BASE "Parameters: {P: {Type: String}}\nResources:\n%s"
                          "  A:\n    Type: AWS::Lambda::Function\n    DependsOn: E\n"
                          "    Properties:\n      Bucket: !Ref B\n      Role: !GetAtt C.Arn\n"
                          "      Topic: !Sub '${D.TopicName}-${P}-${AWS::Region}-${!B}'\n"
                          "      Local: !Sub ['${B}', {B: x}]\n"
                          "      Param: !Ref P\n      Key: !Ref X\n",
                     common);
    sg_strbuf_printf(&n,
                     BASE "Parameters: {P: {Type: String}}\nResources:\n%s"
                          "  A:\n    Type: AWS::Lambda::Function\n    DependsOn: E\n"
                          "    Properties:\n      Bucket: !Ref B\n      Role: !GetAtt C.Arn\n"
                          "      Topic: !Sub '${D.TopicName}-${P}-${AWS::Region}-${!B}'\n"
                          "      Local: !Sub ['${B}', {B: x}]\n"
                          "      Param: !Ref P\n      Key: !Ref Y\n",
                     common);
    pair p = build("m.yaml", o.data, "i.yaml", n.data);
    sg_strbuf_free(&o);
    sg_strbuf_free(&n);
    const sg_graph *g = p.g;
    const unsigned ref = 1u << SG_REF_REF, getatt = 1u << SG_REF_GETATT,
                   sub = 1u << SG_REF_SUB, dep = 1u << SG_REF_DEPENDSON;
    const sg_graph_edge *e = edge(g, "A", "B");
    assert_non_null(e);
    /* Ref B only: ${!B} is literal text and ${B} is the Fn::Sub's own variable */
    assert_int_equal(e->kinds_old, ref);
    assert_int_equal(e->kinds_new, ref);
    assert_int_equal(edge(g, "A", "C")->kinds_new, getatt);
    assert_int_equal(edge(g, "A", "D")->kinds_new, sub);
    assert_int_equal(edge(g, "A", "E")->kinds_new, dep);
    e = edge(g, "A", "X"); /* only the model references X */
    assert_int_equal(e->kinds_old, ref);
    assert_int_equal(e->kinds_new, 0);
    e = edge(g, "A", "Y");
    assert_int_equal(e->kinds_old, 0);
    assert_int_equal(e->kinds_new, ref);
    assert_null(edge(g, "B", "A"));
    assert_int_equal(g->nedges, 6); /* parameters and pseudo parameters are no nodes */
    assert_string_equal(sg_graph_edge_label(getatt), "GetAtt");
    assert_string_equal(sg_graph_edge_label(ref), "");
    assert_string_equal(sg_graph_edge_label(ref | dep), "Ref+DependsOn");

    char *m = mermaid(g);
    check_mermaid_out(m);
    assert_non_null(strstr(m, "-->|GetAtt|"));
    assert_non_null(strstr(m, "-->|DependsOn|"));
    assert_non_null(strstr(m, "-->|Sub|"));
    assert_non_null(strstr(m, "-.->|extra| "));
    assert_non_null(strstr(m, "-.->|missing| "));
    assert_non_null(strstr(m, "linkStyle "));
    free(m);
}

/* A reference that follows a rename is one edge on both sides. */
static void test_rename_edge(void **state)
{
    (void)state;
    const char *table = "{Type: AWS::DynamoDB::Table, Properties: {TableName: t, BillingMode: "
                        "PAY_PER_REQUEST}}";
    char o[512], n[512];
    snprintf(o, sizeof o, BASE "Resources:\n  Old: %s\n  F: {Type: AWS::Lambda::Function, "
                               "Properties: {T: !Ref Old}}\n", table);
    snprintf(n, sizeof n, BASE "Resources:\n  Renamed: %s\n  F: {Type: AWS::Lambda::Function, "
                               "Properties: {T: !Ref Renamed}}\n", table);
    pair p = build("m.yaml", o, "i.yaml", n);
    assert_int_equal(node(p.g, "Renamed", NULL)->status, SG_GRAPH_RENAMED);
    const sg_graph_edge *e = edge(p.g, "F", "Renamed");
    assert_non_null(e);
    assert_true(e->kinds_old && e->kinds_new);
    assert_int_equal(p.g->nedges, 1);
    /* Matched across a CDK hash suffix: the OLD side's edge is found under the old id. */
    snprintf(o, sizeof o, BASE "Resources:\n  Logs7C1F0B12: %s\n  F: {Type: AWS::Lambda::Function, "
                               "Properties: {T: !Ref Logs7C1F0B12}}\n", table);
    snprintf(n, sizeof n, BASE "Resources:\n  LogsE3889A50: %s\n  F: {Type: AWS::Lambda::Function, "
                               "Properties: {T: !Ref LogsE3889A50}}\n", table);
    p = build("m.yaml", o, "i.yaml", n);
    const sg_graph_node *x = node(p.g, "LogsE3889A50", NULL);
    assert_string_equal(x->old_id, "Logs7C1F0B12");
    e = edge(p.g, "F", "LogsE3889A50");
    assert_non_null(e);
    assert_true(e->kinds_old && e->kinds_new);
    assert_int_equal(p.g->nedges, 1);
    char *md = mermaid(p.g);
    assert_non_null(strstr(md, "Logs7C1F0B12 → LogsE3889A50"));
    free(md);
}

/* The PR comment reads a report graph (model = NEW, ideal = OLD) as a
 * change: renamed nodes OLD id -> NEW id, removed/added in the legend. */
static void test_as_change(void **state)
{
    (void)state;
    /* graph OLD = the comment's NEW template, graph NEW = its OLD template */
    pair p = build("new.yaml", BASE "Resources:\n  NewName: {Type: AWS::SNS::Topic, "
                               "Properties: {TopicName: t}}\n  Added: {Type: AWS::SQS::Queue}\n",
                   "old.yaml", BASE "Resources:\n  OldName: {Type: AWS::SNS::Topic, "
                               "Properties: {TopicName: t}}\n  Gone: {Type: AWS::SNS::Topic}\n");
    sg_graph_as_change(p.g);
    const sg_graph_node *r = node(p.g, "NewName", NULL);
    assert_non_null(r);
    assert_int_equal(r->status, SG_GRAPH_RENAMED);
    assert_string_equal(r->old_id, "OldName");
    char *md = mermaid(p.g);
    assert_non_null(strstr(md, "OldName → NewName"));
    assert_non_null(strstr(md, "removed: only in the"));
    assert_non_null(strstr(md, "added: only in the"));
    assert_null(strstr(md, "missing:"));
    assert_true(check_mermaid_out(md) >= 0);
    free(md);
}

static pair generated(size_t n_old, size_t n_new, bool mod_old, bool mod_new)
{
    sg_strbuf o = SG_STRBUF_INIT, n = SG_STRBUF_INIT;
    gen_template(&o, n_old, 7, mod_old, NULL);
    gen_template(&n, n_new, 7, mod_new, NULL);
    pair p = build("m.json", o.data, "i.json", n.data);
    sg_strbuf_free(&o);
    sg_strbuf_free(&n);
    return p;
}

static void test_fold_large(void **state)
{
    (void)state;
    pair p = generated(300, 300, false, true);
    const sg_graph *g = p.g;
    assert_true(g->nnodes >= 300);
    size_t differ = 0;
    for (size_t i = 0; i < g->nnodes; i++)
        differ += g->nodes[i].status != SG_GRAPH_UNCHANGED;
    assert_true(differ > 5 && differ < 40);

    sg_arena *a = sg_arena_new();
    sg_graph *v = sg_graph_view(a, g);
    assert_true(v->nnodes <= SG_GRAPH_MAX_NODES);
    assert_int_equal(v->resources, g->nnodes);
    /* every resource that differs is kept one by one */
    size_t kept_differ = 0, summaries = 0, members = 0;
    for (size_t i = 0; i < v->nnodes; i++) {
        if (v->nodes[i].status == SG_GRAPH_FOLDED) {
            summaries++;
            assert_true(v->nodes[i].members >= 1);
            assert_non_null(strstr(v->nodes[i].id, "unchanged resource"));
        } else {
            assert_int_equal(v->nodes[i].members, 1);
            kept_differ += v->nodes[i].status != SG_GRAPH_UNCHANGED;
        }
        members += v->nodes[i].members;
    }
    assert_int_equal(kept_differ, differ);
    assert_true(summaries >= 1);
    assert_int_equal(members, g->nnodes); /* nothing lost */
    assert_int_equal(v->folded + (v->nnodes - summaries), g->nnodes);
    /* every kept unchanged node is a direct neighbour of one that differs */
    for (size_t i = 0; i < v->nnodes; i++) {
        if (v->nodes[i].status != SG_GRAPH_UNCHANGED)
            continue;
        bool near = false;
        for (size_t e = 0; e < v->nedges; e++) {
            uint32_t other = v->edges[e].from == i ? v->edges[e].to
                             : v->edges[e].to == i ? v->edges[e].from
                                                   : UINT32_MAX;
            near |= other != UINT32_MAX && v->nodes[other].status != SG_GRAPH_UNCHANGED &&
                    v->nodes[other].status != SG_GRAPH_FOLDED;
        }
        assert_true(near);
    }
    sg_strbuf note = SG_STRBUF_INIT;
    sg_graph_view_note(&note, v);
    assert_non_null(note.data);
    assert_non_null(strstr(note.data, "of "));
    sg_strbuf_free(&note);
    sg_arena_free(a);

    char *m = mermaid(g);
    int nodes = check_mermaid_out(m);
    assert_true(nodes > 0 && nodes <= SG_GRAPH_MAX_NODES + SG_GRAPH_STATUS_COUNT);
    assert_non_null(strstr(m, "Showing "));
    assert_non_null(strstr(m, ":::folded"));
    free(m);
    char *s = svg(g);
    check_svg_out(s);
    free(s);

    /* 30 resources: no folding */
    pair q = generated(30, 30, false, true);
    a = sg_arena_new();
    v = sg_graph_view(a, q.g);
    assert_int_equal(v->nnodes, q.g->nnodes);
    assert_int_equal(v->folded, 0);
    sg_arena_free(a);
}

/* More resources differ than a view can draw: the first ones by status
 * and id are kept, the rest counted in a summary node of their status. */
static void test_fold_overflow(void **state)
{
    (void)state;
    pair p = generated(20, 120, false, false); /* 100 resources missing */
    sg_arena *a = sg_arena_new();
    sg_graph *v = sg_graph_view(a, p.g);
    assert_true(v->nnodes <= SG_GRAPH_MAX_NODES);
    const sg_graph_node *more = NULL;
    for (size_t i = 0; i < v->nnodes; i++)
        if (strstr(v->nodes[i].id, "more missing"))
            more = &v->nodes[i];
    assert_non_null(more);
    assert_int_equal(more->status, SG_GRAPH_MISSING);
    size_t total = 0;
    for (size_t i = 0; i < v->nnodes; i++)
        total += v->nodes[i].members;
    assert_int_equal(total, p.g->nnodes);
    sg_strbuf note = SG_STRBUF_INIT;
    sg_graph_view_note(&note, v);
    assert_non_null(strstr(note.data, "that differ"));
    sg_strbuf_free(&note);
    sg_arena_free(a);
    char *m = mermaid(p.g);
    check_mermaid_out(m);
    free(m);
    char *s = svg(p.g);
    check_svg_out(s);
    free(s);
}

static void test_deterministic(void **state)
{
    (void)state;
    pair p = generated(200, 200, false, true), q = generated(200, 200, false, true);
    char *m1 = mermaid(p.g), *m2 = mermaid(q.g), *m3 = mermaid(p.g);
    assert_string_equal(m1, m2);
    assert_string_equal(m1, m3);
    char *s1 = svg(p.g), *s2 = svg(q.g);
    assert_string_equal(s1, s2);
    free(m1);
    free(m2);
    free(m3);
    free(s1);
    free(s2);
}

static void test_hostile(void **state)
{
    (void)state;
    /* JSON keys can hold anything: quotes, brackets, fences, HTML, entities */
    const char *evil = "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {"
                       "\"A\\\"]:::x\\n```\\n<script>alert(1)</script>#quot;&amp;;|\": "
                       "{\"Type\": \"AWS::S3::Bucket`\\n```\", \"Properties\": {\"R\": "
                       "{\"Ref\": \"B-->n0\"}}},"
                       "\"B-->n0\": {\"Type\": \"<img src=x onerror=alert(1)>\"},"
                       "\"\\u00e9\\u0001\\u2028end\": {\"Type\": \"AWS::SNS::Topic\"}}}";
    pair p = build("m.json", "{\"Resources\": {\"Z\": {\"Type\": \"AWS::SNS::Topic\"}}}",
                   "i.json", evil);
    assert_int_equal(p.g->nnodes, 3); /* Z is paired with the SNS topic as a rename */
    char *m = mermaid(p.g);
    assert_null(strstr(m, "\xE2\x80\xA8")); /* U+2028 ends a line for JavaScript */
    check_mermaid_out(m);
    assert_null(strstr(m, "<script"));
    assert_null(strstr(m, "<img"));
    assert_null(strstr(m, "\"]:::x"));
    /* the only fences are the block's own */
    const char *f1 = strstr(m, "```"), *f2 = f1 ? strstr(f1 + 3, "```") : NULL;
    assert_non_null(f2);
    assert_null(strstr(f2 + 3, "```"));
    free(m);
    char *s = svg(p.g);
    check_svg_out(s);
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "<img"));
    assert_non_null(strstr(s, "&lt;script&gt;"));
    free(s);
}

/* The checkers themselves must catch what they are there for. */
static void test_checkers_reject(void **state)
{
    (void)state;
    static const char *const bad_mermaid[] = {
        "graph TD\n  n0[\"a\"]\n",
        "flowchart LR\n  n0[\"a\"b\"]\n",
        "flowchart LR\n  n0[\"a<b\"]\n",
        "flowchart LR\n  n0[\"a#b\"]\n",
        "flowchart LR\n  n0[\"a\"]\n  n0[\"b\"]\n",
        "flowchart LR\n  n0[\"a\"]\n  n0 --> n1\n",
        "flowchart LR\n  n0[\"a\"]:::missing\n",
        "flowchart LR\n  n0[\"a`b\"]\n",
        "flowchart LR\n  n0[\"a\"]\n  click n0 call x()\n",
        "flowchart LR\n  subgraph legend[\"Legend\"]\n",
        "flowchart LR\n  n0[\"a\"]\n  linkStyle 0 stroke:#fff\n",
        "flowchart LR\n  x0[\"a\"]\n",
    };
    for (size_t i = 0; i < sizeof bad_mermaid / sizeof *bad_mermaid; i++)
        if (graph_check_mermaid(bad_mermaid[i], strlen(bad_mermaid[i]), why, sizeof why) >= 0)
            fail_msg("accepted: %s", bad_mermaid[i]);
    const char *good = "flowchart LR\n  n0[\"a#quot;<br/>b\"]:::missing\n  n1[\"c\"]\n"
                       "  n0 -.->|missing GetAtt| n1\n  classDef missing fill:#fff,stroke:#000\n"
                       "  linkStyle 0 stroke:#cf222e\n";
    assert_int_equal(graph_check_mermaid(good, strlen(good), why, sizeof why), 2);
    assert_int_equal(graph_check_markdown("x\n```mermaid\nflowchart LR\n", 27, why, sizeof why),
                     -1);

    static const char *const bad_svg[] = {
        "<svg viewBox=\"0 0 10 10\"><g></svg>",
        "<svg viewBox=\"0 0 10 10\"><rect x=\"11\" y=\"0\"/></svg>",
        "<svg viewBox=\"0 0 10 10\"><rect x=\"-1\" y=\"0\"/></svg>",
        "<svg viewBox=\"0 0 10 10\"><path d=\"M 0 0 L 5 20\"/></svg>",
        "<svg viewBox=\"0 0 10 10\"><text>a < b</text></svg>",
        "<svg viewBox=\"0 0 10 10\"><text>a &nbsp; b</text></svg>",
        "<svg viewBox=\"0 0 10 10\"><script>x</script></svg>",
        "<svg viewBox=\"0 0 10 10\"><g onclick=\"x\"></g></svg>",
        "<svg><g></g></svg>",
        "<svg viewBox=\"0 0 10 10\"></svg><svg viewBox=\"0 0 10 10\"></svg>",
    };
    for (size_t i = 0; i < sizeof bad_svg / sizeof *bad_svg; i++)
        if (graph_check_svg(bad_svg[i], strlen(bad_svg[i]), why, sizeof why) >= 0)
            fail_msg("accepted: %s", bad_svg[i]);
    const char *ok = "<svg viewBox=\"0 0 10 10\"><rect x=\"1\" y=\"1\" width=\"9\" height=\"9\"/>"
                     "<text>a &amp; b</text></svg>";
    assert_int_equal(graph_check_svg(ok, strlen(ok), why, sizeof why), 1);
}

/* A template with no resources on either side gives an empty graph that
 * still renders valid output. */
static void test_empty(void **state)
{
    (void)state;
    pair p = build("m.yaml", BASE "Resources: {}\n", "i.yaml", BASE "Resources: {}\n");
    assert_int_equal(p.g->nnodes, 0);
    char *s = svg(p.g);
    check_svg_out(s);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statuses),      cmocka_unit_test(test_edges),
        cmocka_unit_test(test_rename_edge),   cmocka_unit_test(test_fold_large),
        cmocka_unit_test(test_fold_overflow), cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_hostile),       cmocka_unit_test(test_checkers_reject),
        cmocka_unit_test(test_empty),         cmocka_unit_test(test_as_change),
    };
    return cmocka_run_group_tests(tests, arena_setup, arena_teardown);
}
