/* fuzz_common.h - shared by the libFuzzer targets in tests/fuzz/ and by the
 * replay driver (replay.c), which links the same sources without libFuzzer.
 *
 * The limits are deliberately small so that deep or huge inputs reach a
 * limit in a few hundred bytes instead of spending the fuzzer's time on
 * them; every loader must then fail cleanly with a positioned error. */
#ifndef STACKGAP_FUZZ_COMMON_H
#define STACKGAP_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "stackgap/limits.h"
#include "stackgap/node.h"
#include "stackgap/strbuf.h"
#include "stackgap/normalize.h"
#include "stackgap/parse.h"
#include "stackgap/render.h"
#include "stackgap/template.h"

/* libFuzzer's entry point; replay.c renames it per target (see tests/CMakeLists.txt). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline const sg_limits *sg_fuzz_limits(void)
{
    static const sg_limits lim = {
        .max_input_bytes = (size_t)1 << 20, /* 1 MiB: above run.sh's -max_len */
        .max_depth = 48,
        .max_nodes = 20000,
        .max_string_bytes = (size_t)64 << 10,
        .max_resources = 500,
    };
    return &lim;
}

/* For re-parsing what an emitter wrote: normalization may add a level and
 * a few nodes (Fn::GetAtt "A.B" becomes [A, B]), so allow some slack. */
static inline const sg_limits *sg_fuzz_reparse_limits(void)
{
    static const sg_limits lim = {
        .max_input_bytes = (size_t)16 << 20,
        .max_depth = 96,
        .max_nodes = 200000,
        .max_string_bytes = (size_t)1 << 20,
        .max_resources = 5000,
    };
    return &lim;
}

/* An invariant the library promises was broken: report it as a crash. */
#define SG_FUZZ_CHECK(cond)                                                              \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__,    \
                    #cond);                                                              \
            abort();                                                                     \
        }                                                                                \
    } while (0)

/* What sg_emit_json writes parses again (to an equal tree when must_equal). */
static inline void sg_fuzz_json_reparses(sg_arena *a, const sg_node *n, int indent,
                                         bool must_equal)
{
    sg_strbuf b = SG_STRBUF_INIT;
    sg_emit_json(&b, n, indent);
    sg_parse_opts po = {.file = "emitted.json", .limits = sg_fuzz_reparse_limits()};
    sg_node *again = NULL;
    sg_error err;
    int rc = sg_parse_json(a, b.data ? b.data : "", b.len, &po, &again, NULL, &err);
    if (rc != 0)
        fprintf(stderr, "emitted JSON does not parse: %s:%u:%u: %s\n", err.file, err.line,
                err.col, err.msg);
    SG_FUZZ_CHECK(rc == 0);
    if (must_equal)
        SG_FUZZ_CHECK(sg_node_equal(n, again));
    sg_strbuf_free(&b);
}

/* What sg_emit_yaml writes parses again. */
static inline void sg_fuzz_yaml_reparses(sg_arena *a, const sg_node *n)
{
    sg_strbuf b = SG_STRBUF_INIT;
    sg_emit_yaml(&b, n);
    sg_parse_opts po = {.file = "emitted.yaml", .limits = sg_fuzz_reparse_limits()};
    sg_node *again = NULL;
    sg_error err;
    int rc = sg_parse_yaml(a, b.data ? b.data : "", b.len, &po, &again, &err);
    if (rc != 0)
        fprintf(stderr, "emitted YAML does not parse: %s:%u:%u: %s\n", err.file, err.line,
                err.col, err.msg);
    SG_FUZZ_CHECK(rc == 0);
    sg_strbuf_free(&b);
}

/* What both parser targets check on a parsed tree: it has nodes, its
 * one-line rendering keeps its cap, and a map normalizes to something that
 * emits as JSON and YAML that parse again. */
static inline void sg_fuzz_check_tree(sg_arena *a, const sg_node *root)
{
    SG_FUZZ_CHECK(sg_node_count(root) > 0);
    sg_strbuf line = SG_STRBUF_INIT;
    sg_emit_inline(&line, root, 80);
    SG_FUZZ_CHECK(line.len <= 80 + 3);
    sg_strbuf_free(&line);
    if (root->kind == SG_MAP) {
        sg_node *norm = sg_normalize(a, root);
        SG_FUZZ_CHECK(norm != NULL);
        sg_fuzz_json_reparses(a, norm, 2, false);
        sg_fuzz_yaml_reparses(a, norm);
    }
}

#endif
