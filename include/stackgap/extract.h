/* extract.h - find the CloudFormation template(s) inside a Markdown response.
 *
 * Model answers hold templates in fenced code blocks (often a reasoning draft
 * and then the final one, next to bash and Lambda code), sometimes in a
 * fence that is never closed because the answer was cut off, sometimes pasted
 * as raw text with no fence at all, and sometimes not at all.  sg_extract()
 * walks the document with cmark-gfm, parses every block that could be a
 * template, scans the raw text for unfenced templates, and picks the final
 * complete template as the default. */
#ifndef STACKGAP_EXTRACT_H
#define STACKGAP_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "stackgap/node.h"

typedef enum sg_format {
    SG_FORMAT_UNKNOWN,
    SG_FORMAT_JSON,
    SG_FORMAT_YAML,
    SG_FORMAT_MARKDOWN,
} sg_format;

const char *sg_format_name(sg_format f); /* "json", "yaml", "markdown", "unknown" */

typedef enum sg_cand_status {
    SG_CAND_TEMPLATE,    /* parsed, and it is a CloudFormation template */
    SG_CAND_TRUNCATED,   /* fence never closed / input cut: template salvaged up to err */
    SG_CAND_UNPARSEABLE, /* looked like a template but did not parse: err says where */
    SG_CAND_NOT_TEMPLATE /* code of another kind (bash, python, JSON that is no template) */
} sg_cand_status;

typedef struct sg_candidate {
    int index;           /* 1-based, in document order over all code blocks */
    const char *info;    /* fence info string; "" for none; "(unfenced)" for raw text */
    uint32_t line;       /* Markdown line of the block's first content line */
    uint32_t end_line;   /* last content line */
    const char *name;    /* file name the response gives the block, or NULL */
    sg_format format;    /* JSON or YAML for data blocks, else UNKNOWN */
    sg_cand_status status;
    sg_node *root;       /* parsed tree for TEMPLATE/TRUNCATED, else NULL */
    size_t resources;    /* entries under Resources */
    sg_error err;        /* UNPARSEABLE: the parse error; TRUNCATED: where it was cut */
    int repairs;         /* syntax errors skipped to parse the rest of the block */
    sg_error syntax;     /* the first of them */
    const char *text;    /* block content (arena), and its length */
    size_t text_len;
} sg_candidate;

typedef struct sg_extraction {
    sg_candidate *cands; /* every code block plus unfenced finds, in document order */
    size_t ncands;
    size_t code_blocks;  /* fenced + indented code blocks in the document */
    int chosen;          /* index into cands of the default template, -1 when none */
    /* When chosen == -1: a sentence saying what was found, e.g.
     * "3 code blocks: python, bash, text; no CloudFormation template". */
    const char *summary;
} sg_extraction;

/* Parses md[0..len) and fills out (arena-allocated).  Returns 0, or -1 only
 * on a limit violation (err set).  A response without a template is not an
 * error here: out->chosen is -1 and out->summary says why. */
int sg_extract(sg_arena *a, const char *file, const char *md, size_t len,
               const sg_limits *limits, sg_extraction *out, sg_error *err);

/* True when root is a mapping that looks like a CloudFormation template
 * (has Resources, or AWSTemplateFormatVersion with other template sections). */
int sg_is_template(const sg_node *root);

#endif
