/* strbuf.h - growable byte buffer used by every renderer. */
#ifndef STACKGAP_STRBUF_H
#define STACKGAP_STRBUF_H

#include <stddef.h>

typedef struct sg_strbuf {
    char *data; /* NUL-terminated while len < cap */
    size_t len, cap;
} sg_strbuf;

#define SG_STRBUF_INIT {NULL, 0, 0}

void sg_strbuf_free(sg_strbuf *b);
void sg_strbuf_putn(sg_strbuf *b, const char *s, size_t n);
void sg_strbuf_puts(sg_strbuf *b, const char *s);
void sg_strbuf_putc(sg_strbuf *b, char c);
void sg_strbuf_printf(sg_strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal (quotes included, RFC 8259 escapes). */
void sg_strbuf_json_str(sg_strbuf *b, const char *s, size_t n);
/* The same for a C string; NULL becomes null. */
void sg_strbuf_json_cstr(sg_strbuf *b, const char *s);

/* Length of the valid UTF-8 sequence (RFC 3629) starting at s[0..n), or 0. */
size_t sg_utf8_seq(const char *s, size_t n);

#endif
