"""Large and adversarial hidden tests for missing-number (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
PROBE_SIZES = (4_000, 16_000, 64_000)


def _without(rng: Random, n: int, missing: int) -> list[int]:
    nums = [x for x in range(n + 1) if x != missing]
    rng.shuffle(nums)
    return nums


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """A random value missing; n missing (searching 0..n one by one times out); 0 missing."""
    return [
        ("large input", [_without(rng, N, rng.randint(1, N - 1))]),
        ("adversarial", [_without(rng, N, N)]),
        ("adversarial", [_without(rng, N, 0)]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    return [_without(rng, n, rng.randint(0, n))]
