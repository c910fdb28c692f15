/* bench_exec.c - time a command as a whole process, many times.
 *
 *   bench_exec [--runs N] [--warmup K] [--ok S,S,...] [--stdout FILE] [-v]
 *              [--label L] -- COMMAND [ARGS...]
 *
 * Runs COMMAND K times untimed (default 1), then N times (default 20), each
 * in a fresh process (fork + execvp, standard output to /dev/null or FILE,
 * standard error to /dev/null unless -v), and prints one line of key=value
 * figures: wall time (CLOCK_MONOTONIC from fork to wait4), CPU time
 * (user + system of the child, from wait4's rusage) and peak resident memory
 * (the child's ru_maxrss): the median, min and max over the timed runs.
 * An exit status outside --ok (default 0,1: stackgap diff exits 1 when the
 * templates differ) is an error.  Used by bench/compare_cdk.sh; MB = 10^6
 * bytes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double tv_ms(const struct timeval *tv)
{
    return (double)tv->tv_sec * 1e3 + (double)tv->tv_usec / 1e3;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* Sorts v in place; nearest-rank percentile. */
static double pct(double *v, int n, double p)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[(int)(p * (n - 1) + 0.5)];
}

static int usage(void)
{
    fprintf(stderr, "usage: bench_exec [--runs N] [--warmup K] [--ok S,S,...] [--stdout FILE] [-v]\n"
                    "                  [--label L] -- COMMAND [ARGS...]\n");
    return 2;
}

/* One run: wall ms, CPU ms, peak RSS MB; returns the exit status or -1. */
static int run_once(char **cmd, const char *out, int verbose, double *wall, double *cpu,
                    double *rss)
{
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench_exec: fork");
        return -1;
    }
    if (pid == 0) {
        int fd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || dup2(fd, 1) < 0)
            _exit(126);
        if (!verbose) {
            int nul = open("/dev/null", O_WRONLY);
            if (nul < 0 || dup2(nul, 2) < 0)
                _exit(126);
        }
        execvp(cmd[0], cmd);
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("bench_exec: wait4");
            return -1;
        }
    }
    *wall = now_ms() - t0;
    *cpu = tv_ms(&ru.ru_utime) + tv_ms(&ru.ru_stime);
    *rss = (double)ru.ru_maxrss * 1024.0 / 1e6; /* Linux: KiB */
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "bench_exec: %s died of signal %d\n", cmd[0], WTERMSIG(status));
        return -1;
    }
    return WEXITSTATUS(status);
}

int main(int argc, char **argv)
{
    int runs = 20, warmup = 1, verbose = 0, i;
    const char *ok = "0,1", *out = NULL, *label = NULL;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
            runs = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--warmup") == 0 && i + 1 < argc) {
            warmup = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--ok") == 0 && i + 1 < argc) {
            ok = argv[++i];
        } else if (strcmp(argv[i], "--stdout") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (strcmp(argv[i], "--label") == 0 && i + 1 < argc) {
            label = argv[++i];
        } else if (strcmp(argv[i], "-v") == 0) {
            verbose = 1;
        } else {
            return usage();
        }
    }
    if (i >= argc || runs < 1 || runs > 100000 || warmup < 0)
        return usage();
    char **cmd = &argv[i];
    double *wall = malloc((size_t)runs * sizeof *wall), *cpu = malloc((size_t)runs * sizeof *cpu);
    double *rss = malloc((size_t)runs * sizeof *rss);
    if (!wall || !cpu || !rss)
        return 2;
    for (int r = -warmup; r < runs; r++) {
        double w, c, m;
        int st = run_once(cmd, out, verbose, &w, &c, &m);
        char okbuf[64];
        snprintf(okbuf, sizeof okbuf, ",%s,", ok);
        char want[16];
        snprintf(want, sizeof want, ",%d,", st);
        if (st < 0 || !strstr(okbuf, want)) {
            fprintf(stderr, "bench_exec: %s exited with status %d (want one of %s)\n", cmd[0],
                    st, ok);
            return 1;
        }
        if (verbose)
            fprintf(stderr, "bench_exec: run %d: %.2f ms wall, %.2f ms CPU, %.1f MB\n", r, w, c,
                    m);
        if (r >= 0) {
            wall[r] = w;
            cpu[r] = c;
            rss[r] = m;
        }
    }
    printf("%s%s%sruns=%d wall_ms=%.3f wall_min_ms=%.3f wall_p90_ms=%.3f wall_max_ms=%.3f "
           "cpu_ms=%.3f cpu_min_ms=%.3f rss_mb=%.1f rss_max_mb=%.1f\n",
           label ? "label=" : "", label ? label : "", label ? " " : "", runs,
           pct(wall, runs, 0.5), pct(wall, runs, 0.0), pct(wall, runs, 0.9),
           pct(wall, runs, 1.0), pct(cpu, runs, 0.5), pct(cpu, runs, 0.0), pct(rss, runs, 0.5),
           pct(rss, runs, 1.0));
    free(wall);
    free(cpu);
    free(rss);
    return 0;
}
