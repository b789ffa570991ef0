"""Large and adversarial hidden tests for first-missing-positive (deterministic given the rng).

Time cannot tell a hash-set answer (O(n) time, O(n) extra space) from the in-place one: these
cases catch the quadratic scans and the wrong answers, and the interviewer asks about space."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
LOW, HIGH = -(2**31), 2**31 - 1
PROBE_SIZES = (4_000, 16_000, 64_000)


def _with_gap(rng: Random, n: int) -> list[int]:
    """1..n shuffled with one value replaced by a negative or huge one: the gap is the answer."""
    nums = list(range(1, n + 1))
    rng.shuffle(nums)
    nums[rng.randrange(n)] = rng.choice([LOW, -1, 0, HIGH, n + 7])
    return nums


def _noise(rng: Random, n: int) -> list[int]:
    """Dense small values with repeats and negatives (the answer is a few dozen), and extremes."""
    return [rng.choice((LOW, HIGH)) if i % 100 == 0 else rng.randint(-1_000, n // 4) for i in range(n)]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """A shuffled 1..n with one gap, the full 1..n falling (answer n + 1: a scan for 1, 2, 3, ...
    is O(n^2)), every value twice (swaps that ignore duplicates loop forever), and dense noise with
    repeats, negatives and both 32-bit extremes."""
    twice = [v for v in range(1, N // 2 + 1) for _ in range(2)]
    rng.shuffle(twice)
    return [
        ("large input", [_with_gap(rng, N)]),
        ("adversarial", [list(range(N, 0, -1))]),
        ("adversarial", [twice]),
        ("large input", [_noise(rng, N)]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """A shuffled 1..n with one gap."""
    return [_with_gap(rng, n)]
