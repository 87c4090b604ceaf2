#!/usr/bin/env bash
# Runs every test: formatting and lints, the pure core (cargo test) and the SQL tests (pg_regress)
# against a freshly built extension on a private cluster. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
. scripts/common.sh
echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --release -- -D warnings
echo "== cargo test (crates/usage_core)"
cargo test -p usage_core --release
echo "== pg_regress"
DATA=/tmp/pg_usage_test_$$
trap 'cluster_stop "$DATA"; rm -rf "$DATA"' EXIT
PG_USAGE_RELEASE=1 PG_USAGE_REGRESS_DATA=$DATA PG_USAGE_REGRESS_PORT=28817 scripts/regress.sh
echo "== docs run as tests: the SQL examples of docs/ and their outputs (tests/docs/run.sh)"
tests/docs/run.sh /tmp/pg_usage_docs_$$ 28819
echo "== reference checks against scikit-learn, mlxtend and lifetimes (tests/reference/run.sh)"
tests/reference/run.sh /tmp/pg_usage_reference_$$ 28825
echo "== upgrades from every release (tests/upgrade/run.sh)"
tests/upgrade/run.sh /tmp/pg_usage_upgrade_$$ 28819
echo "== out of memory is an ERROR (tests/memory/out_of_memory.sh)"
tests/memory/out_of_memory.sh /tmp/pg_usage_oom_$$ 28818
echo "== Debian package: build, dpkg -i, smoke test, dpkg -r (tests/package/run.sh)"
tests/package/run.sh /tmp/pg_usage_pkg_$$ 28821
echo "== the demo: every report section, converged CLV fits, the README example (tests/demo/run.sh)"
tests/demo/run.sh /tmp/pg_usage_demo_test_$$ 28820
echo "== dbt package: example project built twice (tests/dbt/run.sh)"
tests/dbt/run.sh /tmp/pg_usage_dbt_$$ 28822
echo "== hostile-input suite (tests/hostile/run.sh)"
tests/hostile/run.sh /tmp/pg_usage_hostile_$$ 28823
echo "== statement_timeout on hostile values (tests/hostile/timeouts.sh)"
tests/hostile/timeouts.sh /tmp/pg_usage_timeouts_$$ 28823
echo "== HashAggregate memory of usage_agg (tests/memory/hash_agg.sh)"
tests/memory/hash_agg.sh /tmp/pg_usage_hashagg_$$ 28824
echo "== scale-out: postgres_fdw tier (tests/scale_out/fdw.sh)"
tests/scale_out/fdw.sh
echo "== scale-out: Citus tier (tests/scale_out/citus.sh; builds Citus once if missing)"
tests/scale_out/citus.sh
