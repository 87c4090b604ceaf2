#!/usr/bin/env bash
# statement_timeout is honoured on hostile values: every decoder (text input and
# output; the types have no binary send/receive) and every function and aggregate
# that takes one of the types, called on stored values that are small but name
# huge ranges, hold counts at their limits, or are large, must finish or be
# cancelled within 1 s of statement_timeout. Calls are generated from the catalog
# (tests/hostile/timeouts_setup.sql). Prints the worst lateness and each
# statement's time; exits non-zero on a late statement, a crash or a panic text.
#   tests/hostile/timeouts.sh [DATA_DIR] [PORT]
# Uses the installed extension, or the PostgreSQL whose bin directory is
# $PG_USAGE_PG_BIN (e.g. a copy made by scripts/common.sh private_install).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../scripts/common.sh"
DATA=${1:-/tmp/pg_usage_timeouts_$$}
PORT=${2:-28823}
TIMEOUT_MS=${TIMEOUT_MS:-500}
GRACE_MS=1000
PG_BIN=${PG_USAGE_PG_BIN:-$PG_BIN}
trap 'cluster_stop "$DATA"; rm -rf "$DATA"' EXIT
rm -rf "$DATA"
# RUST_BACKTRACE set, as a Rust developer's server has it: no ERROR may carry a backtrace.
RUST_BACKTRACE=1 cluster_start "$DATA" "$PORT"
PSQL=("$PG_BIN/psql" -X -h /tmp -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q)
started=$("${PSQL[@]}" -Atc "SELECT pg_postmaster_start_time()")
"${PSQL[@]}" -f "$HERE/timeouts_setup.sql"

not_working=$("${PSQL[@]}" -Atc "SELECT string_agg(fn, ', ') FROM calls WHERE NOT works_on_benign")
echo "calls generated: $("${PSQL[@]}" -Atc "SELECT count(*) FROM calls")" \
  "(erroring on every candidate argument, still run: ${not_working:-none})"

# One statement per line: function, value label, SQL (the hostile value substituted).
stmts=$("${PSQL[@]}" -At -F $'\t' -c "
  SELECT c.fn, h.label,
         replace(replace(c.call, '%V%', format('(SELECT v FROM %I WHERE label = %L)', 'h_' || c.type::text, h.label)),
                 '%L%', quote_literal(h.label))
  FROM calls c JOIN hostile_labels h ON h.type = c.type
  WHERE c.fn NOT LIKE '% input' OR h.label IN (SELECT label FROM hostile_text t WHERE t.type = c.type)
  ORDER BY 1, 2")

results=$(mktemp /tmp/pg_usage_timeouts_results.XXXXXX)
late=0 panics=0 count=0
while IFS=$'\t' read -r fn label sql; do
  t0=$(date +%s%N)
  out=$("${PSQL[@]}" -v VERBOSITY=verbose -v ON_ERROR_STOP=0 -At \
        -c "SET statement_timeout = '${TIMEOUT_MS}ms'" -c "$sql" 2>&1 || true)
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  count=$((count + 1))
  case "$out" in
    *57014*) outcome=cancelled ;;
    *ERROR:*) outcome="error $(grep -o 'ERROR:  [0-9A-Z]\{5\}' <<<"$out" | head -1 | cut -c9-)" ;;
    *) outcome=finished ;;
  esac
  if grep -qiE 'panick|RUST_BACKTRACE|[0-9]+: (std|core|pgrx)|server closed the connection' <<<"$out"; then
    panics=$((panics + 1)); echo "PANIC OR CRASH: $fn on $label: $out"
  fi
  if [ "$ms" -gt $((TIMEOUT_MS + GRACE_MS)) ]; then
    late=$((late + 1)); echo "LATE: $fn on $label took $ms ms ($outcome): $sql"
  fi
  printf '%s\t%s\t%s\t%s\n' "$ms" "$outcome" "$label" "$(sed -E 's/\(SELECT (v|t::[a-z_]+) FROM [a-z_]+ WHERE [^)]*\)/<\1>/g' <<<"$sql" | cut -c1-110)" >>"$results"
done <<<"$stmts"

echo "statements: $count (statement_timeout ${TIMEOUT_MS} ms); slowest:"
# awk reads all of sort's output: `head` would close the pipe early and, under
# pipefail, sort's SIGPIPE would fail the script.
sort -rn "$results" | awk -F'\t' 'NR <= 12 {printf "  %6d ms  %-10s %-30s %s\n", $1, $2, $3, $4}'
awk -F'\t' -v t="$TIMEOUT_MS" '
  $2 == "cancelled" { n++; if ($1 - t > worst) worst = $1 - t }
  $2 != "cancelled" { if ($1 > slowest) slowest = $1 }
  END { printf "cancelled: %d, worst lateness after the timeout: %d ms; slowest statement that finished: %d ms\n", n, worst, slowest }' "$results"
awk -F'\t' '{split($2, o, " "); k[o[1] " " o[2]]++} END {for (x in k) printf "  outcome %s: %d\n", x, k[x]}' "$results" | sort
rm -f "$results"

restarted=$([ "$("${PSQL[@]}" -Atc "SELECT pg_postmaster_start_time()")" = "$started" ] && echo no || echo yes)
echo "server restarted: $restarted; late statements: $late; panics or crashes: $panics"
[ "$late" = 0 ] && [ "$panics" = 0 ] && [ "$restarted" = no ]
