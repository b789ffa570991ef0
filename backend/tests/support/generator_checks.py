"""Shared checks of the bank's generators (tests/unit/test_*_generators.py): every generated and
probe input is one the question's constraints allow, no case's JSON passes 1.5 MB, and the largest
generated case sits at the top of the constraints; the probe has three growing sizes."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Any

from interview_sim.domain.model import Question
from interview_sim.questions import suites

MAX_CASE_JSON = 1_500_000


def first_len(args: list[Any]) -> int:
    return len(args[0])


def every_input(q: Question) -> Iterator[tuple[str, list[Any]]]:
    """The generated cases, then the probe's inputs (category "probe")."""
    yield from suites.generated_cases(q)
    probe = suites.probe(q)
    assert probe is not None, f"{q.id}: no probe"
    yield from (("probe", list(args)) for _, args in probe.inputs)


def assert_fair_and_at_the_top(
    q: Question, allowed: Callable[..., bool], size: Callable[[list[Any]], int], top: int
) -> list[tuple[str, list[Any]]]:
    """The checks every generator passes; returns the generated cases for the caller's own."""
    for category, args in every_input(q):
        assert len(args) == len(q.params), f"{q.id} {category}: {len(args)} args"
        assert allowed(*args), f"{q.id} {category}: outside the constraints {q.constraints}"
        assert len(json.dumps(args)) <= MAX_CASE_JSON, f"{q.id} {category}: case JSON too large"
    cases = suites.generated_cases(q)
    assert any(category == "large input" for category, _ in cases)
    assert max(size(args) for _, args in cases) == top
    sizes = [n for n, _ in suites.probe(q).inputs]  # type: ignore[union-attr]
    assert len(sizes) == 3 and all(a < b for a, b in pairwise(sizes))
    return cases
