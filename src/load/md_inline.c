/* md_inline.c - see md_inline.h. */
#include "load/md_inline.h"

void sg_md_inline_text(cmark_node *block, sg_strbuf *out, char line_break, size_t cap)
{
    cmark_iter *it = cmark_iter_new(block);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node *nd = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(nd);
        if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
            const char *lit = cmark_node_get_literal(nd);
            if (lit)
                sg_strbuf_puts(out, lit);
        } else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
            sg_strbuf_putc(out, line_break);
        }
        if (cap && out->len > cap)
            break;
    }
    cmark_iter_free(it);
}
