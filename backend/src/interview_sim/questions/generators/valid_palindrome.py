"""Large and adversarial hidden tests for valid-palindrome (deterministic given the rng)."""

from __future__ import annotations

import string
from random import Random
from typing import Any

N = 200_000
PROBE_SIZES = (8_000, 32_000, 128_000)
NOISE = " ,.!?-:;'"


def _half(rng: Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def _dressed(rng: Random, s: str) -> str:
    """s with random case and punctuation between the letters: still the same letters in order."""
    return "".join((c.upper() if rng.random() < 0.5 else c) + rng.choice(NOISE) for c in s)


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """A dressed-up palindrome of 2*10^5 characters; the same with one letter off in the middle;
    a plain palindrome."""
    half = _half(rng, N // 4)
    middle = "x" if half[-1] != "x" else "y"
    return [
        ("large input", [_dressed(rng, half + half[::-1])]),
        ("adversarial", [_dressed(rng, half + middle + half[::-1][1:])]),
        ("adversarial", [half * 2 + (half * 2)[::-1]]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    half = _half(rng, n // 4)
    return [_dressed(rng, half + half[::-1])]
