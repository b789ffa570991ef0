"""Large and adversarial hidden tests for daily-temperatures (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
LOW, HIGH = -100, 150
PROBE_SIZES = (4_000, 16_000, 64_000)


def _cooling_then_warm(n: int) -> list[int]:
    """Non-increasing steps from 149 down to -100, then one 150 on the last day: every day waits
    until the end, so a forward scan per day does n^2 / 2 comparisons."""
    block = (n - 1) // (HIGH - LOW) + 1
    steps = [HIGH - 1 - i // block for i in range(n - 1)]
    return [max(t, LOW) for t in steps] + [HIGH]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Random days at the top of the constraints, a long cooling spell and a flat spell, each ended
    by one warmer day (the O(n^2) scan times out on both; equal days are not warmer)."""
    return [
        ("large input", [[rng.randint(LOW, HIGH) for _ in range(N)]]),
        ("adversarial", [_cooling_then_warm(N)]),
        ("adversarial", [[rng.choice((20, 21))] * (N - 1) + [22]]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """Random temperatures from -100 to 150."""
    return [[rng.randint(LOW, HIGH) for _ in range(n)]]
