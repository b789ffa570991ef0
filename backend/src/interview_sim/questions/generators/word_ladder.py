"""Large and adversarial hidden tests for word-ladder (deterministic given the rng)."""

from __future__ import annotations

from itertools import product
from random import Random
from string import ascii_lowercase
from typing import Any

TOP = 20_000
PROBE_SIZES = (2_000, 5_000, 12_000)


def _all_words(letters: str, length: int) -> list[str]:
    return ["".join(p) for p in product(letters, repeat=length)]


def _dense(rng: Random, count: int, letters: str, length: int) -> list[str]:
    """`count` entries drawn from every word over `letters`, repeats included: one big component."""
    pool = _all_words(letters, length)
    return [rng.choice(pool) for _ in range(count)]


def _planted(rng: Random, count: int, length: int) -> tuple[str, str, list[str]]:
    """Random long words (almost all isolated) plus one ladder that changes each letter in turn."""
    begin = "".join(rng.choice(ascii_lowercase) for _ in range(length))
    end = "".join(rng.choice([c for c in ascii_lowercase if c != b]) for b in begin)
    ladder = [end[:i] + begin[i:] for i in range(1, length + 1)]
    noise = ["".join(rng.choice(ascii_lowercase) for _ in range(length)) for _ in range(count - length)]
    words = ladder + noise
    rng.shuffle(words)
    return begin, end, words


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Dense three-letter dictionaries where a breadth-first search reaches every word (a scan of
    the whole dictionary per word is O(N^2 * L)): one with a ladder, one whose end is cut off;
    then long words with one planted ladder (building the graph pairwise is O(N^2 * L))."""
    words = _dense(rng, TOP, ascii_lowercase, 3)
    cut_off = _all_words(ascii_lowercase[:25], 3)
    rng.shuffle(cut_off)
    return [
        ("large input", [words[0], words[-1], words]),
        ("adversarial", ["abc", "zzz", [*cut_off, "zzz"]]),
        ("large input", list(_planted(rng, TOP, 10))),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """n dictionary entries of three letters, one connected piece."""
    words = _dense(rng, n, ascii_lowercase, 3)
    return [words[0], words[-1], words]
