/* gen_template.h - deterministic generator of large CloudFormation templates.
 *
 * The benchmark needs inputs far bigger than any real task, with the shape of
 * real ones: S3 buckets, IAM roles with inline policies, security groups,
 * Lambda functions, RDS instances and VPC plumbing, tied together by Ref,
 * Fn::GetAtt, Fn::Sub and Fn::Join, plus Parameters, Conditions and Outputs.
 * The output is pretty JSON (2-space indentation, like json.dumps(indent=2)),
 * about 1.8 KB per resource, and depends on nothing but (n, seed).
 *
 * The modified copy of the same (n, seed) differs the way a reviewed template
 * does: 1% of the resources removed (with their outputs), 1% added, 5%
 * changed (a property value changed, added or removed, a tag changed, or an
 * IAM action added). */
#ifndef STACKGAP_BENCH_GEN_TEMPLATE_H
#define STACKGAP_BENCH_GEN_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackgap/strbuf.h"

typedef struct gen_stats {
    size_t resources; /* resources in the template written */
    size_t removed;   /* the modified copy's edits (0 for the original) */
    size_t added;
    size_t changed;
} gen_stats;

/* Appends the template with n resources to b: the original, or when
 * `modified` the edited copy.  st may be NULL. */
void gen_template(sg_strbuf *b, size_t n, uint64_t seed, bool modified, gen_stats *st);

#endif
