#!/usr/bin/env bash
# compare_cdk.sh - stackgap next to @aws-cdk/cloudformation-diff, the engine
# behind `cdk diff`, on the same template pairs, in one run.
#
#   bench/compare_cdk.sh [BUILD_DIR]        (default: build-release)
#   cmake --build --preset release --target bench-cdk
#
# BUILD_DIR must hold a Release build (stackgap, bench/bench_diff,
# bench/bench_exec, bench/stackgap-gen).  The script
#   1. installs the npm packages into BUILD_DIR/cdkdiff (first run only; they
#      are never a dependency of stackgap and never committed);
#   2. unpacks ../shared/corpus/cfn-dev.tar.xz into BUILD_DIR/corpus/cfn-dev
#      when it is not there, and builds the corpus pair lists in
#      BUILD_DIR/cdkdiff/work: each task's model template (`stackgap extract`
#      of lib/MODEL_RESPONSE.md, written as it is in the response) against the
#      ideal lib/TapStack.json (JSON set) or lib/TapStack.yml (YAML set);
#      pairs that either tool cannot load are left out of both;
#   3. times (i) one corpus pair as a whole process, (ii) warm in-process
#      throughput over the JSON set (and the YAML set), (iii) the generated
#      5,000-resource pair and (iv) the 10,000-resource pair, both tools;
#      then `stackgap batch` over the corpus (or, in a build without it, a
#      stand-in: `stackgap task` per folder);
#   4. prints the ratios and checks the issue's floors.
#
# Environment (defaults in brackets):
#   CDK_DIFF_VERSION [2.187.5]  YAML_CFN_VERSION [1.204.0]  npm versions
#   SG_RUNS [200]     stackgap process runs of the corpus pair
#   CDK_RUNS [20]     cdk process runs of the corpus pair
#   ROUNDS [5]        rounds in which the tools (or sizes) take turns: the
#                     warm JSON set and stackgap's generated pairs
#   WARM_RUNS [5]     timed passes of stackgap's warm runs, per round
#   CDK_WARM_RUNS [1] timed passes of cdk's warm runs, per round
#   CDK_YAML_RUNS [1] the same, YAML set, one round (a pass takes cdk 20-40 s)
#   BIG_RUNS [4]      stackgap process runs of each generated pair, per round
#   CDK_BIG_RUNS [3]  cdk process runs of the 5,000 pair (the 10,000 pair: 1)
#   SKIP_10K=1        leave out the 10,000-resource pair (cdk takes minutes)
#   SKIP_YAML=1       leave out the YAML set
#   SKIP_BATCH=1      leave out the batch figures
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(dirname "$here")
build=$(cd "${1:-$src/build-release}" && pwd)
sg=$build/stackgap
bench_diff=$build/bench/bench_diff
bench_exec=$build/bench/bench_exec
gen=$build/bench/stackgap-gen
prefix=$build/cdkdiff
work=$prefix/work
corpus=$build/corpus/cfn-dev
tarball=${SG_CORPUS_TARBALL:-$src/../shared/corpus/cfn-dev.tar.xz}
cdk_js=$here/cdk_diff.js

CDK_DIFF_VERSION=${CDK_DIFF_VERSION:-2.187.5}
YAML_CFN_VERSION=${YAML_CFN_VERSION:-1.204.0}
SG_RUNS=${SG_RUNS:-200}
CDK_RUNS=${CDK_RUNS:-20}
ROUNDS=${ROUNDS:-5}
WARM_RUNS=${WARM_RUNS:-5}
CDK_WARM_RUNS=${CDK_WARM_RUNS:-1}
CDK_YAML_RUNS=${CDK_YAML_RUNS:-1}
BIG_RUNS=${BIG_RUNS:-4}
CDK_BIG_RUNS=${CDK_BIG_RUNS:-3}

die() { echo "compare_cdk.sh: $*" >&2; exit 2; }
for t in "$sg" "$bench_diff" "$bench_exec" "$gen"; do
    [ -x "$t" ] || die "$t missing: build first (cmake --preset release && cmake --build --preset release -j2)"
done
command -v node >/dev/null || die "node not found"
command -v npm >/dev/null || die "npm not found"
grep -q 'CMAKE_BUILD_TYPE:STRING=Release' "$build/CMakeCache.txt" 2>/dev/null ||
    echo "compare_cdk.sh: warning: $build is not a Release build; stackgap's figures will be slow" >&2

# key=value field of a line: kv LINE KEY
kv() { sed -n "s/.*\\b$2=\\([^ ]*\\).*/\\1/p" <<<"$1"; }
# field of a one-line JSON object: js LINE KEY
js() { node -e 'const o=JSON.parse(process.argv[1]); console.log(o[process.argv[2]])' "$1" "$2"; }
# awk arithmetic: calc EXPR
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
# median and range of numbers: med X..., range X...
med() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
range() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo "-" hi }'; }
verdict() { awk "BEGIN { exit !($1) }" && echo "MET" || echo "NOT MET"; }

# ---- 1. the cdk engine, in the build tree -----------------------------------------------
pkg=$prefix/node_modules/@aws-cdk/cloudformation-diff/package.json
"$here/cdk_install.sh" "$prefix" "$CDK_DIFF_VERSION" "$YAML_CFN_VERSION"
cdk_version=$(node -p "require('$pkg').version")
spec_version=$(node -p "require('$prefix/node_modules/@aws-cdk/aws-service-spec/package.json').version" 2>/dev/null || echo '?')

# ---- 2. the corpus and its pair lists ----------------------------------------------------
if [ ! -f "$corpus/.unpacked" ]; then
    [ -f "$tarball" ] || die "no corpus: $tarball not found"
    echo "== unpacking $tarball into $corpus =="
    rm -rf "$corpus" && mkdir -p "$corpus"
    tar -xJf "$tarball" -C "$corpus"
    touch "$corpus/.unpacked"
fi

mkdir -p "$work"
echo "== building the corpus pair lists in $work =="
rm -rf "$work/pairs"
: >"$work/json.all"
: >"$work/yaml.all"
ntasks=0
for lib in "$corpus"/*/*/lib; do
    [ -f "$lib/MODEL_RESPONSE.md" ] || continue
    ntasks=$((ntasks + 1))
    task=${lib%/lib}
    out=$work/pairs/${task#"$corpus"/}
    mkdir -p "$out"
    "$sg" extract "$lib/MODEL_RESPONSE.md" -o "$out/model.txt" 2>/dev/null || continue
    first=$(tr -d ' \t\r\n' <"$out/model.txt" | head -c 1 || true)
    if [ "$first" = "{" ]; then
        mv "$out/model.txt" "$out/model.json"
        if [ -f "$lib/TapStack.json" ]; then
            printf '%s\t%s\n' "$out/model.json" "$lib/TapStack.json" >>"$work/json.all"
        fi
    else
        mv "$out/model.txt" "$out/model.yaml"
        for y in "$lib/TapStack.yml" "$lib/TapStack.yaml"; do
            if [ -f "$y" ]; then
                printf '%s\t%s\n' "$out/model.yaml" "$y" >>"$work/yaml.all"
                break
            fi
        done
    fi
done
# Keep the pairs both tools load: stackgap diff exits 0 or 1, cdk parses and diffs.
for set in json yaml; do
    : >"$work/$set.sg"
    while IFS=$'\t' read -r old new; do
        st=0
        "$sg" diff "$old" "$new" >/dev/null 2>&1 || st=$?
        if [ "$st" -le 1 ]; then
            printf '%s\t%s\n' "$old" "$new" >>"$work/$set.sg"
        fi
    done <"$work/$set.all"
    node "$cdk_js" --prefix "$prefix" --check "$work/$set.sg" >"$work/$set.tsv" 2>"$work/$set.skipped"
done
njson=$(wc -l <"$work/json.tsv")
nyaml=$(wc -l <"$work/yaml.tsv")
echo "$ntasks tasks with a MODEL_RESPONSE.md; JSON set: $(wc -l <"$work/json.all") candidate pairs, $(wc -l <"$work/json.sg") stackgap loads, $njson both load"
echo "YAML set: $(wc -l <"$work/yaml.all") candidate pairs, $(wc -l <"$work/yaml.sg") stackgap loads, $nyaml both load"
[ "$njson" -gt 0 ] || die "no JSON pair both tools load"

# The corpus pair timed as a process: the median JSON pair by size (and the 90th percentile).
while IFS=$'\t' read -r old new; do
    echo "$(($(stat -c %s "$old") + $(stat -c %s "$new")))	$old	$new"
done <"$work/json.tsv" | sort -n >"$work/json.bysize"
pick() { sed -n "$(awk -v n="$njson" -v p="$1" 'BEGIN { printf "%d", p * (n - 1) + 1.5 }')p" "$work/json.bysize"; }

echo
echo "== machine =="
echo "$(nproc) CPUs: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg) (at start)"
echo "node $(node --version); @aws-cdk/cloudformation-diff $cdk_version (aws-service-spec $spec_version); stackgap $("$sg" --version 2>/dev/null | head -1)"
echo "MB = 10^6 bytes; times are medians over the runs, (min-max) the spread"

# ---- 3 (i). one corpus pair as a whole process -------------------------------------------
echo
echo "== (i) a corpus pair as a process: stackgap diff --format json vs node cdk_diff.js =="
base=$("$bench_exec" --runs "$CDK_RUNS" --ok 0 -- node -e 0)
spec=$(node "$cdk_js" --prefix "$prefix" --spec)
echo "node -e 0 (bare node start-up): $(kv "$base" wall_ms) ms; loadAwsServiceSpecSync() (the resource database the first changed resource of a cdk process loads): $(js "$spec" spec_load_ms) ms"
proc_ratio=""
for p in 0.5 0.9; do
    IFS=$'\t' read -r bytes old new <<<"$(pick $p)"
    name=${old#"$work/pairs/"}
    name=${name%/model.json}
    sgl=$("$bench_exec" --runs "$SG_RUNS" --warmup 5 -- "$sg" diff --format json "$old" "$new")
    cdk=$("$bench_exec" --runs "$CDK_RUNS" --ok 0 --stdout "$work/cdk-pair.json" -- node "$cdk_js" --prefix "$prefix" "$old" "$new")
    inner=$(cat "$work/cdk-pair.json")
    cdkf=$("$bench_exec" --runs "$CDK_RUNS" --ok 0 -- node "$cdk_js" --prefix "$prefix" --format "$old" "$new")
    r=$(calc "$(kv "$cdk" wall_ms) / $(kv "$sgl" wall_ms)" 1)
    rf=$(calc "$(kv "$cdkf" wall_ms) / $(kv "$sgl" wall_ms)" 1)
    echo "pair at p$(calc "$p*100" 0) of size: $name ($(calc "$bytes/1e3" 1) KB both sides)"
    printf '  %-34s %9.2f ms (%.2f-%.2f)  CPU %8.2f ms  peak %6.1f MB  [%d runs]\n' \
        "stackgap diff --format json" "$(kv "$sgl" wall_ms)" "$(kv "$sgl" wall_min_ms)" "$(kv "$sgl" wall_max_ms)" \
        "$(kv "$sgl" cpu_ms)" "$(kv "$sgl" rss_max_mb)" "$SG_RUNS"
    printf '  %-34s %9.2f ms (%.2f-%.2f)  CPU %8.2f ms  peak %6.1f MB  [%d runs]\n' \
        "cdk: load + fullDiff" "$(kv "$cdk" wall_ms)" "$(kv "$cdk" wall_min_ms)" "$(kv "$cdk" wall_max_ms)" \
        "$(kv "$cdk" cpu_ms)" "$(kv "$cdk" rss_max_mb)" "$CDK_RUNS"
    printf '  %-34s %9.2f ms (%.2f-%.2f)  CPU %8.2f ms  peak %6.1f MB  [%d runs]\n' \
        "cdk: + formatDifferences" "$(kv "$cdkf" wall_ms)" "$(kv "$cdkf" wall_min_ms)" "$(kv "$cdkf" wall_max_ms)" \
        "$(kv "$cdkf" cpu_ms)" "$(kv "$cdkf" rss_max_mb)" "$CDK_RUNS"
    echo "  inside one cdk process: node start-up $(js "$inner" script_start_ms) ms, require $(js "$inner" require_ms) ms, read $(js "$inner" read_ms) ms, parse $(js "$inner" parse_ms) ms, fullDiff $(js "$inner" diff_ms) ms"
    echo "  ratio cdk/stackgap: ${r}x (engine only), ${rf}x (with formatting); by CPU time: $(calc "$(kv "$cdk" cpu_ms) / $(kv "$sgl" cpu_ms)" 1)x (engine only)"
    if [ -z "$proc_ratio" ]; then
        proc_ratio=$r proc_sg=$(kv "$sgl" wall_ms) proc_cdk=$(kv "$cdk" wall_ms)
        proc_cpu=$(calc "$(kv "$cdk" cpu_ms) / $(kv "$sgl" cpu_ms)" 1)
    fi
done

# ---- 3 (ii). warm throughput -------------------------------------------------------------
echo
echo "== (ii) warm, in one process: every pair of a set =="
echo "(the tools take turns, ROUNDS rounds, so that both see the same load; the ratio is the median of the rounds')"
warm_line() { # label pairs/s pass min max cpu per-pair-median p95 max peak
    printf '  %-36s %8.1f pairs/s  pass %9.1f ms (%.1f-%.1f) CPU %9.1f ms  per pair median %6s us p95 %7s us max %8s us  peak %6.1f MB\n' \
        "$@"
}
sets=json
[ "${SKIP_YAML:-0}" = 1 ] || sets="json yaml"
for set in $sets; do
    n=$(wc -l <"$work/$set.tsv")
    [ "$n" -gt 0 ] || continue
    rounds=$ROUNDS cdk_runs_warm=$CDK_WARM_RUNS
    if [ "$set" = yaml ]; then rounds=1 cdk_runs_warm=$CDK_YAML_RUNS; fi
    echo "$set set: $n pairs; $rounds round(s) of: stackgap $WARM_RUNS passes, cdk $cdk_runs_warm (each after one untimed pass)"
    ratios="" cratios="" sgs="" cdks="" sgc="" cdkc=""
    for r in $(seq "$rounds"); do
        s=$("$bench_diff" --pairs "$work/$set.tsv" --runs "$WARM_RUNS" | grep '^tool=stackgap')
        c=$(node "$cdk_js" --prefix "$prefix" --pairs "$work/$set.tsv" --runs "$cdk_runs_warm")
        warm_line "round $r: stackgap load+diff+JSON" "$(kv "$s" pairs_per_s)" "$(kv "$s" pass_ms)" "$(kv "$s" pass_min_ms)" \
            "$(kv "$s" pass_max_ms)" "$(kv "$s" cpu_ms)" "$(kv "$s" pair_us_median)" "$(kv "$s" pair_us_p95)" "$(kv "$s" pair_us_max)" "$(kv "$s" peak_rss_mb)"
        warm_line "round $r: cdk parse+fullDiff" "$(js "$c" pairs_per_s)" "$(js "$c" pass_ms)" "$(js "$c" pass_min_ms)" "$(js "$c" pass_max_ms)" \
            "$(js "$c" cpu_ms)" "$(js "$c" pair_us_median)" "$(js "$c" pair_us_p95)" "$(js "$c" pair_us_max)" "$(js "$c" peak_rss_mb)"
        ratios="$ratios $(calc "$(kv "$s" pairs_per_s) / $(js "$c" pairs_per_s)" 2)"
        cratios="$cratios $(calc "$(js "$c" cpu_ms) / $(kv "$s" cpu_ms)" 2)"
        sgs="$sgs $(kv "$s" pairs_per_s)" cdks="$cdks $(js "$c" pairs_per_s)"
    done
    cf=$(node "$cdk_js" --prefix "$prefix" --pairs "$work/$set.tsv" --runs "$cdk_runs_warm" --format)
    warm_line "cdk parse+fullDiff+formatDifferences" "$(js "$cf" pairs_per_s)" "$(js "$cf" pass_ms)" "$(js "$cf" pass_min_ms)" "$(js "$cf" pass_max_ms)" \
        "$(js "$cf" cpu_ms)" "$(js "$cf" pair_us_median)" "$(js "$cf" pair_us_p95)" "$(js "$cf" pair_us_max)" "$(js "$cf" peak_rss_mb)"
    echo "  cdk per pass (last round): parse $(js "$c" parse_ms) ms, fullDiff $(js "$c" diff_ms) ms; formatDifferences $(js "$cf" format_ms) ms; YAML tag warnings $(js "$c" yaml_warnings)"
    r=$(med $ratios) rc=$(med $cratios)
    echo "  stackgap $(med $sgs) pairs/s, cdk $(med $cdks) pairs/s (medians of the rounds)"
    echo "  ratio stackgap/cdk pairs/s: ${r}x ($(range $ratios)) engine only; by CPU time ${rc}x ($(range $cratios)); with formatting $(calc "$(med $sgs) / $(js "$cf" pairs_per_s)" 1)x"
    if [ "$set" = json ]; then warm_ratio=$r warm_cpu=$rc warm_sg=$(med $sgs) warm_cdk=$(med $cdks); fi
done

# ---- 3 (iii), (iv). generated pairs ------------------------------------------------------
echo
echo "== (iii)/(iv) generated pairs (stackgap-gen N 1): whole processes =="
sizes=5000
[ "${SKIP_10K:-0}" = 1 ] || sizes="5000 10000"
declare -A big_sg big_sg_min big_sg_cpu big_sg_rss big_cdk
for n in $sizes; do
    old=$work/gen-$n-old.json new=$work/gen-$n-new.json
    if [ ! -f "$old" ] || [ ! -f "$new" ]; then
        "$gen" "$n" 1 "$old" "$new" >/dev/null
    fi
done
# stackgap: the sizes take turns, BIG_RUNS runs each per round, so that the
# 10,000/5,000 ratio compares runs made under the same load.
declare -A walls mins cpus rsss
scal=""
for r in $(seq "$ROUNDS"); do
    for n in $sizes; do
        l=$("$bench_exec" --runs "$BIG_RUNS" -- "$sg" diff --format json "$work/gen-$n-old.json" "$work/gen-$n-new.json")
        walls[$n]="${walls[$n]:-} $(kv "$l" wall_ms)" mins[$n]="${mins[$n]:-} $(kv "$l" wall_min_ms)"
        cpus[$n]="${cpus[$n]:-} $(kv "$l" cpu_ms)" rsss[$n]="${rsss[$n]:-} $(kv "$l" rss_max_mb)"
    done
    if [ -n "${walls[10000]:-}" ]; then
        w5=$(awk '{print $NF}' <<<"${walls[5000]}") w10=$(awk '{print $NF}' <<<"${walls[10000]}")
        scal="$scal $(calc "$w10 / $w5" 2)"
    fi
done
for n in $sizes; do
    big_sg[$n]=$(med ${walls[$n]}) big_sg_min[$n]=$(printf '%s\n' ${mins[$n]} | sort -g | head -1)
    big_sg_cpu[$n]=$(med ${cpus[$n]}) big_sg_rss[$n]=$(printf '%s\n' ${rsss[$n]} | sort -g | tail -1)
    runs=$CDK_BIG_RUNS
    [ "$n" -le 5000 ] || runs=1
    echo "$n resources ($(calc "($(stat -c %s "$work/gen-$n-old.json") + $(stat -c %s "$work/gen-$n-new.json"))/1e6" 1) MB both sides); cdk: $runs run(s), this takes a while"
    cdk=$("$bench_exec" --runs "$runs" --warmup 0 --ok 0 --stdout "$work/cdk-$n.json" -- node "$cdk_js" --prefix "$prefix" --format "$work/gen-$n-old.json" "$work/gen-$n-new.json")
    inner=$(cat "$work/cdk-$n.json")
    printf '  %-34s %9.1f ms (%s)  CPU %9.1f ms  peak %6.1f MB  [%d rounds x %d runs: median of the round medians (their range)]\n' \
        "stackgap diff --format json" "${big_sg[$n]}" "$(range ${walls[$n]})" "${big_sg_cpu[$n]}" "${big_sg_rss[$n]}" "$ROUNDS" "$BIG_RUNS"
    printf '  %-34s %9.1f ms (%.1f-%.1f)  CPU %9.1f ms  peak %6.1f MB  [%d runs]\n' \
        "cdk: load+fullDiff+format" "$(kv "$cdk" wall_ms)" "$(kv "$cdk" wall_min_ms)" "$(kv "$cdk" wall_max_ms)" \
        "$(kv "$cdk" cpu_ms)" "$(kv "$cdk" rss_max_mb)" "$runs"
    echo "  inside the (last) cdk process: require $(js "$inner" require_ms) ms, parse $(js "$inner" parse_ms) ms, fullDiff $(js "$inner" diff_ms) ms, formatDifferences $(js "$inner" format_ms) ms"
    echo "  ratio cdk/stackgap: $(calc "$(kv "$cdk" wall_ms) / ${big_sg[$n]}" 1)x (process), $(calc "$(js "$inner" diff_ms) / ${big_sg[$n]}" 1)x (cdk's fullDiff alone vs stackgap's whole process); memory $(calc "$(kv "$cdk" rss_max_mb) / ${big_sg_rss[$n]}" 1)x"
    big_cdk[$n]=$(js "$inner" diff_ms)
done
echo "stackgap in-process stages (bench_diff, the same pairs):"
"$bench_diff" --no-corpus --no-floor --sizes "$(tr ' ' , <<<"$sizes")" --runs 5 2>/dev/null | sed -n '/^ *resources  *input/,/^$/p' | sed 's/^/  /'

# ---- batch ------------------------------------------------------------------------------
if [ "${SKIP_BATCH:-0}" != 1 ]; then
    echo
    c=$("$bench_diff" "$corpus" --no-generated --runs 5 | sed -n 's/^ *total *\([0-9.]*\) ms.*/\1/p')
    if "$sg" help batch >/dev/null 2>&1; then
        echo "== stackgap batch over all of cfn-dev (reports of every task, as files) =="
        declare -A batch
        for j in 1 2; do
            b=$("$bench_exec" --runs 3 --ok 0 -- "$sg" batch "$corpus" --out "$work/batch-out" --jobs "$j" --progress none)
            batch[$j]=$(kv "$b" wall_ms)
            echo "  --jobs $j: $(kv "$b" wall_ms) ms ($(kv "$b" wall_min_ms)-$(kv "$b" wall_max_ms)), CPU $(kv "$b" cpu_ms) ms, peak $(kv "$b" rss_max_mb) MB [3 runs]"
        done
        batch_est=${batch[2]} batch_kind=real
    else
        echo "== 'stackgap batch' stand-in (no batch command in this build): all of cfn-dev =="
        seq_task=$("$bench_exec" --runs 3 --ok 0 -- sh -c 'for d in "$1"/*/*/; do "$2" task "$d" --format json; done' sh "$corpus" "$sg")
        echo "  stackgap task over every task folder, one process each, sequential: $(kv "$seq_task" wall_ms) ms ($(kv "$seq_task" wall_min_ms)-$(kv "$seq_task" wall_max_ms))"
        par_task=$("$bench_exec" --runs 3 --ok 0 -- sh -c 'ls -d "$1"/*/*/ | xargs -P 2 -I{} "$2" task {} --format json' sh "$corpus" "$sg")
        echo "  the same, two at a time (xargs -P 2), the nearest thing to --jobs 2: $(kv "$par_task" wall_ms) ms ($(kv "$par_task" wall_min_ms)-$(kv "$par_task" wall_max_ms))"
        batch_est=$(kv "$par_task" wall_ms) batch_kind=stand-in
    fi
    echo "  for comparison, bench_diff's corpus pass (in-process, sequential; load+diff+JSON report, no rules or Markdown): $c ms"
fi

# ---- 4. floors ---------------------------------------------------------------------------
echo
echo "== floors set by the issue (load average now $(cut -d' ' -f1-3 /proc/loadavg)) =="
echo "  (judged on median wall time; CPU time and the fastest run, less disturbed by other load, in brackets)"
echo "  corpus pair as a process >= 100x faster than cdk's process: ${proc_ratio}x ($proc_sg ms vs $proc_cdk ms) [CPU ${proc_cpu}x]: $(verdict "$proc_ratio >= 100")"
echo "  warm throughput >= 10x cdk's: ${warm_ratio}x ($warm_sg vs $warm_cdk pairs/s) [CPU ${warm_cpu}x]: $(verdict "$warm_ratio >= 10")"
t5=${big_sg[5000]} m5=${big_sg_rss[5000]}
echo "  5,000-resource pair < 250 ms: $t5 ms [fastest ${big_sg_min[5000]} ms, CPU ${big_sg_cpu[5000]} ms]: $(verdict "$t5 < 250");  < 150 MB peak: $m5 MB: $(verdict "$m5 < 150")"
if [ -n "${big_sg[10000]:-}" ]; then
    s=$(med $scal)
    echo "  10,000 <= 2.2x the 5,000 time: ${s}x, median of the rounds' ratios ($(range $scal); ${big_sg[10000]} ms) [fastest $(calc "${big_sg_min[10000]} / ${big_sg_min[5000]}" 2)x, CPU $(calc "${big_sg_cpu[10000]} / ${big_sg_cpu[5000]}" 2)x]: $(verdict "$s <= 2.2");  cdk fullDiff: $(calc "${big_cdk[10000]} / ${big_cdk[5000]}" 2)x"
fi
if [ "${batch_kind:-}" = real ]; then
    echo "  stackgap batch --jobs 2 over cfn-dev < 2 s: $batch_est ms: $(verdict "$batch_est < 2000")"
elif [ -n "${batch_est:-}" ]; then
    echo "  stackgap batch --jobs 2 over cfn-dev < 2 s: PENDING (no batch command); stand-in $batch_est ms with xargs -P 2: $(verdict "$batch_est < 2000") as a stand-in"
fi
