#!/usr/bin/env bash
# Regenerate solutions/, assignments/ and gradebook.db from source/.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
python -m tools.release "$@"
