"""Large and adversarial hidden tests for spiral-matrix (deterministic given the rng)."""

from __future__ import annotations

from math import isqrt
from random import Random
from typing import Any

SIDE = 100
PROBE_SIZES = (625, 2_500, 10_000)  # cells: square matrices of side 25, 50 and 100


def _matrix(rng: Random, rows: int, cols: int) -> list[list[int]]:
    return [[rng.randint(-1000, 1000) for _ in range(cols)] for _ in range(rows)]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """The largest square, and the thin and off-square shapes where a spiral that does not re-check
    its bounds visits a row or column twice."""
    return [
        ("large input", [_matrix(rng, SIDE, SIDE)]),
        ("adversarial", [_matrix(rng, SIDE, SIDE - 1)]),
        ("adversarial", [_matrix(rng, SIDE - 1, SIDE)]),
        ("edge case", [_matrix(rng, 1, SIDE)]),
        ("edge case", [_matrix(rng, SIDE, 1)]),
        ("adversarial", [_matrix(rng, 3, SIDE)]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """A random square matrix of about n cells."""
    side = isqrt(n)
    return [_matrix(rng, side, side)]
