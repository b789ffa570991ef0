"""Large and adversarial hidden tests for best-time-to-buy-and-sell-stock (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
TOP = 10_000
PROBE_SIZES = (4_000, 16_000, 64_000)


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Random prices; the highest price first (kills max - min); a V (the O(n^2) pair scan times out)."""
    half = N // 2
    return [
        ("large input", [[rng.randint(0, TOP) for _ in range(N)]]),
        ("adversarial", [[TOP] + [i * 3_000 // N for i in range(N - 1)]]),
        ("adversarial", [[TOP - i * TOP // half for i in range(half)] + [i * TOP // N for i in range(half)]]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    return [[rng.randint(0, TOP) for _ in range(n)]]
