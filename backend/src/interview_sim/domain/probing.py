"""What the interviewer knows when it probes: the candidate's latest claims, the evidence against a
claim (the judge's observed growth, the code's loop nesting, the described approach, the input
that must be read), where a debugging loop or a follow-up stands, and what actually happened.

Pure functions of the SessionView; the submit verdict is the server judge's RUN_RESULT
(`kind: "submit"`, per-test `category`/`verdict`, `observed_complexity.label`).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from interview_sim.domain.analytics import complexity_rank
from interview_sim.domain.lines import say_complexity
from interview_sim.domain.model import LogEvent, SessionView
from interview_sim.domain.utterances import complexity_claims
from interview_sim.domain.view import (
    Line,
    candidate_lines,
    interviewer_lines,
    latest_code,
    runs,
    starter_code,
)
from interview_sim.protocol import EventType, State

_PAIRS = re.compile(
    r"\b(nested loops?|loop inside (a|another) loop|two (for )?loops|double loop|every pair|each pair|"
    r"all pairs|all the pairs|pairs of)\b"
)
_TRIPLE = re.compile(r"\b(three nested|triple(-| )nested|every triple|all triples|three loops)\b")
_SORTS = re.compile(r"\b(i'?d|i will|i'll|we|first|then|by) sort\w*\b|\bsorting (it|the|them|both|each)\b")
_LOOP = re.compile(r"^\s*(for|while)\b|\.(forEach|map|reduce|filter)\(|\bfor\s*\(")
_COMPREHENSION_FOR = re.compile(r"\bfor\b.+\bin\b")


def latest_claims(view: SessionView, after_seq: int = 0) -> dict[str, str]:
    """The latest complexity the candidate stated per aspect ("time"/"space") after `after_seq`."""
    claims: dict[str, str] = {}
    for line in candidate_lines(view):
        if line.seq > after_seq:
            claims.update(complexity_claims(line.text))
    return claims


def observed_growth(view: SessionView) -> str | None:
    """The judge's observed complexity label ("O(n^2)") from the latest submit, if it measured one."""
    submit = last_submit(view)
    observed = submit.payload.get("observed_complexity") if submit else None
    label = observed.get("label") if isinstance(observed, dict) else None
    return str(label) if label else None


def loop_depth(code: str) -> int:
    """How deeply loops nest in `code`, by indentation (Python and formatted JavaScript alike)."""
    stack: list[int] = []
    deepest = 0
    for raw in code.splitlines():
        if not raw.strip() or raw.strip().startswith(("#", "//")):
            continue
        indent = len(raw) - len(raw.lstrip())
        stack = [i for i in stack if i < indent]
        if _LOOP.search(raw):
            stack.append(indent)
            extra = max(0, len(_COMPREHENSION_FOR.findall(raw)) - 1)
            deepest = max(deepest, len(stack) + extra)
    return deepest


def described_bound(text: str) -> tuple[str, str] | None:
    """A lower bound the described approach implies, with the words that imply it."""
    low = text.lower()
    for pattern, bound in ((_TRIPLE, "O(n^3)"), (_PAIRS, "O(n^2)"), (_SORTS, "O(n log n)")):
        if found := pattern.search(low):
            return bound, found.group(0)
    return None


def challenge_evidence(view: SessionView, claim: str, said: str) -> str | None:
    """Why the claimed time can't be right, or None. The judge's measured growth comes first (when
    it agrees with the claim, nothing else is held against it); then the approach described in the
    same breath ("two nested loops ... O(log n)"); then, for a claim better than the question's
    optimum, the code's loop nesting or the input that has to be read."""
    claimed = complexity_rank(claim)
    if claimed is None:
        return None
    observed = observed_growth(view)
    if observed is not None:
        seen = complexity_rank(observed)
        return f"the timings growing like {say_complexity(observed)}" if seen and seen > claimed else None
    described = described_bound(said)
    if described and (bound := complexity_rank(described[0])) and bound > claimed:
        return f"{described[1]} in there"
    best = complexity_rank(view.question.complexity.time)
    if best is None or claimed >= best:
        return None
    depth = loop_depth(latest_code(view)) if latest_code(view) != starter_code(view) else 0
    if depth >= 2 and claimed < (float(depth), 0):
        return "a loop inside a loop" if depth == 2 else f"{depth} nested loops"
    return "the whole input to look at" if view.state != State.CODING else None


# ---------------------------------------------------------------- the submit and debugging


def last_verdict(view: SessionView) -> LogEvent | None:
    """The latest submit RUN_RESULT, judged or not (`judged: false`: the judge could not run here)."""
    submits = runs(view, "submit")
    return submits[-1] if submits else None


def last_submit(view: SessionView) -> LogEvent | None:
    """The latest submit the judge actually ran."""
    submits = [e for e in runs(view, "submit") if e.payload.get("judged", True) is not False]
    return submits[-1] if submits else None


def submit_failed(view: SessionView) -> bool:
    submit = last_submit(view)
    return submit is not None and int(submit.payload.get("passed", 0)) < int(submit.payload.get("total", 0))


def failing_category(payload: Any) -> str:
    """The category most failing tests belong to ("edge case", "large input"...), else "edge case"."""
    failing = [r for r in payload.get("results", []) if not r.get("passed")]
    counts = Counter(str(r.get("category")) for r in failing if r.get("category"))
    return counts.most_common(1)[0][0] if counts else "edge case"


def timed_out(payload: Any) -> bool:
    verdicts = {r.get("verdict") for r in payload.get("results", []) if not r.get("passed")}
    return bool(payload.get("timed_out")) or verdicts == {"timed_out"}


def since_submit(view: SessionView, kind: str) -> int:
    """How many interviewer turns of `kind` came after the latest submit."""
    submit = last_submit(view)
    after = submit.seq if submit else 0
    return sum(1 for line in interviewer_lines(view) if line.seq > after and line.kind == kind)


# ---------------------------------------------------------------- follow-ups, silence, outcome


def last_line(view: SessionView) -> Line | None:
    said = interviewer_lines(view)
    return said[-1] if said else None


def pending_follow_up(view: SessionView) -> tuple[str, bool] | None:
    """The follow-up the candidate is answering and whether it was already probed, if any."""
    said = interviewer_lines(view)
    if not said or said[-1].kind not in ("follow_up", "follow_up_probe"):
        return None
    probed = said[-1].kind == "follow_up_probe"
    for line in reversed(said):
        asked = next((f for f in view.question.follow_ups if f in line.text), None)
        if asked is not None:
            return asked, probed
    return None


def follow_ups_asked(view: SessionView) -> set[str]:
    said = " ".join(line.text for line in interviewer_lines(view))
    return {f for f in view.question.follow_ups if f in said}


def silent_for_s(view: SessionView) -> float | None:
    """Seconds since anyone spoke while CODING (None outside CODING or after a check-in already
    made during this silence)."""
    if view.state != State.CODING:
        return None
    entered = max((e.ts_ms for e in view.of_type(EventType.STATE_CHANGE)), default=view.started_at_ms or 0)
    spoke = [line.ts_ms for line in candidate_lines(view)]
    checked = [line.ts_ms for line in interviewer_lines(view) if line.kind == "check_in"]
    if checked and (not spoke or checked[-1] > spoke[-1]):
        return None
    heard = [entered, *spoke, *(line.ts_ms for line in interviewer_lines(view))]
    return (view.now_ms - max(heard)) / 1000


def outcome(view: SessionView) -> str:
    """ "passed", "failed" or "none" (no submit), from the judge's latest verdict."""
    submit = last_submit(view)
    if submit is None:
        return "none"
    return "failed" if submit_failed(view) else "passed"
