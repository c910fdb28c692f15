/* arena.c - chunked bump allocator (see arena.h). */
#include "stackgap/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK ((size_t)64 << 10)
#define ARENA_ALIGN ((size_t)_Alignof(max_align_t))

typedef struct chunk {
    struct chunk *next;
    size_t size, used;
    _Alignas(max_align_t) unsigned char data[];
} chunk;

struct sg_arena {
    chunk *head;
    size_t total;
    size_t next_size; /* chunks double up to 4 MiB so big inputs need few mallocs */
};

static void oom(void)
{
    fputs("stackgap: out of memory\n", stderr);
    abort();
}

void *sg_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *sg_xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p)
        oom();
    return p;
}

sg_arena *sg_arena_new(void)
{
    sg_arena *a = sg_xmalloc(sizeof *a);
    a->head = NULL;
    a->total = 0;
    a->next_size = ARENA_CHUNK;
    return a;
}

void sg_arena_free(sg_arena *a)
{
    if (!a)
        return;
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(a);
}

void *sg_arena_alloc(sg_arena *a, size_t size)
{
    size = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t cap = a->next_size;
        if (cap < size)
            cap = size;
        if (a->next_size < ((size_t)4 << 20))
            a->next_size *= 2;
        c = sg_xmalloc(sizeof *c + cap);
        c->size = cap;
        c->used = 0;
        /* Keep the fuller chunk at the head only if the new one is a one-off
         * giant; otherwise new chunk becomes the bump target. */
        if (a->head && cap == size && a->head->size - a->head->used > 0) {
            c->next = a->head->next;
            a->head->next = c;
            c->used = size;
            a->total += size;
            return c->data;
        }
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    a->total += size;
    return p;
}

void *sg_arena_calloc(sg_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        oom();
    void *p = sg_arena_alloc(a, n * size);
    memset(p, 0, n * size);
    return p;
}

char *sg_arena_strndup(sg_arena *a, const char *s, size_t len)
{
    char *p = sg_arena_alloc(a, len + 1);
    if (len)
        memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *sg_arena_strdup(sg_arena *a, const char *s)
{
    return sg_arena_strndup(a, s, strlen(s));
}

char *sg_arena_printf(sg_arena *a, const char *fmt, ...)
{
    /* most results are short: format once into a local buffer, twice only
     * when it is too small */
    char local[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(local, sizeof local, fmt, ap);
    va_end(ap);
    if (n < 0) {
        n = 0;
        local[0] = '\0';
    }
    char *p = sg_arena_alloc(a, (size_t)n + 1);
    if ((size_t)n < sizeof local) {
        memcpy(p, local, (size_t)n + 1);
        return p;
    }
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t sg_arena_used(const sg_arena *a)
{
    return a->total;
}
