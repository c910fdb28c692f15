#!/usr/bin/env bash
# seeds.sh BUILD_DIR - assembles the fuzzers' seed corpora in BUILD_DIR/seeds/<target>/
# from testdata/ and a deterministic sample of the real corpus (SG_FUZZ_CORPUS,
# default /tmp/corpus: */*/lib/{MODEL_RESPONSE.md,TapStack.yml,TapStack.json,PROMPT.md}).
# Seeds from the corpus stay in the build tree: the corpus is third-party data.
# SG_FUZZ_SAMPLE (default 150) files per kind; files over 32 KiB are skipped.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: seeds.sh BUILD_DIR}
corpus=${SG_FUZZ_CORPUS:-/tmp/corpus}
sample=${SG_FUZZ_SAMPLE:-150}
max=32768
out="$build/seeds"
rm -rf "$out"
mkdir -p "$out"/fuzz_{json,yaml,extract,prompt,pipeline,spec,comment}
n=0

# seed TARGET PREFIX-BYTE-OCTAL FILE...: one seed per file, behind a config byte
seed() {
    local t=$1 prefix=$2
    shift 2
    local f
    for f in "$@"; do
        [ -f "$f" ] || continue
        [ "$(stat -c %s "$f")" -le $max ] || continue
        n=$((n + 1))
        { [ -z "$prefix" ] || printf "\\$prefix"; cat "$f"; } >"$out/$t/s$n"
    done
}

# pipeline SEED-NAME CFG-OCTAL MODEL IDEAL [PROMPT]
sep=$'\n--8<--\n'
pipeline() {
    local name=$1 cfg=$2 model=$3 ideal=$4 prompt=${5:-}
    [ -f "$model" ] && [ -f "$ideal" ] || return 0
    local size=$(($(stat -c %s "$model") + $(stat -c %s "$ideal")))
    [ $size -le $((3 * max / 4)) ] || return 0 # 24 KiB: the pipeline is the slowest target
    {
        printf "\\$cfg"
        cat "$model"
        printf '%s' "$sep"
        cat "$ideal"
        if [ -n "$prompt" ] && [ -f "$prompt" ]; then
            printf '%s' "$sep"
            cat "$prompt"
        fi
    } >"$out/fuzz_pipeline/$name"
}

# every k-th of the sorted list of corpus files named NAME, up to $sample
pick() {
    local name=$1
    [ -d "$corpus" ] || return 0
    local all
    mapfile -t all < <(find "$corpus" -path "*/lib/$name" -size -$((max / 1024 + 1))k | LC_ALL=C sort)
    local total=${#all[@]}
    [ "$total" -gt 0 ] || return 0
    local step=$(((total + sample - 1) / sample)) i
    for ((i = 0; i < total; i += step)); do
        printf '%s\n' "${all[$i]}"
    done
}

# ---- from testdata/ (hand-written and golden inputs)
td="$root/testdata"
mapfile -t tjson < <(find "$td" -name '*.json' -not -path "$td/fuzz/*" | LC_ALL=C sort)
mapfile -t tyaml < <(find "$td" \( -name '*.yaml' -o -name '*.yml' \) -not -path "$td/fuzz/*" | LC_ALL=C sort)
mapfile -t tmd < <(find "$td" -name '*.md' -not -name 'PROMPT.md' -not -path "$td/prompts/*" -not -path "$td/fuzz/*" | LC_ALL=C sort)
mapfile -t tprompt < <(find "$td" \( -name 'PROMPT.md' -o -path "$td/prompts/*.md" \) | LC_ALL=C sort)
seed fuzz_json 000 "${tjson[@]}"
seed fuzz_json 001 "${tjson[@]}"   # salvage
seed fuzz_yaml 000 "${tyaml[@]}"
seed fuzz_yaml 001 "${tyaml[@]}"
seed fuzz_extract "" "${tmd[@]}"
seed fuzz_prompt "" "${tprompt[@]}"
seed fuzz_spec "" "$td"/fuzz/seeds/fuzz_spec/* "$td"/golden/spec/*.txt
# slices of the embedded spec: the shared Tag type and a few resource types with their structs
for t in AWS::S3::Bucket AWS::Lambda::Function AWS::RDS::DBInstance; do
    n=$((n + 1))
    tar -xJOf "$root/src/spec/cfnspec.tar.xz" cfnspec.txt |
        awk -v t="$t" 'BEGIN {keep = 1} /^R\t/ {keep = ($2 == t)} keep' | head -c $max >"$out/fuzz_spec/s$n"
done
# comment CFG-OCTAL OLD NEW: one seed, the pair behind the configuration byte
comment() {
    [ -f "$2" ] && [ -f "$3" ] || return 0
    n=$((n + 1))
    { printf "\\$1"; cat "$2"; printf '%s' "$sep"; cat "$3"; } >"$out/fuzz_comment/s$n"
}
comment 000 "$td/hostile/old.yaml" "$td/hostile/new.yaml"
comment 012 "$td/hostile/old.yaml" "$td/hostile/new.yaml"
comment 004 "$td/examples/ideal.json" "$td/examples/model.yaml"
for d in "$td"/golden/*/; do
    comment 001 "$d/old.yaml" "$d/new.yaml"
done
cp "$td"/fuzz/seeds/fuzz_comment/* "$out/fuzz_comment/" 2>/dev/null || true
for d in "$td"/tasks/*/lib; do
    # MODEL_RESPONSE.md (2) against TapStack.yml (1 << 2), with the prompt; bit 7: via files
    pipeline "task-$(basename "$(dirname "$d")")" 006 "$d/MODEL_RESPONSE.md" "$d/TapStack.yml" "$d/PROMPT.md"
    pipeline "task-$(basename "$(dirname "$d")")-files" 206 "$d/MODEL_RESPONSE.md" "$d/TapStack.yml" "$d/PROMPT.md"
done
pipeline example 001 "$td/examples/model.yaml" "$td/examples/ideal.json"
for d in "$td"/golden/*/; do
    [ -f "$d/old.yaml" ] && pipeline "golden-$(basename "$d")" 005 "$d/old.yaml" "$d/new.yaml"
    [ -f "$d/model.yaml" ] && pipeline "golden-$(basename "$d")" 001 "$d/model.yaml" "$d/ideal.json"
    if [ -f "$d/MODEL_RESPONSE.md" ]; then
        for i in "$d"/ideal.* "$d"/TapStack.yml; do
            case $i in *.json) c=002 ;; *) c=006 ;; esac
            pipeline "golden-$(basename "$d")-$(basename "$i")" $c "$d/MODEL_RESPONSE.md" "$i"
        done
    fi
done

# ---- a sample of the real corpus
mapfile -t cjson < <(pick TapStack.json)
mapfile -t cyaml < <(pick TapStack.yml)
mapfile -t cmd < <(pick MODEL_RESPONSE.md)
mapfile -t cprompt < <(pick PROMPT.md)
seed fuzz_json 000 "${cjson[@]}"
seed fuzz_yaml 000 "${cyaml[@]}"
seed fuzz_extract "" "${cmd[@]}"
seed fuzz_prompt "" "${cprompt[@]}"
k=0
for m in "${cmd[@]}"; do
    d=$(dirname "$m")
    k=$((k + 1))
    if [ -f "$d/TapStack.yml" ]; then
        pipeline "corpus-$k" $( ((k % 4 == 0)) && echo 206 || echo 006) "$m" "$d/TapStack.yml" "$d/PROMPT.md"
    elif [ -f "$d/TapStack.json" ]; then
        pipeline "corpus-$k" $( ((k % 4 == 0)) && echo 202 || echo 002) "$m" "$d/TapStack.json" "$d/PROMPT.md"
    fi
done

for t in "$out"/*; do
    printf '%-14s %4d seeds\n' "$(basename "$t")" "$(find "$t" -type f | wc -l)"
done
