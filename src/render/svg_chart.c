/* svg_chart.c - findings by category and severity as an inline SVG chart:
 * one horizontal bar per category with findings, stacked by severity, with
 * a legend, an x axis with ticks and the total at the end of each bar.
 *
 * Written by hand (no library, no script) so the HTML page stays a single
 * file that loads nothing.  Coordinates are integers, or hundredths printed
 * with two decimals from integer arithmetic, so the output is byte-identical
 * everywhere.  Every piece of text is stackgap's own (category titles,
 * counts) and still goes through sg_xml_attr. */
#include <string.h>

#include "stackgap/render.h"
#include "stackgap/report.h"

enum {
    CHART_W = 760,
    LABEL_X = 140,    /* right edge of the category labels */
    BAR_X = 150,      /* where the bars start */
    BAR_W = 540,      /* width of the full scale */
    LEGEND_Y = 4,
    ROWS_Y = 34,      /* top of the first row */
    ROW_H = 26,
    BAR_H = 18,
    MAX_TICKS = 6,
    MIN_LABEL_W = 16  /* segments narrower than this get no count inside */
};

/* Fill per severity, and a text colour readable on it. */
static const char *const sev_fill[SG_SEV_COUNT] = {"#b3261e", "#e8710a", "#f2b600", "#4f7fc4"};
static const char *const sev_ink[SG_SEV_COUNT] = {"#ffffff", "#ffffff", "#1f1f1f", "#ffffff"};

static size_t row_total(const size_t *counts)
{
    size_t total = 0;
    for (int s = 0; s < SG_SEV_COUNT; s++)
        total += counts[s];
    return total;
}

static void esc(sg_strbuf *b, const char *s)
{
    sg_xml_attr(b, s, strlen(s));
}

/* Hundredths of a pixel as "12.34". */
static void px(sg_strbuf *b, size_t hundredths)
{
    sg_strbuf_printf(b, "%zu.%02zu", hundredths / 100, hundredths % 100);
}

/* The smallest step of 1, 2 or 5 times a power of ten that needs at most
 * MAX_TICKS steps to reach max. */
static size_t tick_step(size_t max)
{
    for (size_t scale = 1;; scale *= 10) {
        static const size_t mult[] = {1, 2, 5};
        for (size_t i = 0; i < 3; i++)
            if (max <= mult[i] * scale * MAX_TICKS)
                return mult[i] * scale;
    }
}

/* "Encryption: 2 high, 1 medium" */
static void describe(sg_strbuf *b, sg_category c, const size_t *counts)
{
    esc(b, sg_category_title(c));
    sg_strbuf_puts(b, ":");
    const char *sep = " ";
    for (int s = 0; s < SG_SEV_COUNT; s++)
        if (counts[s]) {
            sg_strbuf_printf(b, "%s%zu %s", sep, counts[s], sg_severity_id((sg_severity)s));
            sep = ", ";
        }
}

static void legend(sg_strbuf *b)
{
    sg_strbuf_puts(b, "<g class=\"sg-legend\">");
    for (int s = 0; s < SG_SEV_COUNT; s++) {
        int x = BAR_X + s * 110;
        sg_strbuf_printf(b,
                         "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" rx=\"2\" fill=\"%s\"/>"
                         "<text x=\"%d\" y=\"%d\">",
                         x, LEGEND_Y, sev_fill[s], x + 20, LEGEND_Y + 12);
        esc(b, sg_severity_title((sg_severity)s));
        sg_strbuf_puts(b, "</text>");
    }
    sg_strbuf_puts(b, "</g>\n");
}

static void bar(sg_strbuf *b, sg_category c, const size_t *counts, int y, size_t axis_max)
{
    sg_strbuf_printf(b, "<g class=\"sg-bar\" data-category=\"%s\"><title>", sg_category_id(c));
    describe(b, c, counts);
    sg_strbuf_printf(b, "</title><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", LABEL_X,
                     y + BAR_H - 5);
    esc(b, sg_category_title(c));
    sg_strbuf_puts(b, "</text>");
    size_t cum = 0;
    for (int s = 0; s < SG_SEV_COUNT; s++) {
        if (!counts[s])
            continue;
        /* both edges from cumulative counts: the segments tile the bar exactly */
        size_t x0 = (size_t)BAR_X * 100 + cum * BAR_W * 100 / axis_max;
        cum += counts[s];
        size_t x1 = (size_t)BAR_X * 100 + cum * BAR_W * 100 / axis_max;
        sg_strbuf_printf(b, "<rect class=\"sg-seg sg-%s\" data-count=\"%zu\" x=\"",
                         sg_severity_id((sg_severity)s), counts[s]);
        px(b, x0);
        sg_strbuf_printf(b, "\" y=\"%d\" width=\"", y);
        px(b, x1 - x0);
        sg_strbuf_printf(b, "\" height=\"%d\" fill=\"%s\"/>", BAR_H, sev_fill[s]);
        if (x1 - x0 >= MIN_LABEL_W * 100) {
            sg_strbuf_puts(b, "<text x=\"");
            px(b, (x0 + x1) / 2);
            sg_strbuf_printf(b, "\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%zu</text>",
                             y + BAR_H - 5, sev_ink[s], counts[s]);
        }
    }
    size_t end = (size_t)BAR_X * 100 + cum * BAR_W * 100 / axis_max;
    sg_strbuf_puts(b, "<text class=\"sg-total\" x=\"");
    px(b, end + 600);
    sg_strbuf_printf(b, "\" y=\"%d\" font-weight=\"bold\">%zu</text></g>\n", y + BAR_H - 5, cum);
}

static void axis(sg_strbuf *b, int top, int bottom, size_t step, size_t axis_max)
{
    sg_strbuf_puts(b, "<g class=\"sg-axis\" stroke=\"currentColor\">");
    for (size_t v = 0; v <= axis_max; v += step) {
        size_t x = (size_t)BAR_X * 100 + v * BAR_W * 100 / axis_max;
        sg_strbuf_puts(b, "<line x1=\"");
        px(b, x);
        sg_strbuf_printf(b, "\" y1=\"%d\" x2=\"", top);
        px(b, x);
        sg_strbuf_printf(b, "\" y2=\"%d\" stroke-opacity=\"%s\"/>", bottom + 4,
                         v ? "0.15" : "0.6");
    }
    sg_strbuf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke-opacity=\"0.6\"/>",
                     BAR_X, bottom, BAR_X + BAR_W, bottom);
    sg_strbuf_puts(b, "</g>\n<g class=\"sg-ticks\" text-anchor=\"middle\">");
    for (size_t v = 0; v <= axis_max; v += step) {
        sg_strbuf_puts(b, "<text x=\"");
        px(b, (size_t)BAR_X * 100 + v * BAR_W * 100 / axis_max);
        sg_strbuf_printf(b, "\" y=\"%d\">%zu</text>", bottom + 18, v);
    }
    sg_strbuf_printf(b, "</g>\n<text class=\"sg-axis-label\" x=\"%d\" y=\"%d\" "
                        "text-anchor=\"middle\">findings</text>\n",
                     BAR_X + BAR_W / 2, bottom + 36);
}

size_t sg_render_severity_chart_svg(sg_strbuf *b, const size_t counts[SG_CAT_COUNT][SG_SEV_COUNT])
{
    size_t nbars = 0, max = 0;
    for (int c = 0; c < SG_CAT_COUNT; c++) {
        size_t total = row_total(counts[c]);
        if (total)
            nbars++;
        if (total > max)
            max = total;
    }
    if (!nbars)
        return 0;
    size_t step = tick_step(max);
    size_t axis_max = (max + step - 1) / step * step;
    int bottom = ROWS_Y + (int)nbars * ROW_H;
    int height = bottom + 44;

    sg_strbuf_printf(b,
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sg-chart\" role=\"img\" "
                     "aria-labelledby=\"sg-chart-title sg-chart-desc\" width=\"%d\" height=\"%d\" "
                     "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\" "
                     "fill=\"currentColor\">\n",
                     CHART_W, height, CHART_W, height);
    sg_strbuf_puts(b, "<title id=\"sg-chart-title\">Findings by category and severity</title>\n"
                      "<desc id=\"sg-chart-desc\">");
    const char *sep = "";
    for (int c = 0; c < SG_CAT_COUNT; c++) {
        if (!row_total(counts[c]))
            continue;
        sg_strbuf_puts(b, sep);
        describe(b, (sg_category)c, counts[c]);
        sep = ". ";
    }
    sg_strbuf_puts(b, ".</desc>\n");
    legend(b);
    axis(b, ROWS_Y - 4, bottom, step, axis_max);
    int y = ROWS_Y;
    for (int c = 0; c < SG_CAT_COUNT; c++) {
        if (!row_total(counts[c]))
            continue;
        bar(b, (sg_category)c, counts[c], y, axis_max);
        y += ROW_H;
    }
    sg_strbuf_puts(b, "</svg>\n");
    return nbars;
}
