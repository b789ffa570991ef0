"""Large and adversarial hidden tests for is-graph-bipartite (deterministic given the rng)."""

from __future__ import annotations

from random import Random
from typing import Any

N = 100_000
EDGES = 80_000  # each edge is listed twice: 10^5 edges would pass 1.5 MB of JSON
PATH = 94_000  # nodes of the long path, for the same reason
PROBE_SIZES = (4_000, 16_000, 64_000)


def _graph(n: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    graph: list[list[int]] = [[] for _ in range(n)]
    for u, v in edges:
        graph[u].append(v)
        graph[v].append(u)
    return graph


def _bipartite_edges(rng: Random, n: int, m: int) -> list[tuple[int, int]]:
    """m distinct random edges between two random halves of the nodes."""
    nodes = list(range(n))
    rng.shuffle(nodes)
    left, right = nodes[: n // 2], nodes[n // 2 :]
    edges: set[tuple[int, int]] = set()
    while len(edges) < m:
        u, v = rng.choice(left), rng.choice(right)
        edges.add((min(u, v), max(u, v)))
    shuffled = sorted(edges)
    rng.shuffle(shuffled)
    return shuffled


def _with_triangle(edges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join the two first-seen neighbours of some node: they share a side, so a triangle appears."""
    first: dict[int, int] = {}
    for a, b in edges:
        for x, y in ((a, b), (b, a)):
            if first.setdefault(x, y) != y:
                v = first[x]
                return [*edges, (min(v, y), max(v, y))]
    raise ValueError("no node has two neighbours")


def _reversed_path(n: int) -> list[tuple[int, int]]:
    """The path 0 - (n-1) - (n-2) - ... - 1: colouring by sweeps in index order gains one node a sweep."""
    return [(0, n - 1)] + [(k, k - 1) for k in range(n - 1, 1, -1)]


def hidden(rng: Random) -> list[tuple[str, list[Any]]]:
    """A random bipartite graph at the top of the constraints and the same with one edge inside a
    side; a long path (bipartite) and a long odd cycle; many small components, the last one a triangle."""
    edges = _bipartite_edges(rng, N, EDGES - 1)
    path = _reversed_path(PATH)
    odd_cycle = [*_reversed_path(PATH + 1), (1, 0)]  # an odd number of nodes closed into a cycle
    square = ((0, 1), (1, 2), (2, 3), (3, 0))
    squares = [(4 * i + a, 4 * i + b) for i in range(PATH // 4 - 1) for a, b in square]
    triangle = [(PATH - 3, PATH - 2), (PATH - 2, PATH - 1), (PATH - 3, PATH - 1)]
    return [
        ("large input", [_graph(N, edges)]),
        ("large input", [_graph(N, _with_triangle(edges))]),
        ("adversarial", [_graph(PATH, path)]),
        ("adversarial", [_graph(PATH + 1, odd_cycle)]),
        ("adversarial", [_graph(PATH, squares + triangle)]),
    ]


def probe(rng: Random, n: int) -> list[Any]:
    """A random bipartite graph with n nodes and n edges."""
    return [_graph(n, _bipartite_edges(rng, n, n))]
