#!/usr/bin/env bash
# Installs what building and testing pg_usage needs on Debian 12, as root.
# Idempotent: every step checks first and does nothing when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
need_apt=()
# python3 (3.11 on Debian 12, standard library only) runs the docs test (tests/docs).
for pkg in postgresql-15 postgresql-server-dev-15 libclang-dev sudo python3; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
fi
if ! cargo pgrx --version 2>/dev/null | grep -q "0.18.1"; then
  echo "setup: installing cargo-pgrx 0.18.1 (takes about 5 minutes)"
  cargo install cargo-pgrx --version 0.18.1 --locked --quiet
fi

# pgrx reads its configuration from PGRX_HOME; config.toml in git points it at the
# system PostgreSQL 15, so nothing is downloaded.
export PGRX_HOME="$PWD/pgrx-config"
if [ ! -f "$PGRX_HOME/config.toml" ] || ! grep -q "$PG_CONFIG" "$PGRX_HOME/config.toml"; then
  cargo pgrx init --pg15 "$PG_CONFIG"
fi
