"""The judge-backed bank checker: one question's whole hidden suite through a `Judge`, and the table.

Per question and language: the reference passes every hidden test within the limits (the Python
reference's generated cases are timed in the run that gave their expected values, not run twice),
the starter fails a hand-written test, every listed wrong solution fails a hidden test, and every
`brute_force` times out on a generated case. The judge stops a run at its first timeout, and a
`wrong` solution meets the (large) generated cases only when it passes every hand-written test.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from interview_sim.domain.model import Question, WrongSolution
from interview_sim.judge.model import Case, JudgeRequest, JudgeResult
from interview_sim.questions import suites
from interview_sim.services.ports import Judge

LANGUAGES = ("javascript", "python")
PARALLEL_QUESTIONS = 2


def load_judge(kind: str = "judge") -> Judge:
    """The real judge, stopping a run at its first timeout (`kind="runners"`: the unsandboxed stand-in).

    Raises ImportError when the judge is not there and JudgeUnavailable when its sandbox cannot run."""
    if kind == "runners":
        from tests.support.runner_judge import RunnerJudge

        return RunnerJudge()
    judge = importlib.import_module("interview_sim.judge")
    config = importlib.import_module("interview_sim.judge.config")
    local: Judge = judge.LocalJudge(config.JudgeConfig(timeouts_per_category=1))
    return local


@dataclass
class QuestionCheck:
    question: Question
    largest_n: int = 0
    reference_ms: dict[str, float] = field(default_factory=dict)  # slowest generated case
    wrong: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)  # name, kind, by language
    problems: list[str] = field(default_factory=list)


def largest_n(cases: Iterable[tuple[str, Sequence[Any]]]) -> int:
    """The len of the largest list or string argument (an int argument when there is none)."""
    sized = [len(a) for _, args in cases for a in args if isinstance(a, list | str)]
    ints = [a for _, args in cases for a in args if isinstance(a, int) and not isinstance(a, bool)]
    return max(sized or ints or [0])


def how_it_failed(result: JudgeResult, cases: Sequence[Case]) -> str:
    """`passed/total` and the first failure's verdict and category, e.g. `timed_out@large input`."""
    if result.load_error:
        return f"load error: {result.load_error[:60]}"
    bad = [o for o in result.outcomes if not o.passed and o.verdict != "not_run"]
    first = f" {bad[0].verdict}@{cases[bad[0].index].category}" if bad else ""
    return f"{result.passed}/{result.total}{first}"


def one_timeout_group(suite: Sequence[Case], hand: int) -> list[Case]:
    """The suite with every generated case in one category, so the judge (which stops a category
    at its first timeout) spends one time limit on a brute force, not one per category."""
    return [*suite[:hand], *(dataclasses.replace(c, category="large input") for c in suite[hand:])]


async def _run(judge: Judge, q: Question, code: str, language: str, cases: Sequence[Case]) -> JudgeResult:
    request = JudgeRequest(code, language, q.function_name, tuple(cases), q.compare)  # type: ignore[arg-type]
    return await judge.run(request)


async def _check_reference(check: QuestionCheck, judge: Judge, suite: Sequence[Case], language: str) -> None:
    q, hand = check.question, len(check.question.hidden_tests)
    cases = suite[:hand] if language == "python" else suite
    result = await _run(judge, q, q.solutions[language], language, cases)
    if result.load_error or result.passed != result.total:
        check.problems.append(f"{language} reference: {how_it_failed(result, cases)}")
    generated_ms = suites.reference_ms(q) if language == "python" else [o.ms for o in result.outcomes[hand:]]
    check.reference_ms[language] = max(generated_ms or [0.0])
    limit = q.time_limit_ms.get(language)
    if limit is None:
        check.problems.append(f"{language}: no time_limit_ms (run scripts/calibrate_bank.py)")
    elif check.reference_ms[language] > limit:
        check.problems.append(f"{language} reference takes {check.reference_ms[language]:.0f} ms > {limit}")


async def _check_starter(check: QuestionCheck, judge: Judge, suite: Sequence[Case], language: str) -> None:
    q = check.question
    result = await _run(judge, q, q.starter_code[language], language, suite[: len(q.hidden_tests)])
    if result.load_error is None and result.passed == result.total:
        check.problems.append(f"{language} starter passes every hand-written hidden test")


async def _run_wrong(
    judge: Judge, q: Question, w: WrongSolution, language: str, suite: Sequence[Case]
) -> JudgeResult:
    """A brute force gets one timeout group; a `wrong` one runs the hand-written tests first and the
    large generated cases only if it passes them all (it rarely does: their args are megabytes)."""
    hand = len(q.hidden_tests)
    if w.kind == "brute_force":
        return await _run(judge, q, w.code[language], language, one_timeout_group(suite, hand))
    if w.kind == "wrong":
        first = await _run(judge, q, w.code[language], language, suite[:hand])
        if first.load_error or first.passed < first.total:
            return first
    return await _run(judge, q, w.code[language], language, suite)


async def _check_wrong(check: QuestionCheck, judge: Judge, suites_: dict[str, Sequence[Case]]) -> None:
    for w in check.question.wrong_solutions:
        how: dict[str, str] = {}
        for language in LANGUAGES:
            result = await _run_wrong(judge, check.question, w, language, suites_[language])
            how[language] = how_it_failed(result, suites_[language])
            if not result.load_error and result.passed == result.total:
                check.problems.append(f"{language} wrong solution {w.name!r} passes every hidden test")
            if w.kind == "brute_force" and not result.timed_out:
                check.problems.append(f"{language} brute force {w.name!r} does not time out: {how[language]}")
        check.wrong.append((w.name, w.kind, how))


async def check_question(question: Question, judge: Judge) -> QuestionCheck:
    check = QuestionCheck(question)
    generated = suites.generated_cases(question)
    check.largest_n = largest_n(generated)
    if not any(category == "large input" for category, _ in generated):
        check.problems.append("no generated `large input` case (generators/<id>.py)")
    try:
        by_language = {lang: await suites.hidden_suite(question, judge, language=lang) for lang in LANGUAGES}
    except suites.BankError as e:
        check.problems.append(str(e))
        return check
    for language in LANGUAGES:
        await _check_reference(check, judge, by_language[language], language)
        await _check_starter(check, judge, by_language[language], language)
    if question.complexity_point and not any(w.kind == "brute_force" for w in question.wrong_solutions):
        check.problems.append("complexity_point without a brute_force wrong solution")
    await _check_wrong(check, judge, by_language)
    return check


async def check_questions(questions: Sequence[Question], judge: Judge) -> list[QuestionCheck]:
    """Every question checked, PARALLEL_QUESTIONS at a time, in the order given."""
    gate = asyncio.Semaphore(PARALLEL_QUESTIONS)

    async def one(q: Question) -> QuestionCheck:
        async with gate:
            return await check_question(q, judge)

    return list(await asyncio.gather(*(one(q) for q in questions)))


def _pair(values: dict[str, Any], fmt: str = "{}") -> str:
    return " / ".join(fmt.format(values[lang]) if lang in values else "-" for lang in LANGUAGES)


def table(checks: Sequence[QuestionCheck]) -> str:
    """Markdown: question, largest input, reference ms and limit (js / py), how each wrong one fails."""
    rows = [
        "| question | cp | largest n | reference ms (js / py) | limit ms (js / py) "
        "| wrong solutions: passed/total, first failure (js / py) |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for c in checks:
        cells = (f"{kind} `{name}`: {_pair(how)}" for name, kind, how in c.wrong)
        wrong = "<br>".join(cells).replace("|", "\\|")  # `O(|s|^2)` must not split the row
        rows.append(
            f"| {c.question.id} | {'yes' if c.question.complexity_point else 'no'} | {c.largest_n:,} "
            f"| {_pair(c.reference_ms, '{:.0f}')} | {_pair(dict(c.question.time_limit_ms))} | {wrong} |"
        )
    return "\n".join(rows) + "\n"
