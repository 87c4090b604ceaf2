#!/usr/bin/env bash
# Benchmark of kmeans_fit on 1,000,000 points of 10 dimensions around 8 centres
# (generate.py, seeded) against scikit-learn's KMeans(algorithm='lloyd', n_init=1)
# from the same 8 starting centroids, single-threaded (OMP_NUM_THREADS=1 and
# threadpoolctl). The SQL time includes the table scan (server execution time of
# EXPLAIN ANALYZE); scikit-learn's is the fit of arrays already in memory. Checks
# that both reach the same centroids and inertia; prints a markdown table.
#   bench/kmeans/run.sh            (run it under flock -o /tmp/pg_usage_bench.lock)
# Environment: N (points, default 1000000), D (10), K (8), SEED (42), RUNS (timed SQL
# runs after one warm-up in the session, default 3), SK_RUNS (scikit-learn fits,
# default 3), VENV (virtualenv with scikit-learn, default the reference checks' one),
# BENCH_NO_INSTALL=1, PG_USAGE_BENCH_DATA / _PORT / _PG (bench/common.sh).
#   bench/kmeans/run.sh stop     stops the benchmark cluster
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../common.sh"
if [ "${1:-}" = stop ]; then cluster_stop "$DATA"; exit 0; fi
DB=pg_usage_bench_kmeans
N=${N:-1000000}
D=${D:-10}
K=${K:-8}
SEED=${SEED:-42}
RUNS=${RUNS:-3}
SK_RUNS=${SK_RUNS:-3}
VENV=${VENV:-$REPO/target/reference-venv-sk}
PREFIX=/tmp/pg_usage_bench_kmeans_${N}_${D}_${K}_${SEED}

if [ ! -x "$VENV/bin/python" ]; then
  say "== creating $VENV (tests/reference/requirements-sk.txt)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$REPO/tests/reference/requirements-sk.txt"
fi
[ -f "$PREFIX.csv" ] || { say "== generating $N x $D points (seed $SEED)"; "$VENV/bin/python" "$HERE/generate.py" "$PREFIX" "$N" "$D" "$K" "$SEED"; }
INIT=$(cat "${PREFIX}_init.txt")

load() {
  pg -d "$DB" -c "DROP TABLE IF EXISTS points" -c "CREATE TABLE points (id int, v float8[])" \
    -c "\\copy points FROM '$PREFIX.csv' WITH (FORMAT csv)" -c "VACUUM ANALYZE points"
}
bench_cluster "$DB"
bench_table "$DB" points "$(md5sum "$HERE/generate.py" | cut -d' ' -f1)-$N-$D-$K-$SEED" load

Q_FIT="SELECT kmeans_fit(v, $K, $INIT) FROM points"
Q_SCAN="SELECT sum(cardinality(v)) FROM points"
say "== timing SQL ($RUNS runs after a warm-up); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
FIT0=$(median_ms "SET max_parallel_workers_per_gather = 0" "$Q_FIT")
FIT2=$(median_ms "SET max_parallel_workers_per_gather = 2" "$Q_FIT")
SCAN0=$(median_ms "SET max_parallel_workers_per_gather = 0" "$Q_SCAN")
pg -d "$DB" -tA -c "SET max_parallel_workers_per_gather = 0" -c "SELECT kmeans_fit(v, $K, $INIT)::text FROM points" >"$PREFIX.model.json"
SAME=$(pg -d "$DB" -tA -c "SET max_parallel_workers_per_gather = 2" -c "SELECT kmeans_fit(v, $K, $INIT)::text FROM points" | cmp -s - "$PREFIX.model.json" && echo true || echo false)

say "== scikit-learn, single-threaded ($SK_RUNS fits)"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 "$VENV/bin/python" "$HERE/sk_fit.py" "$PREFIX" "$SK_RUNS" >"$PREFIX.sk.json"
say "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$N" "$D" "$K" "$FIT0" "$FIT2" "$SCAN0" "$SAME" "$PREFIX" <<'PY'
import json, statistics, sys
n, d, k = (int(x) for x in sys.argv[1:4])
fit0, fit2, scan0 = (float(x) for x in sys.argv[4:7])
same, prefix = sys.argv[7], sys.argv[8]
ours, sk = json.load(open(prefix + ".model.json")), json.load(open(prefix + ".sk.json"))
sk_t = statistics.median(sk["times"]) * 1000
worst = max(abs(a - b) / max(abs(b), 1.0) for ca, cb in zip(ours["centroids"], sk["centroids"]) for a, b in zip(ca, cb))
print(f"{n:,} points x {d} dimensions, k = {k}, the same starting centroids; scikit-learn {sk['version']} "
      f"{sk['n_iter']} iterations, kmeans_fit {ours['iterations']}.\n")
print("| | time | vs scikit-learn |")
print("|---|---:|---:|")
print(f"| scikit-learn KMeans(algorithm='lloyd'), 1 thread, data in memory (median of {len(sk['times'])}) | {sk_t/1000:.2f} s | 1.00 |")
print(f"| kmeans_fit, serial, including the table scan | {fit0/1000:.2f} s | {sk_t/fit0:.2f}x |")
print(f"| kmeans_fit, 2 parallel workers (the scan split) | {fit2/1000:.2f} s | {sk_t/fit2:.2f}x |")
print(f"| scan floor: sum(cardinality(v)), serial | {scan0/1000:.2f} s | |")
print(f"\ninertia: kmeans_fit {ours['inertia']!r}, scikit-learn {sk['inertia']!r} "
      f"(relative difference {abs(ours['inertia'] - sk['inertia']) / sk['inertia']:.1e}); "
      f"largest centroid difference {worst:.1e}; parallel model equals serial: {same}")
PY
