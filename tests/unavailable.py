"""A test whose machine lacks what it needs: skipped on a developer's machine, failed
under CI (``CI`` set), where everything the tests need is installed, so that a missing
piece never passes there as a skip."""
from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(what: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"{what}: under CI every test must run", pytrace=False)
    pytest.skip(what)


def needs_seal() -> None:
    """Bubblewrap, for the tests of the sealed student process."""
    from autograder.seal import isolation
    try:
        isolation.find_bwrap()
    except isolation.SealUnavailable as exc:
        missing(f"bubblewrap cannot seal here: {exc}")
