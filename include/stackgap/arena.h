/* arena.h - bump allocator that owns every tree stackgap builds.
 *
 * A load, a normalization or a diff allocates many small objects that all
 * die together; an arena makes that one free() per chunk and keeps nodes
 * close in memory.  Not thread-safe: use one arena per thread. */
#ifndef STACKGAP_ARENA_H
#define STACKGAP_ARENA_H

#include <stddef.h>

typedef struct sg_arena sg_arena;

/* Returns a new empty arena; aborts on out-of-memory like every sg_ allocation. */
sg_arena *sg_arena_new(void);
/* Frees the arena and everything allocated from it.  NULL is allowed. */
void sg_arena_free(sg_arena *a);

/* Uninitialised memory, aligned for any object type. */
void *sg_arena_alloc(sg_arena *a, size_t size);
/* Zeroed memory. */
void *sg_arena_calloc(sg_arena *a, size_t n, size_t size);
/* Copy of s[0..len) with a terminating NUL. */
char *sg_arena_strndup(sg_arena *a, const char *s, size_t len);
char *sg_arena_strdup(sg_arena *a, const char *s);
/* printf into the arena. */
char *sg_arena_printf(sg_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far (for limits and benchmarks). */
size_t sg_arena_used(const sg_arena *a);

/* Heap helpers that abort on out-of-memory, for growable scratch buffers. */
void *sg_xmalloc(size_t size);
void *sg_xrealloc(void *p, size_t size);

#endif
