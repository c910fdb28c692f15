/* report_markdown.c - the MODEL_FAILURES.md-style report.
 *
 * Shape (docs/report.md): title and overview with the verdict; summary by
 * category and severity; findings grouped Critical / High / Medium / Low,
 * each with impact, category, the model's issue and the ideal's fix with
 * file:line excerpts, and why it matters; requirement compliance;
 * deployment readiness; resource inventory; the resource graph (graph.h);
 * the structural diff.  All text
 * from inputs goes through escape.c. */
#include <stdlib.h>
#include <string.h>

#include "stackgap/graph.h"
#include "stackgap/render.h"
#include "stackgap/report.h"

static void code(sg_strbuf *b, const char *s)
{
    sg_md_code(b, s ? s : "", s ? strlen(s) : 0);
}

static void text(sg_strbuf *b, const char *s)
{
    if (s)
        sg_md_text(b, s, strlen(s));
}

static const char *basename_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* `MODEL_RESPONSE.md:412` */
static void location(sg_strbuf *b, const char *file, uint32_t line)
{
    sg_strbuf tmp = SG_STRBUF_INIT;
    sg_strbuf_puts(&tmp, basename_of(file));
    if (line)
        sg_strbuf_printf(&tmp, ":%u", line);
    sg_md_code(b, tmp.data, tmp.len);
    sg_strbuf_free(&tmp);
}

static const char *verdict_sentence(const sg_report *r)
{
    switch (r->verdict) {
    case SG_VERDICT_MATCHES: return "Matches the ideal";
    case SG_VERDICT_MINOR: return "Minor gaps";
    case SG_VERDICT_NEEDS_WORK: return "Needs work";
    case SG_VERDICT_FAILS: return "Fails";
    default: return "No template";
    }
}

static void counts_sentence(sg_strbuf *b, const sg_report *r)
{
    if (r->findings.n == r->shared) {
        sg_strbuf_puts(b, "no findings");
        if (r->shared)
            sg_strbuf_printf(b, " (%zu shared gap%s with the ideal, listed below)", r->shared,
                             r->shared == 1 ? "" : "s");
        return;
    }
    bool first = true;
    for (int s = 0; s < SG_SEV_COUNT; s++) {
        if (!r->by_severity[s])
            continue;
        sg_strbuf_printf(b, "%s%zu %s", first ? "" : ", ", r->by_severity[s],
                         sg_severity_id((sg_severity)s));
        first = false;
    }
    size_t n = r->findings.n - r->shared;
    sg_strbuf_printf(b, " finding%s", n == 1 ? "" : "s");
    if (r->shared)
        sg_strbuf_printf(b, ", and %zu shared gap%s with the ideal", r->shared,
                         r->shared == 1 ? "" : "s");
}

static void describe_model(sg_strbuf *b, const sg_report *r)
{
    location(b, r->model_file, 0);
    const sg_template *m = r->model;
    if (!m)
        return;
    if (m->from_markdown) {
        sg_strbuf_printf(b, " (code block %d", m->block);
        if (m->block_name) {
            sg_strbuf_puts(b, " ");
            code(b, m->block_name);
        }
        sg_strbuf_printf(b, ", %s)", sg_format_name(m->format));
    }
}

static void overview(sg_strbuf *b, const sg_report *r)
{
    sg_strbuf_puts(b, "# Model Failures Analysis\n\n## Overview\n\nCompared the model's answer ");
    describe_model(b, r);
    sg_strbuf_puts(b, " with the ideal template ");
    location(b, r->ideal_file, 0);
    if (r->prompt_file) {
        sg_strbuf_puts(b, " and the requirements of ");
        location(b, r->prompt_file, 0);
    }
    sg_strbuf_puts(b, ".\n\n");
    if (r->ideal_note) {
        sg_strbuf_puts(b, "> **Note:** ");
        text(b, r->ideal_note);
        sg_strbuf_puts(b, ".\n\n");
    }
    sg_strbuf_printf(b, "**Verdict: %s** — ", verdict_sentence(r));
    counts_sentence(b, r);
    sg_strbuf_puts(b, ".\n\n");
    if (!r->model) {
        sg_strbuf_puts(b, "The response holds no usable CloudFormation template: ");
        text(b, r->model_problem);
        sg_strbuf_printf(b, ". The ideal defines %zu resource%s, listed in the inventory below.\n\n",
                         r->ideal->nresources, r->ideal->nresources == 1 ? "" : "s");
        return;
    }
    const size_t *c = r->diff.res_counts;
    sg_strbuf_printf(b,
                     "Resources: model %zu vs ideal %zu — %zu matched (%zu identical), "
                     "%zu renamed, %zu missing from the model, %zu extra in the model.\n\n",
                     r->model->nresources, r->ideal->nresources,
                     c[SG_UNCHANGED] + c[SG_MODIFIED], c[SG_UNCHANGED], c[SG_RENAMED],
                     c[SG_ADDED], c[SG_REMOVED]);
    if (r->model->truncated) {
        sg_strbuf_puts(b, "> **Note:** the model's template is cut off at ");
        location(b, r->model_file, r->model->cut.line);
        sg_strbuf_puts(b, "; it was analysed up to the cut.\n\n");
    }
    if (r->model->repairs) {
        sg_strbuf_puts(b, "> **Note:** the model's template has a syntax error at ");
        location(b, r->model_file, r->model->syntax.line);
        sg_strbuf_printf(b, "; %d line%s around it %s skipped so that the rest could be "
                            "analysed.\n\n", r->model->repairs, r->model->repairs == 1 ? "" : "s",
                         r->model->repairs == 1 ? "was" : "were");
    }
    if (r->verdict == SG_VERDICT_MATCHES)
        sg_strbuf_puts(b, "The model's template is equivalent to the ideal in every category "
                          "checked: nothing to fix.\n\n");
}

static void summary_table(sg_strbuf *b, const sg_report *r)
{
    sg_strbuf_puts(b, "## Summary by category\n\n"
                      "| Category | Critical | High | Medium | Low | Status |\n"
                      "|---|---:|---:|---:|---:|---|\n");
    sg_strbuf clean = SG_STRBUF_INIT;
    for (int c = 0; c < SG_CAT_COUNT; c++) {
        size_t total = 0;
        for (int s = 0; s < SG_SEV_COUNT; s++)
            total += r->by_category[c][s];
        if (!total) {
            sg_strbuf_printf(&clean, "%s%s", clean.len ? ", " : "", sg_category_id((sg_category)c));
            continue;
        }
        const size_t *k = r->by_category[c];
        sg_strbuf_printf(b, "| %s | %zu | %zu | %zu | %zu | %s |\n",
                         sg_category_title((sg_category)c), k[0], k[1], k[2], k[3],
                         k[0] ? "❌ fails" : k[1] ? "⚠️ needs work" : "minor");
    }
    sg_strbuf_printf(b, "| **Total** | **%zu** | **%zu** | **%zu** | **%zu** | |\n\n",
                     r->by_severity[0], r->by_severity[1], r->by_severity[2], r->by_severity[3]);
    if (clean.len && r->model)
        sg_strbuf_printf(b, "No gaps found in: %s. In these categories the model matches "
                            "the ideal or passes every check that applies.\n\n", clean.data);
    sg_strbuf_free(&clean);
}

static void evidence_block(sg_strbuf *b, const char *label, const char *id,
                           const sg_evidence *e, const char *lang)
{
    sg_strbuf_printf(b, "**%s**", label);
    if (e->file) {
        sg_strbuf_puts(b, " (");
        location(b, e->file, e->line);
        if (id) {
            sg_strbuf_puts(b, ", ");
            code(b, id);
        }
        sg_strbuf_puts(b, ")");
    }
    sg_strbuf_puts(b, ":\n\n");
    if (e->excerpt && *e->excerpt)
        sg_md_fence(b, lang, e->excerpt, strlen(e->excerpt));
    else
        sg_strbuf_puts(b, "_(not present)_\n");
    sg_strbuf_putc(b, '\n');
}

/* Low findings are many and small: one table row each, like a lint list. */
static void low_table(sg_strbuf *b, const sg_report *r, size_t *number)
{
    sg_strbuf_puts(b, "| # | Finding | Category | Rule | Model | Ideal |\n"
                      "|---:|---|---|---|---|---|\n");
    for (size_t i = 0; i < r->findings.n; i++) {
        const sg_finding *f = &r->findings.v[i];
        if (f->severity != SG_SEV_LOW || f->shared)
            continue;
        sg_strbuf_printf(b, "| %zu | ", ++*number);
        text(b, f->title);
        sg_strbuf_printf(b, " | %s | ", sg_category_id(f->category));
        code(b, f->rule);
        sg_strbuf_puts(b, " | ");
        if (f->model.line)
            location(b, f->model.file, f->model.line);
        sg_strbuf_puts(b, " | ");
        if (f->ideal.line)
            location(b, f->ideal.file, f->ideal.line);
        sg_strbuf_puts(b, " |\n");
    }
    sg_strbuf_putc(b, '\n');
}

static void findings_section(sg_strbuf *b, const sg_report *r)
{
    size_t number = 0;
    for (int s = 0; s < SG_SEV_COUNT; s++) {
        if (!r->by_severity[s])
            continue;
        sg_strbuf_printf(b, "## %s Failures\n\n", sg_severity_title((sg_severity)s));
        if (s == SG_SEV_LOW) {
            low_table(b, r, &number);
            continue;
        }
        for (size_t i = 0; i < r->findings.n; i++) {
            const sg_finding *f = &r->findings.v[i];
            if ((int)f->severity != s || f->shared)
                continue;
            sg_strbuf_printf(b, "### %zu. ", ++number);
            text(b, f->title);
            sg_strbuf_printf(b, "\n\n**Impact Level**: %s · **Category**: %s · **Rule**: ",
                             sg_severity_title(f->severity), sg_category_title(f->category));
            code(b, f->rule);
            sg_strbuf_printf(b, " · **Kind**: %s", sg_kind_id(f->kind));
            if (f->resource_type) {
                sg_strbuf_puts(b, " · **Type**: ");
                code(b, f->resource_type);
            }
            if (f->path) {
                sg_strbuf_puts(b, " · **Path**: ");
                code(b, f->path);
            }
            sg_strbuf_puts(b, "\n\n");
            const char *lang = f->kind == SG_KIND_REQUIREMENT ? "text" : "yaml";
            if (f->model.line || f->model.excerpt)
                evidence_block(b, "MODEL_RESPONSE issue", f->model_id, &f->model, "yaml");
            if (f->ideal.line || f->ideal.excerpt)
                evidence_block(b, f->kind == SG_KIND_REQUIREMENT ? "PROMPT requirement"
                                                                 : "IDEAL_RESPONSE fix",
                               f->ideal_id, &f->ideal, lang);
            sg_strbuf_puts(b, "**Why it matters**: ");
            text(b, f->message);
            if (f->doc) {
                sg_strbuf_puts(b, "\n\n**Documentation**: <");
                sg_strbuf_puts(b, f->doc); /* built from the spec's names: no markup in it */
                sg_strbuf_putc(b, '>');
            }
            sg_strbuf_puts(b, "\n\n---\n\n");
        }
    }
}

/* Gaps the ideal has too: worth knowing, not the model's failures. */
static void shared_gaps(sg_strbuf *b, const sg_report *r)
{
    if (!r->shared)
        return;
    sg_strbuf_printf(b, "## Shared gaps\n\n%zu check%s fail%s on the model and on the ideal alike. They "
                        "are not counted in the verdict; each is listed one severity lower than "
                        "its rule.\n\n| Severity | Category | Rule | Resource | Finding | Model line |\n"
                        "|---|---|---|---|---|---:|\n",
                     r->shared, r->shared == 1 ? "" : "s", r->shared == 1 ? "s" : "");
    for (size_t i = 0; i < r->findings.n; i++) {
        const sg_finding *f = &r->findings.v[i];
        if (!f->shared)
            continue;
        sg_strbuf_printf(b, "| %s | %s | ", sg_severity_id(f->severity), sg_category_id(f->category));
        code(b, f->rule);
        sg_strbuf_puts(b, " | ");
        if (f->model_id)
            code(b, f->model_id);
        sg_strbuf_puts(b, " | ");
        text(b, f->title);
        sg_strbuf_printf(b, " | %u |\n", f->model.line);
    }
    sg_strbuf_putc(b, '\n');
}

static void requirements_table(sg_strbuf *b, const sg_report *r)
{
    if (!r->prompt_file)
        return;
    size_t met = 0, unmet = 0, nc = 0;
    for (size_t i = 0; i < r->reqs.n; i++) {
        met += r->reqs.v[i].status == SG_REQ_MET;
        unmet += r->reqs.v[i].status == SG_REQ_UNMET;
        nc += r->reqs.v[i].status == SG_REQ_NOT_CHECKABLE;
    }
    sg_strbuf_printf(b, "## Requirement compliance\n\n%zu requirements extracted from ", r->reqs.n);
    location(b, r->prompt_file, 0);
    sg_strbuf_printf(b, ": %zu met, %zu unmet, %zu not checkable from the template.\n\n", met,
                     unmet, nc);
    if (!r->reqs.n)
        return;
    sg_strbuf_puts(b, "| # | Requirement | Line | Categories | Status | Evidence |\n"
                      "|---:|---|---:|---|---|---|\n");
    for (size_t i = 0; i < r->reqs.n; i++) {
        const sg_requirement *q = &r->reqs.v[i];
        sg_strbuf_printf(b, "| %zu | ", i + 1);
        text(b, q->text);
        sg_strbuf_printf(b, " | %u | ", q->line);
        bool first = true;
        for (int c = 0; c < SG_CAT_COUNT; c++)
            if (q->categories & (1u << c)) {
                sg_strbuf_printf(b, "%s%s", first ? "" : ", ", sg_category_id((sg_category)c));
                first = false;
            }
        sg_strbuf_printf(b, " | %s | ", q->status == SG_REQ_MET     ? "✅ met"
                                        : q->status == SG_REQ_UNMET ? "❌ unmet"
                                                                    : "➖ not checkable");
        text(b, q->evidence);
        sg_strbuf_puts(b, " |\n");
    }
    sg_strbuf_putc(b, '\n');
}

static size_t count_rule_prefix(const sg_report *r, const char *prefix, sg_category cat)
{
    size_t n = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        const sg_finding *f = &r->findings.v[i];
        if ((prefix && strncmp(f->rule, prefix, strlen(prefix)) == 0) ||
            (!prefix && f->category == cat))
            n++;
    }
    return n;
}

static size_t section_len(const sg_template *t, sg_section s)
{
    const sg_node *n = t ? t->section[s] : NULL;
    return n && n->kind == SG_MAP ? n->len : 0;
}

static void status_cell(sg_strbuf *b, bool ok, const char *bad)
{
    sg_strbuf_printf(b, " %s |\n", ok ? "✅" : bad);
}

static void readiness_table(sg_strbuf *b, const sg_report *r)
{
    const sg_template *m = r->model, *i = r->ideal;
    sg_strbuf_puts(b, "## Deployment readiness\n\n| Component | Ideal | Model | Status |\n"
                      "|---|---|---|---|\n");
    sg_strbuf_printf(b, "| Template | %s | %s |", sg_format_name(i->format),
                     !m ? "none" : m->truncated ? "cut off" : sg_format_name(m->format));
    status_cell(b, m && !m->truncated, "❌");
    sg_strbuf_printf(b, "| Resources | %zu | %zu |", i->nresources, m ? m->nresources : 0);
    status_cell(b, m && r->diff.res_counts[SG_ADDED] == 0,
                m && r->diff.res_counts[SG_ADDED] * 2 < i->nresources ? "⚠️ some missing" : "❌ most missing");
    sg_strbuf_printf(b, "| Parameters | %zu | %zu |", section_len(i, SG_SEC_PARAMETERS),
                     section_len(m, SG_SEC_PARAMETERS));
    status_cell(b, m && count_rule_prefix(r, NULL, SG_CAT_PARAMETERS) == 0, "⚠️");
    sg_strbuf_printf(b, "| Outputs | %zu | %zu |", section_len(i, SG_SEC_OUTPUTS),
                     section_len(m, SG_SEC_OUTPUTS));
    status_cell(b, m && count_rule_prefix(r, NULL, SG_CAT_OUTPUTS) == 0, "⚠️");
    size_t deploy = count_rule_prefix(r, NULL, SG_CAT_DEPLOYABILITY);
    sg_strbuf_printf(b, "| Deployability (references, cycles, intrinsics) | deploys | %zu issue%s |",
                     deploy, deploy == 1 ? "" : "s");
    status_cell(b, m && deploy == 0, "❌");
    static const sg_category security[] = {SG_CAT_ENCRYPTION, SG_CAT_IAM, SG_CAT_NETWORK,
                                           SG_CAT_PUBLIC_ACCESS, SG_CAT_SECRETS};
    for (size_t k = 0; k < sizeof security / sizeof *security; k++) {
        size_t ideal_fails = 0, model_fails = 0;
        for (size_t v = 0; v < r->ideal_violations.n; v++)
            ideal_fails += r->ideal_violations.v[v].rule->category == security[k];
        for (size_t v = 0; v < r->model_violations.n; v++)
            model_fails += r->model_violations.v[v].rule->category == security[k];
        sg_strbuf_printf(b, "| %s checks failed | %zu | ", sg_category_title(security[k]),
                         ideal_fails);
        if (m)
            sg_strbuf_printf(b, "%zu |", model_fails);
        else
            sg_strbuf_puts(b, "n/a |");
        status_cell(b, m && model_fails <= ideal_fails, model_fails > ideal_fails ? "❌" : "⚠️");
    }
    sg_strbuf_putc(b, '\n');
}

typedef struct type_count {
    const char *type;
    size_t ideal, model;
} type_count;

static int cmp_type_count(const void *p, const void *q)
{
    return strcmp(((const type_count *)p)->type, ((const type_count *)q)->type);
}

static void add_type(type_count **v, size_t *n, const char *type, bool ideal)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i].type, type) == 0) {
            ideal ? (*v)[i].ideal++ : (*v)[i].model++;
            return;
        }
    *v = sg_xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = (type_count){type, ideal, !ideal};
}

static void inventory(sg_strbuf *b, const sg_report *r)
{
    type_count *v = NULL;
    size_t n = 0;
    for (size_t i = 0; i < r->ideal->nresources; i++)
        add_type(&v, &n, r->ideal->resources[i].type, true);
    for (size_t i = 0; r->model && i < r->model->nresources; i++)
        add_type(&v, &n, r->model->resources[i].type, false);
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_type_count);
    sg_strbuf_puts(b, "## Resource inventory\n\n| Type | Ideal | Model | Difference |\n"
                      "|---|---:|---:|---|\n");
    for (size_t i = 0; i < n; i++) {
        sg_strbuf_puts(b, "| ");
        code(b, v[i].type[0] ? v[i].type : "(no Type)");
        sg_strbuf_printf(b, " | %zu | %zu | ", v[i].ideal, v[i].model);
        if (v[i].ideal == v[i].model)
            sg_strbuf_puts(b, "same |\n");
        else if (v[i].ideal > v[i].model)
            sg_strbuf_printf(b, "%zu missing |\n", v[i].ideal - v[i].model);
        else
            sg_strbuf_printf(b, "%zu extra |\n", v[i].model - v[i].ideal);
    }
    sg_strbuf_printf(b, "| **Total** | **%zu** | **%zu** | |\n\n", r->ideal->nresources,
                     r->model ? r->model->nresources : 0);
    free(v);
}

/* The resources and their references, with what differs marked
 * (docs/graph.md); only when both sides have a template with resources. */
static void resource_graph(sg_strbuf *b, const sg_report *r)
{
    sg_arena *a = sg_arena_new();
    sg_graph *g = sg_report_graph(a, r, "model", "ideal");
    if (!g) {
        sg_arena_free(a);
        return;
    }
    sg_strbuf_puts(b, "## Resource graph\n\n");
    sg_render_graph_mermaid(b, g);
    sg_strbuf_putc(b, '\n');
    sg_arena_free(a);
}

void sg_render_report_markdown(sg_strbuf *b, const sg_report *r)
{
    overview(b, r);
    summary_table(b, r);
    findings_section(b, r);
    shared_gaps(b, r);
    requirements_table(b, r);
    readiness_table(b, r);
    inventory(b, r);
    resource_graph(b, r);
    if (r->model) {
        sg_strbuf_puts(b, "## Structural diff in detail\n\nOld = the model's template, new = "
                          "the ideal. Produced by `stackgap diff`.\n\n");
        sg_render_opts o = {.heading_level = 3};
        sg_render_diff_markdown(b, &r->diff, &o);
    }
}
