/* gen_main.c - stackgap-gen: writes a generated template pair to files so it
 * can be inspected or fed to other tools.
 *
 *   stackgap-gen N SEED OLD.json NEW.json */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_template.h"

static int write_file(const char *path, const sg_strbuf *b)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, "stackgap-gen: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t put = fwrite(b->data, 1, b->len, f);
    if (fclose(f) != 0 || put != b->len) {
        fprintf(stderr, "stackgap-gen: %s: write error\n", path);
        return -1;
    }
    return 0;
}

/* Whole decimal number or failure: a typo must not silently mean 0. */
static int parse_u64(const char *s, unsigned long long *out)
{
    char *end;
    errno = 0;
    *out = strtoull(s, &end, 10);
    return errno || end == s || *end || s[0] == '-' ? -1 : 0;
}

int main(int argc, char **argv)
{
    unsigned long long n, seed;
    if (argc != 5 || parse_u64(argv[1], &n) != 0 || parse_u64(argv[2], &seed) != 0) {
        fprintf(stderr, "usage: stackgap-gen N SEED OLD.json NEW.json\n"
                        "  writes a CloudFormation template with N resources and its\n"
                        "  modified copy (1%% removed, 1%% added, 5%% changed)\n");
        return 2;
    }
    sg_strbuf old = SG_STRBUF_INIT, new = SG_STRBUF_INIT;
    gen_stats so, sn;
    gen_template(&old, (size_t)n, seed, false, &so);
    gen_template(&new, (size_t)n, seed, true, &sn);
    int rc = write_file(argv[3], &old) || write_file(argv[4], &new) ? 1 : 0;
    if (!rc)
        printf("%s: %zu resources, %zu bytes\n%s: %zu resources, %zu bytes "
               "(%zu removed, %zu added, %zu changed)\n",
               argv[3], so.resources, old.len, argv[4], sn.resources, new.len, sn.removed,
               sn.added, sn.changed);
    sg_strbuf_free(&old);
    sg_strbuf_free(&new);
    return rc;
}
