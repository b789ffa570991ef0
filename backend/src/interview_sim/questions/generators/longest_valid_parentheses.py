"""Large and adversarial hidden tests for longest-valid-parentheses (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
PROBE_SIZES = (4_000, 16_000, 64_000)


def _random(rng: Random, n: int) -> str:
    return "".join(rng.choice("()") for _ in range(n))


def _runs(rng: Random, n: int) -> str:
    """Valid stretches of a few thousand characters split by a stray ')'."""
    parts: list[str] = []
    size = 0
    while size < n:
        depth = rng.randint(1, 2_000)
        part = "(" * depth + "()" * rng.randint(0, 1_000) + ")" * depth + ")"
        parts.append(part)
        size += len(part)
    return "".join(parts)[:n]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """A random string, valid stretches split by strays, and shapes where the balance never goes
    negative from any start, so a scan from every start (O(n^2)) reads to the end each time."""
    return [
        ("large input", [_random(rng, N)]),
        ("large input", [_runs(rng, N)]),
        ("adversarial", ["(" * (N // 2) + ")" * (N // 2)]),
        ("adversarial", ["(" * (N // 2) + "()" * (N // 4)]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """Random valid stretches split by stray closers, n characters."""
    return [_runs(rng, n)]
