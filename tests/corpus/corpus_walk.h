/* corpus_walk.h - visit every task folder of an unpacked corpus
 * (<root>/<platform>/<PrNNNN>/lib with a MODEL_RESPONSE.md), in sorted order. */
#ifndef STACKGAP_CORPUS_WALK_H
#define STACKGAP_CORPUS_WALK_H

#include <stddef.h>

#define CORPUS_PATH 4096

typedef struct corpus_task {
    const char *lib;    /* <root>/<platform>/<task>/lib */
    const char *model;  /* lib/MODEL_RESPONSE.md */
    const char *ideal;  /* lib/TapStack.yml|yaml|json, or NULL */
    const char *prompt; /* lib/PROMPT.md, or NULL */
} corpus_task;

/* Calls visit for each task; returns the number visited. */
size_t corpus_walk(const char *root, void (*visit)(const corpus_task *t, void *ctx), void *ctx);

#endif
