"""Large and adversarial hidden tests for sliding-window-maximum (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
TOP = 10_000
PROBE_SIZES = (4_000, 16_000, 64_000)


def _values(rng: Random, n: int) -> list[int]:
    return [rng.randint(-TOP, TOP) for _ in range(n)]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """k = n/2 makes a rescan of every window (O(nk)) about 2.5 * 10^9 steps; a falling array makes
    "rescan only when the maximum leaves" just as slow, and a rising one keeps popping the deque."""
    falling = [TOP - i // 5 for i in range(N)]
    rising = [-TOP + i // 5 for i in range(N)]
    return [
        ("large input", [_values(rng, N), N // 2]),
        ("adversarial", [falling, N // 2]),
        ("adversarial", [rising, N // 3]),
        ("large input", [_values(rng, N), 1]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """Random values with k = n / 4."""
    return [_values(rng, n), max(1, n // 4)]
