"""Names of the cases of a parametrised hidden check, as the feedback shows them.

The runner names one case of a check ``"<the docstring's first line> [<case id>]"``
and the feedback lists the failing cases of a diagnosis by their ids, so an id must
describe its own case, in words a student can map to the question: "batch of 1, T = 1,
D = 3, H = 5", not "N1-T1-D3-H5". What the cases try together (a batch of 1, T = 1,
H != D...) belongs in a comment beside them, not in the docstring: the docstring
heads every case.
"""
from __future__ import annotations

# the batch size reads as words; every other dimension as "T = 4"
WORDS = {"N": "batch of {}"}


def describe(names: str, case) -> str:
    """``describe("N T D H", (1, 1, 3, 5))`` -> ``"batch of 1, T = 1, D = 3, H = 5"``.

    A name ending in ``:`` stands for a word of its own (``"mask:"`` with ``"ragged"``
    gives ``"ragged mask"``)."""
    parts = []
    for name, value in zip(names.split(), case):
        if name.endswith(":"):
            parts.append(f"{value} {name[:-1]}".replace("_", " "))
        else:
            parts.append(WORDS.get(name, name + " = {}").format(value))
    return ", ".join(parts)


def ids(names: str):
    """``ids=`` for ``pytest.mark.parametrize`` over tuples of these dimensions."""
    return lambda case: describe(names, case)
