/* strbuf.c - growable byte buffer (see strbuf.h). */
#include "stackgap/strbuf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stackgap/arena.h"

static void grow(sg_strbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = sg_xrealloc(b->data, cap);
    b->cap = cap;
}

void sg_strbuf_free(sg_strbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void sg_strbuf_putn(sg_strbuf *b, const char *s, size_t n)
{
    grow(b, n);
    if (n) /* s may be NULL when n is 0 */
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sg_strbuf_puts(sg_strbuf *b, const char *s)
{
    sg_strbuf_putn(b, s, strlen(s));
}

void sg_strbuf_putc(sg_strbuf *b, char c)
{
    grow(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

static void put_unsigned(sg_strbuf *b, unsigned long long v)
{
    char d[24];
    size_t n = sizeof d;
    do {
        d[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sg_strbuf_putn(b, d + n, sizeof d - n);
}

static void put_signed(sg_strbuf *b, long long v)
{
    if (v < 0) {
        sg_strbuf_putc(b, '-');
        put_unsigned(b, 0 - (unsigned long long)v);
    } else {
        put_unsigned(b, (unsigned long long)v);
    }
}

/* The conversions reports use most - %s %d %u %ld %lu %zu %c %% without
 * flags, width or precision - written without vsnprintf, which was the
 * largest single cost of rendering.  False, with b as it was, at any other
 * conversion: the caller then formats with vsnprintf. */
static bool simple_format(sg_strbuf *b, const char *fmt, va_list ap)
{
    size_t start = b->len;
    for (const char *p = fmt;;) {
        const char *q = p;
        while (*q && *q != '%')
            q++;
        sg_strbuf_putn(b, p, (size_t)(q - p));
        if (!*q)
            return true;
        q++;
        if (*q == 's') {
            const char *s = va_arg(ap, const char *);
            sg_strbuf_puts(b, s ? s : "(null)"); /* what glibc prints */
        } else if (*q == 'd') {
            put_signed(b, va_arg(ap, int));
        } else if (*q == 'u') {
            put_unsigned(b, va_arg(ap, unsigned));
        } else if (*q == 'c') {
            sg_strbuf_putc(b, (char)va_arg(ap, int));
        } else if (*q == '%') {
            sg_strbuf_putc(b, '%');
        } else if (*q == 'z' && q[1] == 'u') {
            put_unsigned(b, va_arg(ap, size_t));
            q++;
        } else if (*q == 'l' && q[1] == 'd') {
            put_signed(b, va_arg(ap, long));
            q++;
        } else if (*q == 'l' && q[1] == 'u') {
            put_unsigned(b, va_arg(ap, unsigned long));
            q++;
        } else {
            b->len = start;
            if (b->data)
                b->data[start] = '\0';
            return false;
        }
        p = q + 1;
    }
}

void sg_strbuf_printf(sg_strbuf *b, const char *fmt, ...)
{
    va_list first;
    va_start(first, fmt);
    bool done = simple_format(b, fmt, first);
    va_end(first);
    if (done)
        return;

    /* Format straight into the free space; only a result that does not fit
     * is formatted a second time (vsnprintf is the reports' costliest call). */
    grow(b, 64);
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    if (n <= 0) {
        b->data[b->len] = '\0';
        return;
    }
    if ((size_t)n >= b->cap - b->len) {
        grow(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

size_t sg_utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* bounds of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* Does any of the 8 bytes in x need more than a copy in a JSON string: a
 * control character, DEL, a byte >= 0x80, '"' or '\\'?  (Bit tricks that
 * test all 8 at once; a false alarm would only cost the byte loop.) */
static bool json_special8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
#define HAS_ZERO(v) (((v) - ones) & ~(v) & high)
    uint64_t below_space = (x - ones * 0x20) & ~x & high;
    return (x & high) || below_space || HAS_ZERO(x ^ (ones * '"')) ||
           HAS_ZERO(x ^ (ones * '\\')) || HAS_ZERO(x ^ (ones * 0x7f));
#undef HAS_ZERO
}

void sg_strbuf_json_str(sg_strbuf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    grow(b, n + 2);
    sg_strbuf_putc(b, '"');
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        /* printable ASCII other than " and \ is copied as it is: skip runs of it */
        for (uint64_t x; i + 8 <= n; i += 8) {
            memcpy(&x, s + i, 8);
            if (json_special8(x))
                break;
        }
        while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f &&
               s[i] != '"' && s[i] != '\\')
            i++;
        if (i == n)
            break;
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char ubuf[7];
        size_t skip = 0; /* extra bytes consumed by a valid multi-byte sequence */
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                ubuf[0] = '\\'; ubuf[1] = 'u'; ubuf[2] = '0'; ubuf[3] = '0';
                ubuf[4] = hex[c >> 4]; ubuf[5] = hex[c & 15]; ubuf[6] = '\0';
                esc = ubuf;
            } else if (c >= 0x80) {
                size_t len = sg_utf8_seq((const unsigned char *)s + i, n - i);
                if (len)
                    skip = len - 1;
                else
                    esc = "\xEF\xBF\xBD"; /* JSON text must be UTF-8: U+FFFD */
            }
        }
        if (esc) { /* the plain run before it, then the escape, in one step */
            size_t run = i - start, el = strlen(esc);
            grow(b, run + el);
            memcpy(b->data + b->len, s + start, run);
            memcpy(b->data + b->len + run, esc, el);
            b->len += run + el;
            b->data[b->len] = '\0';
            start = i + 1;
        }
        i += skip;
    }
    sg_strbuf_putn(b, s + start, n - start);
    sg_strbuf_putc(b, '"');
}

void sg_strbuf_json_cstr(sg_strbuf *b, const char *s)
{
    if (s)
        sg_strbuf_json_str(b, s, strlen(s));
    else
        sg_strbuf_puts(b, "null");
}

uint64_t sg_fnv1a(uint64_t h, const void *s, size_t n)
{
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211u;
    return h;
}
