# Shared by the scale-out tiers (tests/scale_out/*.sh) and bench/scale_out: sourced,
# not run. Clusters run from a private PostgreSQL copy (scripts/common.sh
# private_install), so the system install stays clean and no concurrent install can
# swap the library under test.
SCALE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The tables generate.sql builds (as <table>_local) and the tiers distribute by user_id.
SCALE_TABLES="events summaries customers"
. "$SCALE_DIR/../../scripts/common.sh"

# The private PostgreSQL copy the tiers run from.
PG_COPY=${SCALE_PG:-/tmp/pg_usage_scale_pg}

# tier_setup BASE PREFIX COUNT [stop]: NODES = BASE/coord and COUNT nodes BASE/PREFIXn.
# With "stop": stops them and exits. Otherwise: the release build into $PG_COPY, the
# clusters of an earlier run removed, and these removed on exit unless SCALE_KEEP=1.
tier_setup() {
  local base=$1 prefix=$2 count=$3 i dir
  NODES=("$base/coord")
  for ((i = 0; i < count; i++)); do NODES+=("$base/$prefix$i"); done
  if [ "${4:-}" = stop ]; then stop_all; exit 0; fi
  quiet_install "$PG_COPY"
  for dir in "${NODES[@]}"; do node_fresh "$dir"; done
  [ "${SCALE_KEEP:-0}" = 1 ] || trap 'stop_all; rm -rf "${NODES[@]}"' EXIT
}
stop_all() { local dir; for dir in "${NODES[@]}"; do cluster_stop "$dir"; done; }

# per_shard EXPR TABLE SHARDS: EXPR (AS s) over each of TABLE's SHARDS partitions
# TABLE_p0..., in one UNION ALL: each branch is an aggregate over one foreign table,
# which postgres_fdw pushes down whole (the per-shard recipe).
per_shard() {
  local q="" i
  for ((i = 0; i < $3; i++)); do q+="${q:+ UNION ALL }SELECT $1 AS s FROM ${2}_p$i"; done
  echo "$q"
}

# quiet_install DIR: private_install DIR, its build log shown only when it fails.
quiet_install() {
  local log
  log=$(mktemp /tmp/pg_usage_scale_build.XXXXXX.log)
  private_install "$1" >"$log" 2>&1 || { tail -n 40 "$log" >&2; rm -f "$log"; return 1; }
  rm -f "$log"
}

# node_start DIR PORT [EXTRA_CONF]: cluster_start from the private copy in $PG_BIN,
# with EXTRA_CONF lines added once (before the first start, or with a restart).
node_start() {
  local dir=$1 port=$2 extra=${3:-}
  cluster_start "$dir" "$port"
  if [ -n "$extra" ] && ! grep -qF "$extra" "$dir/postgresql.conf"; then
    printf '%s\n' "$extra" >> "$dir/postgresql.conf"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w restart >/dev/null 9>&-
  fi
}

# node_fresh DIR: stops a cluster left over from an earlier run and removes it, so
# every run starts from initdb (a cluster started from other binaries cannot linger).
node_fresh() {
  cluster_stop "$1"
  rm -rf "$1"
}

# psql_at PORT [ARGS...]: quiet psql on database postgres that stops on the first error.
psql_at() {
  local port=$1
  shift
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -p "$port" -U postgres -d postgres "$@"
}

# check_equal WHAT EXPECTED ACTUAL: counts a pass, or prints the diff and counts a failure.
passed=0 failed=0
check_equal() {
  if [ "$2" == "$3" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $1"
    diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -n 20 | cut -c 1-240 | sed 's/^/  /' || true
  fi
}
# check WHAT CONDITION-OUTPUT: a failure when the command output is not "t".
check_true() {
  check_equal "$1" t "$2"
}

# fdw_cluster BASE PORT SHARDS EVENTS USERS: a coordinator (BASE/coord on PORT) and
# SHARDS shard clusters (BASE/shardN on the next ports), started from $PG_BIN. On the
# coordinator: generate.sql's events_local, summaries_local and customers_local (the
# single-node reference), and events, summaries and customers hash-partitioned by
# user_id over postgres_fdw foreign tables, one per shard, loaded with the same rows. The recipe of
# docs/scale-out.md: servers with extensions 'pg_usage' (so pg_usage's functions may
# be shipped) and async_capable (shards scanned concurrently), and
# enable_partitionwise_aggregate = on (per-partition aggregates, pushed down).
fdw_cluster() {
  local base=$1 port=$2 shards=$3 events=$4 users=$5 i table schema=""
  node_start "$base/coord" "$port" "enable_partitionwise_aggregate = on"
  psql_at "$port" -c "CREATE EXTENSION pg_usage" -c "CREATE EXTENSION postgres_fdw" >/dev/null
  psql_at "$port" -v events="$events" -v users="$users" -f "$SCALE_DIR/generate.sql"
  # The shards hold plain tables with the local tables' columns.
  for table in $SCALE_TABLES; do
    schema+="CREATE TABLE $table ($(psql_at "$port" -tA -c "SELECT string_agg(quote_ident(attname) || ' ' ||
      format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute
      WHERE attrelid = '${table}_local'::regclass AND attnum > 0 AND NOT attisdropped"));"
  done
  for ((i = 0; i < shards; i++)); do
    node_start "$base/shard$i" $((port + 1 + i))
    psql_at $((port + 1 + i)) -c "CREATE EXTENSION pg_usage" -c "$schema"
  done
  {
    for table in $SCALE_TABLES; do
      echo "CREATE TABLE $table (LIKE ${table}_local) PARTITION BY HASH (user_id);"
    done
    for ((i = 0; i < shards; i++)); do
      cat <<SQL
CREATE SERVER shard$i FOREIGN DATA WRAPPER postgres_fdw
    OPTIONS (host '/tmp', port '$((port + 1 + i))', dbname 'postgres', extensions 'pg_usage',
             async_capable 'true', batch_size '1000', fetch_size '10000');
CREATE USER MAPPING FOR postgres SERVER shard$i OPTIONS (user 'postgres');
SQL
      for table in $SCALE_TABLES; do
        echo "CREATE FOREIGN TABLE ${table}_p$i PARTITION OF $table FOR VALUES WITH (MODULUS $shards, REMAINDER $i)
                SERVER shard$i OPTIONS (table_name '$table');"
      done
    done
    for table in $SCALE_TABLES; do echo "INSERT INTO $table SELECT * FROM ${table}_local;"; done
  } | psql_at "$port"
  for ((i = 0; i < shards; i++)); do psql_at $((port + 1 + i)) -c "VACUUM ANALYZE"; done
  psql_at "$port" -c "ANALYZE ${SCALE_TABLES// /, }"
}

# The tiers' helpers below run SQL on the coordinator through the tier's coord function.

# check_catalog CASES: every aggregate of pg_usage in the catalog has a case in CASES.
check_catalog() {
  local catalog listed
  catalog=$(coord -tA -c "SELECT p.oid::regprocedure FROM pg_proc p
    JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
    JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'pg_usage'
    WHERE p.prokind = 'a' ORDER BY 1")
  listed=$(grep -v '^#' "$1" | cut -d'|' -f2 | sort -u)
  check_equal "every aggregate of pg_usage has a case in $1 (< in the catalog only, > listed only)" \
    "$(sort <<<"$catalog")" "$listed"
}

# rows ZONE FORMAT QUERY: FORMAT with QUERY for its %s, run in session zone ZONE.
rows() {
  # shellcheck disable=SC2059
  PGOPTIONS="-c TimeZone=$1" coord -tA -c "$(printf "$2" "$3")" 2>&1
}

# compare WHAT ZONE DIST REF [REF_ZONE]: the distributed query DIST (rows of key, value)
# in session zone ZONE gives the text of the single-node query REF (in REF_ZONE,
# default ZONE) byte for byte. md5 of the ordered text first; the full lists are
# diffed on a mismatch. A query that fails is a failure.
compare() {
  local what=$1 zone=$2 dist=$3 ref=$4 ref_zone=${5:-$2} a b
  local digest="SELECT md5(string_agg(k || ' ' || coalesce(r::text, 'NULL'), E'\\\\n' ORDER BY k)), count(*) FROM (%s) q(k, r)"
  if ! a=$(rows "$zone" "$digest" "$dist") || ! b=$(rows "$ref_zone" "$digest" "$ref"); then
    check_equal "$what ($zone): both queries run" "" "$a${b:+ / $b}"
  elif [ "$a" != "$b" ]; then
    check_equal "$what ($zone): distributed (>) equals single node (<)" \
      "$(rows "$ref_zone" "SELECT * FROM (%s) q(k, r) ORDER BY k" "$ref")" \
      "$(rows "$zone" "SELECT * FROM (%s) q(k, r) ORDER BY k" "$dist")"
  else
    check_equal "$what ($zone)" "$b" "$a"
  fi
}

# explain ZONE QUERY: EXPLAIN VERBOSE of QUERY in session zone ZONE (or the error).
explain() { PGOPTIONS="-c TimeZone=$1" coord -tA -c "EXPLAIN (VERBOSE, COSTS OFF) $2" 2>&1 || true; }

# fit_inputs TABLE POINTS: per-customer BTYD inputs (x, t_x, T, monetary) as of the end
# of the data, from rfm_agg per user over TABLE (pushed down with the user); with
# POINTS = points, compressed to distinct points with their count n.
fit_inputs() {
  local inputs="SELECT btyd_frequency(s, d)::float8 AS x, btyd_recency(s, d)::float8 AS t_x,
                       btyd_age(s, d)::float8 AS \"T\", btyd_monetary(s, d) AS monetary
                FROM (SELECT user_id, rfm_agg(day, amount) AS s FROM $1 GROUP BY user_id) u,
                     (VALUES (date '2024-12-31')) v(d)"
  if [ "$2" = points ]; then
    echo "SELECT x, t_x, \"T\", monetary, count(*)::float8 AS n FROM ($inputs) i GROUP BY 1, 2, 3, 4"
  else
    echo "$inputs"
  fi
}

# citus_install PGDIR: Citus into the private copy PGDIR (make install DESTDIR), built
# from the vendored release source ($CITUS_SRC, default ../shared/vendor/citus next to
# the repository) unless citus.so is already there, e.g. copied from a system Citus
# package by private_install. The build (about 4 minutes on 2 cores) stays in
# $CITUS_BUILD, so a later copy only reinstalls.
# The vendored source sits in shared/vendor/citus beside the repository; a clone made
# elsewhere (e.g. /tmp) finds it at the workplace's /work/shared.
if [ -z "${CITUS_SRC:-}" ]; then
  CITUS_SRC=$REPO/../shared/vendor/citus
  [ -d "$CITUS_SRC" ] || [ ! -d /work/shared/vendor/citus ] || CITUS_SRC=/work/shared/vendor/citus
fi
CITUS_BUILD=${CITUS_BUILD:-/tmp/pg_usage_citus_build}
CITUS_VERSION=13.2.2
citus_install() {
  local pgdir=$1 pkglib log
  pkglib=$pgdir$("$PG_CONFIG" --pkglibdir)
  [ -f "$pkglib/citus.so" ] && return 0
  if [ ! -f "$CITUS_BUILD/citus-$CITUS_VERSION/src/backend/distributed/citus.so" ]; then
    [ -f "$CITUS_SRC/citus-$CITUS_VERSION.tar.gz" ] || {
      echo "citus: no citus.so in $pkglib and no source at $CITUS_SRC/citus-$CITUS_VERSION.tar.gz (set CITUS_SRC)" >&2
      return 1
    }
    citus_build_deps
    echo "== building Citus $CITUS_VERSION from $CITUS_SRC (about 4 minutes)"
    rm -rf "$CITUS_BUILD" && mkdir -p "$CITUS_BUILD"
    log=$CITUS_BUILD/build.log
    if ! (cd "$CITUS_BUILD" && tar xzf "$CITUS_SRC/citus-$CITUS_VERSION.tar.gz" \
          && cd "citus-$CITUS_VERSION" && patch -p1 -s < "$CITUS_SRC/pg15-debian-compat.patch" \
          && ./configure --without-libcurl PG_CONFIG="$PG_CONFIG" \
          && nice make -j2) >"$log" 2>&1; then
      tail -n 40 "$log" >&2
      return 1
    fi
  fi
  make -s -C "$CITUS_BUILD/citus-$CITUS_VERSION" install DESTDIR="$pgdir" >/dev/null
}

# The Debian packages the Citus build needs; installed only when missing.
citus_build_deps() {
  local pkg need=()
  for pkg in libkrb5-dev liblz4-dev libzstd-dev libpam0g-dev libselinux1-dev flex \
             autoconf libssl-dev libxml2-dev libxslt1-dev libreadline-dev; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
  done
  [ ${#need[@]} = 0 ] && return 0
  echo "== installing the Citus build dependencies: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need[@]}" >/dev/null
}
