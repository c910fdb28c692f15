/* bench_diff.c - how fast is the pipeline, and where does the time go.
 *
 *   bench_diff [CORPUS_DIR] [--runs N] [--sizes N,N,...] [--seed S]
 *              [--no-corpus] [--no-generated] [--no-floor] [-v]
 *   bench_diff --pairs LIST [--runs N]
 *
 * Three sections (bench/README.md explains every figure):
 *   corpus     every task pair of a corpus: load both sides (Markdown
 *              extraction, parse, normalize), diff, render the JSON report;
 *   generated  synthetic pairs of 1,000 / 5,000 / 10,000 resources
 *              (gen_template.h), each size in a forked child so its peak RSS
 *              is its own;
 *   floor      libyaml's bare event loop over the same bytes, the least any
 *              YAML-based loader could cost;
 *   pairs      (--pairs LIST, alone) the template pairs of LIST, one
 *              "OLD<TAB>NEW" per line: load both, diff, render the JSON
 *              report; the same pairs bench/cdk_diff.js times for the
 *              cloudformation-diff engine (bench/compare_cdk.sh).
 * Every time is the median of --runs runs after one warm-up run, measured
 * with CLOCK_MONOTONIC.  MB means 10^6 bytes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "corpus_walk.h"
#include "gen_template.h"
#include "stackgap/diff.h"
#include "stackgap/normalize.h"
#include "stackgap/parse.h"
#include "stackgap/render.h"
#include "stackgap/template.h"

#ifndef SG_BENCH_CORPUS
#define SG_BENCH_CORPUS ""
#endif
#ifndef SG_BENCH_BUILD
#define SG_BENCH_BUILD "unknown"
#endif
#ifndef SG_BENCH_CC
#define SG_BENCH_CC "unknown compiler"
#endif
#define FALLBACK_CORPUS "/tmp/corpus"
#define MAX_SIZES 8

typedef struct opts {
    const char *corpus;
    const char *pairs; /* --pairs LIST */
    int runs;
    size_t sizes[MAX_SIZES];
    size_t nsizes;
    uint64_t seed;
    bool corpus_on, generated_on, floor_on;
    bool verbose; /* every run's times to stderr, to judge the noise */
} opts;

/* ---- measuring ---------------------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Nearest-rank percentile (p in [0, 1]) of v[0..n), v left untouched. */
static double percentile(const double *v, size_t n, double p)
{
    if (n == 0)
        return 0.0;
    double *s = sg_xmalloc(n * sizeof *s);
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    double r = s[(size_t)(p * (double)(n - 1) + 0.5)];
    free(s);
    return r;
}

static double median(const double *v, size_t n)
{
    return percentile(v, n, 0.5);
}

/* Peak resident set of this process so far, in MB. */
static double peak_rss_mb(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0.0;
    return (double)ru.ru_maxrss * 1024.0 / 1e6; /* Linux reports KiB */
}

static double tv_ms(const struct timeval *tv)
{
    return (double)tv->tv_sec * 1e3 + (double)tv->tv_usec / 1e3;
}

static double mb(size_t bytes)
{
    return (double)bytes / 1e6;
}

static double mb_per_s(size_t bytes, double ms)
{
    return ms > 0.0 ? mb(bytes) / (ms / 1e3) : 0.0;
}

/* ---- the floor: libyaml's event loop, nothing built ----------------------------- */

static long libyaml_events(const char *buf, size_t len)
{
    yaml_parser_t p;
    yaml_event_t ev;
    long n = 0;
    if (!yaml_parser_initialize(&p))
        return -1;
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    for (;;) {
        if (!yaml_parser_parse(&p, &ev)) {
            n = -1;
            break;
        }
        n++;
        yaml_event_type_t type = ev.type;
        yaml_event_delete(&ev);
        if (type == YAML_STREAM_END_EVENT)
            break;
    }
    yaml_parser_delete(&p);
    return n;
}

/* ---- corpus ------------------------------------------------------------------------ */

typedef struct task {
    char *name; /* <platform>/<task> */
    char *model_path, *ideal_path;
    char *model, *ideal;
    size_t model_len, ideal_len;
    bool diffed; /* both sides loaded (else a load failure is what is timed) */
} task;

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(sg_xmalloc(n), s, n);
}

static bool is_dir(const char *p)
{
    struct stat st;
    return p && *p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

typedef struct collected {
    const char *root;
    task *v;
    size_t n, cap, no_ideal;
} collected;

/* corpus_walk's visitor: a task with an ideal template, read into memory. */
static void collect_task(const corpus_task *ct, void *ctx)
{
    collected *c = ctx;
    if (!ct->ideal) {
        c->no_ideal++;
        return;
    }
    /* <root>/<platform>/<task>/lib -> <platform>/<task> */
    size_t skip = strlen(c->root) + 1, len = strlen(ct->lib);
    char *name = len > skip + 4 ? xstrdup(ct->lib + skip) : xstrdup(ct->lib);
    if (len > skip + 4)
        name[len - skip - 4] = '\0';
    task t = {name, xstrdup(ct->model), xstrdup(ct->ideal), NULL, NULL, 0, 0, false};
    sg_error err;
    if (sg_read_file(t.model_path, SG_DEFAULT_MAX_INPUT_BYTES, &t.model, &t.model_len, &err) != 0 ||
        sg_read_file(t.ideal_path, SG_DEFAULT_MAX_INPUT_BYTES, &t.ideal, &t.ideal_len, &err) != 0) {
        fprintf(stderr, "bench_diff: skipped %s: %s\n", ct->lib, err.msg);
        free(t.model);
        free(t.name);
        free(t.model_path);
        free(t.ideal_path);
        return;
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->v = sg_xrealloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n++] = t;
}

/* Every task of the corpus (tests/corpus/corpus_walk.c, the walk the corpus
 * tests use) with an ideal TapStack.yml|yaml|json, read into memory so the
 * runs time no I/O. */
static task *collect_tasks(const char *root, size_t *ntasks, size_t *no_ideal)
{
    collected c = {.root = root};
    corpus_walk(root, collect_task, &c);
    *no_ideal = c.no_ideal;
    *ntasks = c.n;
    return c.v;
}

/* What the corpus test does for one task, minus the text and Markdown
 * renderers: load the ideal and the model's template, diff, render JSON. */
static bool run_task(const task *t)
{
    sg_arena *a = sg_arena_new();
    sg_template ideal, model;
    sg_error err;
    bool ok = sg_load_buffer(a, t->ideal_path, t->ideal, t->ideal_len, NULL, &ideal, &err) == 0 &&
              sg_load_buffer(a, t->model_path, t->model, t->model_len, NULL, &model, &err) == 0;
    if (ok) {
        sg_diff d;
        sg_diff_templates(a, &model, &ideal, NULL, &d);
        sg_strbuf b = SG_STRBUF_INIT;
        sg_render_diff_json(&b, &d);
        sg_strbuf_free(&b);
    }
    sg_arena_free(a);
    return ok;
}

typedef struct slow {
    double us;
    size_t i;
} slow;

static int cmp_slow(const void *x, const void *y)
{
    const slow *a = x, *b = y;
    return (a->us < b->us) - (a->us > b->us);
}

static void bench_corpus(const opts *o, size_t unused, void *out)
{
    const char *root = o->corpus;
    size_t n, no_ideal, bytes = 0, diffed = 0;
    task *t = collect_tasks(root, &n, &no_ideal);
    printf("== corpus: %s ==\n", root);
    if (n == 0) {
        printf("no task pairs found (want <root>/<platform>/<PrNNNN>/lib/"
               "MODEL_RESPONSE.md + TapStack.yml|yaml|json)\n\n");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        bytes += t[i].model_len + t[i].ideal_len;
        t[i].diffed = run_task(&t[i]); /* doubles as the warm-up run */
        diffed += t[i].diffed;
    }
    size_t runs = (size_t)o->runs;
    double *pass = sg_xmalloc(runs * sizeof *pass);
    double *us = sg_xmalloc(runs * n * sizeof *us); /* us[pair * runs + run] */
    for (size_t r = 0; r < runs; r++) {
        double p0 = now_ms();
        for (size_t i = 0; i < n; i++) {
            double t0 = now_ms();
            run_task(&t[i]);
            us[i * runs + r] = (now_ms() - t0) * 1e3;
        }
        pass[r] = now_ms() - p0;
    }
    double *per_pair = sg_xmalloc(n * sizeof *per_pair);
    slow *order = sg_xmalloc(n * sizeof *order);
    for (size_t i = 0; i < n; i++) {
        per_pair[i] = median(&us[i * runs], runs);
        order[i] = (slow){per_pair[i], i};
    }
    qsort(order, n, sizeof *order, cmp_slow);
    double total = median(pass, runs);
    printf("%zu task pairs (MODEL_RESPONSE.md vs ideal TapStack template): %zu diffed, "
           "%zu rejected at load (timed too); %zu tasks without an ideal skipped\n",
           n, diffed, n - diffed, no_ideal);
    printf("input %.1f MB (both sides); median of %d runs after a warm-up\n", mb(bytes),
           o->runs);
    printf("  %-10s %10.1f ms per pass over all pairs\n", "total", total);
    printf("  %-10s %10.1f pairs/s    %8.1f MB/s\n", "rate", (double)n / (total / 1e3),
           mb_per_s(bytes, total));
    printf("  %-10s median %.0f us, p95 %.0f us, max %.0f us (each pair's median)\n",
           "per pair", percentile(per_pair, n, 0.5), percentile(per_pair, n, 0.95),
           order[0].us);
    printf("  %-10s %.1f MB (the inputs are held in memory)\n", "peak RSS", peak_rss_mb());
    printf("  slowest pairs:\n");
    for (size_t i = 0; i < n && i < 3; i++) {
        const task *s = &t[order[i].i];
        printf("    %8.0f us  %s (model %.1f KB, ideal %.1f KB%s)\n", order[i].us, s->name,
               (double)s->model_len / 1e3, (double)s->ideal_len / 1e3,
               s->diffed ? "" : ", rejected");
    }
    printf("\n");
    for (size_t i = 0; i < n; i++) {
        free(t[i].model);
        free(t[i].ideal);
        free(t[i].name);
        free(t[i].model_path);
        free(t[i].ideal_path);
    }
    free(t);
    free(pass);
    free(us);
    free(per_pair);
    free(order);
}

/* ---- generated pairs ------------------------------------------------------------- */

typedef struct gen_result {
    bool ok;
    char err[600];
    size_t n;
    gen_stats plan;
    size_t old_bytes, new_bytes, yaml_bytes, report_bytes, arena_bytes, nodes;
    size_t old_res, new_res;
    size_t res_counts[SG_STATUS_COUNT];
    bool over_default_nodes;
    double load_ms, diff_ms, json_ms, total_ms; /* both sides */
    double total_min, total_max;                /* the spread shows the noise */
    double load_old_ms, parse_ms, norm_ms;      /* OLD alone */
    double floor_json_ms, load_yaml_ms, floor_yaml_ms;
    double peak_mb;
    size_t faults;    /* minor page faults per pass */
    double sys_share; /* kernel share of the passes' CPU time */
} gen_result;

static void fail(gen_result *r, const char *what, const sg_error *err)
{
    char where[512];
    sg_error_format(err, where, sizeof where);
    snprintf(r->err, sizeof r->err, "%s: %s", what, where);
}

/* Median over `runs` runs (after a warm-up) of libyaml's event loop. */
static double time_libyaml(const opts *o, const char *buf, size_t len, gen_result *r)
{
    double *v = sg_xmalloc((size_t)o->runs * sizeof *v);
    for (int run = -1; run < o->runs; run++) {
        double t0 = now_ms();
        if (libyaml_events(buf, len) < 0)
            snprintf(r->err, sizeof r->err, "libyaml rejected the input");
        if (run >= 0)
            v[run] = now_ms() - t0;
    }
    double m = median(v, (size_t)o->runs);
    free(v);
    return m;
}

/* Runs in a forked child: generate the pair, then time every stage. */
static void bench_size(const opts *o, size_t n, gen_result *r)
{
    size_t runs = (size_t)o->runs;
    sg_strbuf old = SG_STRBUF_INIT, new = SG_STRBUF_INIT, yaml = SG_STRBUF_INIT;
    double *load = sg_xmalloc(runs * sizeof *load), *diff = sg_xmalloc(runs * sizeof *diff);
    double *json = sg_xmalloc(runs * sizeof *json), *total = sg_xmalloc(runs * sizeof *total);
    double *load_old = sg_xmalloc(runs * sizeof *load_old);
    double *parse = sg_xmalloc(runs * sizeof *parse), *norm = sg_xmalloc(runs * sizeof *norm);
    r->n = n;

    gen_template(&old, n, o->seed, false, NULL);
    gen_template(&new, n, o->seed, true, &r->plan);
    r->old_bytes = old.len;
    r->new_bytes = new.len;

    /* Big generated templates may pass the default node limit: lift it, and
     * say so in the report rather than measure a refusal. */
    sg_limits lim = *sg_limits_default();
    lim.max_nodes = (size_t)1 << 40;
    sg_load_opts lo = {.limits = &lim};
    sg_error err;
    struct rusage ru0, ru1;
    getrusage(RUSAGE_SELF, &ru0);

    for (int run = -1; run < o->runs; run++) {
        sg_arena *a = sg_arena_new();
        sg_template to, tn;
        double t0 = now_ms();
        if (sg_load_buffer(a, "old.json", old.data, old.len, &lo, &to, &err) != 0) {
            fail(r, "load OLD", &err);
            sg_arena_free(a);
            goto out;
        }
        double t1 = now_ms();
        if (sg_load_buffer(a, "new.json", new.data, new.len, &lo, &tn, &err) != 0) {
            fail(r, "load NEW", &err);
            sg_arena_free(a);
            goto out;
        }
        double t2 = now_ms();
        sg_diff d;
        sg_diff_templates(a, &to, &tn, NULL, &d);
        double t3 = now_ms();
        sg_strbuf rep = SG_STRBUF_INIT;
        sg_render_diff_json(&rep, &d);
        double t4 = now_ms();
        if (o->verbose)
            fprintf(stderr,
                    "  %zu resources, run %d: load %.1f ms (OLD %.1f), diff %.1f, json %.1f, "
                    "total %.1f\n", n, run, t2 - t0, t1 - t0, t3 - t2, t4 - t3, t4 - t0);
        if (run >= 0) {
            load_old[run] = t1 - t0;
            load[run] = t2 - t0;
            diff[run] = t3 - t2;
            json[run] = t4 - t3;
            total[run] = t4 - t0;
        } else {
            r->old_res = to.nresources;
            r->new_res = tn.nresources;
            memcpy(r->res_counts, d.res_counts, sizeof r->res_counts);
            r->report_bytes = rep.len;
            r->arena_bytes = sg_arena_used(a);
            sg_emit_yaml(&yaml, to.root); /* the OLD side again, as YAML, for the floor */
        }
        sg_strbuf_free(&rep);
        sg_arena_free(a);
    }
    getrusage(RUSAGE_SELF, &ru1);
    r->peak_mb = peak_rss_mb(); /* before the floor runs add their own */
    /* Kernel time is mostly first-touch page faults on fresh arena memory. */
    r->faults = (size_t)(ru1.ru_minflt - ru0.ru_minflt) / (runs + 1);
    double sys = tv_ms(&ru1.ru_stime) - tv_ms(&ru0.ru_stime);
    double usr = tv_ms(&ru1.ru_utime) - tv_ms(&ru0.ru_utime);
    r->sys_share = sys + usr > 0.0 ? sys / (sys + usr) : 0.0;
    r->load_ms = median(load, runs);
    r->diff_ms = median(diff, runs);
    r->json_ms = median(json, runs);
    r->total_ms = median(total, runs);
    r->total_min = percentile(total, runs, 0.0);
    r->total_max = percentile(total, runs, 1.0);
    r->load_old_ms = median(load_old, runs);

    /* Where the load goes: the JSON parser, then normalize + index. */
    for (int run = -1; run < o->runs; run++) {
        sg_arena *a = sg_arena_new();
        sg_parse_opts po = {.file = "old.json", .limits = &lim};
        sg_node *tree;
        sg_template t;
        double t0 = now_ms();
        if (sg_parse_json(a, old.data, old.len, &po, &tree, NULL, &err) != 0) {
            fail(r, "parse OLD", &err);
            sg_arena_free(a);
            goto out;
        }
        double t1 = now_ms();
        if (sg_template_index(a, sg_normalize(a, tree), "old.json", &t, &err) != 0) {
            fail(r, "normalize OLD", &err);
            sg_arena_free(a);
            goto out;
        }
        double t2 = now_ms();
        if (run >= 0) {
            parse[run] = t1 - t0;
            norm[run] = t2 - t1;
        } else {
            r->nodes = sg_node_count(tree);
        }
        sg_arena_free(a);
    }
    r->parse_ms = median(parse, runs);
    r->norm_ms = median(norm, runs);
    r->over_default_nodes = r->nodes > sg_limits_default()->max_nodes;

    /* The floor: libyaml on the same JSON bytes, and on the YAML rendering
     * next to stackgap's own YAML load of it. */
    if (!o->floor_on) {
        r->ok = !r->err[0];
        goto out;
    }
    r->floor_json_ms = time_libyaml(o, old.data, old.len, r);
    r->yaml_bytes = yaml.len;
    r->floor_yaml_ms = time_libyaml(o, yaml.data, yaml.len, r);
    for (int run = -1; run < o->runs; run++) {
        sg_arena *a = sg_arena_new();
        sg_template t;
        double t0 = now_ms();
        if (sg_load_buffer(a, "old.yaml", yaml.data, yaml.len, &lo, &t, &err) != 0) {
            fail(r, "load OLD as YAML", &err);
            sg_arena_free(a);
            goto out;
        }
        double t1 = now_ms();
        if (t.nresources != r->old_res)
            snprintf(r->err, sizeof r->err, "YAML rendering has %zu resources, JSON %zu",
                     t.nresources, r->old_res);
        if (run >= 0)
            load[run] = t1 - t0;
        sg_arena_free(a);
    }
    r->load_yaml_ms = median(load, runs);
    r->ok = !r->err[0];
out:
    sg_strbuf_free(&old);
    sg_strbuf_free(&new);
    sg_strbuf_free(&yaml);
    free(load);
    free(diff);
    free(json);
    free(total);
    free(load_old);
    free(parse);
    free(norm);
}

/* Runs fn(o, arg, out) in a forked child so that its peak RSS is its own
 * (a child starts with its parent's resident pages, so the parent holds
 * nothing big); out[0..size) comes back through a pipe.  Returns 0, or -1
 * with why filled when the child failed. */
typedef void (*job_fn)(const opts *o, size_t arg, void *out);

static int run_forked(job_fn fn, const opts *o, size_t arg, void *out, size_t size, char *why,
                      size_t whysize)
{
    int fd[2];
    memset(out, 0, size);
    fflush(stdout);
    fflush(stderr);
    if (pipe(fd) != 0) {
        snprintf(why, whysize, "pipe: %s", strerror(errno));
        return -1;
    }
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(why, whysize, "fork: %s", strerror(errno));
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        close(fd[0]);
        fn(o, arg, out);
        fflush(stdout);
        const char *p = out;
        for (size_t left = size; left;) {
            ssize_t w = write(fd[1], p, left);
            if (w <= 0)
                _exit(1);
            p += w;
            left -= (size_t)w;
        }
        _exit(0);
    }
    close(fd[1]);
    size_t got = 0;
    char *p = out;
    while (got < size) {
        ssize_t k = read(fd[0], p + got, size - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (got == size && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    if (WIFSIGNALED(status))
        snprintf(why, whysize, "the benchmark process died of signal %d", WTERMSIG(status));
    else
        snprintf(why, whysize, "the benchmark process failed (exit status %d)",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return -1;
}

static void size_job(const opts *o, size_t n, void *out)
{
    bench_size(o, n, out);
}

static void bench_generated(const opts *o)
{
    gen_result *res = sg_xmalloc(o->nsizes * sizeof *res);
    for (size_t i = 0; i < o->nsizes; i++) {
        char why[200];
        fprintf(stderr, "bench_diff: %zu resources...\n", o->sizes[i]);
        if (run_forked(size_job, o, o->sizes[i], &res[i], sizeof res[i], why, sizeof why) != 0)
            snprintf(res[i].err, sizeof res[i].err, "%s", why);
    }

    printf("== generated pairs: seed %llu, median of %d runs after a warm-up, "
           "each size in its own process ==\n", (unsigned long long)o->seed, o->runs);
    printf("%9s  %15s  %8s  %8s  %8s  %9s  %15s  %7s  %8s\n", "resources", "input MB old+new",
           "load ms", "diff ms", "json ms", "total ms", "(min - max)", "MB/s", "peak MB");
    for (size_t i = 0; i < o->nsizes; i++) {
        const gen_result *r = &res[i];
        if (!r->ok) {
            printf("%9zu  failed: %s\n", o->sizes[i], r->err);
            continue;
        }
        char range[40];
        snprintf(range, sizeof range, "(%.0f - %.0f)", r->total_min, r->total_max);
        printf("%9zu  %6.1f + %6.1f  %8.1f  %8.1f  %8.1f  %9.1f  %15s  %7.1f  %8.1f\n", r->n,
               mb(r->old_bytes), mb(r->new_bytes), r->load_ms, r->diff_ms, r->json_ms,
               r->total_ms, range, mb_per_s(r->old_bytes + r->new_bytes, r->total_ms),
               r->peak_mb);
    }
    printf("\n%9s  %11s  %8s  %12s  %10s  %8s  %11s  %5s\n", "resources", "load OLD ms",
           "parse ms", "normalize ms", "nodes/side", "arena MB", "faults/pass", "sys %");
    for (size_t i = 0; i < o->nsizes; i++) {
        const gen_result *r = &res[i];
        if (r->ok)
            printf("%9zu  %11.1f  %8.1f  %12.1f  %10zu  %8.1f  %11zu  %5.1f%s\n", r->n,
                   r->load_old_ms, r->parse_ms, r->norm_ms, r->nodes, mb(r->arena_bytes),
                   r->faults, 100.0 * r->sys_share,
                   r->over_default_nodes ? "  (over the default node limit)" : "");
    }
    printf("\n%9s  %9s  %6s  %8s  %9s  %8s  %10s  %s\n", "resources", "report KB", "added",
           "removed", "modified", "renamed", "unchanged", "planned: added/removed/changed");
    for (size_t i = 0; i < o->nsizes; i++) {
        const gen_result *r = &res[i];
        if (r->ok)
            printf("%9zu  %9.1f  %6zu  %8zu  %9zu  %8zu  %10zu  %zu/%zu/%zu\n", r->n,
                   (double)r->report_bytes / 1e3, r->res_counts[SG_ADDED],
                   r->res_counts[SG_REMOVED], r->res_counts[SG_MODIFIED],
                   r->res_counts[SG_RENAMED], r->res_counts[SG_UNCHANGED], r->plan.added,
                   r->plan.removed, r->plan.changed);
    }
    /* Scaling: find the largest size and the one half its size. */
    for (size_t i = 0; i < o->nsizes; i++)
        for (size_t j = 0; j < o->nsizes; j++) {
            const gen_result *a = &res[i], *b = &res[j];
            if (!a->ok || !b->ok || b->n != 2 * a->n)
                continue;
            printf("\nscaling %zu -> %zu resources (linear = 2.00): total x%.2f "
                   "(load x%.2f, diff x%.2f, json x%.2f)\n", a->n, b->n,
                   b->total_ms / a->total_ms, b->load_ms / a->load_ms, b->diff_ms / a->diff_ms,
                   b->json_ms / a->json_ms);
        }

    if (!o->floor_on) {
        free(res);
        return;
    }
    printf("\n== floor: libyaml's event loop alone (yaml_parser_parse, no tree) over the same "
           "bytes, OLD side ==\n");
    printf("%9s  %-24s  %8s  %10s  %8s  %16s  %8s  %12s\n", "resources", "input", "MB",
           "libyaml ms", "MB/s", "stackgap load ms", "MB/s", "load/libyaml");
    for (size_t i = 0; i < o->nsizes; i++) {
        const gen_result *r = &res[i];
        if (!r->ok)
            continue;
        printf("%9zu  %-24s  %8.1f  %10.1f  %8.1f  %16.1f  %8.1f  %12.2f\n", r->n,
               "JSON, as generated", mb(r->old_bytes), r->floor_json_ms,
               mb_per_s(r->old_bytes, r->floor_json_ms), r->load_old_ms,
               mb_per_s(r->old_bytes, r->load_old_ms), r->load_old_ms / r->floor_json_ms);
        printf("%9zu  %-24s  %8.1f  %10.1f  %8.1f  %16.1f  %8.1f  %12.2f\n", r->n,
               "YAML, from sg_emit_yaml", mb(r->yaml_bytes), r->floor_yaml_ms,
               mb_per_s(r->yaml_bytes, r->floor_yaml_ms), r->load_yaml_ms,
               mb_per_s(r->yaml_bytes, r->load_yaml_ms), r->load_yaml_ms / r->floor_yaml_ms);
    }
    printf("\n");
    free(res);
}

/* ---- pairs: a list of template files, as bench/cdk_diff.js times them -------------- */

/* Reads LIST ("OLD<TAB>NEW" per line, '#' comments) and every file in it. */
static task *read_pair_list(const char *list, size_t *ntasks)
{
    FILE *f = fopen(list, "r");
    task *v = NULL;
    size_t k = 0, cap = 0;
    char line[2 * CORPUS_PATH + 2];
    *ntasks = 0;
    if (!f) {
        fprintf(stderr, "bench_diff: %s: %s\n", list, strerror(errno));
        return NULL;
    }
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *tab = strchr(line, '\t');
        if (!line[0] || line[0] == '#')
            continue;
        if (!tab) {
            fprintf(stderr, "bench_diff: %s: want OLD<TAB>NEW: %s\n", list, line);
            continue;
        }
        *tab = '\0';
        task t = {xstrdup(line), xstrdup(line), xstrdup(tab + 1), NULL, NULL, 0, 0, false};
        sg_error err;
        if (sg_read_file(t.model_path, SG_DEFAULT_MAX_INPUT_BYTES, &t.model, &t.model_len,
                         &err) != 0 ||
            sg_read_file(t.ideal_path, SG_DEFAULT_MAX_INPUT_BYTES, &t.ideal, &t.ideal_len,
                         &err) != 0) {
            fprintf(stderr, "bench_diff: skipped %s: %s\n", line, err.msg);
            free(t.model);
            free(t.name);
            free(t.model_path);
            free(t.ideal_path);
            continue;
        }
        if (k == cap) {
            cap = cap ? cap * 2 : 256;
            v = sg_xrealloc(v, cap * sizeof *v);
        }
        v[k++] = t;
    }
    fclose(f);
    *ntasks = k;
    return v;
}

/* Same work per pair as the corpus section (run_task: OLD is the first file),
 * on plain template files; prints a human line and a key=value line. */
static void bench_pairs(const opts *o, size_t unused, void *out)
{
    size_t n, bytes = 0, diffed = 0;
    task *t = read_pair_list(o->pairs, &n);
    printf("== pairs: %s ==\n", o->pairs);
    if (n == 0) {
        printf("no pairs\n\n");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        bytes += t[i].model_len + t[i].ideal_len;
        t[i].diffed = run_task(&t[i]); /* the warm-up run */
        diffed += t[i].diffed;
    }
    size_t runs = (size_t)o->runs;
    double *pass = sg_xmalloc(runs * sizeof *pass), *cpu = sg_xmalloc(runs * sizeof *cpu);
    double *us = sg_xmalloc(runs * n * sizeof *us);
    for (size_t r = 0; r < runs; r++) {
        struct rusage ru0, ru1;
        getrusage(RUSAGE_SELF, &ru0);
        double p0 = now_ms();
        for (size_t i = 0; i < n; i++) {
            double t0 = now_ms();
            run_task(&t[i]);
            us[i * runs + r] = (now_ms() - t0) * 1e3;
        }
        pass[r] = now_ms() - p0;
        getrusage(RUSAGE_SELF, &ru1);
        /* CPU time of the pass: less disturbed than wall time on a busy machine */
        cpu[r] = tv_ms(&ru1.ru_utime) - tv_ms(&ru0.ru_utime) + tv_ms(&ru1.ru_stime) -
                 tv_ms(&ru0.ru_stime);
    }
    double *per_pair = sg_xmalloc(n * sizeof *per_pair);
    for (size_t i = 0; i < n; i++)
        per_pair[i] = median(&us[i * runs], runs);
    double total = median(pass, runs), cpu_ms = median(cpu, runs);
    printf("%zu pairs (%zu diffed, %zu rejected at load), input %.1f MB; median of %d passes "
           "after a warm-up\n", n, diffed, n - diffed, mb(bytes), o->runs);
    printf("  pass %.2f ms (min %.2f, max %.2f), CPU %.2f ms, %.0f pairs/s, %.1f MB/s; per pair "
           "median %.0f us, p95 %.0f us, max %.0f us; peak RSS %.1f MB\n", total,
           percentile(pass, runs, 0.0), percentile(pass, runs, 1.0), cpu_ms,
           (double)n / (total / 1e3), mb_per_s(bytes, total),
           percentile(per_pair, n, 0.5), percentile(per_pair, n, 0.95),
           percentile(per_pair, n, 1.0), peak_rss_mb());
    printf("tool=stackgap mode=warm pairs=%zu diffed=%zu input_mb=%.3f runs=%d pass_ms=%.3f "
           "pass_min_ms=%.3f pass_max_ms=%.3f cpu_ms=%.3f pairs_per_s=%.1f cpu_pairs_per_s=%.1f "
           "pair_us_median=%.0f pair_us_p95=%.0f pair_us_max=%.0f peak_rss_mb=%.1f\n\n", n,
           diffed, mb(bytes), o->runs, total, percentile(pass, runs, 0.0),
           percentile(pass, runs, 1.0), cpu_ms, (double)n / (total / 1e3),
           (double)n / (cpu_ms / 1e3), percentile(per_pair, n, 0.5),
           percentile(per_pair, n, 0.95), percentile(per_pair, n, 1.0), peak_rss_mb());
    for (size_t i = 0; i < n; i++) {
        free(t[i].model);
        free(t[i].ideal);
        free(t[i].name);
        free(t[i].model_path);
        free(t[i].ideal_path);
    }
    free(t);
    free(pass);
    free(cpu);
    free(us);
    free(per_pair);
}

/* ---- main ------------------------------------------------------------------------- */

static int usage(void)
{
    fprintf(stderr,
            "usage: bench_diff [CORPUS_DIR] [--runs N] [--sizes N,N,...] [--seed S]\n"
            "                  [--no-corpus] [--no-generated] [--no-floor] [-v]\n"
            "       bench_diff --pairs LIST [--runs N]   (LIST: OLD<TAB>NEW per line)\n"
            "  CORPUS_DIR defaults to the build tree's corpus/cfn-dev, else " FALLBACK_CORPUS
            "\n");
    return 2;
}

static int parse_sizes(opts *o, const char *s)
{
    o->nsizes = 0;
    while (*s) {
        char *end;
        unsigned long long v = strtoull(s, &end, 10);
        if (end == s || v == 0 || o->nsizes == MAX_SIZES || (*end && *end != ','))
            return -1;
        o->sizes[o->nsizes++] = (size_t)v;
        s = *end ? end + 1 : end;
    }
    return o->nsizes ? 0 : -1;
}

int main(int argc, char **argv)
{
    opts o = {.runs = 5, .sizes = {1000, 5000, 10000}, .nsizes = 3, .seed = 1,
              .corpus_on = true, .generated_on = true, .floor_on = true};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--runs") == 0 && i + 1 < argc) {
            o.runs = atoi(argv[++i]);
            if (o.runs < 1 || o.runs > 1000)
                return usage();
        } else if (strcmp(a, "--sizes") == 0 && i + 1 < argc) {
            if (parse_sizes(&o, argv[++i]) != 0)
                return usage();
        } else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
            o.seed = strtoull(argv[++i], NULL, 10);
        } else if (strcmp(a, "--pairs") == 0 && i + 1 < argc) {
            o.pairs = argv[++i];
        } else if (strcmp(a, "--no-corpus") == 0) {
            o.corpus_on = false;
        } else if (strcmp(a, "--no-generated") == 0) {
            o.generated_on = false;
        } else if (strcmp(a, "--no-floor") == 0) {
            o.floor_on = false;
        } else if (strcmp(a, "-v") == 0) {
            o.verbose = true;
        } else if (a[0] == '-' || o.corpus) {
            return usage();
        } else {
            o.corpus = a;
        }
    }
    if (!o.corpus)
        o.corpus = is_dir(SG_BENCH_CORPUS) ? SG_BENCH_CORPUS : FALLBACK_CORPUS;

    printf("stackgap bench_diff: %s build, %s; MB = 10^6 bytes\n\n", SG_BENCH_BUILD,
           SG_BENCH_CC);
    if (o.pairs) { /* a section of its own: nothing else runs */
        char why[200], done;
        if (run_forked(bench_pairs, &o, 0, &done, 1, why, sizeof why) != 0) {
            printf("pairs: %s\n", why);
            return 1;
        }
        return 0;
    }
    if (o.corpus_on) {
        char why[200], done;
        if (!is_dir(o.corpus))
            printf("== corpus: %s not found, skipped ==\n\n", o.corpus);
        else if (run_forked(bench_corpus, &o, 0, &done, 1, why, sizeof why) != 0)
            printf("corpus: %s\n\n", why);
    }
    if (o.generated_on)
        bench_generated(&o);
    return 0;
}
