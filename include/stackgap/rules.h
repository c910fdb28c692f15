/* rules.h - the rule catalog: checks run on one template (lint style).
 *
 * Most rules are declarative rows (resource type, property path, predicate);
 * a few need C (IAM policy analysis, security-group port ranges).  Each has
 * a stable id, a category, a severity, and a reason (docs/rules.md is
 * generated from this catalog by `stackgap rules --format markdown`). */
#ifndef STACKGAP_RULES_H
#define STACKGAP_RULES_H

#include <stddef.h>

#include "stackgap/finding.h"
#include "stackgap/strbuf.h"
#include "stackgap/template.h"

typedef struct sg_rule {
    const char *id;            /* "S3-01": stable, never reused */
    sg_category category;
    sg_severity severity;      /* when the model fails it and the ideal passes */
    const char *resource_types; /* "AWS::S3::Bucket" or "AWS::IAM::Role|AWS::IAM::Policy" */
    const char *title;         /* "S3 bucket has default encryption" (what passing means) */
    const char *why;           /* why it matters, one or two sentences */
    const char *anchors;       /* what established scanners call it: "checkov CKV_AWS_19; cfn_nag W41" */
} sg_rule;

/* The whole catalog, sorted by id. */
const sg_rule *sg_rules_catalog(size_t *n);
const sg_rule *sg_rule_find(const char *id);

/* The rules that are not catalog rows (rules_builtin.c): DIFF-* (the diff
 * against the ideal), TPL-* (template-wide analysis), REQ-UNMET (the
 * prompt), described the same way for machine formats.  Their category is
 * SG_CAT_COUNT and severity SG_SEV_COUNT when they vary with the finding;
 * resource_types is "".  Sorted by id. */
const sg_rule *sg_rules_builtin(size_t *n);
/* A catalog or built-in rule by id, or NULL. */
const sg_rule *sg_rule_describe(const char *id);
/* Whether r ran on t: a template-level rule, or a resource of its types exists. */
bool sg_rule_applies(const sg_rule *r, const sg_template *t);

/* One failed check on one template. */
typedef struct sg_violation {
    const sg_rule *rule;
    const char *resource_id;  /* logical ID (or NULL for template-level rules) */
    const char *path;         /* property path of the offending value, or NULL */
    const sg_node *node;      /* the offending node (its position), else the resource key */
    const char *detail;       /* what exactly is wrong, one short sentence (arena) */
} sg_violation;

typedef struct sg_violations {
    sg_violation *v;
    size_t n, cap;
} sg_violations;

/* Runs every rule on t; appends violations sorted by rule id, then resource
 * id.  Strings are allocated from a. */
void sg_rules_check(sg_arena *a, const sg_template *t, sg_violations *out);
void sg_violations_free(sg_violations *v);

/* Does a key (property, variable or parameter name) name a secret?  By
 * suffix, case and separators ignored: DB_PASSWORD, MasterUserPassword,
 * ApiKey, GitHubToken, ClientSecret (not ServiceToken). */
bool sg_names_secret(const char *key);

/* The catalog as Markdown (docs/rules.md) or JSON. */
void sg_rules_render_markdown(sg_strbuf *b);
void sg_rules_render_json(sg_strbuf *b);

#endif
