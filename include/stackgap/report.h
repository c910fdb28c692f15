/* report.h - the gap analysis: everything a MODEL_FAILURES.md needs.
 *
 * sg_report_build() runs the whole pipeline on a model answer and an ideal
 * template: load both, diff (model = OLD, ideal = NEW: "what the model must
 * change to reach the ideal"), run the rule catalog on both, analyze the
 * model template-wide, check the prompt's requirements, and classify it all
 * into findings (docs/report.md).  Renderers in render.h turn it into
 * Markdown or JSON. */
#ifndef STACKGAP_REPORT_H
#define STACKGAP_REPORT_H

#include "stackgap/diff.h"
#include "stackgap/finding.h"
#include "stackgap/requirements.h"
#include "stackgap/rules.h"
#include "stackgap/strbuf.h"

typedef struct sg_report_opts {
    const char *model_path;  /* template or Markdown response */
    const char *ideal_path;
    const char *prompt_path; /* PROMPT.md, or NULL */
    const char *ideal_note;  /* why this file is the ideal (sg_task_locate), or NULL */
    const sg_limits *limits; /* NULL: defaults */
} sg_report_opts;

typedef enum sg_verdict {
    SG_VERDICT_MATCHES,   /* no findings */
    SG_VERDICT_MINOR,     /* medium/low findings only */
    SG_VERDICT_NEEDS_WORK,/* high findings, no critical */
    SG_VERDICT_FAILS,     /* critical findings */
    SG_VERDICT_NO_TEMPLATE /* the response holds no usable template */
} sg_verdict;
const char *sg_verdict_id(sg_verdict v); /* "matches", "minor-gaps", ... */

typedef struct sg_report {
    const char *model_file, *ideal_file, *prompt_file;
    const char *ideal_note;   /* from sg_report_opts */
    const sg_template *model; /* NULL when the response has no usable template */
    const char *model_problem; /* why model is NULL (the extractor's sentence) */
    const sg_template *ideal;
    sg_diff diff;              /* valid when model != NULL */
    sg_violations model_violations, ideal_violations;
    sg_requirements reqs;      /* n == 0 without a prompt */
    sg_findings findings;      /* sorted: severity, category, rule */
    size_t by_severity[SG_SEV_COUNT];              /* shared gaps not counted */
    size_t by_category[SG_CAT_COUNT][SG_SEV_COUNT]; /* shared gaps not counted */
    size_t shared;             /* findings that are shared gaps */
    sg_verdict verdict;
} sg_report;

/* Builds the report; everything is allocated from a (free with
 * sg_report_free, then the arena).  Returns -1 with err only when the ideal
 * or the prompt cannot be read or parsed: a model answer without a template
 * is a report (verdict no-template), not an error. */
int sg_report_build(sg_arena *a, const sg_report_opts *opts, sg_report *out, sg_error *err);
void sg_report_free(sg_report *r);
/* Recomputes the counts and the verdict after findings changed (shared). */
void sg_report_recount(sg_report *r);

/* The worst severity present, or SG_SEV_COUNT when there is none. */
sg_severity sg_report_worst(const sg_report *r);

/* Lint mode (`stackgap check`): rules and template-wide analysis on one
 * template.  Appends findings (model side = t). */
void sg_check_template(sg_arena *a, const sg_template *t, sg_findings *out);

/* Classification of diff entries and rule results (classify.c), exposed for
 * tests: appends the findings the diff implies. */
void sg_classify_diff(sg_arena *a, const sg_diff *d, sg_findings *out);

void sg_render_report_markdown(sg_strbuf *b, const sg_report *r);
/* JSON document, schema "stackgap/report/v1" (docs/report.md, docs/schema/report-v1.schema.json). */
void sg_render_report_json(sg_strbuf *b, const sg_report *r);
/* A standalone HTML page of the Markdown report, with the findings chart
 * after the summary (render.h: sg_render_html_page).  o NULL: the resource
 * graph's ```mermaid block is drawn as SVG (graph_svg.c); otherwise o's
 * hook decides. */
struct sg_html_opts;
void sg_render_report_html(sg_strbuf *b, const sg_report *r, const struct sg_html_opts *o);
/* Findings per category (only categories with findings) as horizontal bars
 * stacked by severity: an <svg> element with title, description, legend
 * and axis (svg_chart.c).  Returns the number of bars; writes nothing when
 * every count is 0. */
size_t sg_render_severity_chart_svg(sg_strbuf *b, const size_t counts[SG_CAT_COUNT][SG_SEV_COUNT]);
/* `stackgap check` output: one line per finding, file:line: severity [rule] title. */
void sg_render_findings_text(sg_strbuf *b, const sg_findings *f);
void sg_render_findings_json(sg_strbuf *b, const char *file, const sg_findings *f);

/* ---- machine formats for CI (docs/formats.md) --------------------------------------
 * SARIF 2.1.0 (code scanning) and JUnit XML (test dashboards), one code path
 * for `check` (findings on one template) and `report` / `task`. */
typedef struct sg_findings_run {
    const char *file;            /* what was analysed: the model answer or the checked template */
    const sg_findings *findings;
    const sg_template *model;    /* the template the rules ran on, or NULL when there is none */
    bool with_ideal;             /* compared with an ideal: DIFF-* rules ran, shared gaps exist */
} sg_findings_run;

/* The run a report describes. */
sg_findings_run sg_report_run(const sg_report *r);
void sg_render_findings_sarif(sg_strbuf *b, const sg_findings_run *run);
void sg_render_findings_junit(sg_strbuf *b, const sg_findings_run *run);
void sg_render_report_sarif(sg_strbuf *b, const sg_report *r);
void sg_render_report_junit(sg_strbuf *b, const sg_report *r);

#endif
