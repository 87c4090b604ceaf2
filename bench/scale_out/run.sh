#!/usr/bin/env bash
# Scale-out benchmark (docs/benchmarks.md, "Scale-out"): a postgres_fdw coordinator and
# 3 shard clusters on this machine (tests/scale_out/common.sh fdw_cluster: events and
# per-(user, month) summaries hash-partitioned by user) against the same rows in one
# local table on the coordinator. Times per-user usage_agg (pushed down to the shards),
# the population rollup through the per-shard recipe (UNION ALL of per-shard rollups,
# then rollup) and through the plain query (PostgreSQL 15 pulls every row), and the
# same for a population usage_agg over the raw events; medians of RUNS runs.
#   bench/scale_out/run.sh          check, time, print the tables (clusters keep running)
#   bench/scale_out/run.sh citus    the Citus tier on the full data set (1M events,
#                                   20k users), timed
#   bench/scale_out/run.sh stop     stop the clusters
# Environment: RUNS (default 3), EVENTS (default 3000000), USERS (default 50000),
# BENCH_REGENERATE=1, and those of bench/common.sh (PG_USAGE_BENCH_PORT is the
# coordinator's port, the shards take the next 3). About 10 minutes on 2 cores.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../../tests/scale_out/common.sh"
. "$HERE/../common.sh"
DB=postgres
RUNS=${RUNS:-3}
EVENTS=${EVENTS:-3000000}
USERS=${USERS:-50000}
SHARDS=3
BASE=${DATA}_scale_out
NODES=("$BASE/coord")
for ((i = 0; i < SHARDS; i++)); do NODES+=("$BASE/shard$i"); done
case "${1:-}" in
  stop) stop_all; exit 0 ;;
  citus)
    say "== Citus tier, full data set (1,000,000 events, 20,000 users)"
    start=$(date +%s)
    SCALE_EVENTS=1000000 SCALE_USERS=20000 SCALE_PG=$PG_COPY "$REPO/tests/scale_out/citus.sh"
    say "Citus tier, full data set: $(($(date +%s) - start)) s wall"
    exit 0 ;;
esac

if [ "${BENCH_NO_INSTALL:-0}" != 1 ] || [ ! -x "$PG_BIN/postgres" ]; then
  say "== building the release build into $PG_COPY"
  quiet_install "$PG_COPY"
fi
# The data is kept between runs: rebuilt when the generator, the size or the shard
# count changes (or BENCH_REGENERATE=1).
fingerprint="$(md5sum "$SCALE_DIR/generate.sql" | cut -d' ' -f1) $EVENTS $USERS $SHARDS"
if [ "${BENCH_REGENERATE:-0}" = 1 ] || [ "$(cat "$BASE/fingerprint" 2>/dev/null)" != "$fingerprint" ]; then
  say "== generating $EVENTS events of $USERS users over $SHARDS shards (a few minutes)"
  for dir in "${NODES[@]}"; do node_fresh "$dir"; done
  fdw_cluster "$BASE" "$PORT" "$SHARDS" "$EVENTS" "$USERS"
  echo "$fingerprint" > "$BASE/fingerprint"
else
  node_start "$BASE/coord" "$PORT"
  for ((i = 0; i < SHARDS; i++)); do node_start "$BASE/shard$i" $((PORT + 1 + i)); done
fi

# recipe AGG TABLE: the per-shard recipe, AGG over each shard's partition, merged by rollup.
recipe() { echo "SELECT rollup(s) FROM ($(per_shard "$1" "$2" "$SHARDS")) per_shard"; }
PER_USER="SELECT user_id, usage_agg(day, quantity, feature) FROM %s GROUP BY user_id"
# shellcheck disable=SC2059
declare -A q=(
  [user.local]=$(printf "$PER_USER" events_local)
  [user.fdw]=$(printf "$PER_USER" events)
  [stored.local]="SELECT rollup(usage) FROM summaries_local"
  [stored.recipe]=$(recipe "rollup(usage)" summaries)
  [stored.pull]="SELECT rollup(usage) FROM summaries"
  [raw.local]="SELECT usage_agg(day, quantity, feature) FROM events_local"
  [raw.recipe]=$(recipe "usage_agg(day, quantity, feature)" events)
  [raw.pull]="SELECT usage_agg(day, quantity, feature) FROM events"
)

say "== checking: every sharded form gives the single-node text"
same() { [ "$(pg -d "$DB" -tAc "SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) FROM ($1) q(t)")" \
         = "$(pg -d "$DB" -tAc "SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) FROM ($2) q(t)")" ] \
  || { say "bench: $3 differs from single node"; exit 1; }; }
same "SELECT x::text FROM (${q[user.fdw]}) x" "SELECT x::text FROM (${q[user.local]}) x" "per-user usage_agg"
for k in stored raw; do
  for form in recipe pull; do same "${q[$k.$form]}" "${q[$k.local]}" "$k $form"; done
done
grep -q "Remote SQL: SELECT user_id, public.usage_agg" <<<"$(pg -d "$DB" -tAc "EXPLAIN VERBOSE ${q[user.fdw]}")" \
  || { say "bench: per-user usage_agg is not pushed down"; exit 1; }

SERIAL="SET max_parallel_workers_per_gather = 0"
declare -A ms
for k in "${!q[@]}"; do
  say "== timing $k"
  ms[$k]=$(median_ms "$SERIAL" "${q[$k]}")
done
rows=$(pg -d "$DB" -tAc "SELECT (SELECT count(*) FROM events_local) || ' events, ' || (SELECT count(DISTINCT user_id) FROM events_local) || ' users, ' || (SELECT count(*) FROM summaries_local) || ' stored (user, month) summaries'")
cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
cat <<EOF
Machine: $cpu, $(nproc) cores shared by the coordinator and the $SHARDS shards; PostgreSQL
$(pg -d "$DB" -tAc "SHOW server_version"); $(date -u +%F). Load average after: $(cut -d' ' -f1-3 /proc/loadavg).
Data: $rows. Serial plans on every node; median of $RUNS runs after a
warm-up, milliseconds of the coordinator's execution time (EXPLAIN ANALYZE, TIMING OFF).

| query | one node | $SHARDS fdw shards | shards / one node |
|---|---:|---:|---:|
| per-user usage_agg (pushed down whole) | ${ms[user.local]} | ${ms[user.fdw]} | $(ratio "${ms[user.fdw]}" "${ms[user.local]}") |
| population rollup of stored summaries, per-shard recipe | ${ms[stored.local]} | ${ms[stored.recipe]} | $(ratio "${ms[stored.recipe]}" "${ms[stored.local]}") |
| population rollup of stored summaries, plain query (rows pulled) | ${ms[stored.local]} | ${ms[stored.pull]} | $(ratio "${ms[stored.pull]}" "${ms[stored.local]}") |
| population usage_agg of raw events, per-shard recipe | ${ms[raw.local]} | ${ms[raw.recipe]} | $(ratio "${ms[raw.recipe]}" "${ms[raw.local]}") |
| population usage_agg of raw events, plain query (rows pulled) | ${ms[raw.local]} | ${ms[raw.pull]} | $(ratio "${ms[raw.pull]}" "${ms[raw.local]}") |

Pulling rows / per-shard recipe: stored summaries $(ratio "${ms[stored.pull]}" "${ms[stored.recipe]}"), raw events $(ratio "${ms[raw.pull]}" "${ms[raw.recipe]}").
EOF
