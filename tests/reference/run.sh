#!/usr/bin/env bash
# Reference checks against trusted outside implementations, run live: every
# tests/reference/<venv>_<topic>.py runs with the Python of its virtualenv and
# compares what pg_usage computes in SQL (on a private cluster with the release
# build) with what the outside package computes on the same data.
#   sk_*.py  scikit-learn and mlxtend (requirements-sk.txt)
#   lt_*.py  lifetimes 0.11.3 and the old numpy/scipy/pandas it needs (requirements-lt.txt)
# The virtualenvs live in target/ (private, made once, reused); nothing here is needed
# at run time of the extension.
#   tests/reference/run.sh [DATA_DIR [PORT [SCRIPT.py ...]]]
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../../scripts/common.sh"
DATA=${1:-/tmp/pg_usage_reference}
PORT=${2:-28825}
shift $(( $# < 2 ? $# : 2 ))
PG_COPY=${PG_USAGE_REFERENCE_PG:-/tmp/pg_usage_reference_pg}
log=$(mktemp /tmp/pg_usage_reference_build.XXXXXX)
trap 'cluster_stop "$DATA"; rm -rf "$DATA" "$log"' EXIT

if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
fi
venv() { # venv NAME: target/reference-venv-NAME with requirements-NAME.txt, made once
  local dir="$REPO/target/reference-venv-$1" req="$HERE/requirements-$1.txt"
  if [ ! -f "$dir/.done" ] || ! cmp -s "$req" "$dir/.done"; then
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/pip" install -q --disable-pip-version-check -r "$req"
    cp "$req" "$dir/.done"
  fi
  echo "$dir/bin/python"
}

private_install "$PG_COPY" >"$log" 2>&1 || { tail -n 40 "$log"; exit 1; }
cluster_stop "$DATA"; rm -rf "$DATA"
cluster_start "$DATA" "$PORT"
scripts=("$@")
[ ${#scripts[@]} -gt 0 ] || scripts=("$HERE"/sk_*.py "$HERE"/lt_*.py)
status=0
for s in "${scripts[@]}"; do
  [ -f "$s" ] || continue
  name=$(basename "$s" .py)
  py=$(venv "${name%%_*}")
  db=ref_$name
  "$PG_BIN/psql" -X -q -h /tmp -p "$PORT" -U postgres -d postgres \
    -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" -c "\\c $db" -c "CREATE EXTENSION pg_usage"
  echo "== $name"
  PG_USAGE_PSQL="$PG_BIN/psql" PGHOST=/tmp PGPORT=$PORT PGUSER=postgres PGDATABASE=$db \
    PGTZ=UTC REPO="$REPO" "$py" "$s" || { status=1; echo "  FAILED: $name" >&2; }
done
exit $status
