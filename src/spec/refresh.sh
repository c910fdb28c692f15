#!/usr/bin/env bash
# refresh.sh - regenerate src/spec/cfnspec.tar.xz: cfnspec.txt, the CloudFormation
# resource specification that stackgap embeds (docs/spec.md), packed
# reproducibly (the text is 1.5 MB; packed 0.2 MB).
#
#   src/spec/refresh.sh [VERSION] [OUT]     (defaults: 0.1.216, src/spec/cfnspec.tar.xz)
#
# To read the committed text: tar -xJOf src/spec/cfnspec.tar.xz cfnspec.txt
#
# Needs npm and node (only here: building and running stackgap need neither).
# Fetches @aws-cdk/aws-service-spec@VERSION with `npm pack` into a temporary directory
# and distils its db.json.gz with src/spec/distil.js.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(dirname "$(dirname "$here")")
pkg=@aws-cdk/aws-service-spec
version=${1:-0.1.216}
out=${2:-$src/src/spec/cfnspec.tar.xz}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp"
# The publication date of that version, so the file says how old its data is.
published=$(npm view "$pkg@$version" time --json |
  node -e 'const t = JSON.parse(require("fs").readFileSync(0, "utf8"));
           process.stdout.write((t[process.argv[1]] || "unknown").slice(0, 10));' "$version")
node "$here/distil.js" "$tmp/package/db.json.gz" "$pkg" "$version" "$published" \
  > "$tmp/cfnspec.txt"
text=$(wc -c < "$tmp/cfnspec.txt")
# same text, same bytes: fixed order, owner and time
XZ_OPT=-9 tar -C "$tmp" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 \
  --format=ustar -cJf "$tmp/cfnspec.tar.xz" cfnspec.txt
mv "$tmp/cfnspec.tar.xz" "$out"
echo "refresh: wrote $out ($text bytes of text, $(wc -c < "$out") packed)"
