"""The judge's verdicts for the in-process tier, taken from what the bank proves, never made up.

The solutions a persona submits, by kind:
- "reference": the question's Python reference. The bank checker (tests/integration/test_bank_judge.py)
  proves it passes every hidden test within the limits; its observed growth is the question's optimum.
- "constant": the bank's first listed constant wrong solution (a question with none gets the empty
  value of its answer's type, e.g. `return False`). Run here, in process, on the hand-written hidden
  tests (the bank's own trusted code, tiny).
- "brute_force": the bank's first listed brute force. The bank checker proves every brute force
  times out on a generated case; its observed growth is taken as one degree above the optimum.
- "hardcoded": the sample answers looked up by input, else the constant: run here like the constant.

The generated (large) cases are one group, `GENERATED`, counted as one test: passed by the reference,
timed out by a brute force, failed by a constant or hard-coded answer only when it passed every
hand-written test (the bank then proves it fails a generated one), else counted as passed (in the
candidate's favour: the bands are asserted on conservative verdicts).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from interview_sim.domain.analytics import complexity_rank
from interview_sim.domain.model import Question
from interview_sim.judge.compare import equal
from interview_sim.questions.bank import load_bank

GENERATED = "large input"
_EMPTY = {bool: "False", int: "0", float: "0.0", str: '""', list: "[]"}


def code_for(q: Question, kind: str) -> str:
    """The Python code of a solution kind (see the module docstring)."""
    if kind == "reference":
        return q.solutions["python"]
    if kind == "brute_force":
        return next(w.code["python"] for w in q.wrong_solutions if w.kind == "brute_force")
    constant = next((w.code["python"] for w in q.wrong_solutions if w.kind == "constant"), None)
    if constant is None:
        empty = _EMPTY.get(type(q.hidden_tests[0].expected), "None")
        constant = f"def {q.function_name}(*args):\n    return {empty}\n"
    return constant if kind == "constant" else hardcoded(q, constant)


def hardcoded(q: Question, constant: str) -> str:
    """Sample answers looked up by their input, else the constant answer: hard-coding after a failure."""
    table = {repr(list(t.args)): t.expected for t in q.sample_tests}
    return (
        constant.replace(f"def {q.function_name}(", "def _constant(", 1)
        + f"\n_KNOWN = {table!r}\n\ndef {q.function_name}(*args):\n"
        + "    key = repr(list(args))\n"
        + "    return _KNOWN[key] if key in _KNOWN else _constant(*args)\n"
    )


def has_brute_force(q: Question) -> bool:
    return q.complexity_point and any(w.kind == "brute_force" for w in q.wrong_solutions)


def verdict(q: Question, kind: str) -> tuple[tuple[str, str], ...]:
    """(category, verdict) per hidden test, hand-written ones first, then the GENERATED group."""
    return _verdict(q.id, kind)


@cache
def _verdict(question_id: str, kind: str) -> tuple[tuple[str, str], ...]:
    q = load_bank()[question_id]
    if kind == "reference":
        return (*tuple((t.category, "passed") for t in q.hidden_tests), (GENERATED, "passed"))
    if kind == "brute_force":
        return (*tuple((t.category, "passed") for t in q.hidden_tests), (GENERATED, "timed_out"))
    fn = _load(code_for(q, kind), q.function_name)
    cases = tuple((t.category, _run(fn, t.args, t.expected, q.compare)) for t in q.hidden_tests)
    every = all(v == "passed" for _, v in cases)
    return (*cases, (GENERATED, "wrong_answer" if every else "passed"))


def _load(code: str, name: str) -> Any:
    scope: dict[str, Any] = {}
    exec(compile(code, "<bank solution>", "exec"), scope)  # the bank's own code, never a candidate's
    return scope[name]


def _run(fn: Any, args: tuple[Any, ...], expected: Any, compare: str) -> str:
    try:
        actual = fn(*[_copy(a) for a in args])
    except Exception:
        return "runtime_error"
    return "passed" if equal(actual, expected, compare) else "wrong_answer"  # type: ignore[arg-type]


def _copy(value: Any) -> Any:
    return [_copy(v) for v in value] if isinstance(value, list) else value


_LABELS = ("O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n^2)", "worse than O(n^2)")


def observed(q: Question, kind: str) -> str:
    """The judge's growth label: the optimum for the reference, one degree worse for a brute force,
    O(1) for a constant or hard-coded answer."""
    if kind in ("constant", "hardcoded"):
        return "O(1)"
    degree, logs = complexity_rank(q.complexity.time) or (1.0, 0)
    if kind == "brute_force":
        degree, logs = degree + 1, 0
    if degree > 2:
        return _LABELS[5]
    index = {0: 0, 1: 2, 2: 4}[int(degree)] + (1 if logs and degree < 2 else 0)
    return _LABELS[index]
