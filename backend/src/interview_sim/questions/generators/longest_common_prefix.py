"""Large and adversarial hidden tests for longest-common-prefix (deterministic given the rng)."""

from __future__ import annotations

import string
from random import Random
from typing import Any

COUNT, LENGTH = 1_000, 500
PROBE_SIZES = (50, 200, 800)  # number of strings, each 500 letters


def _word(rng: Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(n))


def _shared(rng: Random, count: int, prefix: str) -> list[str]:
    return [prefix + _word(rng, LENGTH - len(prefix)) for _ in range(count)]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """1,000 strings of 500 letters sharing 300; all equal; one short string in the middle (kills
    comparing only the first and the last)."""
    prefix = _word(rng, LENGTH)
    middle_short = [prefix] * COUNT
    middle_short[COUNT // 2] = prefix[:123]
    return [
        ("large input", [_shared(rng, COUNT, prefix[:300])]),
        ("adversarial", [[prefix] * COUNT]),
        ("adversarial", [middle_short]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    return [_shared(rng, n, _word(rng, 400))]
