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

#endif
