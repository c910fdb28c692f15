/* limits.h - bounds on untrusted input.  Every loader checks them and fails
 * with a positioned error instead of using unbounded time or memory. */
#ifndef STACKGAP_LIMITS_H
#define STACKGAP_LIMITS_H

#include <stddef.h>
#include <stdint.h>

typedef struct sg_limits {
    size_t max_input_bytes;  /* size of one input file */
    uint32_t max_depth;      /* nesting of sequences and mappings */
    size_t max_nodes;        /* nodes in one document, aliases counted expanded */
    size_t max_string_bytes; /* length of one scalar */
    size_t max_resources;    /* entries in Resources */
} sg_limits;

/* The documented defaults (docs/limits.md). */
#define SG_DEFAULT_MAX_INPUT_BYTES ((size_t)64 << 20)
#define SG_DEFAULT_MAX_DEPTH 200u
#define SG_DEFAULT_MAX_NODES ((size_t)2 << 20)
#define SG_DEFAULT_MAX_STRING_BYTES ((size_t)4 << 20)
#define SG_DEFAULT_MAX_RESOURCES ((size_t)100000)

/* Returns a pointer to the default limits (static storage). */
const sg_limits *sg_limits_default(void);

#endif
