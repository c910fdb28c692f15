/* graph_mermaid.c - the resource graph as a Mermaid flowchart (graph.h).
 *
 * Nothing from a template decides the shape of a statement: node ids are
 * n0, n1 ... by position, and template text appears only inside a quoted
 * label, where every character Mermaid or Markdown could read as syntax
 * (" < > # ; & and backticks) is written as a Mermaid entity (#quot; ...).
 * The block therefore holds no backtick, and sg_md_fence's ``` fence
 * cannot be closed early. */
#include <string.h>

#include "stackgap/graph.h"
#include "stackgap/render.h"

#define LABEL_CHARS 40

/* Fill, stroke and a dark text colour per status: light fills with dark
 * text read the same in GitHub's light and dark themes. */
static const char *const class_style[SG_GRAPH_STATUS_COUNT] = {
    [SG_GRAPH_MISSING] = "fill:#ffebe9,stroke:#cf222e,color:#1f2328,stroke-width:2px,"
                         "stroke-dasharray:5 3",
    [SG_GRAPH_EXTRA] = "fill:#fff8c5,stroke:#9a6700,color:#1f2328,stroke-width:2px",
    [SG_GRAPH_REPLACED] = "fill:#fbefff,stroke:#8250df,color:#1f2328,stroke-width:3px",
    [SG_GRAPH_CHANGED] = "fill:#ddf4ff,stroke:#0969da,color:#1f2328,stroke-width:2px",
    [SG_GRAPH_RENAMED] = "fill:#dafbe1,stroke:#1a7f37,color:#1f2328,stroke-width:2px",
    [SG_GRAPH_FOLDED] = "fill:#eaeef2,stroke:#6e7781,color:#1f2328,stroke-dasharray:3 3",
};

static void escaped(sg_strbuf *b, const char *s, size_t max_chars)
{
    sg_strbuf t = SG_STRBUF_INIT;
    sg_graph_label(&t, s, max_chars);
    for (size_t i = 0; i < t.len; i++) {
        switch (t.data[i]) {
        case '"': sg_strbuf_puts(b, "#quot;"); break;
        case '<': sg_strbuf_puts(b, "#lt;"); break;
        case '>': sg_strbuf_puts(b, "#gt;"); break;
        case '#': sg_strbuf_puts(b, "#35;"); break;
        case ';': sg_strbuf_puts(b, "#59;"); break;
        case '&': sg_strbuf_puts(b, "#38;"); break;
        case '`': sg_strbuf_puts(b, "#96;"); break;
        default: sg_strbuf_putc(b, t.data[i]);
        }
    }
    sg_strbuf_free(&t);
}

static const char *legend_text(const sg_graph *g, sg_graph_status s, sg_strbuf *tmp)
{
    tmp->len = 0;
    switch (s) {
    case SG_GRAPH_MISSING: sg_strbuf_printf(tmp, "%s: only in the %s", g->missing_word, g->new_name); break;
    case SG_GRAPH_EXTRA: sg_strbuf_printf(tmp, "%s: only in the %s", g->extra_word, g->old_name); break;
    case SG_GRAPH_REPLACED: sg_strbuf_puts(tmp, "replaced: an update replaces it"); break;
    case SG_GRAPH_CHANGED: sg_strbuf_puts(tmp, "changed properties"); break;
    case SG_GRAPH_RENAMED: sg_strbuf_puts(tmp, "renamed (old id \xE2\x86\x92 new id)"); break;
    default: sg_strbuf_puts(tmp, "unchanged resources, folded"); break;
    }
    return tmp->data;
}

static void link_style(sg_strbuf *b, const sg_graph *v, bool want_new, const char *style)
{
    bool any = false;
    for (size_t e = 0; e < v->nedges; e++) {
        const sg_graph_edge *x = &v->edges[e];
        if (x->kinds_old && x->kinds_new)
            continue;
        if ((x->kinds_new != 0) != want_new)
            continue;
        sg_strbuf_printf(b, "%s%zu", any ? "," : "  linkStyle ", e);
        any = true;
    }
    if (any)
        sg_strbuf_printf(b, " %s\n", style);
}

void sg_render_graph_mermaid(sg_strbuf *b, const sg_graph *g)
{
    sg_arena *a = sg_arena_new();
    const sg_graph *v = sg_graph_view(a, g);
    sg_strbuf m = SG_STRBUF_INIT, tmp = SG_STRBUF_INIT;
    bool present[SG_GRAPH_STATUS_COUNT] = {false};
    sg_strbuf_puts(&m, "flowchart LR\n");
    for (size_t i = 0; i < v->nnodes; i++) {
        const sg_graph_node *x = &v->nodes[i];
        present[x->status] = true;
        sg_strbuf_printf(&m, "  n%zu[\"", i);
        if (x->old_id) {
            escaped(&m, x->old_id, LABEL_CHARS);
            sg_strbuf_puts(&m, " \xE2\x86\x92 ");
        }
        escaped(&m, x->id, LABEL_CHARS);
        if (x->type && x->type[0]) {
            sg_strbuf_puts(&m, "<br/>");
            escaped(&m, x->type, LABEL_CHARS);
        }
        sg_strbuf_puts(&m, "\"]");
        if (x->status != SG_GRAPH_UNCHANGED)
            sg_strbuf_printf(&m, ":::%s", sg_graph_status_name(x->status));
        sg_strbuf_putc(&m, '\n');
    }
    for (size_t e = 0; e < v->nedges; e++) {
        const sg_graph_edge *x = &v->edges[e];
        const char *label = sg_graph_edge_label(x->kinds_old | x->kinds_new);
        bool both = x->kinds_old && x->kinds_new;
        const char *side = both ? "" : x->kinds_new ? g->missing_word : g->extra_word;
        sg_strbuf_printf(&m, "  n%u %s", x->from, both ? "-->" : "-.->");
        if (*side || *label)
            sg_strbuf_printf(&m, "|%s%s%s|", side, *side && *label ? " " : "", label);
        sg_strbuf_printf(&m, " n%u\n", x->to);
    }
    bool legend = false;
    for (int s = SG_GRAPH_MISSING; s < SG_GRAPH_STATUS_COUNT; s++) {
        if (!present[s])
            continue;
        if (!legend)
            sg_strbuf_puts(&m, "  subgraph legend[\"Legend\"]\n    direction LR\n");
        legend = true;
        sg_strbuf_printf(&m, "    l%d[\"", s);
        escaped(&m, legend_text(v, (sg_graph_status)s, &tmp), LABEL_CHARS * 2);
        sg_strbuf_printf(&m, "\"]:::%s\n", sg_graph_status_name((sg_graph_status)s));
    }
    if (legend)
        sg_strbuf_puts(&m, "  end\n");
    for (int s = SG_GRAPH_MISSING; s < SG_GRAPH_STATUS_COUNT; s++)
        if (present[s])
            sg_strbuf_printf(&m, "  classDef %s %s\n", sg_graph_status_name((sg_graph_status)s),
                             class_style[s]);
    link_style(&m, v, true, "stroke:#cf222e,stroke-width:2px");
    link_style(&m, v, false, "stroke:#9a6700,stroke-width:2px");
    sg_md_fence(b, "mermaid", m.data, m.len);
    bool one_sided = false;
    for (size_t e = 0; e < v->nedges; e++)
        one_sided |= !v->edges[e].kinds_old || !v->edges[e].kinds_new;
    sg_strbuf_puts(b, "\nArrows point from a resource to the resources it references (Ref "
                      "unless labelled).");
    if (one_sided) {
        sg_strbuf_puts(b, " Dotted arrows exist in one template only: *");
        sg_md_text(b, g->missing_word, strlen(g->missing_word));
        sg_strbuf_puts(b, "* ones only in the ");
        sg_md_text(b, g->new_name, strlen(g->new_name));
        sg_strbuf_puts(b, ", *");
        sg_md_text(b, g->extra_word, strlen(g->extra_word));
        sg_strbuf_puts(b, "* ones only in the ");
        sg_md_text(b, g->old_name, strlen(g->old_name));
        sg_strbuf_putc(b, '.');
    }
    sg_strbuf_putc(b, '\n');
    tmp.len = 0;
    sg_graph_view_note(&tmp, v);
    if (tmp.len) {
        sg_strbuf_putc(b, '\n');
        sg_strbuf_putn(b, tmp.data, tmp.len);
    }
    sg_strbuf_free(&m);
    sg_strbuf_free(&tmp);
    sg_arena_free(a);
}
