#!/usr/bin/env bash
# The main job: regenerate the release, autograde a sample class, print the grade table.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
python -m tools.sample_grading "$@"
