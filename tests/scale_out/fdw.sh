#!/usr/bin/env bash
# postgres_fdw tier: a coordinator and 2 shard clusters on local sockets, events and
# stored summaries hash-partitioned by user over postgres_fdw foreign tables, and the
# same rows in local tables on the coordinator as the single-node reference. For every
# aggregate of pg_usage (tests/scale_out/cases.txt; the catalog is checked against
# it): per-user aggregates appear in the shards' Remote SQL and give the single-node
# text byte for byte, in a UTC and in an America/Los_Angeles session (where the
# session-zone overloads must stay on the coordinator); population results through
# the per-shard recipe (UNION ALL of per-shard aggregates, then rollup) equal single
# node; the CLV fits over pushed-down per-customer inputs equal the single-node fits.
# Usage: tests/scale_out/fdw.sh [stop]. Environment: SCALE_PG (private PostgreSQL copy,
# default /tmp/pg_usage_scale_pg), SCALE_FDW_DATA (cluster directories prefix),
# SCALE_FDW_PORT (coordinator; shards on the next ports), SCALE_EVENTS, SCALE_USERS,
# SCALE_KEEP=1 (leave the clusters running). Prints "N passed, N failed".
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/common.sh"
BASE=${SCALE_FDW_DATA:-/tmp/pg_usage_fdw}
PORT=${SCALE_FDW_PORT:-28830}
EVENTS=${SCALE_EVENTS:-300000}
USERS=${SCALE_USERS:-5000}
SHARDS=2
tier_setup "$BASE" shard "$SHARDS" "${1:-}"
fdw_cluster "$BASE" "$PORT" "$SHARDS" "$EVENTS" "$USERS"
coord() { psql_at "$PORT" "$@"; }

# Every aggregate of the extension has a case (or the tier fails).
check_catalog "$HERE/cases.txt"

# The cases: the plan (is the aggregate in the shards' Remote SQL?) and the result.
name_of() { sed 's/(.*//' <<<"$1"; }
ships() { grep -c "Remote SQL: .*public\.$1(" <<<"$2" || true; }

while IFS="|" read -r -u 3 kind agg table expr combine; do
  case $kind in ''|'#'*) continue ;; esac
  name=$(name_of "$agg")
  case $kind in
    user|user-tz|user-coord)
      dist="SELECT user_id, $expr FROM $table GROUP BY user_id"
      ref="SELECT user_id, $expr FROM ${table}_local GROUP BY user_id"
      for zone in UTC America/Los_Angeles; do
        want=$SHARDS
        [ "$kind" = user ] || want=0
        check_equal "$agg per user ($zone): shipped to $want of $SHARDS shards" "$want" "$(ships "$name" "$(explain "$zone" "$dist")")"
        compare "$agg per user" "$zone" "$dist" "$ref"
      done ;;
    pop)
      [ -n "$combine" ] || continue
      dist="SELECT 0, $combine(s) FROM ($(per_shard "$expr" "$table" "$SHARDS")) per_shard"
      ref="SELECT 0, $expr FROM ${table}_local"
      check_equal "$agg per-shard recipe: shipped to every shard" "$SHARDS" "$(ships "$name" "$(explain UTC "$dist")")"
      compare "$agg per-shard recipe" UTC "$dist" "$ref" ;;
    fit)
      # Per-customer BTYD inputs from rfm_agg per user (pushed down), optionally
      # compressed to weighted distinct points on the coordinator.
      dist="SELECT 0, $expr FROM ($(fit_inputs events "$table")) p"
      ref="SELECT 0, $expr FROM ($(fit_inputs events_local "$table")) p"
      check_equal "$agg inputs: rfm_agg shipped to every shard" "$SHARDS" "$(ships rfm_agg "$(explain UTC "$dist")")"
      compare "$agg over sharded inputs" UTC "$dist" "$ref" ;;
    fitp)
      dist="SELECT 0, $combine(rollup(s)) FROM ($(per_shard "$expr" "$table" "$SHARDS")) per_shard"
      ref="SELECT 0, $combine(${expr#*(} FROM ${table}_local"
      check_equal "$combine of $name per shard: shipped to every shard" "$SHARDS" "$(ships "$name" "$(explain UTC "$dist")")"
      compare "$combine of $name per shard, rolled up" UTC "$dist" "$ref" ;;
    *) check_equal "cases.txt: known kind" "user, user-tz, user-coord, pop, fit or fitp" "$kind" ;;
  esac
done 3< "$HERE/cases.txt"

# The test can fail: the session zone changes the answer of the session-zone overloads
# (so shipping them to a UTC shard would be caught), and the explicit-zone overload in
# a UTC session equals the session-zone one in that zone.
check_true "most users' days differ between UTC and America/Los_Angeles" "$(rows UTC %s "
  SELECT count(*) FILTER (WHERE a IS DISTINCT FROM b) > count(*) / 2 FROM
    (SELECT user_id, usage_agg(ts, quantity, feature)::text AS a,
            usage_agg('America/Los_Angeles', ts, quantity, feature)::text AS b
     FROM events_local GROUP BY user_id) s")"
compare "usage_agg(zone, ts, quantity, feature) equals usage_agg(ts, quantity, feature) in the zone" UTC \
  "SELECT user_id, usage_agg('America/Los_Angeles', ts, quantity, feature) FROM events_local GROUP BY user_id" \
  "SELECT user_id, usage_agg(ts, quantity, feature) FROM events_local GROUP BY user_id" America/Los_Angeles

echo "fdw tier: $passed passed, $failed failed"
[ "$failed" = 0 ]
