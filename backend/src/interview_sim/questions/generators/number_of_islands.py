"""Large and adversarial hidden tests for number-of-islands (deterministic given the rng)."""

from __future__ import annotations

from math import isqrt
from random import Random
from typing import Any

SIDE = 200
PROBE_SIZES = (2_500, 10_000, 40_000)  # cells: square grids of side 50, 100 and 200

Grid = list[list[str]]


def _random(rng: Random, rows: int, cols: int, land: float) -> Grid:
    return [["1" if rng.random() < land else "0" for _ in range(cols)] for _ in range(rows)]


def _checkerboard(side: int) -> Grid:
    """Every land cell alone: only diagonal neighbours (which do not connect)."""
    return [["1" if (r + c) % 2 == 0 else "0" for c in range(side)] for r in range(side)]


def _comb(side: int) -> Grid:
    """Teeth on every other column standing on a bar along the bottom row: one island with many
    tops (counting cells with no land above or to the left finds one per tooth)."""
    grid = [["1" if c % 2 == 0 else "0" for c in range(side)] for _ in range(side - 1)]
    return [*grid, ["1"] * side]


def _stripes(rng: Random, side: int) -> Grid:
    """Rows of land with random gaps, every other row water."""
    return [["1" if r % 2 == 0 and rng.random() < 0.95 else "0" for _ in range(side)] for r in range(side)]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """A random 200 x 200 map, a checkerboard (no two land cells connect), a comb (one island) and
    broken stripes; a single row and a single column."""
    return [
        ("large input", [_random(rng, SIDE, SIDE, 0.45)]),
        ("adversarial", [_checkerboard(SIDE)]),
        ("adversarial", [_comb(SIDE)]),
        ("adversarial", [_stripes(rng, SIDE)]),
        ("edge case", [_random(rng, 1, SIDE, 0.6)]),
        ("edge case", [_random(rng, SIDE, 1, 0.6)]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """A random square map of about n cells, 45% land."""
    side = isqrt(n)
    return [_random(rng, side, side, 0.45)]
