"""Regenerate ``names.txt``: invented, pronounceable names built from syllable rules.

The names are produced by this script alone (no outside word list): a name is one
or two syllables (onset + vowel + optional coda) followed by an ending. The
generator is seeded, so running ``python make_names.py`` rewrites the same file.
"""
from pathlib import Path

import numpy as np

ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
          "br", "dr", "kr", "tr", "st", "sh", "th", "ch", "gl", "fl"]
VOWELS = ["a", "e", "i", "o", "u", "a", "e", "o", "ai", "ei", "ou"]
CODAS = ["", "", "", "", "n", "r", "l", "s", "m"]
ENDINGS = ["a", "ia", "on", "el", "ar", "is", "en", "o", "ine", "us", "ette", "wyn",
           "ric", "ina", "ley"]
LINKS = ["n", "r", "l", "v", "d"]
VOWEL_LETTERS = set("aeiou")


def syllable(rng) -> str:
    return (ONSETS[rng.integers(len(ONSETS))] + VOWELS[rng.integers(len(VOWELS))]
            + CODAS[rng.integers(len(CODAS))])


def make_names(count: int = 2000, seed: int = 2024) -> list[str]:
    rng = np.random.default_rng(seed)
    names, seen = [], set()
    while len(names) < count:
        parts = [syllable(rng) for _ in range(1 + int(rng.random() < 0.45))]
        parts.append(ENDINGS[rng.integers(len(ENDINGS))])
        name = parts[0]
        for part in parts[1:]:
            # vowel meets vowel at a border: put a linking consonant between them
            if name[-1] in VOWEL_LETTERS and part[0] in VOWEL_LETTERS:
                name += LINKS[rng.integers(len(LINKS))]
            name += part
        # no triple letters, no doubled vowels across a syllable border, 4..10 letters
        if not 4 <= len(name) <= 10 or any(name[i] == name[i + 1] == name[i + 2]
                                            for i in range(len(name) - 2)):
            continue
        if name in seen:
            continue
        seen.add(name)
        names.append(name)
    return names


if __name__ == "__main__":
    out = Path(__file__).with_name("names.txt")
    out.write_text("\n".join(make_names()) + "\n", encoding="utf-8")
    print(f"wrote {out}")
