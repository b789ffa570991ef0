"""Large and adversarial hidden tests for minimum-window-substring (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from string import ascii_letters
from typing import Any

N = 100_000
PROBE_SIZES = (4_000, 16_000, 64_000)


def _text(rng: Random, n: int, letters: str = ascii_letters) -> str:
    return "".join(rng.choice(letters) for _ in range(n))


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Random text with a short and with a half-length t; then shapes where growing a window from
    every start (O(n^2)) reads to the end of s each time."""
    s = _text(rng, N)
    half = list(s[N // 4 : N // 4 + N // 2])
    rng.shuffle(half)
    return [
        ("large input", [s, _text(rng, 40)]),
        ("large input", [s, "".join(half)]),
        ("adversarial", ["a" * (N - 1) + "b", "ab"]),
        ("adversarial", ["b" + "a" * (N - 2) + "c", "cab"]),
        ("adversarial", [_text(rng, N - 1, "xy") + "z", "z" + "x" * 20_000]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """Random text of n letters from a small alphabet and a 10-letter t."""
    return [_text(rng, n, "abcdefgh"), _text(rng, 10, "abcdefgh")]
