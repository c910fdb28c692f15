/* analyze.h - template-wide analysis of the model: references to targets
 * that do not exist, circular dependencies, unused parameters, hard-coded
 * account ids/regions/AZs/ARNs/AMIs, names that ignore the ideal's
 * environment-suffix parameter, and truncated templates. */
#ifndef STACKGAP_ANALYZE_H
#define STACKGAP_ANALYZE_H

#include "stackgap/finding.h"
#include "stackgap/template.h"

/* Appends findings about `model` (evidence on the model side).  `ideal` may
 * be NULL (lint mode); when given, naming checks use the suffix parameter it
 * uses (EnvironmentSuffix, Environment, Stage ...). */
void sg_analyze_template(sg_arena *a, const sg_template *model, const sg_template *ideal,
                         sg_findings *out);

/* Checks `t` against the CloudFormation resource specification (spec.h): unknown
 * types and properties, missing required properties, values of the wrong shape
 * (SPEC-* rules, category deployability). `stackgap check` and reports run it
 * after sg_analyze_template (which checks Fn::GetAtt attribute names itself). */
void sg_spec_check_template(sg_arena *a, const sg_template *t, sg_findings *out);

/* For a diff annotated by sg_diff_annotate_impact (OLD deployed, NEW to deploy): one
 * SPEC-REPLACEMENT finding per resource that will be replaced, evidence on the NEW
 * side. High (category deletion) with a data-loss warning when the type is stateful
 * and no policy retains it; medium for other stateful replacements; low otherwise.
 * For PR comments: a report's model-vs-ideal diff is not a deployment. */
struct sg_diff;
void sg_replacement_findings(sg_arena *a, const struct sg_diff *d, sg_findings *out);

#endif
