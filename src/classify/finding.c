/* finding.c - categories, severities, kinds, and the findings list. */
#include "stackgap/finding.h"

#include <stdlib.h>
#include <string.h>

#include "stackgap/render.h"
#include "stackgap/template.h"

static const struct {
    const char *id, *title, *definition, *why;
} categories[SG_CAT_COUNT] = {
    [SG_CAT_ENCRYPTION] = {"encryption", "Encryption",
                           "data at rest and in transit encrypted; KMS keys and their rotation",
        "Unencrypted data can be read by anyone who reaches the storage, a snapshot or the wire; most compliance regimes require encryption with managed keys."},
    [SG_CAT_IAM] = {"iam", "IAM",
                    "least privilege: roles, policies, wildcard actions/resources/principals",
        "Broader permissions than the workload needs turn any compromised component into a foothold for the whole account."},
    [SG_CAT_NETWORK] = {"network", "Network",
                        "VPC layout, subnets, routing, NAT, security groups and ports",
        "Network layout decides what can talk to what; an open port or a missing private tier exposes services that should be unreachable."},
    [SG_CAT_PUBLIC_ACCESS] = {"public-access", "Public access",
                              "what the internet can reach: public buckets, IPs, endpoints, principals",
        "Anything reachable from the internet is found and probed within hours; public data stores are the most common cause of cloud data leaks."},
    [SG_CAT_MONITORING] = {"monitoring", "Monitoring",
                           "alarms, metrics, dashboards, notifications, tracing",
        "Without alarms and notifications, failures and attacks go unnoticed until users or auditors report them."},
    [SG_CAT_LOGGING] = {"logging", "Logging",
                        "access logs, CloudTrail, flow logs, log groups and their retention",
        "Without logs there is no audit trail and no way to investigate an incident or prove compliance."},
    [SG_CAT_BACKUP] = {"backup", "Backup",
                       "versioning, point-in-time recovery, snapshots, backup plans and retention",
        "Without versioning, point-in-time recovery or snapshots, one bad write or deletion loses data for good."},
    [SG_CAT_AVAILABILITY] = {"availability", "Availability",
                             "Multi-AZ, redundancy across zones, scaling and health checks",
        "A single instance or zone is a single point of failure: one outage takes the service down."},
    [SG_CAT_DELETION] = {"deletion", "Deletion",
                         "DeletionPolicy, UpdateReplacePolicy and DeletionProtection",
        "Without deletion and replacement policies, deleting or updating the stack can destroy data along with it."},
    [SG_CAT_TAGGING] = {"tagging", "Tagging", "tags on resources (cost, owner, environment)",
        "Untagged resources cannot be attributed to an owner, environment or cost centre."},
    [SG_CAT_NAMING] = {"naming", "Naming",
                       "resource names and their environment suffix; descriptions",
        "Fixed names collide when the stack is deployed twice (per environment or per test run); names without the environment suffix break parallel deployments."},
    [SG_CAT_PARAMETERS] = {"parameters", "Parameters",
                           "parameters and their constraints; hard-coded regions, accounts, AZs, AMIs",
        "Hard-coded regions, accounts, zones and images tie the template to one environment and break it everywhere else."},
    [SG_CAT_SECRETS] = {"secrets", "Secrets",
                        "no plaintext secrets; Secrets Manager, NoEcho, dynamic references",
        "A secret in a template or parameter default ends up in source control, console history and stack events, readable by anyone with read access."},
    [SG_CAT_OUTPUTS] = {"outputs", "Outputs", "stack outputs and exports other stacks rely on",
        "Other stacks, pipelines and tests read the stack's outputs; a missing output breaks them."},
    [SG_CAT_DEPLOYABILITY] = {"deployability", "Deployability",
                              "what would make the stack fail: unknown types, broken references, "
                              "circular dependencies, malformed intrinsics, truncated template",
        "CloudFormation rejects or rolls back the whole stack: nothing in it gets deployed."},
    [SG_CAT_COMPLETENESS] = {"completeness", "Completeness",
                             "a required service or resource entirely missing",
        "Infrastructure the task requires is not there at all, so the system cannot do what was asked."},
    [SG_CAT_COST] = {"cost", "Cost",
                     "over-provisioning and scope creep: resources and sizes beyond what was asked",
        "Resources and sizes beyond what was asked cost money every hour and add surface to secure and operate."},
};

const char *sg_category_id(sg_category c)
{
    return c < SG_CAT_COUNT ? categories[c].id : "?";
}

const char *sg_category_title(sg_category c)
{
    return c < SG_CAT_COUNT ? categories[c].title : "?";
}

const char *sg_category_definition(sg_category c)
{
    return c < SG_CAT_COUNT ? categories[c].definition : "?";
}

const char *sg_category_why(sg_category c)
{
    return c < SG_CAT_COUNT ? categories[c].why : "?";
}

int sg_category_parse(const char *id)
{
    for (int c = 0; c < SG_CAT_COUNT; c++)
        if (strcmp(categories[c].id, id) == 0)
            return c;
    return -1;
}

static const char *const severity_ids[SG_SEV_COUNT] = {"critical", "high", "medium", "low"};
static const char *const severity_titles[SG_SEV_COUNT] = {"Critical", "High", "Medium", "Low"};

const char *sg_severity_id(sg_severity s)
{
    return s < SG_SEV_COUNT ? severity_ids[s] : "?";
}

const char *sg_severity_title(sg_severity s)
{
    return s < SG_SEV_COUNT ? severity_titles[s] : "?";
}

int sg_severity_parse(const char *id)
{
    for (int s = 0; s < SG_SEV_COUNT; s++)
        if (strcmp(severity_ids[s], id) == 0)
            return s;
    return -1;
}

sg_severity sg_severity_lower(sg_severity s)
{
    return s + 1 < SG_SEV_COUNT ? (sg_severity)(s + 1) : SG_SEV_LOW;
}

static const char *const kind_ids[SG_KIND_COUNT] = {
    "missing-resource", "extra-resource", "missing-property", "wrong-value",
    "invalid",          "missing-section", "requirement",
};

const char *sg_kind_id(sg_finding_kind k)
{
    return k < SG_KIND_COUNT ? kind_ids[k] : "?";
}

sg_finding *sg_findings_add(sg_findings *f)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 32;
        f->v = sg_xrealloc(f->v, f->cap * sizeof *f->v);
    }
    sg_finding *x = &f->v[f->n++];
    memset(x, 0, sizeof *x);
    return x;
}

void sg_findings_free(sg_findings *f)
{
    free(f->v);
    f->v = NULL;
    f->n = f->cap = 0;
}

static int cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int cmp_finding(const void *p, const void *q)
{
    const sg_finding *a = p, *b = q;
    int c;
    if (a->severity != b->severity)
        return a->severity < b->severity ? -1 : 1;
    if (a->category != b->category)
        return a->category < b->category ? -1 : 1;
    if ((c = cmp_str(a->rule, b->rule)))
        return c;
    if ((c = cmp_str(a->model_id ? a->model_id : a->ideal_id, b->model_id ? b->model_id : b->ideal_id)))
        return c;
    if ((c = cmp_str(a->path, b->path)))
        return c;
    if (a->model.line != b->model.line)
        return a->model.line < b->model.line ? -1 : 1;
    if (a->ideal.line != b->ideal.line)
        return a->ideal.line < b->ideal.line ? -1 : 1;
    return cmp_str(a->title, b->title);
}

void sg_findings_sort(sg_findings *f)
{
    if (f->n < 2)
        return;
    qsort(f->v, f->n, sizeof *f->v, cmp_finding);
    size_t w = 1;
    for (size_t i = 1; i < f->n; i++)
        if (cmp_finding(&f->v[w - 1], &f->v[i]) != 0)
            f->v[w++] = f->v[i];
    f->n = w;
}

/* Excerpts are source-like YAML, at most this many lines, so a report can
 * quote the model's text and the ideal's fix side by side. */
#define EXCERPT_LINES 12
#define EXCERPT_LINE_BYTES 160

/* Start of 1-based line `line`, or NULL. */
static const char *line_start(const char *src, size_t len, uint32_t line)
{
    const char *p = src, *end = src + len;
    for (uint32_t l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            return NULL;
        p = nl + 1;
    }
    return p < end ? p : NULL;
}

static size_t indent_of(const char *p, const char *eol)
{
    size_t n = 0;
    while (p + n < eol && (p[n] == ' ' || p[n] == '\t'))
        n++;
    return n;
}

static const char *excerpt_from(sg_arena *a, const char *p, const char *end, bool json);

const char *sg_source_excerpt(sg_arena *a, const char *src, size_t len, uint32_t line, bool json)
{
    const char *p = line ? line_start(src, len, line) : NULL;
    return p ? excerpt_from(a, p, src + len, json) : NULL;
}

const char *sg_template_excerpt(sg_arena *a, const sg_template *t, uint32_t line)
{
    if (!t->source || !line || line > t->nlines || t->line_start[line - 1] >= t->source_len)
        return NULL;
    return excerpt_from(a, t->source + t->line_start[line - 1], t->source + t->source_len,
                        t->format == SG_FORMAT_JSON);
}

static const char *excerpt_from(sg_arena *a, const char *p, const char *end, bool json)
{
    sg_strbuf out = SG_STRBUF_INIT;
    size_t base = 0;
    int depth = 0, lines = 0;
    bool in_str = false;
    for (; p < end; lines++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        size_t ind = indent_of(p, eol);
        bool blank = p + ind == eol;
        if (lines == 0) {
            base = ind;
        } else if (!json && !blank && ind <= base) {
            break; /* YAML: the block ended */
        } else if (json && depth <= 0) {
            break; /* JSON: brackets balanced on the lines so far */
        }
        if (lines == EXCERPT_LINES) {
            sg_strbuf_puts(&out, "...\n");
            break;
        }
        const char *q = p + (ind < base ? ind : base);
        size_t n = (size_t)(eol - q);
        if (n > EXCERPT_LINE_BYTES) {
            n = EXCERPT_LINE_BYTES;
            while (n > 0 && ((unsigned char)q[n] & 0xC0) == 0x80)
                n--;
            sg_strbuf_putn(&out, q, n);
            sg_strbuf_puts(&out, "\xE2\x80\xA6\n");
            /* a line this long (minified JSON) is the whole excerpt: scanning
             * it for brackets per finding made reports quadratic */
            break;
        } else {
            sg_strbuf_putn(&out, q, n);
            sg_strbuf_putc(&out, '\n');
        }
        if (json) /* count brackets outside strings */
            for (const char *c = p; c < eol; c++) {
                if (in_str) {
                    if (*c == '\\')
                        c++;
                    else if (*c == '"')
                        in_str = false;
                } else if (*c == '"') {
                    in_str = true;
                } else if (*c == '{' || *c == '[') {
                    depth++;
                } else if (*c == '}' || *c == ']') {
                    depth--;
                }
            }
        p = eol + 1;
    }
    /* trailing blank lines and a dangling comma say nothing */
    while (out.len && (out.data[out.len - 1] == '\n' || out.data[out.len - 1] == ' '))
        out.len--;
    if (json && out.len && out.data[out.len - 1] == ',')
        out.len--;
    const char *r = sg_arena_strndup(a, out.data ? out.data : "", out.len);
    sg_strbuf_free(&out);
    return r;
}


sg_evidence sg_evidence_of(sg_arena *a, const char *file, const sg_node *n)
{
    sg_evidence e = {file, 0, NULL};
    if (!n)
        return e;
    e.line = n->line;
    sg_strbuf y = SG_STRBUF_INIT, out = SG_STRBUF_INIT;
    if (sg_node_is_scalar(n) || sg_node_intrinsic(n))
        sg_emit_inline(&y, n, EXCERPT_LINE_BYTES);
    else
        sg_emit_yaml_head(&y, n, EXCERPT_LINES + 1); /* one line more says "..." */
    const char *p = y.data ? y.data : "";
    for (int lines = 0; *p; lines++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (lines == EXCERPT_LINES) {
            sg_strbuf_puts(&out, "...\n");
            break;
        }
        if (len > EXCERPT_LINE_BYTES) {
            size_t cut = EXCERPT_LINE_BYTES;
            while (cut > 0 && ((unsigned char)p[cut] & 0xC0) == 0x80)
                cut--;
            sg_strbuf_putn(&out, p, cut);
            sg_strbuf_puts(&out, "\xE2\x80\xA6");
        } else {
            sg_strbuf_putn(&out, p, len);
        }
        sg_strbuf_putc(&out, '\n');
        p = nl ? nl + 1 : p + len;
    }
    if (out.len && out.data[out.len - 1] == '\n')
        out.data[--out.len] = '\0';
    e.excerpt = sg_arena_strdup(a, out.data ? out.data : "");
    sg_strbuf_free(&y);
    sg_strbuf_free(&out);
    return e;
}

void sg_evidence_quote(sg_arena *a, sg_evidence *e, const sg_template *t)
{
    if (!t || !t->source || !e->line || !e->file || strcmp(e->file, t->file) != 0)
        return;
    const char *x = sg_template_excerpt(a, t, e->line);
    if (x && *x)
        e->excerpt = x;
}
