/* spec.h - the CloudFormation resource specification: resource types, their
 * properties (required, update type, shape), property types and attributes.
 *
 * The data is the distilled text cfnspec.txt (committed packed as
 * src/spec/cfnspec.tar.xz; docs/spec.md), embedded in the binary at build
 * time together with its index; --spec FILE supplies another one
 * in the same format, indexed on load (count, then fill; no per-entry allocation;
 * dangling or cyclic property type aliases are rejected). Lookups
 * are binary searches. Nothing here allocates after loading, and a loaded spec is
 * read-only, so threads share it freely. */
#ifndef STACKGAP_SPEC_H
#define STACKGAP_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackgap/arena.h"
#include "stackgap/error.h"
#include "stackgap/strbuf.h"

typedef struct sg_spec sg_spec;
/* A resource type (AWS::S3::Bucket) or a property type (AWS::S3::Bucket.Rule, Tag). */
typedef struct sg_spec_type sg_spec_type;

typedef enum sg_spec_update {
    SG_UPDATE_UNKNOWN = 0, /* the spec does not say */
    SG_UPDATE_MUTABLE,     /* updated in place */
    SG_UPDATE_IMMUTABLE,   /* the resource is replaced */
    SG_UPDATE_CONDITIONAL  /* replaced or not, depending on the change */
} sg_spec_update;

typedef enum sg_spec_kind {
    SG_SPEC_ANY = 0, /* a union of types, or unknown: not checked */
    SG_SPEC_STRING,
    SG_SPEC_INTEGER,
    SG_SPEC_LONG,
    SG_SPEC_DOUBLE,
    SG_SPEC_BOOLEAN,
    SG_SPEC_TIMESTAMP,
    SG_SPEC_JSON,
    SG_SPEC_STRUCT, /* a property type, named by type/type_len */
    SG_SPEC_LIST,   /* items are `item` (a struct when item == SG_SPEC_STRUCT) */
    SG_SPEC_MAP
} sg_spec_kind;

typedef struct sg_spec_shape {
    sg_spec_kind kind;
    sg_spec_kind item;    /* for LIST and MAP */
    const char *type;     /* struct name (of the value or its items), relative; else NULL */
    size_t type_len;
} sg_spec_shape;

typedef struct sg_spec_prop {
    const char *name;
    size_t name_len;
    bool required;
    sg_spec_update update;
    sg_spec_shape shape;
    const sg_spec_type *owner; /* the type it belongs to (for sg_spec_doc_link) */
    const char *anchor;        /* its own doc anchor, or NULL for the owner's scheme */
    size_t anchor_len;
} sg_spec_prop;

/* --- loading --------------------------------------------------------------------- */

/* Parses a distilled file held in buf (not copied: buf must outlive the spec).
 * Errors name `file` with line and column. */
int sg_spec_parse(const char *buf, size_t len, const char *file, sg_spec **out, sg_error *err);
/* Reads and parses a file; the spec owns the bytes. */
int sg_spec_load_file(const char *path, sg_spec **out, sg_error *err);
void sg_spec_free(sg_spec *spec);

/* The spec in use: the one given to sg_spec_use, else the embedded one. Never NULL. */
const sg_spec *sg_spec_active(void);
/* Makes spec the active one (e.g. --spec FILE). Call before starting threads. */
void sg_spec_use(const sg_spec *spec);
/* The embedded one: indexed at build time, so using it costs nothing at run time. */
const sg_spec *sg_spec_embedded(void);

/* Provenance from the file's V line, and counts. */
typedef struct sg_spec_info {
    const char *package, *version, *spec_version, *published; /* NUL-terminated copies */
    size_t resource_types, property_types, properties, attributes;
    size_t bytes;
} sg_spec_info;
void sg_spec_get_info(const sg_spec *spec, sg_spec_info *info);

/* --- lookup ---------------------------------------------------------------------- */

const sg_spec_type *sg_spec_resource(const sg_spec *spec, const char *name, size_t len);
/* The property type `name` as a property of `in` refers to it: first the types of
 * in's resource type, then the global ones (Tag). NULL when there is none. */
const sg_spec_type *sg_spec_struct(const sg_spec *spec, const sg_spec_type *in,
                                   const char *name, size_t len);
/* A property type with no properties of its own stands for another shape (a list of
 * Tag, a string): returns true and fills *shape. */
bool sg_spec_type_alias(const sg_spec *spec, const sg_spec_type *type, sg_spec_shape *shape);
/* The full name (AWS::S3::Bucket, AWS::S3::Bucket.Rule, Tag) into b. */
void sg_spec_type_name(const sg_spec *spec, const sg_spec_type *type, sg_strbuf *b);

bool sg_spec_property(const sg_spec *spec, const sg_spec_type *type, const char *name,
                      size_t len, sg_spec_prop *out);
size_t sg_spec_property_count(const sg_spec_type *type);
void sg_spec_property_at(const sg_spec *spec, const sg_spec_type *type, size_t i,
                         sg_spec_prop *out);
bool sg_spec_attribute(const sg_spec *spec, const sg_spec_type *type, const char *name,
                       size_t len);
size_t sg_spec_attribute_count(const sg_spec_type *type);
/* The i-th attribute name (not NUL-terminated). */
const char *sg_spec_attribute_at(const sg_spec *spec, const sg_spec_type *type, size_t i,
                                 size_t *len);

/* The documentation link of a type (prop NULL) or of one of its properties. */
void sg_spec_doc_link(const sg_spec *spec, const sg_spec_type *type, const sg_spec_prop *prop,
                      sg_strbuf *b);

/* "Did you mean": the closest resource type name / property / attribute of type by
 * edit distance (case differences cost 1), when close enough to be a likely typo;
 * else NULL. *out_len gets the length. */
const char *sg_spec_suggest_resource(const sg_spec *spec, const char *name, size_t len,
                                     size_t *out_len);
const char *sg_spec_suggest_property(const sg_spec *spec, const sg_spec_type *type,
                                     const char *name, size_t len, size_t *out_len);
const char *sg_spec_suggest_attribute(const sg_spec *spec, const sg_spec_type *type,
                                      const char *name, size_t len, size_t *out_len);

/* " Did you mean 'near'?" (near[0..n)) in a, for appending to a message; "" when near
 * is NULL. */
const char *sg_spec_did_you_mean(sg_arena *a, const char *near, size_t n);

/* Where a resource type's properties are defined. */
typedef enum sg_spec_origin {
    SG_ORIGIN_SPEC,   /* the resource specification (AWS::*, registry types) */
    SG_ORIGIN_CUSTOM, /* Custom::*, AWS::CloudFormation::CustomResource: their handler
                         takes any property and decides how to update */
    SG_ORIGIN_SAM     /* AWS::Serverless::*: the SAM transform rewrites them, and their
                         shapes are unions the spec cannot say */
} sg_spec_origin;
/* The spec check skips both non-SPEC origins; replacement impact treats CUSTOM as
 * updated in place and SAM types by their spec entries. */
sg_spec_origin sg_spec_type_origin(const char *type);

const char *sg_spec_update_name(sg_spec_update u); /* "update", "replace", "conditional", "unknown" */
const char *sg_spec_kind_name(sg_spec_kind k);     /* "String", "List", ... */

#endif
