#!/usr/bin/env bash
# Assembles a kata workspace by hand, the way `kata grade` does, for kata authors who want to
# run a solution against the hidden suite with plain cargo:
#   scripts/assemble-kata.sh <kata-dir> <solution-dir> <out-dir>
#   (cd <out-dir> && cargo test)
# <solution-dir> is e.g. katas/deadlock/solutions/reference or katas/deadlock/starter.
set -euo pipefail
kata=$1 solution=$2 out=$(realpath -m "$3")
here=$(cd "$(dirname "$0")/.." && pwd)
[ -e "$out" ] && { echo "refusing to overwrite $out" >&2; exit 2; }
mkdir -p "$out/src" "$out/tests"
cp "$kata/Cargo.toml" "$out/"
[ -f "$kata/Cargo.lock" ] && cp "$kata/Cargo.lock" "$out/"
cp -r "$here/katas/_harness" "$out/kata-harness"
(cd "$solution/src" && find . -name '*.rs' -exec cp --parents {} "$out/src/" \;)
cp "$kata"/hidden/*.rs "$out/tests/"
echo "assembled $out"
