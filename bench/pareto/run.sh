#!/usr/bin/env bash
# Benchmark of pareto_nbd_fit against lifetimes 0.11.3's ParetoNBDFitter on the
# synthetic customers of bench/cltv (generate.py, 1,000,000 customers, seed 42):
# whole lifetimes fits on the first 10,000 and 100,000 customers, and on all of them
# the time of LT_EVALS evaluations of lifetimes' likelihood (a whole fit there takes
# hours on the shared 2-core machine); pareto_nbd_fit on the same rows, serially and
# with 2 workers; parameters compared. Prints a markdown table. Run under the lock:
#   flock -o /tmp/pg_usage_bench.lock bench/pareto/run.sh
# Environment: SIZES (whole lifetimes fits, default "10000 100000"), LT_EVAL_SIZES
# (sizes where only LT_EVALS evaluations are timed, default 1000000), LT_EVALS (10),
# RUNS (timed SQL runs after a warm-up, default 3), VENV (virtualenv with lifetimes,
# default /tmp/ltv, created if missing), LT_REFIT=1 (refit with lifetimes instead of
# reusing the whole fits kept in /tmp/pg_usage_bench_pareto_lt_*.json), BENCH_NO_INSTALL=1, PG_USAGE_BENCH_DATA /
# _PORT / _PG (see bench/common.sh).
#   bench/pareto/run.sh stop     stops the benchmark cluster
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../common.sh"
if [ "${1:-}" = stop ]; then cluster_stop "$DATA"; exit 0; fi
DB=pg_usage_bench_pareto
N=1000000
SEED=42
RUNS=${RUNS:-3}
SIZES=${SIZES:-"10000 100000"}
LT_EVAL_SIZES=${LT_EVAL_SIZES:-$N}
LT_EVALS=${LT_EVALS:-10}
VENV=${VENV:-/tmp/ltv}
CSV=/tmp/pg_usage_bench_cltv_${N}_${SEED}.csv
OUT=$(mktemp -d /tmp/pg_usage_bench_pareto.XXXXXX)

if [ ! -x "$VENV/bin/python" ]; then
  say "== creating $VENV with lifetimes 0.11.3"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$HERE/../../tests/reference/requirements-lt.txt"
fi
[ -f "$CSV" ] || { say "== generating $N customers (seed $SEED)"; "$VENV/bin/python" "$HERE/../cltv/generate.py" "$CSV" "$N" "$SEED"; }

load_synth() { # rows numbered in file order, so that id <= n are lifetimes' first n
  pg -d "$DB" -c "DROP TABLE IF EXISTS synth" \
    -c "CREATE TABLE synth (id bigint GENERATED ALWAYS AS IDENTITY, x int, t_x float8, age float8, monetary float8)" \
    -c "\\copy synth (x, t_x, age, monetary) FROM '$CSV' WITH (FORMAT csv, HEADER)" -c "VACUUM ANALYZE synth"
}
bench_cluster "$DB"
bench_table "$DB" synth "$(md5sum "$HERE/../cltv/generate.py" | cut -d' ' -f1)-$N-$SEED-id" load_synth

say "== load average before (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $SIZES $LT_EVAL_SIZES; do
  q="SELECT pareto_nbd_fit(x, t_x, age) FROM synth WHERE id <= $n"
  echo "$n $(median_ms "SET max_parallel_workers_per_gather = 0" "$q") $(median_ms "SET max_parallel_workers_per_gather = 2" "$q")" >>"$OUT/sql_ms"
  pg -d "$DB" -tA -c "SELECT pareto_nbd_fit(x, t_x, age)::text FROM synth WHERE id <= $n" >"$OUT/pg_$n.json"
  pg -d "$DB" -tA -c "SET max_parallel_workers_per_gather = 2" \
    -c "SELECT pareto_nbd_fit(x, t_x, age)::text = '$(cat "$OUT/pg_$n.json")' FROM synth WHERE id <= $n" >"$OUT/same_$n"
done
for n in $SIZES; do
  # A whole lifetimes fit takes minutes to an hour here: kept in /tmp and reused
  # (seeded, so the same fit) unless LT_REFIT=1.
  cache=/tmp/pg_usage_bench_pareto_lt_${n}_${SEED}.json
  if [ "${LT_REFIT:-0}" = 1 ] || [ ! -s "$cache" ]; then
    say "== lifetimes on the first $n customers"
    "$VENV/bin/python" "$HERE/lifetimes_pareto.py" "$CSV" "$n" >"$cache"
  fi
  cp "$cache" "$OUT/lt_$n.json"
done
for n in $LT_EVAL_SIZES; do
  say "== lifetimes: $LT_EVALS likelihood evaluations on the first $n customers"
  "$VENV/bin/python" "$HERE/lifetimes_pareto.py" "$CSV" "$n" 1 "$LT_EVALS" >"$OUT/lt_$n.json"
done
say "== load average after (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$OUT" "$LT_EVAL_SIZES" "$SIZES" <<'PY'
import json, sys
out, bigs, sizes = sys.argv[1], [int(s) for s in sys.argv[2].split()], [int(s) for s in sys.argv[3].split()]
sql = {int(l.split()[0]): [float(v) / 1000 for v in l.split()[1:]] for l in open(f"{out}/sql_ms")}
pg = {n: json.load(open(f"{out}/pg_{n}.json")) for n in sizes + bigs}
lt = {n: json.load(open(f"{out}/lt_{n}.json")) for n in sizes + bigs}
print("| customers | distinct rows | lifetimes 0.11.3 wall (CPU) | lifetimes evaluations | pareto_nbd_fit serial | 2 workers | speed-up serial | speed-up 2 workers |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    w, c = lt[n]["runs"][0], lt[n].get("cpu", ["?"])[0]
    c = f"{c:.1f} s" if isinstance(c, float) else "CPU not recorded"
    s, p = sql[n]
    print(f"| {n:,} | {pg[n]['distinct']:,} | {w:.1f} s ({c}) | {lt[n]['evaluations']} | {s:.3f} s | {p:.3f} s | {w/s:.0f}x | {w/p:.0f}x |")
evals = lt[sizes[-1]]["evaluations"]
for big in bigs:
    per, per_cpu = lt[big]["per_evaluation"], lt[big]["per_evaluation_cpu"]
    s, p = sql[big]
    est = per * evals
    print(f"| {big:,} | {pg[big]['distinct']:,} | at least {est:.0f} s ({per_cpu * evals:.0f} s): {per:.3f} s ({per_cpu:.3f} s) per evaluation measured x {evals} evaluations | (not run) | {s:.3f} s | {p:.3f} s | at least {est/s:.0f}x | at least {est/p:.0f}x |")
print()
print("| customers | parameter | pareto_nbd_fit | lifetimes | relative difference |")
print("|---:|---|---:|---:|---:|")
worst = 0.0
for n in sizes:
    for k in ("r", "alpha", "s", "beta"):
        ours, theirs = pg[n][k], lt[n]["params"][k]
        d = abs(ours - theirs) / abs(theirs); worst = max(worst, d)
        print(f"| {n:,} | {k} | {ours:.7g} | {theirs:.7g} | {d:.1e} |")
print()
print(f"largest relative difference to lifetimes {worst:.1e}")
for big in bigs:
    print(f"pareto_nbd_fit on {big:,}: " + json.dumps(pg[big]))
print("converged: " + ", ".join(f"{n:,}: {pg[n]['converged']} ({pg[n]['iterations']} iterations)" for n in sizes + bigs))
print("2 workers equal serial: " + ", ".join(f"{n:,}: {open(f'{out}/same_{n}').read().strip() == 't'}" for n in sizes + bigs))
PY
