"""Large and adversarial hidden tests for two-sum (deterministic given the rng).

Every value is even but one odd value x, and the target is odd: the only pair that sums to it is x
with its partner target - x, so exactly one answer exists by construction.
"""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
LIMIT = 10**9
PROBE_SIZES = (4_000, 16_000, 64_000)


def _case(rng: Random, n: int, first: int, second: int) -> list[Any]:
    """n values whose only pair summing to the target sits at indices first < second."""
    x = rng.randrange(-LIMIT // 2 + 1, LIMIT // 2, 2)  # odd
    partner = rng.randrange(-LIMIT // 2, LIMIT // 2, 2)  # even
    target = x + partner  # odd, within 10^9 in absolute value
    evens = [v for v in rng.sample(range(-LIMIT, LIMIT + 1, 2), n) if v != partner][: n - 2]
    nums = [*evens[:first], x, *evens[first : second - 1], partner, *evens[second - 1 :]]
    return [nums, target]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """The pair somewhere in the second half; the pair at the last two indices (the pair scan times
    out); the pair at the first and the last index."""
    return [
        ("large input", _case(rng, N, rng.randrange(N // 2, N - 2), N - 2)),
        ("adversarial", _case(rng, N, N - 2, N - 1)),
        ("adversarial", _case(rng, N, 0, N - 1)),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """The pair at the end, so a one-pass solution's work is exactly proportional to n."""
    return _case(rng, n, n - 2, n - 1)
