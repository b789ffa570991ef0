"""Large and adversarial hidden tests for product-of-array-except-self (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
PROBE_SIZES = (4_000, 16_000, 64_000)


def _signs_and_few(rng: Random, n: int, zeros: int = 0) -> list[int]:
    """Mostly 1 and -1 with twelve values from 2 to 5 and `zeros` zeros: every prefix and suffix
    product stays within 5^12 < 2^31."""
    nums = [rng.choice((1, -1)) for _ in range(n)]
    for i in rng.sample(range(n), 12 + zeros)[:12]:
        nums[i] = rng.choice((2, 3, 4, 5)) * rng.choice((1, -1))
    for i in rng.sample(range(n), zeros):
        nums[i] = 0
    return nums


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Random signs at the top of the constraints (the O(n^2) double loop times out), one zero
    (dividing the total product fails), and two zeros (every answer is 0)."""
    return [
        ("large input", [_signs_and_few(rng, N)]),
        ("adversarial", [_signs_and_few(rng, N, zeros=1)]),
        ("adversarial", [_signs_and_few(rng, N, zeros=2)]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """n values, mostly 1 and -1, without zeros."""
    return [_signs_and_few(rng, n)]
