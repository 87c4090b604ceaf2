#!/usr/bin/env bash
# Memory of usage_agg under HashAggregate, measured from outside the backend.
# 300k groups (3 events each, 1 to 3 features) with work_mem = 4MB:
#  - the backend's anonymous RSS (RssAnon of /proc/PID/status, sampled every 10 ms
#    during and after the query) stays under 64 MB;
#  - EXPLAIN (ANALYZE)'s Memory Usage of the HashAggregate is within 2x of the true
#    state size. True state size: the growth of the backend's anonymous RSS while the
#    states are held (peak during the aggregation minus the baseline just before),
#    what the kernel says the states cost whichever allocator holds them. It is
#    measured in two runs, each in a fresh session: all 300k states resident (work_mem = 4GB,
#    one batch), where the states dominate the growth, and the spilling run;
#  - after each query the backend's anonymous RSS returns to its baseline (within 1 MB).
#   tests/memory/hash_agg.sh [DATA_DIR] [PORT]      (PG_USAGE_PG_BIN: another install)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../scripts/common.sh"
DATA=${1:-/tmp/pg_usage_hashagg_$$}
PORT=${2:-28824}
PG_BIN=${PG_USAGE_PG_BIN:-$PG_BIN}
LIMIT_KB=$((64 * 1024))
WORK=$(mktemp -d /tmp/pg_usage_hashagg_work.XXXXXX)
chmod 777 "$WORK"
trap 'cluster_stop "$DATA"; rm -rf "$DATA"; [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"' EXIT
rm -rf "$DATA"
cluster_start "$DATA" "$PORT"
PSQL=("$PG_BIN/psql" -X -h /tmp -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q)
"${PSQL[@]}" <<'SQL'
CREATE EXTENSION pg_usage;
CREATE TABLE ev AS
  SELECT g % 300000 AS uid, date '2024-01-01' + g / 300000 AS d, (g % 7)::float8 AS q, 'feature ' || (g % 3 + g / 300000 % 2) AS f
  FROM generate_series(0, 899999) g;
VACUUM ANALYZE ev;
SQL

# One fresh session per run (a backend's baseline is not shared between runs): a
# warm-up, a pause (baseline), the query, a pause (after). Phase marks are clock
# readings (microseconds) written by psql; the sampler reads the same clock.
measure() {
  local run=$1 work_mem=$2
  "${PSQL[@]}" -At -v work="$WORK" >"$WORK/$run.explain" <<SQL &
SET max_parallel_workers_per_gather = 0;
SET enable_sort = off;
SET jit = off;
SELECT events(usage_agg(d, q, f)) IS NULL FROM ev WHERE uid < 1000;
SELECT pg_backend_pid() AS pid \gset
\o :work/$run.pid
\qecho :pid
\o
SELECT pg_sleep(1);
\! date +%s%6N > $WORK/$run.start
SET work_mem = '$work_mem';
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT uid, usage_agg(d, q, f) FROM ev GROUP BY uid;
\! date +%s%6N > $WORK/$run.end
SELECT pg_sleep(1.5);
\! date +%s%6N > $WORK/$run.after
SQL
  local session=$! pid
  for _ in $(seq 200); do [ -s "$WORK/$run.pid" ] && break; sleep 0.05; done
  pid=$(cat "$WORK/$run.pid")
  # Bash builtins only between samples (no fork per read).
  while kill -0 "$session" 2>/dev/null; do
    while read -r key value _; do
      if [ "$key" = RssAnon: ]; then echo "${EPOCHREALTIME/./} $value"; break; fi
    done <"/proc/$pid/status" 2>/dev/null || true
    sleep 0.01
  done >"$WORK/$run.samples"
  wait "$session"
}

# max or last of a run's samples in [mark a, mark b) (from the first sample when a is -)
stat() {
  local from=0
  [ "$3" != - ] && from=$(cat "$WORK/$1.$3")
  awk -v a="$from" -v b="$(cat "$WORK/$1.$4")" -v f="$2" '$1 >= a && $1 < b { n++; v = $2; if (n == 1 || v > mx) mx = v }
    END { if (!n) { print 0; exit } print (f == "max" ? mx : v) }' "$WORK/$1.samples"
}

passed=0 failed=0
check() {
  if eval "$2"; then passed=$((passed + 1)); echo "ok: $1"; else failed=$((failed + 1)); echo "FAILED: $1"; fi
}
samples=0
for run in full spill; do
  work_mem=$([ $run = full ] && echo 4GB || echo 4MB)
  measure $run $work_mem
  base=$(stat $run last - start)
  peak=$(stat $run max start end)
  after=$(stat $run last end after)
  mem=$(sed -n 's/.*Memory Usage: \([0-9]*\)kB.*/\1/p' "$WORK/$run.explain")
  nb=$(sed -n 's/.*Batches: \([0-9]*\).*/\1/p' "$WORK/$run.explain")
  true_kb=$((peak - base))
  samples=$((samples + $(wc -l <"$WORK/$run.samples")))
  echo "$run (work_mem $work_mem): HashAggregate Batches $nb, Memory Usage ${mem} kB; backend RssAnon" \
    "baseline ${base} kB, peak ${peak} kB, after ${after} kB; true state size (peak - baseline) ${true_kb} kB"
  check "$run: EXPLAIN Memory Usage ${mem} kB within 2x of the true state size ${true_kb} kB" \
    "[ $((2 * mem)) -ge $true_kb ] && [ $((2 * true_kb)) -ge $mem ]"
  check "$run: the backend returns to its baseline after the query (${after} kB vs ${base} kB, within 1 MB)" \
    "[ $after -le $((base + 1024)) ]"
  if [ "$run" = spill ]; then
    check "spill: HashAggregate spilled (Batches $nb > 1)" "[ ${nb:-0} -gt 1 ]"
    check "spill: peak anonymous RSS ${peak} kB under $LIMIT_KB kB" "[ $peak -lt $LIMIT_KB ]"
  else
    check "full: one batch, all 300000 states resident (Batches $nb)" "[ ${nb:-0} -eq 1 ]"
  fi
done
echo "$samples RSS samples; $passed passed, $failed failed"
[ "$failed" = 0 ]
