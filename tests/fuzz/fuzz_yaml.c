/* fuzz_yaml.c - sg_parse_yaml (libyaml + short-form intrinsics, anchors
 * and aliases, merge keys) on arbitrary bytes.
 *
 * Byte 0 chooses the options (bit 0 salvage, bit 2 a line/column offset as
 * for YAML embedded in Markdown); the rest is the document.  Checks the
 * result contract of parse.h, and that a template's normalized tree - what
 * `stackgap normalize` prints - is valid JSON and valid YAML when emitted. */
#include <string.h>

#include "fuzz_common.h"
#include "stackgap/normalize.h"
#include "stackgap/parse.h"
#include "stackgap/render.h"



int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t mode = data[0];
    const char *buf = (const char *)data + 1;
    size_t len = size - 1;

    sg_parse_opts po = {
        .file = "fuzz.yaml",
        .limits = sg_fuzz_limits(),
        .salvage = mode & 1,
        .line_offset = (mode & 4) ? 41 : 0,
        .col_offset = (mode & 4) ? 3 : 0,
    };
    sg_arena *a = sg_arena_new();
    sg_node *root = NULL;
    sg_error err;
    memset(&err, 0x55, sizeof err);
    int rc = sg_parse_yaml(a, buf, len, &po, &root, &err);

    SG_FUZZ_CHECK(rc == 0 || rc == 1 || rc == -1);
    SG_FUZZ_CHECK(rc != 1 || po.salvage);
    if (rc == -1)
        SG_FUZZ_CHECK(root == NULL);
    if (rc != 0) {
        SG_FUZZ_CHECK(memchr(err.msg, '\0', sizeof err.msg) != NULL);
        SG_FUZZ_CHECK(err.msg[0] != '\0');
    }
    if (rc >= 0 && root) {
        sg_fuzz_check_tree(a, root);
    }
    sg_arena_free(a);
    return 0;
}
