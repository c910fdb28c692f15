/* fuzz_comment.c - `stackgap comment` on an arbitrary OLD/NEW pair: the
 * pull-request body is what strangers' templates reach most directly.
 *
 * Input: byte 0 configuration, then OLD `\n--8<--\n` NEW.
 *   bits 0-1  --max-chars: 65536, 6000, 2000 or 600
 *   bit 2     the files are named .json (else .yaml)
 *   bit 3     a hostile --label
 *
 * Checks: the body starts with its marker line and, when it fits, is
 * within --max-chars; parsed as GFM (table, autolink, strikethrough,
 * tagfilter) it holds no link or image, and the only HTML is stackgap's
 * own: the marker, <details>, <summary> with no markup inside, and the
 * footer's <sub>. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "stackgap/comment.h"

static char tmpdir[256];

static void tmpdir_remove(void)
{
    if (tmpdir[0])
        rmdir(tmpdir);
}

static const char *put_file(const char *name, const uint8_t *p, size_t n, char *path, size_t cap)
{
    if (!tmpdir[0]) {
        snprintf(tmpdir, sizeof tmpdir, "%s/sg-fuzz-comment-XXXXXX",
                 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
        if (!mkdtemp(tmpdir))
            abort();
        atexit(tmpdir_remove);
    }
    snprintf(path, cap, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0)
        abort();
    return path;
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* One line of an HTML block: a marker, <details>, </details>, or a
 * <summary> holding plain text. */
static bool own_html_line(const char *s, size_t n)
{
    if ((n == 9 && memcmp(s, "<details>", 9) == 0) || (n == 10 && memcmp(s, "</details>", 10) == 0))
        return true;
    if (n > 19 && starts(s, "<summary>") && memcmp(s + n - 10, "</summary>", 10) == 0)
        return memchr(s + 9, '<', n - 19) == NULL && memchr(s + 9, '>', n - 19) == NULL;
    if (n > 30 && starts(s, "<!-- stackgap:comment key=") && memcmp(s + n - 4, " -->", 4) == 0) {
        for (size_t i = 26; i < n - 4; i++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-", s[i]))
                return false;
        return true;
    }
    return false;
}

static void check_markdown(const char *md, size_t len)
{
    cmark_gfm_core_extensions_ensure_registered();
    cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
    const char *exts[] = {"table", "autolink", "strikethrough", "tagfilter"};
    for (size_t i = 0; i < 4; i++)
        cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(exts[i]));
    cmark_parser_feed(p, md, len);
    cmark_node *root = cmark_parser_finish(p);
    cmark_iter *it = cmark_iter_new(root);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *n = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(n);
        SG_FUZZ_CHECK(t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE);
        if (t == CMARK_NODE_HTML_INLINE) {
            const char *s = cmark_node_get_literal(n);
            SG_FUZZ_CHECK(strcmp(s, "<sub>") == 0 || strcmp(s, "</sub>") == 0 ||
                          strcmp(s, "<summary>") == 0 || strcmp(s, "</summary>") == 0);
        } else if (t == CMARK_NODE_HTML_BLOCK) {
            const char *s = cmark_node_get_literal(n);
            while (*s) {
                size_t k = strcspn(s, "\n");
                SG_FUZZ_CHECK(k == 0 || own_html_line(s, k));
                s += k + (s[k] == '\n');
            }
        }
    }
    cmark_iter_free(it);
    cmark_node_free(root);
    cmark_parser_free(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const size_t limits[] = {65536, 6000, 2000, 600};
    uint8_t cfg = data[0];
    const uint8_t *in = data + 1;
    size_t n = size - 1;
    static const char sep[] = "\n--8<--\n";
    const uint8_t *cut = NULL;
    for (size_t i = 0; i + sizeof sep - 1 <= n && !cut; i++)
        if (memcmp(in + i, sep, sizeof sep - 1) == 0)
            cut = in + i;
    size_t old_n = cut ? (size_t)(cut - in) : n;
    const uint8_t *new_p = cut ? cut + sizeof sep - 1 : in + n;
    size_t new_n = cut ? n - old_n - (sizeof sep - 1) : 0;

    const char *ext = cfg & 4 ? "json" : "yaml";
    char oldp[300], newp[300], oname[16], nname[16];
    snprintf(oname, sizeof oname, "old.%s", ext);
    snprintf(nname, sizeof nname, "new.%s", ext);
    put_file(oname, in, old_n, oldp, sizeof oldp);
    put_file(nname, new_p, new_n, newp, sizeof newp);

    sg_comment_opts o = {.old_path = oldp, .new_path = newp, .max_chars = limits[cfg & 3],
                         .label = cfg & 8 ? "<b>@octocat</b> #1 `x` | www.e.example/p" : NULL};
    sg_arena *a = sg_arena_new();
    sg_report r;
    sg_error err;
    int rc = sg_comment_build(a, &o, &r, &err);
    SG_FUZZ_CHECK(rc == 0 || (rc == -1 && err.msg[0]));
    if (rc == 0) {
        sg_strbuf b = SG_STRBUF_INIT;
        sg_comment_result res;
        sg_comment_render(&b, &r, &o, &res);
        SG_FUZZ_CHECK(b.len > 0 && starts(b.data, "<!-- stackgap:comment key="));
        if (res.fits) {
            SG_FUZZ_CHECK(b.len <= o.max_chars);
            check_markdown(b.data, b.len);
        }
        sg_strbuf_free(&b);
    }
    sg_report_free(&r);
    sg_arena_free(a);
    unlink(oldp);
    unlink(newp);
    return 0;
}
