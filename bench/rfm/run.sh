#!/usr/bin/env bash
# Benchmark of rfm_agg: per customer recency, orders, total and the weekly BTYD
# inputs (frequency, recency, T, monetary) over 10M orders of 500k customers,
# against (a) the scan floor and (b) the same figures in plain SQL (per-week sums,
# then per-customer aggregates). Both run with 2 parallel workers allowed (the
# cluster default). Prints a markdown table.
#   bench/rfm/run.sh
# Environment: RUNS (timed runs per query, default 3, after one warm-up),
# and those of bench/common.sh (private PostgreSQL copy, cluster, BENCH_NO_INSTALL,
# BENCH_REGENERATE).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../common.sh"
DB=pg_usage_bench_rfm
RUNS=${RUNS:-3}
bench_setup "$DB" bench_orders

AS_OF="date '2024-12-31'"
FLOOR="SELECT customer_id, count(*) FROM bench_orders GROUP BY customer_id"
OURS="SELECT customer_id, recency_days(s, $AS_OF) AS recency_days, purchase_count(s) AS orders, monetary_total(s) AS total,
  btyd_frequency(s, $AS_OF, 'week') AS frequency, btyd_recency(s, $AS_OF, 'week') AS recency,
  btyd_age(s, $AS_OF, 'week') AS t, btyd_monetary(s, $AS_OF, 'week') AS monetary
FROM (SELECT customer_id, rfm_agg(day, amount) AS s FROM bench_orders GROUP BY customer_id) x"
PLAIN="WITH per_week AS (
  SELECT customer_id, date_trunc('week', day)::date AS wk, sum(amount) AS amt
  FROM bench_orders WHERE day <= $AS_OF GROUP BY 1, 2),
cust AS (SELECT customer_id, count(*) - 1 AS frequency, min(wk) AS first_wk, max(wk) AS last_wk FROM per_week GROUP BY 1),
rep AS (SELECT w.customer_id, avg(w.amt) AS monetary FROM per_week w JOIN cust c USING (customer_id)
        WHERE w.wk > c.first_wk GROUP BY 1),
basic AS (SELECT customer_id, $AS_OF - max(day) AS recency_days, count(*) AS orders, sum(amount) AS total
          FROM bench_orders WHERE day <= $AS_OF GROUP BY 1)
SELECT b.customer_id, b.recency_days, b.orders, b.total, c.frequency, (c.last_wk - c.first_wk) / 7 AS recency,
       (date_trunc('week', $AS_OF)::date - c.first_wk) / 7 AS t, coalesce(r.monetary, 0) AS monetary
FROM basic b JOIN cust c USING (customer_id) LEFT JOIN rep r USING (customer_id)"

# Counts must be equal; float sums in plain SQL depend on the order of additions,
# so totals and means are compared to 1e-9 relative (rfm_agg's are exact).
say "== checking results: rfm_agg = plain SQL for every customer"
check=$(pg -d "$DB" -tA <<SQL
CREATE TEMP TABLE ours AS $OURS;
CREATE TEMP TABLE plain AS $PLAIN;
SELECT count(*) FILTER (WHERE p.customer_id IS NULL OR o.customer_id IS NULL
         OR (o.recency_days, o.orders, o.frequency, o.recency, o.t) IS DISTINCT FROM (p.recency_days, p.orders, p.frequency, p.recency, p.t)
         OR abs(o.total - p.total) > 1e-9 * p.total OR abs(o.monetary - p.monetary) > 1e-9 * p.monetary)
       || ' ' || count(*)
FROM ours o FULL JOIN plain p USING (customer_id);
SQL
)
read -r diff users <<<"$check"
say "   customers: $users, differing: $diff"
if [ "$diff" != 0 ]; then say "bench: results differ, not timing"; exit 1; fi

time_query() { # query -> ms of server execution time
  pg -d "$DB" -tA -c "EXPLAIN (ANALYZE, TIMING OFF) $1" | sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p'
}
declare -A times
names=(floor ours plain)
declare -A sql=([floor]=$FLOOR [ours]=$OURS [plain]=$PLAIN)
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
$users customers; results of rfm_agg and plain SQL identical for every customer (sums to 1e-9 relative).
Median of $RUNS runs (after one warm-up), milliseconds of server execution time
(EXPLAIN ANALYZE, TIMING OFF), max_parallel_workers_per_gather = 2; min-max in brackets.

| query | time (ms) | / scan floor |
|---|---:|---:|
| (a) scan floor: \`count(*) GROUP BY customer_id\` | ${med[floor]} ($(range "${times[floor]}")) | 1.00 |
| rfm_agg + recency, orders, total and 4 weekly BTYD inputs | ${med[ours]} ($(range "${times[ours]}")) | $(r "${med[ours]}" "${med[floor]}") |
| (b) plain SQL: weekly sums, per-customer aggregates, joins | ${med[plain]} ($(range "${times[plain]}")) | $(r "${med[plain]}" "${med[floor]}") |

plain SQL / rfm_agg: **$(r "${med[plain]}" "${med[ours]}")x**.
EOF
