#!/usr/bin/env bash
# Builds and installs pg_usage, then runs pg_regress tests on a private cluster.
#   scripts/regress.sh              every test in tests/pg_regress/sql
#   scripts/regress.sh usage rfm    only those tests
# Set PG_USAGE_RELEASE=1 to test the release build.
set -euo pipefail
. "$(dirname "$0")/common.sh"
DATA=${PG_USAGE_REGRESS_DATA:-/tmp/pg_usage_regress}
PORT=${PG_USAGE_REGRESS_PORT:-28815}

tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then
  for f in "$REPO"/tests/pg_regress/sql/*.sql; do tests+=("$(basename "$f" .sql)"); done
fi

exec 9>"$LOCK"
flock 9
if [ "${PG_USAGE_RELEASE:-0}" = 1 ]; then install_extension --release; else install_extension; fi
cluster_start "$DATA" "$PORT"
cd "$REPO/tests/pg_regress"
rm -f regression.diffs regression.out
status=0
# pg_regress drops and recreates the database, so no stale extension SQL survives.
"$PG_REGRESS" --host=/tmp --port="$PORT" --user=postgres \
  --dbname=pg_usage_regress --inputdir=. --outputdir=. "${tests[@]}" || status=$?
if [ $status -ne 0 ] && [ -f regression.diffs ]; then
  head -c 20000 regression.diffs
fi
exit $status
