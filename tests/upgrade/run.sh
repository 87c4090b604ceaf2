#!/usr/bin/env bash
# Upgrade test: every released version of pg_usage (sql/releases) is installed, values
# of every stored type are built with it, and `ALTER EXTENSION pg_usage UPDATE` takes
# it to the current version. Then:
#   - the values built before the update print the same text and give the same
#     accessor answers after it (tests/pg_regress/data/stored_0_1_0_generate.sql
#     builds them and prints both, before and after);
#   - values stored by release 0.1.0 read back after the update
#     (the stored_0_1_0 pg_regress test, run on the updated database);
#   - the updated catalog equals a fresh install's, object for object
#     (tests/upgrade/catalog.sql: functions, aggregates, types, casts, operators).
# Usage: tests/upgrade/run.sh [DATA_DIR [PORT]]   (a private cluster, removed after)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../../scripts/common.sh"
DATA=${1:-/tmp/pg_usage_upgrade}
PORT=${2:-28819}
PG_COPY=${PG_USAGE_UPGRADE_PG:-/tmp/pg_usage_upgrade_pg}
WORK=$(mktemp -d /tmp/pg_usage_upgrade_work.XXXXXX)
trap 'cluster_stop "$DATA"; rm -rf "$DATA" "$WORK"' EXIT

log="$WORK/build.log"
private_install "$PG_COPY" >"$log" 2>&1 || { tail -n 40 "$log"; exit 1; }
cluster_stop "$DATA"; rm -rf "$DATA"
cluster_start "$DATA" "$PORT"
psql_() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -p "$PORT" -U postgres "$@"; }
current=$(sed -n 's/^version = "\(.*\)"/\1/p' "$REPO/Cargo.toml" | head -1)

status=0
for release in "$REPO"/sql/releases/pg_usage--*.sql; do
  from=$(basename "$release" .sql); from=${from#pg_usage--}
  echo "== $from -> $current"
  psql_ -d postgres -c "DROP DATABASE IF EXISTS upgraded" -c "DROP DATABASE IF EXISTS fresh" \
    -c "CREATE DATABASE upgraded" -c "CREATE DATABASE fresh"
  psql_ -d upgraded -c "CREATE EXTENSION pg_usage VERSION '$from'"
  (cd "$REPO/tests/pg_regress" && psql_ -d upgraded -At -f data/stored_0_1_0_generate.sql) >"$WORK/before.txt"
  psql_ -d upgraded -c "ALTER EXTENSION pg_usage UPDATE"
  got=$(psql_ -d upgraded -Atc "SELECT extversion FROM pg_extension WHERE extname = 'pg_usage'")
  [ "$got" = "$current" ] || { echo "FAIL: updated to $got, not $current"; status=1; }
  (cd "$REPO/tests/pg_regress" && psql_ -d upgraded -At -f data/stored_0_1_0_generate.sql) >"$WORK/after.txt"
  if diff -u "$WORK/before.txt" "$WORK/after.txt" >"$WORK/values.diff"; then
    echo "values built by $from: $(grep -c . "$WORK/before.txt") lines, the same after the update"
  else
    echo "FAIL: values built by $from answer differently after the update"; head -c 4000 "$WORK/values.diff"; status=1
  fi
  psql_ -d fresh -c "CREATE EXTENSION pg_usage"
  psql_ -d upgraded -At -f "$HERE/catalog.sql" >"$WORK/upgraded_catalog.txt"
  psql_ -d fresh -At -f "$HERE/catalog.sql" >"$WORK/fresh_catalog.txt"
  if diff -u "$WORK/fresh_catalog.txt" "$WORK/upgraded_catalog.txt" >"$WORK/catalog.diff"; then
    echo "catalog: $(grep -c . "$WORK/fresh_catalog.txt") objects, the same as a fresh install"
  else
    echo "FAIL: the updated catalog differs from a fresh install (- fresh, + updated)"
    grep '^[-+][^-+]' "$WORK/catalog.diff" | head -60; status=1
  fi
  # Values stored by 0.1.0 read back after the update (pg_regress keeps the database).
  (cd "$REPO/tests/pg_regress" && "$PG_REGRESS" --host=/tmp --port="$PORT" --user=postgres --use-existing \
      --dbname=upgraded --inputdir=. --outputdir="$WORK" stored_0_1_0 >"$WORK/regress.out" 2>&1) \
    || { echo "FAIL: stored_0_1_0 on the updated database"; cat "$WORK/regress.out"; head -c 4000 "$WORK/regression.diffs"; status=1; }
done
[ $status -eq 0 ] && echo "upgrade test: passed"
exit $status
