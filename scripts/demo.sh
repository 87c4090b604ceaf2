#!/usr/bin/env bash
# The pg_usage demo, as root on Debian 12 (installs what is missing, safe to re-run):
#   scripts/demo.sh          build + install the extension (release), start a private
#                            cluster, load the demo data set, print the report; the
#                            cluster keeps running so you can connect and explore
#   scripts/demo.sh --stop   the same, then stop the cluster
#   scripts/demo.sh stop     only stop the cluster (its data directory is kept and reused)
# The cluster lives in $PG_USAGE_DEMO_DATA (default /tmp/pg_usage_demo), listens on the
# unix socket in /tmp, port $PG_USAGE_DEMO_PORT (default 28816), and runs as postgres.
# Data set: demo/README.md. Report sections: demo/report/NN_name.sql, run in name order.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${PG_USAGE_DEMO_DATA:-/tmp/pg_usage_demo}
PORT=${PG_USAGE_DEMO_PORT:-28816}
DB=pg_usage_demo

stop_after=0
case "${1:-}" in
  "") ;;
  --stop) stop_after=1 ;;
  stop)
    . scripts/common.sh
    cluster_stop "$DATA"
    echo "demo cluster in $DATA stopped"
    exit 0 ;;
  *) echo "usage: $0 [--stop | stop]" >&2; exit 2 ;;
esac

scripts/setup.sh
. scripts/common.sh
psql_demo() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -p "$PORT" -U postgres "$@"; }

echo "== building and installing pg_usage (release build; the first build takes a few minutes)"
log=$(mktemp /tmp/pg_usage_demo_build.XXXXXX.log)
# The lock is held until the report is done: every psql below is a new backend that
# loads the installed library, which a concurrent install would replace meanwhile.
exec 9>"$LOCK"
flock 9
if ! install_extension --release >"$log" 2>&1; then
  tail -n 40 "$log"
  echo "demo: building the extension failed, full log in $log" >&2
  exit 1
fi
rm -f "$log"

echo "== starting the demo cluster ($DATA, port $PORT)"
cluster_start "$DATA" "$PORT"

echo "== creating database $DB and loading the demo data set"
psql_demo -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
# The data's timestamps are UTC; fixing the zone keeps their calendar days stable.
psql_demo -d postgres -c "ALTER DATABASE $DB SET TimeZone = 'UTC'"
psql_demo -d "$DB" -c "CREATE EXTENSION pg_usage"
start=$(date +%s%N)
psql_demo -d "$DB" -f demo/generate.sql >/dev/null
psql_demo -d "$DB" -At -c "SELECT format('   %s accounts, %s users, %s usage events, %s orders, %s subscriptions, %s survey answers',
    (SELECT count(*) FROM accounts), (SELECT count(*) FROM users), (SELECT count(*) FROM usage_events),
    (SELECT count(*) FROM orders), (SELECT count(*) FROM subscriptions), (SELECT count(*) FROM survey))"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
printf '   generated in %d.%d s\n\n' $((ms / 1000)) $((ms % 1000 / 100))

# Summaries first (the report sections read them), then every section in name order.
# -e echoes each query before its result, so every figure comes with the SQL behind it.
for f in demo/summaries.sql demo/report/*.sql; do
  [ -f "$f" ] || continue
  psql_demo -d "$DB" -e -P null='(null)' -f "$f"
  echo
done
exec 9>&-

if [ $stop_after = 1 ]; then
  cluster_stop "$DATA"
  echo "== demo cluster stopped; run scripts/demo.sh again to rebuild it"
else
  cat <<EOF
== the demo cluster keeps running. Connect with
     $PG_BIN/psql -h /tmp -p $PORT -U postgres $DB
   (tables: accounts, users, usage_events, orders, subscriptions, survey, marketing_spend,
    features; the summaries user_usage, account_usage, customer_orders, customer_mrr;
    the CLV inputs and fits customer_btyd, clv_models; see demo/README.md)
   Stop it with
     scripts/demo.sh stop
EOF
fi
