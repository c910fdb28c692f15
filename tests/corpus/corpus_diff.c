/* corpus_diff.c - the corpus test: for every task folder under the given
 * root (<platform>/<PrNNNN>/lib/...), extract the model's template from
 * MODEL_RESPONSE.md and diff it against the ideal TapStack.yml/.json.
 *
 * Prints the tally by outcome and fails (exit 1) when fewer than
 * --min-percent of the tasks were diffed.  Every failure must be a clear,
 * classified reason; a crash or sanitizer report fails the test by itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_walk.h"
#include "stackgap/diff.h"
#include "stackgap/render.h"
#include "stackgap/template.h"

enum outcome {
    DIFFED,
    DIFFED_TRUNCATED,
    NO_TEMPLATE_PROSE,
    NO_TEMPLATE_CODE,
    MODEL_UNPARSEABLE,
    NO_IDEAL,
    IDEAL_UNPARSEABLE,
    OUTCOMES
};
static const char *const outcome_names[OUTCOMES] = {
    "diffed",
    "diffed (model template cut off, salvaged)",
    "rejected: no template, prose only",
    "rejected: code blocks but no CloudFormation template",
    "rejected: model template unparseable",
    "skipped: task has no ideal TapStack template",
    "rejected: ideal template unparseable",
};

static enum outcome run_task(const corpus_task *task, int verbose, char *why, size_t whysize)
{
    const char *model = task->model, *ideal = task->ideal;
    why[0] = '\0';
    if (!ideal)
        return NO_IDEAL;
    sg_arena *a = sg_arena_new();
    sg_template m, t;
    sg_error err;
    enum outcome o;
    if (sg_load_file(a, ideal, NULL, &t, &err) != 0) {
        sg_error_format(&err, why, (unsigned)whysize);
        o = IDEAL_UNPARSEABLE;
    } else if (sg_load_file(a, model, NULL, &m, &err) != 0) {
        sg_error_format(&err, why, (unsigned)whysize);
        if (strstr(err.msg, "prose only"))
            o = NO_TEMPLATE_PROSE;
        else if (strstr(err.msg, "no CloudFormation template") && !strstr(err.msg, "did not parse"))
            o = NO_TEMPLATE_CODE;
        else
            o = MODEL_UNPARSEABLE;
    } else {
        sg_diff d;
        sg_diff_templates(a, &m, &t, NULL, &d);
        /* render every format: the renderers must cope with real data too */
        sg_strbuf b = SG_STRBUF_INIT;
        sg_render_diff_json(&b, &d);
        sg_render_diff_markdown(&b, &d, NULL);
        sg_render_diff_text(&b, &d, NULL);
        sg_strbuf_free(&b);
        o = m.truncated ? DIFFED_TRUNCATED : DIFFED;
        snprintf(why, whysize, "%zu vs %zu resources, %zu changed", m.nresources,
                 t.nresources, d.nentries - d.counts[SG_UNCHANGED]);
    }
    if (verbose)
        printf("%-60s %s: %s\n", task->lib, outcome_names[o], why);
    sg_arena_free(a);
    return o;
}

typedef struct tally {
    size_t counts[OUTCOMES];
    int verbose;
} tally;

static void visit(const corpus_task *t, void *ctx)
{
    tally *y = ctx;
    char why[1024];
    y->counts[run_task(t, y->verbose, why, sizeof why)]++;
}

int main(int argc, char **argv)
{
    const char *root = NULL;
    double min_percent = 80.0;
    tally y = {{0}, 0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--min-percent") == 0 && i + 1 < argc)
            min_percent = atof(argv[++i]);
        else if (strcmp(argv[i], "-v") == 0)
            y.verbose = 1;
        else
            root = argv[i];
    }
    if (!root) {
        fprintf(stderr, "usage: corpus_diff CORPUS_DIR [--min-percent P] [-v]\n");
        return 2;
    }
    size_t tasks = corpus_walk(root, visit, &y);
    size_t *counts = y.counts;
    size_t considered = tasks - counts[NO_IDEAL];
    size_t diffed = counts[DIFFED] + counts[DIFFED_TRUNCATED];
    printf("corpus: %zu tasks under %s\n", tasks, root);
    for (int o = 0; o < OUTCOMES; o++)
        printf("  %5zu  %s\n", counts[o], outcome_names[o]);
    double pct = considered ? 100.0 * (double)diffed / (double)considered : 0.0;
    printf("diffed %zu of %zu tasks with an ideal template: %.1f%% (floor %.0f%%)\n", diffed,
           considered, pct, min_percent);
    int ok = tasks > 0 && pct >= min_percent;
    printf("%d passed, %d failed\n", ok, !ok);
    return ok ? 0 : 1;
}
