"""Large and adversarial hidden tests for largest-rectangle-in-histogram (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
TOP = 10_000
PROBE_SIZES = (4_000, 16_000, 64_000)


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Random bars at the top of the constraints; a rising staircase (every bar extends to the end,
    and splitting at the minimum recurses n deep) and a flat wall (every bar extends both ways)."""
    return [
        ("large input", [[rng.randint(0, TOP) for _ in range(N)]]),
        ("adversarial", [[i // 10 for i in range(N)]]),
        ("adversarial", [[TOP] * N]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """Random bars: n heights from 0 to 10,000."""
    return [[rng.randint(0, TOP) for _ in range(n)]]
