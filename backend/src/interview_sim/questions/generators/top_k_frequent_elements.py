"""Large and adversarial hidden tests for top-k-frequent-elements (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
TOP = 10**9
PROBE_SIZES = (4_000, 16_000, 64_000)


def _many_distinct(rng: Random, n: int) -> list[int]:
    """About n / 2 distinct values with small, often tied, counts (a scan of nums per distinct
    value is O(n^2))."""
    pool = rng.sample(range(-TOP, TOP + 1), n // 2)
    return [rng.choice(pool) for _ in range(n)]


def _ties_in_reverse(rng: Random, n: int) -> list[int]:
    """Every value exactly twice, larger values first: ties must go to the smaller value, not to
    the first one seen."""
    values = sorted(rng.sample(range(-TOP, TOP + 1), n // 2), reverse=True)
    return [v for v in values for _ in range(2)]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Many distinct values at the top of the constraints (small k and half of them as k), and
    all counts tied with the larger values seen first."""
    spread = _many_distinct(rng, N)
    distinct = len(set(spread))
    return [
        ("large input", [spread, 10]),
        ("large input", [spread, distinct // 2]),
        ("adversarial", [_ties_in_reverse(rng, N), 1000]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """n values with about n / 2 distinct, k = 10."""
    return [_many_distinct(rng, n), 10]
