/* node.h - the position-carrying tree every loader produces.
 *
 * A template is a tree of six node kinds.  Scalars keep their source text
 * (numbers are not converted, so "5" and 5.0 stay distinguishable until
 * normalization decides what CloudFormation treats alike).  Mappings keep
 * their pairs in source order until normalization sorts them.  Every node
 * records the 1-based line and column where it starts in the file the user
 * named - for a template inside Markdown, lines of the Markdown file.
 *
 * Nodes live in an sg_arena and are never freed one by one. */
#ifndef STACKGAP_NODE_H
#define STACKGAP_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stackgap/arena.h"
#include "stackgap/error.h"
#include "stackgap/limits.h"

typedef enum sg_kind {
    SG_NULL,
    SG_BOOL,   /* str is "true" or "false" */
    SG_NUMBER, /* str is the number's source text */
    SG_STRING,
    SG_SEQ,
    SG_MAP,
} sg_kind;

/* flags */
#define SG_NODE_QUOTED 0x01  /* scalar was quoted (YAML) - a string, never a number */
#define SG_NODE_ORDERED 0x02 /* sequence whose order is meaningful (set by normalize) */
#define SG_NODE_INTRINSIC 0x04 /* one-key map that is Ref, Condition or Fn::* */

typedef struct sg_node sg_node;
typedef struct sg_pair {
    sg_node *key; /* always SG_STRING */
    sg_node *value;
} sg_pair;

struct sg_node {
    uint8_t kind;  /* sg_kind */
    uint8_t flags; /* SG_NODE_* */
    uint32_t line; /* 1-based source position of the node's first character */
    uint32_t col;
    uint32_t len;  /* scalar: bytes of str; seq: items; map: pairs */
    uint64_t hash; /* subtree hash; 0 until sg_node_hash_tree() (normalize sets it) */
    union {
        const char *str; /* scalars: NUL-terminated, len bytes (may hold NULs from JSON \u0000) */
        sg_node **items;
        sg_pair *pairs;
    } u;
};

/* Constructors copy their inputs into the arena. */
sg_node *sg_node_scalar(sg_arena *a, sg_kind kind, const char *s, size_t len,
                        uint32_t line, uint32_t col);
sg_node *sg_node_seq(sg_arena *a, sg_node *const *items, size_t n, uint32_t line,
                     uint32_t col);
sg_node *sg_node_map(sg_arena *a, const sg_pair *pairs, size_t n, uint32_t line,
                     uint32_t col);

/* Lookup in a mapping by key (linear for unsorted maps, binary once sorted
 * by normalize - see sg_node_map_sorted).  NULL when absent or not a map. */
sg_node *sg_map_get(const sg_node *map, const char *key);
const sg_pair *sg_map_get_pair(const sg_node *map, const char *key);
bool sg_node_is_str(const sg_node *n, const char *s);
bool sg_node_is_scalar(const sg_node *n);

/* Intrinsic function name when n is a one-key map {Ref|Condition|Fn::*: ...}. */
const char *sg_node_intrinsic(const sg_node *n);
/* {Ref: AWS::NoValue}: the key it sits under counts as absent. */
bool sg_node_is_novalue(const sg_node *n);

/* Deep structural equality ignoring positions (uses hashes when both set). */
bool sg_node_equal(const sg_node *a, const sg_node *b);
/* Number of nodes in the subtree (for limits and statistics). */
size_t sg_node_count(const sg_node *n);

/* ---- Builder: loaders stream nodes in document order ----------------------
 *
 * begin_seq/begin_map open a container; add() appends a finished node (in a
 * map, keys and values alternate); end() closes the innermost container and
 * adds it to its parent.  Depth and node limits are enforced here, so every
 * loader gets them the same way. */
typedef struct sg_builder sg_builder;

sg_builder *sg_builder_new(sg_arena *a, const sg_limits *limits, const char *file);
void sg_builder_free(sg_builder *b);
int sg_builder_begin_seq(sg_builder *b, uint32_t line, uint32_t col, sg_error *err);
int sg_builder_begin_map(sg_builder *b, uint32_t line, uint32_t col, sg_error *err);
/* Adds n as the next item / key / value of the open container, or as the root.
 * `weight` is how many nodes n stands for (1, or a YAML alias's subtree size). */
int sg_builder_add(sg_builder *b, sg_node *n, size_t weight, sg_error *err);
int sg_builder_end(sg_builder *b, sg_error *err);
/* Depth of open containers (0 at top level). */
size_t sg_builder_depth(const sg_builder *b);
/* True when the innermost open container is a map waiting for a key. */
bool sg_builder_expects_key(const sg_builder *b);
/* Nodes added so far (aliases counted expanded). */
size_t sg_builder_nodes(const sg_builder *b);
/* The finished root, or NULL if none was completed. */
sg_node *sg_builder_root(sg_builder *b);
/* Salvage after an error: closes every open container (a key left without
 * value is dropped) and returns the root, or NULL if nothing was started. */
sg_node *sg_builder_salvage(sg_builder *b);

#endif
