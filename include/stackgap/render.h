/* render.h - the last stage: data to text.  Every renderer appends to an
 * sg_strbuf and never writes files itself (output.h does that, atomically). */
#ifndef STACKGAP_RENDER_H
#define STACKGAP_RENDER_H

#include <stdbool.h>

#include "stackgap/diff.h"
#include "stackgap/strbuf.h"

/* ---- values (emit.c) ----------------------------------------------------------- */

/* JSON with 2-space indentation (indent >= 0) or compact (indent < 0). */
void sg_emit_json(sg_strbuf *b, const sg_node *n, int indent);
/* Block-style YAML; intrinsics in their long form (valid CloudFormation). */
void sg_emit_yaml(sg_strbuf *b, const sg_node *n);
/* The same text, but it may stop once min_lines lines are written (0: all). */
void sg_emit_yaml_head(sg_strbuf *b, const sg_node *n, size_t min_lines);
/* One-line rendering for reports: scalars quoted, intrinsics in short form
 * (!Ref X, !GetAtt A.B, !Sub '...'), containers as compact flow; cut to
 * max_bytes (UTF-8 safe) with an ellipsis. */
void sg_emit_inline(sg_strbuf *b, const sg_node *n, size_t max_bytes);
/* A change path: Properties.Tags[Key=Env].Value, Properties.Rules[2]. */
void sg_emit_path(sg_strbuf *b, const sg_path_seg *path, uint32_t depth);

/* ---- diffs ----------------------------------------------------------------------- */

typedef enum sg_diff_format { SG_DIFF_TEXT, SG_DIFF_MARKDOWN, SG_DIFF_JSON } sg_diff_format;

typedef struct sg_render_opts {
    bool color;          /* ANSI colours (text only) */
    bool show_unchanged; /* list unchanged entries too */
    int heading_level;   /* Markdown: level of the top heading (0 means 1) */
} sg_render_opts;

void sg_render_diff_text(sg_strbuf *b, const sg_diff *d, const sg_render_opts *o);
void sg_render_diff_markdown(sg_strbuf *b, const sg_diff *d, const sg_render_opts *o);
/* JSON document, schema "stackgap/diff/v1" (docs/json-schema.md). */
void sg_render_diff_json(sg_strbuf *b, const sg_diff *d);

/* Markdown escaping (escape.c) shared by every Markdown renderer: text is
 * escaped so that nothing from a template becomes markup. */
void sg_md_text(sg_strbuf *b, const char *s, size_t n);
void sg_md_code(sg_strbuf *b, const char *s, size_t n); /* inline code span, table-safe */
/* A fenced code block (lang may be NULL) that s cannot break out of. */
void sg_md_fence(sg_strbuf *b, const char *lang, const char *s, size_t n);

#endif
