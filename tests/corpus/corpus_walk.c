/* corpus_walk.c - see corpus_walk.h. */
#include "corpus_walk.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* a/b into out; paths longer than CORPUS_PATH are skipped, not truncated */
static int join(char *out, const char *a, const char *b)
{
    int n = snprintf(out, CORPUS_PATH, "%s/%s", a, b);
    return n > 0 && n < CORPUS_PATH ? 0 : -1;
}

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted subdirectories, so runs (and their output) are deterministic. */
static char **subdirs(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    char **v = NULL;
    size_t k = 0, cap = 0;
    *n = 0;
    if (!d)
        return NULL;
    for (struct dirent *e; (e = readdir(d));) {
        char path[CORPUS_PATH];
        struct stat st;
        if (e->d_name[0] == '.' || join(path, dir, e->d_name) != 0 || stat(path, &st) != 0 ||
            !S_ISDIR(st.st_mode))
            continue;
        if (k == cap) {
            cap = cap ? cap * 2 : 64;
            v = realloc(v, cap * sizeof *v);
        }
        v[k++] = strdup(e->d_name);
    }
    closedir(d);
    if (k > 1)
        qsort(v, k, sizeof *v, cmp_str);
    *n = k;
    return v;
}

size_t corpus_walk(const char *root, void (*visit)(const corpus_task *t, void *ctx), void *ctx)
{
    size_t nplat, visited = 0;
    char **plats = subdirs(root, &nplat);
    for (size_t p = 0; p < nplat; p++) {
        char pdir[CORPUS_PATH];
        size_t ntask = 0;
        char **tasks = join(pdir, root, plats[p]) == 0 ? subdirs(pdir, &ntask) : NULL;
        for (size_t i = 0; i < ntask; i++) {
            char dir[CORPUS_PATH], lib[CORPUS_PATH], model[CORPUS_PATH], ideal[CORPUS_PATH],
                prompt[CORPUS_PATH];
            static const char *const ideals[] = {"TapStack.yml", "TapStack.yaml", "TapStack.json"};
            if (join(dir, pdir, tasks[i]) == 0 && join(lib, dir, "lib") == 0 &&
                join(model, lib, "MODEL_RESPONSE.md") == 0 && exists(model)) {
                ideal[0] = '\0';
                for (size_t k = 0; k < 3 && !ideal[0]; k++)
                    if (join(ideal, lib, ideals[k]) != 0 || !exists(ideal))
                        ideal[0] = '\0';
                int has_prompt = join(prompt, lib, "PROMPT.md") == 0 && exists(prompt);
                corpus_task t = {lib, model, ideal[0] ? ideal : NULL, has_prompt ? prompt : NULL};
                visit(&t, ctx);
                visited++;
            }
            free(tasks[i]);
        }
        free(tasks);
        free(plats[p]);
    }
    free(plats);
    return visited;
}
