"""Large and adversarial hidden tests for trapping-rain-water (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
TOP = 100_000
PROBE_SIZES = (4_000, 16_000, 64_000)


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Random bars at the top of the constraints, a deep valley and a sawtooth: a per-bar scan of
    both sides (O(n^2)) times out on every one of them."""
    half = N // 2
    valley = [TOP - 2 * i for i in range(half)] + [2 * i for i in range(half)]
    saw = [TOP if i % 1000 == 0 else rng.randint(0, TOP // 2) for i in range(N)]
    return [
        ("large input", [[rng.randint(0, TOP) for _ in range(N)]]),
        ("adversarial", [valley]),
        ("adversarial", [saw]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """Random bars: n values from 0 to 100,000."""
    return [[rng.randint(0, TOP) for _ in range(n)]]
