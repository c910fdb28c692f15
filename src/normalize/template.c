/* template.c - index a normalized tree as a CloudFormation template. */
#include "stackgap/template.h"

#include <stdio.h>
#include <string.h>

#include "stackgap/normalize.h"

static const char *const section_names[SG_SEC_COUNT] = {
    [SG_SEC_FORMAT_VERSION] = "AWSTemplateFormatVersion",
    [SG_SEC_DESCRIPTION] = "Description",
    [SG_SEC_TRANSFORM] = "Transform",
    [SG_SEC_METADATA] = "Metadata",
    [SG_SEC_PARAMETERS] = "Parameters",
    [SG_SEC_RULES] = "Rules",
    [SG_SEC_MAPPINGS] = "Mappings",
    [SG_SEC_CONDITIONS] = "Conditions",
    [SG_SEC_RESOURCES] = "Resources",
    [SG_SEC_OUTPUTS] = "Outputs",
    [SG_SEC_OTHER] = "Other top-level keys",
};

const char *sg_section_name(sg_section s)
{
    return s < SG_SEC_COUNT ? section_names[s] : "?";
}

bool sg_section_is_scalar(sg_section s)
{
    return s == SG_SEC_FORMAT_VERSION || s == SG_SEC_DESCRIPTION || s == SG_SEC_TRANSFORM;
}

/* The first top-level keys for an error message: "a, b, c, ...", cut to
 * size (>= 8) with ", ..." when keys are left out or one did not fit. */
static void list_keys(const sg_node *root, char *buf, size_t size)
{
    size_t used = 0;
    bool cut = root->len > 6;
    buf[0] = '\0';
    for (uint32_t i = 0; i < root->len && i < 6; i++) {
        int n = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
                         root->u.pairs[i].key->u.str);
        if (n < 0 || (size_t)n >= size - used) {
            cut = true; /* snprintf filled the buffer */
            break;
        }
        used += (size_t)n;
    }
    if (!cut)
        return;
    size_t len = strlen(buf), room = size - sizeof ", ...";
    if (len > room) {
        len = room;
        while (len > 0 && ((unsigned char)buf[len] & 0xC0) == 0x80)
            len--; /* never split a UTF-8 sequence */
    }
    memcpy(buf + len, ", ...", sizeof ", ...");
}

int sg_template_index(sg_arena *a, const sg_node *root, const char *file, sg_template *out,
                      sg_error *err)
{
    if (!root || root->kind != SG_MAP)
        return sg_fail(err, file, root ? root->line : 0, root ? root->col : 0,
                       "not a CloudFormation template: the document is not a mapping");
    const sg_node *res = sg_map_get(root, "Resources");
    if (!res && !sg_map_get(root, "AWSTemplateFormatVersion")) {
        char keys[200];
        list_keys(root, keys, sizeof keys);
        return sg_fail(err, file, root->line, root->col,
                       "not a CloudFormation template: no Resources section (top-level keys: %s)",
                       keys);
    }
    if (res && res->kind != SG_MAP)
        return sg_fail(err, file, res->line, res->col, "Resources is not a mapping");

    out->root = root;
    out->nunknown = 0;
    out->unknown_sections = sg_arena_alloc(a, (root->len + 1) * sizeof(char *));
    /* unknown keys are compared too, as entries of a map of their own */
    sg_pair *other = sg_arena_alloc(a, (root->len + 1) * sizeof *other);
    for (uint32_t i = 0; i < root->len; i++) {
        const sg_pair *p = &root->u.pairs[i];
        int s;
        for (s = 0; s < SG_SEC_OTHER; s++)
            if (strcmp(p->key->u.str, section_names[s]) == 0)
                break;
        if (s == SG_SEC_OTHER) {
            other[out->nunknown] = *p;
            out->unknown_sections[out->nunknown++] = p->key->u.str;
            continue;
        }
        out->section[s] = p->value;
        out->section_key[s] = p->key;
    }
    if (out->nunknown) {
        /* root keys are sorted, so this map is too; hashes are not needed */
        sg_node *m = sg_node_map(a, other, out->nunknown, other[0].key->line, other[0].key->col);
        out->section[SG_SEC_OTHER] = m;
    }

    size_t n = res ? res->len : 0;
    out->resources = sg_arena_calloc(a, n ? n : 1, sizeof *out->resources);
    out->nresources = n;
    for (size_t i = 0; i < n; i++) { /* normalized maps are sorted: ids come out sorted */
        sg_resource *r = &out->resources[i];
        r->key = res->u.pairs[i].key;
        r->body = res->u.pairs[i].value;
        r->id = r->key->u.str;
        size_t suffix = sg_cdk_suffix_len(r->id);
        r->match_id = suffix ? sg_arena_strndup(a, r->id, strlen(r->id) - suffix) : r->id;
        const sg_node *type = sg_map_get(r->body, "Type");
        r->type = type && type->kind == SG_STRING ? type->u.str : "";
    }
    return 0;
}

long sg_template_resource_index(const sg_template *t, const char *s, size_t n)
{
    size_t lo = 0, hi = t->nresources;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *id = t->resources[mid].id;
        size_t len = strlen(id), m = len < n ? len : n;
        int c = memcmp(id, s, m);
        if (!c)
            c = (len > n) - (len < n);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

const sg_resource *sg_template_resource(const sg_template *t, const char *id)
{
    long i = sg_template_resource_index(t, id, strlen(id));
    return i < 0 ? NULL : &t->resources[i];
}
