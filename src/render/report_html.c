/* report_html.c - the report as one standalone HTML page.
 *
 * The Markdown report is the single source of the content: cmark-gfm
 * renders it, without CMARK_OPT_UNSAFE, so raw HTML from any input becomes
 * a comment (and escape.c has already escaped it as text).  Before
 * rendering, the AST is rearranged: each ## section is wrapped in a
 * <section> (ids for links, classes for severity colours), the findings
 * chart goes after the summary table, and ```mermaid blocks are handed to
 * a hook that may replace them with SVG.  Only stackgap's own markup enters
 * through cmark's custom blocks.  The page embeds its stylesheet and
 * forbids scripts and remote loads with a Content-Security-Policy. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <cmark-gfm/registry.h> /* cmark_release_plugins */

#include "stackgap/arena.h"
#include "stackgap/graph.h"
#include "stackgap/render.h"
#include "stackgap/report.h"

static const char page_css[] =
    ":root{color-scheme:light dark;--fg:#1f2328;--bg:#ffffff;--muted:#59636e;"
    "--line:#d1d9e0;--soft:#f6f8fa;--link:#0969da;"
    "--critical:#b3261e;--high:#e8710a;--medium:#c99700;--low:#4f7fc4;--ok:#1a7f37}\n"
    "@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;"
    "--line:#3d444d;--soft:#151b23;--link:#4493f8;--critical:#f85149;--high:#f0883e;"
    "--medium:#e3b341;--low:#6ca4f8;--ok:#3fb950}}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--fg);"
    "font:16px/1.55 system-ui,-apple-system,\"Segoe UI\",\"DejaVu Sans\",sans-serif}\n"
    "main{max-width:980px;margin:0 auto;padding:2rem 1.5rem 3rem}\n"
    "h1{font-size:2rem;margin:0 0 .5rem;padding-bottom:.4rem;border-bottom:2px solid var(--line)}\n"
    "h2{font-size:1.45rem;margin:2.2rem 0 .8rem;padding-bottom:.3rem;"
    "border-bottom:1px solid var(--line)}\n"
    "h3{font-size:1.1rem;margin:1.8rem 0 .6rem;padding-left:.6rem;"
    "border-left:4px solid var(--line)}\n"
    "a{color:var(--link)}\n"
    "hr{border:0;border-top:1px solid var(--line);margin:1.6rem 0}\n"
    "blockquote{margin:1rem 0;padding:.4rem 1rem;border-left:4px solid var(--line);"
    "color:var(--muted)}\n"
    "code{font:.88em/1.45 ui-monospace,\"DejaVu Sans Mono\",monospace;background:var(--soft);"
    "padding:.1em .3em;border-radius:4px;overflow-wrap:anywhere}\n"
    "pre{background:var(--soft);border:1px solid var(--line);border-radius:6px;"
    "padding:.8rem 1rem;overflow-x:auto}\n"
    "pre code{background:none;padding:0;overflow-wrap:normal}\n"
    /* long code breaks anywhere so tables fit; ids never (put_marking_ids) */
    "code.sg-id{white-space:nowrap}\n"
    "table{border-collapse:collapse;margin:1rem 0;display:block;overflow-x:auto;max-width:100%}\n"
    "th,td{border:1px solid var(--line);padding:.35rem .7rem;vertical-align:top}\n"
    "th{background:var(--soft);text-align:left}\n"
    "tbody tr:nth-child(even){background:var(--soft)}\n"
    "#summary-by-category th:nth-child(2){color:var(--critical)}\n"
    "#summary-by-category th:nth-child(3){color:var(--high)}\n"
    "#summary-by-category th:nth-child(4){color:var(--medium)}\n"
    "#summary-by-category th:nth-child(5){color:var(--low)}\n"
    ".sg-sev-critical h2,.sg-sev-critical h3{border-color:var(--critical)}\n"
    ".sg-sev-high h2,.sg-sev-high h3{border-color:var(--high)}\n"
    ".sg-sev-medium h2,.sg-sev-medium h3{border-color:var(--medium)}\n"
    ".sg-sev-low h2,.sg-sev-low h3{border-color:var(--low)}\n"
    ".sg-sev-critical h2{color:var(--critical)}\n"
    ".sg-sev-high h2{color:var(--high)}\n"
    "#overview>p>strong:first-child{display:inline-block;padding:.1rem .6rem;"
    "border-radius:999px;color:#fff;background:var(--muted)}\n"
    ".sg-verdict-fails #overview>p>strong:first-child{background:var(--critical)}\n"
    ".sg-verdict-needs-work #overview>p>strong:first-child{background:var(--high)}\n"
    ".sg-verdict-minor-gaps #overview>p>strong:first-child{background:var(--low)}\n"
    ".sg-verdict-matches #overview>p>strong:first-child{background:var(--ok)}\n"
    "figure{margin:1.2rem 0;overflow-x:auto}\n"
    "figcaption{color:var(--muted);font-size:.9rem}\n"
    "svg{max-width:100%;height:auto}\n"
    "footer{max-width:980px;margin:0 auto;padding:0 1.5rem 2rem;color:var(--muted);"
    "font-size:.85rem}\n"
    "@media print{:root{--fg:#000;--bg:#fff;--soft:#f4f4f4}body{font-size:11pt}"
    "main{max-width:none;padding:0}pre,table,figure,h3{break-inside:avoid}"
    "h2,h3{break-after:avoid}pre{white-space:pre-wrap}table{display:table}footer{display:none}}\n";

/* Scripts, plugins, frames, fonts, images from anywhere but data: URLs,
 * network requests: all refused.  Only the embedded stylesheet applies. */
static const char page_csp[] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                               "base-uri 'none'; form-action 'none'";

/* The text of a heading (text and code spans, concatenated). */
static void heading_text(sg_strbuf *b, cmark_node *h)
{
    cmark_iter *it = cmark_iter_new(h);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE))
            sg_strbuf_puts(b, cmark_node_get_literal(n));
    }
    cmark_iter_free(it);
}

/* "High Failures" -> "high-failures": ASCII letters and digits, one dash
 * for each run of anything else. */
static void slugify(sg_strbuf *out, const char *s)
{
    bool dash = false;
    for (; *s; s++) {
        char c = *s;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && out->len)
                sg_strbuf_putc(out, '-');
            sg_strbuf_putc(out, c);
            dash = false;
        } else {
            dash = true;
        }
    }
    if (!out->len)
        sg_strbuf_puts(out, "section");
}

static bool is_heading(cmark_node *n, int max_level)
{
    return cmark_node_get_type(n) == CMARK_NODE_HEADING &&
           cmark_node_get_heading_level(n) <= max_level;
}

static cmark_node *custom_block(const char *on_enter, const char *on_exit)
{
    cmark_node *n = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(n, on_enter);
    cmark_node_set_on_exit(n, on_exit);
    return n;
}

/* The nodes pred accepts, in document order (a malloc'd array): collected
 * first because the AST must not change under an iterator. */
static cmark_node **collect(cmark_node *doc, bool (*pred)(cmark_node *), size_t *n)
{
    cmark_node **found = NULL;
    size_t cap = 0;
    *n = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *nd = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER || !pred(nd))
            continue;
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            found = sg_xrealloc(found, cap * sizeof *found);
        }
        found[(*n)++] = nd;
    }
    cmark_iter_free(it);
    return found;
}

static bool is_mermaid(cmark_node *n)
{
    const char *info;
    return cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK &&
           (info = cmark_node_get_fence_info(n)) && strcmp(info, "mermaid") == 0;
}

/* ```mermaid blocks through the hook. */
static void replace_mermaid(cmark_node *doc, const sg_html_opts *o)
{
    if (!o || !o->mermaid)
        return;
    size_t n;
    cmark_node **found = collect(doc, is_mermaid, &n);
    for (size_t i = 0; i < n; i++) {
        const char *code = cmark_node_get_literal(found[i]);
        sg_strbuf svg = SG_STRBUF_INIT;
        sg_strbuf_puts(&svg, "<figure class=\"sg-graph\">\n");
        if (o->mermaid(&svg, code, strlen(code), o->ctx) == 0) {
            sg_strbuf_puts(&svg, "</figure>");
            cmark_node_insert_before(found[i], custom_block(svg.data, ""));
            cmark_node_free(found[i]); /* unlinks it too */
        }
        sg_strbuf_free(&svg);
    }
    free(found);
}

/* The rendered HTML, with short code spans without spaces in table cells
 * marked <code class="sg-id">: ids (rules, logical IDs, paths) that read
 * wrong when the browser breaks them at a hyphen to narrow a column.
 * Longer values may still wrap.  Done on the output because cmark has no
 * attribute hook for code spans and a table cell may not hold a custom
 * inline; cmark escapes every '<' of text, so each '<' here is markup and
 * "</code>" ends the span. */
enum { MAX_ID_LEN = 32 };
static void put_marking_ids(sg_strbuf *b, const char *html)
{
    bool in_cell = false;
    const char *p = html;
    while (*p) {
        if (strncmp(p, "<td", 3) == 0) {
            in_cell = true;
        } else if (strncmp(p, "</td>", 5) == 0) {
            in_cell = false;
        } else if (in_cell && strncmp(p, "<code>", 6) == 0) {
            const char *end = strstr(p + 6, "</code>");
            size_t len = end ? (size_t)(end - (p + 6)) : 0;
            if (end && len <= MAX_ID_LEN && !memchr(p + 6, ' ', len)) {
                sg_strbuf_puts(b, "<code class=\"sg-id\">");
                p += 6;
                continue;
            }
        }
        sg_strbuf_putc(b, *p++);
    }
}

/* Wraps every ## section (a level-2 heading and what follows up to the
 * next heading of level 1 or 2) in <section id="slug" class="...">, and
 * puts the figure after the summary table. */
static void wrap_sections(cmark_node *doc, const sg_html_page *p)
{
    sg_strbuf used = SG_STRBUF_INIT; /* " slug slug " to keep ids unique */
    sg_strbuf_putc(&used, ' ');
    cmark_node *n = cmark_node_first_child(doc);
    while (n) {
        if (!is_heading(n, 2) || cmark_node_get_heading_level(n) != 2) {
            n = cmark_node_next(n);
            continue;
        }
        sg_strbuf title = SG_STRBUF_INIT, slug = SG_STRBUF_INIT, open = SG_STRBUF_INIT;
        heading_text(&title, n);
        slugify(&slug, title.data ? title.data : "");
        size_t base = slug.len;
        for (int k = 2;; k++) {
            sg_strbuf key = SG_STRBUF_INIT;
            sg_strbuf_printf(&key, " %s ", slug.data);
            bool dup = strstr(used.data, key.data) != NULL;
            sg_strbuf_free(&key);
            if (!dup)
                break;
            slug.len = base;
            sg_strbuf_printf(&slug, "-%d", k);
        }
        sg_strbuf_printf(&used, "%s ", slug.data);
        sg_strbuf_printf(&open, "<section id=\"%s\" class=\"sg-section", slug.data);
        for (int s = 0; s < SG_SEV_COUNT; s++) {
            const char *id = sg_severity_id((sg_severity)s);
            size_t idl = strlen(id);
            if (strncmp(slug.data, id, idl) == 0 && strcmp(slug.data + idl, "-failures") == 0)
                sg_strbuf_printf(&open, " sg-sev-%s", id);
        }
        sg_strbuf_puts(&open, "\">");
        cmark_node *sec = custom_block(open.data, "</section>");
        cmark_node_insert_before(n, sec);
        cmark_node *table = NULL;
        do {
            cmark_node *next = cmark_node_next(n);
            cmark_node_append_child(sec, n);
            /* the table extension registers its node type at run time */
            if (!table && strcmp(cmark_node_get_type_string(n), "table") == 0)
                table = n;
            n = next;
        } while (n && !is_heading(n, 2));
        if (p->summary_figure && strcmp(slug.data, "summary-by-category") == 0 && table)
            cmark_node_insert_after(table, custom_block(p->summary_figure, ""));
        sg_strbuf_free(&title);
        sg_strbuf_free(&slug);
        sg_strbuf_free(&open);
        n = cmark_node_next(sec);
    }
    sg_strbuf_free(&used);
}

/* cmark-gfm keeps its extensions in a process-wide registry, filled by an
 * unsynchronized call: done once for all threads (batch renders in
 * parallel), and released at exit so memory checkers see nothing left. */
static pthread_once_t extensions_once = PTHREAD_ONCE_INIT;
static void register_extensions(void)
{
    cmark_gfm_core_extensions_ensure_registered();
    atexit(cmark_release_plugins);
}

void sg_render_html_page(sg_strbuf *b, const char *md, size_t len, const sg_html_page *p)
{
    pthread_once(&extensions_once, register_extensions);
    cmark_parser *parser = cmark_parser_new(CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
    /* tagfilter matters only with raw HTML on, which is never: kept as a
     * second line of defence should anyone turn it on */
    static const char *const exts[] = {"table", "strikethrough", "tagfilter"};
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(exts[i]));
    cmark_parser_feed(parser, md, len);
    cmark_node *doc = cmark_parser_finish(parser);
    replace_mermaid(doc, p->opts);
    wrap_sections(doc, p);
    char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT, cmark_parser_get_syntax_extensions(parser));

    sg_strbuf_printf(b,
                     "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"referrer\" content=\"no-referrer\">\n"
                     "<meta name=\"generator\" content=\"stackgap\">\n<title>",
                     page_csp);
    sg_xml_attr(b, p->title, strlen(p->title));
    sg_strbuf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body", page_css);
    if (p->body_class)
        sg_strbuf_printf(b, " class=\"%s\"", p->body_class);
    sg_strbuf_puts(b, ">\n<main>\n");
    put_marking_ids(b, html);
    sg_strbuf_puts(b, "</main>\n<footer>Written by stackgap. This page runs no script and loads "
                      "nothing from the network.</footer>\n</body>\n</html>\n");
    free(html);
    cmark_node_free(doc);
    cmark_parser_free(parser);
}

/* The report's ```mermaid block is its resource graph: the page shows the
 * same graph as SVG drawn by graph_svg.c (no script renders Mermaid here). */
static int graph_svg_hook(sg_strbuf *out, const char *code, size_t len, void *ctx)
{
    (void)code;
    (void)len;
    sg_render_graph_svg(out, ctx);
    return 0;
}

void sg_render_report_html(sg_strbuf *b, const sg_report *r, const sg_html_opts *o)
{
    sg_arena *a = sg_arena_new();
    sg_html_opts graph_opts = {0};
    if (!o) {
        sg_graph *g = sg_report_graph(a, r, "model", "ideal");
        graph_opts = (sg_html_opts){.mermaid = g ? graph_svg_hook : NULL, .ctx = g};
        o = &graph_opts;
    }
    sg_strbuf md = SG_STRBUF_INIT, title = SG_STRBUF_INIT, body = SG_STRBUF_INIT,
              fig = SG_STRBUF_INIT;
    sg_render_report_markdown(&md, r);
    const char *model = strrchr(r->model_file, '/'), *ideal = strrchr(r->ideal_file, '/');
    sg_strbuf_printf(&title, "Model Failures Analysis: %s vs %s", model ? model + 1 : r->model_file,
                     ideal ? ideal + 1 : r->ideal_file);
    sg_strbuf_printf(&body, "sg-verdict-%s", sg_verdict_id(r->verdict));
    sg_strbuf_puts(&fig, "<figure class=\"sg-figure\">\n");
    bool chart = sg_render_severity_chart_svg(&fig, r->by_category) > 0;
    sg_strbuf_puts(&fig, "<figcaption>Findings by category and severity (shared gaps with the "
                         "ideal not counted).</figcaption>\n</figure>");
    sg_html_page p = {.title = title.data,
                      .body_class = body.data,
                      .summary_figure = chart ? fig.data : NULL,
                      .opts = o};
    sg_render_html_page(b, md.data, md.len, &p);
    sg_strbuf_free(&md);
    sg_strbuf_free(&title);
    sg_strbuf_free(&body);
    sg_strbuf_free(&fig);
    sg_arena_free(a);
}
