"""Large and adversarial hidden tests for merge-intervals (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 90_000  # the constraint: 10^5 intervals of 5-digit values would pass 1.5 MB of JSON
WIDE = 10**9
PROBE_SIZES = (4_000, 16_000, 64_000)


def _dense(rng: Random, n: int) -> list[list[int]]:
    """n short intervals packed in [0, n]: many merge, some gaps remain."""
    out = []
    for _ in range(n):
        start = rng.randrange(n)
        out.append([start, start + rng.randint(0, 2)])
    return out


def _wide(rng: Random, n: int) -> list[list[int]]:
    """n intervals anywhere in [-10^9, 10^9]: almost all disjoint."""
    out = []
    for _ in range(n):
        a, b = rng.randint(-WIDE, WIDE), rng.randint(-WIDE, WIDE)
        out.append([min(a, b), min(a, b) + abs(a - b) // 10**5])
    return out


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Dense short intervals at the top of the constraints, wide ones at the value limits, disjoint
    points in reverse order (a scan of the merged list per interval is O(n^2)) and nested
    intervals that all merge into one."""
    nested = [[i, 2 * N - i] for i in range(N // 2)]
    rng.shuffle(nested)
    return [
        ("large input", [_dense(rng, N)]),
        ("large input", [_wide(rng, 20_000)]),
        ("adversarial", [[[i, i] for i in range(N - 1, -1, -1)]]),
        ("adversarial", [nested]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """n short intervals packed in [0, n]."""
    return [_dense(rng, n)]
