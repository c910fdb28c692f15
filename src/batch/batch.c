/* batch.c - reports for many task folders on a pool of threads (batch.h).
 *
 * Each worker takes the next task index from an atomic counter and owns an
 * arena for that task only; results land in the task's own slot, so the
 * summary, built after all workers joined, does not depend on scheduling. */
#include "stackgap/batch.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stackgap/output.h"
#include "stackgap/render.h"
#include "stackgap/task.h"

#define MAX_DEPTH 8 /* how deep below a root task folders are looked for */

/* ---- finding tasks --------------------------------------------------------------- */

typedef struct found {
    sg_batch_task *v;
    size_t n, cap;
} found;

static bool is_regular(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_task_dir(const char *dir)
{
    char p[4096];
    if (snprintf(p, sizeof p, "%s/lib/MODEL_RESPONSE.md", dir) < (int)sizeof p && is_regular(p))
        return true;
    return snprintf(p, sizeof p, "%s/MODEL_RESPONSE.md", dir) < (int)sizeof p && is_regular(p);
}

static void add_task(found *f, const char *dir, const char *name)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 256;
        f->v = sg_xrealloc(f->v, f->cap * sizeof *f->v);
    }
    sg_batch_task *t = &f->v[f->n++];
    memset(t, 0, sizeof *t);
    t->dir = strdup(dir);
    t->name = strdup(name);
}

static void walk(found *f, const char *dir, const char *name, int depth)
{
    if (is_task_dir(dir)) {
        add_task(f, dir, name[0] ? name : ".");
        return; /* a task's lib/ holds no further tasks */
    }
    if (depth >= MAX_DEPTH)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char sub[4096], subname[4096];
        struct stat st;
        if (snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name) >= (int)sizeof sub ||
            snprintf(subname, sizeof subname, "%s%s%s", name, name[0] ? "/" : "", e->d_name) >=
                (int)sizeof subname)
            continue;
        if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode)) /* no symlinks: stay inside the root */
            walk(f, sub, subname, depth + 1);
    }
    closedir(d);
}

static int cmp_task(const void *a, const void *b)
{
    return strcmp(((const sg_batch_task *)a)->name, ((const sg_batch_task *)b)->name);
}

int sg_batch_find(const char *const *roots, size_t nroots, sg_batch *out, sg_error *err)
{
    found f = {0};
    for (size_t i = 0; i < nroots; i++) {
        struct stat st;
        if (stat(roots[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
            for (size_t k = 0; k < f.n; k++) {
                free(f.v[k].dir);
                free(f.v[k].name);
            }
            free(f.v);
            return sg_fail(err, roots[i], 0, 0, "not a readable directory");
        }
        /* with several roots, names start with the root's last component */
        const char *base = strrchr(roots[i], '/');
        base = base && base[1] ? base + 1 : roots[i];
        walk(&f, roots[i], nroots > 1 ? base : "", 0);
    }
    if (f.n > 1)
        qsort(f.v, f.n, sizeof *f.v, cmp_task);
    out->tasks = f.v;
    out->n = f.n;
    return 0;
}

void sg_batch_free(sg_batch *b)
{
    for (size_t i = 0; i < b->n; i++) {
        free(b->tasks[i].dir);
        free(b->tasks[i].name);
    }
    free(b->tasks);
    b->tasks = NULL;
    b->n = 0;
}

void sg_batch_shard(sg_batch *b, size_t index, size_t count)
{
    if (count <= 1)
        return;
    size_t w = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (i % count == index - 1) {
            b->tasks[w++] = b->tasks[i];
        } else {
            free(b->tasks[i].dir);
            free(b->tasks[i].name);
        }
    }
    b->n = w;
}

/* ---- running ------------------------------------------------------------------------ */

typedef struct pool {
    sg_batch *b;
    const sg_batch_opts *o;
    atomic_size_t next;
    size_t done;
    pthread_mutex_t lock; /* serializes progress callbacks */
} pool;

/* mkdir -p for out_dir/<task>; task names come from the directory walk. */
static int make_dirs(const char *path)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n >= sizeof buf)
        return -1;
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return -1;
            buf[i] = c;
        }
    }
    return 0;
}

static void fail_task(sg_batch_task *t, const sg_error *err)
{
    t->failed = true;
    sg_error_format(err, t->reason, sizeof t->reason);
}

static void render_html(sg_strbuf *b, const sg_report *r)
{
    sg_render_report_html(b, r, NULL);
}

/* Per-task reports, in SG_BATCH_* bit order. */
static const struct {
    const char *name, *file;
    void (*render)(sg_strbuf *b, const sg_report *r);
} formats[SG_BATCH_FORMATS] = {
    {"markdown", "MODEL_FAILURES.md", sg_render_report_markdown},
    {"json", "report.json", sg_render_report_json},
    {"html", "MODEL_FAILURES.html", render_html},
    {"sarif", "report.sarif", sg_render_report_sarif},
    {"junit", "report.junit.xml", sg_render_report_junit},
};

unsigned sg_batch_parse_formats(const char *list)
{
    unsigned bits = 0;
    const char *p = list;
    for (;;) {
        size_t n = strcspn(p, ",");
        unsigned bit = 0;
        if (n == 4 && strncmp(p, "both", 4) == 0)
            bit = SG_BATCH_MARKDOWN | SG_BATCH_JSON;
        else if (n == 3 && strncmp(p, "all", 3) == 0)
            bit = (1u << SG_BATCH_FORMATS) - 1;
        for (int f = 0; f < SG_BATCH_FORMATS && !bit; f++)
            if (strlen(formats[f].name) == n && strncmp(p, formats[f].name, n) == 0)
                bit = 1u << f;
        if (!bit)
            return 0;
        bits |= bit;
        if (!p[n])
            return bits;
        p += n + 1;
    }
}

static void run_task(pool *p, sg_batch_task *t)
{
    sg_arena *a = sg_arena_new();
    sg_error err;
    sg_task_files files;
    sg_report r;
    memset(&r, 0, sizeof r);
    if (sg_task_locate(a, t->dir, &files, &err) != 0) {
        fail_task(t, &err);
        sg_arena_free(a);
        return;
    }
    sg_report_opts ro = {.model_path = files.model, .ideal_path = files.ideal,
                         .prompt_path = files.prompt, .ideal_note = files.note};
    if (sg_report_build(a, &ro, &r, &err) != 0) {
        fail_task(t, &err);
    } else {
        t->verdict = r.verdict;
        t->findings = r.findings.n - r.shared;
        t->shared = r.shared;
        memcpy(t->by_severity, r.by_severity, sizeof t->by_severity);
        for (int c = 0; c < SG_CAT_COUNT; c++)
            for (int s = 0; s < SG_SEV_COUNT; s++)
                t->by_category[c] += r.by_category[c][s];
        t->model_resources = r.model ? r.model->nresources : 0;
        t->ideal_resources = r.ideal->nresources;
        const char *dir = sg_arena_printf(a, "%s/%s", p->o->out_dir, t->name);
        if (make_dirs(dir) != 0) {
            sg_fail(&err, dir, 0, 0, "cannot create the folder: %s", strerror(errno));
            fail_task(t, &err);
        }
        const char *inputs[] = {files.model, files.ideal, files.prompt, NULL};
        sg_strbuf out = SG_STRBUF_INIT;
        for (int f = 0; f < SG_BATCH_FORMATS && !t->failed; f++) {
            if (!(p->o->formats & (1u << f)))
                continue;
            out.len = 0;
            formats[f].render(&out, &r);
            if (sg_output_write(sg_arena_printf(a, "%s/%s", dir, formats[f].file), out.data,
                                out.len, inputs, &err) != 0)
                fail_task(t, &err);
        }
        sg_strbuf_free(&out);
    }
    sg_report_free(&r);
    sg_arena_free(a);
}

static void *worker(void *arg)
{
    pool *p = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->b->n)
            break;
        run_task(p, &p->b->tasks[i]);
        pthread_mutex_lock(&p->lock);
        p->done++;
        if (p->o->progress)
            p->o->progress(&p->b->tasks[i], p->done, p->b->n, p->o->progress_ctx);
        pthread_mutex_unlock(&p->lock);
    }
    return NULL;
}

size_t sg_batch_run(sg_batch *b, const sg_batch_opts *o)
{
    int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1)
        jobs = 1;
    if ((size_t)jobs > b->n && b->n > 0)
        jobs = (int)b->n;
    pool p = {.b = b, .o = o};
    atomic_init(&p.next, 0);
    pthread_mutex_init(&p.lock, NULL);
    make_dirs(o->out_dir);
    pthread_t *threads = sg_xmalloc((size_t)jobs * sizeof *threads);
    int started = 0;
    for (int i = 1; i < jobs; i++) /* the calling thread is worker 0 */
        if (pthread_create(&threads[started], NULL, worker, &p) == 0)
            started++;
    worker(&p);
    for (int i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    pthread_mutex_destroy(&p.lock);

    size_t failed = 0;
    for (size_t i = 0; i < b->n; i++)
        failed += b->tasks[i].failed;
    sg_strbuf s = SG_STRBUF_INIT;
    sg_error err;
    sg_render_batch_markdown(&s, b);
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.md", o->out_dir);
    if (sg_output_write(path, s.data ? s.data : "", s.len, NULL, &err) != 0)
        failed++;
    s.len = 0;
    sg_render_batch_json(&s, b);
    snprintf(path, sizeof path, "%s/summary.json", o->out_dir);
    if (sg_output_write(path, s.data ? s.data : "", s.len, NULL, &err) != 0)
        failed++;
    sg_strbuf_free(&s);
    return failed;
}

/* ---- summary ------------------------------------------------------------------------ */

void sg_render_batch_markdown(sg_strbuf *s, const sg_batch *b)
{
    size_t verdicts[5] = {0}, failed = 0;
    for (size_t i = 0; i < b->n; i++) {
        if (b->tasks[i].failed)
            failed++;
        else
            verdicts[b->tasks[i].verdict]++;
    }
    sg_strbuf_printf(s, "# stackgap batch summary\n\n%zu tasks: %zu reports, %zu failed.\n\n"
                        "| Verdict | Tasks |\n|---|---:|\n",
                     b->n, b->n - failed, failed);
    for (int v = 0; v < 5; v++)
        sg_strbuf_printf(s, "| %s | %zu |\n", sg_verdict_id((sg_verdict)v), verdicts[v]);
    sg_strbuf_puts(s, "\n## Tasks\n\n| Task | Verdict | Critical | High | Medium | Low | Shared | "
                      "Resources (model / ideal) | Main categories |\n"
                      "|---|---|---:|---:|---:|---:|---:|---|---|\n");
    for (size_t i = 0; i < b->n; i++) {
        const sg_batch_task *t = &b->tasks[i];
        sg_strbuf_puts(s, "| ");
        sg_md_code(s, t->name, strlen(t->name));
        if (t->failed) {
            sg_strbuf_puts(s, " | failed | | | | | | | |\n");
            continue;
        }
        sg_strbuf_printf(s, " | %s | %zu | %zu | %zu | %zu | %zu | %zu / %zu | ",
                         sg_verdict_id(t->verdict), t->by_severity[0], t->by_severity[1],
                         t->by_severity[2], t->by_severity[3], t->shared, t->model_resources,
                         t->ideal_resources);
        /* the three categories with the most findings */
        bool used[SG_CAT_COUNT] = {false};
        for (int k = 0; k < 3; k++) {
            int best = -1;
            for (int c = 0; c < SG_CAT_COUNT; c++)
                if (!used[c] && t->by_category[c] &&
                    (best < 0 || t->by_category[c] > t->by_category[best]))
                    best = c;
            if (best < 0)
                break;
            used[best] = true;
            sg_strbuf_printf(s, "%s%s %zu", k ? ", " : "", sg_category_id((sg_category)best),
                             t->by_category[best]);
        }
        sg_strbuf_puts(s, " |\n");
    }
    if (failed) {
        sg_strbuf_puts(s, "\n## Failed tasks\n\n");
        for (size_t i = 0; i < b->n; i++)
            if (b->tasks[i].failed) {
                sg_strbuf_puts(s, "- ");
                sg_md_code(s, b->tasks[i].name, strlen(b->tasks[i].name));
                sg_strbuf_puts(s, ": ");
                sg_md_text(s, b->tasks[i].reason, strlen(b->tasks[i].reason));
                sg_strbuf_putc(s, '\n');
            }
    }
}

void sg_render_batch_json(sg_strbuf *s, const sg_batch *b)
{
    sg_strbuf_printf(s, "{\n  \"schema\": \"stackgap/batch/v1\",\n  \"tasks\": [");
    for (size_t i = 0; i < b->n; i++) {
        const sg_batch_task *t = &b->tasks[i];
        sg_strbuf_puts(s, i ? ",\n    " : "\n    ");
        sg_strbuf_puts(s, "{\"task\": ");
        sg_strbuf_json_str(s, t->name, strlen(t->name));
        if (t->failed) {
            sg_strbuf_puts(s, ", \"status\": \"failed\", \"reason\": ");
            sg_strbuf_json_str(s, t->reason, strlen(t->reason));
            sg_strbuf_putc(s, '}');
            continue;
        }
        sg_strbuf_printf(s, ", \"status\": \"report\", \"verdict\": \"%s\", \"findings\": %zu, "
                            "\"shared_gaps\": %zu, \"resources\": {\"model\": %zu, \"ideal\": %zu}, "
                            "\"by_severity\": {",
                         sg_verdict_id(t->verdict), t->findings, t->shared, t->model_resources,
                         t->ideal_resources);
        for (int v = 0; v < SG_SEV_COUNT; v++)
            sg_strbuf_printf(s, "%s\"%s\": %zu", v ? ", " : "", sg_severity_id((sg_severity)v),
                             t->by_severity[v]);
        sg_strbuf_puts(s, "}, \"by_category\": {");
        for (int c = 0; c < SG_CAT_COUNT; c++)
            sg_strbuf_printf(s, "%s\"%s\": %zu", c ? ", " : "", sg_category_id((sg_category)c),
                             t->by_category[c]);
        sg_strbuf_puts(s, "}}");
    }
    sg_strbuf_puts(s, b->n ? "\n  ]\n}\n" : "]\n}\n");
}
