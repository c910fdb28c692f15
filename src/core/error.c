/* error.c - positioned errors (see error.h). */
#include "stackgap/error.h"

#include <stdarg.h>
#include <stdio.h>

#include "stackgap/limits.h"

int sg_fail(sg_error *err, const char *file, uint32_t line, uint32_t col, const char *fmt,
            ...)
{
    if (!err)
        return -1;
    err->file = file;
    err->line = line;
    err->col = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return -1;
}

void sg_error_format(const sg_error *err, char *buf, unsigned size)
{
    const char *file = err->file ? err->file : "stackgap";
    if (err->line && err->col)
        snprintf(buf, size, "%s:%u:%u: %s", file, err->line, err->col, err->msg);
    else if (err->line)
        snprintf(buf, size, "%s:%u: %s", file, err->line, err->msg);
    else
        snprintf(buf, size, "%s: %s", file, err->msg);
}

static const sg_limits default_limits = {
    .max_input_bytes = SG_DEFAULT_MAX_INPUT_BYTES,
    .max_depth = SG_DEFAULT_MAX_DEPTH,
    .max_nodes = SG_DEFAULT_MAX_NODES,
    .max_string_bytes = SG_DEFAULT_MAX_STRING_BYTES,
    .max_resources = SG_DEFAULT_MAX_RESOURCES,
};

const sg_limits *sg_limits_default(void)
{
    return &default_limits;
}
