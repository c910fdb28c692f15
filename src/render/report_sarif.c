/* report_sarif.c - findings as SARIF 2.1.0 for code scanning (docs/formats.md).
 *
 * One run; rules are the rule ids the findings use, sorted by id; results
 * follow the findings' order.  Every result has a location with
 * startLine >= 1 (code scanning drops results without one) and a
 * partialFingerprint that leaves line numbers out, so moving code keeps
 * its alerts.  No timestamps or absolute paths: the same inputs give the
 * same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/machine.h"
#include "stackgap/render.h"
#include "stackgap/rules.h"

#ifndef STACKGAP_VERSION
#define STACKGAP_VERSION "0.0.0"
#endif
#ifndef STACKGAP_URL
#define STACKGAP_URL "https://github.com/stackgap/stackgap"
#endif

#define SARIF_SCHEMA \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

sg_findings_run sg_report_run(const sg_report *r)
{
    return (sg_findings_run){.file = r->model_file, .findings = &r->findings, .model = r->model,
                             .with_ideal = true};
}

const char *sg_finding_file(const sg_findings_run *run, const sg_finding *f)
{
    return f->model.file ? f->model.file : run->file;
}

static const char *level(sg_severity s)
{
    return s <= SG_SEV_HIGH ? "error" : s == SG_SEV_MEDIUM ? "warning" : "note";
}

/* Categories whose gaps are security weaknesses: their rules carry the
 * "security" tag and a security-severity, which code scanning shows as
 * Critical/High/Medium/Low. */
static bool security_category(sg_category c)
{
    return c == SG_CAT_ENCRYPTION || c == SG_CAT_IAM || c == SG_CAT_NETWORK ||
           c == SG_CAT_PUBLIC_ACCESS || c == SG_CAT_SECRETS || c == SG_CAT_LOGGING;
}

/* Code scanning reads security-severity as a CVSS-like score: >= 9.0 critical,
 * 7.0-8.9 high, 4.0-6.9 medium, below 4.0 low. */
static const char *security_score(sg_severity s)
{
    static const char *const score[] = {"9.5", "8.0", "5.5", "3.0"};
    return score[s < SG_SEV_COUNT ? s : SG_SEV_LOW];
}

/* An artifact URI: the path as given, percent-encoded (RFC 3986); an
 * absolute path becomes a file: URI. */
static void uri(sg_strbuf *b, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    sg_strbuf tmp = SG_STRBUF_INIT;
    if (path[0] == '/')
        sg_strbuf_puts(&tmp, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p)) {
            sg_strbuf_putc(&tmp, (char)*p);
        } else {
            sg_strbuf_putc(&tmp, '%');
            sg_strbuf_putc(&tmp, hex[*p >> 4]);
            sg_strbuf_putc(&tmp, hex[*p & 15]);
        }
    }
    sg_strbuf_json_str(b, tmp.data, tmp.len);
    sg_strbuf_free(&tmp);
}

/* ---- rules ------------------------------------------------------------------------ */

typedef struct used_rule {
    const char *id;
    const sg_rule *desc; /* NULL for an id no table knows */
    unsigned categories; /* bit per category of its results */
    sg_severity worst;   /* of its results */
} used_rule;

static int by_id(const void *x, const void *y)
{
    return strcmp(((const used_rule *)x)->id, ((const used_rule *)y)->id);
}

/* The distinct rule ids of the findings, sorted. */
static used_rule *collect_rules(const sg_findings *f, size_t *n)
{
    used_rule *u = sg_xmalloc((f->n ? f->n : 1) * sizeof *u);
    size_t k = 0;
    for (size_t i = 0; i < f->n; i++) {
        u[k++] = (used_rule){.id = f->v[i].rule ? f->v[i].rule : "UNKNOWN",
                             .categories = 1u << f->v[i].category,
                             .worst = f->v[i].severity};
    }
    qsort(u, k, sizeof *u, by_id);
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        if (m && strcmp(u[m - 1].id, u[i].id) == 0) {
            u[m - 1].categories |= u[i].categories;
            if (u[i].worst < u[m - 1].worst)
                u[m - 1].worst = u[i].worst;
            continue;
        }
        u[m] = u[i];
        u[m].desc = sg_rule_describe(u[m].id);
        m++;
    }
    *n = m;
    return u;
}

static size_t rule_index(const used_rule *u, size_t n, const char *id)
{
    used_rule key = {.id = id ? id : "UNKNOWN"};
    const used_rule *r = bsearch(&key, u, n, sizeof *u, by_id);
    return (size_t)(r - u);
}

/* "S3 bucket has default encryption" -> "S3BucketHasDefaultEncryption". */
static void camel_name(sg_strbuf *b, const char *title)
{
    bool up = true;
    for (const char *p = title; *p; p++) {
        char c = *p;
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (c == '\'')
            continue; /* "function's" -> "Functions" */
        if (!alnum) {
            up = true;
            continue;
        }
        sg_strbuf_putc(b, up && c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
        up = false;
    }
}

static void rule_help(sg_strbuf *text, sg_strbuf *md, const used_rule *u)
{
    const sg_rule *r = u->desc;
    const char *title = r ? r->title : u->id;
    const char *why = r ? r->why : "A rule this version of stackgap does not describe.";
    sg_strbuf_printf(text, "%s. %s", title, why);
    sg_strbuf_puts(md, "**");
    sg_md_text(md, title, strlen(title));
    sg_strbuf_puts(md, "**\n\n");
    sg_md_text(md, why, strlen(why));
    sg_strbuf_puts(md, "\n\n");
    sg_strbuf_puts(text, " Category: ");
    sg_strbuf_puts(md, "- Category: ");
    bool first = true;
    for (int c = 0; c < SG_CAT_COUNT; c++)
        if (u->categories & (1u << c)) {
            const char *t = sg_category_title((sg_category)c);
            sg_strbuf_printf(text, "%s%s", first ? "" : ", ", t);
            sg_strbuf_printf(md, "%s%s", first ? "" : ", ", t);
            first = false;
        }
    sg_strbuf_puts(text, ".");
    sg_strbuf_puts(md, "\n");
    if (r && r->resource_types[0]) {
        sg_strbuf_printf(text, " Applies to: %s.", r->resource_types);
        sg_strbuf_puts(md, "- Applies to: ");
        sg_md_code(md, r->resource_types, strlen(r->resource_types));
        sg_strbuf_puts(md, "\n");
    }
    if (r && r->anchors && r->anchors[0]) {
        sg_strbuf_printf(text, " Other scanners: %s.", r->anchors);
        sg_strbuf_puts(md, "- Other scanners: ");
        sg_md_text(md, r->anchors, strlen(r->anchors));
        sg_strbuf_puts(md, "\n");
    }
}

static void rule_object(sg_strbuf *b, const used_rule *u)
{
    const sg_rule *r = u->desc;
    bool fixed_cat = r && r->category < SG_CAT_COUNT;
    sg_severity sev = r && r->severity < SG_SEV_COUNT ? r->severity : u->worst;
    unsigned cats = fixed_cat ? 1u << r->category : u->categories;
    sg_strbuf tmp = SG_STRBUF_INIT, md = SG_STRBUF_INIT;

    sg_strbuf_puts(b, "{\"id\": ");
    sg_strbuf_json_cstr(b, u->id);
    camel_name(&tmp, r ? r->title : u->id);
    sg_strbuf_puts(b, ", \"name\": ");
    sg_strbuf_json_str(b, tmp.data, tmp.len);
    tmp.len = 0;
    sg_strbuf_puts(b, ", \"shortDescription\": {\"text\": ");
    sg_strbuf_json_cstr(b, r ? r->title : u->id);
    sg_strbuf_puts(b, "}, \"fullDescription\": {\"text\": ");
    sg_strbuf_json_cstr(b, r ? r->why : "A rule this version of stackgap does not describe.");
    rule_help(&tmp, &md, u);
    sg_strbuf_puts(b, "}, \"help\": {\"text\": ");
    sg_strbuf_json_str(b, tmp.data, tmp.len);
    sg_strbuf_puts(b, ", \"markdown\": ");
    sg_strbuf_json_str(b, md.data, md.len);
    sg_strbuf_printf(b, "}, \"defaultConfiguration\": {\"level\": \"%s\"}, \"properties\": {",
                     level(sev));
    if (fixed_cat)
        sg_strbuf_printf(b, "\"category\": \"%s\", ", sg_category_id(r->category));
    sg_strbuf_puts(b, "\"tags\": [\"cloudformation\"");
    bool security = false;
    for (int c = 0; c < SG_CAT_COUNT; c++)
        if (cats & (1u << c)) {
            sg_strbuf_printf(b, ", \"%s\"", sg_category_id((sg_category)c));
            security |= security_category((sg_category)c);
        }
    if (security)
        sg_strbuf_printf(b, ", \"security\"], \"security-severity\": \"%s\"}}", security_score(sev));
    else
        sg_strbuf_puts(b, "]}}");
    sg_strbuf_free(&tmp);
    sg_strbuf_free(&md);
}

/* ---- results ------------------------------------------------------------------------ */

/* FNV-1a over what identifies a gap - rule, category, kind, resource type,
 * logical IDs, property path - and nothing positional: the same gap keeps
 * its fingerprint when lines move.  A NULL field and "" hash differently. */
static uint64_t fingerprint(const sg_finding *f)
{
    const char *field[] = {f->rule, sg_category_id(f->category), sg_kind_id(f->kind),
                           f->resource_type, f->model_id, f->ideal_id, f->path};
    /* not FNV's offset basis (a digit short): kept, fingerprints must not change */
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < sizeof field / sizeof *field; i++) {
        const char *s = field[i];
        h = sg_fnv1a(h, s ? "\x01" : "", 1); /* "" is its terminating NUL: byte 0 */
        if (s)
            h = sg_fnv1a(h, s, strlen(s));
        h = sg_fnv1a(h, "\x1f", 1);
    }
    return h;
}

typedef struct fp {
    uint64_t hash;
    size_t index;
    size_t occurrence; /* 1 for the first finding with this hash, in report order */
} fp;

static int by_hash(const void *x, const void *y)
{
    const fp *a = x, *b = y;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static int by_index(const void *x, const void *y)
{
    const fp *a = x, *b = y;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* Hashes with an occurrence number, so two findings that only differ in
 * their lines still get distinct fingerprints. */
static fp *fingerprints(const sg_findings *f)
{
    fp *v = sg_xmalloc((f->n ? f->n : 1) * sizeof *v);
    for (size_t i = 0; i < f->n; i++)
        v[i] = (fp){fingerprint(&f->v[i]), i, 1};
    qsort(v, f->n, sizeof *v, by_hash);
    for (size_t i = 1; i < f->n; i++)
        if (v[i].hash == v[i - 1].hash)
            v[i].occurrence = v[i - 1].occurrence + 1;
    qsort(v, f->n, sizeof *v, by_index);
    return v;
}

static void physical(sg_strbuf *b, const char *file, uint32_t line)
{
    sg_strbuf_puts(b, "{\"artifactLocation\": {\"uri\": ");
    uri(b, file);
    sg_strbuf_printf(b, "}, \"region\": {\"startLine\": %u}}", line ? line : 1);
}

static void result(sg_strbuf *b, const sg_findings_run *run, const sg_finding *f, size_t rule,
                   const fp *print)
{
    const char *file = sg_finding_file(run, f);
    sg_strbuf msg = SG_STRBUF_INIT;
    sg_strbuf_printf(&msg, "%s. %s", f->title ? f->title : f->rule, f->message ? f->message : "");
    if (f->shared)
        sg_strbuf_puts(&msg, " Shared gap: the ideal has it too.");
    if (!f->model.line)
        sg_strbuf_puts(&msg, " (Nothing in the model to point at - the finding is about "
                             "something missing - so the location is line 1 of the file.)");

    sg_strbuf_puts(b, "{\"ruleId\": ");
    sg_strbuf_json_cstr(b, f->rule ? f->rule : "UNKNOWN");
    sg_strbuf_printf(b, ", \"ruleIndex\": %zu, \"level\": \"%s\", \"message\": {\"text\": ", rule,
                     level(f->severity));
    sg_strbuf_json_str(b, msg.data, msg.len);
    sg_strbuf_puts(b, "}, \"locations\": [{\"physicalLocation\": ");
    physical(b, file, f->model.line);
    sg_strbuf_puts(b, "}]");
    if (f->ideal.file && f->ideal.line) {
        sg_strbuf_puts(b, ", \"relatedLocations\": [{\"id\": 1, \"physicalLocation\": ");
        physical(b, f->ideal.file, f->ideal.line);
        sg_strbuf_printf(b, ", \"message\": {\"text\": \"%s\"}}]",
                         f->kind == SG_KIND_REQUIREMENT ? "The prompt's requirement"
                                                        : "The ideal template");
    }
    sg_strbuf_printf(b, ", \"partialFingerprints\": {\"stackgap/v1\": \"%016llx:%zu\"}",
                     (unsigned long long)print->hash, print->occurrence);
    /* the ideal is the baseline: a gap it has too is "unchanged", not new */
    if (run->with_ideal)
        sg_strbuf_printf(b, ", \"baselineState\": \"%s\"", f->shared ? "unchanged" : "new");
    sg_strbuf_printf(b, ", \"properties\": {\"severity\": \"%s\", \"category\": \"%s\", "
                        "\"kind\": \"%s\", \"shared\": %s, \"resourceType\": ",
                     sg_severity_id(f->severity), sg_category_id(f->category), sg_kind_id(f->kind),
                     f->shared ? "true" : "false");
    sg_strbuf_json_cstr(b, f->resource_type);
    sg_strbuf_puts(b, ", \"logicalId\": ");
    sg_strbuf_json_cstr(b, f->model_id ? f->model_id : f->ideal_id);
    sg_strbuf_puts(b, ", \"path\": ");
    sg_strbuf_json_cstr(b, f->path);
    sg_strbuf_puts(b, "}}");
    sg_strbuf_free(&msg);
}

void sg_render_findings_sarif(sg_strbuf *b, const sg_findings_run *run)
{
    const sg_findings *f = run->findings;
    size_t nrules;
    used_rule *rules = collect_rules(f, &nrules);
    fp *prints = fingerprints(f);

    sg_strbuf_puts(b, "{\n  \"$schema\": \"" SARIF_SCHEMA "\",\n  \"version\": \"2.1.0\",\n"
                      "  \"runs\": [{\n    \"tool\": {\"driver\": {\"name\": \"stackgap\", "
                      "\"version\": \"" STACKGAP_VERSION "\", \"informationUri\": \"" STACKGAP_URL
                      "\", \"rules\": [");
    for (size_t i = 0; i < nrules; i++) {
        sg_strbuf_puts(b, "\n      ");
        rule_object(b, &rules[i]);
        if (i + 1 < nrules)
            sg_strbuf_putc(b, ',');
    }
    sg_strbuf_puts(b, nrules ? "\n    ]}},\n    \"results\": [" : "]}},\n    \"results\": [");
    for (size_t i = 0; i < f->n; i++) {
        sg_strbuf_puts(b, "\n      ");
        result(b, run, &f->v[i], rule_index(rules, nrules, f->v[i].rule), &prints[i]);
        if (i + 1 < f->n)
            sg_strbuf_putc(b, ',');
    }
    sg_strbuf_puts(b, f->n ? "\n    ]\n  }]\n}\n" : "]\n  }]\n}\n");
    free(rules);
    free(prints);
}

void sg_render_report_sarif(sg_strbuf *b, const sg_report *r)
{
    sg_findings_run run = sg_report_run(r);
    sg_render_findings_sarif(b, &run);
}
