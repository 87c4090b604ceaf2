#!/usr/bin/env bash
# Benchmark of window_funnel: a 4-step funnel (view -> cart -> checkout -> buy,
# window 1 day) per user over 10M events of 100k users, against (a) the scan floor
# and (b) the same funnel in plain SQL (LATERAL lookups of the earliest next step
# through an index on (user_id, event, ts), built before timing). Both run with
# 2 parallel workers allowed (the cluster default). Prints a markdown table.
#   bench/funnel/run.sh
# Environment: RUNS (timed runs per query, default 3, after one warm-up),
# and those of bench/common.sh (private PostgreSQL copy, cluster, BENCH_NO_INSTALL,
# BENCH_REGENERATE).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../common.sh"
DB=pg_usage_bench_funnel
RUNS=${RUNS:-3}
bench_setup "$DB" bench_funnel_events

STEPS="ARRAY[event = 'view', event = 'cart', event = 'checkout', event = 'buy']"
FLOOR="SELECT user_id, count(*) FROM bench_funnel_events GROUP BY user_id"
FUNNEL="SELECT user_id, window_funnel(interval '1 day', ts, $STEPS) AS level FROM bench_funnel_events GROUP BY user_id"
ONCE="SELECT user_id, window_funnel(interval '1 day', ts, $STEPS, '{strict_once,strict_increase}') AS level FROM bench_funnel_events GROUP BY user_id"
# For every view: the earliest cart in the window at or after it, the earliest
# checkout at or after that cart, then any buy; a user's level is the best chain.
PLAIN="SELECT v.user_id, max(1 + (c.ts IS NOT NULL)::int + (k.ts IS NOT NULL)::int + (b.ts IS NOT NULL)::int) AS level
FROM bench_funnel_events v
LEFT JOIN LATERAL (SELECT min(e.ts) AS ts FROM bench_funnel_events e WHERE e.user_id = v.user_id AND e.event = 'cart'
                   AND e.ts >= v.ts AND e.ts <= v.ts + interval '1 day') c ON true
LEFT JOIN LATERAL (SELECT min(e.ts) AS ts FROM bench_funnel_events e WHERE c.ts IS NOT NULL AND e.user_id = v.user_id
                   AND e.event = 'checkout' AND e.ts >= c.ts AND e.ts <= v.ts + interval '1 day') k ON true
LEFT JOIN LATERAL (SELECT min(e.ts) AS ts FROM bench_funnel_events e WHERE k.ts IS NOT NULL AND e.user_id = v.user_id
                   AND e.event = 'buy' AND e.ts >= k.ts AND e.ts <= v.ts + interval '1 day') b ON true
WHERE v.event = 'view'
GROUP BY v.user_id"

say "== checking results: window_funnel = plain SQL for every user"
check=$(pg -d "$DB" -tA <<SQL
CREATE TEMP TABLE ours AS $FUNNEL;
CREATE TEMP TABLE plain AS $PLAIN;
SELECT count(*) FILTER (WHERE o.level IS DISTINCT FROM coalesce(p.level, 0)) || ' ' || count(*)
       || ' ' || string_agg(DISTINCT o.level::text, ',')
FROM ours o LEFT JOIN plain p USING (user_id);
SQL
)
read -r diff users levels <<<"$check"
say "   users: $users, differing: $diff, levels seen: $levels"
if [ "$diff" != 0 ]; then say "bench: results differ, not timing"; exit 1; fi
dist=$(pg -d "$DB" -tA -F' ' -c "SELECT level, count(*) FROM ($FUNNEL) f GROUP BY 1 ORDER BY 1" | paste -sd';' -)

time_query() { # query -> ms of server execution time
  pg -d "$DB" -tA -c "EXPLAIN (ANALYZE, TIMING OFF) $1" | sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p'
}
declare -A times
names=(floor funnel once plain)
declare -A sql=([floor]=$FLOOR [funnel]=$FUNNEL [once]=$ONCE [plain]=$PLAIN)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq 0 "$RUNS"); do
  for q in "${names[@]}"; do
    t=$(time_query "${sql[$q]}")
    if [ "$run" -gt 0 ]; then times[$q]+="$t "; fi
    say "   run $run $q: $t ms"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
range() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk 'NR==1 {lo=$1} {hi=$1} END {printf "%.0f-%.0f", lo, hi}'; }
r() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
declare -A med
for q in "${names[@]}"; do med[$q]=$(median "${times[$q]}"); done
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)
pgv=$(pg -d "$DB" -tAc "SHOW server_version")
cat <<EOF
Machine: $cpu, $(nproc) cores, $mem RAM; PostgreSQL $pgv; $(date -u +%F).
Load average (1/5/15 min) before: $load_before, after: $load_after.
$users users; users per level (level users): $dist. Results of window_funnel and plain SQL identical for every user.
Median of $RUNS runs (after one warm-up), milliseconds of server execution time
(EXPLAIN ANALYZE, TIMING OFF), max_parallel_workers_per_gather = 2; min-max in brackets.

| query | time (ms) | / scan floor |
|---|---:|---:|
| (a) scan floor: \`count(*) GROUP BY user_id\` | ${med[floor]} ($(range "${times[floor]}")) | 1.00 |
| window_funnel, 4 steps, default mode | ${med[funnel]} ($(range "${times[funnel]}")) | $(r "${med[funnel]}" "${med[floor]}") |
| window_funnel, modes strict_once + strict_increase | ${med[once]} ($(range "${times[once]}")) | $(r "${med[once]}" "${med[floor]}") |
| (b) plain SQL: LATERAL next-step lookups via index | ${med[plain]} ($(range "${times[plain]}")) | $(r "${med[plain]}" "${med[floor]}") |

plain SQL / window_funnel: **$(r "${med[plain]}" "${med[funnel]}")x** (target >= 10x).
EOF
