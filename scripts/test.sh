#!/usr/bin/env bash
# The tests: sets up .venv and a throwaway PostgreSQL server if needed, then runs the
# whole suite (extra args go to pytest).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source scripts/postgres.sh
python -m pytest tests -ra "$@"
