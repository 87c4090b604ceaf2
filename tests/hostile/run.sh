#!/usr/bin/env bash
# The hostile-input suite: every function and aggregate of the installed pg_usage,
# found in the catalog, called with hostile arguments (tests/hostile/matrix.sql), on a
# throwaway cluster. Fails on a crash, panic text, an SQLSTATE outside the documented
# set, an error without a hint, a NaN / Infinity / -0 / wrapped count, a value of
# the extension's types that does not read back, a case slower than 3 s (statement_timeout 5 s), or an error
# LOCATION naming a Rust source file. Known failures owned by open work are listed,
# with their reason, in tests/hostile/known.tsv; an entry that no longer matches
# fails the run, so it is removed when the fix lands.
#   tests/hostile/run.sh [DATA_DIR] [PORT]     (run by scripts/test.sh)
# It uses the installed extension; with PG_USAGE_PRIVATE=DIR it first packages the
# release build into a private PostgreSQL copy under DIR (scripts/common.sh).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../../scripts/common.sh"
if [ -n "${PG_USAGE_PRIVATE:-}" ]; then private_install "$PG_USAGE_PRIVATE" >/dev/null; fi
DATA=${1:-/tmp/pg_usage_hostile_$$}
PORT=${2:-28823}
WORK=$(mktemp -d /tmp/pg_usage_hostile_work.XXXXXX)
chmod 755 "$WORK"
# HOSTILE_KEEP=1 leaves the cluster running for a look at hostile.failures.
if [ -z "${HOSTILE_KEEP:-}" ]; then
  trap 'cluster_stop "$DATA"; rm -rf "$DATA" "$WORK"' EXIT
fi
# A fresh cluster (scripts/common.sh); after a crash the postmaster restarts the
# backends (restart_after_crash, on by default) and the run carries on.
cluster_stop "$DATA"
rm -rf "$DATA"
cluster_start "$DATA" "$PORT"

PSQL=("$PG_BIN/psql" -X -q -h /tmp -p "$PORT" -U postgres -d hostile)
sql() { "${PSQL[@]}" -At -v ON_ERROR_STOP=1 -c "$1"; }
"$PG_BIN/createdb" -h /tmp -p "$PORT" -U postgres hostile
sql "CREATE EXTENSION pg_usage"
"${PSQL[@]}" -v ON_ERROR_STOP=1 -f "$HERE/matrix.sql" >/dev/null
grep -v '^#' "$HERE/known.tsv" | grep -v '^[[:space:]]*$' > "$WORK/known.tsv" || true
# CSV with tab delimiters: the regexes keep their backslashes.
sql "\\copy hostile.known FROM '$WORK/known.tsv' WITH (FORMAT csv, DELIMITER E'\\t', QUOTE E'\\b')"
started=$(sql "SELECT pg_postmaster_start_time()")

wait_ready() {
  for _ in $(seq 1 60); do
    "$PG_BIN/pg_isready" -q -h /tmp -p "$PORT" && sql "SELECT 1" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "server did not come back"; exit 1
}

# Runs every case without a result, one statement each (statement_timeout applies per
# case). A lost connection is a crash of the first case not recorded.
run_pending() {
  while :; do
    sql "SELECT 'SELECT hostile.record(' || id || ');' FROM hostile.cases c
         WHERE NOT EXISTS (SELECT FROM hostile.results r WHERE r.id = c.id) ORDER BY id" > "$WORK/batch.sql"
    [ -s "$WORK/batch.sql" ] || return 0
    status=0
    PGOPTIONS='-c statement_timeout=5s' "${PSQL[@]}" -f "$WORK/batch.sql" >/dev/null 2>"$WORK/batch.err" || status=$?
    first=$(sql "SELECT min(id) FROM hostile.cases c WHERE NOT EXISTS (SELECT FROM hostile.results r WHERE r.id = c.id)")
    [ -n "$first" ] || return 0
    wait_ready
    if [ "$status" = 0 ]; then
      # The connection held but cases have no result: an error escaped hostile.record.
      sql "INSERT INTO hostile.results (id, sqlstate, problems)
           SELECT id, 'none', ARRAY['not recorded: ' || left(pg_read_file('$WORK/batch.err'), 300)] FROM hostile.cases c
           WHERE NOT EXISTS (SELECT FROM hostile.results r WHERE r.id = c.id)" >/dev/null
    else
      sql "INSERT INTO hostile.results (id, sqlstate, problems) VALUES ($first, 'crash', '{\"the connection was lost (backend died?)\"}')" >/dev/null
    fi
  done
}

for stage in 1 2 3 4; do
  n=$(sql "SELECT hostile.gen_baselines($stage)")
  [ "$n" = 0 ] && break
  run_pending
  sql "SELECT hostile.gen_variants()" >/dev/null
  run_pending
  sql "SELECT hostile.harvest()" >/dev/null
done
sql "SELECT hostile.gen_text_inputs()" >/dev/null
run_pending

# Routines the matrix could not call (a type nobody produces) are failures too.
uncovered=$(sql "SELECT string_agg(routine::text, ', ') FROM hostile.callable
                 WHERE routine NOT IN (SELECT routine FROM hostile.generated)")

# The LOCATION of errors: one error case per routine, run at top level with verbose
# errors, must not name a Rust source file.
sql "SELECT DISTINCT ON (c.routine, r.sqlstate) c.sql || ';' FROM hostile.cases c JOIN hostile.results r USING (id)
     WHERE r.sqlstate IS NOT NULL AND r.sqlstate NOT IN ('crash', 'none', '57014')
     ORDER BY c.routine, r.sqlstate, c.id" > "$WORK/locations.sql"
PGOPTIONS='-c statement_timeout=5s' "${PSQL[@]}" -v VERBOSITY=verbose -f "$WORK/locations.sql" >/dev/null 2>"$WORK/locations.out" || true
location_cases=$(grep -c '^psql:.*ERROR:' "$WORK/locations.out" || true)
rust_locations=$(grep -E '^LOCATION: .*\.rs:[0-9]+' "$WORK/locations.out" | sort | uniq -c | sort -rn || true)

echo "== hostile-input suite"
sql "SELECT format('%s cases: %s', sum(n), string_agg(format('%s %s', n, kind), ', ' ORDER BY kind))
     FROM (SELECT kind, count(*) n FROM hostile.cases GROUP BY kind) k"
sql "SELECT format('%s routines of the extension (%s aggregates), %s types with text input',
            (SELECT count(*) FROM hostile.callable), (SELECT count(*) FROM hostile.callable WHERE prokind = 'a'),
            (SELECT count(*) FROM hostile.ext_types))"
sql "SELECT format('outcomes: %s value, %s NULL, errors by SQLSTATE: %s',
            count(*) FILTER (WHERE sqlstate IS NULL AND rows[1] IS NOT NULL),
            count(*) FILTER (WHERE sqlstate IS NULL AND rows[1] IS NULL),
            (SELECT string_agg(format('%s %s', sqlstate, n), ', ' ORDER BY sqlstate)
             FROM (SELECT sqlstate, count(*) n FROM hostile.results WHERE sqlstate IS NOT NULL GROUP BY 1) e))
     FROM hostile.results"
echo "error LOCATIONs checked: $location_cases"
sql "SELECT format('problems by kind: %s', coalesce(string_agg(format('%s %s (%s known)', n, kind, k), ', ' ORDER BY kind), 'none'))
     FROM (SELECT regexp_replace(problem, '(:| in | [0-9(]).*$', '') AS kind, count(*) n, count(known) k
           FROM hostile.failures GROUP BY 1) p"

failed=0
unknown=$(sql "SELECT count(*) FROM hostile.failures WHERE known IS NULL")
if [ "$unknown" != 0 ]; then
  failed=1
  echo "FAILED: $unknown problems (first 60; all in hostile.failures):"
  sql "SELECT format('  %s [%s] %s%s', what, variant, problem,
                     CASE WHEN sqlstate IS NOT NULL THEN format(' -- %s %s', sqlstate, left(message, 120)) ELSE '' END)
       FROM hostile.failures WHERE known IS NULL ORDER BY id LIMIT 60"
fi
known=$(sql "SELECT count(*) FROM hostile.failures WHERE known IS NOT NULL")
if [ "$known" != 0 ]; then
  echo "known, owned elsewhere (tests/hostile/known.tsv): $known problems"
  sql "SELECT format('  %s: %s problems', known, count(*)) FROM hostile.failures WHERE known IS NOT NULL GROUP BY known ORDER BY known"
fi
stale=$(sql "SELECT string_agg(format('%s / %s', pattern, problem), '; ') FROM hostile.known k
             WHERE when_gone = 'fail' AND NOT EXISTS (SELECT FROM hostile.failures f WHERE f.known = k.reason)")
unseen=$(sql "SELECT string_agg(format('%s / %s', pattern, problem), '; ') FROM hostile.known k
              WHERE when_gone = 'timing' AND NOT EXISTS (SELECT FROM hostile.failures f WHERE f.known = k.reason)")
if [ -n "$unseen" ]; then echo "note: timing exemptions not seen on this machine: $unseen"; fi
if [ -n "$stale" ]; then failed=1; echo "FAILED: exemptions in known.tsv that match nothing (remove them): $stale"; fi
if [ -n "$uncovered" ]; then failed=1; echo "FAILED: routines without values for their arguments: $uncovered"; fi
if [ -n "$rust_locations" ]; then failed=1; echo "FAILED: error LOCATIONs name Rust files:"; echo "$rust_locations" | sed -n 1,10p; fi
if grep -Eq 'terminated by signal|was terminated|PANIC:|exited with exit code' "$DATA/server.log"; then
  failed=1; echo "FAILED: a backend died:"; grep -E 'terminated by signal|was terminated|PANIC:|exited with exit code' "$DATA/server.log" | sed -n 1,5p
fi
if [ "$(sql "SELECT pg_postmaster_start_time()")" != "$started" ]; then failed=1; echo "FAILED: the server restarted"; fi
if [ "$failed" = 0 ]; then echo "hostile-input suite passed"; else echo "hostile-input suite FAILED"; fi
exit $failed
