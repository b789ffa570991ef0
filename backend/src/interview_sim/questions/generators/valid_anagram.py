"""Large and adversarial hidden tests for valid-anagram (deterministic given the rng)."""

from __future__ import annotations

import string
from random import Random
from typing import Any

N = 50_000
PROBE_SIZES = (4_000, 16_000, 50_000)


def _letters(rng: Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(n))


def _shuffled(rng: Random, s: str) -> str:
    chars = list(s)
    rng.shuffle(chars)
    return "".join(chars)


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """A shuffled copy; same length and letters but other counts (kills set or length checks); a
    sorted string against its reverse."""
    s = _letters(rng, N)
    other_counts = _shuffled(rng, "a" * (N // 2) + "b" * (N // 2 - 2) + "cc")
    balanced = "a" * (N // 2 - 1) + "b" * (N // 2 - 1) + "cc"
    sorted_s = "".join(sorted(_letters(rng, N)))
    return [
        ("large input", [s, _shuffled(rng, s)]),
        ("adversarial", [balanced, other_counts]),
        ("adversarial", [sorted_s, sorted_s[::-1]]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    s = _letters(rng, n)
    return [s, _shuffled(rng, s)]
