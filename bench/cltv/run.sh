#!/usr/bin/env bash
# Benchmark of bgnbd_fit + gamma_gamma_fit on 1,000,000 synthetic customers drawn
# from known parameters (generate.py, seeded), against lifetimes 0.11.3 fitting the
# same rows in Python. Checks that both give the same parameters (relative
# difference) and that the known parameters are recovered; prints a markdown table.
#   bench/cltv/run.sh
# Environment: N (customers, default 1000000), SEED (42), RUNS (timed runs of the
# SQL fits, default 5, after one warm-up in the same session), LT_RUNS (lifetimes fits, median, default 3), BENCH_NO_INSTALL=1 (use the installed
# build already in the private PostgreSQL copy of bench/common.sh), VENV (virtualenv
# with lifetimes, default /tmp/ltv, created if missing), PG_USAGE_BENCH_DATA / _PORT.
#   bench/cltv/run.sh stop     stops the benchmark cluster
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../common.sh"
if [ "${1:-}" = stop ]; then cluster_stop "$DATA"; exit 0; fi
DB=pg_usage_bench_cltv
N=${N:-1000000}
SEED=${SEED:-42}
RUNS=${RUNS:-5}
VENV=${VENV:-/tmp/ltv}
CSV=/tmp/pg_usage_bench_cltv_${N}_${SEED}.csv

if [ ! -x "$VENV/bin/python" ]; then
  say "== creating $VENV with lifetimes 0.11.3"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q numpy==1.23.5 scipy==1.10.1 pandas==1.5.3 autograd==1.5 dill lifetimes==0.11.3
fi
[ -f "$CSV" ] || { say "== generating $N customers (seed $SEED)"; "$VENV/bin/python" "$HERE/generate.py" "$CSV" "$N" "$SEED"; }

load_synth() {
  pg -d "$DB" -c "DROP TABLE IF EXISTS synth" \
    -c "CREATE TABLE synth (x int, t_x float8, age float8, monetary float8)" \
    -c "\\copy synth FROM '$CSV' WITH (FORMAT csv, HEADER)" -c "VACUUM ANALYZE synth"
}
bench_cluster "$DB"
bench_table "$DB" synth "$(md5sum "$HERE/generate.py" | cut -d' ' -f1)-$N-$SEED" load_synth

# Server execution times in ms of RUNS runs of a query in one session, after one
# untimed run in that session (EXPLAIN ANALYZE, TIMING OFF). One session, as a
# user's: a new backend's first call of the extension loads the library and faults
# in fresh memory (about 60 ms here), as the first lifetimes fit in a new Python
# process warms up its imports.
ms() { # workers query
  { echo "SET max_parallel_workers_per_gather = $1;"
    for _ in $(seq 0 "$RUNS"); do echo "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) $2;"; done
  } | pg -d "$DB" -tA | python3 -c '
import json, sys
text, runs, depth, start = sys.stdin.read(), [], 0, None
for i, ch in enumerate(text):  # one JSON array per EXPLAIN
    if ch == "[":
        depth += 1
        start = i if depth == 1 else start
    elif ch == "]":
        depth -= 1
        if depth == 0:
            runs.append(json.loads(text[start:i + 1])[0]["Execution Time"])
print(*runs[1:])'
}

Q_BG="SELECT bgnbd_fit(x, t_x, age) FROM synth"
Q_GG="SELECT gamma_gamma_fit(x, monetary) FROM synth"
Q_BOTH="SELECT bgnbd_fit(x, t_x, age), gamma_gamma_fit(x, monetary) FROM synth"
Q_SCAN="SELECT count(*), sum(x), sum(t_x), sum(age), sum(monetary) FROM synth"
# The SQL timings run twice, before and after lifetimes, so that both sides see
# the machine's slower and quieter moments alike.
declare -A T
time_sql() {
  say "== timing SQL fits ($RUNS runs after a warm-up, per session); load average (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
  for w in 0 2; do
    for name in scan bg gg both; do
      case $name in scan) q=$Q_SCAN ;; bg) q=$Q_BG ;; gg) q=$Q_GG ;; both) q=$Q_BOTH ;; esac
      T[$name$w]+="$(ms "$w" "$q") "
    done
  done
}
time_sql
pg -d "$DB" -tA -c "SELECT bgnbd_fit(x, t_x, age)::text FROM synth" >/tmp/pg_usage_bench_cltv_bg.json
pg -d "$DB" -tA -c "SELECT gamma_gamma_fit(x, monetary)::text FROM synth" >/tmp/pg_usage_bench_cltv_gg.json
pg -d "$DB" -tA -c "SET max_parallel_workers_per_gather = 2" -c "SELECT bgnbd_fit(x, t_x, age)::text = (SELECT bgnbd_fit(x, t_x, age)::text FROM synth) FROM synth" >/tmp/pg_usage_bench_cltv_same.txt || true

say "== lifetimes 0.11.3 on the same rows (median of ${LT_RUNS:-3} fits)"
"$VENV/bin/python" "$HERE/lifetimes_fit.py" "$CSV" "${LT_RUNS:-3}" >/tmp/pg_usage_bench_cltv_lifetimes.json
time_sql
say "   load average (1/5/15 min) after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$N" "$RUNS" "${T[scan0]}" "${T[bg0]}" "${T[gg0]}" "${T[both0]}" "${T[scan2]}" "${T[bg2]}" "${T[gg2]}" "${T[both2]}" <<'PY'
import json, statistics, sys
n, runs = int(sys.argv[1]), int(sys.argv[2])
t = [[float(v) for v in a.split()] for a in sys.argv[3:]]
bg = json.load(open("/tmp/pg_usage_bench_cltv_bg.json")); gg = json.load(open("/tmp/pg_usage_bench_cltv_gg.json"))
lt = json.load(open("/tmp/pg_usage_bench_cltv_lifetimes.json"))
true = dict(r=0.25, alpha=30.0, a=0.8, b=2.5, p=6.0, q=4.0, v=15.0)
print(f"{n:,} customers; BG/NBD on all, Gamma-Gamma on the {int(gg['n']):,} repeat customers "
      f"({bg['distinct']:,} and {gg['distinct']:,} distinct input rows after compression).")
for label, stat in [("median", statistics.median), ("best", min)]:
    scan0, bg0, gg0, both0, scan2, bg2, gg2, both2 = (stat(v) for v in t)
    lt_bg, lt_gg = stat(lt["bgnbd_runs"]) * 1000, stat(lt["gamma_gamma_runs"]) * 1000
    print(f"\n{label} of {len(lt['bgnbd_runs'])} lifetimes fits and of {len(t[0])} SQL runs ({runs} in each of 2 sessions, before and after lifetimes):\n")
    print("| fit | lifetimes 0.11.3 | pg_usage serial | pg_usage 2 workers | speed-up serial | speed-up 2 workers |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, l, s, p in [("BG/NBD", lt_bg, bg0, bg2), ("Gamma-Gamma", lt_gg, gg0, gg2), ("both, two queries", lt_bg + lt_gg, bg0 + gg0, bg2 + gg2),
                            ("both, one query (one scan)", lt_bg + lt_gg, both0, both2)]:
        print(f"| {name} | {l/1000:.2f} s | {s/1000:.3f} s | {p/1000:.3f} s | {l/s:.0f}x | {l/p:.0f}x |")
    print(f"| scan floor (count/sum of the 4 columns) | | {scan0/1000:.3f} s | {scan2/1000:.3f} s | | |")
print()
print("| parameter | true | pg_usage | lifetimes | relative difference | pg_usage vs true |")
print("|---|---:|---:|---:|---:|---:|")
worst = 0.0
for k, ours, theirs in [(k, bg[k], lt["bgnbd"][k]) for k in ("r", "alpha", "a", "b")] + [(k, gg[k], lt["gamma_gamma"][k]) for k in ("p", "q", "v")]:
    d = abs(ours - theirs) / abs(theirs); worst = max(worst, d)
    print(f"| {k} | {true[k]} | {ours:.6g} | {theirs:.6g} | {d:.1e} | {100*(ours-true[k])/true[k]:+.1f}% |")
print(f"\nconverged: BG/NBD {bg['converged']} ({bg['iterations']} iterations), Gamma-Gamma {gg['converged']} ({gg['iterations']} iterations); "
      f"largest relative difference to lifetimes {worst:.1e}; parallel fit equals serial: {open('/tmp/pg_usage_bench_cltv_same.txt').read().strip() == 't'}")
PY
