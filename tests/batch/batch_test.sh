#!/usr/bin/env bash
# stackgap batch: the same output whatever --jobs; shards that together
# cover every task exactly once; a broken task reported and the run going on.
#
# usage: batch_test.sh STACKGAP TASKS_DIR
set -u
bin=$(realpath "$1")
tasks=$(realpath "$2")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
check() { if "$@"; then pass=$((pass + 1)); else echo "FAIL: $*"; fail=$((fail + 1)); fi; }

# a copy of the bundled tasks plus one broken task (no ideal template)
cp -r "$tasks" "$tmp/in"
mkdir -p "$tmp/in/zz-broken/lib"
echo "no template here" > "$tmp/in/zz-broken/lib/MODEL_RESPONSE.md"
n=$(find "$tmp/in" -name MODEL_RESPONSE.md | wc -l)

"$bin" batch "$tmp/in" --out "$tmp/j1" --jobs 1 --progress none 2>"$tmp/err1"
rc1=$?
"$bin" batch "$tmp/in" --out "$tmp/j2" --jobs 2 --progress none 2>"$tmp/err2"
check test "$rc1" = 2                                     # one task failed
check diff -r "$tmp/j1" "$tmp/j2"                         # identical whatever --jobs
check grep -q "failed: zz-broken" "$tmp/err1"             # the final line names it
check test "$(ls "$tmp/j1" | grep -c -v summary)" = "$((n - 1))"  # every other task reported
check test -s "$tmp/j1/all-categories/MODEL_FAILURES.md"
check test -s "$tmp/j1/all-categories/report.json"
check grep -q '"task": "zz-broken", "status": "failed"' "$tmp/j1/summary.json"
check grep -q '| `matches` | matches |' "$tmp/j1/summary.md"
check grep -q "^# Model Failures Analysis" "$tmp/j1/all-categories/MODEL_FAILURES.md"

# every format, still identical whatever --jobs; the per-task files named in docs/cli.md
"$bin" batch "$tmp/in" --out "$tmp/a1" --jobs 1 --format all --progress none 2>/dev/null
"$bin" batch "$tmp/in" --out "$tmp/a2" --jobs 2 --format all --progress none 2>/dev/null
check diff -r "$tmp/a1" "$tmp/a2"
for f in MODEL_FAILURES.md report.json MODEL_FAILURES.html report.sarif report.junit.xml; do
    check test -s "$tmp/a1/all-categories/$f"
done
check grep -q '<svg' "$tmp/a1/all-categories/MODEL_FAILURES.html"
check grep -q '"version": "2.1.0"' "$tmp/a1/all-categories/report.sarif"
check grep -q '<testsuites' "$tmp/a1/all-categories/report.junit.xml"
"$bin" batch "$tmp/in" --out "$tmp/h" --format html,junit --progress none 2>/dev/null
check test "$(ls "$tmp/h/all-categories")" = "MODEL_FAILURES.html
report.junit.xml"
"$bin" batch "$tmp/in" --out "$tmp/bad" --format markdown,pdf 2>"$tmp/bad.err"
check test $? = 2
check grep -q "not 'markdown,pdf'" "$tmp/bad.err"
check test ! -e "$tmp/bad"

# shards: disjoint, and together the whole set
for i in 1 2 3; do
    "$bin" batch "$tmp/in" --out "$tmp/s$i" --shard "$i/3" --jobs 2 --progress none 2>/dev/null
done
all=$(cat "$tmp"/s?/summary.json | grep -o '"task": "[^"]*"' | sort)
check test "$(echo "$all" | uniq | wc -l)" = "$n"
check test "$(echo "$all" | wc -l)" = "$n"

# plain progress: one line per task on stderr
"$bin" batch "$tmp/in" --out "$tmp/p" --progress plain 2>"$tmp/plain" >/dev/null
check test "$(grep -c '^\[' "$tmp/plain")" = "$n"

echo "batch: $pass passed, $fail failed"
[ "$fail" = 0 ]
