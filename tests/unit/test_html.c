/* test_html.c - the HTML page (report_html.c), the SVG chart (svg_chart.c)
 * and HTML escaping (sg_xml_attr). */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>

#include "stackgap/report.h"

/* ---- helpers ----------------------------------------------------------------------- */

/* Checks that s is balanced XML as the chart writes it: every element
 * closed in order (or self-closed), every '&' an entity, no raw '<' or '>'
 * in text.  Returns NULL, or what is wrong. */
static const char *xml_problem(const char *s)
{
    static char why[160];
    const char *stack[64];
    size_t nstack[64];
    int depth = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '&') {
            static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
            bool known = false;
            for (size_t i = 0; i < 5; i++)
                known |= strncmp(p, ents[i], strlen(ents[i])) == 0;
            if (!known)
                return "bare '&'";
        } else if (*p == '>') {
            return "'>' in text";
        } else if (*p == '<') {
            bool closing = p[1] == '/';
            const char *name = p + 1 + closing;
            size_t n = strcspn(name, " />\n");
            const char *end = strchr(name, '>');
            if (!n || !end)
                return "malformed tag";
            if (memchr(name, '<', (size_t)(end - name)))
                return "'<' inside a tag";
            if (closing) {
                if (!depth || nstack[depth - 1] != n || strncmp(stack[depth - 1], name, n)) {
                    snprintf(why, sizeof why, "unexpected </%.*s>", (int)n, name);
                    return why;
                }
                depth--;
            } else if (end[-1] != '/') {
                if (depth == 64)
                    return "too deep";
                stack[depth] = name;
                nstack[depth++] = n;
            }
            p = end;
        }
    }
    if (depth) {
        snprintf(why, sizeof why, "<%.*s> not closed", (int)nstack[depth - 1], stack[depth - 1]);
        return why;
    }
    return NULL;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* ---- chart ------------------------------------------------------------------------- */

static void chart_without_findings_writes_nothing(void **state)
{
    (void)state;
    static const size_t zero[SG_CAT_COUNT][SG_SEV_COUNT];
    sg_strbuf b = SG_STRBUF_INIT;
    assert_int_equal(sg_render_severity_chart_svg(&b, zero), 0);
    assert_int_equal(b.len, 0);
}

static const size_t sample[SG_CAT_COUNT][SG_SEV_COUNT] = {
    [SG_CAT_ENCRYPTION] = {0, 2, 0, 0},
    [SG_CAT_IAM] = {1, 1, 2, 0},
    [SG_CAT_NAMING] = {0, 0, 1, 6},
    [SG_CAT_COST] = {0, 0, 0, 3},
};

static void chart_is_well_formed_and_described(void **state)
{
    (void)state;
    sg_strbuf b = SG_STRBUF_INIT;
    assert_int_equal(sg_render_severity_chart_svg(&b, sample), 4);
    /* the checker itself catches what it is for */
    assert_non_null(xml_problem("<svg><g></svg>"));
    assert_non_null(xml_problem("<svg><text>a & b</text></svg>"));
    assert_non_null(xml_problem("<svg><text>a > b</text></svg>"));
    assert_null(xml_problem("<svg><g><rect x=\"1\"/></g><text>a &amp; b</text></svg>"));
    const char *why = xml_problem(b.data);
    if (why)
        fail_msg("chart is not well-formed: %s\n%s", why, b.data);
    assert_non_null(strstr(b.data, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_non_null(strstr(b.data, "<title id=\"sg-chart-title\">Findings by category and "
                                   "severity</title>"));
    assert_non_null(strstr(b.data, "<desc id=\"sg-chart-desc\">Encryption: 2 high. IAM: 1 "
                                   "critical, 1 high, 2 medium. Naming: 1 medium, 6 low. Cost: 3 "
                                   "low.</desc>"));
    /* one group per category with findings, in catalog order */
    assert_int_equal(count(b.data, "<g class=\"sg-bar\""), 4);
    const char *e = strstr(b.data, "data-category=\"encryption\"");
    const char *i = strstr(b.data, "data-category=\"iam\"");
    const char *n = strstr(b.data, "data-category=\"naming\"");
    const char *c = strstr(b.data, "data-category=\"cost\"");
    assert_true(e && i && n && c && e < i && i < n && n < c);
    assert_null(strstr(b.data, "data-category=\"network\""));
    /* a legend entry per severity, a segment per non-zero count */
    assert_int_equal(count(b.data, "<g class=\"sg-legend\">"), 1);
    assert_int_equal(count(b.data, "class=\"sg-seg "), 7);
    assert_non_null(strstr(b.data, ">Critical</text>"));
    assert_non_null(strstr(b.data, ">Low</text>"));
    /* totals at the bar ends: 2, 4, 7, 3 */
    assert_int_equal(count(b.data, "font-weight=\"bold\">7</text>"), 1);
    assert_int_equal(count(b.data, "font-weight=\"bold\">4</text>"), 1);
    sg_strbuf_free(&b);
}

static void chart_bar_widths_are_proportional(void **state)
{
    (void)state;
    sg_strbuf b = SG_STRBUF_INIT;
    sg_render_severity_chart_svg(&b, sample);
    double unit = -1, naming_end = 0;
    size_t segs = 0;
    for (const char *p = b.data; (p = strstr(p, "data-count=\"")); p++) {
        size_t cnt;
        double x, w;
        int y;
        assert_int_equal(sscanf(p, "data-count=\"%zu\" x=\"%lf\" y=\"%d\" width=\"%lf\"", &cnt, &x,
                                &y, &w),
                         4);
        if (unit < 0)
            unit = w / (double)cnt;
        /* same pixels per finding everywhere, up to the 0.01 px rounding */
        assert_true(fabs(w - unit * (double)cnt) <= 0.011);
        if (x + w > naming_end)
            naming_end = x + w;
        segs++;
    }
    assert_int_equal(segs, 7);
    /* the longest bar (7) against an axis of 8 (ticks 0, 2, ... 8) */
    assert_true(fabs(unit * 8 - 540) < 0.05);
    assert_true(fabs(naming_end - (150 + 7 * 540.0 / 8)) < 0.02);
    assert_non_null(strstr(b.data, ">8</text>"));
    /* two runs, same bytes; every coordinate a plain fixed-point number */
    sg_strbuf again = SG_STRBUF_INIT;
    sg_render_severity_chart_svg(&again, sample);
    assert_string_equal(b.data, again.data);
    assert_null(strstr(b.data, "e+"));
    assert_null(strstr(b.data, "nan"));
    sg_strbuf_free(&again);
    sg_strbuf_free(&b);
}

static void chart_scales_large_counts(void **state)
{
    (void)state;
    static const size_t big[SG_CAT_COUNT][SG_SEV_COUNT] = {[SG_CAT_TAGGING] = {0, 0, 0, 1234}};
    sg_strbuf b = SG_STRBUF_INIT;
    assert_int_equal(sg_render_severity_chart_svg(&b, big), 1);
    assert_null(xml_problem(b.data));
    /* step 500: ticks 0 .. 1500, at most 6 steps */
    assert_non_null(strstr(b.data, ">1500</text>"));
    assert_null(strstr(b.data, ">2000</text>"));
    assert_int_equal(count(b.data, "<g class=\"sg-ticks\""), 1);
    sg_strbuf_free(&b);
}

/* ---- page -------------------------------------------------------------------------- */

static char *page(const char *md, const sg_html_page *p)
{
    sg_strbuf b = SG_STRBUF_INIT;
    sg_render_html_page(&b, md, strlen(md), p);
    return b.data;
}

static void page_never_passes_raw_html(void **state)
{
    (void)state;
    const char *md = "# T\n\n<script>alert(1)</script>\n\nText <img src=x onerror=alert(2)> and "
                     "<iframe src=javascript:alert(3)></iframe>.\n\n| a |\n|---|\n| <b>x</b> |\n";
    sg_html_page p = {.title = "a<b>&\"c"};
    char *html = page(md, &p);
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "<iframe"));
    assert_null(strstr(html, "<b>"));
    assert_non_null(strstr(html, "<!-- raw HTML omitted -->"));
    assert_non_null(strstr(html, "<title>a&lt;b&gt;&amp;&quot;c</title>"));
    /* standalone: doctype, charset, CSP before anything else, own stylesheet */
    assert_int_equal(strncmp(html, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta "
                                   "charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" "
                                   "content=\"default-src 'none'; style-src 'unsafe-inline'; "
                                   "img-src data:;",
                             158),
                     0);
    assert_int_equal(count(html, "<style>"), 1);
    assert_null(strstr(html, "http://"));
    assert_null(strstr(html, "https://"));
    assert_null(strstr(html, "<link"));
    assert_non_null(strstr(html, "</body>\n</html>\n"));
    free(html);
}

static void page_sections_and_figure(void **state)
{
    (void)state;
    const char *md = "# Report\n\n## Overview\n\nHello.\n\n## Summary by category\n\n| a |\n|---|\n"
                     "| 1 |\n\nAfter the table.\n\n## High Failures\n\n### 1. x\n\n"
                     "## Notes\n\none\n\n## Notes\n\ntwo\n";
    sg_html_page p = {.title = "t", .body_class = "sg-verdict-fails",
                      .summary_figure = "<figure class=\"f\">F</figure>"};
    char *html = page(md, &p);
    assert_non_null(strstr(html, "<body class=\"sg-verdict-fails\">"));
    assert_non_null(strstr(html, "<h1>Report</h1>\n<section id=\"overview\" class=\"sg-section\">"));
    assert_non_null(strstr(html, "</table>\n<figure class=\"f\">F</figure>\n<p>After the table.</p>"));
    assert_non_null(
        strstr(html, "<section id=\"high-failures\" class=\"sg-section sg-sev-high\">\n<h2>"));
    assert_non_null(strstr(html, "<section id=\"notes\" class=\"sg-section\">"));
    assert_non_null(strstr(html, "<section id=\"notes-2\" class=\"sg-section\">"));
    assert_int_equal(count(html, "<section "), 5);
    assert_int_equal(count(html, "</section>"), 5);
    /* a section ends where the next begins: the h3 stays in High Failures */
    const char *high = strstr(html, "id=\"high-failures\"");
    const char *h3 = strstr(html, "<h3>1. x</h3>");
    const char *close = strstr(high, "</section>");
    assert_true(high < h3 && h3 < close);
    free(html);
}

static void table_ids_do_not_wrap(void **state)
{
    (void)state;
    const char *md = "Text `S3-01`.\n\n| Rule | Value | Path |\n|---|---|---|\n"
                     "| `S3-01` | `\"a b\"` | `Properties.Policies[0].PolicyDocument.Statement` |\n";
    sg_html_page p = {.title = "t"};
    char *html = page(md, &p);
    assert_non_null(strstr(html, "<td><code class=\"sg-id\">S3-01</code></td>"));
    assert_non_null(strstr(html, "<td><code>&quot;a b&quot;</code></td>"));      /* a value */
    assert_non_null(strstr(html, "<td><code>Properties.Policies[0].PolicyDocument.")); /* long */
    assert_non_null(strstr(html, "<p>Text <code>S3-01</code>.</p>"));           /* not a cell */
    free(html);
}

typedef struct stub_ctx {
    int calls;
    int result;
} stub_ctx;

static int stub_graph(sg_strbuf *out, const char *code, size_t len, void *ctx)
{
    stub_ctx *c = ctx;
    c->calls++;
    if (c->result == 0) {
        sg_strbuf_puts(out, "<svg class=\"stub\">");
        sg_xml_text(out, code, len);
        sg_strbuf_puts(out, "</svg>\n");
    }
    return c->result;
}

static void mermaid_blocks_go_through_the_hook(void **state)
{
    (void)state;
    const char *md = "## Resource graph\n\n```mermaid\ngraph LR\n  A-->B\n```\n\n"
                     "```yaml\nKey: value\n```\n";
    stub_ctx ctx = {0, 0};
    sg_html_opts o = {.mermaid = stub_graph, .ctx = &ctx};
    sg_html_page p = {.title = "t", .opts = &o};
    char *html = page(md, &p);
    assert_int_equal(ctx.calls, 1); /* the yaml block is not a graph */
    assert_non_null(strstr(html, "<figure class=\"sg-graph\">\n<svg class=\"stub\">graph LR\n"
                                 "  A--&gt;B\n</svg>\n</figure>"));
    assert_null(strstr(html, "language-mermaid"));
    assert_non_null(strstr(html, "<pre><code class=\"language-yaml\">Key: value\n</code></pre>"));
    free(html);

    /* the hook declines: the block stays code */
    ctx = (stub_ctx){0, -1};
    html = page(md, &p);
    assert_int_equal(ctx.calls, 1);
    assert_null(strstr(html, "sg-graph"));
    assert_non_null(strstr(html, "<pre><code class=\"language-mermaid\">graph LR\n  A--&gt;B\n"));
    free(html);

    /* no hook at all */
    sg_html_page plain = {.title = "t"};
    html = page(md, &plain);
    assert_non_null(strstr(html, "<pre><code class=\"language-mermaid\">"));
    free(html);
}

/* ---- the report page ----------------------------------------------------------------- */

static void report_page_of_hostile_task(void **state)
{
    (void)state;
    const char *root = getenv("SG_TESTDATA");
    const char *dir = sg_arena_printf(A, "%s/html/hostile/lib", root ? root : "testdata");
    sg_report_opts o = {.model_path = sg_arena_printf(A, "%s/MODEL_RESPONSE.md", dir),
                        .ideal_path = sg_arena_printf(A, "%s/TapStack.yml", dir),
                        .prompt_path = sg_arena_printf(A, "%s/PROMPT.md", dir)};
    sg_report r;
    sg_error err;
    if (sg_report_build(A, &o, &r, &err) != 0)
        fail_msg("report failed: %s", err.msg);
    sg_strbuf b = SG_STRBUF_INIT, again = SG_STRBUF_INIT;
    sg_render_report_html(&b, &r, NULL);
    sg_render_report_html(&again, &r, NULL);
    assert_string_equal(b.data, again.data); /* deterministic */
    assert_non_null(strstr(b.data, "<title>Model Failures Analysis: MODEL_RESPONSE.md vs "
                                   "TapStack.yml</title>"));
    assert_non_null(strstr(b.data, "content=\"default-src 'none';"));
    assert_non_null(strstr(b.data, "<body class=\"sg-verdict-"));
    /* the values that try to inject markup are text, nowhere markup */
    assert_null(strstr(b.data, "<script"));
    assert_null(strstr(b.data, "<img"));
    assert_null(strstr(b.data, "<iframe"));
    assert_null(strstr(b.data, "<b>"));
    assert_non_null(strstr(b.data, "&lt;img src=x onerror=alert(1)&gt;"));
    assert_non_null(strstr(b.data, "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(6)"));
    /* the chart after the summary table, one bar per category with findings */
    const char *summary = strstr(b.data, "<section id=\"summary-by-category\"");
    const char *svg = strstr(b.data, "<svg xmlns");
    assert_non_null(summary);
    assert_true(svg > strstr(summary, "</table>"));
    size_t cats = 0;
    for (int c = 0; c < SG_CAT_COUNT; c++)
        for (int s = 0; s < SG_SEV_COUNT; s++)
            if (r.by_category[c][s]) {
                cats++;
                break;
            }
    assert_true(cats >= 2);
    assert_int_equal(count(b.data, "<g class=\"sg-bar\""), cats);
    sg_strbuf_free(&b);
    sg_strbuf_free(&again);
    sg_report_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(chart_without_findings_writes_nothing),
        cmocka_unit_test(chart_is_well_formed_and_described),
        cmocka_unit_test(chart_bar_widths_are_proportional),
        cmocka_unit_test(chart_scales_large_counts),
        cmocka_unit_test(page_never_passes_raw_html),
        cmocka_unit_test(page_sections_and_figure),
        cmocka_unit_test(table_ids_do_not_wrap),
        cmocka_unit_test(mermaid_blocks_go_through_the_hook),
        cmocka_unit_test(report_page_of_hostile_task),
    };
    return cmocka_run_group_tests(tests, arena_setup, arena_teardown);
}
