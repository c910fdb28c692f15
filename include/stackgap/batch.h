/* batch.h - reports for many task folders at once (`stackgap batch`).
 *
 * Finds task folders under the given roots, splits them into shards for
 * CI matrices, runs the report of each on a pool of threads, writes
 * OUTDIR/<task>/MODEL_FAILURES.md (and report.json), and a summary.  One
 * bad task never stops the run; the output is identical whatever the
 * number of jobs. */
#ifndef STACKGAP_BATCH_H
#define STACKGAP_BATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "stackgap/error.h"
#include "stackgap/finding.h"
#include "stackgap/report.h"

typedef struct sg_batch_task {
    char *name;        /* path below its root: "cfn-yaml/Pr1234" (owned) */
    char *dir;         /* the folder itself (owned) */
    /* results */
    bool failed;       /* no report: reason says why */
    char reason[512];
    sg_verdict verdict;
    size_t findings, shared;
    size_t by_severity[SG_SEV_COUNT];
    size_t by_category[SG_CAT_COUNT];
    size_t model_resources, ideal_resources;
} sg_batch_task;

typedef struct sg_batch {
    sg_batch_task *tasks; /* sorted by name */
    size_t n;
} sg_batch;

/* Finds task folders (a folder with lib/MODEL_RESPONSE.md, or with
 * MODEL_RESPONSE.md) under each root, without following symlinks, sorted.
 * Returns -1 with err when a root cannot be read. */
int sg_batch_find(const char *const *roots, size_t nroots, sg_batch *out, sg_error *err);
void sg_batch_free(sg_batch *b);

/* Keeps shard `index` (1-based) of `count`: every count-th task. */
void sg_batch_shard(sg_batch *b, size_t index, size_t count);

/* The reports written per task (a bit set): file names in sg_batch_format_file. */
enum {
    SG_BATCH_MARKDOWN = 1 << 0, /* MODEL_FAILURES.md */
    SG_BATCH_JSON = 1 << 1,     /* report.json */
    SG_BATCH_HTML = 1 << 2,     /* MODEL_FAILURES.html */
    SG_BATCH_SARIF = 1 << 3,    /* report.sarif */
    SG_BATCH_JUNIT = 1 << 4,    /* report.junit.xml */
    SG_BATCH_FORMATS = 5
};

/* Parses a --format list ("markdown,json,html", "both" = markdown,json,
 * "all"): the bit set, or 0 when a name is unknown. */
unsigned sg_batch_parse_formats(const char *list);

typedef struct sg_batch_opts {
    const char *out_dir;  /* reports go to out_dir/<task>/ */
    unsigned formats;     /* SG_BATCH_* bits: which reports to write per task */
    int jobs;             /* threads; <= 0: one per core */
    /* called after each task finishes (on the worker's thread, serialized) */
    void (*progress)(const sg_batch_task *t, size_t done, size_t total, void *ctx);
    void *progress_ctx;
} sg_batch_opts;

/* Runs every task; returns the number of failed tasks.  Writes the summary
 * (summary.md, summary.json) into out_dir after all tasks are done. */
size_t sg_batch_run(sg_batch *b, const sg_batch_opts *opts);

/* The summary as Markdown or JSON (schema "stackgap/batch/v1"). */
void sg_render_batch_markdown(sg_strbuf *s, const sg_batch *b);
void sg_render_batch_json(sg_strbuf *s, const sg_batch *b);

#endif
