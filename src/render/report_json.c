/* report_json.c - the report as JSON, schema "stackgap/report/v1"
 * (docs/report.md, docs/schema/report-v1.schema.json), and the `check` outputs.  Fixed key order and
 * number formats: the same inputs give byte-identical output. */
#include <string.h>

#include "stackgap/render.h"
#include "stackgap/report.h"


static void input(sg_strbuf *b, const char *file, const sg_template *t)
{
    if (!file) {
        sg_strbuf_puts(b, "null");
        return;
    }
    sg_strbuf_puts(b, "{\"path\": ");
    sg_strbuf_json_cstr(b, file);
    if (t) {
        sg_strbuf_puts(b, ", \"format\": ");
        sg_strbuf_json_cstr(b, sg_format_name(t->format));
        if (t->from_markdown)
            sg_strbuf_printf(b, ", \"block\": %d", t->block);
        else
            sg_strbuf_puts(b, ", \"block\": null");
        sg_strbuf_printf(b, ", \"resources\": %zu, \"truncated\": %s", t->nresources,
                         t->truncated ? "true" : "false");
    }
    sg_strbuf_putc(b, '}');
}

static void evidence(sg_strbuf *b, const sg_evidence *e)
{
    if (!e->file && !e->line) {
        sg_strbuf_puts(b, "null");
        return;
    }
    sg_strbuf_puts(b, "{\"file\": ");
    sg_strbuf_json_cstr(b, e->file);
    sg_strbuf_puts(b, ", \"line\": ");
    if (e->line)
        sg_strbuf_printf(b, "%u", e->line);
    else
        sg_strbuf_puts(b, "null");
    sg_strbuf_puts(b, ", \"excerpt\": ");
    sg_strbuf_json_cstr(b, e->excerpt);
    sg_strbuf_putc(b, '}');
}

static void finding(sg_strbuf *b, const sg_finding *f, size_t index)
{
    sg_strbuf_printf(b, "{\"id\": \"F%03zu\", \"rule\": ", index + 1);
    sg_strbuf_json_cstr(b, f->rule);
    sg_strbuf_printf(b, ", \"category\": \"%s\", \"severity\": \"%s\", \"kind\": \"%s\", \"title\": ",
                     sg_category_id(f->category), sg_severity_id(f->severity), sg_kind_id(f->kind));
    sg_strbuf_json_cstr(b, f->title);
    sg_strbuf_puts(b, ", \"message\": ");
    sg_strbuf_json_cstr(b, f->message);
    sg_strbuf_puts(b, ", \"resource_type\": ");
    sg_strbuf_json_cstr(b, f->resource_type);
    sg_strbuf_puts(b, ", \"logical_id\": {\"model\": ");
    sg_strbuf_json_cstr(b, f->model_id);
    sg_strbuf_puts(b, ", \"ideal\": ");
    sg_strbuf_json_cstr(b, f->ideal_id);
    sg_strbuf_puts(b, "}, \"path\": ");
    sg_strbuf_json_cstr(b, f->path);
    sg_strbuf_puts(b, ", \"model\": ");
    evidence(b, &f->model);
    sg_strbuf_puts(b, ", \"ideal\": ");
    evidence(b, &f->ideal);
    if (f->doc) {
        sg_strbuf_puts(b, ", \"doc\": ");
        sg_strbuf_json_cstr(b, f->doc);
    }
    sg_strbuf_printf(b, ", \"shared\": %s}", f->shared ? "true" : "false");
}

static void severity_counts(sg_strbuf *b, const size_t *c)
{
    sg_strbuf_putc(b, '{');
    for (int s = 0; s < SG_SEV_COUNT; s++)
        sg_strbuf_printf(b, "%s\"%s\": %zu", s ? ", " : "", sg_severity_id((sg_severity)s), c[s]);
    sg_strbuf_putc(b, '}');
}

void sg_render_report_json(sg_strbuf *b, const sg_report *r)
{
    sg_strbuf_puts(b, "{\n  \"schema\": \"stackgap/report/v1\",\n  \"inputs\": {\"model\": ");
    input(b, r->model_file, r->model);
    sg_strbuf_puts(b, ", \"ideal\": ");
    input(b, r->ideal_file, r->ideal);
    sg_strbuf_puts(b, ", \"prompt\": ");
    input(b, r->prompt_file, NULL);
    sg_strbuf_puts(b, ", \"ideal_note\": ");
    sg_strbuf_json_cstr(b, r->ideal_note);
    sg_strbuf_puts(b, "},\n  \"model_problem\": ");
    sg_strbuf_json_cstr(b, r->model_problem);
    sg_strbuf_printf(b, ",\n  \"summary\": {\"verdict\": \"%s\", \"findings\": %zu, \"shared_gaps\": %zu, "
                        "\"by_severity\": ",
                     sg_verdict_id(r->verdict), r->findings.n - r->shared, r->shared);
    severity_counts(b, r->by_severity);
    sg_strbuf_puts(b, ", \"by_category\": {");
    for (int c = 0; c < SG_CAT_COUNT; c++) {
        sg_strbuf_printf(b, "%s\"%s\": ", c ? ", " : "", sg_category_id((sg_category)c));
        severity_counts(b, r->by_category[c]);
    }
    sg_strbuf_puts(b, "}},\n  \"findings\": [");
    for (size_t i = 0; i < r->findings.n; i++) {
        sg_strbuf_puts(b, i ? ",\n    " : "\n    ");
        finding(b, &r->findings.v[i], i);
    }
    sg_strbuf_puts(b, r->findings.n ? "\n  ],\n  \"requirements\": [" : "],\n  \"requirements\": [");
    for (size_t i = 0; i < r->reqs.n; i++) {
        const sg_requirement *q = &r->reqs.v[i];
        sg_strbuf_puts(b, i ? ",\n    " : "\n    ");
        sg_strbuf_puts(b, "{\"text\": ");
        sg_strbuf_json_cstr(b, q->text);
        sg_strbuf_printf(b, ", \"line\": %u, \"explicit\": %s, \"categories\": [", q->line,
                         q->is_explicit ? "true" : "false");
        bool first = true;
        for (int c = 0; c < SG_CAT_COUNT; c++)
            if (q->categories & (1u << c)) {
                sg_strbuf_printf(b, "%s\"%s\"", first ? "" : ", ", sg_category_id((sg_category)c));
                first = false;
            }
        sg_strbuf_puts(b, "], \"resource_types\": [");
        for (size_t t = 0; t < q->ntypes; t++) {
            sg_strbuf_puts(b, t ? ", " : "");
            sg_strbuf_json_cstr(b, q->types[t]);
        }
        sg_strbuf_printf(b, "], \"status\": \"%s\", \"evidence\": ", sg_req_status_id(q->status));
        sg_strbuf_json_cstr(b, q->evidence);
        sg_strbuf_puts(b, ", \"evidence_id\": ");
        sg_strbuf_json_cstr(b, q->evidence_id);
        sg_strbuf_putc(b, '}');
    }
    sg_strbuf_puts(b, r->reqs.n ? "\n  ],\n  \"diff\": " : "],\n  \"diff\": ");
    if (r->model) {
        sg_strbuf d = SG_STRBUF_INIT;
        sg_render_diff_json(&d, &r->diff);
        while (d.len && d.data[d.len - 1] == '\n')
            d.len--;
        sg_strbuf_putn(b, d.data, d.len);
        sg_strbuf_free(&d);
    } else {
        sg_strbuf_puts(b, "null");
    }
    sg_strbuf_puts(b, "\n}\n");
}

void sg_render_findings_text(sg_strbuf *b, const sg_findings *f)
{
    for (size_t i = 0; i < f->n; i++) {
        const sg_finding *x = &f->v[i];
        sg_strbuf_printf(b, "%s:%u: %s [%s] %s: ", x->model.file ? x->model.file : "-",
                         x->model.line, sg_severity_id(x->severity), x->rule,
                         sg_category_id(x->category));
        /* titles carry template text: keep terminals safe */
        for (const char *p = x->title; p && *p; p++)
            sg_strbuf_putc(b, (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p);
        sg_strbuf_putc(b, '\n');
    }
    size_t c[SG_SEV_COUNT] = {0};
    for (size_t i = 0; i < f->n; i++)
        c[f->v[i].severity]++;
    sg_strbuf_printf(b, "%zu finding%s: %zu critical, %zu high, %zu medium, %zu low\n", f->n,
                     f->n == 1 ? "" : "s", c[0], c[1], c[2], c[3]);
}

void sg_render_findings_json(sg_strbuf *b, const char *file, const sg_findings *f)
{
    sg_strbuf_puts(b, "{\n  \"schema\": \"stackgap/check/v1\",\n  \"file\": ");
    sg_strbuf_json_cstr(b, file);
    sg_strbuf_puts(b, ",\n  \"findings\": [");
    for (size_t i = 0; i < f->n; i++) {
        sg_strbuf_puts(b, i ? ",\n    " : "\n    ");
        finding(b, &f->v[i], i);
    }
    sg_strbuf_puts(b, f->n ? "\n  ]\n}\n" : "]\n}\n");
}
