"""Large and adversarial hidden tests for search-in-rotated-sorted-array (deterministic given the rng).

A linear scan cannot be told apart by time here: reading the input is already O(n), so every
case costs a scan about as much as the search. The observed-complexity probe shows the growth."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
TOP = 10**9
PROBE_SIZES = (4_000, 16_000, 64_000)


def _rotated(rng: Random, n: int, k: int | None = None) -> list[int]:
    """n distinct sorted values in [-10^9, 10^9] (all even, so odd targets are absent), rotated by k."""
    values = sorted(2 * v for v in rng.sample(range(-TOP // 2, TOP // 2 + 1), n))
    k = rng.randrange(n) if k is None else k
    return values[k:] + values[:k]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Random rotations at the top of the constraints with the target present, absent (between two
    values), at the smallest value, and at the ends of an unrotated or fully wrapped array."""
    a = _rotated(rng, N)
    b = _rotated(rng, N)
    c = _rotated(rng, N)
    flat = _rotated(rng, N, 0)
    wrapped = _rotated(rng, N, N - 1)
    return [
        ("large input", [a, a[rng.randrange(N)]]),
        ("large input", [b, b[rng.randrange(N)] + 1]),
        ("adversarial", [c, min(c)]),
        ("adversarial", [flat, flat[-1]]),
        ("adversarial", [wrapped, wrapped[-1]]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """A random rotation of n values and a present target."""
    nums = _rotated(rng, n)
    return [nums, nums[rng.randrange(n)]]
