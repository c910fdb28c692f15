/* source.c - the front door: a path in, a normalized sg_template out.
 *
 * Decides the input's format (extension, then content), reads it within the
 * size limit, hands Markdown to the extractor and data to the JSON or YAML
 * parser, and indexes the normalized tree. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "stackgap/normalize.h"
#include "stackgap/parse.h"
#include "stackgap/template.h"

int sg_read_file(const char *path, size_t max_bytes, char **buf, size_t *len, sg_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sg_fail(err, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return sg_fail(err, path, 0, 0, "is a directory");
    }
    size_t cap = 64 << 10, n = 0;
    char *data = sg_xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > max_bytes)
                break;
            cap *= 2;
            data = sg_xrealloc(data, cap + 1);
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(data);
        return sg_fail(err, path, 0, 0, "read error");
    }
    if (n > max_bytes) {
        free(data);
        return sg_fail(err, path, 0, 0, "input larger than %zu bytes (limit)", max_bytes);
    }
    data[n] = '\0';
    *buf = data;
    *len = n;
    return 0;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    if (n < m)
        return false;
    for (size_t i = 0; i < m; i++) {
        char c = s[n - m + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suffix[i])
            return false;
    }
    return true;
}

static const char *skip_space(const char *p, const char *end)
{
    if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

/* A line opening a ``` fence: the text is a Markdown response. */
static bool has_fence(const char *buf, size_t len)
{
    for (size_t i = 0; i + 3 <= len; i++)
        if ((i == 0 || buf[i - 1] == '\n') && memcmp(buf + i, "```", 3) == 0)
            return true;
    return false;
}

/* Extension first; .template and unknown names by their first character. */
static sg_format detect_format(const char *name, const char *buf, size_t len)
{
    if (ends_with(name, ".md") || ends_with(name, ".markdown"))
        return SG_FORMAT_MARKDOWN;
    if (ends_with(name, ".json"))
        return SG_FORMAT_JSON;
    if (ends_with(name, ".yaml") || ends_with(name, ".yml"))
        return SG_FORMAT_YAML;
    const char *p = skip_space(buf, buf + len);
    if (p < buf + len && *p == '{')
        return SG_FORMAT_JSON;
    if (!ends_with(name, ".template") && has_fence(buf, len))
        return SG_FORMAT_MARKDOWN;
    return SG_FORMAT_YAML;
}

static int from_markdown(sg_arena *a, const char *name, const char *buf, size_t len,
                         const sg_load_opts *opts, const sg_limits *lim, sg_template *out,
                         sg_error *err, const sg_node **root)
{
    sg_extraction ex;
    if (sg_extract(a, name, buf, len, lim, &ex, err) != 0)
        return -1;
    int pick = ex.chosen;
    if (opts && opts->block > 0) {
        pick = -1;
        for (size_t i = 0; i < ex.ncands; i++)
            if (ex.cands[i].index == opts->block)
                pick = (int)i;
        if (pick < 0)
            return sg_fail(err, name, 0, 0, "no code block %d (the response has %zu)",
                           opts->block, ex.ncands);

        const sg_candidate *c = &ex.cands[pick];
        if (c->status == SG_CAND_UNPARSEABLE) {
            *err = c->err;
            return -1;
        }
        if (c->status == SG_CAND_NOT_TEMPLATE)
            return sg_fail(err, name, c->line, 0, "code block %d is not a CloudFormation template",
                           opts->block);
    }
    if (pick < 0)
        return sg_fail(err, name, 0, 0, "%s",
                       ex.summary ? ex.summary : "no CloudFormation template");
    const sg_candidate *c = &ex.cands[pick];
    out->from_markdown = true;
    out->block = c->index;
    out->block_name = c->name;
    out->format = c->format;
    for (size_t i = 0; i < ex.ncands; i++)
        if (ex.cands[i].status == SG_CAND_TEMPLATE || ex.cands[i].status == SG_CAND_TRUNCATED)
            out->blocks_found++;
    if (c->status == SG_CAND_TRUNCATED) {
        out->truncated = true;
        out->cut = c->err;
    }
    out->repairs = c->repairs;
    out->syntax = c->syntax;
    *root = c->root;
    return 0;
}

int sg_load_buffer(sg_arena *a, const char *name, const char *buf, size_t len,
                   const sg_load_opts *opts, sg_template *out, sg_error *err)
{
    const sg_limits *lim = opts && opts->limits ? opts->limits : sg_limits_default();
    memset(out, 0, sizeof *out);
    out->file = sg_arena_strdup(a, name);
    name = out->file;
    out->source = sg_arena_strndup(a, buf, len);
    out->source_len = len;
    /* a line index, so excerpts cost O(excerpt), not O(file), per finding */
    uint32_t nl = 1;
    const char *end = buf + len;
    for (const char *p = buf; p < end && (p = memchr(p, '\n', (size_t)(end - p))); p++)
        nl++;
    uint32_t *starts = sg_arena_alloc(a, nl * sizeof *starts);
    starts[0] = 0;
    size_t k = 1;
    for (const char *p = buf; p < end && (p = memchr(p, '\n', (size_t)(end - p))); p++)
        starts[k++] = (uint32_t)(p - buf + 1);
    out->line_start = starts;
    out->nlines = nl;
    if (len > lim->max_input_bytes)
        return sg_fail(err, name, 0, 0, "input larger than %zu bytes (limit)",
                       lim->max_input_bytes);
    sg_format fmt = opts && opts->format ? opts->format : detect_format(name, buf, len);
    const sg_node *raw = NULL;
    if (opts && opts->block > 0 && fmt != SG_FORMAT_MARKDOWN)
        return sg_fail(err, name, 0, 0,
                       "a code block number was given, but this is not a Markdown response");
    if (fmt == SG_FORMAT_MARKDOWN) {
        if (from_markdown(a, name, buf, len, opts, lim, out, err, &raw) != 0)
            return -1;
    } else {
        sg_parse_opts po = {.file = name, .limits = lim};
        sg_node *tree = NULL;
        int rc = fmt == SG_FORMAT_JSON ? sg_parse_json(a, buf, len, &po, &tree, NULL, err)
                                       : sg_parse_yaml(a, buf, len, &po, &tree, err);
        if (rc != 0)
            return -1;
        out->format = fmt;
        raw = tree;
    }
    if (!raw || raw->kind != SG_MAP)
        return sg_template_index(a, raw, name, out, err);
    const sg_node *res = sg_map_get(raw, "Resources");
    if (res && res->kind == SG_MAP && res->len > lim->max_resources)
        return sg_fail(err, name, res->line, res->col, "more than %zu resources (limit)",
                       lim->max_resources);
    return sg_template_index(a, sg_normalize(a, raw), name, out, err);
}

int sg_load_file(sg_arena *a, const char *path, const sg_load_opts *opts, sg_template *out,
                 sg_error *err)
{
    const sg_limits *lim = opts && opts->limits ? opts->limits : sg_limits_default();
    char *buf;
    size_t len;
    if (sg_read_file(path, lim->max_input_bytes, &buf, &len, err) != 0)
        return -1;
    int rc = sg_load_buffer(a, path, buf, len, opts, out, err);
    free(buf);
    return rc;
}
