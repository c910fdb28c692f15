/* fuzz_json.c - sg_parse_json on arbitrary bytes.
 *
 * Byte 0 chooses the options (bit 0 salvage, bit 1 allow_trailing, bit 2 a
 * line/column offset as for JSON embedded in Markdown); the rest is the
 * document.  Besides "no crash, no leak, no UB" it checks what parse.h
 * promises about results, and that what the emitters write parses again:
 * a parsed tree emitted as JSON (compact and pretty) re-parses to an equal
 * tree; its normalized form emitted as JSON and as YAML re-parses. */
#include <string.h>

#include "fuzz_common.h"
#include "stackgap/normalize.h"
#include "stackgap/parse.h"
#include "stackgap/render.h"

static void check_error(const sg_error *err)
{
    SG_FUZZ_CHECK(memchr(err->msg, '\0', sizeof err->msg) != NULL);
    SG_FUZZ_CHECK(err->msg[0] != '\0');
}



int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    uint8_t mode = data[0];
    const char *buf = (const char *)data + 1;
    size_t len = size - 1;

    sg_parse_opts po = {
        .file = "fuzz.json",
        .limits = sg_fuzz_limits(),
        .salvage = mode & 1,
        .allow_trailing = (mode & 2) != 0,
        .line_offset = (mode & 4) ? 41 : 0,
        .col_offset = (mode & 4) ? 3 : 0,
    };
    sg_arena *a = sg_arena_new();
    sg_node *root = NULL;
    size_t consumed = (size_t)-1;
    sg_error err;
    memset(&err, 0x55, sizeof err);
    int rc = sg_parse_json(a, buf, len, &po, &root, &consumed, &err);

    SG_FUZZ_CHECK(rc == 0 || rc == 1 || rc == -1);
    SG_FUZZ_CHECK(rc != 1 || po.salvage);
    SG_FUZZ_CHECK(consumed <= len);
    if (rc == -1)
        SG_FUZZ_CHECK(root == NULL);
    if (rc == 0)
        SG_FUZZ_CHECK(root != NULL);
    if (rc != 0)
        check_error(&err);
    if (rc >= 0 && root) {
        sg_fuzz_json_reparses(a, root, -1, true);
        sg_fuzz_json_reparses(a, root, 2, true);
        sg_fuzz_check_tree(a, root);
    }
    sg_arena_free(a);
    return 0;
}
