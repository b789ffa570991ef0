"""A question's hidden suite: its hand-written hidden tests plus large and adversarial generated cases.

Each question may have a generator module, `generators/<id with - as _>.py`, with `hidden(rng)`
(the generated `(category, args)` pairs), `probe(rng, n)` and `PROBE_SIZES` (see `README.md`). The
rng is seeded from the question id, so the cases are the same in every process. Expected values of
generated cases are never stored: `hidden_suite` runs the Python reference through the judge once
per process and question and keeps them (bounded caches, the args are large).

Callers must not mutate the returned args: they are shared by the cache.
"""

from __future__ import annotations

import asyncio
import importlib
from collections import OrderedDict
from functools import lru_cache
from random import Random
from types import ModuleType
from typing import Any, cast

from interview_sim.domain.model import Question
from interview_sim.judge.model import Case, Category, Compare, JudgeRequest, ObservedComplexity, Probe
from interview_sim.services.ports import Judge

GENERATORS_PACKAGE = "interview_sim.questions.generators"
REFERENCE_LIMIT_MS = 10_000  # the reference's own run, to learn the expected values: generous
CACHED_QUESTIONS = 6  # a question's generated args take up to ~12 MB in memory: keep a few only
CACHED_EXPECTED = 64  # expected values are small but for a few list answers


class BankError(Exception):
    """The bank is broken for this question: the reference failed on its own generated case."""


def generator(question_id: str) -> ModuleType | None:
    """The question's generator module, or None when it has none."""
    name = f"{GENERATORS_PACKAGE}.{question_id.replace('-', '_')}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name == name:
            return None
        raise


def seeded_rng(question_id: str, purpose: str) -> Random:
    """The rng a generator gets: the same sequence in every process (str seeds hash with SHA-512)."""
    return Random(f"{question_id}/{purpose}")


@lru_cache(maxsize=CACHED_QUESTIONS)
def _generated(question_id: str) -> tuple[tuple[Category, tuple[Any, ...]], ...]:
    gen = generator(question_id)
    if gen is None:
        return ()
    return tuple((category, tuple(args)) for category, args in gen.hidden(seeded_rng(question_id, "hidden")))


def generated_cases(question: Question) -> list[tuple[Category, list[Any]]]:
    """The generated `(category, args)` pairs, deterministic per question id; cached."""
    return [(category, list(args)) for category, args in _generated(question.id)]


# The probe's largest size: beyond it the working set of random-access code (graphs, hash maps of
# lists) leaves the CPU caches and a linear reference timed like O(n^2) (course-schedule: 5 ms at
# 16,000 courses, 60-86 ms at 64,000, in CPython and V8 alike). Sizes are divided by 4 until they
# fit, which keeps a square grid's side whole; an O(n^2) answer is still far slower at 16,000.
PROBE_MAX_N = 16_384


def probe_sizes(sizes: tuple[int, ...]) -> tuple[int, ...]:
    while max(sizes) > PROBE_MAX_N:
        sizes = tuple(max(1, n // 4) for n in sizes)
    return sizes


@lru_cache(maxsize=CACHED_QUESTIONS)
def _probe(question_id: str) -> Probe | None:
    gen = generator(question_id)
    if gen is None:
        return None
    rng = seeded_rng(question_id, "probe")
    return Probe(inputs=tuple((n, tuple(gen.probe(rng, n))) for n in probe_sizes(tuple(gen.PROBE_SIZES))))


def probe(question: Question) -> Probe | None:
    """Inputs of growing size for the observed-complexity estimate, or None without a generator.
    Cached; `hidden_suite` builds it off the event loop, so call it after that."""
    return _probe(question.id)


def _warm(question_id: str) -> None:
    _generated(question_id)
    _probe(question_id)


_expected: OrderedDict[str, tuple[Any, ...]] = OrderedDict()
_reference_ms: OrderedDict[str, tuple[float, ...]] = OrderedDict()
_inflight: dict[str, asyncio.Task[tuple[Any, ...]]] = {}


async def _reference_outputs(question: Question, judge: Judge) -> tuple[Any, ...]:
    cases = [
        Case(args=args, category=category, time_limit_ms=REFERENCE_LIMIT_MS, check=False)
        for category, args in _generated(question.id)
    ]
    request = JudgeRequest(
        code=question.solutions["python"],
        language="python",
        function_name=question.function_name,
        cases=cases,
        compare=cast(Compare, question.compare),
    )
    result = await judge.run(request)
    bad = [o for o in result.outcomes if o.verdict != "passed"]
    if result.load_error or bad or len(result.outcomes) != len(cases):
        first = f"case {bad[0].index}: {bad[0].verdict} {bad[0].error or ''}" if bad else "missing outcomes"
        why = result.load_error or first
        raise BankError(f"{question.id}: the Python reference fails its generated cases: {why}")
    _reference_ms[question.id] = tuple(o.ms for o in result.outcomes)
    return tuple(o.actual for o in result.outcomes)


async def generated_expected(question: Question, judge: Judge) -> tuple[Any, ...]:
    """The reference's outputs on the generated cases; one judge run per process and question."""
    if question.id in _expected:
        _expected.move_to_end(question.id)
        return _expected[question.id]
    task = _inflight.get(question.id)
    if task is None or task.get_loop() is not asyncio.get_running_loop():
        task = asyncio.ensure_future(_reference_outputs(question, judge))
        _inflight[question.id] = task
    try:
        outputs = await asyncio.shield(task)
    finally:
        if task.done() and _inflight.get(question.id) is task:
            del _inflight[question.id]
    _expected[question.id] = outputs
    while len(_expected) > CACHED_EXPECTED:
        _expected.popitem(last=False)
    while len(_reference_ms) > CACHED_EXPECTED:
        _reference_ms.popitem(last=False)
    return outputs


def reference_ms(question: Question) -> tuple[float, ...] | None:
    """The Python reference's time per generated case in the run that gave the expected values
    (None before that run): the bank checker compares it with the limit instead of a second run."""
    return _reference_ms.get(question.id)


async def hidden_suite(question: Question, judge: Judge, language: str | None = None) -> tuple[Case, ...]:
    """Hand-written hidden tests, then the generated cases with the reference's outputs as expected.

    With `language`, generated cases get the question's calibrated `time_limit_ms` for it; without,
    the judge's default. Raises BankError when the reference fails its own generated case."""
    hand = [
        Case(args=t.args, expected=t.expected, category=cast(Category, t.category))
        for t in question.hidden_tests
    ]
    await asyncio.to_thread(_warm, question.id)  # building the cases takes ~0.5 s: off the event loop
    expected = await generated_expected(question, judge) if _generated(question.id) else ()
    limit = question.time_limit_ms.get(language) if language else None
    generated = [
        Case(args=args, expected=want, category=category, time_limit_ms=limit)
        for (category, args), want in zip(_generated(question.id), expected, strict=True)
    ]
    return (*hand, *generated)


_growth: OrderedDict[tuple[str, str], ObservedComplexity | None] = OrderedDict()


async def reference_growth(question: Question, judge: Judge, language: str) -> ObservedComplexity | None:
    """How the question's reference solution in `language` grows on the probe inputs, measured once
    per process: the yardstick a submit's own growth is compared with (same inputs, same machine)."""
    key = (question.id, language)
    if key in _growth:
        return _growth[key]
    the_probe = probe(question)
    if the_probe is None or language not in question.solutions:
        return None
    request = JudgeRequest(
        code=question.solutions[language],
        language=language,
        function_name=question.function_name,
        cases=(),
        probe=the_probe,
    )
    _growth[key] = (await judge.run(request)).observed
    while len(_growth) > CACHED_EXPECTED:
        _growth.popitem(last=False)
    return _growth[key]
