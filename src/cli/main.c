/* main.c - the stackgap command line: argument parsing and dispatch only;
 * all work happens in the library.
 *
 * Exit status follows diff(1): 0 equivalent / success, 1 different,
 * 2 trouble (bad usage, unreadable or malformed input, no template). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "post.h"
#include "stackgap/batch.h"
#include "stackgap/comment.h"
#include "stackgap/diff.h"
#include "stackgap/output.h"
#include "stackgap/parse.h"
#include "stackgap/render.h"
#include "stackgap/report.h"
#include "stackgap/rules.h"
#include "stackgap/spec.h"
#include "stackgap/task.h"
#include "stackgap/template.h"

#ifndef STACKGAP_VERSION
#define STACKGAP_VERSION "0.1.0"
#endif

enum { EXIT_SAME = 0, EXIT_DIFFERENT = 1, EXIT_TROUBLE = 2 };

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
    const char *help;
} command;

static const command *find_command(const char *name);

/* ---- options ------------------------------------------------------------------ */

typedef struct opts {
    const char *args[64]; /* positional arguments */
    int nargs;
    const char *format;
    const char *output;
    const char *color; /* auto | always | never */
    const char *prompt;
    int fail_on;       /* severity index, or -1 */
    int block, old_block, new_block;
    int jobs;
    size_t shard_index, shard_count;
    const char *progress; /* auto | bar | plain | none */
    const char *key;      /* comment marker key */
    const char *label;    /* comment --label */
    int max_chars;        /* comment size limit, 0: default */
    const char *spec;     /* --spec FILE */
    bool list, all, version, post_comment; /* --list, --all, --version, --post */
    sg_post_opts post; /* --pr, --repo, --api-url, --author: checked by sg_github_config */
} opts;

static int usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "stackgap %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    const command *c = find_command(cmd);
    fprintf(stderr, "\n%s\nTry 'stackgap help %s'.\n", c ? c->usage : "", cmd);
    return EXIT_TROUBLE;
}

static int parse_int(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 1 || v > 1000000)
        return -1;
    *out = (int)v;
    return 0;
}

static int report_error(const sg_error *err);

/* --spec FILE: loaded once, before any thread starts, and kept until exit. */
static sg_spec *user_spec;

static void free_user_spec(void)
{
    sg_spec_free(user_spec);
}

static int use_spec_file(const char *path)
{
    sg_error err;
    if (user_spec)
        return 0;
    if (sg_spec_load_file(path, &user_spec, &err) != 0)
        return report_error(&err);
    atexit(free_user_spec);
    sg_spec_use(user_spec);
    return 0;
}

/* Parses argv for `cmd`; `allowed` lists the options the command takes. */
static int parse_opts(const char *cmd, int argc, char **argv, const char *allowed,
                      int max_args, opts *o)
{
    bool many = max_args < 0; /* one or more positional arguments */
    if (many)
        max_args = (int)(sizeof o->args / sizeof *o->args);
    memset(o, 0, sizeof *o);
    o->color = "auto";
    o->fail_on = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        const char *name = a;
        if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++) {
                if (o->nargs == max_args)
                    return usage_error(cmd, "unexpected argument '%s'", argv[i]);
                o->args[o->nargs++] = argv[i];
            }
            break;
        }
        if (a[0] != '-' || a[1] == '\0') {
            if (o->nargs == max_args)
                return usage_error(cmd, "unexpected argument '%s'", a);
            o->args[o->nargs++] = a;
            continue;
        }
        char longname[64];
        const char *eq = strchr(a, '=');
        if (eq && a[1] == '-' && (size_t)(eq - a) < sizeof longname) {
            memcpy(longname, a, (size_t)(eq - a));
            longname[eq - a] = '\0';
            name = longname;
            val = eq + 1;
        }
        const char *key = strcmp(name, "-o") == 0 ? "output" : name + 2;
        if (name[1] != '-' && strcmp(name, "-o") != 0)
            return usage_error(cmd, "unknown option '%s'", a);
        char probe[80];
        snprintf(probe, sizeof probe, " %s ", key);
        if (!strstr(allowed, probe))
            return usage_error(cmd, "unknown option '%s'", a);
        bool flag = strcmp(key, "list") == 0 || strcmp(key, "all") == 0 ||
                    strcmp(key, "post") == 0 || strcmp(key, "version") == 0;
        if (flag) {
            if (val)
                return usage_error(cmd, "option '%s' takes no value", name);
            if (strcmp(key, "list") == 0)
                o->list = true;
            else if (strcmp(key, "all") == 0)
                o->all = true;
            else if (strcmp(key, "version") == 0)
                o->version = true;
            else
                o->post_comment = true;
            continue;
        }
        if (!val) {
            if (i + 1 >= argc)
                return usage_error(cmd, "option '%s' needs a value", name);
            val = argv[++i];
        }
        if (strcmp(key, "format") == 0)
            o->format = val;
        else if (strcmp(key, "output") == 0)
            o->output = val;
        else if (strcmp(key, "prompt") == 0)
            o->prompt = val;
        else if (strcmp(key, "spec") == 0)
            o->spec = val;
        else if (strcmp(key, "label") == 0) {
            if (!*val)
                return usage_error(cmd, "--label takes a non-empty path");
            o->label = val;
        }
        else if (strcmp(key, "out") == 0)
            o->output = val;
        else if (strcmp(key, "key") == 0) {
            if (!sg_comment_key_valid(val))
                return usage_error(cmd, "--key takes 1 to 80 characters of A-Z a-z 0-9 . _ / -, not '%s'", val);
            o->key = val;
        } else if (strcmp(key, "max-chars") == 0) {
            if (parse_int(val, &o->max_chars) != 0)
                return usage_error(cmd, "--max-chars takes a number from 1 to 1000000, not '%s'", val);
        }
        else if (strcmp(key, "pr") == 0)
            o->post.pr = val;
        else if (strcmp(key, "repo") == 0)
            o->post.repo = val;
        else if (strcmp(key, "api-url") == 0)
            o->post.api_url = val;
        else if (strcmp(key, "author") == 0)
            o->post.author = val;
        else if (strcmp(key, "jobs") == 0) {
            if (parse_int(val, &o->jobs) != 0 || o->jobs > 256)
                return usage_error(cmd, "--jobs takes a number from 1 to 256, not '%s'", val);
        } else if (strcmp(key, "shard") == 0) {
            char *slash;
            unsigned long si = strtoul(val, &slash, 10), n = 0;
            if (*slash == '/')
                n = strtoul(slash + 1, &slash, 10);
            if (*slash || si < 1 || n < 1 || si > n || n > 100000)
                return usage_error(cmd, "--shard takes I/N with 1 <= I <= N, not '%s'", val);
            o->shard_index = si;
            o->shard_count = n;
        } else if (strcmp(key, "progress") == 0) {
            if (strcmp(val, "auto") && strcmp(val, "bar") && strcmp(val, "plain") &&
                strcmp(val, "none"))
                return usage_error(cmd, "--progress takes auto, bar, plain or none, not '%s'", val);
            o->progress = val;
        } else if (strcmp(key, "fail-on") == 0) {
            o->fail_on = sg_severity_parse(val);
            if (o->fail_on < 0)
                return usage_error(cmd, "--fail-on takes critical, high, medium or low, not '%s'", val);
        } else if (strcmp(key, "color") == 0) {
            if (strcmp(val, "auto") && strcmp(val, "always") && strcmp(val, "never"))
                return usage_error(cmd, "--color takes auto, always or never, not '%s'", val);
            o->color = val;
        } else {
            int *dst = strcmp(key, "block") == 0       ? &o->block
                       : strcmp(key, "old-block") == 0 ? &o->old_block
                                                       : &o->new_block;
            if (parse_int(val, dst) != 0)
                return usage_error(cmd, "block numbers are positive integers, not '%s'", val);
        }
    }
    if (many ? o->nargs == 0 : o->nargs != max_args)
        return usage_error(cmd, "missing argument");
    return o->spec ? use_spec_file(o->spec) : 0;
}

/* NO_COLOR (no-color.org): set and not empty disables colour. */
static bool no_color(void)
{
    const char *v = getenv("NO_COLOR");
    return v && *v;
}

static int report_error(const sg_error *err)
{
    char buf[1024];
    sg_error_format(err, buf, sizeof buf);
    fprintf(stderr, "stackgap: %s\n", buf);
    return EXIT_TROUBLE;
}

/* Reports err, then frees the arena that err.file may point into. */
static int fail_free(sg_arena *a, const sg_error *err)
{
    int rc = report_error(err);
    sg_arena_free(a);
    return rc;
}

static int finish(const opts *o, sg_strbuf *out, const char *const *inputs, int status)
{
    sg_error err;
    int rc = sg_output_write(o->output, out->data ? out->data : "", out->len, inputs, &err);
    sg_strbuf_free(out);
    return rc == 0 ? status : report_error(&err);
}

/* ---- commands ------------------------------------------------------------------- */

static int cmd_diff(int argc, char **argv)
{
    opts o;
    if (parse_opts("diff", argc, argv, " format output color old-block new-block all spec ", 2, &o))
        return EXIT_TROUBLE;
    const char *fmt = o.format ? o.format : "text";
    if (strcmp(fmt, "text") && strcmp(fmt, "markdown") && strcmp(fmt, "json"))
        return usage_error("diff", "--format takes text, markdown or json, not '%s'", fmt);

    sg_arena *a = sg_arena_new();
    sg_template t[2];
    sg_error err;
    for (int i = 0; i < 2; i++) {
        sg_load_opts lo = {.block = i ? o.new_block : o.old_block};
        if (sg_load_file(a, o.args[i], &lo, &t[i], &err) != 0) {
            return fail_free(a, &err);
        }
    }
    sg_diff d;
    sg_diff_templates(a, &t[0], &t[1], NULL, &d);
    sg_diff_annotate_impact(a, &d);

    sg_strbuf out = SG_STRBUF_INIT;
    sg_render_opts ro = {.show_unchanged = o.all};
    bool tty = (!o.output || strcmp(o.output, "-") == 0) && isatty(STDOUT_FILENO);
    ro.color = strcmp(o.color, "always") == 0 ||
               (strcmp(o.color, "auto") == 0 && tty && !no_color());
    if (strcmp(fmt, "json") == 0)
        sg_render_diff_json(&out, &d);
    else if (strcmp(fmt, "markdown") == 0)
        sg_render_diff_markdown(&out, &d, &ro);
    else
        sg_render_diff_text(&out, &d, &ro);
    int status = sg_diff_equivalent(&d) ? EXIT_SAME : EXIT_DIFFERENT;
    const char *inputs[] = {o.args[0], o.args[1], NULL};
    int rc = finish(&o, &out, inputs, status);
    sg_arena_free(a);
    return rc;
}

static const char *status_word(sg_cand_status s)
{
    switch (s) {
    case SG_CAND_TEMPLATE: return "template";
    case SG_CAND_TRUNCATED: return "truncated";
    case SG_CAND_UNPARSEABLE: return "unparseable";
    default: return "other";
    }
}

static int cmd_extract(int argc, char **argv)
{
    opts o;
    if (parse_opts("extract", argc, argv, " list block output ", 1, &o))
        return EXIT_TROUBLE;
    sg_arena *a = sg_arena_new();
    sg_error err;
    char *buf;
    size_t len;
    if (sg_read_file(o.args[0], sg_limits_default()->max_input_bytes, &buf, &len, &err) != 0) {
        return fail_free(a, &err);
    }
    sg_extraction ex;
    int rc = sg_extract(a, o.args[0], buf, len, NULL, &ex, &err);
    free(buf);
    if (rc != 0) {
        return fail_free(a, &err);
    }
    sg_strbuf out = SG_STRBUF_INIT;
    const char *inputs[] = {o.args[0], NULL};
    if (o.list) {
        sg_strbuf_puts(&out, "block  line  info        status       resources  name\n");
        for (size_t i = 0; i < ex.ncands; i++) {
            const sg_candidate *c = &ex.cands[i];
            sg_strbuf_printf(&out, "%c%-5d %-5u %-11.11s %-12s %9zu  %s", (int)i == ex.chosen ? '*' : ' ',
                             c->index, c->line, c->info[0] ? c->info : "-", status_word(c->status),
                             c->resources, c->name ? c->name : "-");
            if (c->status == SG_CAND_TRUNCATED || c->status == SG_CAND_UNPARSEABLE)
                sg_strbuf_printf(&out, "  (line %u:%u: %s)", c->err.line, c->err.col, c->err.msg);
            sg_strbuf_putc(&out, '\n');
        }
        if (ex.chosen < 0)
            sg_strbuf_printf(&out, "%s\n", ex.summary);
        rc = finish(&o, &out, inputs, 0);
        sg_arena_free(a);
        return rc;
    }
    int pick = ex.chosen;
    if (o.block) {
        pick = -1;
        for (size_t i = 0; i < ex.ncands; i++)
            if (ex.cands[i].index == o.block)
                pick = (int)i;
        if (pick < 0) {
            sg_fail(&err, o.args[0], 0, 0, "no code block %d (the response has %zu)", o.block,
                    ex.ncands);
            return fail_free(a, &err);
        }
    } else if (pick < 0) {
        sg_fail(&err, o.args[0], 0, 0, "%s", ex.summary);
        return fail_free(a, &err);
    }
    const sg_candidate *c = &ex.cands[pick];
    if (c->status == SG_CAND_TRUNCATED)
        fprintf(stderr, "stackgap: warning: %s:%u: template cut off here: %s\n", o.args[0],
                c->err.line, c->err.msg);
    sg_strbuf_putn(&out, c->text, c->text_len);
    if (c->text_len && c->text[c->text_len - 1] != '\n')
        sg_strbuf_putc(&out, '\n');
    rc = finish(&o, &out, inputs, 0);
    sg_arena_free(a);
    return rc;
}

static int cmd_normalize(int argc, char **argv)
{
    opts o;
    if (parse_opts("normalize", argc, argv, " format output block ", 1, &o))
        return EXIT_TROUBLE;
    const char *fmt = o.format ? o.format : "json";
    if (strcmp(fmt, "json") && strcmp(fmt, "yaml"))
        return usage_error("normalize", "--format takes json or yaml, not '%s'", fmt);
    sg_arena *a = sg_arena_new();
    sg_template t;
    sg_error err;
    sg_load_opts lo = {.block = o.block};
    if (sg_load_file(a, o.args[0], &lo, &t, &err) != 0) {
        return fail_free(a, &err);
    }
    sg_strbuf out = SG_STRBUF_INIT;
    if (strcmp(fmt, "yaml") == 0) {
        sg_emit_yaml(&out, t.root);
    } else {
        sg_emit_json(&out, t.root, 2);
        sg_strbuf_putc(&out, '\n');
    }
    const char *inputs[] = {o.args[0], NULL};
    int rc = finish(&o, &out, inputs, 0);
    sg_arena_free(a);
    return rc;
}

/* Exit status for --fail-on: 1 when a finding at or above it exists. */
static int fail_on_status(int fail_on, const sg_findings *f)
{
    for (size_t i = 0; fail_on >= 0 && i < f->n; i++)
        if ((int)f->v[i].severity <= fail_on)
            return EXIT_DIFFERENT;
    return EXIT_SAME;
}

static int run_report(const opts *o, const sg_report_opts *ro, const char *const *inputs)
{
    const char *fmt = o->format ? o->format : "markdown";
    sg_arena *a = sg_arena_new();
    sg_report r;
    sg_error err;
    if (sg_report_build(a, ro, &r, &err) != 0) {
        sg_report_free(&r);
        return fail_free(a, &err);
    }
    sg_strbuf out = SG_STRBUF_INIT;
    if (strcmp(fmt, "json") == 0)
        sg_render_report_json(&out, &r);
    else if (strcmp(fmt, "html") == 0)
        sg_render_report_html(&out, &r, NULL);
    else if (strcmp(fmt, "sarif") == 0)
        sg_render_report_sarif(&out, &r);
    else if (strcmp(fmt, "junit") == 0)
        sg_render_report_junit(&out, &r);
    else
        sg_render_report_markdown(&out, &r);
    int status = fail_on_status(o->fail_on, &r.findings);
    int rc = finish(o, &out, inputs, status);
    sg_report_free(&r);
    sg_arena_free(a);
    return rc;
}

static int check_report_format(const char *cmd, const opts *o)
{
    if (o->format && strcmp(o->format, "markdown") && strcmp(o->format, "json") &&
        strcmp(o->format, "html") && strcmp(o->format, "sarif") && strcmp(o->format, "junit"))
        return usage_error(cmd, "--format takes markdown, json, html, sarif or junit, not '%s'",
                           o->format);
    return 0;
}

static int cmd_report(int argc, char **argv)
{
    opts o;
    if (parse_opts("report", argc, argv, " prompt format output fail-on spec ", 2, &o) ||
        check_report_format("report", &o))
        return EXIT_TROUBLE;
    sg_report_opts ro = {.model_path = o.args[0], .ideal_path = o.args[1], .prompt_path = o.prompt};
    const char *inputs[] = {o.args[0], o.args[1], o.prompt, NULL};
    return run_report(&o, &ro, inputs);
}

static int cmd_comment(int argc, char **argv)
{
    opts o;
    if (parse_opts("comment", argc, argv,
                   " key label max-chars output fail-on post pr repo api-url author spec ", 2,
                   &o))
        return EXIT_TROUBLE;
    if (o.post_comment && o.max_chars > SG_GITHUB_MAX_COMMENT_CHARS)
        return usage_error("comment", "--max-chars %d is over GitHub's limit of %d characters, "
                           "which --post cannot exceed", o.max_chars, SG_GITHUB_MAX_COMMENT_CHARS);
    sg_comment_opts co = {.old_path = o.args[0], .new_path = o.args[1], .key = o.key,
                          .label = o.label, .max_chars = (size_t)o.max_chars};
    sg_arena *a = sg_arena_new();
    sg_report r;
    sg_error err;
    if (sg_comment_build(a, &co, &r, &err) != 0) {
        sg_report_free(&r);
        return fail_free(a, &err);
    }
    sg_strbuf out = SG_STRBUF_INIT;
    sg_comment_result res;
    sg_comment_render(&out, &r, &co, &res);
    int status = EXIT_SAME; /* pre-existing gaps do not fail a change */
    for (int s = 0; o.fail_on >= 0 && s <= o.fail_on; s++)
        if (r.by_severity[s])
            status = EXIT_DIFFERENT;
    if (!res.fits) {
        /* the last step with no title listed: the shortest body there is */
        fprintf(stderr, "stackgap comment: --max-chars %zu is too small: the shortest body (marker, "
                        "verdict, counts and notes) takes %zu bytes\n",
                co.max_chars ? co.max_chars : (size_t)SG_GITHUB_MAX_COMMENT_CHARS, out.len);
        status = EXIT_TROUBLE;
        sg_strbuf_free(&out);
        sg_report_free(&r);
        sg_arena_free(a);
        return status;
    }
    if (res.titles_omitted)
        fprintf(stderr, "stackgap comment: warning: %zu critical/high finding%s could not be "
                        "listed within --max-chars\n", res.titles_omitted,
                res.titles_omitted == 1 ? "" : "s");
    const char *inputs[] = {o.args[0], o.args[1], NULL};
    int rc = status;
    if (o.post_comment) {
        /* posted bodies are not printed as well: CI logs stay short; -o keeps a copy,
         * written first so that it is there when the post fails */
        sg_error werr;
        if (o.output && sg_output_write(o.output, out.data ? out.data : "", out.len, inputs,
                                        &werr) != 0)
            rc = report_error(&werr);
        else
            rc = sg_cli_post_comment(out.data, out.len, &o.post);
        if (rc == 0)
            rc = status;
        sg_strbuf_free(&out);
    } else {
        rc = finish(&o, &out, inputs, rc);
    }
    sg_report_free(&r);
    sg_arena_free(a);
    return rc;
}

static int cmd_task(int argc, char **argv)
{
    opts o;
    if (parse_opts("task", argc, argv, " format output fail-on spec ", 1, &o) ||
        check_report_format("task", &o))
        return EXIT_TROUBLE;
    sg_arena *a = sg_arena_new();
    sg_task_files files;
    sg_error err;
    if (sg_task_locate(a, o.args[0], &files, &err) != 0)
        return fail_free(a, &err);
    sg_report_opts ro = {.model_path = files.model, .ideal_path = files.ideal,
                         .prompt_path = files.prompt, .ideal_note = files.note};
    const char *inputs[] = {files.model, files.ideal, files.prompt, NULL};
    int rc = run_report(&o, &ro, inputs);
    sg_arena_free(a);
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    opts o;
    if (parse_opts("check", argc, argv, " format output fail-on block spec ", 1, &o))
        return EXIT_TROUBLE;
    const char *fmt = o.format ? o.format : "text";
    if (strcmp(fmt, "text") && strcmp(fmt, "json") && strcmp(fmt, "sarif") && strcmp(fmt, "junit"))
        return usage_error("check", "--format takes text, json, sarif or junit, not '%s'", fmt);
    sg_arena *a = sg_arena_new();
    sg_template t;
    sg_error err;
    sg_load_opts lo = {.block = o.block};
    if (sg_load_file(a, o.args[0], &lo, &t, &err) != 0)
        return fail_free(a, &err);
    sg_findings f = {0};
    sg_check_template(a, &t, &f);
    sg_strbuf out = SG_STRBUF_INIT;
    sg_findings_run run = {.file = o.args[0], .findings = &f, .model = &t};
    if (strcmp(fmt, "json") == 0)
        sg_render_findings_json(&out, o.args[0], &f);
    else if (strcmp(fmt, "sarif") == 0)
        sg_render_findings_sarif(&out, &run);
    else if (strcmp(fmt, "junit") == 0)
        sg_render_findings_junit(&out, &run);
    else
        sg_render_findings_text(&out, &f);
    const char *inputs[] = {o.args[0], NULL};
    int rc = finish(&o, &out, inputs, fail_on_status(o.fail_on >= 0 ? o.fail_on : SG_SEV_LOW, &f));
    sg_findings_free(&f);
    sg_arena_free(a);
    return rc;
}

static void put_shape(sg_strbuf *out, const sg_spec_shape *sh)
{
    if (sh->kind == SG_SPEC_LIST || sh->kind == SG_SPEC_MAP) {
        sg_strbuf_printf(out, "%s of ", sg_spec_kind_name(sh->kind));
        if (sh->item != SG_SPEC_STRUCT) {
            sg_strbuf_puts(out, sg_spec_kind_name(sh->item));
            return;
        }
    } else if (sh->kind != SG_SPEC_STRUCT) {
        sg_strbuf_puts(out, sg_spec_kind_name(sh->kind));
        return;
    }
    sg_strbuf_putn(out, sh->type, sh->type_len);
}

static int cmd_spec(int argc, char **argv)
{
    opts o;
    bool version = false;
    for (int i = 1; i < argc; i++)
        version |= strcmp(argv[i], "--version") == 0;
    if (parse_opts("spec", argc, argv, " version spec output ", version ? 0 : 1, &o))
        return EXIT_TROUBLE;
    const sg_spec *sp = sg_spec_active();
    sg_strbuf out = SG_STRBUF_INIT;
    if (o.version) {
        sg_spec_info in;
        sg_spec_get_info(sp, &in);
        sg_strbuf_printf(&out,
                         "%s %s (CloudFormation %s, published %s)\n"
                         "%zu resource types, %zu property types, %zu properties, %zu attributes;"
                         " %zu bytes, %s\n",
                         in.package, in.version, in.spec_version, in.published, in.resource_types,
                         in.property_types, in.properties, in.attributes, in.bytes,
                         o.spec ? o.spec : "embedded");
        return finish(&o, &out, NULL, 0);
    }
    /* TYPE or TYPE.PropertyType: the type's properties and attributes. */
    const char *name = o.args[0], *dot = strchr(name, '.');
    const sg_spec_type *t = sg_spec_resource(sp, name, dot ? (size_t)(dot - name) : strlen(name));
    if (t && dot)
        t = sg_spec_struct(sp, t, dot + 1, strlen(dot + 1));
    else if (!t)
        t = sg_spec_struct(sp, NULL, name, strlen(name));
    if (!t) {
        size_t n;
        const char *near = sg_spec_suggest_resource(sp, name, strlen(name), &n);
        fprintf(stderr, "stackgap spec: no type '%s' in the spec", name);
        if (near)
            fprintf(stderr, " (did you mean %.*s?)", (int)n, near);
        fputc('\n', stderr);
        return EXIT_DIFFERENT;
    }
    sg_spec_type_name(sp, t, &out);
    sg_strbuf_putc(&out, '\n');
    sg_spec_doc_link(sp, t, NULL, &out);
    sg_strbuf_putc(&out, '\n');
    sg_spec_shape alias;
    if (sg_spec_type_alias(sp, t, &alias)) {
        sg_strbuf_puts(&out, "alias of ");
        put_shape(&out, &alias);
        sg_strbuf_putc(&out, '\n');
    }
    for (size_t i = 0; i < sg_spec_property_count(t); i++) {
        sg_spec_prop p;
        sg_spec_property_at(sp, t, i, &p);
        sg_strbuf_printf(&out, "  %-40.*s %-8s %-11s ", (int)p.name_len, p.name,
                         p.required ? "required" : "optional", sg_spec_update_name(p.update));
        put_shape(&out, &p.shape);
        sg_strbuf_putc(&out, '\n');
    }
    for (size_t i = 0; i < sg_spec_attribute_count(t); i++) {
        size_t n;
        const char *a = sg_spec_attribute_at(sp, t, i, &n);
        sg_strbuf_printf(&out, "  attribute %.*s\n", (int)n, a);
    }
    return finish(&o, &out, NULL, 0);
}

static int cmd_rules(int argc, char **argv)
{
    opts o;
    if (parse_opts("rules", argc, argv, " format output ", 0, &o))
        return EXIT_TROUBLE;
    const char *fmt = o.format ? o.format : "markdown";
    if (strcmp(fmt, "markdown") && strcmp(fmt, "json"))
        return usage_error("rules", "--format takes markdown or json, not '%s'", fmt);
    sg_strbuf out = SG_STRBUF_INIT;
    if (strcmp(fmt, "json") == 0)
        sg_rules_render_json(&out);
    else
        sg_rules_render_markdown(&out);
    return finish(&o, &out, NULL, 0);
}

/* ---- batch progress on stderr ------------------------------------------------------ */

typedef struct progress_state {
    bool bar, plain;
    struct timespec start;
} progress_state;

static double seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void batch_progress(const sg_batch_task *t, size_t done, size_t total, void *ctx)
{
    progress_state *p = ctx;
    if (p->plain) {
        if (t->failed)
            fprintf(stderr, "[%zu/%zu] %s: failed: %s\n", done, total, t->name, t->reason);
        else
            fprintf(stderr, "[%zu/%zu] %s: %s, %zu findings\n", done, total, t->name,
                    sg_verdict_id(t->verdict), t->findings);
    } else if (p->bar) {
        double el = seconds_since(&p->start), rate = el > 0 ? (double)done / el : 0;
        int width = 30, fill = total ? (int)((double)width * (double)done / (double)total) : width;
        fprintf(stderr, "\r[%.*s%.*s] %zu/%zu %.0f/s ETA %.0fs ", fill,
                "##############################", width - fill,
                "..............................", done, total, rate,
                rate > 0 ? (double)(total - done) / rate : 0.0);
        if (done == total)
            fputc('\n', stderr);
    }
}

static int cmd_batch(int argc, char **argv)
{
    opts o;
    if (parse_opts("batch", argc, argv, " out jobs format shard progress fail-on spec ", -1, &o))
        return EXIT_TROUBLE;
    const char *fmt = o.format ? o.format : "both";
    unsigned formats = sg_batch_parse_formats(fmt);
    if (!formats)
        return usage_error("batch", "--format takes a comma-separated list of markdown, json, "
                                    "html, sarif and junit (or both, all), not '%s'", fmt);
    if (!o.output)
        return usage_error("batch", "%s", "--out OUTDIR is required");
    sg_batch b;
    sg_error err;
    if (sg_batch_find(o.args, (size_t)o.nargs, &b, &err) != 0)
        return report_error(&err);
    if (o.shard_count)
        sg_batch_shard(&b, o.shard_index, o.shard_count);
    const char *mode = o.progress ? o.progress : "auto";
    progress_state ps = {.bar = strcmp(mode, "bar") == 0 ||
                                (strcmp(mode, "auto") == 0 && isatty(STDERR_FILENO)),
                         .plain = strcmp(mode, "plain") == 0};
    clock_gettime(CLOCK_MONOTONIC, &ps.start);
    sg_batch_opts bo = {.out_dir = o.output,
                        .formats = formats,
                        .jobs = o.jobs,
                        .progress = batch_progress,
                        .progress_ctx = &ps};
    size_t failed = sg_batch_run(&b, &bo);
    size_t reports = 0, over = 0;
    for (size_t i = 0; i < b.n; i++) {
        const sg_batch_task *t = &b.tasks[i];
        reports += !t->failed;
        for (int s = 0; !t->failed && o.fail_on >= 0 && s <= o.fail_on; s++)
            if (t->by_severity[s]) {
                over++;
                break;
            }
    }
    fprintf(stderr, "stackgap batch: %zu tasks, %zu reports in %s, %.2f s", b.n, reports, o.output,
            seconds_since(&ps.start));
    if (failed) {
        fprintf(stderr, "; failed:");
        for (size_t i = 0; i < b.n; i++)
            if (b.tasks[i].failed)
                fprintf(stderr, " %s", b.tasks[i].name);
    }
    fputc('\n', stderr);
    sg_batch_free(&b);
    return failed ? EXIT_TROUBLE : over ? EXIT_DIFFERENT : EXIT_SAME;
}

/* Plumbing under `comment --post`: upserts a finished comment body. */
static int cmd_post_comment(int argc, char **argv)
{
    opts o;
    if (parse_opts("post-comment", argc, argv, " pr repo api-url author ", 1, &o))
        return EXIT_TROUBLE;
    char *buf;
    size_t len;
    sg_error err;
    if (sg_read_file(o.args[0], (size_t)4 << 20, &buf, &len, &err) != 0)
        return report_error(&err);
    int rc = sg_cli_post_comment(buf, len, &o.post);
    free(buf);
    return rc;
}

static void print_usage(FILE *f);

static int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stdout);
        return 0;
    }
    const command *c = find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "stackgap: no such command '%s'\n", argv[1]);
        return EXIT_TROUBLE;
    }
    printf("%s\n\n%s", c->usage, c->help);
    return 0;
}

static const command commands[] = {
    {"diff", cmd_diff,
     "usage: stackgap diff OLD NEW [--format text|markdown|json] [-o FILE] [--all]\n"
     "                     [--color auto|always|never] [--old-block N] [--new-block N]",
     "Compares two CloudFormation templates structurally. OLD and NEW are JSON or YAML\n"
     "templates (.json, .yaml, .yml, .template) or Markdown responses whose code blocks\n"
     "hold the template (the final complete template is used unless --old-block or\n"
     "--new-block names a block; see 'stackgap extract --list').\n\n"
     "  --format F     text (default), markdown or json (schema: docs/json-schema.md)\n"
     "  -o, --output F write to F atomically instead of standard output\n"
     "  --all          list unchanged entries too\n"
     "  --color WHEN   colour text output: auto (a terminal without NO_COLOR), always, never\n\n"
     "Exit status: 0 equivalent, 1 different, 2 trouble.\n"},
    {"extract", cmd_extract,
     "usage: stackgap extract RESPONSE.md [--list] [--block N] [-o FILE]",
     "Finds the CloudFormation templates in a Markdown response and writes the chosen one\n"
     "(the final complete template, or block N) as it appears in the response.\n\n"
     "  --list         list every code block: index, line, info string, status,\n"
     "                 resource count and the file name the response gives it;\n"
     "                 '*' marks the default choice\n"
     "  --block N      write code block N instead of the default\n"
     "  -o, --output F write to F atomically instead of standard output\n\n"
     "Exit status: 0 success (--list always: it reports what it found), 2 trouble\n"
     "(including a response with no template).\n"},
    {"normalize", cmd_normalize,
     "usage: stackgap normalize FILE [--format json|yaml] [--block N] [-o FILE]",
     "Prints the canonical form stackgap compares: keys sorted, scalars as strings,\n"
     "intrinsics in long form, set-like lists sorted (docs/normalization.md).\n"},
    {"report", cmd_report,
     "usage: stackgap report MODEL IDEAL [--prompt PROMPT.md]\n"
     "                       [--format markdown|json|html|sarif|junit] [-o FILE]\n"
     "                       [--fail-on critical|high|medium|low]",
     "Writes the failure analysis of a model's answer against the ideal template, in the\n"
     "shape of a MODEL_FAILURES.md: verdict, summary by category and severity, findings\n"
     "with evidence from both files, requirement compliance (with --prompt), deployment\n"
     "readiness, resource inventory and the structural diff. MODEL and IDEAL are templates\n"
     "or Markdown responses. An answer without a template gets a report saying so.\n\n"
     "  --prompt F     check the requirements stated in PROMPT.md F\n"
     "  --format F     markdown (default), json (schema: docs/report.md), html (a\n"
     "                 standalone page: no script, no network; docs/html.md), sarif\n"
     "                 (SARIF 2.1.0 for code scanning) or junit (docs/formats.md)\n"
     "  -o, --output F write to F atomically instead of standard output\n"
     "  --fail-on S    exit 1 when a finding at or above severity S exists\n\n"
     "Exit status: 0 (or 1 with --fail-on), 2 trouble.\n"},
    {"comment", cmd_comment,
     "usage: stackgap comment OLD NEW [--key K] [--label PATH] [--max-chars N] [-o FILE]\n"
     "                        [--fail-on critical|high|medium|low] [--spec FILE]\n"
     "                        [--post [--pr N] [--repo OWNER/NAME] [--api-url URL]\n"
     "                                [--author LOGIN]]",
     "Writes a pull-request comment body for the change from OLD to NEW (templates or\n"
     "Markdown responses): a hidden marker on line 1, the verdict, the counts by category\n"
     "and severity, security-relevant changes first (IAM widened, security groups opened,\n"
     "encryption/logging/backup removed), then one collapsed section per category, worded\n"
     "as added / removed / changed. Template text is escaped and secrets are masked. Too\n"
     "long a body is shortened step by step; the marker, the counts and critical/high\n"
     "titles are kept (docs/pr-comment.md).\n\n"
     "  --key K        marker key: <!-- stackgap:comment key=K --> (default: from the\n"
     "                 two paths, or the label); 1-80 characters of A-Z a-z 0-9 . _ / -\n"
     "  --label PATH   show PATH for both templates (OLD and NEW are temporary copies\n"
     "                 of it); the default key is then PATH, or h + a hash of it\n"
     "  --max-chars N  size limit in bytes (default 65536, GitHub's comment limit)\n"
     "  -o, --output F write to F atomically instead of standard output\n"
     "  --fail-on S    exit 1 when this change brings a finding at or above severity S\n"
     "  --post         create or update the comment on the pull request instead of\n"
     "                 printing it (with -o, also write it); --pr, --repo, --api-url and\n"
     "                 --author as for post-comment, token from GITHUB_TOKEN\n"
     "                 (docs/pr-bot.md)\n\n"
     "Exit status: 0 (or 1 with --fail-on), 2 trouble (including a --max-chars too small\n"
     "for the counts, or a failed post).\n"},
    {"task", cmd_task,
     "usage: stackgap task DIR [--format markdown|json|html|sarif|junit] [-o FILE]\n"
     "                     [--fail-on SEVERITY]",
     "Runs 'report' on a task folder: DIR/lib/MODEL_RESPONSE.md against the ideal\n"
     "DIR/lib/TapStack.yml|yaml|json (else DIR/lib/IDEAL_RESPONSE.md), with the\n"
     "requirements of DIR/lib/PROMPT.md when present. DIR may also be the lib folder.\n"},
    {"check", cmd_check,
     "usage: stackgap check TEMPLATE [--format text|json|sarif|junit] [--block N] [-o FILE]\n"
     "                      [--fail-on SEVERITY]",
     "Runs the rule catalog and the template-wide analysis on one template (lint style,\n"
     "no ideal needed). Text output: one line per finding, file:line: severity [rule].\n"
     "sarif and junit are for CI (docs/formats.md).\n\n"
     "Exit status: 1 when a finding at or above --fail-on (default: low) exists, else 0;\n"
     "2 trouble.\n"},
    {"rules", cmd_rules, "usage: stackgap rules [--format markdown|json] [-o FILE]",
     "Prints the rule catalog: id, category, severity, resource types, what passing\n"
     "means, why it matters, and what established scanners call it. docs/rules.md is\n"
     "this command's Markdown output.\n"},
    {"batch", cmd_batch,
     "usage: stackgap batch DIR... --out OUTDIR [--jobs N] [--format LIST]\n"
     "                      [--shard I/N] [--progress auto|bar|plain|none] [--fail-on SEVERITY]",
     "Finds the task folders under each DIR (a folder with lib/MODEL_RESPONSE.md) and\n"
     "writes each task's report to OUTDIR/<task>/MODEL_FAILURES.md and report.json, then\n"
     "OUTDIR/summary.md and summary.json (per task: verdict, counts by severity and\n"
     "category; failures with reasons). One bad task never stops the run, and the output\n"
     "is the same whatever --jobs.\n\n"
     "  --format LIST  reports per task, comma-separated: markdown (MODEL_FAILURES.md),\n"
     "                 json (report.json), html (MODEL_FAILURES.html), sarif\n"
     "                 (report.sarif), junit (report.junit.xml); both = markdown,json\n"
     "                 (default), all = every format\n"
     "  --jobs N       threads (default: one per core)\n"
     "  --shard I/N    only every N-th task, starting with the I-th: a CI matrix of N\n"
     "                 jobs covers the corpus once\n"
     "  --progress P   auto (a bar when stderr is a terminal, else nothing), bar, plain\n"
     "                 (a line per task) or none\n\n"
     "Exit status: 0; 1 with --fail-on when a task has a finding at or above it;\n"
     "2 when a task could not be reported (the final line names them).\n"},
    {"post-comment", cmd_post_comment,
     "usage: stackgap post-comment BODY.md [--pr N] [--repo OWNER/NAME] [--api-url URL]\n"
     "                             [--author LOGIN]",
     "Creates or updates the pull-request comment whose first line is BODY.md's first\n"
     "line (its marker), through the GitHub REST API; leaves it alone when unchanged.\n"
     "The plumbing under 'comment --post' (docs/pr-bot.md).\n\n"
     "  --pr N         the pull request (default: from GITHUB_EVENT_PATH or GITHUB_REF)\n"
     "  --repo R       OWNER/NAME (default: GITHUB_REPOSITORY)\n"
     "  --api-url URL  API base URL (default: GITHUB_API_URL, else https://api.github.com)\n"
     "  --author LOGIN only update comments by LOGIN (default: STACKGAP_COMMENT_AUTHOR,\n"
     "                 else any author)\n\n"
     "The token comes from GITHUB_TOKEN (or GH_TOKEN) and is never printed.\n"
     "Exit status: 0 posted or unchanged, 2 trouble.\n"},
    {"spec", cmd_spec,
     "usage: stackgap spec --version [--spec FILE]\n"
     "       stackgap spec TYPE[.PropertyType] [--spec FILE] [-o FILE]",
     "Tells which CloudFormation resource specification stackgap uses (package, version,\n"
     "publication date, counts), or lists a type's properties (required or optional,\n"
     "update behaviour, shape) and attributes. The spec is embedded at build time;\n"
     "--spec FILE (here and on diff, check, report, task, comment and batch) uses a\n"
     "distilled file made by src/spec/refresh.sh instead (docs/spec.md).\n\n"
     "Exit status: 0; 1 when TYPE is not in the spec; 2 trouble.\n"},
    {"help", cmd_help, "usage: stackgap help [COMMAND]", "Shows help for a command.\n"},
};

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void print_usage(FILE *f)
{
    fputs("usage: stackgap COMMAND [ARGS]\n\n"
          "Compares CloudFormation templates and explains the gap between them.\n\n"
          "commands:\n"
          "  diff OLD NEW        structural diff of two templates or Markdown responses\n"
          "  extract RESPONSE    list or write the templates inside a Markdown response\n"
          "  normalize FILE      print the canonical form used for comparison\n"
          "  report MODEL IDEAL  failure analysis of a model's answer (MODEL_FAILURES.md)\n"
          "  comment OLD NEW     pull-request comment body for a template change\n"
          "  task DIR            'report' on a task folder (lib/PROMPT.md, MODEL_RESPONSE.md ...)\n"
          "  check TEMPLATE      rule catalog and template-wide checks on one template\n"
          "  rules               list the rule catalog\n"
          "  spec --version      the embedded CloudFormation resource specification\n"
          "  batch DIR...        reports for every task folder under DIR, in parallel\n"
          "  help [COMMAND]      show help for a command\n\n"
          "options: --help, --version.  Exit status: 0 same, 1 different, 2 trouble.\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_TROUBLE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        print_usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("stackgap %s\n", STACKGAP_VERSION);
        return 0;
    }
    const command *c = find_command(argv[1]);
    if (!c) {
        fprintf(stderr, "stackgap: unknown command '%s'\n", argv[1]);
        print_usage(stderr);
        return EXIT_TROUBLE;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("%s\n\n%s", c->usage, c->help);
            return 0;
        }
    return c->run(argc - 1, argv + 1);
}
