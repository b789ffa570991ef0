"""Large and adversarial hidden tests for three-sum (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 3_000
TOP = 100_000
PROBE_SIZES = (500, 1_000, 2_000)


def _random(rng: Random, n: int, top: int = TOP) -> list[int]:
    return [rng.randint(-top, top) for _ in range(n)]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Random values at the top of the constraints (the triple loop, O(n^3), times out), values
    from a small range (many repeated triples to skip), and all zeros but for a few."""
    zeros = [0] * (N - 3) + [1, -1, 2]
    rng.shuffle(zeros)
    return [
        ("large input", [_random(rng, N)]),
        ("adversarial", [_random(rng, N, 60)]),
        ("adversarial", [zeros]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """n random values in [-10^5, 10^5]."""
    return [_random(rng, n)]
