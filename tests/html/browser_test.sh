#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium loads the page of a
# bundled task and of a hostile one, and this script checks the DOM it
# built (headings, summary table, chart, no script, hostile text inert).
# It also leaves a screenshot in OUTDIR for a human to look at.
#
# usage: browser_test.sh STACKGAP SOURCE_DIR CHROMIUM OUTDIR
set -u
bin=$(realpath "$1")
src=$(realpath "$2")
chromium=$3
outdir=$4
mkdir -p "$outdir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

# No network: every host name fails to resolve and any proxy use goes
# nowhere; the page's own CSP forbids loads anyway.  A fresh profile, and
# HOME in the temporary folder, so nothing outside it is written.
browse() {
    HOME="$tmp" timeout 90 "$chromium" --headless --no-sandbox --disable-gpu \
        --user-data-dir="$tmp/profile" --no-first-run --no-default-browser-check \
        --disable-extensions --disable-sync --disable-background-networking \
        --disable-component-update --host-resolver-rules="MAP * ~NOTFOUND" \
        --proxy-server="127.0.0.1:9" "$@" 2>"$tmp/chromium.err"
}

# The DOM Chromium built for a page: file URL in $1, output in $2.
dump_dom() {
    if ! browse --dump-dom "$1" >"$2" || ! grep -q '</html>' "$2"; then
        echo "chromium --dump-dom failed on $1:"
        tail -5 "$tmp/chromium.err"
        exit 1
    fi
}

# Cells of the tbody rows of the first table in section $1 of DOM $2, one
# row a line, cells joined by '|', tags stripped.
dom_rows() {
    sed -n "/<section id=\"$1\"/,/<\/table>/p" "$2" | awk '
        /<tbody>/ { body = 1 }
        body && /<tr>/ { row = ""; n = 0 }
        body && /<td/ { c = $0; gsub(/<[^>]*>/, "", c); row = row (n++ ? "|" : "") c }
        body && /<\/tr>/ { print row }'
}

# The same rows from the Markdown report: "| **Total** | **12** |" -> "Total|12".
md_rows() {
    awk -v h="## $1" '
        $0 == h { in_sec = 1; next }
        in_sec && /^## / { exit }
        in_sec && /^\|/ && ++n > 2 {
            gsub(/\*\*/, "")
            row = ""
            for (i = 2; i < NF; i++) { c = $i; gsub(/^ +| +$/, "", c); row = row (i > 2 ? "|" : "") c }
            print row
        }' FS='|' "$2"
}

# ---- 1. a bundled task: headings, summary table, chart, no script ----------------
task=testdata/tasks/all-categories
page="$tmp/all-categories.html"
(cd "$src" && "$bin" task "$task" --format html -o "$page") || { echo "render failed"; exit 1; }
(cd "$src" && "$bin" task "$task" -o "$tmp/all-categories.md") || exit 1
dump_dom "file://$page" "$tmp/all.dom"

h1=$(grep -o '<h1>[^<]*</h1>' "$tmp/all.dom")
[ "$h1" = "<h1>Model Failures Analysis</h1>" ] && ok || bad "h1 is '$h1'"
grep '^## ' "$tmp/all-categories.md" | sed 's/^## //' >"$tmp/h2.want"
grep -o '<h2>[^<]*</h2>' "$tmp/all.dom" | sed -e 's/<h2>//' -e 's/<\/h2>//' >"$tmp/h2.got"
if cmp -s "$tmp/h2.want" "$tmp/h2.got" && [ "$(wc -l <"$tmp/h2.got")" -ge 8 ]; then
    ok
else
    bad "h2 headings differ from the Markdown's:"; diff "$tmp/h2.want" "$tmp/h2.got" | head
fi
# each ## section is a <section> with the heading's slug as id
for id in overview summary-by-category critical-failures high-failures; do
    grep -q "<section id=\"$id\" class=\"sg-section" "$tmp/all.dom" && ok || bad "no section #$id"
done

md_rows "Summary by category" "$tmp/all-categories.md" >"$tmp/rows.want"
dom_rows summary-by-category "$tmp/all.dom" >"$tmp/rows.got"
if [ -s "$tmp/rows.got" ] && cmp -s "$tmp/rows.want" "$tmp/rows.got"; then
    ok
else
    bad "summary table rows differ from the Markdown's:"; diff "$tmp/rows.want" "$tmp/rows.got" | head
fi
grep -q '^Encryption|3|3|1|1|' "$tmp/rows.got" && ok || bad "no Encryption row 3|3|1|1"
grep -q '^Total|12|11|18|16|$' "$tmp/rows.got" && ok || bad "no Total row 12|11|18|16"

# the chart: inside the summary section, after the table, one bar per
# category row, labelled and totalled as the table says
summary=$(sed -n '/<section id="summary-by-category"/,/<\/section>/p' "$tmp/all.dom")
echo "$summary" | sed -n '/<\/table>/,$p' | grep -q '<svg[^>]*class="sg-chart"' && ok ||
    bad "no chart after the summary table"
grep -q '<title id="sg-chart-title">' "$tmp/all.dom" && ok || bad "chart has no <title>"
grep -o '<g class="sg-bar"[^>]*>.*</g>' "$tmp/all.dom" |
    sed -E 's/.*<\/title><text[^>]*>([^<]*)<\/text>.*class="sg-total"[^>]*>([0-9]+)<\/text>.*/\1|\2/' \
        >"$tmp/bars.got"
grep -v '^Total|' "$tmp/rows.got" | awk -F'|' '{ print $1 "|" $2 + $3 + $4 + $5 }' >"$tmp/bars.want"
if [ "$(wc -l <"$tmp/bars.got")" -ge 2 ] && cmp -s "$tmp/bars.want" "$tmp/bars.got"; then
    ok
else
    bad "chart bars (label|total) differ from the table:"; diff "$tmp/bars.want" "$tmp/bars.got" | head
fi

# nothing executable, nothing loaded
grep -qi '<script\|<iframe\|<object\|<embed\|<img\|<link' "$tmp/all.dom" &&
    bad "active or remote element in the DOM" || ok
grep -q "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';" \
    "$tmp/all.dom" && ok || bad "no Content-Security-Policy"

# a screenshot to look at
shot="$outdir/all-categories.png"
rm -f "$shot"
browse --screenshot="$shot" --window-size=1280,2000 "file://$page" >/dev/null
# PNG signature, then IHDR width and height (big-endian) at bytes 16..23
sig=$(od -An -tx1 -N8 "$shot" 2>/dev/null | tr -d ' \n')
size=$(od -An -tu1 -j16 -N8 "$shot" 2>/dev/null | awk '{ print $3 * 256 + $4 "x" $7 * 256 + $8 }')
if [ "$sig" = "89504e470d0a1a0a" ] && [ "$size" = "1280x2000" ]; then
    ok; echo "screenshot: $shot"
else
    bad "no 1280x2000 PNG screenshot (signature $sig, size $size)"
fi

# ---- 2. hostile inputs: markup in a template and a prompt stays text ---------------
(cd "$src" && "$bin" task testdata/html/hostile --format html -o "$tmp/hostile.html") || exit 1
dump_dom "file://$tmp/hostile.html" "$tmp/hostile.dom"
grep -qi '<script\|<img\|<iframe\|<div\|<b>' "$tmp/hostile.dom" &&
    bad "hostile markup became an element: $(grep -oi '<script[^>]*>\|<img[^>]*>\|<iframe[^>]*>\|<div[^>]*>\|<b>' "$tmp/hostile.dom" | head -3)" || ok
# an event handler on any real element (text has &lt; so cannot match)
grep -Eqi '<[a-z][^>]*[[:space:]]on[a-z]+=' "$tmp/hostile.dom" &&
    bad "an element carries an event handler" || ok
grep -q '&lt;img src=x onerror=alert(1)&gt;' "$tmp/hostile.dom" && ok ||
    bad "the hostile bucket name is not shown as text"
grep -q '&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(6)&lt;/script&gt;' "$tmp/hostile.dom" && ok ||
    bad "the hostile tag value is not shown as text"

echo "html browser: $pass passed, $fail failed"
[ $fail = 0 ]
