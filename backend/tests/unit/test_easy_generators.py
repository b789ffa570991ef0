"""The Easy questions' generators stay inside their questions' constraints and reach the top of them.

The bank checker (tests/integration/test_bank_judge.py) proves the cases kill the wrong solutions;
this proves they are fair: every generated and probe input is one the constraints allow (so a
correct solution written from the prompt passes), the largest sits at the top, and one case's JSON
stays under 1.5 MB.
"""

from __future__ import annotations

import json
import string
from collections import Counter
from collections.abc import Callable
from itertools import pairwise

import pytest
from tests.support.generator_checks import MAX_CASE_JSON

from interview_sim.questions import suites
from interview_sim.questions.bank import load_bank

BILLION = 10**9


def ints(values: list[int], low: int, high: int) -> bool:
    return all(type(v) is int and low <= v <= high for v in values)


def lower(s: str) -> bool:
    return set(s) <= set(string.ascii_lowercase)


def one_pair(nums: list[int], target: int) -> bool:
    seen: Counter[int] = Counter()
    pairs = 0
    for x in nums:
        pairs += seen[target - x]
        seen[x] += 1
    return pairs == 1


VALID: dict[str, tuple[Callable[..., bool], Callable[..., int], int]] = {
    # id: (the constraints hold for these args, the size of these args, the top of the constraints)
    "best-time-to-buy-and-sell-stock": (lambda p: 1 <= len(p) and ints(p, 0, 10**4), len, 10**5),
    "binary-search": (
        lambda nums, t: ints([*nums, t], -BILLION, BILLION) and all(a < b for a, b in pairwise(nums)),
        lambda nums, t: len(nums),
        10**5,
    ),
    "climbing-stairs": (lambda n: 1 <= n <= 70, lambda n: n, 70),
    "contains-duplicate": (lambda nums: ints(nums, -BILLION, BILLION), len, 10**5),
    "first-unique-character": (lower, len, 10**5),
    "longest-common-prefix": (
        lambda strs: len(strs) <= 1000 and all(len(s) <= 500 and lower(s) for s in strs),
        len,
        1000,
    ),
    "majority-element": (
        lambda nums: ints(nums, -BILLION, BILLION) and Counter(nums).most_common(1)[0][1] > len(nums) // 2,
        len,
        10**5,
    ),
    "merge-sorted-arrays": (
        lambda a, b: ints([*a, *b], -BILLION, BILLION) and a == sorted(a) and b == sorted(b),
        lambda a, b: max(len(a), len(b)),
        10**4,
    ),
    "missing-number": (lambda nums: len(set(nums)) == len(nums) and ints(nums, 0, len(nums)), len, 10**5),
    "move-zeroes": (lambda nums: ints(nums, -(2**31), 2**31 - 1), len, 10**5),
    "two-sum": (
        lambda nums, t: 2 <= len(nums) and ints([*nums, t], -BILLION, BILLION) and one_pair(nums, t),
        lambda nums, t: len(nums),
        10**5,
    ),
    "valid-anagram": (lambda s, t: lower(s + t), lambda s, t: max(len(s), len(t)), 5 * 10**4),
    "valid-palindrome": (lambda s: s.isascii() and s.isprintable(), len, 2 * 10**5),
    "valid-parentheses": (lambda s: set(s) <= set("()[]{}"), len, 10**5),
}
EASY = sorted(qid for qid, q in load_bank().items() if q.difficulty == "Easy")


def test_every_easy_question_has_a_validator() -> None:
    assert sorted(VALID) == EASY


@pytest.mark.parametrize("qid", EASY)
def test_generated_inputs_are_fair_and_reach_the_top(qid: str) -> None:
    question = load_bank()[qid]
    valid, size, top = VALID[qid]
    generated = [args for _, args in suites.generated_cases(question)]
    probe = suites.probe(question)
    assert probe is not None and generated
    inputs = [*generated, *(list(args) for _, args in probe.inputs)]
    bad = [json.dumps(args)[:80] for args in inputs if not valid(*args)]
    assert bad == [], f"{qid}: inputs outside the constraints: {bad}"
    assert all(size(*args) <= top for args in inputs)
    assert max(size(*args) for args in generated) >= top * 0.99, f"{qid}: the largest case is below the top"
    assert max(len(json.dumps(args)) for args in generated) < MAX_CASE_JSON
    sizes = [n for n, _ in probe.inputs]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes) == 3
