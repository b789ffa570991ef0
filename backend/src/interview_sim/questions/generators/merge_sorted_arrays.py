"""Large and adversarial hidden tests for merge-sorted-arrays (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 10_000
LIMIT = 10**9
PROBE_SIZES = (1_000, 4_000, 10_000)


def _sorted(rng: Random, n: int, low: int = -LIMIT, high: int = LIMIT) -> list[int]:
    return sorted(rng.randint(low, high) for _ in range(n))


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Interleaved with duplicates; every value of a above every value of b; one side empty."""
    shared = _sorted(rng, N // 2, -1_000, 1_000)
    return [
        ("large input", [sorted(shared + _sorted(rng, N // 2)), sorted(shared + _sorted(rng, N // 2))]),
        ("adversarial", [_sorted(rng, N, 0, LIMIT), _sorted(rng, N, -LIMIT, 0)]),
        ("adversarial", [[], _sorted(rng, N)]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    return [_sorted(rng, n), _sorted(rng, n)]
