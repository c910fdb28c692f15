/* strbuf.h - growable byte buffer used by every renderer. */
#ifndef STACKGAP_STRBUF_H
#define STACKGAP_STRBUF_H

#include <stddef.h>
#include <stdint.h>

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
/* Length of the valid UTF-8 sequence at s[0..n) (n >= 1), or 0 (RFC 3629: no
 * overlongs, no surrogates, nothing above U+10FFFF).  Shared by every
 * escaper whose output must be valid UTF-8 (JSON, XML). */
size_t sg_utf8_seq(const unsigned char *s, size_t n);

/* FNV-1a (64-bit): h continued over s[0..n); start from SG_FNV1A_BASIS.
 * The one hash for hash tables, fingerprints and keys. */
#define SG_FNV1A_BASIS 14695981039346656037u
uint64_t sg_fnv1a(uint64_t h, const void *s, size_t n);

#endif
