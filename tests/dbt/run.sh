#!/usr/bin/env bash
# The dbt package end to end: dbt-core and dbt-postgres (pinned in requirements.txt)
# in a private virtualenv, a private cluster with this build of pg_usage, then in
# dbt/example: dbt deps, dbt seed, dbt build with the first load of events, dbt
# build again after the second load (the incremental model merges the new events,
# late ones included), a full refresh of the incremental model that must equal its
# incremental result row for row, and the BI views of docs/bi.md created and queried
# with the output the page shows. Exits non-zero on any failure.
# Usage: tests/dbt/run.sh [DIR [PORT]]; run by scripts/test.sh.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/../../scripts/common.sh"
DIR=${1:-/tmp/pg_usage_dbt_$$}
PORT=${2:-28822}
VENV=${PG_USAGE_DBT_VENV:-$REPO/target/dbt-venv}
DB=pg_usage_dbt
START=$(date +%s)
trap 'cluster_stop "$DIR/data"; rm -rf "$DIR"' EXIT

# 1. The virtualenv, reused while requirements.txt is unchanged.
if ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
fi
want=$(sha256sum "$HERE/requirements.txt" | cut -d' ' -f1)
if [ "$(cat "$VENV/.requirements" 2>/dev/null)" != "$want" ]; then
  echo "== dbt: creating $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt"
  echo "$want" > "$VENV/.requirements"
fi
DBT="$VENV/bin/dbt"

# 2. A private cluster with this build.
mkdir -p "$DIR"
private_install "$DIR/pg" >"$DIR/install.log" 2>&1 || { cat "$DIR/install.log"; exit 1; }
cluster_start "$DIR/data" "$PORT"
PSQL=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -p "$PORT" -U postgres)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB"

# 3. A profile for it; dbt's target and logs stay out of the repository (dbt deps
# writes dbt_packages/ and package-lock.yml into dbt/example, both git-ignored).
cat > "$DIR/profiles.yml" <<YML
pg_usage_example:
  target: dev
  outputs:
    dev:
      type: postgres
      host: /tmp
      port: $PORT
      user: postgres
      password: ""
      dbname: $DB
      schema: analytics
      threads: 2
YML
export DBT_PROFILES_DIR=$DIR DBT_TARGET_PATH=$DIR/target DBT_LOG_PATH=$DIR/logs
export DBT_SEND_ANONYMOUS_USAGE_STATS=false DO_NOT_TRACK=1
cd "$REPO/dbt/example"
count() { "${PSQL[@]}" -d "$DB" -At -c "$1"; }

DBT_RUN=("$DBT" --no-use-colors)
BUILD=(build --resource-type model --resource-type test --quiet)
echo "== dbt deps, dbt seed, dbt build (first load of events) (${SECONDS}s)"
"${DBT_RUN[@]}" deps --quiet
"${DBT_RUN[@]}" seed --quiet
"${DBT_RUN[@]}" "${BUILD[@]}" --vars '{load_id: 1}'
first=$(count "SELECT count(*) FROM analytics.daily_usage")

echo "== dbt build (second load: new days and late events of stored days) (${SECONDS}s)"
"${DBT_RUN[@]}" "${BUILD[@]}" --vars '{load_id: 2}'
results=$(python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"]
t = [x["status"] for x in r if x["unique_id"].startswith("test.")]
print(len(r) - len(t), len(t), sum(s == "pass" for s in t))' "$DIR/target/run_results.json")
read -r models tests tests_passed <<<"$results"
second=$(count "SELECT count(*) FROM analytics.daily_usage")
merged=$(count "SELECT count(*) FROM analytics.daily_usage WHERE loaded_at = 2 AND day <= '2024-03-10'")
# The second run must have merged into the stored table (delete+insert), not rebuilt it.
grep -q 'delete from "pg_usage_dbt"."analytics"."daily_usage"' "$DIR/logs/dbt.log"

echo "== full refresh of daily_usage, compared with the incremental result (${SECONDS}s)"
"${PSQL[@]}" -d "$DB" -c "CREATE TABLE public.daily_usage_incremental AS SELECT * FROM analytics.daily_usage"
"${DBT_RUN[@]}" run --full-refresh --vars '{load_id: 2}' --select daily_usage --quiet
grep -q 'create  table "pg_usage_dbt"."analytics"."daily_usage__dbt_tmp"' "$DIR/logs/dbt.log"
diff=$(count "SELECT count(*) FROM ((SELECT user_id, day, usage::text, loaded_at FROM analytics.daily_usage
                                     EXCEPT SELECT user_id, day, usage::text, loaded_at FROM public.daily_usage_incremental)
                                    UNION ALL
                                    (SELECT user_id, day, usage::text, loaded_at FROM public.daily_usage_incremental
                                     EXCEPT SELECT user_id, day, usage::text, loaded_at FROM analytics.daily_usage)) d")
echo "daily_usage: $first rows after load 1, $second after load 2 ($merged stored days merged with late events), $diff rows differ from the full refresh"
[ "$first" -gt 0 ] && [ "$second" -gt "$first" ] && [ "$merged" -eq 3 ] && [ "$diff" -eq 0 ]

echo "== docs/bi.md: views created and queried as printed (${SECONDS}s)"
PGTZ=UTC PGDATESTYLE='ISO, MDY' python3 "$REPO/tests/docs/check_docs.py" --psql "$PG_BIN/psql" --port "$PORT" \
  --cwd "$REPO" --database "$DB" "$REPO/docs/bi.md"

echo "dbt: $models models and $tests tests built twice (incremental), full refresh equal, in $(( $(date +%s) - START )) s"
[ "$tests" -gt 0 ] && [ "$tests_passed" -eq "$tests" ]
