/* normalize.h - CloudFormation semantics, not text (docs/normalization.md).
 *
 * sg_normalize() returns a new canonical tree in which everything
 * CloudFormation treats alike is spelled alike, so that equal subtrees have
 * equal hashes and the diff compares in O(1) where nothing changed:
 *   - mapping keys sorted; duplicate keys keep the last value;
 *   - scalars as strings (true/"true", 5/"5"); integer spellings canonical;
 *   - short/long intrinsic forms alike; Fn::GetAtt "A.B" -> [A, B];
 *     Fn::Sub without variables -> plain string; Fn::Join with "" -> Fn::Sub;
 *   - DependsOn, IAM Action/NotAction/Resource/NotResource and Principal
 *     values as sorted sets; a single IAM Statement object -> list;
 *   - lists whose order CloudFormation ignores sorted canonically (Tags by
 *     Key, security-group rules, ...); order kept inside intrinsic functions
 *     and for the few properties where order matters (Command, ...);
 *   - AWS::CDK::Metadata resources and aws:cdk:path metadata dropped.
 * Positions of the original nodes are kept. */
#ifndef STACKGAP_NORMALIZE_H
#define STACKGAP_NORMALIZE_H

#include "stackgap/node.h"

sg_node *sg_normalize(sg_arena *a, const sg_node *root);

/* Canonical total order on normalized nodes (kind, then text or children). */
int sg_node_compare(const sg_node *a, const sg_node *b);

/* Sets n->hash for every node of a tree (children first). */
void sg_node_hash_tree(sg_node *n);

/* Length of a CDK logical-ID hash suffix (8 upper-case hex digits) at the
 * end of id, or 0 when there is none. */
size_t sg_cdk_suffix_len(const char *id);

#endif
