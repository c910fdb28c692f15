/* comment.c - the pull-request comment body (comment.h, docs/pr-comment.md).
 *
 * The report is built with model = NEW and ideal = OLD; this renderer words
 * it as a change (added / removed / changed, introduced / pre-existing),
 * puts security-relevant changes first, and walks the degradation ladder
 * (sg_comment_step) until the body fits.  Every byte taken from a template
 * goes through escape.c (sg_md_text, sg_md_code, sg_md_fence) after secret
 * masking (sg_mask_secrets). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stackgap/analyze.h"
#include "stackgap/comment.h"
#include "stackgap/graph.h"
#include "stackgap/render.h"

#define TITLE_MAX 300     /* bytes of a title echoed from a template */
#define SHORT_LINES 4     /* SG_COMMENT_SHORT_SNIPPETS: lines kept per excerpt */
#define SHORT_LINE_MAX 100 /* and bytes kept per line */
#define KEY_MAX 80

static const char *const step_ids[] = {"full", "low-titles", "medium-titles", "counts-only",
                                       "short-snippets", "pointer", "titles-only", "truncated"};

const char *sg_comment_step_id(sg_comment_step s)
{
    return s < SG_COMMENT_STEP_COUNT ? step_ids[s] : "?";
}

/* ---- marker and key ------------------------------------------------------------------ */

static bool key_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '/' || c == '-';
}

bool sg_comment_key_valid(const char *key)
{
    size_t n = key ? strlen(key) : 0;
    if (n == 0 || n > KEY_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!key_char(key[i]))
            return false;
    return true;
}

void sg_comment_marker(sg_strbuf *b, const char *key)
{
    sg_strbuf_printf(b, "<!-- stackgap:comment key=%s -->", key);
}

void sg_comment_default_key(sg_strbuf *b, const char *old_path, const char *new_path)
{
    size_t start = b->len;
    for (const char *p = old_path; *p; p++)
        sg_strbuf_putc(b, key_char(*p) ? *p : '_');
    sg_strbuf_puts(b, "..");
    for (const char *p = new_path; *p; p++)
        sg_strbuf_putc(b, key_char(*p) ? *p : '_');
    if (b->len - start <= KEY_MAX)
        return;
    uint64_t h = sg_fnv1a(SG_FNV1A_BASIS, old_path, strlen(old_path) + 1); /* "OLD\0NEW" */
    h = sg_fnv1a(h, new_path, strlen(new_path));
    b->len = start;
    sg_strbuf_printf(b, "h%016llx", (unsigned long long)h);
}

void sg_comment_label_key(sg_strbuf *b, const char *label)
{
    if (sg_comment_key_valid(label)) {
        sg_strbuf_puts(b, label);
        return;
    }
    /* not replaced by '_': "a b.yaml" and "a_b.yaml" must not share a comment */
    sg_strbuf_printf(b, "h%016llx",
                     (unsigned long long)sg_fnv1a(SG_FNV1A_BASIS, label, strlen(label)));
}

/* ---- findings worded as a change ------------------------------------------------------- */

typedef enum verb { V_NONE, V_ADDED, V_REMOVED, V_CHANGED } verb;

/* Where a phrase of classify.c's may stand: titles hold template-derived
 * names, so a phrase is matched only at its fixed place, never inside a name. */
typedef enum place {
    AT_START, /* "Missing TYPE: ids" */
    AT_END,   /* "ID: PATH is missing", or before " on N resources: ids" (folded) */
    AFTER_HEAD /* after a fixed head: "Outputs: 3 missing: ids", "3 extra TYPE: ids" */
} place;

/* classify.c words a diff finding for "model vs ideal"; with model = NEW and
 * ideal = OLD each phrase has a change reading.  Applied to DIFF-* titles
 * only, in this order: the first that matches (after a prefix, a mid phrase
 * too), so a name holding a phrase is never reworded. */
static const struct wording {
    const char *from, *to;
    verb v;
    place at;
} wordings[] = {
    {"Missing ", "Removed ", V_REMOVED, AT_START},
    {"Extra ", "Added ", V_ADDED, AT_START},
    {"Over-engineered: ", "Resources more than doubled: ", V_ADDED, AT_START},
    {" where the ideal needs ", ", up from ", V_NONE, AFTER_HEAD},
    {" is set but the ideal does not set it", " added", V_ADDED, AT_END},
    {" is set but the ideal has none", " added", V_ADDED, AT_END},
    {" is not in the ideal", " added", V_ADDED, AT_END},
    {" differs from the ideal", " changed", V_CHANGED, AT_END},
    {" is missing", " removed", V_REMOVED, AT_END},
    {" missing: ", " removed: ", V_REMOVED, AFTER_HEAD},
    {" extra: ", " added: ", V_ADDED, AFTER_HEAD},
    {" extra ", " added ", V_ADDED, AFTER_HEAD},
};

static bool digits(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    return i && i == n;
}

/* A head classify.c writes before a phrase, with no name in it: "SECTION:",
 * "SECTION: N", "N", "Resources more than doubled: N resources". */
static bool fixed_head(const char *s, size_t n)
{
    static const char doubled[] = "Resources more than doubled: ";
    if (n > strlen(doubled) && strncmp(s, doubled, strlen(doubled)) == 0) {
        size_t k = strlen(doubled), e = n - strlen(" resources");
        return n > k + strlen(" resources") && strncmp(s + e, " resources", 10) == 0 &&
               digits(s + k, e - k);
    }
    size_t i = 0;
    while (i < n && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
        i++;
    if (i < n && s[i] == ':')
        i++;
    else
        i = 0;
    if (i == n)
        return i > 0;
    if (i && s[i] == ' ')
        i++;
    return digits(s + i, n - i);
}

/* Where w->from stands in s at its place, or NULL. */
static const char *find_phrase(const char *s, const struct wording *w)
{
    size_t n = strlen(s), m = strlen(w->from);
    if (w->at == AT_START)
        return strncmp(s, w->from, m) == 0 ? s : NULL;
    if (w->at == AT_END) {
        if (n >= m && strcmp(s + n - m, w->from) == 0)
            return s + n - m;
        /* folded: "PROP is missing on 3 resources: ids"; the leftmost such place */
        for (const char *p = s; (p = strstr(p, w->from)); p++) {
            const char *q = p + m, *d;
            if (strncmp(q, " on ", 4) != 0)
                continue;
            for (d = q + 4; *d >= '0' && *d <= '9'; d++)
                ;
            if (d > q + 4 && strncmp(d, " resources: ", 12) == 0)
                return p;
        }
        return NULL;
    }
    const char *p = strstr(s, w->from); /* the first: a fixed head holds no phrase */
    return p && fixed_head(s, (size_t)(p - s)) ? p : NULL;
}

static bool is_diff(const sg_finding *f)
{
    return strncmp(f->rule, "DIFF-", 5) == 0;
}

/* The title in change wording (malloc'd) and the change it describes. */
static char *change_title(const sg_finding *f, verb *v)
{
    sg_strbuf b = SG_STRBUF_INIT;
    sg_strbuf_puts(&b, f->title ? f->title : "");
    *v = V_NONE;
    bool head_only = false; /* after "Over-engineered: ", only its mid phrase */
    for (size_t i = 0; is_diff(f) && i < sizeof wordings / sizeof *wordings; i++) {
        const struct wording *w = &wordings[i];
        if (head_only && w->at != AFTER_HEAD)
            continue;
        const char *hit = find_phrase(b.data, w);
        if (!hit)
            continue;
        sg_strbuf out = SG_STRBUF_INIT;
        sg_strbuf_putn(&out, b.data, (size_t)(hit - b.data));
        sg_strbuf_puts(&out, w->to);
        sg_strbuf_puts(&out, hit + strlen(w->from));
        sg_strbuf_free(&b);
        b = out;
        if (*v == V_NONE)
            *v = w->v;
        if (w->at != AT_START)
            break; /* a title has one phrase, or a prefix and a mid phrase */
        head_only = true;
    }
    return b.data;
}

typedef struct item {
    const sg_finding *f;
    char *title; /* change wording, unescaped */
    verb v;
    sg_comment_concern concern;
} item;

static bool starts(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool about_security_group(const sg_finding *f)
{
    return starts(f->rule, "SG-") || starts(f->resource_type, "AWS::EC2::SecurityGroup") ||
           (f->path && (strstr(f->path, "SecurityGroup") || strstr(f->path, "CidrIp") ||
                        strstr(f->path, "FromPort") || strstr(f->path, "ToPort")));
}

static sg_comment_concern concern(const sg_finding *f, verb v)
{
    if (strcmp(f->rule, "SPEC-REPLACEMENT") == 0) /* added by sg_comment_build */
        return SG_CONCERN_REPLACED;
    if (f->shared)
        return SG_CONCERN_NONE;
    bool rule = f->kind == SG_KIND_INVALID; /* a check the change makes fail */
    switch (f->category) {
    case SG_CAT_IAM:
        return rule || v != V_REMOVED ? SG_CONCERN_IAM : SG_CONCERN_NONE;
    case SG_CAT_NETWORK:
        return about_security_group(f) && (rule || v != V_REMOVED) ? SG_CONCERN_NETWORK
                                                                   : SG_CONCERN_NONE;
    case SG_CAT_PUBLIC_ACCESS:
        /* removing a block opens as much as adding access; adding a block (or a
         * setting no rule flags) narrows it */
        return rule || v != V_ADDED ? SG_CONCERN_PUBLIC : SG_CONCERN_NONE;
    case SG_CAT_ENCRYPTION:
    case SG_CAT_LOGGING:
    case SG_CAT_BACKUP:
        return rule || v == V_REMOVED || v == V_CHANGED ? SG_CONCERN_PROTECTION : SG_CONCERN_NONE;
    case SG_CAT_SECRETS:
        return rule || v != V_REMOVED ? SG_CONCERN_SECRET : SG_CONCERN_NONE;
    default:
        return SG_CONCERN_NONE;
    }
}

/* A finding's security label: "IAM widened", "encryption removed" ... */
static void concern_label(sg_strbuf *b, const item *it)
{
    const sg_finding *f = it->f;
    bool rule = f->kind == SG_KIND_INVALID;
    switch (it->concern) {
    case SG_CONCERN_REPLACED: sg_strbuf_puts(b, "will be replaced"); break;
    case SG_CONCERN_IAM: sg_strbuf_puts(b, rule ? "IAM widened" : it->v == V_ADDED ? "IAM added" : "IAM changed"); break;
    case SG_CONCERN_NETWORK: sg_strbuf_puts(b, rule || it->v == V_ADDED ? "security group opened" : "security group changed"); break;
    case SG_CONCERN_PUBLIC:
        sg_strbuf_puts(b, rule || it->v == V_REMOVED ? "public access widened" : "public access changed");
        break;
    case SG_CONCERN_PROTECTION:
        sg_strbuf_printf(b, "%s %s", sg_category_id(f->category), it->v == V_REMOVED ? "removed" : "weakened");
        break;
    case SG_CONCERN_SECRET: sg_strbuf_puts(b, "secret exposed"); break;
    default: break;
    }
}

static const char *const concern_titles[] = {"", "replaced", "IAM", "security groups",
                                             "public access", "encryption/logging/backup",
                                             "secrets"};

/* ---- rendering context ------------------------------------------------------------------ */

typedef struct ctx {
    sg_strbuf *b;
    const sg_report *r;
    const sg_comment_opts *o;
    sg_comment_step step;
    item *items;
    size_t n;
    sg_secrets secrets;
    sg_arena *arena;  /* the graph's */
    sg_graph *graph;  /* NULL when there is nothing to draw */
    size_t budget; /* TRUNCATED only: bytes of the body */
    size_t start;  /* where the body starts in b */
    sg_comment_result *res;
} ctx;

/* Security-relevant first, by concern then severity; the rest after them;
 * report order (severity, category, rule) otherwise. */
static int cmp_items(const void *p, const void *q)
{
    const item *a = p, *b = q;
    int ra = a->concern == SG_CONCERN_NONE ? SG_CONCERN_COUNT : (int)a->concern;
    int rb = b->concern == SG_CONCERN_NONE ? SG_CONCERN_COUNT : (int)b->concern;
    if (ra != rb)
        return ra - rb;
    if (a->f->severity != b->f->severity)
        return (int)a->f->severity - (int)b->f->severity;
    return a->f < b->f ? -1 : a->f > b->f;
}

static void prepare(ctx *c, const sg_report *r, const sg_comment_opts *o)
{
    c->r = r;
    c->o = o;
    c->items = sg_xmalloc((r->findings.n + 1) * sizeof *c->items);
    c->n = 0;
    for (size_t i = 0; i < r->findings.n; i++) {
        item *it = &c->items[c->n++];
        it->f = &r->findings.v[i];
        it->title = change_title(it->f, &it->v);
        it->concern = concern(it->f, it->v);
    }
    qsort(c->items, c->n, sizeof *c->items, cmp_items);
    c->arena = sg_arena_new();
    c->graph = sg_report_graph(c->arena, r, "new", "old"); /* model = NEW, ideal = OLD */
    if (c->graph) {
        sg_graph_as_change(c->graph);
        for (size_t i = 0; i < r->findings.n; i++)
            if (strcmp(r->findings.v[i].rule, "SPEC-REPLACEMENT") == 0)
                sg_graph_mark_replaced(c->graph, r->findings.v[i].model_id);
    }
    memset(&c->secrets, 0, sizeof c->secrets);
    if (r->model)
        sg_secrets_collect(&c->secrets, r->model->root);
    if (r->ideal)
        sg_secrets_collect(&c->secrets, r->ideal->root);
}

static void release(ctx *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->items[i].title);
    free(c->items);
    sg_arena_free(c->arena);
    sg_secrets_free(&c->secrets);
}

/* Template text as prose: masked, capped, escaped. */
static void prose(ctx *c, const char *s, size_t max)
{
    if (!s)
        return;
    sg_strbuf m = SG_STRBUF_INIT;
    sg_mask_secrets(&m, &c->secrets, s, strlen(s));
    size_t n = sg_utf8_cut(m.data ? m.data : "", m.len, max);
    sg_md_text(c->b, m.data ? m.data : "", n);
    if (n < m.len)
        sg_strbuf_puts(c->b, "\xE2\x80\xA6");
    sg_strbuf_free(&m);
}

static void code(ctx *c, const char *s)
{
    sg_strbuf m = SG_STRBUF_INIT;
    sg_mask_secrets(&m, &c->secrets, s ? s : "", s ? strlen(s) : 0);
    size_t n = sg_utf8_cut(m.data ? m.data : "", m.len, TITLE_MAX);
    sg_md_code(c->b, m.data ? m.data : "", n);
    sg_strbuf_free(&m);
}

/* `file:line`; with a label, the label stands for either template (the
 * context says which side) */
static void location(ctx *c, const char *file, uint32_t line)
{
    sg_strbuf tmp = SG_STRBUF_INIT;
    sg_strbuf_puts(&tmp, c->o->label ? c->o->label : file ? file : "?");
    if (line)
        sg_strbuf_printf(&tmp, ":%u", line);
    sg_md_code(c->b, tmp.data, tmp.len);
    sg_strbuf_free(&tmp);
}

typedef enum level { L_BODY, L_SHORT, L_POINTER, L_TITLE, L_COUNT } level;

static bool top_severity(sg_severity s)
{
    return s <= SG_SEV_HIGH;
}

static level level_of(sg_comment_step step, sg_severity s)
{
    if (top_severity(s))
        return step <= SG_COMMENT_COUNTS_ONLY   ? L_BODY
               : step == SG_COMMENT_SHORT_SNIPPETS ? L_SHORT
               : step == SG_COMMENT_POINTER        ? L_POINTER
                                                   : L_TITLE;
    if (s == SG_SEV_MEDIUM)
        return step <= SG_COMMENT_LOW_TITLES ? L_BODY : step == SG_COMMENT_MEDIUM_TITLES ? L_TITLE : L_COUNT;
    return step == SG_COMMENT_FULL ? L_BODY : step <= SG_COMMENT_MEDIUM_TITLES ? L_TITLE : L_COUNT;
}

static const char *const sev_marks[] = {"🔴", "🟠", "🟡", "⚪"};

/* "🟠 high · encryption removed" */
static void tag(ctx *c, const item *it)
{
    sg_strbuf_printf(c->b, "%s %s", sev_marks[it->f->severity], sg_severity_id(it->f->severity));
    if (it->concern != SG_CONCERN_NONE) {
        sg_strbuf_puts(c->b, " · ");
        concern_label(c->b, it);
    } else if (it->f->kind == SG_KIND_INVALID) {
        sg_strbuf_puts(c->b, " · introduced");
    }
}

/* The excerpt as a fence, masked; SHORT keeps a few short lines. */
static void snippet(ctx *c, const char *excerpt, bool shorten)
{
    sg_strbuf m = SG_STRBUF_INIT, s = SG_STRBUF_INIT;
    sg_mask_secrets(&m, &c->secrets, excerpt, strlen(excerpt));
    const char *p = m.data ? m.data : "";
    if (!shorten) {
        sg_md_fence(c->b, "yaml", p, m.len);
    } else {
        size_t lines = 0, more = 0;
        for (const char *q = p; *q;) {
            const char *nl = strchr(q, '\n');
            size_t len = nl ? (size_t)(nl - q) : strlen(q);
            if (lines < SHORT_LINES) {
                size_t cut = sg_utf8_cut(q, len, SHORT_LINE_MAX);
                sg_strbuf_putn(&s, q, cut);
                sg_strbuf_puts(&s, cut < len ? "\xE2\x80\xA6\n" : "\n");
                lines++;
            } else {
                more++;
            }
            q = nl ? nl + 1 : q + len;
        }
        if (more)
            sg_strbuf_printf(&s, "# ... %zu more line%s\n", more, more == 1 ? "" : "s");
        sg_md_fence(c->b, "yaml", s.data ? s.data : "", s.len);
    }
    sg_strbuf_free(&m);
    sg_strbuf_free(&s);
}

static void side(ctx *c, const char *label, const sg_evidence *e, const char *absent, level lv)
{
    sg_strbuf_printf(c->b, "%s", label);
    if (e->file && e->line) {
        sg_strbuf_puts(c->b, " (");
        location(c, e->file, e->line);
        sg_strbuf_puts(c->b, ")");
    }
    if (e->excerpt && *e->excerpt) {
        sg_strbuf_puts(c->b, ":\n\n");
        snippet(c, e->excerpt, lv == L_SHORT);
        sg_strbuf_putc(c->b, '\n');
    } else {
        sg_strbuf_printf(c->b, ": _%s_\n\n", absent);
    }
}

static void report_hint(ctx *c)
{
    sg_strbuf cmd = SG_STRBUF_INIT;
    if (c->o->label) /* the paths given are temporary copies: name neither */
        sg_strbuf_puts(&cmd, "stackgap report NEW OLD");
    else
        sg_strbuf_printf(&cmd, "stackgap report %s %s", c->o->new_path ? c->o->new_path : "NEW",
                         c->o->old_path ? c->o->old_path : "OLD");
    sg_md_code(c->b, cmd.data, cmd.len);
    sg_strbuf_free(&cmd);
    if (c->o->label) {
        sg_strbuf_puts(c->b, " on the head and base versions of ");
        location(c, NULL, 0);
    }
}

static void body(ctx *c, const item *it, level lv)
{
    const sg_finding *f = it->f;
    sg_strbuf_puts(c->b, "**");
    tag(c, it);
    sg_strbuf_puts(c->b, "** — ");
    prose(c, it->title, TITLE_MAX);
    sg_strbuf_printf(c->b, "  \n%s · ", sg_category_title(f->category));
    sg_md_code(c->b, f->rule, strlen(f->rule));
    if (f->resource_type) {
        sg_strbuf_puts(c->b, " · ");
        code(c, f->resource_type);
    }
    if (f->path) {
        sg_strbuf_puts(c->b, " · ");
        code(c, f->path);
    }
    sg_strbuf_puts(c->b, "\n\n");
    bool before = f->ideal.line || f->ideal.excerpt, after = f->model.line || f->model.excerpt;
    if (lv == L_POINTER) {
        sg_strbuf_puts(c->b, "Evidence:");
        if (after) {
            sg_strbuf_puts(c->b, " after ");
            location(c, f->model.file, f->model.line);
        }
        if (before) {
            sg_strbuf_puts(c->b, after ? ", before " : " before ");
            location(c, f->ideal.file, f->ideal.line);
        }
        sg_strbuf_puts(c->b, " — snippets in the full report (");
        report_hint(c);
        sg_strbuf_puts(c->b, ").\n\n");
    } else if (f->kind == SG_KIND_INVALID || f->kind == SG_KIND_REQUIREMENT) {
        side(c, "In the new template", &f->model, "no excerpt", lv);
    } else {
        if (before || it->v != V_ADDED)
            side(c, "Before", &f->ideal, "not present", lv);
        if (it->v == V_REMOVED) /* the new side's excerpt would be the whole resource */
            sg_strbuf_puts(c->b, "After: _removed_\n\n");
        else if (after)
            side(c, "After", &f->model, "not present", lv);
    }
    /* classify.c's messages for diff findings speak of model and ideal;
     * the category's reason says the same in neutral words */
    prose(c, is_diff(f) ? sg_category_why(f->category) : f->message, 600);
    sg_strbuf_puts(c->b, "\n\n");
}

static void title_line(ctx *c, const item *it)
{
    sg_strbuf_puts(c->b, "- ");
    tag(c, it);
    sg_strbuf_puts(c->b, " — ");
    prose(c, it->title, TITLE_MAX);
    const sg_evidence *e = it->f->model.line ? &it->f->model : &it->f->ideal;
    if (e->line) {
        sg_strbuf_puts(c->b, " (");
        location(c, e->file, e->line);
        sg_strbuf_puts(c->b, ")");
    }
    sg_strbuf_putc(c->b, '\n');
}

/* Bodies first, then the compact title list; COUNT items are left to the
 * table.  Returns how many items were shown. */
static size_t items_block(ctx *c, const item *const *v, size_t n)
{
    size_t shown = 0, titles = 0;
    for (size_t i = 0; i < n; i++) {
        level lv = level_of(c->step, v[i]->f->severity);
        if (lv <= L_POINTER) {
            body(c, v[i], lv);
            shown++;
        }
        titles += lv == L_TITLE;
    }
    if (titles) {
        for (size_t i = 0; i < n; i++)
            if (level_of(c->step, v[i]->f->severity) == L_TITLE) {
                title_line(c, v[i]);
                shown++;
            }
        sg_strbuf_putc(c->b, '\n');
    }
    return shown;
}

static void details_open(ctx *c)
{
    sg_strbuf_puts(c->b, "<details>\n<summary>");
}

static void details_close(ctx *c)
{
    sg_strbuf_puts(c->b, "</details>\n\n");
}

static void severity_list(sg_strbuf *b, const size_t *k)
{
    bool first = true;
    for (int s = 0; s < SG_SEV_COUNT; s++)
        if (k[s]) {
            sg_strbuf_printf(b, "%s%zu %s", first ? "" : ", ", k[s], sg_severity_id((sg_severity)s));
            first = false;
        }
}

static bool visible(const ctx *c, const item *it)
{
    return !it->f->shared && level_of(c->step, it->f->severity) != L_COUNT;
}

static void security_section(ctx *c)
{
    const item **v = sg_xmalloc((c->n + 1) * sizeof *v);
    size_t n = 0, per[SG_CONCERN_COUNT] = {0};
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i].concern != SG_CONCERN_NONE && !c->items[i].f->shared) {
            per[c->items[i].concern]++;
            if (visible(c, &c->items[i]))
                v[n++] = &c->items[i];
        }
    size_t total = 0;
    for (int k = 1; k < SG_CONCERN_COUNT; k++)
        total += per[k];
    if (n) {
        details_open(c);
        sg_strbuf_printf(c->b, "🔒 Security-relevant changes: %zu (", total);
        bool first = true;
        for (int k = 1; k < SG_CONCERN_COUNT; k++)
            if (per[k]) {
                sg_strbuf_printf(c->b, "%s%s %zu", first ? "" : ", ", concern_titles[k], per[k]);
                first = false;
            }
        sg_strbuf_puts(c->b, ")</summary>\n\n");
        items_block(c, v, n);
        details_close(c);
    }
    free(v);
}

static void category_sections(ctx *c)
{
    const item **v = sg_xmalloc((c->n + 1) * sizeof *v);
    for (int cat = 0; cat < SG_CAT_COUNT; cat++) {
        size_t n = 0, k[SG_SEV_COUNT] = {0};
        for (size_t i = 0; i < c->n; i++) {
            const item *it = &c->items[i];
            if ((int)it->f->category != cat || it->f->shared || it->concern != SG_CONCERN_NONE)
                continue;
            if (visible(c, it)) {
                v[n++] = it;
                k[it->f->severity]++;
            }
        }
        if (!n)
            continue;
        details_open(c);
        sg_strbuf_printf(c->b, "%s: ", sg_category_title((sg_category)cat));
        severity_list(c->b, k);
        sg_strbuf_puts(c->b, "</summary>\n\n");
        items_block(c, v, n);
        details_close(c);
    }
    free(v);
}

/* The resources and references, what changed marked (docs/graph.md):
 * collapsed, and dropped from the counts-only step on. */
static void graph_section(ctx *c)
{
    if (!c->graph || c->step >= SG_COMMENT_COUNTS_ONLY)
        return;
    size_t marked = 0;
    for (size_t i = 0; i < c->graph->nnodes; i++)
        marked += c->graph->nodes[i].status != SG_GRAPH_UNCHANGED;
    if (!marked)
        return;
    details_open(c);
    sg_strbuf_printf(c->b, "🗺️ Resource graph: %zu of %zu resources changed</summary>\n\n",
                     marked, c->graph->nnodes);
    sg_render_graph_mermaid(c->b, c->graph);
    sg_strbuf_putc(c->b, '\n');
    details_close(c);
}

/* Pre-existing gaps: one row per rule, with how often it fails. */
static void shared_section(ctx *c)
{
    const sg_report *r = c->r;
    if (!r->shared || c->step >= SG_COMMENT_COUNTS_ONLY)
        return;
    const sg_finding **rules = sg_xmalloc(r->shared * sizeof *rules);
    size_t *count = sg_xmalloc(r->shared * sizeof *count), n = 0;
    memset(count, 0, r->shared * sizeof *count);
    for (size_t i = 0; i < r->findings.n; i++) {
        const sg_finding *f = &r->findings.v[i];
        if (!f->shared)
            continue;
        size_t j = 0;
        while (j < n && strcmp(rules[j]->rule, f->rule) != 0)
            j++;
        if (j == n)
            rules[n++] = f;
        count[j]++;
    }
    details_open(c);
    sg_strbuf_printf(c->b, "Pre-existing gaps: %zu (failing before and after this change, not "
                           "counted)</summary>\n\n| Rule | Severity | Findings | Check |\n"
                           "|---|---|---:|---|\n", r->shared);
    for (size_t j = 0; j < n; j++) {
        const sg_rule *rule = sg_rule_find(rules[j]->rule);
        sg_strbuf_puts(c->b, "| ");
        sg_md_code(c->b, rules[j]->rule, strlen(rules[j]->rule));
        sg_strbuf_printf(c->b, " | %s | %zu | ", sg_severity_id(rules[j]->severity), count[j]);
        prose(c, rule ? rule->title : rules[j]->title, TITLE_MAX);
        sg_strbuf_puts(c->b, " |\n");
    }
    sg_strbuf_putc(c->b, '\n');
    details_close(c);
    free(rules);
    free(count);
}

/* ---- above the fold ---------------------------------------------------------------------- */

static void verdict(ctx *c)
{
    const sg_report *r = c->r;
    sg_strbuf *b = c->b;
    static const char *const words[] = {"✅ No new findings", "🟡 Minor findings",
                                        "⚠️ Needs review", "❌ Critical findings",
                                        "❌ The new template cannot be analysed"};
    sg_strbuf_printf(b, "**%s**", words[r->verdict]);
    if (!r->model) {
        sg_strbuf_puts(b, ": ");
        sg_strbuf why = SG_STRBUF_INIT; /* "PATH:line:col: ..." names the file */
        const char *s = r->model_problem ? r->model_problem : "";
        size_t pn = c->o->new_path ? strlen(c->o->new_path) : 0;
        if (c->o->label && pn && strncmp(s, c->o->new_path, pn) == 0) {
            sg_strbuf_puts(&why, c->o->label);
            s += pn;
        }
        sg_strbuf_puts(&why, s);
        prose(c, why.data, 600);
        sg_strbuf_free(&why);
        sg_strbuf_puts(b, ".\n\n");
        return;
    }
    size_t n = r->findings.n - r->shared;
    if (n) {
        sg_strbuf_puts(b, " — this change brings ");
        severity_list(b, r->by_severity);
        sg_strbuf_printf(b, " finding%s", n == 1 ? "" : "s");
    } else {
        sg_strbuf_puts(b, sg_diff_equivalent(&r->diff) ? " — the templates are equivalent"
                                                      : " — nothing this change adds or removes is flagged");
    }
    if (r->shared)
        sg_strbuf_printf(b, "; %zu pre-existing gap%s (failing before and after) not counted",
                         r->shared, r->shared == 1 ? "" : "s");
    sg_strbuf_puts(b, ".\n\n");
    /* model = NEW is the diff's old side: its SG_REMOVED entries are NEW-only */
    const size_t *k = r->diff.res_counts;
    sg_strbuf_puts(b, "Compared ");
    location(c, c->o->old_path, 0);
    if (c->o->label) {
        sg_strbuf_puts(b, " before and after");
    } else {
        sg_strbuf_puts(b, " (before) with ");
        location(c, c->o->new_path, 0);
        sg_strbuf_puts(b, " (after)");
    }
    sg_strbuf_printf(b, ": resources %zu → %zu, %zu added, %zu removed, %zu changed, "
                        "%zu renamed.\n\n",
                     r->ideal->nresources, r->model->nresources, k[SG_REMOVED], k[SG_ADDED],
                     k[SG_MODIFIED], k[SG_RENAMED]);
}

static void counts_table(ctx *c)
{
    const sg_report *r = c->r;
    if (r->findings.n == r->shared)
        return;
    sg_strbuf_puts(c->b, "| Category | Critical | High | Medium | Low |\n|---|---:|---:|---:|---:|\n");
    for (int cat = 0; cat < SG_CAT_COUNT; cat++) {
        const size_t *k = r->by_category[cat];
        if (k[0] + k[1] + k[2] + k[3])
            sg_strbuf_printf(c->b, "| %s | %zu | %zu | %zu | %zu |\n",
                             sg_category_title((sg_category)cat), k[0], k[1], k[2], k[3]);
    }
    const size_t *t = r->by_severity;
    sg_strbuf_printf(c->b, "| **Total** | **%zu** | **%zu** | **%zu** | **%zu** |\n\n", t[0], t[1],
                     t[2], t[3]);
}

static void shortened_note(ctx *c)
{
    if (c->step == SG_COMMENT_FULL)
        return;
    sg_strbuf_printf(c->b, "> [!NOTE]\n> Shortened to fit the comment size limit (step: %s): ",
                     sg_comment_step_id(c->step));
    if (c->step >= SG_COMMENT_COUNTS_ONLY) {
        size_t k = c->r->by_severity[SG_SEV_MEDIUM] + c->r->by_severity[SG_SEV_LOW];
        sg_strbuf_printf(c->b, "%zu medium/low finding%s counted in the table only; ", k,
                         k == 1 ? " is" : "s are");
    }
    sg_strbuf_puts(c->b, "run ");
    report_hint(c);
    sg_strbuf_puts(c->b, " for the full report.\n\n");
}

static void footer(sg_strbuf *b)
{
    sg_strbuf_puts(b, "<sub>stackgap comment · OLD → NEW read as the report's ideal → model; "
                      "security-relevant changes listed first.</sub>\n");
}

static void more_line(sg_strbuf *b, size_t n)
{
    sg_strbuf_printf(b, "**%zu more critical/high finding%s not listed** — see the full report.\n\n",
                     n, n == 1 ? "" : "s");
}

/* TRUNCATED: critical/high titles in one list, as many as fit the budget. */
static void truncated_list(ctx *c)
{
    sg_strbuf tail = SG_STRBUF_INIT;
    footer(&tail);
    size_t total = 0, listed = 0;
    for (size_t i = 0; i < c->n; i++)
        total += !c->items[i].f->shared && top_severity(c->items[i].f->severity);
    sg_strbuf more = SG_STRBUF_INIT;
    more_line(&more, total);
    const size_t reserve = tail.len + more.len + 1; /* what follows the list */
    sg_strbuf_free(&more);
    static const char heading[] = "Critical and high findings (titles only):\n\n";
    size_t head = c->b->len;
    if (total)
        sg_strbuf_puts(c->b, heading);
    for (size_t i = 0; i < c->n; i++) {
        const item *it = &c->items[i];
        if (it->f->shared || !top_severity(it->f->severity))
            continue;
        size_t mark = c->b->len;
        title_line(c, it);
        if (c->b->len - c->start + reserve > c->budget) {
            c->b->len = mark;
            break;
        }
        listed++;
    }
    if (listed)
        sg_strbuf_putc(c->b, '\n');
    else
        c->b->len = head; /* no heading over an empty list */
    if (listed < total)
        more_line(c->b, total - listed);
    c->res->titles_omitted = total - listed;
    sg_strbuf_free(&tail);
}

static void render(ctx *c)
{
    sg_strbuf *b = c->b;
    size_t start = c->start = b->len;
    sg_comment_result *res = c->res;
    memset(res, 0, sizeof *res);
    res->step = c->step;
    sg_strbuf key = SG_STRBUF_INIT;
    if (c->o->key)
        sg_strbuf_puts(&key, c->o->key);
    else if (c->o->label)
        sg_comment_label_key(&key, c->o->label);
    else
        sg_comment_default_key(&key, c->o->old_path ? c->o->old_path : "",
                               c->o->new_path ? c->o->new_path : "");
    sg_comment_marker(b, key.data);
    sg_strbuf_free(&key);
    sg_strbuf_puts(b, "\n### stackgap: CloudFormation change review\n\n");
    verdict(c);
    counts_table(c);
    shortened_note(c);
    if (c->step >= SG_COMMENT_TITLES_ONLY)
        for (size_t i = 0; i < c->n; i++)
            res->bodies_omitted += !c->items[i].f->shared && top_severity(c->items[i].f->severity);
    if (c->step == SG_COMMENT_TRUNCATED) {
        truncated_list(c);
    } else {
        if (res->bodies_omitted)
            sg_strbuf_printf(b, "Evidence of %zu critical/high finding%s omitted to fit; titles "
                                "below.\n\n", res->bodies_omitted,
                             res->bodies_omitted == 1 ? "" : "s");
        security_section(c);
        category_sections(c);
        graph_section(c);
        shared_section(c);
    }
    footer(b);
    size_t max = c->o->max_chars ? c->o->max_chars : SG_GITHUB_MAX_COMMENT_CHARS;
    res->fits = b->len - start <= max;
}

void sg_comment_render_step(sg_strbuf *b, const sg_report *r, const sg_comment_opts *o,
                            sg_comment_step step, size_t budget, sg_comment_result *res)
{
    sg_comment_result tmp;
    ctx c = {.b = b, .step = step, .budget = budget, .res = res ? res : &tmp};
    prepare(&c, r, o);
    render(&c);
    release(&c);
}

void sg_comment_render(sg_strbuf *b, const sg_report *r, const sg_comment_opts *o,
                       sg_comment_result *res)
{
    size_t max = o->max_chars ? o->max_chars : SG_GITHUB_MAX_COMMENT_CHARS;
    sg_comment_result tmp;
    ctx c = {.budget = max, .res = res ? res : &tmp};
    prepare(&c, r, o);
    sg_strbuf out = SG_STRBUF_INIT;
    for (int s = 0; s < SG_COMMENT_STEP_COUNT; s++) {
        out.len = 0;
        c.b = &out;
        c.step = (sg_comment_step)s;
        render(&c);
        if (c.res->fits)
            break;
    }
    sg_strbuf_putn(b, out.data ? out.data : "", out.len);
    sg_strbuf_free(&out);
    release(&c);
}

/* The report marks rule failures both templates share; template-wide
 * analysis (TPL-*) runs on the model only.  For a change, a TPL finding the
 * old template has too (same rule, same title) is pre-existing as well. */
static void share_old_analysis(sg_arena *a, sg_report *r)
{
    sg_findings old = {0};
    sg_analyze_template(a, r->ideal, r->ideal, &old);
    for (size_t i = 0; i < r->findings.n; i++) {
        sg_finding *f = &r->findings.v[i];
        if (f->shared || !starts(f->rule, "TPL-"))
            continue;
        for (size_t j = 0; j < old.n && !f->shared; j++)
            if (strcmp(old.v[j].rule, f->rule) == 0 && old.v[j].title && f->title &&
                strcmp(old.v[j].title, f->title) == 0) {
                f->shared = true;
                f->severity = sg_severity_lower(f->severity); /* as the report does */
            }
    }
    sg_findings_free(&old);
    sg_findings_sort(&r->findings);
    sg_report_recount(r);
}

/* What deploying the change replaces (resource spec: update behaviour of
 * each changed property, renames, references to replaced resources): the
 * OLD -> NEW diff annotated by impact.c, its SPEC-REPLACEMENT findings
 * turned to the report's sides (model = NEW, ideal = OLD). */
static void add_replacements(sg_arena *a, sg_report *r)
{
    sg_diff d;
    sg_diff_templates(a, r->ideal, r->model, NULL, &d);
    sg_diff_annotate_impact(a, &d);
    sg_findings rep = {0};
    sg_replacement_findings(a, &d, &rep);
    for (size_t i = 0; i < rep.n; i++) {
        sg_finding *f = sg_findings_add(&r->findings);
        *f = rep.v[i];
        f->model_id = rep.v[i].ideal_id; /* the NEW side */
        f->ideal_id = rep.v[i].model_id;
        f->model = rep.v[i].ideal;
        f->ideal = rep.v[i].model;
        sg_evidence_quote(a, &f->model, r->model);
        sg_evidence_quote(a, &f->ideal, r->ideal);
    }
    sg_findings_free(&rep);
}

int sg_comment_build(sg_arena *a, const sg_comment_opts *o, sg_report *out, sg_error *err)
{
    sg_report_opts ro = {.model_path = o->new_path, .ideal_path = o->old_path};
    if (sg_report_build(a, &ro, out, err) != 0)
        return -1;
    if (out->model) {
        add_replacements(a, out);
        share_old_analysis(a, out); /* sorts and recounts */
    }
    return 0;
}
