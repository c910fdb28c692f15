#!/usr/bin/env bash
# Renders the report of every bundled task (testdata/tasks/<name>) and of the
# bundled example pair (report as Markdown and HTML, and PR comment) into
# reports/, or - with --check - renders them into a temporary folder and fails if reports/ has drifted from what the code writes.
#
# usage: render.sh STACKGAP SOURCE_DIR [--check]
set -u
bin=$(realpath "$1")
src=$(realpath "$2")
mode=${3:-}
out="$src/reports"
if [ "$mode" = "--check" ]; then
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
cd "$src" || exit 2
for task in testdata/tasks/*/; do
    name=$(basename "$task")
    "$bin" task "testdata/tasks/$name" -o "$out/$name.md" || exit 2
    "$bin" task "testdata/tasks/$name" --format json -o "$out/$name.json" || exit 2
done
"$bin" report testdata/examples/model.yaml testdata/examples/ideal.json -o "$out/example.md" || exit 2
"$bin" report testdata/examples/model.yaml testdata/examples/ideal.json --format html \
    -o "$out/example.html" || exit 2
# the pull-request comment for the same pair read as a change (ideal -> model)
"$bin" comment testdata/examples/ideal.json testdata/examples/model.yaml -o "$out/example-comment.md" || exit 2
if [ "$mode" = "--check" ]; then
    pass=0
    fail=0
    for f in "$out"/*; do
        name=$(basename "$f")
        if cmp -s "$f" "$src/reports/$name"; then
            pass=$((pass + 1))
        else
            echo "DRIFT reports/$name: regenerate with 'cmake --build build --target reports'"
            diff -u "$src/reports/$name" "$f" | head -20
            fail=$((fail + 1))
        fi
    done
    for f in "$src"/reports/*; do
        [ -e "$out/$(basename "$f")" ] || { echo "STALE reports/$(basename "$f")"; fail=$((fail + 1)); }
    done
    echo "reports: $pass passed, $fail failed"
    [ $fail = 0 ]
fi
