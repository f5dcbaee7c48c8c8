# Sourced by the other scripts: a project virtualenv with everything installed.
# Creates .venv on first use and reinstalls when pyproject.toml changes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON_BIN="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$PYTHON_BIN" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    echo "installing dependencies into .venv (first run: a few minutes)..."
    if ! { .venv/bin/python -m pip install --upgrade pip && .venv/bin/python -m pip install ".[test]"; } \
            > .venv/install.log 2>&1; then
        tail -40 .venv/install.log
        echo "installation failed; the full log is .venv/install.log" >&2
        exit 1
    fi
    rm -f .venv/.installed-*
    touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"
export TF_CPP_MIN_LOG_LEVEL=3 PYTHONWARNINGS=ignore PYTHONDONTWRITEBYTECODE=1
