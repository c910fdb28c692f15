/* escape.c - the one place where text from a template or prompt is made
 * safe for Markdown: nothing echoed from input may become markup (HTML,
 * links, mentions, tables, fences). */
#include <stdbool.h>
#include <string.h>

#include "stackgap/render.h"

/* Escapes what can start markup anywhere in a line (emphasis, code, links,
 * HTML, tables, strikethrough, mentions, issue references, entities), and
 * what can start a block at the start of the text (headings, lists, quotes).
 * Underscores inside words are left alone: GFM never reads them as
 * emphasis, and MODEL_RESPONSE stays readable. */
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
        } else if (strchr("\\`*_[]<>#|~@&", (char)c) ||
                   (i == 0 && strchr("-+=.!:", (char)c))) {
            sg_strbuf_putc(b, '\\');
            sg_strbuf_putc(b, (char)c);
        } else {
            sg_strbuf_putc(b, (char)c);
        }
    }
}

/* A code span long enough to hold any run of backticks in s; pipes escaped
 * for tables (GFM un-escapes \| inside code spans in table cells). */
void sg_md_code(sg_strbuf *b, const char *s, size_t n)
{
    size_t run = 0, longest = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    size_t fence = longest + 1;
    for (size_t i = 0; i < fence; i++)
        sg_strbuf_putc(b, '`');
    if (n && (s[0] == '`' || s[n - 1] == '`' || s[0] == ' '))
        sg_strbuf_putc(b, ' ');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '|')
            sg_strbuf_puts(b, "\\|");
        else if (c == '\n' || c == '\r' || c == '\t')
            sg_strbuf_putc(b, ' ');
        else if (c >= 0x20 && c != 0x7f)
            sg_strbuf_putc(b, (char)c);
    }
    if (n && (s[0] == '`' || s[n - 1] == '`' || s[0] == ' '))
        sg_strbuf_putc(b, ' ');
    for (size_t i = 0; i < fence; i++)
        sg_strbuf_putc(b, '`');
}

/* A fenced block whose fence is longer than any backtick run inside, so
 * the text cannot close it early; control characters other than newline
 * and tab are dropped. */
void sg_md_fence(sg_strbuf *b, const char *lang, const char *s, size_t n)
{
    size_t run = 0, longest = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    size_t fence = longest < 3 ? 3 : longest + 1;
    for (size_t i = 0; i < fence; i++)
        sg_strbuf_putc(b, '`');
    sg_strbuf_puts(b, lang ? lang : "");
    sg_strbuf_putc(b, '\n');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 || c == '\n' || c == '\t')
            sg_strbuf_putc(b, (char)c);
    }
    if (n && s[n - 1] != '\n')
        sg_strbuf_putc(b, '\n');
    for (size_t i = 0; i < fence; i++)
        sg_strbuf_putc(b, '`');
    sg_strbuf_putc(b, '\n');
}
