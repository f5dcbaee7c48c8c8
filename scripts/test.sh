#!/usr/bin/env bash
# The tests: sets up .venv (with the test dependencies) if needed, then runs the whole
# suite (extra args go to pytest) and lists the slowest tests. The gradebook tests start
# their own PostgreSQL server from the pgserver wheel (tests/conftest.py).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
python -m pytest tests -ra --durations=25 "$@"
