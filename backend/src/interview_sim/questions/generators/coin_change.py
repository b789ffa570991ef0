"""Large and adversarial hidden tests for coin-change (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

TOP_AMOUNT = 10_000
MAX_COIN = 2**31 - 1
PROBE_SIZES = (2_500, 5_000, 10_000)


def _coins(rng: Random, k: int, low: int, high: int) -> list[int]:
    return rng.sample(range(low, high + 1), k)


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Twelve coins and the largest amount; coins where taking the largest coin first is wrong;
    only even coins for an odd amount (-1). The smallest coin stays >= 20, so plain recursion
    without memoisation runs out of time, not out of stack."""
    greedy_trap = [25, 26, 27, 50, 51, 52, 100, 101, 4999, 5000, 5001, MAX_COIN]
    return [
        ("large input", [_coins(rng, 12, 20, 700), TOP_AMOUNT]),
        ("large input", [_coins(rng, 12, 300, 3000), TOP_AMOUNT - rng.randint(1, 50)]),
        ("adversarial", [greedy_trap, TOP_AMOUNT - 3]),
        ("adversarial", [[2 * c for c in _coins(rng, 11, 10, 400)] + [MAX_COIN - 1], TOP_AMOUNT - 1]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """Twelve coins from 1 to 100 and the amount n."""
    return [_coins(rng, 12, 1, 100), n]
