/* corpus_report.c - the gap-analysis corpus test: the full report (model
 * response vs ideal, with the prompt's requirements) for every task of the
 * corpus, rendered as Markdown and JSON.  Every task must get a report - a
 * response without a template gets one saying so - and nothing may crash.
 * Every Mermaid resource graph in a Markdown report must pass the structure
 * check of tests/graph_check.h, and so must the SVG drawing of the same
 * graph.  Prints the distribution of findings by category and severity, and
 * of verdicts, and how many model templates have each kind of spec finding. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "corpus_walk.h"
#include "graph_check.h"
#include "stackgap/graph.h"
#include "stackgap/report.h"
#include "stackgap/task.h"

typedef struct tally {
    size_t reports, failed;
    size_t placeholders; /* tasks whose TapStack file was a placeholder */
    size_t by_cat[SG_CAT_COUNT][SG_SEV_COUNT];
    size_t tasks_with[SG_CAT_COUNT];
    size_t verdicts[5];
    size_t findings;
    size_t reqs, reqs_status[3];
    size_t graphs, graph_nodes, bad_graphs;
    size_t spec_findings[5], spec_tasks[5], spec_shared[5]; /* by spec_kinds */
    int verbose;
} tally;

static const char *const spec_kinds[5] = {"SPEC-UNKNOWN-TYPE", "SPEC-UNKNOWN-PROPERTY",
                                          "SPEC-MISSING-REQUIRED", "SPEC-WRONG-SHAPE",
                                          "SPEC-BAD-GETATT"};

static void count_spec(tally *y, const sg_findings *f)
{
    bool seen[5] = {false};
    for (size_t i = 0; i < f->n; i++)
        for (int k = 0; k < 5; k++)
            if (strcmp(f->v[i].rule, spec_kinds[k]) == 0) {
                y->spec_findings[k]++;
                y->spec_shared[k] += f->v[i].shared;
                seen[k] = true;
            }
    for (int k = 0; k < 5; k++)
        y->spec_tasks[k] += seen[k];
}

static void visit(const corpus_task *t, void *ctx)
{
    tally *y = ctx;
    sg_arena *a = sg_arena_new();
    sg_report r;
    sg_error err;
    sg_task_files files;
    if (sg_task_locate(a, t->lib, &files, &err) != 0) {
        printf("NO TASK %s: %s\n", t->lib, err.msg);
        y->failed++;
        sg_arena_free(a);
        return;
    }
    y->placeholders += files.note != NULL;
    sg_report_opts o = {.model_path = files.model, .ideal_path = files.ideal,
                        .prompt_path = files.prompt, .ideal_note = files.note};
    if (sg_report_build(a, &o, &r, &err) != 0) {
        char buf[1024];
        sg_error_format(&err, buf, sizeof buf);
        printf("NO REPORT %s: %s\n", t->lib, buf);
        y->failed++;
    } else {
        sg_strbuf b = SG_STRBUF_INIT;
        sg_render_report_markdown(&b, &r);
        char why[256];
        int graphs = graph_check_markdown(b.data, b.len, why, sizeof why);
        if (graphs < 0 || graphs > 1) {
            printf("BAD GRAPH %s: %s\n", t->lib, graphs < 0 ? why : "more than one graph");
            y->bad_graphs++;
        }
        if (graphs == 1) {
            y->graphs++;
            sg_graph *g = sg_graph_build(a, r.model, r.ideal, &r.diff);
            sg_strbuf svg = SG_STRBUF_INIT;
            sg_render_graph_svg(&svg, g);
            int rects = graph_check_svg(svg.data, svg.len, why, sizeof why);
            if (rects < 0) {
                printf("BAD SVG %s: %s\n", t->lib, why);
                y->bad_graphs++;
            }
            y->graph_nodes += g->nnodes;
            sg_strbuf_free(&svg);
        }
        sg_render_report_json(&b, &r);
        if (b.len == 0) {
            printf("EMPTY REPORT %s\n", t->lib);
            y->failed++;
        } else {
            y->reports++;
        }
        sg_strbuf_free(&b);
        y->verdicts[r.verdict]++;
        y->findings += r.findings.n;
        for (int c = 0; c < SG_CAT_COUNT; c++) {
            size_t any = 0;
            for (int s = 0; s < SG_SEV_COUNT; s++) {
                y->by_cat[c][s] += r.by_category[c][s];
                any += r.by_category[c][s];
            }
            y->tasks_with[c] += any > 0;
        }
        count_spec(y, &r.findings);
        y->reqs += r.reqs.n;
        for (size_t i = 0; i < r.reqs.n; i++)
            y->reqs_status[r.reqs.v[i].status]++;
        if (y->verbose)
            printf("%-55s %-12s %3zu findings\n", t->lib, sg_verdict_id(r.verdict), r.findings.n);
    }
    sg_report_free(&r);
    sg_arena_free(a);
}

int main(int argc, char **argv)
{
    tally y;
    memset(&y, 0, sizeof y);
    const char *root = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            y.verbose = 1;
        else
            root = argv[i];
    }
    if (!root) {
        fprintf(stderr, "usage: corpus_report CORPUS_DIR [-v]\n");
        return 2;
    }
    size_t tasks = corpus_walk(root, visit, &y);
    printf("corpus: %zu tasks, %zu reports, %zu without a report, %zu findings\n", tasks,
           y.reports, y.failed, y.findings);
    printf("ideal from IDEAL_RESPONSE.md (TapStack file a placeholder): %zu tasks\n", y.placeholders);
    printf("verdicts:");
    for (int v = 0; v < 5; v++)
        printf(" %s %zu%s", sg_verdict_id((sg_verdict)v), y.verdicts[v], v < 4 ? "," : "\n");
    printf("\n%-14s %8s %8s %8s %8s %8s  %s\n", "category", "critical", "high", "medium", "low",
           "total", "tasks");
    for (int c = 0; c < SG_CAT_COUNT; c++) {
        size_t total = 0;
        for (int s = 0; s < SG_SEV_COUNT; s++)
            total += y.by_cat[c][s];
        printf("%-14s %8zu %8zu %8zu %8zu %8zu  %zu\n", sg_category_id((sg_category)c),
               y.by_cat[c][0], y.by_cat[c][1], y.by_cat[c][2], y.by_cat[c][3], total,
               y.tasks_with[c]);
    }
    printf("\nrequirements: %zu extracted; %zu met, %zu unmet, %zu not checkable\n", y.reqs,
           y.reqs_status[SG_REQ_MET], y.reqs_status[SG_REQ_UNMET],
           y.reqs_status[SG_REQ_NOT_CHECKABLE]);
    printf("resource graphs: %zu (%zu resources in all), %zu malformed\n", y.graphs,
           y.graph_nodes, y.bad_graphs);
    printf("\n%-22s %8s %8s %8s\n", "spec finding", "findings", "shared", "models");
    for (int k = 0; k < 5; k++)
        printf("%-22s %8zu %8zu %8zu\n", spec_kinds[k], y.spec_findings[k], y.spec_shared[k],
               y.spec_tasks[k]);
    int ok = tasks > 0 && y.failed == 0 && y.reports == tasks && y.bad_graphs == 0 && y.graphs > 0;
    printf("%d passed, %d failed\n", ok, !ok);
    return ok ? 0 : 1;
}
