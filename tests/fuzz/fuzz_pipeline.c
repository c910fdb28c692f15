/* fuzz_pipeline.c - the whole `stackgap report` pipeline on two (or three)
 * untrusted documents: load, normalize, diff, rules, template analysis,
 * requirements, classification, and every renderer.
 *
 * Input: byte 0 is a configuration byte, the rest is split at "\n--8<--\n"
 * into MODEL, IDEAL and an optional PROMPT (no separator: the same document
 * is both model and ideal).
 *   bits 0-1  model display name: model.json, model.yaml, MODEL_RESPONSE.md,
 *             model.template (format detected from the content)
 *   bits 2-3  ideal display name: TapStack.json, TapStack.yml, ideal.md,
 *             ideal.template
 *   bits 4-5  model code block to use (0 = the extractor's choice)
 *   bit 6     diff text with colours and unchanged entries
 *   bit 7     run sg_report_build itself on files in a private temporary
 *             directory (in /dev/shm when there is one) instead of composing
 *             the stages from the buffers; covers classify.c's own steps
 * Every JSON document rendered must parse again as JSON. */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "stackgap/analyze.h"
#include "stackgap/parse.h"
#include "stackgap/render.h"
#include "stackgap/report.h"

static const char sep[] = "\n--8<--\n";
static const char *const model_names[] = {"model.json", "model.yaml", "MODEL_RESPONSE.md",
                                          "model.template"};
static const char *const ideal_names[] = {"TapStack.json", "TapStack.yml", "ideal.md",
                                          "ideal.template"};

typedef struct piece {
    const char *p;
    size_t n;
} piece;


/* Output JSON must be JSON (valid UTF-8 included), whatever the templates held. */
static void json_valid(sg_arena *a, const sg_strbuf *b, const char *what)
{
    const char *text = b->data ? b->data : "";
    size_t len = b->len;
    sg_parse_opts po = {.file = what, .limits = sg_limits_default()};
    sg_node *root = NULL;
    sg_error err;
    int rc = sg_parse_json(a, text, len, &po, &root, NULL, &err);
    if (rc != 0)
        fprintf(stderr, "%s is not valid JSON: %u:%u: %s\n", what, err.line, err.col, err.msg);
    SG_FUZZ_CHECK(rc == 0);
}

static void render_report(sg_arena *a, const sg_report *r)
{
    sg_strbuf b = SG_STRBUF_INIT;
    sg_render_report_markdown(&b, r);
    SG_FUZZ_CHECK(b.len > 0);
    sg_strbuf_free(&b);
    sg_render_report_json(&b, r);
    json_valid(a, &b, "report JSON");
    sg_strbuf_free(&b);
}

/* As classify.c's quote_source: evidence quotes the file's own text. */
static void quote_source(sg_arena *a, sg_evidence *e, const sg_template *t)
{
    if (!t || !t->source || !e->line || !e->file || strcmp(e->file, t->file) != 0)
        return;
    const char *x = sg_source_excerpt(a, t->source, t->source_len, e->line,
                                      t->format == SG_FORMAT_JSON);
    if (x && *x)
        e->excerpt = x;
}

static void lint(sg_arena *a, const sg_template *t)
{
    sg_findings f = {0};
    sg_check_template(a, t, &f);
    sg_strbuf b = SG_STRBUF_INIT;
    sg_render_findings_text(&b, &f);
    sg_strbuf_free(&b);
    sg_render_findings_json(&b, t->file, &f);
    json_valid(a, &b, "findings JSON");
    sg_strbuf_free(&b);
    sg_findings_free(&f);
}

static void render_diff(sg_arena *a, const sg_diff *d, uint8_t cfg)
{
    sg_render_opts ro = {.color = (cfg & 0x40) != 0, .show_unchanged = (cfg & 0x40) != 0,
                         .heading_level = 2};
    sg_strbuf b = SG_STRBUF_INIT;
    sg_render_diff_text(&b, d, &ro);
    sg_strbuf_free(&b);
    sg_render_diff_markdown(&b, d, &ro);
    sg_strbuf_free(&b);
    sg_render_diff_json(&b, d);
    json_valid(a, &b, "diff JSON");
    sg_strbuf_free(&b);
    size_t total = 0;
    for (int s = 0; s < SG_STATUS_COUNT; s++)
        total += d->counts[s];
    SG_FUZZ_CHECK(total == d->nentries);
    if (sg_diff_equivalent(d))
        SG_FUZZ_CHECK(d->counts[SG_UNCHANGED] == d->nentries);
}

/* The stages of sg_report_build, from buffers. */
static void composed(sg_arena *a, uint8_t cfg, piece model_in, piece ideal_in, piece prompt_in,
                     bool has_prompt)
{
    const char *mname = model_names[cfg & 3], *iname = ideal_names[(cfg >> 2) & 3];
    sg_load_opts mo = {.limits = sg_fuzz_limits(), .block = (cfg >> 4) & 3};
    sg_load_opts io = {.limits = sg_fuzz_limits()};
    sg_template *model = sg_arena_alloc(a, sizeof *model);
    sg_template *ideal = sg_arena_alloc(a, sizeof *ideal);
    sg_error merr, ierr;
    int mrc = sg_load_buffer(a, mname, model_in.p, model_in.n, &mo, model, &merr);
    int irc = sg_load_buffer(a, iname, ideal_in.p, ideal_in.n, &io, ideal, &ierr);
    SG_FUZZ_CHECK(mrc == 0 || mrc == -1);
    SG_FUZZ_CHECK(irc == 0 || irc == -1);
    if (mrc == 0) {
        SG_FUZZ_CHECK(model->root != NULL);
        for (size_t i = 1; i < model->nresources; i++)
            SG_FUZZ_CHECK(strcmp(model->resources[i - 1].id, model->resources[i].id) <= 0);
        lint(a, model);
    }
    if (irc != 0)
        return; /* sg_report_build fails: no report */

    sg_report r;
    memset(&r, 0, sizeof r);
    r.model_file = mname;
    r.ideal_file = iname;
    r.ideal = ideal;
    if (has_prompt) {
        r.prompt_file = "PROMPT.md";
        if (sg_requirements_extract(a, r.prompt_file, prompt_in.p, prompt_in.n, &r.reqs, &ierr) != 0)
            return;
    }
    if (mrc != 0) {
        char buf[700];
        sg_error_format(&merr, buf, sizeof buf);
        r.model_problem = sg_arena_strdup(a, merr.line ? buf : merr.msg);
        sg_requirements_check(a, &r.reqs, NULL, NULL);
        sg_finding *f = sg_findings_add(&r.findings);
        f->rule = "TPL-MISSING";
        f->category = SG_CAT_COMPLETENESS;
        f->severity = SG_SEV_CRITICAL;
        f->kind = SG_KIND_MISSING_SECTION;
        f->title = "The response holds no CloudFormation template";
        f->message = r.model_problem;
        f->model.file = r.model_file;
        f->ideal.file = r.ideal_file;
        f->ideal.line = 1;
    } else {
        r.model = model;
        sg_diff_templates(a, model, ideal, NULL, &r.diff);
        render_diff(a, &r.diff, cfg);
        sg_rules_check(a, model, &r.model_violations);
        sg_rules_check(a, ideal, &r.ideal_violations);
        sg_classify_diff(a, &r.diff, &r.findings);
        sg_analyze_template(a, model, ideal, &r.findings);
        sg_requirements_check(a, &r.reqs, model, &r.model_violations);
    }
    for (size_t i = 0; i < r.findings.n; i++) {
        quote_source(a, &r.findings.v[i].model, r.model);
        quote_source(a, &r.findings.v[i].ideal, r.ideal);
    }
    sg_findings_sort(&r.findings);
    size_t counted = 0;
    for (size_t i = 0; i < r.findings.n; i++) {
        const sg_finding *f = &r.findings.v[i];
        SG_FUZZ_CHECK(f->rule != NULL && f->title != NULL);
        SG_FUZZ_CHECK(f->severity < SG_SEV_COUNT && f->category < SG_CAT_COUNT);
        if (f->shared) {
            r.shared++;
            continue;
        }
        counted++;
        r.by_severity[f->severity]++;
        r.by_category[f->category][f->severity]++;
    }
    if (!r.model)
        r.verdict = SG_VERDICT_NO_TEMPLATE;
    else if (r.by_severity[SG_SEV_CRITICAL])
        r.verdict = SG_VERDICT_FAILS;
    else if (r.by_severity[SG_SEV_HIGH])
        r.verdict = SG_VERDICT_NEEDS_WORK;
    else
        r.verdict = counted ? SG_VERDICT_MINOR : SG_VERDICT_MATCHES;
    render_report(a, &r);
    sg_report_free(&r);
}

/* ---- sg_report_build on files -------------------------------------------------------- */

static char tmpdir[256];

static void tmpdir_remove(void)
{
    if (tmpdir[0])
        rmdir(tmpdir);
}

static const char *tmpdir_get(void)
{
    if (!tmpdir[0]) {
        struct stat st;
        const char *base = stat("/dev/shm", &st) == 0 && access("/dev/shm", W_OK) == 0
                               ? "/dev/shm"
                               : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
        snprintf(tmpdir, sizeof tmpdir, "%s/sg-fuzz-XXXXXX", base);
        if (!mkdtemp(tmpdir)) {
            perror("fuzz_pipeline: mkdtemp");
            abort();
        }
        atexit(tmpdir_remove);
    }
    return tmpdir;
}

static const char *put_file(sg_arena *a, const char *name, piece in)
{
    const char *path = sg_arena_printf(a, "%s/%s", tmpdir_get(), name);
    FILE *f = fopen(path, "wb");
    if (!f || (in.n && fwrite(in.p, 1, in.n, f) != in.n) || fclose(f) != 0) {
        perror(path);
        abort();
    }
    return path;
}

static void via_files(sg_arena *a, uint8_t cfg, piece model_in, piece ideal_in, piece prompt_in,
                      bool has_prompt)
{
    sg_report_opts o = {
        .model_path = put_file(a, model_names[cfg & 3], model_in),
        .ideal_path = put_file(a, ideal_names[(cfg >> 2) & 3], ideal_in),
        .prompt_path = has_prompt ? put_file(a, "PROMPT.md", prompt_in) : NULL,
        .limits = sg_fuzz_limits(),
    };
    sg_report r;
    sg_error err;
    int rc = sg_report_build(a, &o, &r, &err);
    SG_FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == 0) {
        SG_FUZZ_CHECK(r.ideal != NULL);
        SG_FUZZ_CHECK((r.model == NULL) == (r.verdict == SG_VERDICT_NO_TEMPLATE));
        SG_FUZZ_CHECK(r.model || r.model_problem);
        render_report(a, &r);
    }
    sg_report_free(&r);
    unlink(o.model_path);
    unlink(o.ideal_path);
    if (o.prompt_path)
        unlink(o.prompt_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t cfg = data[0];
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    piece part[3] = {{p, (size_t)(end - p)}, {p, (size_t)(end - p)}, {NULL, 0}};
    size_t nparts = 1;
    for (const char *q = p; nparts < 3;) {
        const char *s = NULL;
        for (const char *x = q; x + sizeof sep - 1 <= end; x++)
            if (memcmp(x, sep, sizeof sep - 1) == 0) {
                s = x;
                break;
            }
        if (!s)
            break;
        part[nparts - 1].n = (size_t)(s - part[nparts - 1].p);
        q = s + sizeof sep - 1;
        part[nparts].p = q;
        part[nparts].n = (size_t)(end - q);
        nparts++;
    }
    if (part[2].p == NULL)
        part[2].p = "";
    sg_arena *a = sg_arena_new();
    if (cfg & 0x80)
        via_files(a, cfg, part[0], part[1], part[2], nparts == 3);
    else
        composed(a, cfg, part[0], part[1], part[2], nparts == 3);
    sg_arena_free(a);
    return 0;
}
