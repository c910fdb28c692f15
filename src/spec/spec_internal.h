/* spec_internal.h - the loaded spec's layout, shared by spec.c (parsing, lookup),
 * spec_embedded.c and the build-time generator src/spec/spec_embed.c, which writes
 * the embedded spec already indexed as static C data (no parsing at run time). */
#ifndef STACKGAP_SPEC_INTERNAL_H
#define STACKGAP_SPEC_INTERNAL_H

#include "stackgap/spec.h"

/* Text in the buffer as offset and length, not a pointer: the generated embedded
 * index then needs no relocations when the program starts. */
typedef struct ref {
    uint32_t off, n;
} ref;

struct sg_spec_type {
    ref name;    /* resource: full name; struct: without the leading '.' */
    ref page;    /* empty: derived from the name */
    ref anchor;  /* empty: derived from the name */
    ref alias;   /* alias shape of a property type without properties */
    uint32_t first, nprops, nattrs;  /* into spec->lines: properties, then attributes */
    uint32_t first_struct, nstructs; /* resources: into spec->structs */
    int32_t owner;                   /* structs: index of their resource type, or -1 */
    char kind;                       /* 'R' or 'S' */
};

/* Read-only once loaded: the embedded one is const data (src/spec/spec_embed.c). */
struct sg_spec {
    char *owned;  /* the bytes, when read from a file */
    void *index;  /* the one allocation holding types, structs and lines, when parsed */
    const char *buf;
    size_t len;
    ref package, version, spec_version, published, docs;
    char info[4][64];
    const sg_spec_type *types; /* resources, sorted */
    size_t ntypes;
    const sg_spec_type *structs; /* globals first, then each resource's, in order */
    size_t nstructs, nglobal;
    const uint32_t *lines; /* start offset of each P and A line */
    size_t nlines, nprops, nattrs;
};

#endif
