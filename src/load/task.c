/* task.c - locate the files of a task folder (see task.h). */
#include "stackgap/task.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "stackgap/template.h"

#define PLACEHOLDER_BYTES 8192

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Resources in a template file, or -1 when it does not load. */
static long resource_count(const char *path)
{
    sg_arena *a = sg_arena_new();
    sg_template t;
    sg_error err;
    long n = sg_load_file(a, path, NULL, &t, &err) == 0 ? (long)t.nresources : -1;
    sg_arena_free(a);
    return n;
}

int sg_task_locate(sg_arena *a, const char *dir, sg_task_files *out, sg_error *err)
{
    memset(out, 0, sizeof *out);
    const char *lib = sg_arena_printf(a, "%s/lib", dir);
    if (!is_file(sg_arena_printf(a, "%s/MODEL_RESPONSE.md", lib)))
        lib = dir;
    out->lib = lib;
    out->model = sg_arena_printf(a, "%s/MODEL_RESPONSE.md", lib);
    if (!is_file(out->model))
        return sg_fail(err, dir, 0, 0, "no MODEL_RESPONSE.md (looked in %s/lib and %s)", dir, dir);
    const char *prompt = sg_arena_printf(a, "%s/PROMPT.md", lib);
    out->prompt = is_file(prompt) ? prompt : NULL;

    static const char *const tapstacks[] = {"TapStack.yml", "TapStack.yaml", "TapStack.json"};
    const char *tap = NULL;
    for (size_t i = 0; i < sizeof tapstacks / sizeof *tapstacks && !tap; i++) {
        const char *p = sg_arena_printf(a, "%s/%s", lib, tapstacks[i]);
        if (is_file(p))
            tap = p;
    }
    const char *ideal_md = sg_arena_printf(a, "%s/IDEAL_RESPONSE.md", lib);
    bool have_md = is_file(ideal_md);
    if (!tap && !have_md)
        return sg_fail(err, dir, 0, 0,
                       "no ideal template (TapStack.yml, TapStack.json or IDEAL_RESPONSE.md)");
    out->ideal = tap ? tap : ideal_md;
    struct stat st;
    /* a placeholder of at most two resources is a few KB: only small files
     * are worth parsing twice */
    if (tap && have_md && stat(tap, &st) == 0 && st.st_size < PLACEHOLDER_BYTES) {
        long nt = resource_count(tap);
        if (nt >= 0 && nt <= 2) {
            long nm = resource_count(ideal_md);
            if (nm > 2 * nt) {
                const char *base = strrchr(tap, '/') + 1;
                out->note = sg_arena_printf(
                    a, "%s holds %ld resource%s, a placeholder; the template in "
                       "IDEAL_RESPONSE.md (%ld resources) is the ideal",
                    base, nt, nt == 1 ? "" : "s", nm);
                out->ideal = ideal_md;
            }
        }
    }
    return 0;
}
