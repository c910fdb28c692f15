/* diff_markdown.c - the diff as GitHub-flavoured Markdown: a summary table,
 * a table of entries per section, and a table of changes per entry.  Every
 * value from a template goes through sg_md_code / sg_md_text. */
#include <string.h>

#include "stackgap/render.h"

#define VALUE_WIDTH 80

static void code_str(sg_strbuf *b, const char *s)
{
    sg_md_code(b, s, strlen(s));
}

static void code_value(sg_strbuf *b, const sg_node *n)
{
    sg_strbuf tmp = SG_STRBUF_INIT;
    sg_emit_inline(&tmp, n, VALUE_WIDTH);
    sg_md_code(b, tmp.data ? tmp.data : "", tmp.len);
    sg_strbuf_free(&tmp);
}

static void side_cell(sg_strbuf *b, const sg_template *t)
{
    code_str(b, t->file);
    if (t->from_markdown) {
        sg_strbuf_printf(b, " code block %d", t->block);
        if (t->block_name) {
            sg_strbuf_puts(b, " ");
            code_str(b, t->block_name);
        }
    }
}

static void line_cell(sg_strbuf *b, const sg_node *n)
{
    if (n)
        sg_strbuf_printf(b, "%u", n->line);
}

static void heading(sg_strbuf *b, int level, const char *lead)
{
    sg_strbuf_puts(b, lead);
    for (int i = 0; i < level && i < 6; i++)
        sg_strbuf_putc(b, '#');
    sg_strbuf_putc(b, ' ');
}

void sg_render_diff_markdown(sg_strbuf *b, const sg_diff *d, const sg_render_opts *o)
{
    bool all = o && o->show_unchanged;
    int h = o && o->heading_level > 0 ? o->heading_level : 1;
    heading(b, h, "");
    sg_strbuf_puts(b, "Template diff\n\n| | Old | New |\n|---|---|---|\n| Input | ");
    side_cell(b, d->old);
    sg_strbuf_puts(b, " | ");
    side_cell(b, d->new);
    sg_strbuf_printf(b, " |\n| Format | %s | %s |\n| Resources | %zu | %zu |\n\n",
                     sg_format_name(d->old->format), sg_format_name(d->new->format),
                     d->old->nresources, d->new->nresources);
    for (int side = 0; side < 2; side++) {
        const sg_template *t = side ? d->new : d->old;
        if (t->truncated) {
            sg_strbuf_puts(b, "> **Note:** ");
            code_str(b, t->file);
            sg_strbuf_printf(b, " is cut off at line %u: ", t->cut.line);
            sg_md_text(b, t->cut.msg, strlen(t->cut.msg));
            sg_strbuf_puts(b, "\n\n");
        }
    }
    sg_strbuf_puts(b, "| Section | Added | Removed | Modified | Renamed | Unchanged |\n"
                      "|---|---:|---:|---:|---:|---:|\n");
    for (int s = 0; s < SG_SEC_COUNT; s++) {
        size_t c[SG_STATUS_COUNT] = {0};
        size_t total = 0;
        for (size_t i = 0; i < d->nentries; i++)
            if ((int)d->entries[i].section == s) {
                c[d->entries[i].status]++;
                total++;
            }
        if (total)
            sg_strbuf_printf(b, "| %s | %zu | %zu | %zu | %zu | %zu |\n",
                             sg_section_name((sg_section)s), c[SG_ADDED], c[SG_REMOVED],
                             c[SG_MODIFIED], c[SG_RENAMED], c[SG_UNCHANGED]);
    }
    if (sg_diff_equivalent(d)) {
        sg_strbuf_puts(b, "\nThe templates are equivalent.\n");
        return;
    }

    for (int s = 0; s < SG_SEC_COUNT; s++) {
        bool header = false;
        for (size_t i = 0; i < d->nentries; i++) {
            const sg_entry *x = &d->entries[i];
            if ((int)x->section != s || (x->status == SG_UNCHANGED && !all))
                continue;
            if (!header) {
                heading(b, h + 1, "\n");
                sg_strbuf_printf(b, "%s\n\n| Status | Name | Type | Old line | New line | Changes |\n"
                                    "|---|---|---|---:|---:|---:|\n", sg_section_name(x->section));
                header = true;
            }
            sg_strbuf_printf(b, "| %s | ", sg_status_name(x->status));
            if (x->status == SG_RENAMED) {
                code_str(b, x->old_id);
                sg_strbuf_puts(b, " → ");
            }
            if (x->new_id || x->old_id)
                code_str(b, x->new_id ? x->new_id : x->old_id);
            sg_strbuf_puts(b, " | ");
            const char *type = x->new_type ? x->new_type : x->old_type;
            if (type && *type)
                code_str(b, type);
            sg_strbuf_puts(b, " | ");
            line_cell(b, x->old_key);
            sg_strbuf_puts(b, " | ");
            line_cell(b, x->new_key);
            sg_strbuf_printf(b, " | %zu |\n", x->nchanges);
        }
        for (size_t i = 0; i < d->nentries; i++) {
            const sg_entry *x = &d->entries[i];
            if ((int)x->section != s || x->nchanges == 0)
                continue;
            heading(b, h + 2, "\n");
            code_str(b, x->new_id ? x->new_id : x->old_id ? x->old_id : sg_section_name(x->section));
            if (x->status == SG_RENAMED) {
                sg_strbuf_puts(b, " (renamed from ");
                code_str(b, x->old_id);
                sg_strbuf_printf(b, ", similarity %.2f)", x->similarity);
            }
            if (sg_entry_loses_data(x))
                sg_strbuf_puts(b, "\n\n> **Will be replaced, and its data is lost:** CloudFormation "
                                  "creates a new resource and deletes this one. Set "
                                  "`DeletionPolicy` and `UpdateReplacePolicy` to `Retain` or "
                                  "`Snapshot` first, or avoid the replacing change.");
            else if (sg_entry_replaced(x))
                sg_strbuf_puts(b, "\n\n**Will be replaced**: CloudFormation creates a new "
                                  "resource and deletes this one.");
            else if (x->impact == SG_IMPACT_CONDITIONAL)
                sg_strbuf_puts(b, "\n\n**May be replaced**, depending on the change.");
            sg_strbuf_puts(b, "\n\n| Change | Path | Old | New | Lines |\n|---|---|---|---|---|\n");
            for (size_t k = 0; k < x->nchanges; k++) {
                const sg_change *ch = &x->changes[k];
                sg_strbuf_printf(b, "| %s%s%s", sg_op_name(ch->op), ch->impact ? " · " : "",
                                 sg_impact_name(ch->impact));
                if (ch->via) {
                    sg_strbuf_puts(b, " (refers to replaced ");
                    code_str(b, ch->via);
                    sg_strbuf_putc(b, ')');
                }
                sg_strbuf_puts(b, " | ");
                sg_strbuf tmp = SG_STRBUF_INIT;
                sg_emit_path(&tmp, ch->path, ch->depth);
                sg_md_code(b, tmp.data ? tmp.data : "", tmp.len);
                sg_strbuf_free(&tmp);
                sg_strbuf_puts(b, " | ");
                if (ch->old)
                    code_value(b, ch->old);
                sg_strbuf_puts(b, " | ");
                if (ch->new)
                    code_value(b, ch->new);
                sg_strbuf_puts(b, " | ");
                if (ch->old)
                    sg_strbuf_printf(b, "%u", ch->old->line);
                sg_strbuf_puts(b, ch->old && ch->new ? " → " : "");
                if (ch->new)
                    sg_strbuf_printf(b, "%u", ch->new->line);
                sg_strbuf_puts(b, " |\n");
            }
        }
    }
}
