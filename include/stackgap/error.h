/* error.h - one positioned error, printed as "file:line:col: message". */
#ifndef STACKGAP_ERROR_H
#define STACKGAP_ERROR_H

#include <stdint.h>

typedef struct sg_error {
    const char *file; /* display name of the input; not owned */
    uint32_t line;    /* 1-based; 0 when the error has no position */
    uint32_t col;     /* 1-based; 0 when unknown */
    char msg[512];
} sg_error;

/* Fills err (if not NULL) and returns -1, so callers can `return sg_fail(...)`. */
int sg_fail(sg_error *err, const char *file, uint32_t line, uint32_t col,
            const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Writes "file:line:col: msg" (omitting absent parts) into buf. */
void sg_error_format(const sg_error *err, char *buf, unsigned size);

#endif
