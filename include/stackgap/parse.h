/* parse.h - bytes to sg_node trees: JSON (RFC 8259) and YAML (via libyaml).
 *
 * YAML short-form intrinsics are rewritten to their long form while loading
 * (!Ref X -> {"Ref": X}, !GetAtt A.B -> {"Fn::GetAtt": "A.B"}, !Sub s ->
 * {"Fn::Sub": s}, ...), as CloudFormation itself does; the one-key map
 * carries the tag's position. */
#ifndef STACKGAP_PARSE_H
#define STACKGAP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackgap/node.h"

typedef struct sg_parse_opts {
    const char *file;         /* display name for errors and positions */
    uint32_t line_offset;     /* added to every line (text embedded in Markdown) */
    uint32_t col_offset;      /* added to every column */
    const sg_limits *limits;  /* NULL: defaults */
    bool salvage;             /* on a syntax error, return the tree up to it (result 1) */
    bool allow_trailing;      /* JSON: stop after the first value, ignore what follows */
} sg_parse_opts;

/* Results: 0 parsed; 1 salvaged (error set, *out is the partial tree - only
 * with opts->salvage); -1 failed (error set, *out NULL).  *consumed, when not
 * NULL, receives the bytes used (JSON: the end of the first value). */
int sg_parse_json(sg_arena *a, const char *buf, size_t len, const sg_parse_opts *opts,
                  sg_node **out, size_t *consumed, sg_error *err);
int sg_parse_yaml(sg_arena *a, const char *buf, size_t len, const sg_parse_opts *opts,
                  sg_node **out, sg_error *err);

#endif
