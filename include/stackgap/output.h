/* output.h - write a finished report: stdout, or a file replaced atomically
 * (temporary file in the same directory, then rename), never an input. */
#ifndef STACKGAP_OUTPUT_H
#define STACKGAP_OUTPUT_H

#include <stddef.h>

#include "stackgap/error.h"

/* Writes data to path, or to stdout when path is NULL or "-".  inputs
 * (NULL-terminated) are files the output must not replace.  Returns 0, or
 * -1 with err set and no file left behind. */
int sg_output_write(const char *path, const char *data, size_t len,
                    const char *const *inputs, sg_error *err);

#endif
