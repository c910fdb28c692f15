/* github.h - keep one pull-request comment up to date through the GitHub REST
 * API (libcurl).
 *
 * A comment is identified by its first line, a marker such as
 * "<!-- stackgap:comment key=KEY -->".  sg_github_upsert lists the pull
 * request's issue comments (every page), takes the newest one whose first
 * line is the same marker (and, when cfg->author is set, whose author is that
 * login), and then:
 *   - leaves it alone when its body equals ours (line endings compared as \n,
 *     the way GitHub stores them): no write request at all;
 *   - updates it (PATCH) when the body differs;
 *   - creates a comment (POST) when there is none.
 * Older duplicates are left as they are.
 *
 * The token goes only into the Authorization header of requests to the API
 * base URL's origin: redirects are not followed, pagination links to another
 * origin are refused, and the token is masked in every error message.
 * docs/pr-bot.md describes the behaviour and the errors. */
#ifndef STACKGAP_GITHUB_H
#define STACKGAP_GITHUB_H

#include <stddef.h>

#include "stackgap/error.h"

/* GitHub rejects comment bodies longer than this many characters. */
#define SG_GITHUB_MAX_COMMENT_CHARS 65536

typedef struct sg_github_cfg {
    char api_url[512];      /* base URL, no trailing slash: https://api.github.com */
    char repo[256];         /* "owner/name" */
    const char *token;      /* not owned (the environment) */
    unsigned long pr;       /* pull request number */
    const char *author;     /* only comments by this login are ours; NULL: any author */
    const char *user_agent; /* NULL: "stackgap" */
    long timeout_ms;        /* per request, connection included */
    long retry_delay_ms;    /* wait before the one retry after a 5xx or network error */
} sg_github_cfg;

/* Command-line values that take precedence over the environment (NULL: unset). */
typedef struct sg_github_opts {
    const char *pr;      /* --pr N */
    const char *api_url; /* --api-url URL */
    const char *repo;    /* --repo OWNER/NAME */
    const char *author;  /* --author LOGIN */
} sg_github_opts;

/* Fills cfg from o and the GitHub Actions environment:
 *   token    GITHUB_TOKEN, else GH_TOKEN
 *   repo     --repo, else GITHUB_REPOSITORY
 *   pr       --pr, else pull_request.number of the JSON file GITHUB_EVENT_PATH,
 *            else N of GITHUB_REF=refs/pull/N/merge (or /head)
 *   api_url  --api-url, else GITHUB_API_URL, else https://api.github.com;
 *            https only, except http:// to 127.0.0.1, localhost or [::1]
 *   author   --author, else STACKGAP_COMMENT_AUTHOR, else any author
 * and the defaults timeout_ms 30000, retry_delay_ms 1000.  Returns 0, or -1
 * with err set (the token's value is never part of a message). */
int sg_github_config(sg_github_cfg *cfg, const sg_github_opts *o, sg_error *err);

typedef enum sg_github_action {
    SG_GITHUB_CREATED,
    SG_GITHUB_UPDATED,
    SG_GITHUB_UNCHANGED,
} sg_github_action;

typedef struct sg_github_result {
    sg_github_action action;
    char id[32];       /* the comment's id */
    char url[512];     /* its html_url; "" when the API did not say */
    unsigned requests; /* HTTP requests made, the retry's included */
} sg_github_result;

/* Upserts body (len bytes; its first line is the marker) on cfg's pull
 * request.  Returns 0, or -1 with err set: a body without a marker line or
 * over SG_GITHUB_MAX_COMMENT_CHARS, a network error, or an HTTP error with
 * its status, GitHub's message and a hint.  A 5xx or network error runs the
 * whole upsert once more after cfg->retry_delay_ms (it lists again, so a
 * comment the failed attempt did create is updated, not duplicated). */
int sg_github_upsert(const sg_github_cfg *cfg, const char *body, size_t len,
                     sg_github_result *res, sg_error *err);

/* Action as a word: "created", "updated", "unchanged". */
const char *sg_github_action_name(sg_github_action a);

#endif
