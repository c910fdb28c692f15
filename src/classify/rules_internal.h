/* rules_internal.h - the shape of one catalog row (rules_table.c) and the
 * names of the checks written in C (rules.c).  Private to src/classify.
 *
 * A row is declarative when it can be: a property path on the resource (or
 * on the template, for rows without resource types), a predicate with its
 * argument, and what a missing value means.  Rows that need logic name a C
 * check instead (IAM policy analysis, security-group ports, secrets). */
#ifndef STACKGAP_RULES_INTERNAL_H
#define STACKGAP_RULES_INTERNAL_H

#include "stackgap/rules.h"

/* What the value at the end of a path must satisfy.  Strings compare
 * case-sensitively (CloudFormation enums are); booleans do not ("True"). */
typedef enum sg_pred {
    SG_PRED_PRESENT,     /* set, not null, not "" / [] / {} */
    SG_PRED_ABSENT,      /* not set at all */
    SG_PRED_TRUE,        /* boolean true */
    SG_PRED_NOT_TRUE,    /* anything but true */
    SG_PRED_FALSE,       /* boolean false */
    SG_PRED_ONE_OF,      /* equals one of arg's "|"-separated strings */
    SG_PRED_NOT_ONE_OF,  /* equals none of them */
    SG_PRED_PREFIX,      /* starts with one of them */
    SG_PRED_SUFFIX,      /* ends with one of them (Fn::Sub text too: "...:policy/Admin") */
    SG_PRED_NOT_SUFFIX,  /* ends with none of them (likewise) */
    SG_PRED_MIN_NUM,     /* an integer >= arg */
    SG_PRED_MIN_ITEMS,   /* a list of >= arg items */
    SG_PRED_CONTAINS,    /* a list with an item, or an item's value, equal to arg */
    SG_PRED_ANY_KEY,     /* a map with at least one of arg's keys set */
    /* Relations.  arg: "Type:path;Type:path" - some resource of Type refers
     * to this one (Ref, GetAtt, ${Id} in Fn::Sub) at path. */
    SG_PRED_REFERENCED_BY,
    SG_PRED_NOT_REFERENCED_BY,
    /* Value checks written in C (rules.c). */
    SG_PRED_SECRET_SOURCE,    /* a secret: secure dynamic reference, NoEcho parameter
                               * without Default, or another resource's attribute */
    SG_PRED_NO_SECRET,        /* a map entry: if its key names a secret, SECRET_SOURCE */
    SG_PRED_NO_SECRET_PAIR,   /* a {Name, Value} entry: same, with Name as the key */
    SG_PRED_PARAM_NOECHO,     /* a parameter whose name names a secret is NoEcho */
    SG_PRED_PARAM_NO_DEFAULT, /* a parameter whose name names a secret has no Default */
    SG_PRED_NOT_NOECHO_REF,   /* does not echo a NoEcho parameter */
    SG_PRED_S3_ORIGIN_LOCKED, /* a CloudFront origin: an S3 origin uses OAI or OAC */
    SG_PRED_USERDATA_CLEAN,   /* UserData assigns no literal credential */
} sg_pred;

/* What a missing value means.  "Missing" is: key absent, null, or
 * {"Ref": "AWS::NoValue"}; an empty list where the path says [] counts too. */
typedef enum sg_absent {
    SG_ABSENT_PASSES,      /* the service default is fine */
    SG_ABSENT_FAILS,       /* anything missing along the path fails */
    SG_ABSENT_LEAF_FAILS,  /* containers may be missing; where the last one exists,
                            * its leaf must be set */
} sg_absent;

/* One test: a path, a predicate and what absence means.
 *
 * Path syntax, on the normalized resource body (or on the template root):
 *   Properties.A.B   mapping keys
 *   A[]              every element of list A
 *   A[Key=v]         the elements of A whose Key is v (v may contain dots)
 *   A.*              every value of mapping A
 *   {B,C.D}          each alternative in turn (B, then C.D)
 * "" is the resource body itself (relation predicates); NULL is no test. */
typedef struct sg_test {
    const char *path;
    sg_pred pred;
    const char *arg;
    sg_absent absent;
} sg_test;

/* Checks written in C; rules.c maps each to its function. */
typedef enum sg_custom {
    SG_CUSTOM_NONE,
    /* statement analysis over the policy documents of the resource */
    SG_CUSTOM_POLICY_ADMIN,
    SG_CUSTOM_POLICY_WILDCARD_ACTION,
    SG_CUSTOM_POLICY_WILDCARD_RESOURCE,
    SG_CUSTOM_POLICY_NOT_ACTION,
    SG_CUSTOM_POLICY_PASSROLE,
    SG_CUSTOM_POLICY_KMS_DECRYPT,
    SG_CUSTOM_POLICY_TRUST_BROAD,
    SG_CUSTOM_POLICY_PUBLIC,
    SG_CUSTOM_POLICY_RESOURCE_BROAD,
    SG_CUSTOM_POLICY_PUBLIC_OR_BROAD,
    SG_CUSTOM_POLICY_MALFORMED,
    SG_CUSTOM_POLICY_TLS_DENY,
    /* security-group rules, inline and standalone */
    SG_CUSTOM_SG_SSH,
    SG_CUSTOM_SG_RDP,
    SG_CUSTOM_SG_RISKY_PORTS,
    SG_CUSTOM_SG_OTHER_PORTS,
    SG_CUSTOM_SG_EGRESS_ALL,
    SG_CUSTOM_SG_ALL_PORTS,
    SG_CUSTOM_SG_DESCRIPTION,
    SG_CUSTOM_NACL_ADMIN_PORTS,
    /* relations and secrets */
    SG_CUSTOM_LAMBDA_LOG_PERMISSION,
    SG_CUSTOM_SECRET_PROPERTIES,
    SG_CUSTOM_CREDENTIAL_PATTERNS,
    SG_CUSTOM_COUNT
} sg_custom;

/* Conditions a declarative `when` cannot say. */
typedef enum sg_applies {
    SG_APPLIES_ALWAYS,
    SG_APPLIES_RDS_STANDALONE,   /* a DB cluster, or a DB instance outside any cluster */
    SG_APPLIES_METHOD_NEEDS_AUTH, /* an API method other than OPTIONS without an API key */
    SG_APPLIES_LB_SERVES_TLS,    /* a listener whose load balancer has an HTTPS/TLS listener */
} sg_applies;

typedef struct sg_rule_def {
    sg_rule info;        /* what the catalog shows */
    sg_test test;        /* the check, unless custom */
    sg_test when;        /* the row applies only where this passes (path NULL: always);
                          * a `when` that cannot be decided (an intrinsic) does not apply */
    sg_applies applies;
    sg_custom custom;
    const char *detail;  /* fail sentence instead of the generated one */
} sg_rule_def;

/* Room in the sorted catalog (rules.c); rules_table.c asserts it fits. */
#define SG_RULES_MAX 256

extern const sg_rule_def sg_rule_defs[];
extern const size_t sg_rule_ndefs;

#endif
