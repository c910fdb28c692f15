#!/usr/bin/env bash
# cdk_install.sh PREFIX CDK_DIFF_VERSION YAML_CFN_VERSION - installs the cdk diff
# engine (@aws-cdk/cloudformation-diff, and @aws-cdk/yaml-cfn to read YAML) into
# PREFIX, unless that version is there already. Used by compare_cdk.sh and
# crosscheck_impact.sh; never a dependency of stackgap, never committed.
set -euo pipefail
prefix=$1 diff_version=$2 yaml_version=$3
pkg=$prefix/node_modules/@aws-cdk/cloudformation-diff/package.json
have=$( [ -f "$pkg" ] && node -p "require('$pkg').version" || echo none)
if [ "$have" != "$diff_version" ] || [ ! -d "$prefix/node_modules/@aws-cdk/yaml-cfn" ]; then
    echo "== installing @aws-cdk/cloudformation-diff@$diff_version and @aws-cdk/yaml-cfn@$yaml_version into $prefix =="
    mkdir -p "$prefix"
    cat >"$prefix/package.json" <<JSON
{
  "name": "stackgap-bench-cdkdiff",
  "private": true,
  "description": "Written by bench/cdk_install.sh: the cdk diff engine, for benchmarks only",
  "dependencies": {
    "@aws-cdk/cloudformation-diff": "$diff_version",
    "@aws-cdk/yaml-cfn": "$yaml_version"
  }
}
JSON
    npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error
fi
