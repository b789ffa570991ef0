"""Large and adversarial hidden tests for course-schedule (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
EDGES = 95_000  # 10^5 pairs would pass 1.5 MB of JSON
PROBE_SIZES = (4_000, 16_000, 64_000)


def _dag(rng: Random, n: int, edges: int) -> list[list[int]]:
    """Random prerequisites that respect a hidden random order of the courses (no cycle)."""
    order = list(range(n))
    rng.shuffle(order)
    pairs = []
    for _ in range(edges):
        i, j = sorted(rng.sample(range(n), 2))
        pairs.append([order[j], order[i]])
    return pairs


def _chain(rng: Random, n: int, length: int) -> list[list[int]]:
    """One course after another through `length` of the n courses, labels shuffled, pairs listed
    backwards: every course becomes free only after the previous one, so peeling free courses by
    rescanning the pairs takes `length` passes."""
    order = rng.sample(range(n), length)
    return [[order[i + 1], order[i]] for i in range(length - 2, -1, -1)]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """A random schedule at the top of the constraints (possible), the same with one pair added
    reversed (two courses need each other: impossible), and one long chain, with and without a cycle."""
    dag = _dag(rng, N, EDGES)
    cyclic = [*dag[:-1], [dag[0][1], dag[0][0]]]  # dag[0] reversed: a 2-cycle hidden in the crowd
    chain = _chain(rng, N, EDGES)
    looped = [[chain[0][1], chain[0][0]], *chain]  # the last two courses need each other
    return [
        ("large input", [N, dag]),
        ("large input", [N, cyclic]),
        ("adversarial", [N, chain]),
        ("adversarial", [N, looped]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """n courses with n random prerequisites and no cycle."""
    return [n, _dag(rng, n, n)]
