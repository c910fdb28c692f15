/* template.h - a loaded, normalized CloudFormation template.
 *
 * sg_load_file() is the front door of the pipeline: it reads a template or
 * a Markdown response, parses it (parse.h, extract.h), normalizes it
 * (normalize.h) and indexes its sections and resources here. */
#ifndef STACKGAP_TEMPLATE_H
#define STACKGAP_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "stackgap/extract.h"
#include "stackgap/node.h"

/* Sections in the order CloudFormation documents them; reports use it. */
typedef enum sg_section {
    SG_SEC_FORMAT_VERSION, /* AWSTemplateFormatVersion */
    SG_SEC_DESCRIPTION,
    SG_SEC_TRANSFORM,
    SG_SEC_METADATA,
    SG_SEC_PARAMETERS,
    SG_SEC_RULES,
    SG_SEC_MAPPINGS,
    SG_SEC_CONDITIONS,
    SG_SEC_RESOURCES,
    SG_SEC_OUTPUTS,
    SG_SEC_OTHER, /* top-level keys CloudFormation does not define (SAM Globals ...) */
    SG_SEC_COUNT
} sg_section;

const char *sg_section_name(sg_section s); /* "AWSTemplateFormatVersion", ... */
/* Sections whose value is one scalar/list rather than a map of named entries. */
bool sg_section_is_scalar(sg_section s);

typedef struct sg_resource {
    const char *id;       /* logical ID */
    const char *match_id; /* id without a CDK 8-hex-digit suffix (== id when none) */
    const char *type;     /* "AWS::S3::Bucket"; "" when Type is missing or not a string */
    const sg_node *key;   /* the logical ID's key node (its position) */
    const sg_node *body;  /* the resource mapping */
} sg_resource;

typedef struct sg_template {
    const char *file;     /* display name of the input the user named */
    sg_format format;     /* format of the template text (JSON or YAML) */
    bool from_markdown;   /* extracted from a Markdown response */
    int block;            /* 1-based code block index in that response, 0 otherwise */
    const char *block_name; /* file name the response gave the block, or NULL */
    size_t blocks_found;  /* template candidates in the response */
    bool truncated;       /* salvaged up to a cut: `cut` says where */
    sg_error cut;
    int repairs;          /* lines skipped past syntax errors to read the rest */
    sg_error syntax;      /* the first syntax error (when repairs > 0) */
    const sg_node *root;  /* normalized tree */
    const char *source;   /* the input's bytes (arena copy): excerpts quote them */
    size_t source_len;
    const uint32_t *line_start; /* byte offset of each line (index 0 = line 1) */
    uint32_t nlines;
    const sg_node *section[SG_SEC_COUNT];     /* section values, NULL when absent */
    const sg_node *section_key[SG_SEC_COUNT]; /* their key nodes (positions) */
    sg_resource *resources; /* sorted by id */
    size_t nresources;
    const char **unknown_sections; /* top-level keys CloudFormation does not know */
    size_t nunknown;
} sg_template;

typedef struct sg_load_opts {
    const sg_limits *limits; /* NULL: defaults */
    int block;               /* Markdown: 1-based block to use; 0 = the default choice */
    sg_format format;        /* SG_FORMAT_UNKNOWN: detect from name and content */
} sg_load_opts;

/* Reads path and builds *out (arena-owned).  Returns 0, or -1 with err set:
 * unreadable file, limit exceeded, syntax error, Markdown without a
 * template, or data that is no CloudFormation template. */
int sg_load_file(sg_arena *a, const char *path, const sg_load_opts *opts, sg_template *out,
                 sg_error *err);
/* Same for bytes already in memory; name is the display name. */
int sg_load_buffer(sg_arena *a, const char *name, const char *buf, size_t len,
                   const sg_load_opts *opts, sg_template *out, sg_error *err);
/* Reads a whole file (malloc'd, NUL-terminated) with a size limit. */
int sg_read_file(const char *path, size_t max_bytes, char **buf, size_t *len, sg_error *err);

/* Builds the index from an already normalized root.  Returns -1 with err
 * when root is not a template. */
int sg_template_index(sg_arena *a, const sg_node *root, const char *file, sg_template *out,
                      sg_error *err);
/* Resource by logical ID (binary search), or NULL. */
const sg_resource *sg_template_resource(const sg_template *t, const char *id);
/* Index in t->resources of the resource named s[0..n) (not NUL-terminated,
 * as references inside Fn::Sub strings are), or -1. */
long sg_template_resource_index(const sg_template *t, const char *s, size_t n);

#endif
