#!/usr/bin/env bash
# Benchmark of the usage family: per-user usage_agg over 10M events of 100k users
# against (a) the scan floor and (b) the same figures in plain SQL, serial and with
# 2 parallel workers. Prints a markdown table of median times and ratios.
#   bench/usage/run.sh          check, time, print the table (the cluster keeps running)
#   bench/usage/run.sh stop     stop the benchmark cluster
# Environment: RUNS (timed runs per query and setting, default 5, after one warm-up)
# and those of bench/common.sh (private PostgreSQL copy, cluster, BENCH_NO_INSTALL,
# BENCH_REGENERATE).
# Needs what scripts/setup.sh installs. Takes about 10 minutes on 2 cores.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../common.sh"
DB=pg_usage_bench
RUNS=${RUNS:-5}
if [ "${1:-}" = stop ]; then cluster_stop "$DATA"; exit 0; fi
bench_setup "$DB" bench_events

FLOOR="SELECT user_id, count(*) FROM bench_events GROUP BY user_id"
USAGE="SELECT user_id, events(s), active_days(s), first_seen(s), last_seen(s), total_quantity(s), feature_breadth(s)
FROM (SELECT user_id, usage_agg(day, quantity, feature) AS s FROM bench_events GROUP BY user_id) x"
PLAIN="SELECT user_id, count(*) AS events, count(DISTINCT day) AS active_days, min(day) AS first_seen,
  max(day) AS last_seen, sum(quantity) AS total_quantity, count(DISTINCT feature) AS features
FROM bench_events GROUP BY user_id"
# The same aggregate over rows sorted by user: a GroupAggregate builds one summary at
# a time while its memory is hot, where hashing keeps 100,000 states alive at once.
SORTED="SELECT user_id, events(s), active_days(s), first_seen(s), last_seen(s), total_quantity(s), feature_breadth(s)
FROM (SELECT user_id, usage_agg(day, quantity, feature) AS s
      FROM (SELECT * FROM bench_events ORDER BY user_id) o GROUP BY user_id) x"
SERIAL="SET max_parallel_workers_per_gather = 0"
PARALLEL="SET max_parallel_workers_per_gather = 2"

names=(floor usage sorted plain)
declare -A sql=([floor]=$FLOOR [usage]=$USAGE [sorted]=$SORTED [plain]=$PLAIN)
session_script() {
  # Recreating the extension runs its CREATE FUNCTIONs, which load the library.
  echo "DROP EXTENSION IF EXISTS pg_usage CASCADE; CREATE EXTENSION pg_usage;"
  echo '\echo @@ loaded'
  # (b) and usage_agg must agree for every user; the summaries built by 2 workers
  # must equal the serial ones, value for value (text form).
  cat <<SQL
$SERIAL;
CREATE TEMP TABLE plain AS $PLAIN;
CREATE TEMP TABLE ser AS SELECT user_id, usage_agg(day, quantity, feature) AS s FROM bench_events GROUP BY user_id;
$PARALLEL;
\echo @@ check-plan
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF)
CREATE TEMP TABLE par AS SELECT user_id, usage_agg(day, quantity, feature) AS s FROM bench_events GROUP BY user_id;
\echo @@ check
SELECT count(*) FILTER (WHERE p.user_id IS NULL OR a.user_id IS NULL
         OR (events(a.s), active_days(a.s), first_seen(a.s), last_seen(a.s), total_quantity(a.s), feature_breadth(a.s))
            IS DISTINCT FROM (p.events, p.active_days, p.first_seen, p.last_seen, p.total_quantity, p.features))
       || ' ' || count(*) FILTER (WHERE b.user_id IS NULL OR a.s::text IS DISTINCT FROM b.s::text)
       || ' ' || count(*)
FROM plain p FULL JOIN ser a USING (user_id) FULL JOIN par b USING (user_id);
DROP TABLE plain, ser, par;
SQL
  # Timings: server execution time from EXPLAIN ANALYZE without per-node timing (the
  # result rows are computed, not sent). Runs interleave the queries, so a change in
  # machine load hits all of them alike; run 0 is a warm-up.
  for run in $(seq 0 "$RUNS"); do
    for mode in serial parallel; do
      if [ $mode = serial ]; then echo "$SERIAL;"; else echo "$PARALLEL;"; fi
      for q in "${names[@]}"; do
        echo "\\echo @@ time $run $mode $q"
        echo "EXPLAIN (ANALYZE, TIMING OFF) ${sql[$q]};"
      done
    done
  done
  for q in "${names[@]}"; do
    echo "$PARALLEL;"
    echo "\\echo @@ plan $q"
    echo "EXPLAIN (COSTS OFF) ${sql[$q]};"
  done
}

declare -A times plans planned launched
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
section="" key="" check=""
while IFS= read -r line; do
  case "$line" in
    "@@ loaded")
      say "== checking results: usage_agg (serial, 2 workers) = plain SQL"
      section=loaded ;;
    "@@ check-plan") section=check-plan ;;
    "@@ check") section=check ;;
    "@@ time "*) section=time; key=${line#@@ time } ;;
    "@@ plan "*) section=plan; key=${line#@@ plan } ;;
    *)
      case $section in
        check-plan)
          if grep -q "Workers Planned" <<<"$line"; then check_par=planned; fi
          if grep -q "Workers Launched: 2" <<<"$line"; then check_par=launched; fi ;;
        check) check=$line ;;
        time)
          read -r run mode q <<<"$key"
          if [[ "$line" == *"Workers Planned"* ]]; then planned[$key]=1; fi
          if [[ "$line" == *"Workers Launched: 2"* ]]; then launched[$key]=1; fi
          if [[ "$line" =~ ^Execution\ Time:\ ([0-9.]+)\ ms$ ]]; then
            t=${BASH_REMATCH[1]}
            say "   run $run $mode $q: $t ms"
            if [ "$mode" = parallel ] && [ -n "${planned[$key]:-}" ] && [ -z "${launched[$key]:-}" ]; then
              say "bench: fewer than 2 workers launched for $key"; exit 1
            fi
            if [ "$run" -gt 0 ]; then times[$q.$mode]+="$t "; fi
          fi ;;
        plan) plans[$key]+="$line"$'\n' ;;
      esac ;;
  esac
  if [ "$section" = check ] && [ -n "$check" ]; then
    read -r diff_plain diff_par users <<<"$check"
    say "   users: $users, differing from plain SQL: $diff_plain, parallel summaries differing from serial: $diff_par (parallel build: ${check_par:-not parallel})"
    if [ "$diff_plain" != 0 ] || [ "$diff_par" != 0 ] || [ "$users" != 100000 ] || [ "${check_par:-}" != launched ]; then
      say "bench: results differ or the parallel build did not run in parallel; not timing"; exit 1
    fi
    say "== timing: $RUNS runs after a warm-up, each query serial and with 2 workers"
    section=checked check=""
  fi
done < <(session_script | pg -d "$DB" -tA -f -)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
[ -n "${times[usage.parallel]:-}" ] || { say "bench: the session ended early"; exit 1; }

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
range() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%.0f-%.0f", lo, hi}'; }
declare -A med
for q in "${names[@]}"; do for mode in serial parallel; do med[$q.$mode]=$(median "${times[$q.$mode]}"); done; done
r() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
ok() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {print ((op == "<=" ? v <= t : v >= t) ? "met" : "**missed**")}'; }

# The plan's node names, top down, e.g. "Finalize HashAggregate < Gather < Partial HashAggregate".
plan_of() { sed -n '1s/^ *//p; s/^ *-> *//p' <<<"${plans[$1]}" | sed 's/ on .*//; s/  *$//' | paste -sd'<' - | sed 's/</ < /g'; }
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
| (a) scan floor: \`count(*) GROUP BY user_id\` | ${med[floor.serial]} ($(range "${times[floor.serial]}")) | ${med[floor.parallel]} ($(range "${times[floor.parallel]}")) | $(r "${med[floor.serial]}" "${med[floor.parallel]}") | $(plan_of floor) |
| usage_agg + 6 accessors | ${med[usage.serial]} ($(range "${times[usage.serial]}")) | ${med[usage.parallel]} ($(range "${times[usage.parallel]}")) | $(r "${med[usage.serial]}" "${med[usage.parallel]}") | $(plan_of usage) |
| usage_agg + 6 accessors over rows sorted by user | ${med[sorted.serial]} ($(range "${times[sorted.serial]}")) | ${med[sorted.parallel]} ($(range "${times[sorted.parallel]}")) | $(r "${med[sorted.serial]}" "${med[sorted.parallel]}") | $(plan_of sorted) |
| (b) plain SQL: count, 2 x count(DISTINCT), min, max, sum | ${med[plain.serial]} ($(range "${times[plain.serial]}")) | ${med[plain.parallel]} ($(range "${times[plain.parallel]}")) | $(r "${med[plain.serial]}" "${med[plain.parallel]}") | $(plan_of plain) |

| ratio | serial | 2 workers | target | |
|---|---:|---:|---|---|
| usage_agg / scan floor | $(r "${med[usage.serial]}" "${med[floor.serial]}") | $(r "${med[usage.parallel]}" "${med[floor.parallel]}") | serial <= 1.5 | $(ok "$(r "${med[usage.serial]}" "${med[floor.serial]}")" 1.5 "<=") |
| plain SQL / usage_agg | $(r "${med[plain.serial]}" "${med[usage.serial]}") | $(r "${med[plain.parallel]}" "${med[usage.parallel]}") | > 1 | $(ok "$(r "${med[plain.serial]}" "${med[usage.serial]}")" 1 ">="), $(ok "$(r "${med[plain.parallel]}" "${med[usage.parallel]}")" 1 ">=") |
| sorted usage_agg / scan floor | $(r "${med[sorted.serial]}" "${med[floor.serial]}") | $(r "${med[sorted.parallel]}" "${med[floor.parallel]}") | | |
| plain SQL / sorted usage_agg | $(r "${med[plain.serial]}" "${med[sorted.serial]}") | $(r "${med[plain.parallel]}" "${med[sorted.parallel]}") | | |
| usage_agg serial / 2 workers | $(r "${med[usage.serial]}" "${med[usage.parallel]}") | | >= 1.5 | $(ok "$(r "${med[usage.serial]}" "${med[usage.parallel]}")" 1.5 ">=") |
EOF
