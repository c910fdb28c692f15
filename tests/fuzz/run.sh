#!/usr/bin/env bash
# run.sh [SECONDS] [TARGET...] - builds the libFuzzer targets in build-fuzz/
# (configuring it when needed), assembles the seeds, then runs each target
# (default: all seven) for SECONDS (default 60), one after another, one
# process at a time, at nice 19.  Prints one summary line per target.
#
#   build-fuzz/corpus/<target>/   the growing corpus (kept between runs)
#   build-fuzz/crashes/<target>/  crash-*, leak-*, timeout-*, oom-* artifacts
#   build-fuzz/logs/<target>.log  libFuzzer's output
#
# A crash ends a libFuzzer run; the script records it and starts the target
# again for the rest of its time (at most SG_FUZZ_MAX_RESTARTS times, 20).
# Environment: SG_FUZZ_BUILD (build dir), SG_FUZZ_MAX_LEN (65536),
# SG_FUZZ_TIMEOUT (per input, 10 s), SG_FUZZ_RSS_MB (2048), SG_FUZZ_NO_BUILD=1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
secs=${1:-60}
[ $# -gt 0 ] && shift
all=(json yaml extract prompt pipeline spec comment)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
build=${SG_FUZZ_BUILD:-$root/build-fuzz}
max_len=${SG_FUZZ_MAX_LEN:-65536}
timeout=${SG_FUZZ_TIMEOUT:-10}
rss=${SG_FUZZ_RSS_MB:-2048}
max_restarts=${SG_FUZZ_MAX_RESTARTS:-20}

for i in "${!targets[@]}"; do
    t=${targets[$i]#fuzz_}
    case " ${all[*]} " in *" $t "*) ;; *) echo "run.sh: unknown target '$t' (${all[*]})" >&2; exit 2 ;; esac
    targets[$i]=$t
done

if [ "${SG_FUZZ_NO_BUILD:-0}" != 1 ]; then
    if [ ! -f "$build/CMakeCache.txt" ]; then
        CC=${CC:-clang} nice -n 19 cmake -S "$root" -B "$build" -DSG_FUZZ=ON -DSG_SANITIZE=ON >/dev/null
    fi
    nice -n 19 cmake --build "$build" -j2 --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null
fi
bash "$here/seeds.sh" "$build" >/dev/null

# libFuzzer writes its own log (fuzz-0.log) in the working directory in -jobs mode.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
summary=()
for t in "${targets[@]}"; do
    exe="$build/tests/fuzz_$t"
    [ -x "$exe" ] || { echo "run.sh: $exe not built" >&2; exit 1; }
    corpus="$build/corpus/fuzz_$t"
    crashes="$build/crashes/fuzz_$t"
    work="$build/logs/fuzz_$t"
    log="$build/logs/fuzz_$t.log"
    mkdir -p "$corpus" "$crashes" "$work"
    : >"$log"
    before=$(find "$crashes" -type f | wc -l)
    start=$(date +%s)
    runs=0 execs=0 rate_sum=0 rate_n=0 cov=0 ft=0 corp=0
    while :; do
        left=$((secs - ($(date +%s) - start)))
        [ $left -gt 0 ] && [ $runs -le $max_restarts ] || break
        runs=$((runs + 1))
        dirs=("$corpus" "$build/seeds/fuzz_$t")
        for d in "$root/testdata/fuzz/seeds/fuzz_$t" "$root/testdata/fuzz/regressions/fuzz_$t"; do
            [ -d "$d" ] && dirs+=("$d")
        done
        rc=0
        (cd "$work" && rm -f fuzz-0.log &&
            nice -n 19 "$exe" -workers=1 -jobs=1 -max_total_time=$left -dict="$here/cfn.dict" \
                -max_len=$max_len -timeout=$timeout -rss_limit_mb=$rss -print_final_stats=1 \
                -artifact_prefix="$crashes/" "${dirs[@]}" >/dev/null 2>&1) || rc=$?
        echo "==== run $runs (exit $rc, $left s left) ====" >>"$log"
        cat "$work/fuzz-0.log" >>"$log" 2>/dev/null || true
        # statistics of this run
        e=$(grep -a '^stat::number_of_executed_units:' "$work/fuzz-0.log" | tail -1 | awk '{print $2}')
        r=$(grep -a '^stat::average_exec_per_sec:' "$work/fuzz-0.log" | tail -1 | awk '{print $2}')
        if [ -z "$e" ]; then # a crash: no final stats, take the last status line
            e=$(grep -aoE '^#[0-9]+' "$work/fuzz-0.log" | tail -1 | tr -d '#')
        fi
        execs=$((execs + ${e:-0}))
        if [ -n "$r" ]; then rate_sum=$((rate_sum + r)); rate_n=$((rate_n + 1)); fi
        last=$(grep -aE '^#[0-9]+.*cov: ' "$work/fuzz-0.log" | tail -1 || true)
        if [ -n "$last" ]; then
            cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
            ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
            corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")
        fi
        [ $rc -eq 0 ] && break
        if ! grep -aq 'INITED' "$work/fuzz-0.log"; then
            # crashed while loading the corpus: every restart would do the same
            echo "run.sh: fuzz_$t crashes on an input of its corpus; see $log" >&2
            break
        fi
    done
    elapsed=$(($(date +%s) - start))
    found=$(($(find "$crashes" -type f | wc -l) - before))
    rate=$((elapsed > 0 ? execs / elapsed : 0))
    line=$(printf 'fuzz_%-9s %5ds  execs %9d  (%d/s)  cov %5s  ft %6s  corpus %5s  runs %d  new crashes %d  (total %d in %s)' \
        "$t" "$elapsed" "$execs" "$rate" "$cov" "$ft" "$corp" "$runs" "$found" \
        "$(find "$crashes" -type f | wc -l)" "${crashes#"$root"/}")
    echo "$line"
    summary+=("$line")
done
echo "==== summary ===="
printf '%s\n' "${summary[@]}"
