/* graph_svg.c - the resource graph drawn as inline SVG (graph.h).
 *
 * stackgap lays the graph out itself, so the HTML page needs no script and
 * no network.  The layout is a plain layered (Sugiyama-style) one:
 *
 *   1. cycles are broken by a depth-first search in node order: an edge
 *      back to a node on the stack is reversed for layering only;
 *   2. layers by longest path: a node sits one layer right of the furthest
 *      node that references it (arrows point right, from a resource to what
 *      it references);
 *   3. order within a layer: node order first, then SWEEPS rounds of
 *      barycentre ordering (left to right using the neighbours in earlier
 *      layers, then right to left using those in later layers), ties kept
 *      in their current order;
 *   4. integer coordinates on a fixed grid, shorter layers centred.
 *
 * Everything is integer arithmetic on node indices, so the picture is
 * byte-identical for the same view.  The view holds at most
 * SG_GRAPH_MAX_NODES nodes, which bounds the picture's size. */
#include <stdlib.h>
#include <string.h>

#include "stackgap/graph.h"
#include "stackgap/render.h"

#define BOX_W 220
#define BOX_H 44
#define GAP_X 90
#define GAP_Y 18
#define MARGIN 24
#define LEGEND_H 34
#define LEGEND_ITEM_W 250
#define LABEL_CHARS 26
#define SWEEPS 4

static const struct {
    const char *fill, *stroke, *dash;
    int width;
} look[SG_GRAPH_STATUS_COUNT] = {
    [SG_GRAPH_UNCHANGED] = {"#ffffff", "#8c959f", NULL, 1},
    [SG_GRAPH_MISSING] = {"#ffebe9", "#cf222e", "5 3", 2},
    [SG_GRAPH_EXTRA] = {"#fff8c5", "#9a6700", NULL, 2},
    [SG_GRAPH_REPLACED] = {"#fbefff", "#8250df", NULL, 3},
    [SG_GRAPH_CHANGED] = {"#ddf4ff", "#0969da", NULL, 2},
    [SG_GRAPH_RENAMED] = {"#dafbe1", "#1a7f37", NULL, 2},
    [SG_GRAPH_FOLDED] = {"#eaeef2", "#6e7781", "3 3", 1},
};

/* edge looks: 0 both sides, 1 missing (NEW only), 2 extra (OLD only) */
static const char *const edge_color[3] = {"#57606a", "#cf222e", "#9a6700"};
static const char *const edge_marker[3] = {"sg-arrow", "sg-arrow-missing", "sg-arrow-extra"};

/* XML text or attribute value: the label cleaned (graph.c), then escaped by
 * the shared XML escaper (escape.c). */
static void xml_text(sg_strbuf *b, const char *s, size_t max_chars)
{
    sg_strbuf t = SG_STRBUF_INIT;
    sg_graph_label(&t, s, max_chars);
    sg_xml_attr(b, t.data ? t.data : "", t.len);
    sg_strbuf_free(&t);
}

typedef struct layout {
    size_t n;
    int *layer, *pos; /* per node */
    int nlayers, rows; /* rows: nodes in the fullest layer */
    int *x, *y;        /* per node: top-left corner of its box */
    int width, height;
} layout;

/* Step 1: marks the edges that close a cycle (to reverse them). */
static void dfs(const sg_graph *v, const size_t *first, const uint32_t *out, uint32_t u,
                char *state, bool *reversed)
{
    state[u] = 1;
    for (size_t k = first[u]; k < first[u + 1]; k++) {
        uint32_t e = out[k], t = v->edges[e].to;
        if (state[t] == 1)
            reversed[e] = true;
        else if (state[t] == 0)
            dfs(v, first, out, t, state, reversed);
    }
    state[u] = 2;
}

typedef struct keyed {
    long key; /* barycentre x 1024, or the node's current position x 1024 */
    int pos;
    uint32_t node;
} keyed;

static int cmp_keyed(const void *p, const void *q)
{
    const keyed *a = p, *b = q;
    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    return a->pos - b->pos;
}

/* Step 3, one layer: orders it by the barycentre of the positions of its
 * neighbours in earlier (forward) or later layers. */
static void order_layer(const sg_graph *v, layout *L, int layer, bool forward, keyed *buf)
{
    size_t m = 0;
    for (uint32_t i = 0; i < L->n; i++) {
        if (L->layer[i] != layer)
            continue;
        long sum = 0, cnt = 0;
        for (size_t e = 0; e < v->nedges; e++) {
            uint32_t f = v->edges[e].from, t = v->edges[e].to, other;
            if (f == i && t != i)
                other = t;
            else if (t == i && f != i)
                other = f;
            else
                continue;
            if (forward ? L->layer[other] < layer : L->layer[other] > layer)
                sum += L->pos[other], cnt++;
        }
        buf[m++] = (keyed){cnt ? sum * 1024 / cnt : (long)L->pos[i] * 1024, L->pos[i], i};
    }
    qsort(buf, m, sizeof *buf, cmp_keyed);
    for (size_t k = 0; k < m; k++)
        L->pos[buf[k].node] = (int)k;
}

static void lay_out(const sg_graph *v, layout *L)
{
    size_t n = v->nnodes;
    L->n = n;
    L->layer = calloc(n + 1, sizeof *L->layer);
    L->pos = calloc(n + 1, sizeof *L->pos);
    L->x = calloc(n + 1, sizeof *L->x);
    L->y = calloc(n + 1, sizeof *L->y);
    size_t *first = calloc(n + 1, sizeof *first);
    uint32_t *out = sg_xmalloc((v->nedges + 1) * sizeof *out);
    char *state = calloc(n + 1, 1);
    bool *reversed = calloc(v->nedges + 1, sizeof *reversed);
    keyed *buf = sg_xmalloc((n + 1) * sizeof *buf);
    if (!L->layer || !L->pos || !L->x || !L->y || !first || !state || !reversed)
        abort();
    /* edges are sorted by `from`: out-lists are ranges */
    for (size_t e = 0; e < v->nedges; e++) {
        first[v->edges[e].from + 1]++;
        out[e] = (uint32_t)e;
    }
    for (size_t i = 0; i < n; i++)
        first[i + 1] += first[i];
    for (uint32_t i = 0; i < n; i++)
        if (!state[i])
            dfs(v, first, out, i, state, reversed);

    /* Step 2: longest path over the acyclic edges; n rounds at most */
    for (size_t round = 0; round < n; round++) {
        bool moved = false;
        for (size_t e = 0; e < v->nedges; e++) {
            uint32_t f = v->edges[e].from, t = v->edges[e].to;
            if (f == t)
                continue;
            if (reversed[e]) {
                uint32_t s = f;
                f = t;
                t = s;
            }
            if (L->layer[t] < L->layer[f] + 1)
                L->layer[t] = L->layer[f] + 1, moved = true;
        }
        if (!moved)
            break;
    }
    int *count = calloc(n + 1, sizeof *count);
    if (!count)
        abort();
    L->nlayers = 0;
    for (size_t i = 0; i < n; i++) {
        L->pos[i] = count[L->layer[i]]++;
        if (L->layer[i] + 1 > L->nlayers)
            L->nlayers = L->layer[i] + 1;
    }
    for (int s = 0; s < SWEEPS; s++) {
        for (int l = 1; l < L->nlayers; l++)
            order_layer(v, L, l, true, buf);
        for (int l = L->nlayers - 2; l >= 0; l--)
            order_layer(v, L, l, false, buf);
    }
    L->rows = 0;
    for (int l = 0; l < L->nlayers; l++)
        if (count[l] > L->rows)
            L->rows = count[l];
    for (size_t i = 0; i < n; i++) {
        int shift = (L->rows - count[L->layer[i]]) * (BOX_H + GAP_Y) / 2;
        L->x[i] = MARGIN + L->layer[i] * (BOX_W + GAP_X);
        L->y[i] = MARGIN + LEGEND_H + shift + L->pos[i] * (BOX_H + GAP_Y);
    }
    L->width = 2 * MARGIN + (L->nlayers ? L->nlayers * BOX_W + (L->nlayers - 1) * GAP_X : 0);
    L->height = 2 * MARGIN + LEGEND_H + (L->rows ? L->rows * BOX_H + (L->rows - 1) * GAP_Y : 0);
    free(count);
    free(first);
    free(out);
    free(state);
    free(reversed);
    free(buf);
}

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void draw_edge(sg_strbuf *b, const sg_graph *v, const layout *L, const sg_graph_edge *e)
{
    int side = e->kinds_old && e->kinds_new ? 0 : e->kinds_new ? 1 : 2;
    int x1 = L->x[e->from] + BOX_W, y1 = L->y[e->from] + BOX_H / 2;
    int x2 = L->x[e->to], y2 = L->y[e->to] + BOX_H / 2;
    int c1 = clamp(x1 + GAP_X / 2, 0, L->width), c2 = clamp(x2 - GAP_X / 2, 0, L->width);
    sg_strbuf_printf(b, "<path d=\"");
    if (e->from == e->to) /* a loop on the box's right side */
        sg_strbuf_printf(b, "M %d %d C %d %d %d %d %d %d", x1, y1 - 10, clamp(x1 + 30, 0, L->width),
                         y1 - 30, clamp(x1 + 30, 0, L->width), y1 + 30, x1, y1 + 10);
    else
        sg_strbuf_printf(b, "M %d %d C %d %d %d %d %d %d", x1, y1, c1, y1, c2, y2, x2, y2);
    sg_strbuf_printf(b, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"%d\"%s marker-end=\"url(#%s)\"/>\n",
                     edge_color[side], side ? 2 : 1, side ? " stroke-dasharray=\"6 4\"" : "",
                     edge_marker[side]);
    /* edges of summary nodes stand for many references: no label */
    bool summary = v->nodes[e->from].members > 1 || v->nodes[e->to].members > 1 ||
                   v->nodes[e->from].status == SG_GRAPH_FOLDED ||
                   v->nodes[e->to].status == SG_GRAPH_FOLDED;
    const char *label = summary ? "" : sg_graph_edge_label(e->kinds_old | e->kinds_new);
    if (!*label && (!side || summary))
        return;
    int lx = e->from == e->to ? x1 + 32 : (x1 + x2) / 2, ly = (y1 + y2) / 2 - 4;
    sg_strbuf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"%s\" text-anchor=\"middle\">%s%s%s</text>\n",
                     clamp(lx, 0, L->width), clamp(ly, 10, L->height), edge_color[side],
                     side == 1 ? v->missing_word : side == 2 ? v->extra_word : "", side && *label ? " " : "",
                     label);
}

static void draw_node(sg_strbuf *b, const sg_graph_node *x, int px, int py)
{
    int s = x->status;
    sg_strbuf_printf(b, "<g><title>");
    if (x->old_id) {
        xml_text(b, x->old_id, 0);
        sg_strbuf_puts(b, " \xE2\x86\x92 ");
    }
    xml_text(b, x->id, 0);
    sg_strbuf_puts(b, " (");
    xml_text(b, x->type && x->type[0] ? x->type : "no Type", 0);
    sg_strbuf_printf(b, "): %s</title>\n", sg_graph_status_name((sg_graph_status)s));
    sg_strbuf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"5\" fill=\"%s\" "
                        "stroke=\"%s\" stroke-width=\"%d\"",
                     px, py, BOX_W, BOX_H, look[s].fill, look[s].stroke, look[s].width);
    if (look[s].dash)
        sg_strbuf_printf(b, " stroke-dasharray=\"%s\"", look[s].dash);
    sg_strbuf_printf(b, "/>\n<text x=\"%d\" y=\"%d\" font-size=\"12\" font-weight=\"bold\">",
                     px + 8, py + 18);
    if (x->old_id) {
        sg_strbuf t = SG_STRBUF_INIT;
        sg_strbuf_printf(&t, "%s \xE2\x86\x92 %s", x->old_id, x->id);
        xml_text(b, t.data, LABEL_CHARS);
        sg_strbuf_free(&t);
    } else {
        xml_text(b, x->id, LABEL_CHARS);
    }
    sg_strbuf_printf(b, "</text>\n<text x=\"%d\" y=\"%d\" font-size=\"11\">", px + 8, py + 35);
    xml_text(b, x->type, LABEL_CHARS + 6);
    sg_strbuf_puts(b, "</text>\n</g>\n");
}

void sg_render_graph_svg(sg_strbuf *b, const sg_graph *g)
{
    sg_arena *a = sg_arena_new();
    const sg_graph *v = sg_graph_view(a, g);
    layout L;
    lay_out(v, &L);
    bool present[SG_GRAPH_STATUS_COUNT] = {false}, edge_side[3] = {false};
    for (size_t i = 0; i < v->nnodes; i++)
        present[v->nodes[i].status] = true;
    for (size_t e = 0; e < v->nedges; e++) {
        const sg_graph_edge *x = &v->edges[e];
        edge_side[x->kinds_old && x->kinds_new ? 0 : x->kinds_new ? 1 : 2] = true;
    }
    size_t items = 0;
    for (int s = SG_GRAPH_MISSING; s < SG_GRAPH_STATUS_COUNT; s++)
        items += present[s];
    items += edge_side[1] + edge_side[2];
    int legend_w = 2 * MARGIN + (int)items * LEGEND_ITEM_W;
    if (L.width < legend_w)
        L.width = legend_w;

    sg_strbuf_printf(b,
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sg-graph\" width=\"%d\" "
                     "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" "
                     "role=\"img\" aria-label=\"Resource graph\">\n",
                     L.width, L.height, L.width, L.height);
    sg_strbuf_puts(b, "<defs>\n");
    for (int k = 0; k < 3; k++)
        sg_strbuf_printf(b, "<marker id=\"%s\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" "
                            "markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">"
                            "<path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"%s\"/></marker>\n",
                         edge_marker[k], edge_color[k]);
    sg_strbuf_puts(b, "</defs>\n");
    sg_strbuf_printf(b, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
                     L.width, L.height);

    /* legend: one swatch per status and per one-sided edge kind drawn */
    int lx = MARGIN;
    sg_strbuf t = SG_STRBUF_INIT;
    for (int s = SG_GRAPH_MISSING; s < SG_GRAPH_STATUS_COUNT; s++) {
        if (!present[s])
            continue;
        sg_strbuf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"16\" height=\"14\" rx=\"3\" "
                            "fill=\"%s\" stroke=\"%s\" stroke-width=\"%d\"%s%s%s/>\n",
                         lx, MARGIN - 4, look[s].fill, look[s].stroke, look[s].width,
                         look[s].dash ? " stroke-dasharray=\"" : "", look[s].dash ? look[s].dash : "",
                         look[s].dash ? "\"" : "");
        t.len = 0;
        if (s == SG_GRAPH_MISSING)
            sg_strbuf_printf(&t, "%s: only in the %s", v->missing_word, v->new_name);
        else if (s == SG_GRAPH_EXTRA)
            sg_strbuf_printf(&t, "%s: only in the %s", v->extra_word, v->old_name);
        else
            sg_strbuf_puts(&t, s == SG_GRAPH_FOLDED ? "unchanged, folded"
                                                    : sg_graph_status_name((sg_graph_status)s));
        sg_strbuf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\">", lx + 22, MARGIN + 8);
        xml_text(b, t.data, 34);
        sg_strbuf_puts(b, "</text>\n");
        lx += LEGEND_ITEM_W;
    }
    for (int k = 1; k < 3; k++) {
        if (!edge_side[k])
            continue;
        sg_strbuf_printf(b, "<path d=\"M %d %d L %d %d\" stroke=\"%s\" stroke-width=\"2\" "
                            "stroke-dasharray=\"6 4\" marker-end=\"url(#%s)\"/>\n",
                         lx, MARGIN + 3, lx + 30, MARGIN + 3, edge_color[k], edge_marker[k]);
        t.len = 0;
        sg_strbuf_printf(&t, "reference only in the %s", k == 1 ? v->new_name : v->old_name);
        sg_strbuf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"12\">", lx + 36, MARGIN + 8);
        xml_text(b, t.data, 34);
        sg_strbuf_puts(b, "</text>\n");
        lx += LEGEND_ITEM_W;
    }
    sg_strbuf_free(&t);

    for (size_t e = 0; e < v->nedges; e++)
        draw_edge(b, v, &L, &v->edges[e]);
    for (size_t i = 0; i < v->nnodes; i++)
        draw_node(b, &v->nodes[i], L.x[i], L.y[i]);
    sg_strbuf_puts(b, "</svg>\n");
    free(L.layer);
    free(L.pos);
    free(L.x);
    free(L.y);
    sg_arena_free(a);
}
