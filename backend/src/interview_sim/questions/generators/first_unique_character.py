"""Large and adversarial hidden tests for first-unique-character (deterministic given the rng)."""

from __future__ import annotations

import string
from random import Random
from typing import Any

N = 100_000
PROBE_SIZES = (4_000, 16_000, 64_000)


def _letters(rng: Random, n: int, alphabet: str) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """One unique 'z' late in random text; two halves, no unique letter; the only unique one last."""
    body = _letters(rng, N - 1, string.ascii_lowercase[:25])
    at = rng.randrange(3 * N // 4, N - 1)
    paired = _letters(rng, (N - 1) // 2, string.ascii_lowercase[:25])
    return [
        ("large input", [body[:at] + "z" + body[at:]]),
        ("adversarial", ["a" * (N // 2) + "b" * (N // 2)]),
        ("adversarial", [paired + paired[::-1] + "z"]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    return [_letters(rng, n, string.ascii_lowercase)]
