/* spec.c - loading and looking up the distilled CloudFormation resource specification.
 *
 * The file is line-oriented and sorted (docs/spec.md):
 *   V <tab> package <tab> version <tab> spec version <tab> published
 *   D <tab> documentation URL prefix
 *   S <tab> Name [<tab> page [<tab> anchor prefix [<tab> alias shape]]]   global property types
 *   R <tab> AWS::Svc::Type [<tab> page [<tab> anchor prefix]]            resource types, sorted
 *   S <tab> .Name ...                                                     its property types, sorted
 *   P <tab> Name <tab> flags <tab> shape [<tab> anchor]                   properties, sorted
 *   A <tab> Name <tab> shape                                              attributes, sorted
 * Loading makes two passes: the first counts the line kinds, then three arrays
 * (resource types, property types, P/A line offsets) are allocated once and the
 * second pass fills them; every name is an offset into the buffer. A last pass over
 * the property types follows alias chains, so a dangling or cyclic one is an error
 * at load, not endless recursion when checking a template. */
#include "stackgap/spec.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackgap/arena.h"

#include "spec/spec_internal.h"

/* ---- helpers ---------------------------------------------------------------------- */

/* Text during parsing and lookup; stored as a ref (offset) in the index. */
typedef struct span {
    const char *s;
    uint32_t n;
} span;

static span txt(const sg_spec *sp, ref r) {
    return (span){sp->buf + r.off, r.n};
}

static ref off(const char *buf, span s) {
    return (ref){(uint32_t)(s.s - buf), s.n};
}

static const sg_spec_type *owner_of(const sg_spec *sp, const sg_spec_type *t) {
    return t->owner >= 0 ? &sp->types[t->owner] : NULL;
}

static int span_cmp(const char *a, size_t an, const char *b, size_t bn) {
    size_t n = an < bn ? an : bn;
    int c = memcmp(a, b, n);
    if (c != 0)
        return c;
    return an < bn ? -1 : an > bn ? 1 : 0;
}

/* Field i (0 = the kind letter) of the line at p, up to the end of line. */
static span field(const char *p, const char *end, int i) {
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol)
        eol = end;
    for (; i > 0; i--) {
        const char *tab = memchr(p, '\t', (size_t)(eol - p));
        if (!tab)
            return (span){eol, 0};
        p = tab + 1;
    }
    const char *tab = memchr(p, '\t', (size_t)(eol - p));
    return (span){p, (uint32_t)((tab ? tab : eol) - p)};
}

/* Splits the line [p, eol) at tabs into up to 5 fields; missing ones are empty. */
static void split(const char *p, const char *eol, span f[5]) {
    for (int i = 0; i < 5; i++) {
        const char *tab = p < eol ? memchr(p, '\t', (size_t)(eol - p)) : NULL;
        const char *e = tab ? tab : eol;
        f[i] = (span){p, (uint32_t)(e - p)};
        p = tab ? tab + 1 : eol;
    }
}

static sg_spec_kind prim_kind(char c) {
    switch (c) {
    case 's': return SG_SPEC_STRING;
    case 'i': return SG_SPEC_INTEGER;
    case 'l': return SG_SPEC_LONG;
    case 'd': return SG_SPEC_DOUBLE;
    case 'b': return SG_SPEC_BOOLEAN;
    case 't': return SG_SPEC_TIMESTAMP;
    case 'j': return SG_SPEC_JSON;
    default: return SG_SPEC_ANY;
    }
}

/* Parses a shape; returns false when it is malformed. */
static bool parse_shape(span f, sg_spec_shape *out) {
    memset(out, 0, sizeof *out);
    if (f.n == 0)
        return false;
    const char *s = f.s;
    size_t n = f.n;
    bool container = s[0] == '[' || s[0] == '{';
    if (container) {
        out->kind = s[0] == '[' ? SG_SPEC_LIST : SG_SPEC_MAP;
        s++, n--;
        if (n == 0)
            return false;
    }
    sg_spec_kind k;
    if (s[0] == '@') {
        if (n < 2)
            return false;
        k = SG_SPEC_STRUCT;
        out->type = s + 1;
        out->type_len = n - 1;
    } else if (n == 1 && s[0] == '*') {
        k = SG_SPEC_ANY;
    } else if (n == 1 && prim_kind(s[0]) != SG_SPEC_ANY) {
        k = prim_kind(s[0]);
    } else {
        return false;
    }
    if (container)
        out->item = k;
    else
        out->kind = k;
    return true;
}

/* ---- loading ---------------------------------------------------------------------- */

static int bad(sg_error *err, const char *file, uint32_t line, uint32_t col, const char *what) {
    return sg_fail(err, file, line, col, "spec: %s", what);
}

/* line:col of offset o in buf, for errors found after the line-by-line pass. */
static void locate(const char *buf, size_t o, uint32_t *line, uint32_t *col) {
    uint32_t l = 1;
    size_t start = 0;
    for (size_t i = 0; i < o; i++)
        if (buf[i] == '\n')
            l++, start = i + 1;
    *line = l;
    *col = (uint32_t)(o - start) + 1;
}

/* Every alias naming a property type must reach one with properties or a
 * non-struct shape: a struct alias chain is followed to its end; more hops than
 * there are property types is a cycle. */
static int check_aliases(const sg_spec *sp, const char *file, sg_error *err) {
    for (size_t i = 0; i < sp->nstructs; i++) {
        const sg_spec_type *t = &sp->structs[i];
        for (size_t hops = 0; t->alias.n; hops++) {
            sg_spec_shape sh;
            parse_shape(txt(sp, t->alias), &sh); /* checked when the line was read */
            if (!sh.type)
                break;
            const char *what = NULL;
            const sg_spec_type *target = sg_spec_struct(sp, t, sh.type, sh.type_len);
            if (!target)
                what = "alias names a property type that does not exist";
            else if (hops > sp->nstructs)
                what = "alias chain loops back on itself";
            if (what) {
                uint32_t line, col;
                locate(sp->buf, sp->structs[i].alias.off, &line, &col);
                return bad(err, file, line, col, what);
            }
            if (sh.kind != SG_SPEC_STRUCT)
                break; /* a list or map of it: each level needs a level of the value */
            t = target;
        }
    }
    return 0;
}

int sg_spec_parse(const char *buf, size_t len, const char *file, sg_spec **out, sg_error *err) {
    *out = NULL;
    if (len > UINT32_MAX) /* the index holds 32-bit offsets */
        return sg_fail(err, file, 0, 0, "spec: file larger than 4 GiB (%zu bytes)", len);
    const char *end = buf + len;
    size_t counts[256] = {0};
    for (const char *p = buf; p < end;) {
        counts[(unsigned char)*p]++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        p = eol ? eol + 1 : end;
    }
    sg_spec *sp = sg_xmalloc(sizeof *sp);
    memset(sp, 0, sizeof *sp);
    sp->buf = buf;
    sp->len = len;
    /* One block: every element is 4-byte aligned, so the arrays follow each other. */
    size_t ntypes = counts['R'] + 1, nstructs = counts['S'] + 1;
    sp->index = sg_xmalloc(ntypes * sizeof(sg_spec_type) + nstructs * sizeof(sg_spec_type) +
                           (counts['P'] + counts['A'] + 1) * sizeof(uint32_t));
    sg_spec_type *types = sp->index, *structs = types + ntypes;
    uint32_t *lines = (uint32_t *)(void *)(structs + nstructs);
    sp->types = types;
    sp->structs = structs;
    sp->lines = lines;

    sg_spec_type *cur = NULL;  /* the block whose P/A lines follow */
    sg_spec_type *res = NULL;  /* the current resource type */
    uint32_t lineno = 0;
    for (const char *p = buf; p < end;) {
        lineno++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        const char *next = eol ? eol + 1 : end;
        if (!eol)
            eol = end;
        if (eol == p || *p == '#') {
            p = next;
            continue;
        }
        char kind = *p;
        if (eol - p < 3 || p[1] != '\t')
            goto malformed;
        span f[5];
        split(p, eol, f);
        span f1 = f[1];
        if (f1.n == 0)
            return sg_spec_free(sp), bad(err, file, lineno, 3, "empty name");
        if ((kind == 'V' || kind == 'D') && res)
            return sg_spec_free(sp),
                   bad(err, file, lineno, 1, "V and D lines go before the first resource type");
        switch (kind) {
        case 'V':
            sp->package = off(buf, f1);
            sp->version = off(buf, f[2]);
            sp->spec_version = off(buf, f[3]);
            sp->published = off(buf, f[4]);
            break;
        case 'D':
            sp->docs = off(buf, f1);
            break;
        case 'R': {
            if (res && span_cmp(buf + res->name.off, res->name.n, f1.s, f1.n) >= 0)
                return sg_spec_free(sp), bad(err, file, lineno, 3, "resource types out of order");
            cur = res = &types[sp->ntypes++];
            memset(cur, 0, sizeof *cur);
            cur->kind = 'R';
            cur->name = off(buf, f1);
            cur->page = off(buf, f[2]);
            cur->anchor = off(buf, f[3]);
            cur->owner = -1;
            cur->first_struct = (uint32_t)sp->nstructs;
            break;
        }
        case 'S': {
            bool global = f1.s[0] != '.';
            if (global != (res == NULL))
                return sg_spec_free(sp),
                       bad(err, file, lineno, 3,
                           res ? "property type without a leading '.' after a resource type"
                               : "property type with a leading '.' before any resource type");
            if (!global)
                f1.s++, f1.n--;
            if (f1.n == 0)
                return sg_spec_free(sp), bad(err, file, lineno, 3, "empty name");
            bool first = global ? sp->nstructs == 0 : res->nstructs == 0;
            const sg_spec_type *last = sp->nstructs ? &sp->structs[sp->nstructs - 1] : NULL;
            if (!first && span_cmp(buf + last->name.off, last->name.n, f1.s, f1.n) >= 0)
                return sg_spec_free(sp), bad(err, file, lineno, 3, "property types out of order");
            cur = &structs[sp->nstructs++];
            memset(cur, 0, sizeof *cur);
            cur->kind = 'S';
            cur->name = off(buf, f1);
            cur->page = off(buf, f[2]);
            cur->anchor = off(buf, f[3]);
            cur->owner = res ? (int32_t)(res - sp->types) : -1;
            span alias = f[4];
            if (alias.n) {
                sg_spec_shape sh;
                if (!parse_shape(alias, &sh))
                    return sg_spec_free(sp),
                           bad(err, file, lineno, (uint32_t)(alias.s - p) + 1, "bad shape");
                cur->alias = off(buf, alias);
            }
            if (res)
                res->nstructs++;
            else
                sp->nglobal++;
            break;
        }
        case 'P':
        case 'A': {
            if (!cur)
                return sg_spec_free(sp), bad(err, file, lineno, 1, "property or attribute before any type");
            if (kind == 'P' && cur->nattrs)
                return sg_spec_free(sp), bad(err, file, lineno, 1, "property after attributes");
            /* A block's P lines, then its A lines, are contiguous in sp->lines,
             * whatever other lines sit between them in the file. */
            bool first = kind == 'P' ? cur->nprops == 0 : cur->nattrs == 0;
            span last = first ? (span){NULL, 0}
                              : field(buf + sp->lines[sp->nlines - 1], end, 1);
            if (!first && span_cmp(last.s, last.n, f1.s, f1.n) >= 0)
                return sg_spec_free(sp), bad(err, file, lineno, 3, "names out of order");
            span sh = f[kind == 'P' ? 3 : 2];
            sg_spec_shape shape;
            if (!parse_shape(sh, &shape))
                return sg_spec_free(sp),
                       bad(err, file, lineno, (uint32_t)(sh.s - p) + 1, "bad shape");
            if (kind == 'P') {
                span fl = f[2];
                if (fl.n != 2 || (fl.s[0] != 'r' && fl.s[0] != '-') || !strchr("MIC-", fl.s[1]))
                    return sg_spec_free(sp),
                           bad(err, file, lineno, (uint32_t)(fl.s - p) + 1,
                               "flags must be [r-][MIC-]");
            }
            if (cur->nprops + cur->nattrs == 0)
                cur->first = (uint32_t)sp->nlines;
            lines[sp->nlines++] = (uint32_t)(p - buf);
            if (kind == 'P')
                cur->nprops++, sp->nprops++;
            else
                cur->nattrs++, sp->nattrs++;
            break;
        }
        default:
            goto malformed;
        }
        p = next;
        continue;
    malformed:
        sg_spec_free(sp);
        return bad(err, file, lineno, 1, "expected a line 'KIND<tab>...' with KIND one of V D R S P A");
    }
    if (sp->ntypes == 0 || sp->package.n == 0)
        return sg_spec_free(sp), bad(err, file, lineno, 0, "no V line or no resource types");
    if (check_aliases(sp, file, err) != 0)
        return sg_spec_free(sp), -1;
    ref src[4] = {sp->package, sp->version, sp->spec_version, sp->published};
    for (int i = 0; i < 4; i++)
        snprintf(sp->info[i], sizeof sp->info[i], "%.*s", (int)src[i].n, buf + src[i].off);
    *out = sp;
    return 0;
}

int sg_spec_load_file(const char *path, sg_spec **out, sg_error *err) {
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return sg_fail(err, path, 0, 0, "cannot open: %s", strerror(errno));
    sg_strbuf b = SG_STRBUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sg_strbuf_putn(&b, chunk, n);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        sg_strbuf_free(&b);
        return sg_fail(err, path, 0, 0, "read error");
    }
    if (sg_spec_parse(b.data ? b.data : "", b.len, path, out, err) != 0) {
        sg_strbuf_free(&b);
        return -1;
    }
    (*out)->owned = b.data;
    return 0;
}

void sg_spec_free(sg_spec *spec) {
    if (!spec)
        return;
    free(spec->index);
    free(spec->owned);
    free(spec);
}

void sg_spec_get_info(const sg_spec *spec, sg_spec_info *info) {
    info->package = spec->info[0];
    info->version = spec->info[1];
    info->spec_version = spec->info[2];
    info->published = spec->info[3];
    info->resource_types = spec->ntypes;
    info->property_types = spec->nstructs;
    info->properties = spec->nprops;
    info->attributes = spec->nattrs;
    info->bytes = spec->len;
}

/* ---- lookup ----------------------------------------------------------------------- */

static const sg_spec_type *find_type(const sg_spec *sp, const sg_spec_type *arr, size_t n,
                                     const char *name, size_t len) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = span_cmp(sp->buf + arr[mid].name.off, arr[mid].name.n, name, len);
        if (c == 0)
            return &arr[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const sg_spec_type *sg_spec_resource(const sg_spec *spec, const char *name, size_t len) {
    return find_type(spec, spec->types, spec->ntypes, name, len);
}

const sg_spec_type *sg_spec_struct(const sg_spec *spec, const sg_spec_type *in,
                                   const char *name, size_t len) {
    const sg_spec_type *res = in ? (in->kind == 'R' ? in : owner_of(spec, in)) : NULL;
    if (res) {
        const sg_spec_type *t =
            find_type(spec, spec->structs + res->first_struct, res->nstructs, name, len);
        if (t)
            return t;
    }
    return find_type(spec, spec->structs, spec->nglobal, name, len);
}

bool sg_spec_type_alias(const sg_spec *spec, const sg_spec_type *type, sg_spec_shape *shape) {
    return type->alias.n && parse_shape(txt(spec, type->alias), shape);
}

void sg_spec_type_name(const sg_spec *spec, const sg_spec_type *type, sg_strbuf *b) {
    const sg_spec_type *owner = owner_of(spec, type);
    if (owner) {
        sg_strbuf_putn(b, spec->buf + owner->name.off, owner->name.n);
        sg_strbuf_putc(b, '.');
    }
    sg_strbuf_putn(b, spec->buf + type->name.off, type->name.n);
}

static span line_field(const sg_spec *spec, size_t line, int i) {
    return field(spec->buf + spec->lines[line], spec->buf + spec->len, i);
}

/* Binary search over lines [first, first + n) by name; returns the index or -1. */
static long find_line(const sg_spec *spec, size_t first, size_t n, const char *name, size_t len) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        span f = line_field(spec, first + mid, 1);
        int c = span_cmp(f.s, f.n, name, len);
        if (c == 0)
            return (long)(first + mid);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static void fill_prop(const sg_spec *spec, const sg_spec_type *type, size_t line,
                      sg_spec_prop *out) {
    span name = line_field(spec, line, 1), flags = line_field(spec, line, 2);
    span shape = line_field(spec, line, 3), anchor = line_field(spec, line, 4);
    memset(out, 0, sizeof *out);
    out->name = name.s;
    out->name_len = name.n;
    out->required = flags.s[0] == 'r';
    out->update = flags.s[1] == 'M'   ? SG_UPDATE_MUTABLE
                  : flags.s[1] == 'I' ? SG_UPDATE_IMMUTABLE
                  : flags.s[1] == 'C' ? SG_UPDATE_CONDITIONAL
                                      : SG_UPDATE_UNKNOWN;
    parse_shape(shape, &out->shape);
    out->owner = type;
    out->anchor = anchor.n ? anchor.s : NULL;
    out->anchor_len = anchor.n;
}

bool sg_spec_property(const sg_spec *spec, const sg_spec_type *type, const char *name,
                      size_t len, sg_spec_prop *out) {
    long i = find_line(spec, type->first, type->nprops, name, len);
    if (i < 0)
        return false;
    fill_prop(spec, type, (size_t)i, out);
    return true;
}

size_t sg_spec_property_count(const sg_spec_type *type) {
    return type->nprops;
}

void sg_spec_property_at(const sg_spec *spec, const sg_spec_type *type, size_t i,
                         sg_spec_prop *out) {
    fill_prop(spec, type, type->first + i, out);
}

bool sg_spec_attribute(const sg_spec *spec, const sg_spec_type *type, const char *name,
                       size_t len) {
    return find_line(spec, type->first + type->nprops, type->nattrs, name, len) >= 0;
}

size_t sg_spec_attribute_count(const sg_spec_type *type) {
    return type->nattrs;
}

const char *sg_spec_attribute_at(const sg_spec *spec, const sg_spec_type *type, size_t i,
                                 size_t *len) {
    span f = line_field(spec, type->first + type->nprops + i, 1);
    *len = f.n;
    return f.s;
}

/* The lowercase stem of a type's full name, as AWS builds its doc pages:
 * AWS::S3::Bucket.Rule -> s3-bucket-rule. */
static void put_stem(sg_strbuf *b, const sg_spec *spec, const sg_spec_type *type) {
    sg_strbuf full = SG_STRBUF_INIT;
    sg_spec_type_name(spec, type, &full);
    const char *s = full.data;
    size_t n = full.len;
    if (n >= 5 && memcmp(s, "AWS::", 5) == 0)
        s += 5, n -= 5;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ':' && i + 1 < n && s[i + 1] == ':') {
            sg_strbuf_putc(b, '-');
            i++;
        } else if (s[i] == '.') {
            sg_strbuf_putc(b, '-');
        } else {
            sg_strbuf_putc(b, (char)tolower((unsigned char)s[i]));
        }
    }
    sg_strbuf_free(&full);
}

void sg_spec_doc_link(const sg_spec *spec, const sg_spec_type *type, const sg_spec_prop *prop,
                      sg_strbuf *b) {
    if (prop && prop->anchor && prop->anchor_len >= 4 && memcmp(prop->anchor, "http", 4) == 0) {
        sg_strbuf_putn(b, prop->anchor, prop->anchor_len); /* documented on another page */
        return;
    }
    span page = txt(spec, type->page), anchor = txt(spec, type->anchor);
    bool absolute = page.n >= 4 && memcmp(page.s, "http", 4) == 0;
    if (absolute) {
        sg_strbuf_putn(b, page.s, page.n);
        if (memchr(page.s, '#', page.n))
            return; /* SAM's links already point into the page */
    } else {
        sg_strbuf_putn(b, spec->buf + spec->docs.off, spec->docs.n);
        if (page.n)
            sg_strbuf_putn(b, page.s, page.n);
        else {
            sg_strbuf_puts(b, type->kind == 'R' ? "aws-resource-" : "aws-properties-");
            put_stem(b, spec, type);
        }
        sg_strbuf_puts(b, ".html");
    }
    if (!prop)
        return;
    sg_strbuf_putc(b, '#');
    if (prop->anchor) {
        sg_strbuf_putn(b, prop->anchor, prop->anchor_len);
        return;
    }
    if (anchor.n)
        sg_strbuf_putn(b, anchor.s, anchor.n);
    else {
        sg_strbuf_puts(b, "cfn-");
        put_stem(b, spec, type);
        sg_strbuf_putc(b, '-');
    }
    for (size_t i = 0; i < prop->name_len; i++)
        sg_strbuf_putc(b, (char)tolower((unsigned char)prop->name[i]));
}

/* ---- did you mean ----------------------------------------------------------------- */

/* Levenshtein distance, giving up (returning limit + 1) once it must exceed limit. */
static size_t distance(const char *a, size_t an, const char *b, size_t bn, size_t limit) {
    if ((an > bn ? an - bn : bn - an) > limit || an > 128 || bn > 128)
        return limit + 1;
    size_t row[129];
    for (size_t j = 0; j <= bn; j++)
        row[j] = j;
    for (size_t i = 1; i <= an; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= bn; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = diag + cost;
            if (up + 1 < v)
                v = up + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
    }
    return row[bn];
}

/* A typo, not another word: at most a quarter of the name, 1 to 3 edits. */
static size_t typo_limit(size_t len) {
    size_t l = len / 4;
    return l < 1 ? 1 : l > 3 ? 3 : l;
}

typedef span (*name_at)(const sg_spec *spec, const void *ctx, size_t i);

static const char *suggest(const sg_spec *spec, const void *ctx, size_t n, name_at at,
                           const char *name, size_t len, size_t *out_len) {
    size_t limit = typo_limit(len), best = limit + 1;
    span found = {NULL, 0};
    for (size_t i = 0; i < n; i++) {
        span s = at(spec, ctx, i);
        size_t d = distance(s.s, s.n, name, len, best < limit ? best : limit);
        if (d < best) /* first of the closest wins: the order is sorted, so deterministic */
            best = d, found = s;
    }
    *out_len = found.n;
    return found.s;
}

static span resource_at(const sg_spec *spec, const void *ctx, size_t i) {
    return txt(spec, spec->types[i].name);
}

static span prop_at(const sg_spec *spec, const void *ctx, size_t i) {
    return line_field(spec, ((const sg_spec_type *)ctx)->first + i, 1);
}

static span attr_at(const sg_spec *spec, const void *ctx, size_t i) {
    const sg_spec_type *t = ctx;
    return line_field(spec, t->first + t->nprops + i, 1);
}

const char *sg_spec_suggest_resource(const sg_spec *spec, const char *name, size_t len,
                                     size_t *out_len) {
    return suggest(spec, NULL, spec->ntypes, resource_at, name, len, out_len);
}

const char *sg_spec_suggest_property(const sg_spec *spec, const sg_spec_type *type,
                                     const char *name, size_t len, size_t *out_len) {
    return suggest(spec, type, type->nprops, prop_at, name, len, out_len);
}

const char *sg_spec_suggest_attribute(const sg_spec *spec, const sg_spec_type *type,
                                      const char *name, size_t len, size_t *out_len) {
    return suggest(spec, type, type->nattrs, attr_at, name, len, out_len);
}

const char *sg_spec_did_you_mean(sg_arena *a, const char *near, size_t n) {
    return near ? sg_arena_printf(a, " Did you mean '%.*s'?", (int)n, near) : "";
}

sg_spec_origin sg_spec_type_origin(const char *type) {
    if (strncmp(type, "Custom::", 8) == 0 ||
        strcmp(type, "AWS::CloudFormation::CustomResource") == 0)
        return SG_ORIGIN_CUSTOM;
    return strncmp(type, "AWS::Serverless::", 17) == 0 ? SG_ORIGIN_SAM : SG_ORIGIN_SPEC;
}

const char *sg_spec_update_name(sg_spec_update u) {
    switch (u) {
    case SG_UPDATE_MUTABLE: return "update";
    case SG_UPDATE_IMMUTABLE: return "replace";
    case SG_UPDATE_CONDITIONAL: return "conditional";
    default: return "unknown";
    }
}

const char *sg_spec_kind_name(sg_spec_kind k) {
    static const char *const names[] = {"any",     "String",    "Integer", "Long",
                                        "Double",  "Boolean",   "Timestamp", "Json",
                                        "object",  "List",      "Map"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "any";
}
