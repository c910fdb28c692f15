/* finding.h - what the classify stage produces: findings, each with a
 * category, a severity, a kind and evidence on both sides.
 *
 * Categories and severities are fixed ids shared by every report and the
 * JSON output (docs/categories.md). */
#ifndef STACKGAP_FINDING_H
#define STACKGAP_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "stackgap/node.h"

typedef enum sg_category {
    SG_CAT_ENCRYPTION,
    SG_CAT_IAM,
    SG_CAT_NETWORK,
    SG_CAT_PUBLIC_ACCESS,
    SG_CAT_MONITORING,
    SG_CAT_LOGGING,
    SG_CAT_BACKUP,
    SG_CAT_AVAILABILITY,
    SG_CAT_DELETION,
    SG_CAT_TAGGING,
    SG_CAT_NAMING,
    SG_CAT_PARAMETERS,
    SG_CAT_SECRETS,
    SG_CAT_OUTPUTS,
    SG_CAT_DEPLOYABILITY,
    SG_CAT_COMPLETENESS,
    SG_CAT_COST,
    SG_CAT_COUNT
} sg_category;

const char *sg_category_id(sg_category c);         /* "public-access" */
const char *sg_category_title(sg_category c);      /* "Public access" */
const char *sg_category_definition(sg_category c); /* one line */
const char *sg_category_why(sg_category c);        /* why gaps in it matter: a sentence */
/* Category for an id, or -1. */
int sg_category_parse(const char *id);

typedef enum sg_severity {
    SG_SEV_CRITICAL,
    SG_SEV_HIGH,
    SG_SEV_MEDIUM,
    SG_SEV_LOW,
    SG_SEV_COUNT
} sg_severity;

const char *sg_severity_id(sg_severity s);    /* "critical" */
const char *sg_severity_title(sg_severity s); /* "Critical" */
int sg_severity_parse(const char *id);        /* or -1 */
/* One step less severe (low stays low). */
sg_severity sg_severity_lower(sg_severity s);

typedef enum sg_finding_kind {
    SG_KIND_MISSING_RESOURCE, /* the ideal has it, the model does not */
    SG_KIND_EXTRA_RESOURCE,   /* the model has it, the ideal does not */
    SG_KIND_MISSING_PROPERTY, /* a property/attribute/section entry the ideal sets */
    SG_KIND_WRONG_VALUE,      /* set on both sides, to different values */
    SG_KIND_INVALID,          /* a rule or template-wide check fails on the model */
    SG_KIND_MISSING_SECTION,  /* a whole template section, or the template itself */
    SG_KIND_REQUIREMENT,      /* a prompt requirement the model does not meet */
    SG_KIND_COUNT
} sg_finding_kind;

const char *sg_kind_id(sg_finding_kind k); /* "missing-resource", ... */

/* Where a finding shows on one side: file and line of the node, and an
 * excerpt: the node as source-like YAML, at most 12 lines (already cut). */
typedef struct sg_evidence {
    const char *file;
    uint32_t line;       /* 0 when the side has nothing to show */
    const char *excerpt; /* NULL when none */
} sg_evidence;

typedef struct sg_finding {
    const char *rule;     /* stable id: "S3-01", "DIFF-MISSING-RESOURCE", "TPL-REF-MISSING" ... */
    sg_category category;
    sg_severity severity;
    sg_finding_kind kind;
    const char *title;    /* short sentence, no trailing period */
    const char *message;  /* why it matters, one or two sentences */
    const char *resource_type; /* or NULL */
    const char *model_id;      /* logical ID / name on the model side, or NULL */
    const char *ideal_id;      /* on the ideal side, or NULL */
    const char *path;          /* property path, or NULL */
    sg_evidence model;
    sg_evidence ideal;
    const char *doc; /* documentation link (resource specification), or NULL */
    bool shared; /* a gap the ideal has too: listed apart, not in the verdict */
} sg_finding;

/* A growable list of findings (arena-backed strings, malloc'd array). */
typedef struct sg_findings {
    sg_finding *v;
    size_t n, cap;
} sg_findings;

sg_finding *sg_findings_add(sg_findings *f);
void sg_findings_free(sg_findings *f);
/* Sorts by severity, then category, then rule, resource and path; removes
 * exact duplicates.  Makes reports deterministic. */
void sg_findings_sort(sg_findings *f);

/* The source text a line starts: that line and, for YAML, the lines
 * indented deeper; for JSON, the lines up to where its brackets balance;
 * de-indented, at most 12 lines.  NULL when line is out of range. */
const char *sg_source_excerpt(sg_arena *a, const char *src, size_t len, uint32_t line,
                              bool json);

/* The same for a loaded template, through its line index (fast). */
struct sg_template;
const char *sg_template_excerpt(sg_arena *a, const struct sg_template *t, uint32_t line);

/* Evidence quotes the file's own text (sg_template_excerpt) when e points
 * into t's file; otherwise e is left as it is. */
void sg_evidence_quote(sg_arena *a, sg_evidence *e, const struct sg_template *t);

/* Evidence for a node: its line and its value as a short YAML excerpt. */
sg_evidence sg_evidence_of(sg_arena *a, const char *file, const sg_node *n);

#endif
