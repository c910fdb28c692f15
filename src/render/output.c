/* output.c - atomic report writing (see output.h). */
#include "stackgap/output.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stackgap/arena.h"

/* Temporary files being written (several at once in `batch`), so an
 * interrupt can remove them: an interrupted run leaves neither a partial
 * report nor a stray temp file.  Lock-free slots, because the handler may
 * run at any moment on any thread. */
#define PENDING_SLOTS 64
static _Atomic(char *) pending[PENDING_SLOTS];
static atomic_flag handlers_installed = ATOMIC_FLAG_INIT;

static void on_signal(int sig)
{
    for (int i = 0; i < PENDING_SLOTS; i++) {
        char *tmp = atomic_load(&pending[i]);
        if (tmp)
            unlink(tmp); /* async-signal-safe */
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static int track(char *tmp)
{
    if (!atomic_flag_test_and_set(&handlers_installed)) {
        static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
        for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
            signal(sigs[i], on_signal);
    }
    for (int i = 0; i < PENDING_SLOTS; i++) {
        char *expected = NULL;
        if (atomic_compare_exchange_strong(&pending[i], &expected, tmp))
            return i;
    }
    return -1; /* more writers than slots: written untracked */
}

static void untrack(int slot)
{
    if (slot >= 0)
        atomic_store(&pending[slot], NULL);
}

static mode_t process_umask(void)
{
    static mode_t mask;
    static atomic_flag read = ATOMIC_FLAG_INIT;
    static atomic_int ready;
    if (!atomic_flag_test_and_set(&read)) {
        mask = umask(0);
        umask(mask);
        atomic_store(&ready, 1);
    }
    while (!atomic_load(&ready))
        ;
    return mask;
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
        if (!S_ISREG(out_st.st_mode)) {
            /* /dev/null, a FIFO, a terminal: write in place; renaming a temp
             * file over a device would replace it (as root) */
            FILE *f = fopen(path, "wb");
            if (!f)
                return sg_fail(err, path, 0, 0, "cannot open: %s", strerror(errno));
            bool ok = fwrite(data, 1, len, f) == len;
            ok = fclose(f) == 0 && ok;
            return ok ? 0 : sg_fail(err, path, 0, 0, "write error: %s", strerror(errno));
        }
    }
    size_t n = strlen(path);
    char *tmp = sg_xmalloc(n + 16);
    snprintf(tmp, n + 16, "%s.XXXXXX", path);
    /* no signal between creating the file and registering it: a pending
     * one is delivered once the handler can remove the file */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int fd = mkstemp(tmp);
    int slot = fd >= 0 ? track(tmp) : -1;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
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
        /* mkstemp makes 0600; a report is an ordinary file: 0666 less the
         * umask, read once (umask() is process-wide and not thread-safe) */
        chmod(tmp, 0666 & ~process_umask());
        if (rename(tmp, path) != 0) {
            rc = -1;
            e = errno;
        }
    }
    if (rc != 0)
        unlink(tmp);
    untrack(slot);
    free(tmp);
    if (rc != 0)
        return sg_fail(err, path, 0, 0, "cannot write: %s", strerror(e));
    return 0;
}
