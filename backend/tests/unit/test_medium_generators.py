"""The Medium questions' generators stay inside their questions' constraints and reach the top of them.

The bank checker (tests/integration/test_bank_judge.py) proves the cases kill the wrong solutions;
this proves they are fair: every generated and probe input is one the constraints allow, so a
correct solution written from the prompt can pass them, and the largest one sits at the top.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from tests.support.generator_checks import assert_fair_and_at_the_top, first_len

from interview_sim.questions.bank import load_bank

LOWER = re.compile(r"^[a-z]*$")
PRINTABLE = re.compile(r"^[ -~]*$")


def ints_within(values: list[int], low: int, high: int) -> bool:
    return all(isinstance(v, int) and low <= v <= high for v in values)


def rectangle(grid: list[list[Any]], side: int) -> bool:
    width = len(grid[0]) if grid else 0
    return len(grid) <= side and width <= side and all(len(row) == width for row in grid)


def course_schedule_ok(n: int, prerequisites: list[list[int]]) -> bool:
    nodes = [v for pair in prerequisites for v in pair]
    return 1 <= n <= 10**5 and len(prerequisites) <= 10**5 and ints_within(nodes, 0, n - 1)


def bipartite_ok(graph: list[list[int]]) -> bool:
    n = len(graph)
    edges = {(u, v) for u, vs in enumerate(graph) for v in vs}
    symmetric = all((v, u) in edges for u, v in edges)
    no_loops = all(u != v and 0 <= v < n for u, v in edges)
    no_repeats = sum(map(len, graph)) == len(edges)
    return n <= 10**5 and len(edges) // 2 <= 10**5 and symmetric and no_loops and no_repeats


def group_anagrams_ok(strs: list[str]) -> bool:
    return (
        len(strs) <= 10**5
        and sum(map(len, strs)) <= 10**6
        and all(len(s) <= 100 and LOWER.match(s) for s in strs)
    )


def rotated_ok(nums: list[int], target: int) -> bool:
    k = nums.index(min(nums)) if nums else 0
    ascending = nums[k:] + nums[:k]
    distinct = len(set(nums)) == len(nums)
    return (
        len(nums) <= 10**5
        and ints_within([*nums, target], -(10**9), 10**9)
        and distinct
        and ascending == sorted(nums)
    )


def product_ok(nums: list[int]) -> bool:
    prefix = suffix = 1
    for a, b in zip(nums, reversed(nums), strict=True):
        prefix, suffix = prefix * a, suffix * b
        if not (abs(prefix) < 2**31 and abs(suffix) < 2**31):
            return False
    return 2 <= len(nums) <= 10**5 and ints_within(nums, -30, 30)


def word_break_ok(s: str, words: list[str]) -> bool:
    return (
        1 <= len(s) <= 1000
        and 1 <= len(words) <= 1000
        and bool(LOWER.match(s))
        and all(1 <= len(w) <= 20 and LOWER.match(w) for w in words)
    )


# question id -> (the constraints on one call's args, the size its largest generated case must reach)
ALLOWED: dict[str, tuple[Callable[..., bool], Callable[[Any], int], int]] = {
    "coin-change": (
        lambda coins, amount: (
            1 <= len(coins) <= 12 and ints_within(coins, 1, 2**31 - 1) and 0 <= amount <= 10**4
        ),
        lambda args: args[1],
        10**4,
    ),
    "course-schedule": (course_schedule_ok, lambda args: args[0], 10**5),
    "daily-temperatures": (lambda t: len(t) <= 10**5 and ints_within(t, -100, 150), first_len, 10**5),
    "group-anagrams": (group_anagrams_ok, first_len, 10**5),
    "is-graph-bipartite": (bipartite_ok, first_len, 10**5),
    "longest-substring-without-repeating-characters": (
        lambda s: len(s) <= 5 * 10**4 and bool(PRINTABLE.match(s)),
        first_len,
        5 * 10**4,
    ),
    "merge-intervals": (
        lambda iv: len(iv) <= 9 * 10**4 and all(-(10**9) <= a <= b <= 10**9 for a, b in iv),
        first_len,
        9 * 10**4,
    ),
    "number-of-islands": (
        lambda grid: rectangle(grid, 200) and all(c in ("0", "1") for row in grid for c in row),
        lambda args: len(args[0]) * len(args[0][0]),
        200 * 200,
    ),
    "product-of-array-except-self": (product_ok, first_len, 10**5),
    "search-in-rotated-sorted-array": (rotated_ok, first_len, 10**5),
    "spiral-matrix": (
        lambda m: rectangle(m, 100) and ints_within([x for row in m for x in row], -1000, 1000),
        lambda args: len(args[0]) * len(args[0][0]),
        100 * 100,
    ),
    "three-sum": (lambda nums: len(nums) <= 3000 and ints_within(nums, -(10**5), 10**5), first_len, 3000),
    "top-k-frequent-elements": (
        lambda nums, k: (
            1 <= len(nums) <= 10**5 and ints_within(nums, -(10**9), 10**9) and 1 <= k <= len(set(nums))
        ),
        first_len,
        10**5,
    ),
    "word-break": (word_break_ok, first_len, 1000),
}

MEDIUM = sorted(qid for qid, q in load_bank().items() if q.difficulty == "Medium")


def test_every_medium_question_has_constraints_here() -> None:
    assert sorted(ALLOWED) == MEDIUM


@pytest.mark.parametrize("qid", MEDIUM)
def test_generator_stays_inside_the_constraints_and_reaches_their_top(qid: str) -> None:
    """One test per question, so its cases are built once (they take up to a second)."""
    q = load_bank()[qid]
    allowed, size, top = ALLOWED[qid]
    cases = assert_fair_and_at_the_top(q, allowed, size, top)
    assert 1 <= len(cases) <= 6
    assert {category for category, _ in cases} <= {"large input", "adversarial", "edge case"}
