/* post.c - posting a comment from the command line (see post.h). */
#include "post.h"

#include <stdio.h>

#ifndef STACKGAP_VERSION
#define STACKGAP_VERSION "0.1.0"
#endif

int sg_cli_post_comment(const char *body, size_t len, const sg_post_opts *o)
{
    sg_github_cfg cfg;
    sg_github_result res;
    sg_error err;
    int rc = sg_github_config(&cfg, o, &err);
    if (rc == 0) {
        cfg.user_agent = "stackgap/" STACKGAP_VERSION;
        rc = sg_github_upsert(&cfg, body, len, &res, &err);
    }
    if (rc != 0) {
        char msg[1024];
        sg_error_format(&err, msg, sizeof msg);
        fprintf(stderr, "stackgap: %s\n", msg);
        return 2;
    }
    if (res.action == SG_GITHUB_UNCHANGED)
        fprintf(stderr, "stackgap: comment %s on %s#%lu is up to date: not changed\n", res.id,
                cfg.repo, cfg.pr);
    else
        fprintf(stderr, "stackgap: %s comment %s on %s#%lu%s%s\n",
                sg_github_action_name(res.action), res.id[0] ? res.id : "(id unknown)", cfg.repo,
                cfg.pr, res.url[0] ? ": " : "", res.url);
    return 0;
}
