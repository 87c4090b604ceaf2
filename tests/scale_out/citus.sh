#!/usr/bin/env bash
# Citus tier: Citus built into the private PostgreSQL copy (tests/scale_out/common.sh
# citus_install; skipped when citus.so is already there), a coordinator and 2 workers
# on local sockets, events and stored summaries distributed by user (colocated), and
# the same rows in local tables on the coordinator as the single-node reference. For
# every aggregate of pg_usage (tests/scale_out/cases.txt): per-user aggregates run
# whole on the workers (no aggregate on the coordinator); population aggregates with a
# non-internal state (every rollup, active_users) are partially aggregated on the
# workers (worker_partial_agg / coord_combine_agg in the plan, not a row pull), the
# internal-state ones through per-user summaries and rollup the same way; every result
# equals single node byte for byte. Explicit-zone overloads are also checked in an
# America/Los_Angeles session; the session-zone overloads only in UTC (Citus does not
# apply the session TimeZone on the workers: docs/scale-out.md).
# Usage: tests/scale_out/citus.sh [stop]. Environment: SCALE_PG, SCALE_CITUS_DATA,
# SCALE_CITUS_PORT (coordinator; workers on the next ports), SCALE_EVENTS, SCALE_USERS,
# SCALE_KEEP=1, CITUS_SRC, CITUS_BUILD. Prints "N passed, N failed".
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
BASE=${SCALE_CITUS_DATA:-/tmp/pg_usage_citus}
PORT=${SCALE_CITUS_PORT:-28840}
EVENTS=${SCALE_EVENTS:-200000}
USERS=${SCALE_USERS:-4000}
WORKERS=2
tier_setup "$BASE" worker "$WORKERS" "${1:-}"
citus_install "$PG_COPY"
conf="shared_preload_libraries = 'citus'
citus.enable_statistics_collection = off"
for ((i = 0; i <= WORKERS; i++)); do
  node_start "${NODES[$i]}" $((PORT + i)) "$conf"
  psql_at $((PORT + i)) -c "CREATE EXTENSION citus" >/dev/null
done
coord() { psql_at "$PORT" "$@"; }
{
  echo "SELECT citus_set_coordinator_host('/tmp', $PORT);"
  for ((i = 1; i <= WORKERS; i++)); do echo "SELECT citus_add_node('/tmp', $((PORT + i)));"; done
} | coord >/dev/null
coord -c "CREATE EXTENSION pg_usage"
coord -v events="$EVENTS" -v users="$USERS" -f "$HERE/generate.sql"
# Tables with the same shard count and key type are colocated by default.
{
  echo "SET citus.shard_count = $((2 * WORKERS));"
  for table in $SCALE_TABLES; do
    echo "CREATE TABLE $table (LIKE ${table}_local);"
    echo "SELECT create_distributed_table('$table', 'user_id');"
    echo "INSERT INTO $table SELECT * FROM ${table}_local;"
  done
  echo "ANALYZE ${SCALE_TABLES// /, };"
} | coord >/dev/null

check_catalog "$HERE/cases.txt"

# pushed PLAN NAME: the coordinator runs only the Citus scan (its first line) and the
# workers' plan computes NAME.
pushed() {
  [ "$(head -1 <<<"$1" | grep -c '^Custom Scan (Citus Adaptive)')" = 1 ] \
    && grep -q "Output: .*\b$2(" <<<"$1" && echo t || echo f
}
# combined_on_workers PLAN: partial aggregates on the workers, combined on the coordinator.
combined_on_workers() {
  grep -q 'worker_partial_agg' <<<"$1" && grep -q 'coord_combine_agg' <<<"$1" && echo t || echo f
}
name_of() { sed 's/(.*//' <<<"$1"; }

while IFS="|" read -r -u 3 kind agg table expr combine; do
  case $kind in ''|'#'*) continue ;; esac
  name=$(name_of "$agg")
  case $kind in
    user|user-tz|user-coord)
      dist="SELECT user_id, $expr FROM $table GROUP BY user_id"
      ref="SELECT user_id, $expr FROM ${table}_local GROUP BY user_id"
      check_true "$agg per user: runs whole on the workers" "$(pushed "$(explain UTC "$dist")" "$name")"
      compare "$agg per user" UTC "$dist" "$ref"
      [ "$kind" = user-tz ] || compare "$agg per user" America/Los_Angeles "$dist" "$ref" ;;
    pop)
      internal=$(coord -tA -c "SELECT aggtranstype = 'internal'::regtype FROM pg_aggregate WHERE aggfnoid = '$agg'::regprocedure" 2>&1) || true
      if [ "$internal" = t ]; then
        # Internal states cannot travel: per-user summaries on the workers, then rollup.
        dist="SELECT 0, $combine(s) FROM (SELECT user_id, $expr AS s FROM $table GROUP BY user_id) u"
      else
        dist="SELECT 0, $expr FROM $table"
      fi
      ref="SELECT 0, $expr FROM ${table}_local"
      check_true "$agg population: partial aggregates combined on the workers' side" "$(combined_on_workers "$(explain UTC "$dist")")"
      compare "$agg population" UTC "$dist" "$ref" ;;
    fit)
      dist="SELECT 0, $expr FROM ($(fit_inputs events "$table")) p"
      ref="SELECT 0, $expr FROM ($(fit_inputs events_local "$table")) p"
      check_true "$agg inputs: rfm_agg runs on the workers" "$(grep -q 'Query: .*rfm_agg(' <<<"$(explain UTC "$dist")" && echo t || echo f)"
      compare "$agg over distributed inputs" UTC "$dist" "$ref" ;;
    fitp)
      dist="SELECT 0, $combine($expr) FROM $table"
      ref="SELECT 0, $combine(${expr#*(} FROM ${table}_local"
      check_true "$combine of $name: points combined on the workers' side" "$(combined_on_workers "$(explain UTC "$dist")")"
      compare "$combine of $name" UTC "$dist" "$ref" ;;
    *) check_equal "cases.txt: known kind" "user, user-tz, user-coord, pop, fit or fitp" "$kind" ;;
  esac
done 3< "$HERE/cases.txt"

# A documented limit, reported rather than failed: the session-zone overloads in a
# non-UTC session run on the workers in their own zone.
differ=$(PGOPTIONS="-c TimeZone=America/Los_Angeles" coord -tA -c "SELECT count(*) FROM
  (SELECT user_id, usage_agg(ts, quantity, feature)::text AS a FROM events GROUP BY user_id) d
  JOIN (SELECT user_id, usage_agg(ts, quantity, feature)::text AS a FROM events_local GROUP BY user_id) l
  USING (user_id) WHERE d.a IS DISTINCT FROM l.a")
echo "note: usage_agg(ts, quantity, feature) in an America/Los_Angeles session differs from single node for $differ of $USERS users on Citus (documented; use the explicit-zone overload)"

echo "citus tier: $passed passed, $failed failed"
[ "$failed" = 0 ]
