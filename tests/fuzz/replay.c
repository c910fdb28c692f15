/* replay.c - runs the fuzz targets without libFuzzer, on files.
 *
 * Built in the normal build (any compiler, with or without sanitizers) as
 * test fuzz.replay: every file under ROOT/regressions/<target>/ and
 * ROOT/seeds/<target>/ goes through its target, each in a forked child so
 * that a crash, a sanitizer report or an abort counts as one failure and
 * names the file.  The targets' sources are compiled with
 * LLVMFuzzerTestOneInput renamed to sg_fuzz_<target> (tests/CMakeLists.txt).
 *
 *   fuzz_replay [--no-fork] ROOT               all targets (ROOT = testdata/fuzz)
 *   fuzz_replay [--no-fork] TARGET FILE...     some files through one target
 *
 * --no-fork runs in-process (for a debugger or valgrind). */
#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stackgap/arena.h"

int sg_fuzz_json(const uint8_t *data, size_t size);
int sg_fuzz_yaml(const uint8_t *data, size_t size);
int sg_fuzz_extract(const uint8_t *data, size_t size);
int sg_fuzz_prompt(const uint8_t *data, size_t size);
int sg_fuzz_pipeline(const uint8_t *data, size_t size);
int sg_fuzz_spec(const uint8_t *data, size_t size);
int sg_fuzz_comment(const uint8_t *data, size_t size);

typedef struct target {
    const char *name;
    int (*run)(const uint8_t *data, size_t size);
} target;

static const target targets[] = {
    {"fuzz_json", sg_fuzz_json},         {"fuzz_yaml", sg_fuzz_yaml},
    {"fuzz_extract", sg_fuzz_extract},   {"fuzz_prompt", sg_fuzz_prompt},
    {"fuzz_pipeline", sg_fuzz_pipeline}, {"fuzz_spec", sg_fuzz_spec},
    {"fuzz_comment", sg_fuzz_comment},
};
#define NTARGETS (sizeof targets / sizeof *targets)

static bool no_fork;

/* Reads a whole file into a buffer of exactly its size, as libFuzzer hands
 * inputs (so ASan sees a read past the end); NULL on error. */
static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    uint8_t *buf = sg_xmalloc(cap);
    while ((got = fread(buf + n, 1, cap - n, f)) > 0)
        if ((n += got) == cap)
            buf = sg_xrealloc(buf, cap *= 2);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        free(buf);
        return NULL;
    }
    uint8_t *exact = sg_xmalloc(n ? n : 1);
    memcpy(exact, buf, n);
    free(buf);
    *len = n;
    return exact;
}

/* 0 when the target ran through, else 1 (with a line on stderr). */
static int replay_one(const target *t, const char *path)
{
    size_t len = 0;
    uint8_t *data = slurp(path, &len);
    if (!data) {
        fprintf(stderr, "FAIL %s %s: cannot read\n", t->name, path);
        return 1;
    }
    if (no_fork) {
        t->run(data, len);
        free(data);
        return 0;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        free(data);
        return 1;
    }
    if (pid == 0) {
        t->run(data, len);
        free(data);
        exit(0); /* exit, not _exit: LeakSanitizer checks at exit */
    }
    free(data);
    int st;
    if (waitpid(pid, &st, 0) < 0) {
        perror("waitpid");
        return 1;
    }
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return 0;
    if (WIFSIGNALED(st))
        fprintf(stderr, "FAIL %s %s: signal %d\n", t->name, path, WTERMSIG(st));
    else
        fprintf(stderr, "FAIL %s %s: exit status %d\n", t->name, path, WEXITSTATUS(st));
    return 1;
}

static int keep(const struct dirent *d)
{
    return d->d_name[0] != '.' && strncmp(d->d_name, "README", 6) != 0;
}

/* Every regular file of dir (sorted); missing dir: nothing. */
static void replay_dir(const target *t, const char *dir, size_t *passed, size_t *failed)
{
    struct dirent **names;
    int n = scandir(dir, &names, keep, alphasort);
    if (n < 0)
        return;
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            if (replay_one(t, path) == 0)
                ++*passed;
            else
                ++*failed;
        }
        free(names[i]);
    }
    free(names);
}

static const target *find_target(const char *name)
{
    for (size_t i = 0; i < NTARGETS; i++)
        if (strcmp(targets[i].name, name) == 0 ||
            strcmp(targets[i].name + strlen("fuzz_"), name) == 0)
            return &targets[i];
    return NULL;
}

int main(int argc, char **argv)
{
    int i = 1;
    if (i < argc && strcmp(argv[i], "--no-fork") == 0) {
        no_fork = true;
        i++;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: %s [--no-fork] ROOT | [--no-fork] TARGET FILE...\n", argv[0]);
        return 2;
    }
    size_t passed = 0, failed = 0;
    const target *one = find_target(argv[i]);
    if (one) {
        for (i++; i < argc; i++) {
            if (replay_one(one, argv[i]) == 0)
                passed++;
            else
                failed++;
        }
    } else {
        const char *root = argv[i];
        for (size_t k = 0; k < NTARGETS; k++) {
            size_t p = 0, f = 0;
            char dir[4096];
            snprintf(dir, sizeof dir, "%s/regressions/%s", root, targets[k].name);
            replay_dir(&targets[k], dir, &p, &f);
            snprintf(dir, sizeof dir, "%s/seeds/%s", root, targets[k].name);
            replay_dir(&targets[k], dir, &p, &f);
            printf("%-14s %zu passed, %zu failed\n", targets[k].name, p, f);
            passed += p;
            failed += f;
        }
    }
    printf("%zu passed, %zu failed\n", passed, failed);
    if (passed + failed == 0) {
        fprintf(stderr, "no inputs found\n");
        return 1;
    }
    return failed ? 1 : 0;
}
