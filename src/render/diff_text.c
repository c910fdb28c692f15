/* diff_text.c - the human diff for terminals: one line per entry, one
 * indented line per change, colour only when asked (a TTY without NO_COLOR). */
#include <string.h>

#include "stackgap/render.h"

#define VALUE_WIDTH 100

static const char *const marks[SG_STATUS_COUNT] = {"=", "+", "-", "~", ">"};
static const char *const colors[SG_STATUS_COUNT] = {"", "\033[32m", "\033[31m", "\033[33m",
                                                    "\033[36m"};

static void describe_side(sg_strbuf *b, const sg_template *t)
{
    sg_strbuf_printf(b, "%s (%s", t->file, sg_format_name(t->format));
    if (t->from_markdown) {
        sg_strbuf_printf(b, ", code block %d", t->block);
        if (t->block_name)
            sg_strbuf_printf(b, " \"%s\"", t->block_name);
    }
    sg_strbuf_printf(b, ", %zu resource%s)", t->nresources, t->nresources == 1 ? "" : "s");
}

static void counts_line(sg_strbuf *b, const size_t *c)
{
    static const sg_status order[] = {SG_ADDED, SG_REMOVED, SG_MODIFIED, SG_RENAMED,
                                      SG_UNCHANGED};
    for (size_t i = 0; i < 5; i++)
        sg_strbuf_printf(b, "%s%zu %s", i ? ", " : "", c[order[i]], sg_status_name(order[i]));
}

void sg_render_diff_text(sg_strbuf *b, const sg_diff *d, const sg_render_opts *o)
{
    bool color = o && o->color;
    bool all = o && o->show_unchanged;
    const char *reset = color ? "\033[0m" : "";
    const char *bold = color ? "\033[1m" : "";

    sg_strbuf_puts(b, "--- ");
    describe_side(b, d->old);
    sg_strbuf_puts(b, "\n+++ ");
    describe_side(b, d->new);
    sg_strbuf_putc(b, '\n');
    for (int side = 0; side < 2; side++) {
        const sg_template *t = side ? d->new : d->old;
        if (t->truncated)
            sg_strbuf_printf(b, "note: %s: template cut off at line %u: %s\n", t->file,
                             t->cut.line, t->cut.msg);
        if (t->repairs)
            sg_strbuf_printf(b, "note: %s: syntax error at line %u (%s); %d line%s skipped to "
                                "read the rest\n", t->file, t->syntax.line, t->syntax.msg,
                             t->repairs, t->repairs == 1 ? "" : "s");
    }
    sg_strbuf_puts(b, "Resources: ");
    counts_line(b, d->res_counts);
    sg_strbuf_putc(b, '\n');
    if (sg_diff_equivalent(d)) {
        sg_strbuf_puts(b, "The templates are equivalent.\n");
        if (!all)
            return;
    }

    int section = -1;
    for (size_t i = 0; i < d->nentries; i++) {
        const sg_entry *x = &d->entries[i];
        if (x->status == SG_UNCHANGED && !all)
            continue;
        if ((int)x->section != section) {
            section = (int)x->section;
            sg_strbuf_printf(b, "\n%s%s%s\n", bold, sg_section_name(x->section), reset);
        }
        const char *c = color ? colors[x->status] : "";
        sg_strbuf_printf(b, "%s%s ", c, marks[x->status]);
        if (x->status == SG_RENAMED)
            sg_strbuf_printf(b, "%s -> %s", x->old_id, x->new_id);
        else if (x->old_id || x->new_id)
            sg_strbuf_puts(b, x->new_id ? x->new_id : x->old_id);
        else
            sg_strbuf_puts(b, sg_section_name(x->section));
        const char *type = x->new_type ? x->new_type : x->old_type;
        if (type && *type)
            sg_strbuf_printf(b, "  %s", type);
        if (x->old_type && x->new_type && strcmp(x->old_type, x->new_type) != 0)
            sg_strbuf_printf(b, " (was %s)", x->old_type);
        sg_strbuf_puts(b, reset);
        if (x->status == SG_RENAMED)
            sg_strbuf_printf(b, "  renamed, similarity %.2f", x->similarity);
        else if (x->match && strcmp(x->match, "cdk-suffix") == 0)
            sg_strbuf_printf(b, "  (was %s: CDK hash suffix ignored)", x->old_id);
        if (x->old_key && x->new_key)
            sg_strbuf_printf(b, "  [%u -> %u]", x->old_key->line, x->new_key->line);
        else if (x->old_key || x->new_key)
            sg_strbuf_printf(b, "  [%u]", (x->old_key ? x->old_key : x->new_key)->line);
        if (sg_entry_replaced(x))
            sg_strbuf_puts(b, sg_entry_loses_data(x)
                                  ? "  WILL BE REPLACED: its data is lost (no Retain/Snapshot policy)"
                                  : "  will be replaced");
        else if (x->impact == SG_IMPACT_CONDITIONAL)
            sg_strbuf_puts(b, "  may be replaced");
        sg_strbuf_putc(b, '\n');

        for (size_t k = 0; k < x->nchanges; k++) {
            const sg_change *ch = &x->changes[k];
            sg_status st = ch->op == SG_OP_ADD ? SG_ADDED
                           : ch->op == SG_OP_REMOVE ? SG_REMOVED : SG_MODIFIED;
            sg_strbuf_printf(b, "    %s%s ", color ? colors[st] : "", marks[st]);
            if (ch->depth)
                sg_emit_path(b, ch->path, ch->depth);
            else
                sg_strbuf_puts(b, "(value)");
            sg_strbuf_puts(b, ": ");
            if (ch->old)
                sg_emit_inline(b, ch->old, VALUE_WIDTH);
            if (ch->old && ch->new)
                sg_strbuf_puts(b, " -> ");
            if (ch->new)
                sg_emit_inline(b, ch->new, VALUE_WIDTH);
            sg_strbuf_puts(b, reset);
            if (ch->old && ch->new)
                sg_strbuf_printf(b, "  [%u -> %u]", ch->old->line, ch->new->line);
            else
                sg_strbuf_printf(b, "  [%u]", (ch->old ? ch->old : ch->new)->line);
            if (ch->impact)
                sg_strbuf_printf(b, "  (%s%s%s)", sg_impact_name(ch->impact),
                                 ch->via ? ": refers to replaced " : "", ch->via ? ch->via : "");
            sg_strbuf_putc(b, '\n');
        }
    }
}
