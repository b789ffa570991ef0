"""Large and adversarial hidden tests for contains-duplicate (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
LIMIT = 10**9
PROBE_SIZES = (4_000, 16_000, 64_000)


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """All distinct; one duplicate pair at the very end (the pair scan times out); sorted, distinct."""
    distinct = rng.sample(range(-LIMIT, LIMIT + 1), N)
    late_pair = [*distinct[: N - 1], distinct[N - 2]]
    return [
        ("large input", [distinct]),
        ("adversarial", [late_pair]),
        ("adversarial", [sorted(rng.sample(range(-LIMIT, LIMIT + 1), N))]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    return [rng.sample(range(-LIMIT, LIMIT + 1), n)]
