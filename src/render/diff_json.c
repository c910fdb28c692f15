/* diff_json.c - the diff as JSON, schema "stackgap/diff/v1"
 * (docs/json-schema.md).  Keys are written in a fixed order and numbers in
 * a fixed format, so the same inputs give byte-identical output. */
#include <string.h>

#include "stackgap/render.h"


static void side(sg_strbuf *b, const char *name, const sg_template *t)
{
    sg_strbuf_printf(b, "  \"%s\": {\"file\": ", name);
    sg_strbuf_json_cstr(b, t->file);
    sg_strbuf_puts(b, ", \"format\": ");
    sg_strbuf_json_cstr(b, sg_format_name(t->format));
    if (t->from_markdown)
        sg_strbuf_printf(b, ", \"block\": %d", t->block);
    else
        sg_strbuf_puts(b, ", \"block\": null");
    sg_strbuf_puts(b, ", \"block_name\": ");
    sg_strbuf_json_cstr(b, t->block_name);
    sg_strbuf_printf(b, ", \"resources\": %zu, \"truncated\": ", t->nresources);
    if (t->truncated) {
        sg_strbuf_printf(b, "{\"line\": %u, \"column\": %u, \"message\": ", t->cut.line,
                         t->cut.col);
        sg_strbuf_json_cstr(b, t->cut.msg);
        sg_strbuf_puts(b, "}");
    } else {
        sg_strbuf_puts(b, "null");
    }
    sg_strbuf_puts(b, "}");
}

static void counts(sg_strbuf *b, const size_t *c)
{
    sg_strbuf_putc(b, '{');
    for (int s = 0; s < SG_STATUS_COUNT; s++)
        sg_strbuf_printf(b, "%s\"%s\": %zu", s ? ", " : "", sg_status_name((sg_status)s), c[s]);
    sg_strbuf_putc(b, '}');
}

static void located(sg_strbuf *b, const sg_node *n, bool with_value)
{
    if (!n) {
        sg_strbuf_puts(b, "null");
        return;
    }
    sg_strbuf_printf(b, "{\"line\": %u, \"column\": %u", n->line, n->col);
    if (with_value) {
        sg_strbuf_puts(b, ", \"value\": ");
        sg_emit_json(b, n, -1);
    }
    sg_strbuf_putc(b, '}');
}

static void entry_side(sg_strbuf *b, const char *id, const char *type, const sg_node *key,
                       const sg_node *value, bool with_value)
{
    if (!id && !key) {
        sg_strbuf_puts(b, "null");
        return;
    }
    sg_strbuf_puts(b, "{\"id\": ");
    sg_strbuf_json_cstr(b, id);
    sg_strbuf_puts(b, ", \"type\": ");
    sg_strbuf_json_cstr(b, type && *type ? type : NULL);
    sg_strbuf_printf(b, ", \"line\": %u", key ? key->line : value ? value->line : 0);
    if (with_value && value) {
        sg_strbuf_puts(b, ", \"value\": ");
        sg_emit_json(b, value, -1);
    }
    sg_strbuf_putc(b, '}');
}

void sg_render_diff_json(sg_strbuf *b, const sg_diff *d)
{
    sg_strbuf_puts(b, "{\n  \"schema\": \"stackgap/diff/v1\",\n");
    side(b, "old", d->old);
    sg_strbuf_puts(b, ",\n");
    side(b, "new", d->new);
    sg_strbuf_printf(b, ",\n  \"equivalent\": %s,\n  \"summary\": {\"resources\": ",
                     sg_diff_equivalent(d) ? "true" : "false");
    counts(b, d->res_counts);
    sg_strbuf_puts(b, ", \"all\": ");
    counts(b, d->counts);
    sg_strbuf_puts(b, "},\n  \"entries\": [");
    for (size_t i = 0; i < d->nentries; i++) {
        const sg_entry *x = &d->entries[i];
        bool whole = x->status == SG_ADDED || x->status == SG_REMOVED;
        sg_strbuf_puts(b, i ? ",\n    " : "\n    ");
        sg_strbuf_puts(b, "{\"section\": ");
        sg_strbuf_json_cstr(b, sg_section_name(x->section));
        sg_strbuf_puts(b, ", \"status\": ");
        sg_strbuf_json_cstr(b, sg_status_name(x->status));
        sg_strbuf_puts(b, ", \"match\": ");
        sg_strbuf_json_cstr(b, x->match);
        if (x->status == SG_RENAMED)
            sg_strbuf_printf(b, ", \"similarity\": %.3f", x->similarity);
        sg_strbuf_puts(b, ", \"old\": ");
        entry_side(b, x->old_id, x->old_type, x->old_key, x->old, whole);
        sg_strbuf_puts(b, ", \"new\": ");
        entry_side(b, x->new_id, x->new_type, x->new_key, x->new, whole);
        sg_strbuf_puts(b, ", \"changes\": [");
        for (size_t k = 0; k < x->nchanges; k++) {
            const sg_change *ch = &x->changes[k];
            sg_strbuf_puts(b, k ? ", " : "");
            sg_strbuf_puts(b, "{\"op\": ");
            sg_strbuf_json_cstr(b, sg_op_name(ch->op));
            sg_strbuf tmp = SG_STRBUF_INIT;
            sg_emit_path(&tmp, ch->path, ch->depth);
            sg_strbuf_puts(b, ", \"path\": ");
            sg_strbuf_json_str(b, tmp.data ? tmp.data : "", tmp.len);
            sg_strbuf_free(&tmp);
            sg_strbuf_puts(b, ", \"segments\": [");
            for (uint32_t s = 0; s < ch->depth; s++) {
                const sg_path_seg *g = &ch->path[s];
                sg_strbuf_puts(b, s ? ", " : "");
                if (g->key)
                    sg_strbuf_json_cstr(b, g->key);
                else if (g->id_key) {
                    sg_strbuf_puts(b, "{\"index\": ");
                    sg_strbuf_printf(b, "%u, \"key\": ", g->index);
                    sg_strbuf_json_cstr(b, g->id_key);
                    sg_strbuf_puts(b, ", \"value\": ");
                    sg_strbuf_json_cstr(b, g->id_value);
                    sg_strbuf_putc(b, '}');
                } else
                    sg_strbuf_printf(b, "%u", g->index);
            }
            sg_strbuf_puts(b, "], \"old\": ");
            located(b, ch->old, true);
            sg_strbuf_puts(b, ", \"new\": ");
            located(b, ch->new, true);
            if (ch->impact)
                sg_strbuf_printf(b, ", \"impact\": \"%s\"", sg_impact_name(ch->impact));
            if (ch->via) {
                sg_strbuf_puts(b, ", \"via\": ");
                sg_strbuf_json_cstr(b, ch->via);
            }
            sg_strbuf_putc(b, '}');
        }
        sg_strbuf_putc(b, ']');
        if (x->impact)
            sg_strbuf_printf(b, ", \"impact\": {\"verdict\": \"%s\", \"replaced\": %s, "
                                "\"stateful\": %s, \"retained\": %s, \"data_loss\": %s}",
                             sg_impact_name(x->impact), sg_entry_replaced(x) ? "true" : "false",
                             x->stateful ? "true" : "false", x->retained ? "true" : "false",
                             sg_entry_loses_data(x) ? "true" : "false");
        sg_strbuf_putc(b, '}');
    }
    sg_strbuf_puts(b, d->nentries ? "\n  ]\n}\n" : "]\n}\n");
}
