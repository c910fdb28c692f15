/* comment.h - the pull-request comment body (`stackgap comment OLD NEW`).
 *
 * The report pipeline run on a change: sg_report_build with model = NEW and
 * ideal = OLD, so "missing" (old has it, new lacks it) reads "removed",
 * "extra" reads "added", a wrong value is a change from the old value to
 * the new, a rule failing on NEW only was introduced by the change and a
 * rule failing on both is a pre-existing gap (docs/pr-comment.md).
 *
 * The body starts with a hidden marker alone on line 1 (the upsert key a
 * poster matches), then the verdict, severity counts and the category x
 * severity table, then security-relevant changes, then one collapsed
 * <details> per category.  It is degraded step by step until it fits
 * max_chars; the marker, the counts and every critical/high title are never
 * cut.  All template text goes through escape.c; secrets are masked. */
#ifndef STACKGAP_COMMENT_H
#define STACKGAP_COMMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "stackgap/github.h" /* SG_GITHUB_MAX_COMMENT_CHARS: the default limit */
#include "stackgap/report.h"

typedef struct sg_comment_opts {
    const char *old_path, *new_path; /* as given: labels, the key and the hint */
    const char *label;               /* the path shown for both templates instead of
                                        old_path and new_path (temporary copies); NULL: none */
    const char *key;                 /* marker key; NULL: sg_comment_label_key of the label,
                                        else sg_comment_default_key */
    size_t max_chars;                /* 0: SG_GITHUB_MAX_COMMENT_CHARS; counted in bytes */
} sg_comment_opts;

/* The degradation ladder, in the order the steps are tried. */
typedef enum sg_comment_step {
    SG_COMMENT_FULL,           /* every finding with evidence, in collapsed <details> */
    SG_COMMENT_LOW_TITLES,     /* low findings: one-line titles in a compact list */
    SG_COMMENT_MEDIUM_TITLES,  /* medium findings too */
    SG_COMMENT_COUNTS_ONLY,    /* low/medium findings and pre-existing gaps: counts only */
    SG_COMMENT_SHORT_SNIPPETS, /* critical/high evidence cut to a few short lines */
    SG_COMMENT_POINTER,        /* critical/high evidence replaced by a pointer to the full report */
    SG_COMMENT_TITLES_ONLY,    /* critical/high: titles only, the omitted bodies counted */
    SG_COMMENT_TRUNCATED,      /* critical/high titles as far as they fit, the rest counted */
    SG_COMMENT_STEP_COUNT
} sg_comment_step;

const char *sg_comment_step_id(sg_comment_step s); /* "full", "low-titles", ... */

/* Why a finding is security-relevant (listed first), or SG_CONCERN_NONE. */
typedef enum sg_comment_concern {
    SG_CONCERN_NONE,
    SG_CONCERN_REPLACED,      /* the resource will be replaced (SPEC-REPLACEMENT findings) */
    SG_CONCERN_IAM,           /* IAM permissions widened or changed */
    SG_CONCERN_NETWORK,       /* security group or network access opened or changed */
    SG_CONCERN_PUBLIC,        /* public access widened or changed */
    SG_CONCERN_PROTECTION,    /* encryption, logging or backup removed or weakened */
    SG_CONCERN_SECRET,        /* secret exposed */
    SG_CONCERN_COUNT
} sg_comment_concern;

typedef struct sg_comment_result {
    sg_comment_step step;  /* the first step whose output fits */
    size_t bodies_omitted; /* critical/high findings shown without evidence */
    size_t titles_omitted; /* critical/high findings not even titled (TRUNCATED) */
    bool fits;             /* false: even the counts alone exceed max_chars */
} sg_comment_result;

/* Runs the pipeline on OLD and NEW (sg_report_build, model = NEW). */
int sg_comment_build(sg_arena *a, const sg_comment_opts *o, sg_report *out, sg_error *err);

/* Appends the body: the first step of the ladder that fits max_chars. */
void sg_comment_render(sg_strbuf *b, const sg_report *r, const sg_comment_opts *o,
                       sg_comment_result *res);
/* The body at one step regardless of size (budget: for TRUNCATED only). */
void sg_comment_render_step(sg_strbuf *b, const sg_report *r, const sg_comment_opts *o,
                            sg_comment_step step, size_t budget, sg_comment_result *res);

/* "<!-- stackgap:comment key=KEY -->" (no newline): line 1 of every body;
 * a poster finds its earlier comment by first line == this. */
void sg_comment_marker(sg_strbuf *b, const char *key);
/* The default key: "OLD..NEW" with bytes outside [A-Za-z0-9._/-] as '_';
 * "h" + 16 hex digits (FNV-1a of both paths) when that is over 80 bytes. */
void sg_comment_default_key(sg_strbuf *b, const char *old_path, const char *new_path);
/* The key of a --label: the label itself when it is a valid key, else "h" +
 * 16 hex digits (FNV-1a of the label): the action's one key per template. */
void sg_comment_label_key(sg_strbuf *b, const char *label);
/* A --key: 1 to 80 bytes of [A-Za-z0-9._/-]. */
bool sg_comment_key_valid(const char *key);

#endif
