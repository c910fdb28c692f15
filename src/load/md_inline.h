/* md_inline.h - reading the inline text of a cmark-gfm block (private to
 * the library: extraction reads headings before code blocks with it, the
 * requirements reader reads prompt paragraphs and list items). */
#ifndef STACKGAP_MD_INLINE_H
#define STACKGAP_MD_INLINE_H

#include <stddef.h>

#include <cmark-gfm.h>

#include "stackgap/strbuf.h"

/* Appends the text and code spans of block to out, `line_break` for each
 * soft or hard line break; stops after about `cap` bytes (0: no cap). */
void sg_md_inline_text(cmark_node *block, sg_strbuf *out, char line_break, size_t cap);

#endif
