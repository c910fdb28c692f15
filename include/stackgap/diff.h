/* diff.h - structural diff of two normalized templates.
 *
 * Computing a diff never formats text: the result is data (entries and
 * changes pointing into both trees) that render.h turns into text, Markdown
 * or JSON, and that later stages classify. */
#ifndef STACKGAP_DIFF_H
#define STACKGAP_DIFF_H

#include <stddef.h>

#include "stackgap/template.h"

typedef enum sg_status {
    SG_UNCHANGED,
    SG_ADDED,    /* only in NEW */
    SG_REMOVED,  /* only in OLD */
    SG_MODIFIED, /* same id, changes listed */
    SG_RENAMED,  /* different id, paired by type and similarity; may have changes */
    SG_STATUS_COUNT
} sg_status;
const char *sg_status_name(sg_status s); /* "unchanged", "added", ... */

typedef enum sg_op { SG_OP_ADD, SG_OP_REMOVE, SG_OP_CHANGE } sg_op;
const char *sg_op_name(sg_op op); /* "added", "removed", "changed" */

/* One step of a path below an entry: a mapping key, a list index, or a list
 * element named by its identity (Tags[Key=Env]). */
typedef struct sg_path_seg {
    const char *key;      /* mapping key, or NULL for a list element */
    uint32_t index;       /* list element: index in NEW (in OLD when removed) */
    const char *id_key;   /* list element matched by identity: "Key", "Sid"... */
    const char *id_value; /* ...and its value */
} sg_path_seg;

/* What deploying a change does to the resource (impact.c, from the spec's update
 * behaviour). Ordered: a resource's impact is the highest of its changes'. */
typedef enum sg_impact {
    SG_IMPACT_NONE = 0,     /* not annotated, or not a resource */
    SG_IMPACT_UPDATE,       /* updated in place */
    SG_IMPACT_UNKNOWN,      /* a property the spec does not know */
    SG_IMPACT_CONDITIONAL,  /* replaced or not, depending on the change */
    SG_IMPACT_REPLACE       /* a new physical resource; the old one is deleted */
} sg_impact;
const char *sg_impact_name(sg_impact i); /* "", "update", "unknown", "conditional", "replace" */

typedef struct sg_change {
    sg_op op;
    const sg_path_seg *path; /* from the entry's body: Properties, BucketName, ... */
    uint32_t depth;
    const sg_node *old; /* NULL when added */
    const sg_node *new; /* NULL when removed */
    sg_impact impact;   /* set by sg_diff_annotate_impact */
    const char *via;    /* a change only at deploy time: the value refers to this replaced
                           resource, whose physical ID changes (NULL otherwise) */
} sg_change;

typedef struct sg_entry {
    sg_section section;
    sg_status status;
    const char *old_id, *new_id;   /* NULL when absent; both NULL for scalar sections */
    const sg_node *old, *new;      /* the entries' values */
    const sg_node *old_key, *new_key; /* their key nodes (positions) */
    const char *old_type, *new_type;  /* Resources only */
    double similarity;             /* SG_RENAMED: 0..1 */
    const char *match;             /* how resources were paired: "id", "cdk-suffix", "rename" */
    sg_change *changes;
    size_t nchanges;
    /* Set by sg_diff_annotate_impact, for modified and renamed resources: */
    sg_impact impact; /* the highest of the changes'; REPLACE for a new logical ID or Type */
    bool stateful;    /* the type holds data (databases, buckets, tables, keys ...) */
    bool retained;    /* renamed: old DeletionPolicy, else new UpdateReplacePolicy, keeps data */
} sg_entry;

typedef struct sg_diff {
    const sg_template *old, *new;
    sg_entry *entries; /* by section (template order), then by id; unchanged included */
    size_t nentries;
    size_t counts[SG_STATUS_COUNT];     /* all sections */
    size_t res_counts[SG_STATUS_COUNT]; /* Resources only */
    bool impact; /* sg_diff_annotate_impact ran */
} sg_diff;

typedef struct sg_diff_opts {
    double rename_threshold;        /* default 0.5 */
    double rename_threshold_single; /* when a type has one candidate each side; default 0.2 */
    size_t rename_max_candidates;   /* per type and side; default 256 */
} sg_diff_opts;

/* Diffs OLD against NEW into *out (arena-owned).  opts may be NULL. */
void sg_diff_templates(sg_arena *a, const sg_template *old, const sg_template *new,
                       const sg_diff_opts *opts, sg_diff *out);

/* True when the templates are equivalent (nothing but unchanged entries). */
bool sg_diff_equivalent(const sg_diff *d);

/* ---- replacement impact (impact.c) --------------------------------------------- */

/* Annotates every change of a modified or renamed resource with the update behaviour
 * of its top-level property in the resource specification (spec.h), as `cdk diff`
 * does, and each such entry with its overall impact. Then propagates replacement: an
 * immutable or conditional property whose value refers (Ref, Fn::GetAtt, Fn::Sub) to
 * a replaced resource changes at deploy time, so it gets a change of its own (`via`),
 * and an unchanged resource holding one becomes modified. A pass after the diff: matching and diffing
 * never need the spec. */
void sg_diff_annotate_impact(sg_arena *a, sg_diff *d);
/* The entry's resource gets a new physical resource (after annotation). */
bool sg_entry_replaced(const sg_entry *e);
/* Replaced, stateful, and not retained: deploying it loses the data. */
bool sg_entry_loses_data(const sg_entry *e);
/* Resource types whose replacement or deletion loses data. */
bool sg_type_is_stateful(const char *type);

/* ---- matching (match.c) ------------------------------------------------------- */

typedef struct sg_match {
    int *old_to_new; /* per old resource: index of its new partner or -1 */
    int *new_to_old;
    double *score;   /* per old resource: similarity for renames, 1 otherwise */
    const char **how; /* per old resource: "id", "cdk-suffix", "rename", NULL */
} sg_match;

/* Pairs resources: same logical ID, then same ID without CDK hash suffix,
 * then renames by type and property similarity (docs/diff.md). */
void sg_match_resources(sg_arena *a, const sg_template *old, const sg_template *new,
                        const sg_diff_opts *opts, sg_match *out);

/* Similarity of two resource bodies in [0, 1] (weighted Jaccard over
 * property features; see docs/diff.md). */
double sg_resource_similarity(const sg_node *a, const sg_node *b);

#endif
