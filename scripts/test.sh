#!/usr/bin/env bash
# The tests: sets up .venv (with the test dependencies) if needed, then runs the whole
# suite (extra args go to pytest) and lists the slowest tests. `--fast` first: the fast
# tier only (what a developer runs on every change; CI runs everything). The gradebook
# tests start their own PostgreSQL server from the pgserver wheel (tests/conftest.py).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
if [ "${1:-}" = "--fast" ]; then
    # the fast tier, for every change: no class batch, no second lane, no module that
    # takes minutes (tests/conftest.py: SLOW_MODULES); about 3 minutes on 2 cores
    shift
    exec python -m pytest tests -m "not slow" -ra --durations=10 "$@"
fi
python -m pytest tests -ra --durations=25 "$@"
