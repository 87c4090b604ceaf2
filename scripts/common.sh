# Shared settings of the scripts: sourced, not run.
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN=/usr/lib/postgresql/15/bin
PG_CONFIG=$PG_BIN/pg_config
PG_REGRESS=/usr/lib/postgresql/15/lib/pgxs/src/test/regress/pg_regress
export PGRX_HOME="$REPO/pgrx-config"
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
LOCK=/tmp/pg_usage_install.lock

# install_extension [--release]: builds and installs pg_usage into the system
# PostgreSQL. The old library is unlinked first, so backends that still map it
# keep their copy instead of crashing on a file rewritten in place.
install_extension() {
  rm -f "$("$PG_CONFIG" --pkglibdir)/pg_usage.so"
  (cd "$REPO" && cargo pgrx install --pg-config "$PG_CONFIG" "$@")
  release_scripts "$("$PG_CONFIG" --sharedir)/extension"
}

# release_scripts DIR: the install scripts of earlier releases and the update scripts
# (sql/releases, sql/upgrades) into the extension directory DIR, beside the current
# version's script that pgrx generates, so `CREATE EXTENSION pg_usage VERSION '0.1.0'`
# and `ALTER EXTENSION pg_usage UPDATE` work.
release_scripts() {
  cp "$REPO"/sql/releases/pg_usage--*.sql "$REPO"/sql/upgrades/pg_usage--*--*.sql "$1/"
}

# cluster_start DIR PORT: a private cluster owned by the postgres user, reused if running.
cluster_start() {
  local dir=$1 port=$2
  if [ ! -f "$dir/PG_VERSION" ]; then
    mkdir -p "$dir" && chown postgres:postgres "$dir"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$dir" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$dir/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '/tmp'
port = $port
max_worker_processes = 8
max_parallel_workers = 4
shared_buffers = 512MB
work_mem = 64MB
maintenance_work_mem = 512MB
fsync = off
synchronous_commit = off
full_page_writes = off
jit = off
CONF
  fi
  # The server must not inherit the install lock (fd 9) or it would hold it forever.
  if ! runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" -l "$dir/server.log" -w start >/dev/null 9>&-
  fi
}

cluster_stop() {
  local dir=$1
  if [ -f "$dir/PG_VERSION" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

# private_install DIR: a copy of the system PostgreSQL 15 under DIR with the release
# build of pg_usage packaged into it (cargo pgrx package, no system install), and
# PG_BIN pointing at its binaries. Benchmarks run their cluster from such a copy, so
# no concurrent install can replace the library they measure.
private_install() {
  local dir=$1
  if [ ! -x "$dir/usr/lib/postgresql/15/bin/postgres" ]; then
    mkdir -p "$dir/usr/lib" "$dir/usr/share"
    cp -a /usr/lib/postgresql "$dir/usr/lib/"
    cp -a /usr/share/postgresql "$dir/usr/share/"
  fi
  (cd "$REPO" && cargo pgrx package --pg-config "$PG_CONFIG")
  release_scripts "$REPO/target/release/pg_usage-pg15/usr/share/postgresql/15/extension"
  cp -a "$REPO/target/release/pg_usage-pg15/usr/." "$dir/usr/"
  PG_BIN=$dir/usr/lib/postgresql/15/bin
}
