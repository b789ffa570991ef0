"""What the room may see of a judge run, and what stays on the server until the end.

While the interview runs, a submit's verdict names a category and a verdict per hidden test, never
its input, expected or actual output, nor an error message (a message can quote the input: only
the error's kind is shown). The failing inputs, outputs and messages go to the server-side store
and reach the report once the session has ENDED.
"""

from __future__ import annotations

import builtins
from typing import Any

import orjson

from interview_sim.domain.analytics import complexity_rank
from interview_sim.domain.submits import SubmittedCode
from interview_sim.judge.model import CaseOutcome, JudgeResult
from interview_sim.judge.model import ObservedComplexity as Growth
from interview_sim.protocol import ObservedComplexity, SubmitCaseResult, SubmitResult

MAX_FAILURES_KEPT = 3
MAX_VALUE_CHARS = 600  # per value in a kept failure: a 10^5 input is summarised, not stored whole


def public_verdict(
    result: JudgeResult, submitted: SubmittedCode, reference: Growth | None = None, optimum: str = ""
) -> dict[str, Any]:
    """The RUN_RESULT payload every client receives."""
    observed = relative_growth(result.observed, reference, optimum)
    return SubmitResult(
        passed=result.passed,
        total=result.total,
        timed_out=result.timed_out,
        language=submitted.language,  # type: ignore[arg-type]
        results=[_public_case(o) for o in result.outcomes],
        observed_complexity=observed,
        attempt=submitted.attempt,
        code_seq=submitted.code_seq,
        load_error=_load_error_kind(result.load_error),
    ).model_dump(mode="json")


# How much steeper than the reference's growth (log-log slope) counts as slower: a class apart
# (n -> n log n is ~0.2 at these sizes, n -> n^2 is 1.0); noise on a busy machine stays under it.
SLOWER_BY = 0.45
STANDARD = {
    (0.0, 0): "O(1)",
    (0.0, 1): "O(log n)",
    (1.0, 0): "O(n)",
    (1.0, 1): "O(n log n)",
    (2.0, 0): "O(n^2)",
}


def relative_growth(
    observed: Growth | None, reference: Growth | None, optimum: str
) -> ObservedComplexity | None:
    """The candidate's measured growth, compared with the reference's on the same probe inputs."""
    if observed is None:
        return None
    out = ObservedComplexity(
        label=observed.label,
        exponent=observed.exponent,
        sizes=list(observed.sizes),
        ms=list(observed.ms),
        note=observed.note,
    )
    if reference is None or reference.exponent is None or observed.label == "unknown":
        return out
    out.reference_exponent = reference.exponent
    if observed.exponent is None or observed.note or observed.exponent > reference.exponent + SLOWER_BY:
        out.compared_to_reference = "slower"  # a probe that timed out has no exponent, only "at least"
    elif observed.exponent < reference.exponent - SLOWER_BY:
        out.compared_to_reference = "faster"
    else:
        out.compared_to_reference = "same"
        out.label = STANDARD.get(complexity_rank(optimum) or (-1.0, -1), observed.label)
    return out


def unjudged_verdict(submitted: SubmittedCode, total: int, why: str) -> dict[str, Any]:
    """A submit the judge could not run here (no sandbox, or still busy after every retry)."""
    return SubmitResult(
        passed=0,
        total=total,
        timed_out=False,
        language=submitted.language,  # type: ignore[arg-type]
        results=[],
        attempt=submitted.attempt,
        code_seq=submitted.code_seq,
        load_error=why,
        judged=False,
    ).model_dump(mode="json")


def private_details(
    result: JudgeResult, args_by_index: dict[int, Any], expected: dict[int, Any]
) -> list[dict[str, Any]]:
    """Up to three failing hidden tests with their (shortened) input, expected and actual output."""
    failing = [o for o in result.outcomes if not o.passed and o.verdict != "not_run"]
    kept = []
    for o in failing[:MAX_FAILURES_KEPT]:
        args, args_cut = _shorten_args(args_by_index.get(o.index))
        want, want_cut = _shorten(expected.get(o.index))
        got, got_cut = _shorten(o.actual)
        kept.append(
            {
                "index": o.index,
                "category": o.category,
                "verdict": o.verdict,
                "args": args,
                "expected": want,
                "actual": got,
                "error": (o.error or o.error_kind or None) and str(o.error or o.error_kind)[:MAX_VALUE_CHARS],
                "truncated": args_cut or want_cut or got_cut,
            }
        )
    return kept


def _public_case(o: CaseOutcome) -> SubmitCaseResult:
    return SubmitCaseResult(
        index=o.index,
        passed=o.passed,
        category=o.category,
        verdict=o.verdict,
        error_kind=_safe_kind(o.error_kind),
        # No per-test time: code can sleep by the hidden input's value and read it back from here.
    )


# Error kinds the room may see: the languages' own exception classes and the judge's. Candidate code
# can raise a class of its own, named after the hidden input (`type(str(nums[:9]), (Exception,), {})`):
# shown, that name would leak the input, so any other name is reported as a custom exception.
PYTHON_ERRORS = frozenset(
    name for name, v in vars(builtins).items() if isinstance(v, type) and issubclass(v, BaseException)
)
JS_ERRORS = frozenset(
    {"Error", "TypeError", "RangeError", "ReferenceError", "SyntaxError", "EvalError", "URIError",
     "AggregateError", "InternalError"}
)  # fmt: skip
JUDGE_ERRORS = frozenset({"Crash", "SandboxError", "TimeoutError", "MemoryError"})
KNOWN_ERRORS = PYTHON_ERRORS | JS_ERRORS | JUDGE_ERRORS


def _safe_kind(kind: str | None) -> str | None:
    """A built-in exception's class name; any other becomes "custom exception"."""
    if not kind:
        return None
    return kind if kind in KNOWN_ERRORS else "custom exception"


def _load_error_kind(message: str | None) -> str | None:
    """Why the code did not load. Safe to show in full: loading runs before any hidden input exists
    in the sandbox, so the message can only quote the candidate's own code."""
    return message[:MAX_VALUE_CHARS] if message else None


def _shorten_args(args: Any) -> tuple[list[Any] | None, bool]:
    """The arguments one by one (the report's `args` stays a list), each shortened like a value."""
    if args is None:
        return None, False
    shortened = [_shorten(a) for a in args]
    return [value for value, _ in shortened], any(cut for _, cut in shortened)


def _shorten(value: Any) -> tuple[Any, bool]:
    """The value itself when its JSON is short, else a marked prefix of its JSON text."""
    if value is None:
        return None, False
    text = orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    if len(text) <= MAX_VALUE_CHARS:
        return value, False
    return text[:MAX_VALUE_CHARS] + f"... ({len(text):,} characters)", True
