#!/usr/bin/env bash
# The tests: sets up .venv if needed, then runs the whole suite (extra args go to pytest).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
python -m pytest tests -ra "$@"
