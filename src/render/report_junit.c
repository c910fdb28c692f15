/* report_junit.c - findings as JUnit XML for CI test dashboards
 * (docs/formats.md).
 *
 * One <testsuite> per category.  Each finding is a failing <testcase> (a
 * shared gap, which the ideal has too, is <skipped>); each rule that ran
 * on the template without a finding is a passing one, so dashboards show
 * what was checked, not only what failed.  Text goes through sg_xml_text:
 * the document stays well-formed whatever a template contains. */
#include <stdlib.h>
#include <string.h>

#include "render/machine.h"
#include "stackgap/render.h"
#include "stackgap/rules.h"

static void xml(sg_strbuf *b, const char *s)
{
    if (s)
        sg_xml_text(b, s, strlen(s));
}

static void attr(sg_strbuf *b, const char *s)
{
    if (s)
        sg_xml_attr(b, s, strlen(s));
}

static bool has_finding(const sg_findings *f, const char *rule)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->v[i].rule && strcmp(f->v[i].rule, rule) == 0)
            return true;
    return false;
}

/* Whether rule r ran in this run and passed: a catalog rule whose resource
 * types the template has, an analysis or spec rule on any template, a rule
 * that compares with the ideal (DIFF-*, TPL-MISSING, TPL-SUFFIX-PARAM-MISSING)
 * when there was one. SPEC-REPLACEMENT needs a deployment diff, which only the
 * PR comment makes: never listed here. */
static bool passed(const sg_findings_run *run, const sg_rule *r, bool catalog)
{
    if (!run->model || r->category >= SG_CAT_COUNT || has_finding(run->findings, r->id))
        return false;
    if (catalog)
        return sg_rule_applies(r, run->model);
    if (strncmp(r->id, "DIFF-", 5) == 0 || strcmp(r->id, "TPL-MISSING") == 0 ||
        strcmp(r->id, "TPL-SUFFIX-PARAM-MISSING") == 0)
        return run->with_ideal;
    if (strcmp(r->id, "SPEC-REPLACEMENT") == 0)
        return false;
    return strncmp(r->id, "TPL-", 4) == 0 || strncmp(r->id, "SPEC-", 5) == 0;
}

typedef struct counts {
    size_t tests, failures, skipped;
} counts;

static counts category_counts(const sg_findings_run *run, sg_category c, const sg_rule *const *sets,
                              const size_t *nsets)
{
    counts k = {0};
    for (size_t i = 0; i < run->findings->n; i++) {
        const sg_finding *f = &run->findings->v[i];
        if (f->category != c)
            continue;
        k.tests++;
        if (f->shared)
            k.skipped++;
        else
            k.failures++;
    }
    for (int s = 0; s < 2; s++)
        for (size_t i = 0; i < nsets[s]; i++)
            k.tests += sets[s][i].category == c && passed(run, &sets[s][i], s == 0);
    return k;
}

static void failing_case(sg_strbuf *b, const sg_findings_run *run, const sg_finding *f)
{
    const char *file = sg_finding_file(run, f);
    sg_strbuf_puts(b, "    <testcase name=\"");
    attr(b, f->rule);
    sg_strbuf_puts(b, " ");
    attr(b, f->title);
    sg_strbuf_printf(b, "\" classname=\"stackgap.%s\" file=\"", sg_category_id(f->category));
    attr(b, file);
    if (f->model.line)
        sg_strbuf_printf(b, "\" line=\"%u", f->model.line);
    sg_strbuf_puts(b, "\">\n");
    if (f->shared) {
        sg_strbuf_puts(b, "      <skipped message=\"Shared gap: the ideal has it too. ");
        attr(b, f->title);
        sg_strbuf_puts(b, "\"/>\n    </testcase>\n");
        return;
    }
    sg_strbuf_puts(b, "      <failure message=\"");
    attr(b, f->title);
    sg_strbuf_printf(b, "\" type=\"%s\">", sg_severity_id(f->severity));
    xml(b, f->message);
    sg_strbuf_printf(b, "\nRule: %s (%s, %s, %s)", f->rule, sg_category_id(f->category),
                     sg_severity_id(f->severity), sg_kind_id(f->kind));
    if (f->resource_type || f->model_id || f->ideal_id) {
        sg_strbuf_puts(b, "\nResource: ");
        xml(b, f->resource_type);
        sg_strbuf_puts(b, " ");
        xml(b, f->model_id ? f->model_id : f->ideal_id);
    }
    if (f->path) {
        sg_strbuf_puts(b, "\nPath: ");
        xml(b, f->path);
    }
    const sg_evidence *side[2] = {&f->model, &f->ideal};
    static const char *const label[2] = {"Model", "Ideal"};
    for (int s = 0; s < 2; s++) {
        if (!side[s]->file || !side[s]->line)
            continue;
        sg_strbuf_printf(b, "\n%s: ", label[s]);
        xml(b, side[s]->file);
        sg_strbuf_printf(b, ":%u", side[s]->line);
        if (side[s]->excerpt) {
            sg_strbuf_puts(b, "\n");
            xml(b, side[s]->excerpt);
        }
    }
    sg_strbuf_puts(b, "</failure>\n    </testcase>\n");
}

static void passing_case(sg_strbuf *b, const sg_findings_run *run, const sg_rule *r)
{
    sg_strbuf_puts(b, "    <testcase name=\"");
    attr(b, r->id);
    sg_strbuf_puts(b, " ");
    attr(b, r->title);
    sg_strbuf_printf(b, "\" classname=\"stackgap.%s\" file=\"", sg_category_id(r->category));
    attr(b, run->file);
    sg_strbuf_puts(b, "\"/>\n");
}

void sg_render_findings_junit(sg_strbuf *b, const sg_findings_run *run)
{
    const sg_rule *sets[2];
    size_t nsets[2];
    sets[0] = sg_rules_catalog(&nsets[0]);
    sets[1] = sg_rules_builtin(&nsets[1]);
    counts all = {0}, per[SG_CAT_COUNT];
    for (int c = 0; c < SG_CAT_COUNT; c++) {
        per[c] = category_counts(run, (sg_category)c, sets, nsets);
        all.tests += per[c].tests;
        all.failures += per[c].failures;
        all.skipped += per[c].skipped;
    }
    sg_strbuf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"stackgap\" "
                        "tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n",
                     all.tests, all.failures, all.skipped);
    for (int c = 0; c < SG_CAT_COUNT; c++) {
        if (!per[c].tests)
            continue;
        sg_strbuf_printf(b, "  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" "
                            "skipped=\"%zu\">\n",
                         sg_category_id((sg_category)c), per[c].tests, per[c].failures,
                         per[c].skipped);
        for (size_t i = 0; i < run->findings->n; i++)
            if (run->findings->v[i].category == (sg_category)c)
                failing_case(b, run, &run->findings->v[i]);
        for (int s = 0; s < 2; s++)
            for (size_t i = 0; i < nsets[s]; i++)
                if (sets[s][i].category == (sg_category)c && passed(run, &sets[s][i], s == 0))
                    passing_case(b, run, &sets[s][i]);
        sg_strbuf_puts(b, "  </testsuite>\n");
    }
    sg_strbuf_puts(b, "</testsuites>\n");
}

void sg_render_report_junit(sg_strbuf *b, const sg_report *r)
{
    sg_findings_run run = sg_report_run(r);
    sg_render_findings_junit(b, &run);
}
