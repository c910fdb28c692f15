/* task.h - the files of a task folder (<dir>/lib/PROMPT.md, MODEL_RESPONSE.md,
 * the ideal TapStack.yml|yaml|json, else IDEAL_RESPONSE.md). */
#ifndef STACKGAP_TASK_H
#define STACKGAP_TASK_H

#include <stdbool.h>

#include "stackgap/arena.h"
#include "stackgap/error.h"

typedef struct sg_task_files {
    const char *lib;    /* the folder the files are in: DIR/lib, or DIR itself */
    const char *model;  /* MODEL_RESPONSE.md */
    const char *ideal;  /* the ideal template */
    const char *prompt; /* PROMPT.md, or NULL */
    const char *note;   /* why the ideal is not the first TapStack file, or NULL */
} sg_task_files;

/* Finds the files of the task in dir (arena strings).  The ideal is the
 * first of TapStack.yml, TapStack.yaml, TapStack.json, IDEAL_RESPONSE.md;
 * but a TapStack file of at most two resources is a placeholder when
 * IDEAL_RESPONSE.md holds a template more than twice its size, and then
 * IDEAL_RESPONSE.md is the ideal (note says so).  Returns -1 with err when
 * the model or every ideal is missing. */
int sg_task_locate(sg_arena *a, const char *dir, sg_task_files *out, sg_error *err);

#endif
