"""Large hidden tests for binary-search (deterministic given the rng).

A linear scan is O(n) like reading the input, so no time limit tells it from the O(log n) search:
the question has no `complexity_point` and the observed-complexity probe is what shows the scan.
"""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
LIMIT = 10**9
PROBE_SIZES = (4_000, 16_000, 64_000)


def _sorted_distinct(rng: Random, n: int) -> list[int]:
    return sorted(rng.sample(range(-LIMIT, LIMIT + 1, 2), n))  # even values: odd targets are absent


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Present in the middle, absent between two values, the last and the first element."""
    nums = _sorted_distinct(rng, N)
    return [
        ("large input", [nums, nums[rng.randrange(N)]]),
        ("large input", [nums, nums[rng.randrange(N)] + 1]),
        ("adversarial", [nums, nums[-1]]),
        ("adversarial", [nums, nums[0]]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    nums = _sorted_distinct(rng, n)
    return [nums, nums[rng.randrange(n)]]
