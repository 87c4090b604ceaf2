#!/usr/bin/env bash
# Benchmark of assoc_rules: association rules over 1M generated baskets (Zipf item
# popularity over 300 items plus bundles, bench/assoc/gen.py) against mlxtend 0.23.1
# (apriori + association_rules, and fpgrowth + association_rules) on the same
# baskets. pg_usage is timed including the table scan and reading every rule
# (assoc_rules_table), serial and with 2 parallel workers; mlxtend from its one-hot
# table (the time to build that table is printed apart). Prints a markdown table.
# Run it under the machine-wide benchmark lock:
#   flock -o /tmp/pg_usage_bench.lock bench/assoc/run.sh
# Environment: RUNS (timed runs per query, default 3, after one warm-up),
# BASKETS (default 1000000), ITEMS (300), SUPPORT (0.01), CONFIDENCE (0.2), and
# those of bench/common.sh (private PostgreSQL copy, cluster, BENCH_NO_INSTALL,
# BENCH_REGENERATE). mlxtend runs in the virtualenv of tests/reference (made if missing).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../common.sh"
DB=pg_usage_bench_assoc
RUNS=${RUNS:-3}
BASKETS=${BASKETS:-1000000}
ITEMS=${ITEMS:-300}
SEED=14
SUPPORT=${SUPPORT:-0.01}
CONFIDENCE=${CONFIDENCE:-0.2}

VENV=$REPO/target/reference-venv-sk
if [ ! -f "$VENV/.done" ] || ! cmp -s "$REPO/tests/reference/requirements-sk.txt" "$VENV/.done"; then
  rm -rf "$VENV"; python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$REPO/tests/reference/requirements-sk.txt"
  cp "$REPO/tests/reference/requirements-sk.txt" "$VENV/.done"
fi
PY=$VENV/bin/python

bench_cluster "$DB"
load() {
  pg -d "$DB" -c "DROP TABLE IF EXISTS bench_baskets" -c "CREATE TABLE bench_baskets (basket bigint, item text)"
  (cd "$HERE" && "$PY" dump.py "$BASKETS" "$ITEMS" "$SEED") | pg -d "$DB" -c "\\copy bench_baskets FROM STDIN (FORMAT csv)"
  pg -d "$DB" -c "VACUUM ANALYZE bench_baskets"
}
bench_table "$DB" bench_baskets "$(cat "$HERE/gen.py" "$HERE/dump.py" | md5sum | cut -d' ' -f1) $BASKETS $ITEMS $SEED" load
rows=$(pg -d "$DB" -tAc "SELECT count(*) FROM bench_baskets")

OURS="SELECT count(*) FROM assoc_rules_table((SELECT assoc_rules(basket, item, $SUPPORT, $CONFIDENCE) FROM bench_baskets))"
FLOOR="SELECT count(*) FROM (SELECT DISTINCT basket, item FROM bench_baskets) d"
time_query() { # settings, query -> ms of server execution time
  pg -d "$DB" -tA -c "$1" -c "EXPLAIN (ANALYZE, TIMING OFF) $2" | sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p'
}
declare -A times
names=(serial parallel floor)
declare -A sql=([serial]=$OURS [parallel]=$OURS [floor]=$FLOOR)
declare -A set=([serial]="SET max_parallel_workers_per_gather = 0" [parallel]="SET max_parallel_workers_per_gather = 2"
                [floor]="SET max_parallel_workers_per_gather = 0")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq 0 "$RUNS"); do
  for q in "${names[@]}"; do
    t=$(time_query "${set[$q]}" "${sql[$q]}")
    if [ "$run" -gt 0 ]; then times[$q]+="$t "; fi
    say "   run $run $q: $t ms"
  done
done
# Memory of the serial aggregate: the growth of the backend's anonymous RSS (RssAnon,
# sampled every 10 ms) over its level before the query; every allocation of the
# state is in the aggregate's memory context.
memory_kb() {
  local pidf; pidf=$(mktemp)
  pg -d "$DB" -tA -o /dev/null <<SQL &
SET max_parallel_workers_per_gather = 0;
SELECT pg_backend_pid() AS pid \\gset
\\o $pidf
\\qecho :pid
\\o /dev/null
SELECT pg_sleep(0.5);
$1;
SQL
  local session=$!
  for _ in $(seq 200); do [ -s "$pidf" ] && break; sleep 0.05; done
  local pid; pid=$(cat "$pidf"); rm -f "$pidf"
  while kill -0 "$session" 2>/dev/null; do
    while read -r key value _; do
      if [ "$key" = RssAnon: ]; then echo "$value"; break; fi
    done <"/proc/$pid/status" 2>/dev/null || true
    sleep 0.01
  done | awk 'NR == 1 {base = $1} $1 > peak {peak = $1} END {print peak - base}'
  wait "$session"
}
memory=$(memory_kb "$OURS")
say "   memory of the serial aggregate: $memory kB"
say "== mlxtend"
ml=$(cd "$HERE" && "$PY" mlxtend_time.py "$BASKETS" "$ITEMS" "$SEED" "$SUPPORT" "$CONFIDENCE")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
say "   $ml"
jq() { "$PY" -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$ml" "$1"; }

# The same rules: count and the hash of the sorted (antecedent -> consequent) list.
ours_hash=$(pg -d "$DB" -tA -c "SELECT md5(string_agg(a || '->' || c, E'\\n' ORDER BY a || '->' || c COLLATE \"C\"))
  FROM (SELECT array_to_string(antecedent, ',') a, array_to_string(consequent, ',') c
        FROM assoc_rules_table((SELECT assoc_rules(basket, item, $SUPPORT, $CONFIDENCE) FROM bench_baskets))) r")
ours_rules=$(pg -d "$DB" -tAc "$OURS")
same=no
if [ "$ours_hash" = "$(jq apriori_hash)" ] && [ "$ours_rules" = "$(jq apriori_rules)" ] && [ "$(jq fpgrowth_hash)" = "$ours_hash" ]; then same=yes; fi

median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
declare -A med
for q in "${names[@]}"; do med[$q]=$(median "${times[$q]}"); done
ms() { awk -v s="$1" 'BEGIN {printf "%.0f", s * 1000}'; }
r() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", a / b}'; }
apriori_ms=$(ms "$(jq apriori_s)"); fp_ms=$(ms "$(jq fpgrowth_s)"); onehot_ms=$(ms "$(jq one_hot_s)")
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo)
pgv=$(pg -d "$DB" -tAc "SHOW server_version")
cat <<OUT
Machine: $cpu, $(nproc) cores, $mem RAM; PostgreSQL $pgv; mlxtend 0.23.1; $(date -u +%F).
Load average (1/5/15 min) before: $load_before, after: $load_after.
$BASKETS baskets, $rows (basket, item) rows over $ITEMS items; min_support $SUPPORT, min_confidence $CONFIDENCE:
$ours_rules rules, $(jq apriori_itemsets) frequent itemsets; the same rules as mlxtend's apriori and fpgrowth: $same.
Memory of the serial aggregate (growth of the backend's RssAnon during the query): $memory kB.

| run | ms | vs assoc_rules serial |
|---|---:|---:|
| assoc_rules + assoc_rules_table, serial (table scan included) | ${med[serial]} | 1.0 |
| assoc_rules + assoc_rules_table, 2 parallel workers | ${med[parallel]} | $(r "${med[parallel]}" "${med[serial]}") |
| scan floor: SELECT DISTINCT basket, item (serial) | ${med[floor]} | $(r "${med[floor]}" "${med[serial]}") |
| mlxtend apriori + association_rules (from the one-hot table) | $apriori_ms | $(r "$apriori_ms" "${med[serial]}") |
| mlxtend fpgrowth + association_rules (from the one-hot table) | $fp_ms | $(r "$fp_ms" "${med[serial]}") |
| mlxtend: building the one-hot table from the pairs (pandas/numpy) | $onehot_ms | $(r "$onehot_ms" "${med[serial]}") |
OUT
