"""Seeded toy datasets for the rnn_architectures_part1 notebook (nothing here is graded).

Every generator takes ``seed`` and returns plain NumPy arrays, so the notebook and the
autograder can build the same kind of data without any download:

* :func:`make_sentiment` - short movie reviews where word order matters (negation);
* :func:`make_tagging` - sentences whose ambiguous words ("watch", "fly", ...) are a
  NOUN or a VERB depending on the word before them;
* :func:`make_numbers` - a toy translation task: English number words to digits;
* :func:`make_order_task` - "does A come before B?", with A and B either adjacent
  (a local pattern) or far apart (a long-range dependency).

Token id 0 is always padding; sequences are padded at the end ("post").
"""
from __future__ import annotations

import numpy as np

PAD = "<pad>"


def pad_sequences(seqs, length=None, value=0):
    """Stack lists of ids into an int32 array ``(n, length)``, padded at the end."""
    length = length or max(len(s) for s in seqs)
    out = np.full((len(seqs), length), value, dtype=np.int32)
    for i, s in enumerate(seqs):
        s = list(s)[:length]
        out[i, :len(s)] = s
    return out


# --------------------------------------------------------------------------- sentiment
POSITIVE = ["good", "great", "fun", "brilliant", "charming", "clever", "moving", "lovely"]
NEGATIVE = ["bad", "boring", "awful", "dull", "weak", "messy", "silly", "bland"]
NEGATORS = ["not", "never"]
SUBJECTS = ["movie", "plot", "acting", "story", "music", "ending", "cast", "script",
            "dialogue", "pacing"]
VERBS = ["was", "is", "felt", "seemed"]
INTENSIFIERS = ["very", "really", "quite", "truly"]
SENTIMENT_VOCAB = [PAD, "the", "and"] + VERBS + NEGATORS + INTENSIFIERS + SUBJECTS \
    + POSITIVE + NEGATIVE
SENTIMENT_INDEX = {w: i for i, w in enumerate(SENTIMENT_VOCAB)}


def _clause(rng, positive_word: bool, negated: bool) -> list[str]:
    words = ["the", rng.choice(SUBJECTS), rng.choice(VERBS)]
    if negated:
        words.append(rng.choice(NEGATORS))
    if rng.random() < 0.4:
        words.append(rng.choice(INTENSIFIERS))
    words.append(rng.choice(POSITIVE if positive_word else NEGATIVE))
    return words


def make_sentiment(n: int, seed: int, single_fraction: float = 0.25):
    """``n`` reviews of one or two clauses, e.g. "the plot was not very good".

    A clause is positive when its adjective is positive XOR it is negated; a review's
    clauses always agree. Two-clause reviews with exactly one negation contain one
    positive and one negative adjective, so only the *order* of the words (which
    adjective follows "not") tells the label: a bag of words is at chance on them.

    Returns a dict: ``X`` int32 ``(n, T)`` word ids (0 = padding), ``y`` float ``(n,)``
    (1 = positive), ``texts`` (list of str), ``order_needed`` bool ``(n,)`` marking
    the reviews a bag of words cannot classify.
    """
    rng = np.random.default_rng(seed)
    texts, labels, hard = [], [], []
    for _ in range(n):
        label = bool(rng.random() < 0.5)
        if rng.random() < single_fraction:
            negs = [bool(rng.random() < 0.5)]
        else:
            # two clauses; exactly one negation two times out of three
            k = rng.choice([0, 1, 1, 2])
            negs = [False, False] if k == 0 else [True, True] if k == 2 else \
                list(rng.permutation([True, False]))
        words = []
        for j, neg in enumerate(negs):
            if j:
                words.append("and")
            words += _clause(rng, positive_word=(label != neg), negated=bool(neg))
        texts.append(" ".join(words))
        labels.append(float(label))
        hard.append(len(negs) == 2 and negs[0] != negs[1])
    X = pad_sequences([[SENTIMENT_INDEX[w] for w in t.split()] for t in texts])
    return {"X": X, "y": np.array(labels), "texts": texts, "order_needed": np.array(hard)}


def encode_sentiment(texts):
    """Word ids for new reviews (unknown words are an error: the vocabulary is fixed)."""
    return pad_sequences([[SENTIMENT_INDEX[w] for w in t.lower().split()] for t in texts])


# --------------------------------------------------------------------------- tagging
TAGS = [PAD, "DET", "ADJ", "NOUN", "VERB", "PRON", "PREP", "ADV"]
AMBIGUOUS = ["watch", "fly", "duck", "park", "fish", "train", "book", "ring", "film",
             "light"]
TAG_WORDS = {
    "DET": ["the", "a", "this", "that"],
    "ADJ": ["old", "small", "red", "quiet", "new", "strange"],
    "NOUN": ["dog", "river", "house", "girl", "city", "garden", "window", "teacher"],
    "VERB": ["see", "like", "paint", "find", "follow", "visit"],
    "PRON": ["i", "we", "they", "you"],
    "PREP": ["near", "behind", "in", "under"],
    "ADV": ["today", "again", "quietly", "often"],
}
SUBJECT_NOUNS = ["children", "people", "dogs", "friends"]
TAGGING_VOCAB = [PAD] + sorted({w for ws in TAG_WORDS.values() for w in ws}
                               | set(AMBIGUOUS) | set(SUBJECT_NOUNS))
TAGGING_INDEX = {w: i for i, w in enumerate(TAGGING_VOCAB)}
TAG_INDEX = {t: i for i, t in enumerate(TAGS)}


def _noun_phrase(rng, ambiguous_p):
    out = [(rng.choice(TAG_WORDS["DET"]), "DET")]
    if rng.random() < 0.4:
        out.append((rng.choice(TAG_WORDS["ADJ"]), "ADJ"))
    noun = rng.choice(AMBIGUOUS) if rng.random() < ambiguous_p else rng.choice(TAG_WORDS["NOUN"])
    out.append((noun, "NOUN"))
    return out


def make_tagging(n: int, seed: int, ambiguous_p: float = 0.5):
    """``n`` tagged sentences, e.g. "we watch the old train near the park today".

    The ambiguous words are VERBs right after the subject and NOUNs after a
    determiner or adjective, so a tagger must look at the context, not just the word.

    Returns a dict: ``X`` int32 ``(n, T)`` word ids, ``Y`` int32 ``(n, T)`` tag ids
    (both 0 = padding), ``texts``, ``ambiguous`` bool ``(n, T)`` marking the
    positions holding an ambiguous word.
    """
    rng = np.random.default_rng(seed)
    sents = []
    for _ in range(n):
        if rng.random() < 0.5:
            s = [(rng.choice(TAG_WORDS["PRON"]), "PRON")]
        else:
            s = [("the", "DET"), (rng.choice(SUBJECT_NOUNS), "NOUN")]
        verb = rng.choice(AMBIGUOUS) if rng.random() < ambiguous_p else rng.choice(TAG_WORDS["VERB"])
        s.append((verb, "VERB"))
        s += _noun_phrase(rng, ambiguous_p)
        if rng.random() < 0.5:
            s.append((rng.choice(TAG_WORDS["PREP"]), "PREP"))
            s += _noun_phrase(rng, ambiguous_p)
        if rng.random() < 0.3:
            s.append((rng.choice(TAG_WORDS["ADV"]), "ADV"))
        sents.append(s)
    X = pad_sequences([[TAGGING_INDEX[w] for w, _ in s] for s in sents])
    Y = pad_sequences([[TAG_INDEX[t] for _, t in s] for s in sents])
    amb = np.isin(X, [TAGGING_INDEX[w] for w in AMBIGUOUS])
    return {"X": X, "Y": Y, "texts": [" ".join(w for w, _ in s) for s in sents],
            "ambiguous": amb}


# --------------------------------------------------------------------------- translation
ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
        "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SRC_VOCAB = [PAD] + ONES + TENS[2:] + ["hundred"]
SRC_INDEX = {w: i for i, w in enumerate(SRC_VOCAB)}
START, END = 1, 2
TGT_VOCAB = [PAD, "<start>", "<end>"] + [str(d) for d in range(10)]


def number_to_words(k: int) -> str:
    """0 <= k <= 999 in English words, e.g. 342 -> "three hundred forty two"."""
    if not 0 <= k <= 999:
        raise ValueError("only 0..999")
    words = []
    hundreds, rest = divmod(k, 100)
    if hundreds:
        words += [ONES[hundreds], "hundred"]
    if rest or not words:
        if rest < 20:
            words.append(ONES[rest])
        else:
            words.append(TENS[rest // 10])
            if rest % 10:
                words.append(ONES[rest % 10])
    return " ".join(words)


def digits_to_ids(k: int) -> list[int]:
    return [3 + int(c) for c in str(k)]


def ids_to_digits(ids) -> str:
    """Target ids back to a digit string, stopping at <end> (padding ignored)."""
    out = []
    for i in ids:
        i = int(i)
        if i == END:
            break
        if i >= 3:
            out.append(str(i - 3))
    return "".join(out)


def make_numbers(n: int, seed: int, high: int = 1000, exclude=()):
    """``n`` distinct numbers in [0, high) as (words -> digits) translation pairs.

    Returns a dict: ``src`` int32 ``(n, 5)`` source word ids, ``tgt_in`` int32
    ``(n, 4)`` = ``<start>`` + digits (the decoder input, teacher forcing), ``tgt_out``
    int32 ``(n, 4)`` = digits + ``<end>`` (what the decoder must predict), both padded
    with 0, plus ``numbers`` and ``texts``. Numbers in ``exclude`` are never drawn.
    """
    rng = np.random.default_rng(seed)
    pool = np.setdiff1d(np.arange(high), np.asarray(list(exclude), dtype=int))
    if n > len(pool):
        raise ValueError(f"only {len(pool)} numbers available")
    numbers = rng.choice(pool, size=n, replace=False)
    texts = [number_to_words(int(k)) for k in numbers]
    src = pad_sequences([[SRC_INDEX[w] for w in t.split()] for t in texts], length=5)
    tgt_in = pad_sequences([[START] + digits_to_ids(int(k)) for k in numbers], length=4)
    tgt_out = pad_sequences([digits_to_ids(int(k)) + [END] for k in numbers], length=4)
    return {"src": src, "tgt_in": tgt_in, "tgt_out": tgt_out, "numbers": numbers,
            "texts": texts}


# --------------------------------------------------------------------------- CNN vs RNN
ORDER_VOCAB = 12  # 0 = padding, 1 = "A", 2 = "B", 3..11 = distractors


def make_order_task(n: int, seed: int, length: int = 30, kind: str = "local",
                    min_gap: int = 10, margin: int = 4):
    """Sequences of random distractor tokens holding one ``A`` (id 1) and one ``B`` (2).

    The label is 1 when A comes before B. With ``kind="local"`` A and B are adjacent;
    with ``kind="long"`` at least ``min_gap`` positions separate them, beyond the
    reach of a small convolution. A and B never sit within ``margin`` steps of either
    end (a convolution could otherwise tell "first" from "last" by the edges).
    Returns ``X`` int32 ``(n, length)`` and ``y`` float ``(n,)``.
    """
    if kind not in ("local", "long"):
        raise ValueError("kind must be 'local' or 'long'")
    lo, hi = margin, length - margin          # A and B lie in [lo, hi)
    if hi - lo < (2 if kind == "local" else min_gap + 1):
        raise ValueError("sequence too short for this margin and gap")
    rng = np.random.default_rng(seed)
    X = rng.integers(3, ORDER_VOCAB, size=(n, length)).astype(np.int32)
    y = (rng.random(n) < 0.5).astype(float)
    for i in range(n):
        gap = 1 if kind == "local" else int(rng.integers(min_gap, hi - lo))
        p = int(rng.integers(lo, hi - gap))
        first, second = (1, 2) if y[i] else (2, 1)
        X[i, p], X[i, p + gap] = first, second
    return {"X": X, "y": y}
