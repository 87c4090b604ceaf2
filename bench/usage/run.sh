#!/usr/bin/env bash
# Benchmark of the usage family: per-user usage_agg over 10M events of 100k users
# against (a) the scan floor and (b) the same figures in plain SQL, serial and with
# 2 parallel workers. Prints a markdown table of median times and ratios.
#   bench/usage/run.sh          check, time, print the table (the cluster keeps running)
#   bench/usage/run.sh stop     stop the benchmark cluster
# Environment: RUNS (timed runs per query and setting, default 5, after one warm-up),
# BENCH_NO_INSTALL=1 (use the installed extension instead of building the release
# build), BENCH_REGENERATE=1 (rebuild the table), PG_USAGE_BENCH_DATA / _PORT.
# Needs what scripts/setup.sh installs. Takes about 10 minutes on 2 cores.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../../scripts/common.sh"
DATA=${PG_USAGE_BENCH_DATA:-/tmp/pg_usage_bench}
PORT=${PG_USAGE_BENCH_PORT:-28820}
DB=pg_usage_bench
RUNS=${RUNS:-5}
if [ "${1:-}" = stop ]; then cluster_stop "$DATA"; exit 0; fi

say() { echo "$*" >&2; }
pg() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -p "$PORT" -U postgres "$@"; }

if [ "${BENCH_NO_INSTALL:-0}" != 1 ]; then
  say "== building and installing pg_usage (release)"
  log=$(mktemp /tmp/pg_usage_bench_build.XXXXXX.log)
  exec 9>"$LOCK"
  flock 9
  install_extension --release >"$log" 2>&1 || { tail -n 40 "$log" >&2; exit 1; }
  exec 9>&-
  rm -f "$log"
fi

cluster_start "$DATA" "$PORT"
pg -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
  || pg -d postgres -c "CREATE DATABASE $DB"
# Recreate the extension so the installed build's SQL is the one measured.
pg -d "$DB" -c "DROP EXTENSION IF EXISTS pg_usage CASCADE" -c "CREATE EXTENSION pg_usage"

# The table is kept between runs; it is rebuilt when the generator changes.
gen_md5=$(md5sum "$HERE/generate.sql" | cut -d' ' -f1)
have_md5=$(pg -d "$DB" -tAc "SELECT obj_description('bench_events'::regclass)" 2>/dev/null || true)
if [ "${BENCH_REGENERATE:-0}" = 1 ] || [ "$have_md5" != "$gen_md5" ]; then
  say "== generating 10M events (about a minute)"
  pg -d "$DB" -f "$HERE/generate.sql"
  pg -d "$DB" -c "COMMENT ON TABLE bench_events IS '$gen_md5'"
fi

FLOOR="SELECT user_id, count(*) FROM bench_events GROUP BY user_id"
USAGE="SELECT user_id, events(s), active_days(s), first_seen(s), last_seen(s), total_quantity(s), feature_breadth(s)
FROM (SELECT user_id, usage_agg(day, quantity, feature) AS s FROM bench_events GROUP BY user_id) x"
PLAIN="SELECT user_id, count(*) AS events, count(DISTINCT day) AS active_days, min(day) AS first_seen,
  max(day) AS last_seen, sum(quantity) AS total_quantity, count(DISTINCT feature) AS features
FROM bench_events GROUP BY user_id"
SERIAL="SET max_parallel_workers_per_gather = 0"
PARALLEL="SET max_parallel_workers_per_gather = 2"

# (b) and usage_agg must agree for every user, serial and parallel; and the parallel
# summaries must be the serial ones, value for value.
say "== checking results: usage_agg (serial, 2 workers) = plain SQL"
check=$(pg -d "$DB" -tA <<SQL
$SERIAL;
CREATE TEMP TABLE plain AS $PLAIN;
CREATE TEMP TABLE ser AS SELECT user_id, usage_agg(day, quantity, feature) AS s FROM bench_events GROUP BY user_id;
$PARALLEL;
CREATE TEMP TABLE par AS SELECT user_id, usage_agg(day, quantity, feature) AS s FROM bench_events GROUP BY user_id;
SELECT count(*) FILTER (WHERE p.user_id IS NULL OR a.user_id IS NULL
         OR (events(a.s), active_days(a.s), first_seen(a.s), last_seen(a.s), total_quantity(a.s), feature_breadth(a.s))
            IS DISTINCT FROM (p.events, p.active_days, p.first_seen, p.last_seen, p.total_quantity, p.features))
       || ' ' || count(*) FILTER (WHERE b.user_id IS NULL OR a.s::text IS DISTINCT FROM b.s::text)
       || ' ' || count(*)
FROM plain p FULL JOIN ser a USING (user_id) FULL JOIN par b USING (user_id);
SQL
)
read -r diff_plain diff_par users <<<"$check"
say "   users: $users, differing from plain SQL: $diff_plain, parallel summaries differing from serial: $diff_par"
if [ "$diff_plain" != 0 ] || [ "$diff_par" != 0 ] || [ "$users" != 100000 ]; then
  say "bench: results differ, not timing"; exit 1
fi

# One timing: server-side execution time from EXPLAIN ANALYZE (no per-node timing,
# result rows are computed but not sent); fails if the requested workers did not start.
time_query() { # setting query -> ms
  local out
  out=$(pg -d "$DB" -tA -c "$1" -c "EXPLAIN (ANALYZE, TIMING OFF) $2")
  if [ "$1" = "$PARALLEL" ] && ! grep -q "Workers Launched: 2" <<<"$out" && grep -q "Workers Planned" <<<"$out"; then
    say "bench: fewer than 2 workers launched"; say "$out"; exit 1
  fi
  sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p' <<<"$out"
}
plan_of() { pg -d "$DB" -tA -c "$1" -c "EXPLAIN (COSTS OFF) $2" | grep -oE "(Finalize |Partial )?(Hash|Group)Aggregate|Gather( Merge)?|Sort" | sort -u | paste -sd, -; }

declare -A times
names=(floor usage plain)
declare -A sql=([floor]=$FLOOR [usage]=$USAGE [plain]=$PLAIN)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Runs interleave the queries, so a change in machine load hits all of them alike.
for run in $(seq 0 "$RUNS"); do
  for mode in serial parallel; do
    setting=$SERIAL; [ $mode = parallel ] && setting=$PARALLEL
    for q in "${names[@]}"; do
      t=$(time_query "$setting" "${sql[$q]}")
      if [ "$run" -gt 0 ]; then times[$q.$mode]+="$t "; fi
      say "   run $run $mode $q: $t ms"
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
range() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%.0f-%.0f", lo, hi}'; }
declare -A med
for q in "${names[@]}"; do for mode in serial parallel; do med[$q.$mode]=$(median "${times[$q.$mode]}"); done; done
r() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
ok() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {print ((op == "<=" ? v <= t : v >= t) ? "met" : "**missed**")}'; }

cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)
pgv=$(pg -d "$DB" -tAc "SHOW server_version")
cat <<EOF
Machine: $cpu, $(nproc) cores, $mem RAM; PostgreSQL $pgv; $(date -u +%F).
Load average (1/5/15 min) before: $load_before, after: $load_after.
Median of $RUNS runs (after one warm-up), milliseconds of server execution time
(EXPLAIN ANALYZE, TIMING OFF); min-max in brackets.

| query | serial | 2 workers | serial / 2 workers | plan (2 workers) |
|---|---:|---:|---:|---|
| (a) scan floor: \`count(*) GROUP BY user_id\` | ${med[floor.serial]} ($(range "${times[floor.serial]}")) | ${med[floor.parallel]} ($(range "${times[floor.parallel]}")) | $(r "${med[floor.serial]}" "${med[floor.parallel]}") | $(plan_of "$PARALLEL" "$FLOOR") |
| usage_agg + 6 accessors | ${med[usage.serial]} ($(range "${times[usage.serial]}")) | ${med[usage.parallel]} ($(range "${times[usage.parallel]}")) | $(r "${med[usage.serial]}" "${med[usage.parallel]}") | $(plan_of "$PARALLEL" "$USAGE") |
| (b) plain SQL: count, 2 x count(DISTINCT), min, max, sum | ${med[plain.serial]} ($(range "${times[plain.serial]}")) | ${med[plain.parallel]} ($(range "${times[plain.parallel]}")) | $(r "${med[plain.serial]}" "${med[plain.parallel]}") | $(plan_of "$PARALLEL" "$PLAIN") |

| ratio | serial | 2 workers | target | |
|---|---:|---:|---|---|
| usage_agg / scan floor | $(r "${med[usage.serial]}" "${med[floor.serial]}") | $(r "${med[usage.parallel]}" "${med[floor.parallel]}") | <= 1.3 | $(ok "$(r "${med[usage.serial]}" "${med[floor.serial]}")" 1.3 "<="), $(ok "$(r "${med[usage.parallel]}" "${med[floor.parallel]}")" 1.3 "<=") |
| plain SQL / usage_agg | $(r "${med[plain.serial]}" "${med[usage.serial]}") | $(r "${med[plain.parallel]}" "${med[usage.parallel]}") | >= 3 | $(ok "$(r "${med[plain.serial]}" "${med[usage.serial]}")" 3 ">="), $(ok "$(r "${med[plain.parallel]}" "${med[usage.parallel]}")" 3 ">=") |
| usage_agg serial / 2 workers | $(r "${med[usage.serial]}" "${med[usage.parallel]}") | | >= 1.7 | $(ok "$(r "${med[usage.serial]}" "${med[usage.parallel]}")" 1.7 ">=") |
EOF
