/* fuzz_extract.c - sg_extract (cmark-gfm walk, fenced/indented/unclosed
 * blocks, unfenced raw templates, per-block JSON/YAML parsing) on arbitrary
 * Markdown, and what extract.h promises about the result.
 *
 * The same bytes then go through the Markdown escapers of render.h
 * (sg_md_text, sg_md_code, sg_md_fence), placed the way the reports place
 * them (heading, paragraph, table cells, evidence block); the result is
 * parsed as GitHub Flavored Markdown and must have exactly the structure the
 * report wrote: "nothing echoed from input may become markup" (escape.c). */
#include <stdbool.h>
#include <string.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include "fuzz_common.h"
#include "stackgap/extract.h"
#include "stackgap/normalize.h"
#include "stackgap/render.h"
#include "stackgap/template.h"

/* Reads go through here so the compiler cannot drop them (ASan checks them). */
static volatile size_t sink;

/* ---- the escapers ---------------------------------------------------------------- */

static bool valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (len == 0 || len > n - i)
            return false;
        for (size_t k = 1; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] > 0x9F) ||
            (c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] > 0x8F))
            return false;
        i += len;
    }
    return true;
}

static const char *type_of(cmark_node *n)
{
    return cmark_node_get_type_string(n);
}

static bool is_type(cmark_node *n, const char *t)
{
    return n && strcmp(type_of(n), t) == 0;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* url, percent-decoded, without an http:// or mailto: the autolinker added,
 * equals text (the link's text is the URL as written). */
static bool same_url(const char *url, const char *text)
{
    if (strncmp(url, "http://", 7) == 0 && strncmp(text, "http://", 7) != 0)
        url += 7;
    else if (strncmp(url, "mailto:", 7) == 0 && strncmp(text, "mailto:", 7) != 0)
        url += 7;
    while (*url && *text) {
        char c = *url++;
        if (c == '%' && hexval(url[0]) >= 0 && hexval(url[1]) >= 0) {
            c = (char)(hexval(url[0]) * 16 + hexval(url[1]));
            url += 2;
        }
        if (c != *text++)
            return false;
    }
    return !*url && !*text;
}

/* An autolink (GFM turns bare www. / http:// / e-mail text into links): its
 * text is its URL, so it carries nothing the template did not say.
 * Tolerated; a [text](url) link is markup and fails. */
static bool is_autolink(cmark_node *link)
{
    cmark_node *t = cmark_node_first_child(link);
    if (!t || cmark_node_next(t) || !is_type(t, "text"))
        return false;
    const char *url = cmark_node_get_url(link), *text = cmark_node_get_literal(t);
    return url && text && same_url(url, text);
}

/* Inline children from `first` on: text (and autolinks) only, plus `codes`
 * code spans, the last of which must be the last child when want_last_code. */
static void inlines_ok(cmark_node *first, int codes, bool want_last_code, const char *where)
{
    int seen = 0;
    cmark_node *last = NULL;
    for (cmark_node *c = first; c; c = cmark_node_next(c)) {
        last = c;
        if (is_type(c, "text") || is_type(c, "softbreak"))
            continue;
        if (is_type(c, "code")) {
            seen++;
            continue;
        }
        if (is_type(c, "link") && is_autolink(c))
            continue;
        fprintf(stderr, "escaped text became markup in the %s: a %s node\n", where, type_of(c));
        SG_FUZZ_CHECK(!"escaped text became markup");
    }
    if (seen != codes)
        fprintf(stderr, "%s: %d code spans, expected %d\n", where, seen, codes);
    SG_FUZZ_CHECK(seen == codes);
    if (want_last_code && codes)
        SG_FUZZ_CHECK(is_type(last, "code"));
}

/* In libcmark-gfm but not in its public headers: frees the process-global
 * extension registry (so that valgrind and LeakSanitizer see no leftovers). */
void cmark_release_plugins(void);

static cmark_node *parse_gfm(const char *s, size_t n)
{
    static const char *const exts[] = {"table", "autolink", "strikethrough", "tagfilter",
                                       "tasklist"};
    static bool registered;
    if (!registered) {
        cmark_gfm_core_extensions_ensure_registered();
        atexit(cmark_release_plugins);
        registered = true;
    }
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
        SG_FUZZ_CHECK(e != NULL);
        cmark_parser_attach_syntax_extension(p, e);
    }
    cmark_parser_feed(p, s, n);
    cmark_node *doc = cmark_parser_finish(p);
    cmark_parser_free(p);
    return doc;
}

static void escapers(const char *s, size_t n)
{
    /* sg_md_code writes a code span when it has anything to put inside */
    bool pad = n && (s[0] == '`' || s[n - 1] == '`' || s[0] == ' ');
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        kept += c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c != 0x7f);
    }
    int code = kept || pad;

    sg_strbuf b = SG_STRBUF_INIT;
    sg_strbuf_puts(&b, "### 1. ");
    sg_md_text(&b, s, n);
    sg_strbuf_puts(&b, "\n\n**Why it matters**: ");
    sg_md_text(&b, s, n);
    sg_strbuf_puts(&b, " - ");
    sg_md_code(&b, s, n);
    sg_strbuf_puts(&b, "\n\n| # | Finding | Rule |\n|---:|---|---|\n| 1 | ");
    sg_md_text(&b, s, n);
    sg_strbuf_puts(&b, " | ");
    sg_md_code(&b, s, n);
    sg_strbuf_puts(&b, " |\n\n");
    sg_md_fence(&b, "yaml", s, n);

    cmark_node *doc = parse_gfm(b.data, b.len);
    cmark_node *h = cmark_node_first_child(doc);
    cmark_node *para = h ? cmark_node_next(h) : NULL;
    cmark_node *table = para ? cmark_node_next(para) : NULL;
    cmark_node *fence = table ? cmark_node_next(table) : NULL;
    if (!is_type(h, "heading") || !is_type(para, "paragraph") || !is_type(table, "table") ||
        !is_type(fence, "code_block") || cmark_node_next(fence)) {
        fprintf(stderr, "escaped text changed the block structure:\n");
        for (cmark_node *c = cmark_node_first_child(doc); c; c = cmark_node_next(c))
            fprintf(stderr, "  %s\n", type_of(c));
        SG_FUZZ_CHECK(!"block structure");
    }
    inlines_ok(cmark_node_first_child(h), 0, false, "heading");
    cmark_node *strong = cmark_node_first_child(para);
    SG_FUZZ_CHECK(is_type(strong, "strong"));
    inlines_ok(cmark_node_next(strong), code, true, "paragraph");

    cmark_node *head = cmark_node_first_child(table);
    cmark_node *row = head ? cmark_node_next(head) : NULL;
    SG_FUZZ_CHECK(is_type(row, "table_row") && !cmark_node_next(row));
    cmark_node *c1 = cmark_node_first_child(row);
    cmark_node *c2 = c1 ? cmark_node_next(c1) : NULL;
    cmark_node *c3 = c2 ? cmark_node_next(c2) : NULL;
    SG_FUZZ_CHECK(c3 && !cmark_node_next(c3));
    inlines_ok(cmark_node_first_child(c2), 0, false, "table cell (text)");
    if (code) { /* the cell holds the code span and nothing else */
        cmark_node *only = cmark_node_first_child(c3);
        if (!is_type(only, "code") || cmark_node_next(only))
            fprintf(stderr, "table cell (code) holds more than its code span\n");
        SG_FUZZ_CHECK(is_type(only, "code") && !cmark_node_next(only));
    } else {
        inlines_ok(cmark_node_first_child(c3), 0, false, "table cell (code)");
    }

    const char *info = cmark_node_get_fence_info(fence);
    SG_FUZZ_CHECK(info && strcmp(info, "yaml") == 0);
    { /* the block holds the text as it was */
        sg_strbuf want = SG_STRBUF_INIT;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 0x20 || c == '\n' || c == '\t')
                sg_strbuf_putc(&want, (char)c);
        }
        if (n && s[n - 1] != '\n') /* as sg_md_fence: a final newline when the text has none */
            sg_strbuf_putc(&want, '\n');
        /* as sg_md_fence: a backtick run of 60 or more (cmark-gfm cannot fence
         * 80) turns every backtick into an apostrophe */
        size_t run = 0, longest = 0;
        for (size_t i = 0; i < want.len; i++) {
            run = want.data[i] == '`' ? run + 1 : 0;
            longest = run > longest ? run : longest;
        }
        for (size_t i = 0; longest >= 60 && i < want.len; i++)
            if (want.data[i] == '`')
                want.data[i] = '\'';
        const char *lit = cmark_node_get_literal(fence);
        bool same = lit && strlen(lit) == want.len && memcmp(lit, want.data ? want.data : "", want.len) == 0;
        if (!same)
            fprintf(stderr, "the fenced block does not hold the text it was given\n");
        SG_FUZZ_CHECK(same);
        sg_strbuf_free(&want);
    }
    cmark_node_free(doc);
    sg_strbuf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *md = (const char *)data;
    sg_arena *a = sg_arena_new();
    sg_extraction ex;
    sg_error err;
    memset(&ex, 0x55, sizeof ex);
    int rc = sg_extract(a, "MODEL_RESPONSE.md", md, size, sg_fuzz_limits(), &ex, &err);
    SG_FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == 0) {
        SG_FUZZ_CHECK(ex.ncands == 0 || ex.cands != NULL);
        SG_FUZZ_CHECK(ex.chosen >= -1 && ex.chosen < (int)ex.ncands);
        if (ex.chosen < 0)
            SG_FUZZ_CHECK(ex.summary != NULL);
        int prev = 0;
        for (size_t i = 0; i < ex.ncands; i++) {
            const sg_candidate *c = &ex.cands[i];
            SG_FUZZ_CHECK(c->index > prev); /* document order, 1-based */
            prev = c->index;
            SG_FUZZ_CHECK(c->info != NULL);
            SG_FUZZ_CHECK(c->text != NULL || c->text_len == 0);
            SG_FUZZ_CHECK(c->status <= SG_CAND_NOT_TEMPLATE);
            SG_FUZZ_CHECK(c->format <= SG_FORMAT_MARKDOWN);
            sink += strlen(c->info); /* NUL-terminated, readable */
            if (c->name)
                sink += strlen(c->name);
            if (c->text_len) /* the whole block is readable */
                sink += memchr(c->text, '\x01', c->text_len) != NULL;
            if (c->status == SG_CAND_TEMPLATE || c->status == SG_CAND_TRUNCATED) {
                SG_FUZZ_CHECK(c->root != NULL);
                SG_FUZZ_CHECK(sg_is_template(c->root));
            }
            if (c->status == SG_CAND_UNPARSEABLE || c->status == SG_CAND_TRUNCATED)
                SG_FUZZ_CHECK(memchr(c->err.msg, '\0', sizeof c->err.msg) != NULL);
        }
        if (ex.chosen >= 0) {
            const sg_candidate *c = &ex.cands[ex.chosen];
            SG_FUZZ_CHECK(c->status == SG_CAND_TEMPLATE || c->status == SG_CAND_TRUNCATED);
            /* what sg_load_buffer does next with it */
            sg_template t;
            sg_error terr;
            if (c->root && c->root->kind == SG_MAP &&
                sg_template_index(a, sg_normalize(a, c->root), "MODEL_RESPONSE.md", &t, &terr) == 0) {
                for (size_t i = 0; i < t.nresources; i++)
                    SG_FUZZ_CHECK(sg_template_resource(&t, t.resources[i].id) != NULL);
                sg_strbuf b = SG_STRBUF_INIT;
                sg_emit_yaml(&b, t.root);
                sg_strbuf_free(&b);
            }
        }
    } else {
        SG_FUZZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL);
    }
    sg_arena_free(a);
    /* The escapers see titles, messages and excerpts: short texts, and valid
     * UTF-8 (every loader validates it; cmark-gfm's table rows do not survive
     * invalid UTF-8, which is no markup but would fail the check here). */
    if (size <= 4096 && valid_utf8(data, size)) {
        escapers(md, size);
    }
    return 0;
}
