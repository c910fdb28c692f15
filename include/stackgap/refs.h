/* refs.h - the names a template value references.
 *
 * One walker for Ref, Fn::GetAtt, the ${Name} / ${Name.Attr} variables of
 * Fn::Sub and DependsOn, shared by the template-wide analysis (naming
 * checks) and the resource graph.  It reports names only: whether a name is
 * a resource, a parameter or nothing is the caller's question. */
#ifndef STACKGAP_REFS_H
#define STACKGAP_REFS_H

#include <stddef.h>

#include "stackgap/node.h"

typedef enum sg_ref_kind {
    SG_REF_REF,       /* {Ref: Name} */
    SG_REF_GETATT,    /* {Fn::GetAtt: [Name, Attr]} */
    SG_REF_SUB,       /* ${Name} or ${Name.Attr} in a Fn::Sub template */
    SG_REF_DEPENDSON, /* DependsOn: Name / [Names] of a resource */
    SG_REF_KIND_COUNT
} sg_ref_kind;
const char *sg_ref_kind_name(sg_ref_kind k); /* "Ref", "GetAtt", "Sub", "DependsOn" */

/* name[0..n) is the referenced name (for GetAtt and Sub the part before the
 * first dot); at is the node that holds it. */
typedef void (*sg_ref_fn)(void *ctx, sg_ref_kind kind, const char *name, size_t n,
                          const sg_node *at);

/* Every reference in v, in document order.  Fn::Sub variables that the
 * Fn::Sub defines itself and ${!Literal} text are not references. */
void sg_refs_value(const sg_node *v, sg_ref_fn fn, void *ctx);
/* Every reference of a resource: its DependsOn names, then the references
 * in its other keys (Properties, Metadata, UpdatePolicy ...; not Type and
 * Condition, which name no resource). */
void sg_refs_resource(const sg_node *body, sg_ref_fn fn, void *ctx);

#endif
