"""Large and adversarial hidden tests for longest-substring-without-repeating-characters
(deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 50_000
PRINTABLE = "".join(chr(c) for c in range(32, 127))  # the 95 printable ASCII characters
PROBE_SIZES = (4_000, 16_000, 50_000)


def _random(rng: Random, n: int, alphabet: str = PRINTABLE) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _bouncing(rng: Random, n: int) -> str:
    """Palindromic runs like "abcddcba": after a repeat, the window must not move its left edge
    back to an older occurrence (the "abba" bug)."""
    parts: list[str] = []
    while sum(map(len, parts)) < n:
        run = "".join(rng.sample(PRINTABLE, rng.randint(2, 40)))
        parts.append(run + run[::-1])
    return "".join(parts)[:n]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Random printable text at the top of the constraints (the longest run is far below the 95
    distinct characters), the whole alphabet cycling (answer 95), random text over 4 letters, and
    palindromic runs."""
    cycle = (PRINTABLE * (N // len(PRINTABLE) + 1))[:N]
    return [
        ("large input", [_random(rng, N)]),
        ("large input", [cycle]),
        ("adversarial", [_random(rng, N, "abcd")]),
        ("adversarial", [_bouncing(rng, N)]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """n random printable characters."""
    return [_random(rng, n)]
