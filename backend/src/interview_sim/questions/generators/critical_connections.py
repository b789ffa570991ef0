"""Large and adversarial hidden tests for critical-connections (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 10_000
EDGES = 20_000
PROBE_SIZES = (2_000, 4_000, 8_000)


def _random_graph(rng: Random, n: int, m: int) -> list[list[int]]:
    """A random spanning tree plus random extra cables: about half the tree edges stay bridges."""
    order = list(range(n))
    rng.shuffle(order)
    edges = {(min(a, b), max(a, b)) for a, b in ((order[i], order[rng.randrange(i)]) for i in range(1, n))}
    while len(edges) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b:
            edges.add((min(a, b), max(a, b)))
    out = [[a, b] if rng.random() < 0.5 else [b, a] for a, b in edges]
    rng.shuffle(out)
    return out


def _core_and_chain(rng: Random, n: int, m: int) -> list[list[int]]:
    """A dense core on half the servers and a chain of bridges hanging off it, each bridge listed
    core side first: removing one and searching from its first end sweeps the whole core."""
    half = n // 2
    core = _random_graph(rng, half, m - (n - half))
    chain = [[i, i + 1] for i in range(half - 1, n - 1)]
    return core + chain


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """A random graph at the top of the constraints, a core with a chain of bridges (removing
    each cable and searching again is O(E * (V + E))), and one long path (recursion depth n)."""
    path = list(range(N))
    rng.shuffle(path)
    return [
        ("large input", [N, _random_graph(rng, N, EDGES)]),
        ("adversarial", [N, _core_and_chain(rng, N, EDGES)]),
        ("adversarial", [N, [[path[i], path[i + 1]] for i in range(N - 1)]]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """A random graph with n servers and 2n cables."""
    return [n, _random_graph(rng, n, 2 * n)]
