#!/usr/bin/env bash
# Regenerate solutions/, assignments/ and gradebook.db from source/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
python -m tools.release "$@"
