#!/usr/bin/env bash
# Benchmark of the two-step pattern (docs/benchmarks.md, "Two-step aggregates"):
# stored monthly summaries rolled up per user against recomputing from the raw
# events, at two densities; the cost of building per-(user, month) summaries
# against the scan floor of the same GROUP BY; rollup(rfm_summary) against rfm_agg;
# and a 5M-group usage_agg under work_mem = 64MB (spills, peak RSS).
#   bench/rollup/run.sh          check, time, print the tables (the cluster keeps running)
#   bench/rollup/run.sh stop     stop the benchmark cluster
# Environment: RUNS (timed runs per query after one warm-up, default 3) and those of
# bench/common.sh. Needs what scripts/setup.sh installs. About 15 minutes on 2 cores.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../common.sh"
DB=pg_usage_bench
RUNS=${RUNS:-3}
if [ "${1:-}" = stop ]; then cluster_stop "$DATA"; exit 0; fi
bench_setup "$DB" ev_sparse
say "== storing the monthly summaries (usage_summary and rfm_summary per user and month)"
pg -d "$DB" <<SQL
SET max_parallel_workers_per_gather = 0;
SET work_mem = '1GB';
DROP TABLE IF EXISTS monthly_dense, monthly_sparse, rfm_monthly_dense;
CREATE TABLE monthly_dense AS
SELECT uid, date_trunc('month', day)::date AS month, usage_agg(day, qty, feature) AS s FROM ev_dense GROUP BY 1, 2;
CREATE TABLE monthly_sparse AS
SELECT uid, date_trunc('month', day)::date AS month, usage_agg(day, qty, feature) AS s FROM ev_sparse GROUP BY 1, 2;
CREATE TABLE rfm_monthly_dense AS
SELECT uid, date_trunc('month', day)::date AS month, rfm_agg(day, qty) AS r FROM ev_dense GROUP BY 1, 2;
VACUUM (FREEZE, ANALYZE) monthly_dense, monthly_sparse, rfm_monthly_dense;
SQL

SERIAL="SET max_parallel_workers_per_gather = 0"
ACCESSORS="events(s), active_days(s), first_seen(s), last_seen(s), total_quantity(s), feature_breadth(s)"

verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {print ((op == "<=" ? v <= t : v >= t) ? "met" : "**missed**")}'; }

# Every figure compared must be the same answer: rollups equal usage_agg and rfm_agg
# over the raw rows (text form, every user), and plain SQL's figures.
check() {
  local d=$1 bad
  bad=$(pg -d "$DB" -tAc "$SERIAL; SET work_mem = '1GB';
    WITH r AS (SELECT uid, rollup(s) s FROM monthly_$d GROUP BY uid),
         a AS (SELECT uid, usage_agg(day, qty, feature) s FROM ev_$d GROUP BY uid),
         p AS (SELECT uid, count(*) e, count(DISTINCT day) ad, min(day) f, max(day) l, sum(qty) q,
                      count(DISTINCT feature) b FROM ev_$d GROUP BY uid)
    SELECT count(*) FILTER (WHERE r.s::text IS DISTINCT FROM a.s::text
             OR (events(r.s), active_days(r.s), first_seen(r.s), last_seen(r.s), total_quantity(r.s), feature_breadth(r.s))
                IS DISTINCT FROM (p.e, p.ad, p.f, p.l, p.q, p.b))
    FROM r FULL JOIN a USING (uid) FULL JOIN p USING (uid)")
  [ "$bad" = 0 ] || { say "bench: $bad users of $d differ between rollup, usage_agg and plain SQL"; exit 1; }
}
say "== checking: rollup = usage_agg = plain SQL for every user (dense, sparse), rfm rollup = rfm_agg"
check dense
check sparse
bad=$(pg -d "$DB" -tAc "$SERIAL; SELECT count(*) FROM (SELECT uid, rollup(r)::text t FROM rfm_monthly_dense GROUP BY uid) x
  FULL JOIN (SELECT uid, rfm_agg(day, qty)::text t FROM ev_dense GROUP BY uid) y USING (uid) WHERE x.t IS DISTINCT FROM y.t")
[ "$bad" = 0 ] || { say "bench: $bad rfm summaries differ"; exit 1; }

declare -A ms
for d in dense sparse; do
  say "== timing $d ($RUNS runs after a warm-up, serial)"
  ms[rollup.$d]=$(median_ms "$SERIAL" "SELECT uid, $ACCESSORS FROM (SELECT uid, rollup(s) s FROM monthly_$d GROUP BY uid) x")
  ms[plain.$d]=$(median_ms "$SERIAL" "SELECT uid, count(*), count(DISTINCT day), min(day), max(day), sum(qty), count(DISTINCT feature) FROM ev_$d GROUP BY uid")
  ms[raw.$d]=$(median_ms "$SERIAL" "SELECT uid, $ACCESSORS FROM (SELECT uid, usage_agg(day, qty, feature) s FROM ev_$d GROUP BY uid) x")
  ms[floor_um.$d]=$(median_ms "$SERIAL" "SELECT uid, date_trunc('month', day), count(*) FROM ev_$d GROUP BY 1, 2")
  ms[build_um.$d]=$(median_ms "$SERIAL" "SELECT uid, date_trunc('month', day), usage_agg(day, qty, feature) FROM ev_$d GROUP BY 1, 2")
done
say "== timing rfm"
ms[rfm_rollup]=$(median_ms "$SERIAL" "SELECT uid, purchase_days(r), monetary_total(r) FROM (SELECT uid, rollup(r) r FROM rfm_monthly_dense GROUP BY uid) x")
ms[rfm_raw]=$(median_ms "$SERIAL" "SELECT uid, purchase_days(r), monetary_total(r) FROM (SELECT uid, rfm_agg(day, qty) r FROM ev_dense GROUP BY uid) x")

say "== 5M+ groups under work_mem = 64MB"
spill=$(pg -d "$DB" -tA <<SQL
$SERIAL;
SET work_mem = '64MB';
SET enable_sort = off;
EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF) SELECT uid, day, usage_agg(day, qty, feature) FROM ev_sparse GROUP BY uid, day;
SELECT regexp_replace(pg_read_file('/proc/self/status'), '.*(VmHWM:[^\n]*).*', '\1');
SQL
)
say "$spill"
groups=$(sed -n 's/.*rows=\([0-9]*\).*/\1/p' <<<"$spill" | head -1)
batches=$(sed -n 's/.*Batches: \([0-9]*\).*/\1/p' <<<"$spill" | head -1)
memory=$(sed -n 's/.*Memory Usage: \([0-9]*kB\).*/\1/p' <<<"$spill" | head -1)
disk=$(sed -n 's/.*Disk Usage: \([0-9]*kB\).*/\1/p' <<<"$spill" | head -1)
hwm_kb=$(sed -En 's/^VmHWM:\s+([0-9]+) kB/\1/p' <<<"$spill")
hwm_mb=$((hwm_kb / 1024))

cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
cat <<EOF
Machine: $cpu, $(nproc) cores; PostgreSQL $(pg -d "$DB" -tAc "SHOW server_version"); $(date -u +%F).
Load average after: $(cut -d' ' -f1-3 /proc/loadavg). Serial plans; median of $RUNS runs after a warm-up,
milliseconds of server execution time (EXPLAIN ANALYZE, TIMING OFF).

| query | dense (10k users) | sparse (100k users) |
|---|---:|---:|
| rollup of stored monthly summaries + 6 accessors | ${ms[rollup.dense]} | ${ms[rollup.sparse]} |
| plain SQL over the raw events (count, 2 x count DISTINCT, min, max, sum) | ${ms[plain.dense]} | ${ms[plain.sparse]} |
| usage_agg over the raw events + 6 accessors | ${ms[raw.dense]} | ${ms[raw.sparse]} |
| scan floor of GROUP BY (user, month): count(*) | ${ms[floor_um.dense]} | ${ms[floor_um.sparse]} |
| usage_agg GROUP BY (user, month) | ${ms[build_um.dense]} | ${ms[build_um.sparse]} |

| ratio | dense | sparse | target |
|---|---:|---:|---|
| plain SQL / rollup | $(ratio "${ms[plain.dense]}" "${ms[rollup.dense]}") | $(ratio "${ms[plain.sparse]}" "${ms[rollup.sparse]}") | dense >= 5: $(verdict "$(ratio "${ms[plain.dense]}" "${ms[rollup.dense]}")" 5 ">="); sparse >= 1: $(verdict "$(ratio "${ms[plain.sparse]}" "${ms[rollup.sparse]}")" 1 ">=") |
| usage_agg raw / rollup | $(ratio "${ms[raw.dense]}" "${ms[rollup.dense]}") | $(ratio "${ms[raw.sparse]}" "${ms[rollup.sparse]}") | dense >= 3: $(verdict "$(ratio "${ms[raw.dense]}" "${ms[rollup.dense]}")" 3 ">=") |
| usage_agg (user, month) / its scan floor | $(ratio "${ms[build_um.dense]}" "${ms[floor_um.dense]}") | $(ratio "${ms[build_um.sparse]}" "${ms[floor_um.sparse]}") | <= 2: $(verdict "$(ratio "${ms[build_um.dense]}" "${ms[floor_um.dense]}")" 2 "<="), $(verdict "$(ratio "${ms[build_um.sparse]}" "${ms[floor_um.sparse]}")" 2 "<=") |

| rfm (dense orders) | ms | |
|---|---:|---|
| rollup of monthly rfm_summary + purchase_days, monetary_total | ${ms[rfm_rollup]} | |
| rfm_agg over the raw orders + the same 2 accessors | ${ms[rfm_raw]} | |
| rfm_agg / rollup | $(ratio "${ms[rfm_raw]}" "${ms[rfm_rollup]}") | target >= 5: $(verdict "$(ratio "${ms[rfm_raw]}" "${ms[rfm_rollup]}")" 5 ">=") |

usage_agg GROUP BY (user, day) of ev_sparse, work_mem = 64MB: $groups groups, HashAggregate
batches $batches, Memory Usage $memory, Disk Usage $disk; backend peak RSS (VmHWM) $hwm_mb MB
(target < 1024 MB: $(verdict "$hwm_mb" 1024 "<=")).
EOF
