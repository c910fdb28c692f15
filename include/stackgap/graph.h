/* graph.h - the resource graph of two templates and their diff.
 *
 * Nodes are resources (one per diff entry of the Resources section, so a
 * matched or renamed pair is one node), edges are the references between
 * them (Ref, Fn::GetAtt, Fn::Sub variables, DependsOn) on either side, each
 * edge remembering which kinds it has on the OLD and on the NEW side.  In a
 * report OLD is the model and NEW the ideal, so "missing" means "only in
 * the ideal" and "extra" "only in the model".
 *
 * Large graphs are drawn as a view (sg_graph_view) that keeps every
 * resource with a status and its direct neighbours and folds the rest into
 * summary nodes (docs/graph.md).  Renderers: Mermaid for Markdown
 * (graph_mermaid.c), SVG drawn and laid out by stackgap (graph_svg.c). */
#ifndef STACKGAP_GRAPH_H
#define STACKGAP_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "stackgap/diff.h"
#include "stackgap/refs.h"
#include "stackgap/strbuf.h"

typedef enum sg_graph_status {
    SG_GRAPH_UNCHANGED,
    SG_GRAPH_MISSING,  /* only in NEW (the ideal) */
    SG_GRAPH_EXTRA,    /* only in OLD (the model) */
    SG_GRAPH_REPLACED, /* a change CloudFormation applies by replacing the resource */
    SG_GRAPH_CHANGED,
    SG_GRAPH_RENAMED,
    SG_GRAPH_FOLDED, /* a view's summary node for unchanged resources */
    SG_GRAPH_STATUS_COUNT
} sg_graph_status;
/* "unchanged", "missing", ... (also the Mermaid class names) */
const char *sg_graph_status_name(sg_graph_status s);

typedef struct sg_graph_node {
    const char *id;     /* NEW id (OLD id for extra); a view's summary text */
    const char *old_id; /* the OLD id when it differs (renamed, CDK suffix); else NULL */
    const char *type;   /* resource type; a summary node: its commonest types */
    sg_graph_status status;
    size_t members;     /* resources the node stands for: 1, or a summary node's count */
} sg_graph_node;

/* Bit (1u << sg_ref_kind) per kind of reference. */
typedef struct sg_graph_edge {
    uint32_t from, to;      /* node indices: `from` references `to` */
    unsigned kinds_old;     /* kinds on the OLD side; 0 = no such edge in OLD */
    unsigned kinds_new;     /* the same for NEW */
} sg_graph_edge;

typedef struct sg_graph {
    sg_graph_node *nodes; /* resources sorted by id; a view: kept ones by id, then summaries */
    size_t nnodes;
    sg_graph_edge *edges; /* sorted by (from, to); no duplicates */
    size_t nedges;
    const char *old_name, *new_name; /* legend words for OLD and NEW: "model", "ideal" */
    /* legend words for the MISSING and EXTRA statuses: "missing", "extra" in a
     * report; "removed", "added" for a change (the PR comment) */
    const char *missing_word, *extra_word;
    /* a view only: what it leaves out */
    size_t resources;     /* resources in the full graph */
    size_t folded;        /* resources drawn only as part of a summary node */
} sg_graph;

/* Builds the graph of old, new and their diff d (arena-owned).  Legend
 * words default to "old" and "new". */
sg_graph *sg_graph_build(sg_arena *a, const sg_template *old, const sg_template *new,
                         const sg_diff *d);
/* The graph of a report's model and ideal (what its Markdown, HTML and PR
 * comment draw), with the legend words given; NULL when the model has no
 * template or neither side has resources. */
struct sg_report;
sg_graph *sg_report_graph(sg_arena *a, const struct sg_report *r, const char *old_name,
                          const char *new_name);

/* Rewords a report graph built with model = NEW and ideal = OLD (the PR
 * comment's report) as a change: "removed"/"added" for missing/extra, and
 * renamed nodes written OLD id -> NEW id. */
void sg_graph_as_change(sg_graph *g);

/* Marks the resource with logical id `id` (either side's id) as replaced.
 * Returns false when no resource has that id. */
bool sg_graph_mark_replaced(sg_graph *g, const char *id);

/* Views stay small: a graph of more than SG_GRAPH_FOLD_AT resources is
 * folded so that at most SG_GRAPH_MAX_NODES nodes are drawn. */
#define SG_GRAPH_FOLD_AT 40
#define SG_GRAPH_MAX_NODES 60

/* The graph to draw (allocated from a): a copy of g when small, folded
 * otherwise. */
sg_graph *sg_graph_view(sg_arena *a, const sg_graph *g);
/* One plain sentence on what a view folded ("Showing 20 of 300 resources:
 * ..."), nothing when it folded nothing. */
void sg_graph_view_note(sg_strbuf *b, const sg_graph *view);

/* Label text: control characters (C0, C1), U+2028/U+2029 and bidirectional
 * overrides become spaces, invalid UTF-8 U+FFFD, and
 * text longer than max_chars code points is cut with an ellipsis.  The
 * result still needs the renderer's own escaping. */
void sg_graph_label(sg_strbuf *b, const char *s, size_t max_chars);
/* Short label of an edge's kinds ("GetAtt", "DependsOn", "Ref+Sub"); ""
 * for a plain Ref. */
const char *sg_graph_edge_label(unsigned kinds);

/* Renderers.  Both draw sg_graph_view(g).  Mermaid: a ```mermaid fenced
 * block (flowchart, classes per status, a legend) and the view's note. */
void sg_render_graph_mermaid(sg_strbuf *b, const sg_graph *g);
/* An <svg> element (no script, no external reference) for inline HTML. */
void sg_render_graph_svg(sg_strbuf *b, const sg_graph *g);

#endif
