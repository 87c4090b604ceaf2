#!/usr/bin/env bash
# The demo, end to end: runs scripts/demo.sh on a private data directory and port,
# checks that every report section printed (title and the SQL behind it), that the
# CLV fits converged to the parameters the generator implies, and that the README's
# "Your own table" statements run as printed on the demo database and print the
# output shown there.
#   tests/demo/run.sh [DATA_DIR [PORT]]
set -euo pipefail
. "$(dirname "$0")/../../scripts/common.sh"
DATA=${1:-/tmp/pg_usage_demo_test_$$}
PORT=${2:-28820}
LOG=$(mktemp /tmp/pg_usage_demo_test.XXXXXX.log)
export PG_USAGE_DEMO_DATA=$DATA PG_USAGE_DEMO_PORT=$PORT
trap 'cluster_stop "$DATA"; rm -rf "$DATA" "$LOG"' EXIT
pass=0 fail=0
check() { # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "  FAILED: $name" >&2; fi
}
psql_demo() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -p "$PORT" -U postgres -d pg_usage_demo "$@"; }

start=$(date +%s)
"$REPO/scripts/demo.sh" >"$LOG" 2>&1 || { tail -n 40 "$LOG"; echo "  FAILED: scripts/demo.sh" >&2; exit 1; }
echo "  scripts/demo.sh ran in $(($(date +%s) - start)) s ($(grep -c '' "$LOG") lines)"
check "no ERROR in the demo's output" bash -c "! grep -q 'ERROR' '$LOG'"

# Every section: its title (the first \echo line that starts with its number) and,
# up to the next title, a query psql -e echoed and a result's row count.
for f in "$REPO"/demo/report/*.sql; do
  title=$(sed -n "s/^\\\\echo '\([0-9][0-9]  .*\)'$/\1/p" "$f" | head -n 1 | sed "s/''/'/g")
  check "$(basename "$f") has a title" test -n "$title"
  check "section printed: $title" grep -qxF "$title" "$LOG"
  awk -v t="$title" '$0 == t { f = 1; next } f && /^[0-9][0-9]  [A-Z]/ { exit } f' "$LOG" >"$LOG.section"
  check "section $(basename "$f") printed its SQL and a result" \
    bash -c "grep -qE '^(SELECT|WITH) ' '$LOG.section' && grep -qE '^\\([0-9]+ rows?\\)$' '$LOG.section'"
done
rm -f "$LOG.section"

# The queries below open new backends, which load the library from the system
# install: hold the install lock (demo.sh released it) and put this tree's build back,
# in case another tree installed its own meanwhile.
start=$(date +%s)
exec 9>"$LOCK"
flock 9
echo "  install lock taken after $(($(date +%s) - start)) s"
start=$(date +%s)
install_extension --release >"$LOG.install" 2>&1 || { tail -n 30 "$LOG.install"; exit 1; }
rm -f "$LOG.install"
echo "  reinstalled in $(($(date +%s) - start)) s"

# The CLV fits: converged, and near what the generator draws (demo/generate.sql): a
# weekly purchase chance log-normal with median 0.10 and sigma 0.9 (mean 0.15 a week;
# gamma shape for that spread ~0.7) and customer mean amounts log-normal around 120
# with sigma 0.7 times a per-order factor (population mean ~160).
fits=$(psql_demo -At -F ' ' -c "
  SELECT (bg::text::jsonb ->> 'converged')::boolean AND (gg::text::jsonb ->> 'converged')::boolean,
         round(7 * (bg::text::jsonb ->> 'r')::numeric / (bg::text::jsonb ->> 'alpha')::numeric, 3),
         round((bg::text::jsonb ->> 'r')::numeric, 3),
         round(expected_spend(gg, 0, 0)::numeric, 1)
  FROM clv_models")
read -r converged weekly shape spend <<<"$fits"
echo "  CLV fits: converged $converged, weekly rate $weekly, gamma shape r $shape, mean spend $spend"
check "BG/NBD and Gamma-Gamma converged" test "$converged" = t
check "BG/NBD mean weekly rate in [0.10, 0.20]" awk "BEGIN { exit !($weekly >= 0.10 && $weekly <= 0.20) }"
check "BG/NBD gamma shape r in [0.4, 1.2]" awk "BEGIN { exit !($shape >= 0.4 && $shape <= 1.2) }"
check "Gamma-Gamma population mean spend in [120, 220]" awk "BEGIN { exit !($spend >= 120 && $spend <= 220) }"
# The README example: the sql block after "## Your own table" and the output block after it.
awk '/^## Your own table/ { f = 1 } f && /^```sql$/ { g = 1; next } g && /^```$/ { exit } g' "$REPO/README.md" >"$LOG.sql"
awk '/^## Your own table/ { f = 1 } f && /^```$/ && !o { n++; if (n == 2) { o = 1; next } } o && /^```$/ { exit } o' \
  "$REPO/README.md" >"$LOG.expected"
check "README example found" test -s "$LOG.sql" -a -s "$LOG.expected"
psql_demo -f "$LOG.sql" 2>/dev/null | sed -e 's/ *$//' -e '${/^$/d}' >"$LOG.out" || true
if diff -u "$LOG.expected" "$LOG.out" >"$LOG.diff"; then
  pass=$((pass + 1))
else
  fail=$((fail + 1)); echo "  FAILED: README example output" >&2; sed 's/^/    /' "$LOG.diff" >&2
fi
rm -f "$LOG.sql" "$LOG.expected" "$LOG.out" "$LOG.diff"
exec 9>&-

echo "  $pass passed, $fail failed"
[ "$fail" = 0 ]
