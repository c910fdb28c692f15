/* corpus_diff.c - the corpus test: for every task folder under the given
 * root (<platform>/<PrNNNN>/lib/...), extract the model's template from
 * MODEL_RESPONSE.md and diff it against the ideal TapStack.yml/.json.
 *
 * Prints the tally by outcome and fails (exit 1) when fewer than
 * --min-percent of the tasks were diffed.  Every failure must be a clear,
 * classified reason; a crash or sanitizer report fails the test by itself. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* a/b into out; paths longer than PATH_BUF are skipped, not truncated */
#define PATH_BUF 4096
static int join(char *out, const char *a, const char *b)
{
    int n = snprintf(out, PATH_BUF, "%s/%s", a, b);
    return n > 0 && n < PATH_BUF ? 0 : -1;
}

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted list of subdirectories, so the run (and its output) is deterministic. */
static char **subdirs(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    char **v = NULL;
    size_t k = 0, cap = 0;
    if (!d) {
        *n = 0;
        return NULL;
    }
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char path[PATH_BUF];
        struct stat st;
        if (join(path, dir, e->d_name) != 0 || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
            continue;
        if (k == cap) {
            cap = cap ? cap * 2 : 64;
            v = realloc(v, cap * sizeof *v);
        }
        v[k++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(v, k, sizeof *v, cmp_str);
    *n = k;
    return v;
}

static enum outcome run_task(const char *lib, int verbose, char *why, size_t whysize)
{
    char model[PATH_BUF], ideal[PATH_BUF];
    const char *names[] = {"TapStack.yml", "TapStack.yaml", "TapStack.json"};
    ideal[0] = '\0';
    if (join(model, lib, "MODEL_RESPONSE.md") != 0)
        return NO_IDEAL;
    for (size_t i = 0; i < 3 && !ideal[0]; i++)
        if (join(ideal, lib, names[i]) != 0 || !exists(ideal))
            ideal[0] = '\0';
    why[0] = '\0';
    if (!ideal[0])
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
        printf("%-60s %s: %s\n", lib, outcome_names[o], why);
    sg_arena_free(a);
    return o;
}

int main(int argc, char **argv)
{
    const char *root = NULL;
    double min_percent = 80.0;
    int verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--min-percent") == 0 && i + 1 < argc)
            min_percent = atof(argv[++i]);
        else if (strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else
            root = argv[i];
    }
    if (!root) {
        fprintf(stderr, "usage: corpus_diff CORPUS_DIR [--min-percent P] [-v]\n");
        return 2;
    }
    size_t counts[OUTCOMES] = {0}, tasks = 0;
    size_t nplat;
    char **plats = subdirs(root, &nplat);
    for (size_t p = 0; p < nplat; p++) {
        char pdir[PATH_BUF];
        if (join(pdir, root, plats[p]) != 0)
            continue;
        size_t ntask;
        char **task = subdirs(pdir, &ntask);
        for (size_t t = 0; t < ntask; t++) {
            char dir[PATH_BUF], lib[PATH_BUF], model[PATH_BUF], why[1024];
            if (join(dir, pdir, task[t]) != 0 || join(lib, dir, "lib") != 0 ||
                join(model, lib, "MODEL_RESPONSE.md") != 0 || !exists(model)) {
                free(task[t]);
                continue;
            }
            counts[run_task(lib, verbose, why, sizeof why)]++;
            tasks++;
            free(task[t]);
        }
        free(task);
        free(plats[p]);
    }
    free(plats);
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
