"""Give the notebook being autograded the public checking package."""
from __future__ import annotations

from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor

from ..harness_copies import place_harness


def notebook_dir(resources) -> Path:
    return Path(resources.get("metadata", {}).get("path") or ".")


class ProvideHarness(NbGraderPreprocessor):
    """Copy the public checking package next to the notebook being autograded."""

    def preprocess(self, nb, resources):
        place_harness(notebook_dir(resources))
        return nb, resources
