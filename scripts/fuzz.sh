#!/usr/bin/env bash
# Long fuzzing run of every text and binary decoder of the core (outside CI):
#   scripts/fuzz.sh [CASES] [SEED]      default 1000000 cases, seed from the clock
# Prints the cases run, failures and seconds, per target and in all; exits non-zero
# on a failure (each printed with the input that replays it: FUZZ_SEED=SEED).
# The short bounded run is part of `cargo test` (crates/usage_core/tests/fuzz).
set -euo pipefail
. "$(dirname "$0")/common.sh"
CASES=${1:-1000000}
export FUZZ_CASES=$CASES
[ -n "${2:-}" ] && export FUZZ_SEED=$2
cd "$REPO"
# nice: the machine is shared; one thread.
exec nice -n 10 cargo test -p usage_core --release --test fuzz fuzz_long -- --ignored --nocapture --test-threads=1
