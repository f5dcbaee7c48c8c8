#!/usr/bin/env bash
# The main job: regenerate the release, autograde a sample class, print the grade table.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
python -m tools.sample_grading "$@"
