/* post.h - the command line's side of posting a pull-request comment: what
 * `stackgap comment --post` and the plumbing command `post-comment` call. */
#ifndef STACKGAP_CLI_POST_H
#define STACKGAP_CLI_POST_H

#include <stddef.h>

#include "stackgap/github.h"

typedef sg_github_opts sg_post_opts;

/* Upserts body on the pull request named by o and the environment (see
 * sg_github_config), then prints one line on stderr: what was done, or the
 * error.  Returns the exit status: 0 posted or unchanged, 2 trouble. */
int sg_cli_post_comment(const char *body, size_t len, const sg_post_opts *o);

#endif
