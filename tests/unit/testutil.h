/* testutil.h - helpers shared by the unit tests (header-only, static). */
#ifndef STACKGAP_TESTUTIL_H
#define STACKGAP_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "stackgap/diff.h"
#include "stackgap/normalize.h"
#include "stackgap/parse.h"
#include "stackgap/render.h"
#include "stackgap/template.h"

/* One arena for a whole test group: cmocka_run_group_tests(tests,
 * arena_setup, arena_teardown).  Unused in some files, hence the attribute. */
static sg_arena *A __attribute__((unused));

__attribute__((unused)) static int arena_setup(void **state)
{
    (void)state;
    A = sg_arena_new();
    return 0;
}

__attribute__((unused)) static int arena_teardown(void **state)
{
    (void)state;
    sg_arena_free(A);
    return 0;
}

/* Loads text as a template named `name` (its extension picks the format);
 * fails the test with the error when it does not load. */
static inline sg_template load_text(sg_arena *a, const char *name, const char *text)
{
    sg_template t;
    sg_error err;
    if (sg_load_buffer(a, name, text, strlen(text), NULL, &t, &err) != 0) {
        char buf[1024];
        sg_error_format(&err, buf, sizeof buf);
        fail_msg("load failed: %s", buf);
    }
    return t;
}

/* Canonical compact JSON of a template's normalized root (arena copy). */
static inline const char *canonical(sg_arena *a, const char *name, const char *text)
{
    sg_template t = load_text(a, name, text);
    sg_strbuf b = SG_STRBUF_INIT;
    sg_emit_json(&b, t.root, -1);
    const char *s = sg_arena_strdup(a, b.data ? b.data : "");
    sg_strbuf_free(&b);
    return s;
}

/* Diff of two texts (formats from the names). */
static inline sg_diff diff_text(sg_arena *a, const char *on, const char *ot, const char *nn,
                                const char *nt)
{
    sg_template *o = sg_arena_alloc(a, sizeof *o);
    sg_template *n = sg_arena_alloc(a, sizeof *n);
    *o = load_text(a, on, ot);
    *n = load_text(a, nn, nt);
    sg_diff d;
    sg_diff_templates(a, o, n, NULL, &d);
    return d;
}

/* The entry for logical ID / name `id` in section s, or NULL. */
static inline const sg_entry *find_entry(const sg_diff *d, sg_section s, const char *id)
{
    for (size_t i = 0; i < d->nentries; i++) {
        const sg_entry *x = &d->entries[i];
        if (x->section != s)
            continue;
        if ((x->new_id && strcmp(x->new_id, id) == 0) || (x->old_id && strcmp(x->old_id, id) == 0))
            return x;
    }
    return NULL;
}

/* "op path" of change k, e.g. "changed Properties.Tags[Key=Env].Value". */
static inline const char *change_str(sg_arena *a, const sg_entry *x, size_t k)
{
    sg_strbuf b = SG_STRBUF_INIT;
    sg_strbuf_puts(&b, sg_op_name(x->changes[k].op));
    sg_strbuf_putc(&b, ' ');
    sg_emit_path(&b, x->changes[k].path, x->changes[k].depth);
    const char *s = sg_arena_strdup(a, b.data);
    sg_strbuf_free(&b);
    return s;
}

#endif
