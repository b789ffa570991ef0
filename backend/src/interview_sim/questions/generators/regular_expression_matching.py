"""Large and adversarial hidden tests for regular-expression-matching (deterministic given the rng).

The sizes are small by nature (|s| <= 20, |p| <= 30) and the optimum is the O(m * n) table: the point
is memoisation. Plain backtracking is exponential when many stars can share the same letters and
the match fails at the very end: those are the adversarial cases."""

from __future__ import annotations

from random import Random
from typing import Any

S_TOP = 20
P_TOP = 30
PROBE_SIZES = (5, 10, 20)


def _matching_pattern(rng: Random, s: str) -> str:
    """A pattern of at most 30 characters that matches s: literals, dots and starred runs."""
    while True:
        parts: list[str] = []
        i = 0
        while i < len(s):
            run = 1
            while i + run < len(s) and s[i + run] == s[i]:
                run += 1
            kind = rng.randrange(4)
            if kind == 0:
                parts.append(s[i] + "*")
                i += run
            else:
                parts.append("." if kind == 1 else s[i])
                i += 1
            if rng.random() < 0.2:
                parts.append(rng.choice("abc.") + "*")
        pattern = "".join(parts)
        if len(pattern) <= P_TOP:
            return pattern


def _text(rng: Random, n: int) -> str:
    return "".join(rng.choice("aab") for _ in range(n))


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Two matches at the top of the constraints, and two near misses where 14 stars can split
    the 20 letters in about 10^9 ways before the last character fails."""
    s1, s2 = _text(rng, S_TOP), _text(rng, S_TOP)
    return [
        ("large input", [s1, _matching_pattern(rng, s1)]),
        ("large input", [s2, _matching_pattern(rng, s2)]),
        ("adversarial", ["a" * S_TOP, "a*" * 14 + "b"]),
        ("adversarial", ["ab" * 10, ".*" * 14 + "c"]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """A text of n letters and a pattern that matches it."""
    s = _text(rng, n)
    return [s, _matching_pattern(rng, s)]
