#!/usr/bin/env bash
# Docs run as tests: every ```sql example of README.md and docs/*.md runs on a private
# cluster with a fresh pg_usage, and its documented output is compared with psql's
# (tests/docs/check_docs.py; the rules are in docs/internals.md, "Docs run as tests").
# Usage: tests/docs/run.sh [DATA_DIR [PORT [FILE.md ...]]]   (the cluster is removed after)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../../scripts/common.sh"
DATA=${1:-/tmp/pg_usage_docs}
PORT=${2:-28819}
shift $(( $# < 2 ? $# : 2 ))
PG_COPY=${PG_USAGE_DOCS_PG:-/tmp/pg_usage_docs_pg}
log=$(mktemp /tmp/pg_usage_docs_build.XXXXXX)
trap 'cluster_stop "$DATA"; rm -rf "$DATA" "$log"' EXIT

private_install "$PG_COPY" >"$log" 2>&1 || { tail -n 40 "$log"; exit 1; }
cluster_stop "$DATA"; rm -rf "$DATA"
cluster_start "$DATA" "$PORT"
files=("$@")
[ ${#files[@]} -gt 0 ] || files=("$REPO/README.md" "$REPO"/docs/*.md)
# Pages whose examples need more than one server or another test's data: run
# elsewhere, named here.
skips=(
  "README.md=its statements run on the demo database (tests/demo/run.sh runs them and compares the output)"
  "docs/scale-out.md=its recipes need Citus and postgres_fdw clusters (tests/scale_out runs them)"
  "docs/bi.md=its views read the tables dbt builds (tests/dbt/run.sh runs the page on them)"
  "docs/dbt.md=its sql blocks are dbt models in Jinja (tests/dbt/run.sh builds the example project)"
)
# The examples print dates in ISO style and in UTC, whatever the machine's settings.
PGTZ=UTC PGDATESTYLE='ISO, MDY' python3 "$HERE/check_docs.py" --psql "$PG_BIN/psql" \
  --host /tmp --port "$PORT" --user postgres --cwd "$REPO" \
  "${skips[@]/#/--skip-file=}" "${files[@]}"
