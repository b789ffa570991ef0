"""Large and adversarial hidden tests for move-zeroes (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
LIMIT = 2**31
PROBE_SIZES = (4_000, 16_000, 64_000)


def _mixed(rng: Random, n: int) -> list[int]:
    return [0 if rng.random() < 0.5 else rng.randint(-LIMIT, LIMIT - 1) for _ in range(n)]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Half zeros; all zeros but the last (shifting per zero times out); zeros first, then values."""
    return [
        ("large input", [_mixed(rng, N)]),
        ("adversarial", [[0] * (N - 1) + [rng.randint(1, LIMIT - 1)]]),
        ("adversarial", [[0] * (N // 2) + [rng.randint(-LIMIT, -1) for _ in range(N // 2)]]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    return [_mixed(rng, n)]
