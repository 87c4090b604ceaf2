#!/usr/bin/env bash
# Drafts sql/upgrades/pg_usage--FROM--CURRENT.sql from the frozen install script of
# release FROM (sql/releases) and the current version's generated one:
#   scripts/draft_upgrade.sh 0.1.0 > /tmp/draft.sql
# Review the draft into sql/upgrades/; tests/upgrade/run.sh proves the result.
set -euo pipefail
. "$(dirname "$0")/common.sh"
from=$1
current=$(mktemp /tmp/pg_usage_current.XXXXXX.sql)
(cd "$REPO" && cargo pgrx schema --release --pg-config "$PG_CONFIG" --features pg15 -o "$current" >/dev/null 2>&1)
python3 "$REPO/scripts/draft_upgrade.py" "$REPO/sql/releases/pg_usage--$from.sql" "$current"
rm -f "$current"
