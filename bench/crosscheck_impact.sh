#!/usr/bin/env bash
# crosscheck_impact.sh - stackgap's replacement verdicts (stackgap diff --format json,
# "impact" per change) against cdk diff's (@aws-cdk/cloudformation-diff's
# changeImpact), per changed top-level property, on generated pairs and on the
# corpus's model-vs-ideal pairs. Results and every disagreement: docs/spec.md.
#
#   bench/crosscheck_impact.sh [BUILD_DIR]        (default: build)
#
# BUILD_DIR must hold stackgap and bench/stackgap-gen. The npm packages go into
# BUILD_DIR/cdkdiff (bench/cdk_install.sh), the pairs into BUILD_DIR/crosscheck.
# Environment: CDK_DIFF_VERSION [2.187.5], YAML_CFN_VERSION [1.204.0],
# GEN_PAIRS [8] generated pairs of GEN_SIZE [300] resources, SG_CORPUS_TARBALL.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(dirname "$here")
build=$(cd "${1:-$src/build}" && pwd)
sg=$build/stackgap
gen=$build/bench/stackgap-gen
prefix=$build/cdkdiff
work=$build/crosscheck
corpus=$build/corpus/cfn-dev
tarball=${SG_CORPUS_TARBALL:-$src/../shared/corpus/cfn-dev.tar.xz}
for t in "$sg" "$gen"; do
    [ -x "$t" ] || { echo "crosscheck_impact.sh: $t missing: build first" >&2; exit 2; }
done
"$here/cdk_install.sh" "$prefix" "${CDK_DIFF_VERSION:-2.187.5}" "${YAML_CFN_VERSION:-1.204.0}"
rm -rf "$work" && mkdir -p "$work/gen" "$work/corpus"

# Generated pairs: stackgap-gen edits property values, among them replacing ones.
: >"$work/gen.list"
for s in $(seq 1 "${GEN_PAIRS:-8}"); do
    "$gen" "${GEN_SIZE:-300}" "$s" "$work/gen/old$s.json" "$work/gen/new$s.json" >/dev/null
    printf '%s\t%s\n' "$work/gen/old$s.json" "$work/gen/new$s.json" >>"$work/gen.list"
done
echo "== generated pairs =="
node "$here/crosscheck_impact.js" --prefix "$prefix" --sg "$sg" --pairs "$work/gen.list"

# Corpus pairs: each model template (as written in the response) against the ideal.
if [ ! -f "$corpus/.unpacked" ] && [ -f "$tarball" ]; then
    rm -rf "$corpus" && mkdir -p "$corpus" && tar -xJf "$tarball" -C "$corpus" &&
        touch "$corpus/.unpacked"
fi
: >"$work/corpus.list"
for lib in "$corpus"/*/*/lib; do
    [ -f "$lib/MODEL_RESPONSE.md" ] || continue
    name=$(echo "${lib#"$corpus"/}" | tr '/' '_')
    ideal=
    for f in "$lib/TapStack.json" "$lib/TapStack.yml" "$lib/TapStack.yaml"; do
        [ -f "$f" ] && { ideal=$f; break; }
    done
    [ -n "$ideal" ] || continue
    "$sg" extract "$lib/MODEL_RESPONSE.md" -o "$work/corpus/$name.txt" 2>/dev/null || continue
    first=$(tr -d ' \t\r\n' <"$work/corpus/$name.txt" | head -c 1 || true)
    ext=yaml
    [ "$first" = "{" ] && ext=json
    mv "$work/corpus/$name.txt" "$work/corpus/$name.$ext"
    printf '%s\t%s\n' "$work/corpus/$name.$ext" "$ideal" >>"$work/corpus.list"
done
echo "== corpus pairs (model -> ideal) =="
node "$here/crosscheck_impact.js" --prefix "$prefix" --sg "$sg" --pairs "$work/corpus.list"
