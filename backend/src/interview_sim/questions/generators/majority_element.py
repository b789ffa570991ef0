"""Large and adversarial hidden tests for majority-element (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
LIMIT = 10**9
PROBE_SIZES = (4_000, 16_000, 64_000)


def _with_majority(rng: Random, n: int, shuffle: bool) -> list[int]:
    value = rng.randint(-LIMIT, LIMIT)
    others = [x for x in rng.sample(range(-LIMIT, LIMIT), n // 2) if x != value][: (n - 1) // 2]
    nums = others + [value] * (n - len(others))
    if shuffle:
        rng.shuffle(nums)
    return nums


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """A bare majority shuffled; distinct values first and the majority last (counting every value
    times out, the first element is wrong)."""
    return [
        ("large input", [_with_majority(rng, N, shuffle=True)]),
        ("adversarial", [_with_majority(rng, N, shuffle=False)]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    return [_with_majority(rng, n, shuffle=True)]
