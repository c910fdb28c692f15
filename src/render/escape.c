/* escape.c - the one place where text from a template or prompt is made
 * safe for Markdown: nothing echoed from input may become markup (HTML,
 * links, mentions, tables, fences). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "stackgap/render.h"

/* Escapes what can start markup anywhere in a line (emphasis, code, links,
 * HTML, tables, strikethrough, mentions, issue references, entities), and
 * what can start a block at the start of the text (headings, lists, quotes).
 * Underscores inside words are left alone: GFM never reads them as
 * emphasis, and MODEL_RESPONSE stays readable. */
static bool md_special(unsigned char c)
{
    switch (c) {
    case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>':
    case '#': case '|': case '~': case '@': case '&':
        return true;
    default:
        return false;
    }
}

void sg_md_text(sg_strbuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool alnum_before = i > 0 && ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z');
        bool alnum_after = i + 1 < n && ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z');
        if (c == '\n' || c == '\r' || c == '\t') {
            sg_strbuf_putc(b, ' ');
        } else if (c < 0x20 || c == 0x7f) {
            continue;
        } else if (c == '_' && alnum_before && alnum_after) {
            sg_strbuf_putc(b, '_');
        } else if (md_special(c) || (i == 0 && strchr("-+=.!:", (char)c))) {
            sg_strbuf_putc(b, '\\');
            sg_strbuf_putc(b, (char)c);
        } else { /* copy the run of bytes that need nothing at once */
            size_t j = i + 1;
            while (j < n && (unsigned char)s[j] >= 0x20 && s[j] != 0x7f &&
                   !md_special((unsigned char)s[j]))
                j++;
            sg_strbuf_putn(b, s + i, j - i);
            i = j - 1;
        }
    }
}

/* Text as it will appear in a code span or fence: control characters
 * dropped (newlines and tabs as `keep_lines` says), and - because cmark-gfm
 * never closes a span or fence of more than 80 backticks - backticks
 * replaced by an apostrophe when a run would need that many.  The length
 * of the fence is then decided on exactly the text that is written. */
#define MAX_TICK_RUN 60
static char *code_text(const char *s, size_t n, bool keep_lines, size_t *out_n, size_t *longest)
{
    char *t = sg_xmalloc(n + 1);
    size_t k = 0, run = 0, max = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || c == '\r' || c == '\t')
            t[k++] = keep_lines && c != '\r' ? (char)c : ' ';
        else if (c >= 0x20 && c != 0x7f)
            t[k++] = (char)c;
    }
    for (size_t i = 0; i < k; i++) {
        run = t[i] == '`' ? run + 1 : 0;
        if (run > max)
            max = run;
    }
    if (max >= MAX_TICK_RUN) {
        for (size_t i = 0; i < k; i++)
            if (t[i] == '`')
                t[i] = '\'';
        max = 0;
    }
    t[k] = '\0';
    *out_n = k;
    *longest = max;
    return t;
}

/* A code span long enough to hold any run of backticks in s; pipes escaped
 * for tables (GFM un-escapes \| inside code spans in table cells). */
void sg_md_code(sg_strbuf *b, const char *s, size_t n)
{
    size_t len, longest;
    char *t = code_text(s, n, false, &len, &longest);
    size_t fence = longest + 1;
    bool pad = len && (t[0] == '`' || t[len - 1] == '`' || t[0] == ' ');
    for (size_t i = 0; i < fence; i++)
        sg_strbuf_putc(b, '`');
    if (pad)
        sg_strbuf_putc(b, ' ');
    for (size_t i = 0, j; i < len; i = j) { /* runs without a pipe at once */
        for (j = i; j < len && t[j] != '|'; j++)
            ;
        sg_strbuf_putn(b, t + i, j - i);
        if (j < len) {
            sg_strbuf_puts(b, "\\|");
            j++;
        }
    }
    if (pad)
        sg_strbuf_putc(b, ' ');
    for (size_t i = 0; i < fence; i++)
        sg_strbuf_putc(b, '`');
    free(t);
}

/* A fenced block whose fence is longer than any backtick run inside, so
 * the text cannot close it early; control characters other than newline
 * and tab are dropped. */
void sg_md_fence(sg_strbuf *b, const char *lang, const char *s, size_t n)
{
    size_t len, longest;
    char *t = code_text(s, n, true, &len, &longest);
    size_t fence = longest < 3 ? 3 : longest + 1;
    for (size_t i = 0; i < fence; i++)
        sg_strbuf_putc(b, '`');
    sg_strbuf_puts(b, lang ? lang : "");
    sg_strbuf_putc(b, '\n');
    sg_strbuf_putn(b, t, len);
    if (len && t[len - 1] != '\n')
        sg_strbuf_putc(b, '\n');
    for (size_t i = 0; i < fence; i++)
        sg_strbuf_putc(b, '`');
    sg_strbuf_putc(b, '\n');
    free(t);
}
