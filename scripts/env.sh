# The project virtualenv with everything installed: creates .venv on first use and
# reinstalls when pyproject.toml changes, then activates it.
#
# Sourced by the other scripts, and by instructors (`source scripts/env.sh`): in the
# caller's shell it changes only PATH and VIRTUAL_ENV (the activation) and sets
# TF_CPP_MIN_LOG_LEVEL=3, PYTHONWARNINGS=ignore and PYTHONDONTWRITEBYTECODE=1. Shell
# options, the working folder and every other variable stay as they were; the
# installation runs in a subshell of its own, and a failed one returns 1 (it never
# exits the caller's shell). Scripts set their own strictness (`set -euo pipefail`).
_rnn_course_env() {
    local root
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)" || return 1
    (
        set -euo pipefail
        cd "$root"
        python_bin="${PYTHON:-python3}"
        if [ ! -x .venv/bin/python ]; then
            "$python_bin" -m venv .venv
        fi
        stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
        if [ ! -f "$stamp" ]; then
            echo "installing dependencies into .venv (first run: a few minutes)..."
            if ! { .venv/bin/python -m pip install --upgrade pip \
                    && .venv/bin/python -m pip install ".[test]"; } > .venv/install.log 2>&1; then
                tail -40 .venv/install.log
                echo "installation failed; the full log is .venv/install.log" >&2
                exit 1
            fi
            rm -f .venv/.installed-*
            touch "$stamp"
        fi
    ) || return 1
    export VIRTUAL_ENV="$root/.venv"
    export PATH="$root/.venv/bin:$PATH"
    export TF_CPP_MIN_LOG_LEVEL=3 PYTHONWARNINGS=ignore PYTHONDONTWRITEBYTECODE=1
}
if ! _rnn_course_env; then
    unset -f _rnn_course_env
    return 1 2>/dev/null || exit 1  # a script sourcing this stops under its own set -e
fi
unset -f _rnn_course_env
