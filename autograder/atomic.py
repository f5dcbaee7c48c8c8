"""Files that are either whole or absent: a reader never sees half of one.

Class-grading workers and the judge write JSON (records, verdicts, training
verdicts) that other processes read at any moment, and a run can be killed at any
moment: each file is written beside its target and renamed over it.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def write_json(path: Path, data, indent: int | None = None) -> None:
    write_text(path, json.dumps(data, indent=indent))


def write_text(path: Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp",
                                     encoding="utf-8") as fh:
        fh.write(text)
    os.replace(fh.name, path)
