"""Large and adversarial hidden tests for valid-parentheses (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
PAIRS = ("()", "[]", "{}")
PROBE_SIZES = (4_000, 16_000, 64_000)


def _valid(rng: Random, n: int) -> str:
    """A random balanced string of length n (even), nesting and sequencing mixed."""
    out: list[str] = []
    stack: list[str] = []
    while len(out) + len(stack) < n:
        if stack and (rng.random() < 0.5 or len(out) + 2 * len(stack) >= n):
            out.append(stack.pop())
        else:
            pair = rng.choice(PAIRS)
            out.append(pair[0])
            stack.append(pair[1])
    return "".join(out) + "".join(reversed(stack))


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """Random valid; one deep nest (removing "()" pairs again and again times out); the same nest
    with one wrong closer in the middle; a valid string, then a closer before its opener."""
    nest = [rng.choice(PAIRS) for _ in range(N // 2)]
    deep = "".join(p[0] for p in nest) + "".join(p[1] for p in reversed(nest))
    wrong = deep[: N // 2] + ("]" if deep[N // 2] != "]" else ")") + deep[N // 2 + 1 :]
    return [
        ("large input", [_valid(rng, N)]),
        ("adversarial", [deep]),
        ("adversarial", [wrong]),
        ("adversarial", [_valid(rng, N - 2) + ")("]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    return [_valid(rng, n)]
