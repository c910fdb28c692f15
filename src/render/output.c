/* output.c - atomic report writing (see output.h). */
#include "stackgap/output.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stackgap/arena.h"

/* The temporary file being written, so an interrupt can remove it: an
 * interrupted run leaves neither a partial report nor a stray temp file. */
static char *volatile pending_tmp;

static void on_signal(int sig)
{
    char *tmp = pending_tmp;
    if (tmp)
        unlink(tmp); /* async-signal-safe */
    signal(sig, SIG_DFL);
    raise(sig);
}

static void guard_signals(void (*handler)(int))
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
        signal(sigs[i], handler);
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int sg_output_write(const char *path, const char *data, size_t len,
                    const char *const *inputs, sg_error *err)
{
    if (!path || strcmp(path, "-") == 0) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
            return sg_fail(err, "<stdout>", 0, 0, "write error: %s", strerror(errno));
        return 0;
    }
    struct stat out_st;
    if (stat(path, &out_st) == 0) {
        for (size_t i = 0; inputs && inputs[i]; i++) {
            struct stat in_st;
            if (stat(inputs[i], &in_st) == 0 && in_st.st_dev == out_st.st_dev &&
                in_st.st_ino == out_st.st_ino)
                return sg_fail(err, path, 0, 0, "refusing to overwrite an input file");
        }
        if (S_ISDIR(out_st.st_mode))
            return sg_fail(err, path, 0, 0, "is a directory");
    }
    size_t n = strlen(path);
    char *tmp = sg_xmalloc(n + 16);
    snprintf(tmp, n + 16, "%s.XXXXXX", path);
    guard_signals(on_signal);
    int fd = mkstemp(tmp);
    pending_tmp = fd >= 0 ? tmp : NULL;
    if (fd < 0) {
        guard_signals(SIG_DFL);
        int e = errno;
        free(tmp);
        return sg_fail(err, path, 0, 0, "cannot create: %s", strerror(e));
    }
    int rc = write_all(fd, data, len);
    int e = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    if (rc == 0) {
        /* mkstemp makes 0600; a report is an ordinary file: 0666 less umask */
        mode_t mask = umask(0);
        umask(mask);
        chmod(tmp, 0666 & ~mask);
        if (rename(tmp, path) != 0) {
            rc = -1;
            e = errno;
        }
    }
    if (rc != 0)
        unlink(tmp);
    pending_tmp = NULL;
    guard_signals(SIG_DFL);
    free(tmp);
    if (rc != 0)
        return sg_fail(err, path, 0, 0, "cannot write: %s", strerror(e));
    return 0;
}
