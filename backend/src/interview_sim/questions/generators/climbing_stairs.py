"""Hidden tests at the top of the constraints for climbing-stairs (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

PROBE_SIZES = (10, 20, 30)  # n itself is the size; naive recursion grows exponentially


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """n = 70 (its answer is still exact in a JS number) and another large n: naive recursion times out."""
    return [("large input", [70]), ("adversarial", [rng.randint(50, 69)])]


def probe(rng: Random, n: int) -> list[Any]:
    return [n]
