#!/usr/bin/env bash
# Golden-file tests: every testdata/golden/<case>/<name>.cmd holds the
# arguments of one stackgap run (paths relative to the case folder).  The
# run's stdout, stderr and exit status must equal <name>.out, <name>.err
# and <name>.exit; each run is made twice and must be byte-identical.
#
# usage: run.sh STACKGAP GOLDEN_DIR [--update]   (--update rewrites the files)
set -u
bin=$(realpath "$1")
root=$2
update=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
export NO_COLOR=1
for cmd in "$root"/*/*.cmd; do
    dir=$(dirname "$cmd")
    name=$(basename "$cmd" .cmd)
    case_name="$(basename "$dir")/$name"
    read -r -a args <"$cmd"
    for run in 1 2; do
        (cd "$dir" && "$bin" "${args[@]}" >"$tmp/out$run" 2>"$tmp/err$run" </dev/null)
        echo $? >"$tmp/exit$run"
    done
    if [ "$update" = "--update" ]; then
        cp "$tmp/out1" "$dir/$name.out"
        cp "$tmp/exit1" "$dir/$name.exit"
        if [ -s "$tmp/err1" ]; then cp "$tmp/err1" "$dir/$name.err"; else rm -f "$dir/$name.err"; fi
    fi
    ok=1
    for k in out exit; do
        if ! cmp -s "$tmp/${k}1" "$dir/$name.$k"; then
            echo "FAIL $case_name: $k differs"
            diff -u "$dir/$name.$k" "$tmp/${k}1" | head -30
            ok=0
        fi
    done
    expected_err=/dev/null
    [ -f "$dir/$name.err" ] && expected_err="$dir/$name.err"
    if ! cmp -s "$tmp/err1" "$expected_err"; then
        echo "FAIL $case_name: stderr differs"
        diff -u "$expected_err" "$tmp/err1" | head -30
        ok=0
    fi
    if ! cmp -s "$tmp/out1" "$tmp/out2" || ! cmp -s "$tmp/err1" "$tmp/err2"; then
        echo "FAIL $case_name: two runs gave different output"
        ok=0
    fi
    if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ] && [ $pass -gt 0 ]
