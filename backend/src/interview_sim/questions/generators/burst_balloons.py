"""Large and adversarial hidden tests for burst-balloons (deterministic given the rng).

The optimum is the O(n^3) interval table; trying burst orders (n!) or memoising on the set of
balloons left (2^n) is hopeless at n = 300, the top of the constraints."""

from __future__ import annotations

from random import Random
from typing import Any

TOP = 300
PROBE_SIZES = (50, 100, 200)


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Random values at n = 300, the largest values everywhere, and a shorter row of zeros, ones and
    a few large values (where bursting the smallest first is wrong). The Python reference takes
    about a second per n = 300 case: two of them are enough."""
    sparse = [rng.choice((0, 0, 1, 1, 1, 2, 100)) for _ in range(TOP // 3)]
    return [
        ("large input", [[rng.randint(0, 100) for _ in range(TOP)]]),
        ("adversarial", [[100] * TOP]),
        ("adversarial", [sparse]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """n random values from 0 to 100."""
    return [[rng.randint(0, 100) for _ in range(n)]]
