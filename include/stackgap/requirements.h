/* requirements.h - requirements stated in a PROMPT.md, and whether a
 * template meets them.
 *
 * Extraction walks the prompt with cmark-gfm: list items and sentences
 * carrying "must / should / ensure / require ..." become requirements, in
 * the prompt's own words, each mapped to categories and resource types. */
#ifndef STACKGAP_REQUIREMENTS_H
#define STACKGAP_REQUIREMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackgap/finding.h"
#include "stackgap/rules.h"
#include "stackgap/template.h"

typedef enum sg_req_status {
    SG_REQ_MET,
    SG_REQ_UNMET,
    SG_REQ_NOT_CHECKABLE
} sg_req_status;
const char *sg_req_status_id(sg_req_status s); /* "met", "unmet", "not-checkable" */

typedef struct sg_requirement {
    const char *text;        /* the requirement in the prompt's words (one line, trimmed) */
    uint32_t line;           /* PROMPT.md line */
    bool is_explicit;        /* mandatory: must / shall / required / never ... ("should" is not) */
    uint32_t categories;     /* bit (1u << sg_category) per category it concerns */
    const char **types;      /* CloudFormation resource types it names (AWS::S3::Bucket ...) */
    size_t ntypes;
    sg_req_status status;
    const char *evidence;    /* why met/unmet, one sentence naming resources (arena) */
    const char *evidence_id; /* logical ID the evidence points at, or NULL */
    uint32_t evidence_line;  /* model line of that evidence, or 0 */
} sg_requirement;

typedef struct sg_requirements {
    sg_requirement *v;
    size_t n;
} sg_requirements;

/* Extracts requirements from a PROMPT.md (arena-owned).  Returns 0, or -1
 * with err on a limit violation. */
int sg_requirements_extract(sg_arena *a, const char *file, const char *md, size_t len,
                            sg_requirements *out, sg_error *err);

/* Decides each requirement's status against the model template, using its
 * resources and the rule violations found on it.  model may be NULL (no
 * template): every checkable requirement is then unmet. */
void sg_requirements_check(sg_arena *a, sg_requirements *reqs, const sg_template *model,
                           const sg_violations *model_violations);

#endif
