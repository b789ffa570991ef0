"""The largest hidden test of n-queens-count (deterministic; there are only twelve inputs).

The optimum is itself exponential: backtracking that prunes a queen as soon as it is attacked. The
brute force tries every permutation of columns (n! boards, 4.8 * 10^8 at n = 12) and checks each
board afterwards: that is what the n = 12 case times out. A hard-coded table of the twelve answers
cannot be told apart from a real solution by any test."""

from __future__ import annotations

from random import Random
from typing import Any

TOP = 12
PROBE_SIZES = (7, 9, 11)


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """n = 12, the top of the constraints (n up to 11 is hand-written)."""
    return [("large input", [TOP])]


def probe(rng: Random, n: int) -> list[Any]:
    """The board size itself."""
    return [n]
