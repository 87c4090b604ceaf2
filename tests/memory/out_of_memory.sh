#!/usr/bin/env bash
# Allocation failure is an ERROR, never a crash: a throwaway cluster runs with its
# address space limited (ulimit -v), an aggregate whose Rust state outgrows it must
# fail with SQLSTATE 53200 (out of memory), and the same session and the server must
# carry on: no backend terminated by a signal, no restart of the server.
# Run by scripts/test.sh after the extension is installed; prints "N passed, N failed".
set -euo pipefail
. "$(dirname "$0")/../../scripts/common.sh"
DATA=${1:-/tmp/pg_usage_oom_$$}
PORT=${2:-28818}
LIMIT_KB=1500000
trap 'runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$DATA"' EXIT

mkdir -p "$DATA" && chown postgres:postgres "$DATA"
runuser -u postgres -- "$PG_BIN/initdb" -D "$DATA" -A trust -U postgres --no-sync >/dev/null
cat >> "$DATA/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '/tmp'
port = $PORT
shared_buffers = 32MB
max_parallel_workers_per_gather = 0
jit = off
CONF
# The limit is inherited by the postmaster and every backend it forks.
runuser -u postgres -- bash -c "ulimit -v $LIMIT_KB; exec '$PG_BIN/pg_ctl' -D '$DATA' -l '$DATA/server.log' -w start" >/dev/null 9>&-

out=$("$PG_BIN/psql" -X -h /tmp -p "$PORT" -U postgres -d postgres -v VERBOSITY=verbose -At 2>&1 <<'SQL' || true
CREATE EXTENSION pg_usage;
SELECT pg_postmaster_start_time() AS started \gset
\set ON_ERROR_STOP 0
-- Twenty million distinct features: the summary and the feature-name table grow
-- far past the 1.5 GB address-space limit.
SELECT events(usage_agg(date '2024-01-01' + g % 365, 1.0, 'feature number ' || g))
FROM generate_series(1, 20000000) g;
SELECT 'after: session alive ' || (count(*) = 1) FROM (SELECT 1) x;
SELECT 'after: same server ' || (pg_postmaster_start_time() = :'started');
SELECT 'after: usage_agg works ' || events(usage_agg(d)) FROM (VALUES (date '2024-01-01'), ('2024-01-02')) v(d);
SQL
)
echo "$out" | grep -v '^$' | sed 's/^/  /'

passed=0 failed=0
check() {
  if eval "$2"; then passed=$((passed + 1)); echo "ok: $1"; else failed=$((failed + 1)); echo "FAILED: $1"; fi
}
check "the aggregate fails with SQLSTATE 53200" 'grep -q "ERROR:  53200: out of memory" <<<"$out"'
check "the session carries on" 'grep -q "after: session alive true" <<<"$out"'
check "the server did not restart" 'grep -q "after: same server true" <<<"$out"'
check "the extension still works in that session" 'grep -q "after: usage_agg works 2" <<<"$out"'
check "no backend was terminated by a signal" '! grep -q "terminated by signal" "$DATA/server.log"'
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
