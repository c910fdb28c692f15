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
 * escaped so that nothing from a template becomes markup.  Every context
 * drops ANSI escapes, C0/C1 controls and DEL and shows bidi controls as
 * U+FFFD.  Prose also breaks GitHub's @mentions, #12 / GH-12 references
 * and autolinks (www.x, scheme://) with a zero-width space; GitHub does
 * not mention or link inside code spans and fences. */
void sg_md_text(sg_strbuf *b, const char *s, size_t n); /* prose, table-safe */
void sg_md_code(sg_strbuf *b, const char *s, size_t n); /* inline code span, table-safe */
/* A fenced code block (lang may be NULL) that s cannot break out of. */
void sg_md_fence(sg_strbuf *b, const char *lang, const char *s, size_t n);
/* How many of s's n bytes fit in max without splitting a UTF-8 sequence. */
size_t sg_utf8_cut(const char *s, size_t n, size_t max);

/* Secret masking for text posted outside the repository (PR comments):
 * the literal values of NoEcho parameters' Defaults and of keys that name
 * a secret (sg_names_secret: Password, Secret, Token, ApiKey, PrivateKey
 * ...), collected from templates, and each line (trimmed) of such a value
 * that spans lines; values point into the templates. */
typedef struct sg_secrets {
    struct { const char *s; size_t n; } *v;
    size_t n, cap;
} sg_secrets;
void sg_secrets_collect(sg_secrets *s, const sg_node *root);
void sg_secrets_free(sg_secrets *s);
/* Copies s with every collected value (4 bytes or more), the literal
 * value on any "Key: value" line whose key names a secret, and each line
 * of a block scalar under such a key ("Key: |" or ">"), as ****. */
void sg_mask_secrets(sg_strbuf *b, const sg_secrets *sec, const char *s, size_t n);

/* XML 1.0 escaping (escape.c): & < > as entities; characters XML 1.0
 * forbids (C0 controls other than tab, newline, CR; U+FFFE, U+FFFF)
 * dropped; invalid UTF-8 as U+FFFD.  sg_xml_attr is for attribute values:
 * quotes as entities, tab, newline and CR as character references so
 * parsers keep them; sg_xml_text (character data) writes quotes, tab and
 * newline as they are. */
void sg_xml_text(sg_strbuf *b, const char *s, size_t n);
void sg_xml_attr(sg_strbuf *b, const char *s, size_t n);
/* ---- HTML pages (report_html.c) ----------------------------------------------------- */

/* How code blocks of the Markdown become HTML.  mermaid, when set, renders
 * a ```mermaid block (the resource graph) itself: it appends markup (an
 * <svg>) for the block's text to out and returns 0, or returns -1 to leave
 * the block as <pre><code>.  Its markup is inserted verbatim, so it must
 * escape everything it echoes (sg_xml_attr).  NULL: every block stays a
 * <pre><code>. */
typedef struct sg_html_opts {
    int (*mermaid)(sg_strbuf *out, const char *code, size_t len, void *ctx);
    void *ctx;
} sg_html_opts;

typedef struct sg_html_page {
    const char *title;      /* plain text (escaped here) */
    const char *body_class; /* or NULL; trusted: [a-z0-9- ] */
    /* Trusted markup (a <figure>) put after the first table of the section
     * "Summary by category", or NULL. */
    const char *summary_figure;
    const sg_html_opts *opts; /* or NULL */
} sg_html_page;

/* A standalone page: Markdown rendered by cmark-gfm (tables,
 * strikethrough; raw HTML in md is never passed through, it becomes a
 * comment), each ## section in a <section id=slug>, an embedded
 * stylesheet, and a Content-Security-Policy that forbids scripts and every
 * remote load.  The page loads nothing and runs nothing. */
void sg_render_html_page(sg_strbuf *b, const char *md, size_t len, const sg_html_page *p);

#endif
