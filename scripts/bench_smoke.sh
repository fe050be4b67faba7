#!/usr/bin/env bash
# Small smoke runs of every benchmark (figures printed, no targets asserted).
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
for bench in bench/[a-z]*.py; do
  echo "--- $bench --smoke"
  timeout 600 .venv/bin/python "$bench" --smoke
done
