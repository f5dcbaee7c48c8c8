"""Public checks for this assignment: run `pytest` in this folder."""
from _harness.pytest_plugin import *  # noqa: F401,F403 - the student fixture and report hooks
