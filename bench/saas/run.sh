#!/usr/bin/env bash
# Benchmark of the SaaS family: 100k customers x 36 months of month-aligned
# subscription periods (bench/saas/gen_subscriptions.py, seed 42). From the raw
# subscriptions to (1) a per-customer movements table and (2) a monthly metrics
# table, with pg_usage (mrr_agg -> mrr_movements, saas_agg -> saas_metrics) and with
# the dbt mrr-playbook's logic in plain SQL (bench/saas/playbook.sql). Checks that
# both give identical rows, then times both, serial and with 2 workers, and prints
# a markdown table.
#   bench/saas/run.sh          check, time, print the table (the cluster keeps running)
#   bench/saas/run.sh stop     stop the benchmark cluster
# Environment: RUNS (timed runs per setting, default 3, after one warm-up),
# CUSTOMERS (default 100000), and those of bench/common.sh (private PostgreSQL copy,
# cluster, BENCH_NO_INSTALL, BENCH_REGENERATE). Takes about 5 minutes on 2 cores.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../common.sh"
DB=pg_usage_bench_saas
RUNS=${RUNS:-3}
CUSTOMERS=${CUSTOMERS:-100000}
if [ "${1:-}" = stop ]; then cluster_stop "$DATA"; exit 0; fi

load_subscriptions() {
  local csv
  csv=$(mktemp /tmp/pg_usage_bench_saas.XXXXXX.csv)
  python3 "$HERE/gen_subscriptions.py" "$CUSTOMERS" 42 >"$csv"
  pg -d "$DB" -c "DROP TABLE IF EXISTS bench_subs" \
     -c "CREATE TABLE bench_subs (subscription_id int, customer_id int, start_date date, end_date date, monthly_amount numeric)" \
     -c "\\copy bench_subs FROM '$csv' WITH (FORMAT csv, HEADER)" -c "VACUUM ANALYZE bench_subs"
  rm -f "$csv"
}
bench_cluster "$DB"
bench_table "$DB" bench_subs "$(md5sum "$HERE/gen_subscriptions.py" | cut -d' ' -f1)-$CUSTOMERS" load_subscriptions

SERIAL="SET max_parallel_workers_per_gather = 0;"
PARALLEL="SET max_parallel_workers_per_gather = 2;"
# Runs a script with \timing; prints the statement times (ms), one per line.
timed() { # setting file
  { echo "$1"; echo '\timing on'; cat "$2"; } | pg -d "$DB" | sed -n 's/^Time: \([0-9.]*\) ms.*$/\1/p'
}

say "== checking: pg_usage and the playbook SQL give identical rows"
timed "$PARALLEL" "$HERE/ours.sql" >/dev/null
timed "$PARALLEL" "$HERE/playbook.sql" >/dev/null
read -r mov_rows mov_diff met_rows met_diff < <(pg -d "$DB" -tA -F' ' -f "$HERE/check.sql")
subs=$(pg -d "$DB" -tAc "SELECT count(*) || ' subscriptions, ' || count(DISTINCT customer_id) || ' customers' FROM bench_subs")
say "   $subs; movement rows: $mov_rows (differing: $mov_diff), metric rows: $met_rows (differing: $met_diff)"
if [ "$mov_diff" != 0 ] || [ "$met_diff" != 0 ] || [ "$mov_rows" = 0 ]; then
  say "bench: results differ, not timing"; exit 1
fi

declare -A t
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq 0 "$RUNS"); do
  for mode in serial parallel; do
    setting=$SERIAL; [ $mode = parallel ] && setting=$PARALLEL
    # ours.sql: DROP, histories, movements, metrics; playbook.sql: DROP, movements, metrics.
    mapfile -t o < <(timed "$setting" "$HERE/ours.sql")
    mapfile -t b < <(timed "$setting" "$HERE/playbook.sql")
    ours_mov=$(awk -v a="${o[1]}" -v b="${o[2]}" 'BEGIN {print a + b}')
    ours_all=$(awk -v a="${o[1]}" -v b="${o[2]}" -v c="${o[3]}" 'BEGIN {print a + b + c}')
    base_all=$(awk -v a="${b[1]}" -v b="${b[2]}" 'BEGIN {print a + b}')
    say "   run $run $mode: pg_usage ${o[1]} + ${o[2]} + ${o[3]} ms, playbook SQL ${b[1]} + ${b[2]} ms"
    if [ "$run" -gt 0 ]; then
      t[ours_mov.$mode]+="$ours_mov "; t[ours_met.$mode]+="${o[3]} "; t[ours_all.$mode]+="$ours_all "
      t[base_mov.$mode]+="${b[1]} "; t[base_met.$mode]+="${b[2]} "; t[base_all.$mode]+="$base_all "
    fi
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{a[NR]=$1} END {printf "%.0f", (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
r() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; }
declare -A m
for k in "${!t[@]}"; do m[$k]=$(median "${t[$k]}"); done
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)
pgv=$(pg -d "$DB" -tAc "SHOW server_version")
row() { # label key
  echo "| $1 | ${m[base_$2.serial]} | ${m[ours_$2.serial]} | $(r "${m[base_$2.serial]}" "${m[ours_$2.serial]}") | ${m[base_$2.parallel]} | ${m[ours_$2.parallel]} | $(r "${m[base_$2.parallel]}" "${m[ours_$2.parallel]}") |"
}
cat <<EOF
Machine: $cpu, $(nproc) cores, $mem RAM; PostgreSQL $pgv; $(date -u +%F).
Workload: $subs; $mov_rows movement rows, $met_rows months. Both sides produce identical rows (checked with EXCEPT ALL both ways before timing).
Load average (1/5/15 min) before: $load_before, after: $load_after.
Median of $RUNS runs (after one warm-up), milliseconds of wall time per CREATE UNLOGGED TABLE AS (psql \\timing).

| step | playbook SQL, serial | pg_usage, serial | speed-up | playbook SQL, 2 workers | pg_usage, 2 workers | speed-up |
|---|---:|---:|---:|---:|---:|---:|
$(row "movements table (pg_usage: mrr_agg per customer + mrr_movements)" mov)
$(row "monthly metrics table (pg_usage: saas_agg + saas_metrics over the histories; playbook: GROUP BY + lag over its movements)" met)
$(row "**both tables, from the raw subscriptions** (target >= 3x)" all)
EOF
