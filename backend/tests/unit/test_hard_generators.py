"""The Hard questions' generators stay inside their questions' constraints and reach the top of them.

The bank checker (tests/integration/test_bank_judge.py) proves the cases kill the wrong solutions;
this proves they are fair: every generated and probe input is one the constraints allow, so a
correct solution written from the prompt can pass them, and the largest one sits at the top.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from tests.support.generator_checks import assert_fair_and_at_the_top, first_len

from interview_sim.questions.bank import load_bank

I32 = (-(2**31), 2**31 - 1)
LOWER = re.compile(r"^[a-z]*$")
LETTERS = re.compile(r"^[a-zA-Z]*$")
PATTERN = re.compile(r"^([a-z.]\*?)*$")  # a star only right after a letter or a dot


def ints_within(values: Sequence[int], low: int, high: int) -> bool:
    return all(low <= v <= high for v in values)


def critical_connections_ok(n: int, cables: list[list[int]]) -> bool:
    pairs = {(min(a, b), max(a, b)) for a, b in cables}
    return (
        1 <= n <= 10**4
        and len(cables) <= 2 * 10**4
        and len(pairs) == len(cables)
        and all(0 <= a < n and 0 <= b < n and a != b for a, b in cables)
    )


def merge_k_ok(lists: list[list[int]]) -> bool:
    values = [v for lst in lists for v in lst]
    return (
        len(lists) <= 10**5
        and len(values) <= 10**5
        and ints_within(values, -(10**9), 10**9)
        and all(lst == sorted(lst) for lst in lists)
    )


def word_ladder_ok(begin: str, end: str, words: list[str]) -> bool:
    same = all(len(w) == len(begin) and LOWER.match(w) for w in [end, *words])
    return 1 <= len(begin) <= 10 and bool(LOWER.match(begin)) and same and len(words) <= 2 * 10**4


# question id -> (the constraints on one call's args, the size its largest generated case must reach)
ALLOWED: dict[str, tuple[Callable[..., bool], Callable[[Any], int], int]] = {
    "alien-dictionary": (
        lambda words: len(words) <= 5000 and all(1 <= len(w) <= 20 and LOWER.match(w) for w in words),
        first_len,
        5000,
    ),
    "burst-balloons": (lambda nums: len(nums) <= 300 and ints_within(nums, 0, 100), first_len, 300),
    "critical-connections": (critical_connections_ok, lambda args: len(args[1]), 2 * 10**4),
    "edit-distance": (
        lambda a, b: len(a) <= 500 and len(b) <= 500 and bool(LETTERS.match(a + b)),
        lambda args: max(map(len, args)),
        500,
    ),
    "first-missing-positive": (
        lambda nums: len(nums) <= 10**5 and ints_within(nums, *I32),
        first_len,
        10**5,
    ),
    "largest-rectangle-in-histogram": (
        lambda h: len(h) <= 10**5 and ints_within(h, 0, 10**4),
        first_len,
        10**5,
    ),
    "longest-valid-parentheses": (
        lambda s: len(s) <= 10**5 and set(s) <= {"(", ")"},
        first_len,
        10**5,
    ),
    "merge-k-sorted-lists": (merge_k_ok, lambda args: sum(map(len, args[0])), 10**5),
    "minimum-window-substring": (
        lambda s, t: len(s) <= 10**5 and 1 <= len(t) <= 10**5 and bool(LETTERS.match(s + t)),
        first_len,
        10**5,
    ),
    "n-queens-count": (lambda n: 1 <= n <= 12, lambda args: args[0], 12),
    "regular-expression-matching": (
        lambda s, p: len(s) <= 20 and len(p) <= 30 and bool(LOWER.match(s)) and bool(PATTERN.match(p)),
        first_len,
        20,
    ),
    "sliding-window-maximum": (
        lambda nums, k: 1 <= k <= len(nums) <= 10**5 and ints_within(nums, -(10**4), 10**4),
        first_len,
        10**5,
    ),
    "trapping-rain-water": (
        lambda h: len(h) <= 10**5 and ints_within(h, 0, 10**5),
        first_len,
        10**5,
    ),
    "word-ladder": (word_ladder_ok, lambda args: len(args[2]), 2 * 10**4),
}

HARD = sorted(qid for qid, q in load_bank().items() if q.difficulty == "Hard")


def test_every_hard_question_has_constraints_here() -> None:
    assert sorted(ALLOWED) == HARD


@pytest.mark.parametrize("qid", HARD)
def test_generator_stays_inside_the_constraints_and_reaches_their_top(qid: str) -> None:
    """One test per question, so its cases are built once (they take up to a second)."""
    q = load_bank()[qid]
    allowed, size, top = ALLOWED[qid]
    cases = assert_fair_and_at_the_top(q, allowed, size, top)
    assert 1 <= len(cases) <= 5
    assert {category for category, _ in cases} <= {"large input", "adversarial"}
