"""The end-of-interview report: a 1-4 rubric with cited evidence, a hiring signal and the facts.

The signal follows verified evidence: the dimensions (`dimensions.py`, levels in `rubric.py`) are
averaged into a band, then capped by what the server verified (`caps`): words alone never make a
hire. Every evidence item cites the seq of the log event it rests on; seq 0 marks a session-wide
observation (e.g. "no hints used"). A dimension the interview ended before anyone could observe
gets `score: None` and a `missing` reason, never a guessed score. The result is a JSON-able dict
that `protocol.Report.model_validate` accepts.
"""

from __future__ import annotations

from statistics import mean
from typing import Any

from interview_sim.domain import verified
from interview_sim.domain.analytics import speech_metrics
from interview_sim.domain.dimensions import coding, problem_solving, short
from interview_sim.domain.model import LogEvent, SessionView
from interview_sim.domain.talk import communication, verification
from interview_sim.domain.view import (
    ended_at_ms,
    first_code_change,
    hint_levels,
    latest_code,
    nudges,
    runs,
    state_spans,
    transcript,
)
from interview_sim.protocol import SubmitResult

SIGNALS = ("strong_no_hire", "no_hire", "lean_no_hire", "lean_hire", "hire", "strong_hire")
_short = short  # the quote rule lives with the dimensions


def band(scores: list[int | None]) -> str:
    """The signal the scores alone give: insufficient_evidence with 2+ unscored dimensions; else by
    the mean, strong_hire needing every dimension at 3 or more, hire every one at 2 or more and at
    most one at 2."""
    known = [s for s in scores if s is not None]
    if len(scores) - len(known) >= 2 or not known:
        return "insufficient_evidence"
    avg, low = mean(known), min(known)
    if avg >= 3.5 and low >= 3:
        return "strong_hire"
    if avg >= 3.0 and low >= 2 and sum(1 for k in known if k <= 2) <= 1:
        return "hire"
    if avg >= 2.5:
        return "lean_hire"
    if avg >= 2.0:
        return "lean_no_hire"
    return "no_hire" if avg >= 1.5 else "strong_no_hire"


def caps(view: SessionView) -> list[tuple[str, str]]:
    """What the verified facts allow at most, with why: hire or better needs every hidden test of the
    scored submit to pass (a time-out is a failure); a failing submit is at most lean no hire, under
    half passing (or code that never reads its input) at most no hire; the third hint (the
    algorithm) at most lean hire."""
    c, out = verified.correctness(view), []
    if c.seq is None:
        out.append(("lean_hire", "never submitted: no hidden test verified the code"))
    elif not c.judged:
        out.append(("lean_hire", "the server could not judge the submit"))
    elif not c.all_passed and not c.reads_input:
        out.append(("no_hire", "the submitted code never reads its input: a fixed answer"))
    elif c.rate < 0.5:
        out.append(("no_hire", f"{c.passed} of {c.total} hidden tests passed (under half)"))
    elif not c.all_passed:
        slow = " (time-outs on large inputs)" if c.timed_out else ""
        out.append(("lean_no_hire", f"{c.passed} of {c.total} hidden tests passed{slow}"))
    if any(level >= 3 for _, level in verified.hints(view)):
        out.append(("lean_hire", "the third hint gave the algorithm away"))
    return out


def signal(scores: list[int | None], limits: list[tuple[str, str]] | None = None) -> str:
    """The band of the scores, lowered to the strictest cap (insufficient evidence stays)."""
    found = band(scores)
    if found == "insufficient_evidence":
        return found
    return min([found, *(cap for cap, _ in limits or [])], key=SIGNALS.index)


def timeline(view: SessionView) -> dict[str, Any]:
    start = view.started_at_ms
    end = ended_at_ms(view) or view.now_ms
    first = first_code_change(view)
    durations: dict[str, float] = {}
    for span in state_spans(view):
        durations[span.state.value] = round(durations.get(span.state.value, 0) + span.seconds, 1)
    return {
        "duration_s": round((end - start) / 1000, 1) if start is not None else None,
        "time_to_first_code_s": round((first.ts_ms - start) / 1000, 1)
        if first and start is not None
        else None,
        "runs": len(runs(view)),
        "sample_runs": len(runs(view, "sample")),
        "submits": len(runs(view, "submit")),
        "state_durations_s": durations,
    }


def _submit(view: SessionView) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    submits = runs(view, "submit")
    if not submits:
        return None, None
    result = SubmitResult.model_validate(submits[-1].payload).model_dump(mode="json")
    total = result["total"]
    hidden = {
        "passed": result["passed"],
        "total": total,
        "rate": round(result["passed"] / total, 3) if total else 0.0,
    }
    return hidden, result


def build_report(view: SessionView, *, summary: str | None = None) -> dict[str, Any]:
    """The report for the session so far (usually after ENDED); `summary` is a model-written one."""
    speech = speech_metrics(view)
    dims = [problem_solving(view), coding(view), verification(view), communication(view, speech)]
    rubric = [d.item() for d in dims]
    limits = caps(view)
    hidden, submit = _submit(view)
    report: dict[str, Any] = {
        "session_id": view.session_id,
        "question_id": view.question.id,
        "question_title": view.question.title,
        "difficulty": view.difficulty,
        "company_mode": view.company_mode,
        "language": view.language,
        "signal": signal([r["score"] for r in rubric], limits),
        "signal_caps": [why for _, why in limits],
        "rubric": rubric,
        "hidden_tests": hidden,
        "submit_results": submit,
        "submits": [
            SubmitResult.model_validate(e.payload).model_dump(mode="json") for e in runs(view, "submit")
        ],
        "stated_complexity": stated_complexity(view),
        "hints_used": len(hint_levels(view)),
        "nudges": [_nudge(e) for e in nudges(view)],
        "speech": speech,
        "timeline": timeline(view),
        "transcript": [_line(x) for x in transcript(view)],
        "final_code": latest_code(view),
        "generated_at_ms": view.now_ms,
    }
    report["summary"] = summary if summary else deterministic_summary(report)
    report["summary_source"] = "model" if summary else "deterministic"
    return report


def stated_complexity(view: SessionView) -> dict[str, Any] | None:
    """The last complexity the candidate stated per aspect (the one scored), with the seq of the
    latest of those statements."""
    claims = verified.last_claims(view)
    if not claims:
        return None
    time, space = claims.get("time"), claims.get("space")
    seq = max(c.seq for c in claims.values())
    return {"time": time.expr if time else None, "space": space.expr if space else None, "seq": seq}


def _nudge(e: LogEvent) -> dict[str, Any]:
    return {k: str(e.payload.get(k, "")) for k in ("id", "category", "severity", "text")}


def _line(x: Any) -> dict[str, Any]:
    return {"seq": x.seq, "ts_ms": x.ts_ms, "speaker": x.speaker, "text": x.text, "source": x.source}


def deterministic_summary(report: dict[str, Any]) -> str:
    """A few plain sentences built only from the report's own figures, the verified facts first:
    the server's hidden tests, the stated against the observed complexity, the hints."""
    parts = [_tests_fact(report), _complexity_fact(report), f"Hints used: {report['hints_used']}."]
    verdict = f"Overall signal: {report['signal'].replace('_', ' ')}"
    limits = report.get("signal_caps") or []
    parts.append(f"{verdict} (held back: {'; '.join(limits)})." if limits else f"{verdict}.")
    scored = [r for r in report["rubric"] if r["score"] is not None]
    if scored:
        best = max(scored, key=lambda r: r["score"])
        worst = min(scored, key=lambda r: r["score"])
        parts.append(f"Strongest area: {best['label'].lower()} ({best['score']}/4).")
        if worst["score"] < best["score"]:
            parts.append(f"Work on: {worst['label'].lower()} ({worst['score']}/4).")
    missing = [r["label"].lower() for r in report["rubric"] if r["score"] is None]
    if missing:
        parts.append(f"Not enough evidence to score: {', '.join(missing)}.")
    speech = report["speech"]
    if speech["words"]:
        parts.append(
            f"You said {speech['words']} words with {speech['fillers_per_100']} filler words per 100."
        )
    return " ".join(p for p in parts if p)


def _tests_fact(report: dict[str, Any]) -> str:
    hidden = report["hidden_tests"]
    if not hidden:
        return "The solution was not submitted against the hidden tests."
    return f"The server ran the hidden tests: {hidden['passed']} of {hidden['total']} passed."


def _complexity_fact(report: dict[str, Any]) -> str:
    stated = (report.get("stated_complexity") or {}).get("time")
    submit = report.get("submit_results") or {}
    observed = (submit.get("observed_complexity") or {}).get("label")
    measurable = observed and observed != "unknown"  # "unknown": too fast to time, or a size failed
    measured = f"the code's running time grew about {observed} (an estimate)" if measurable else ""
    if stated and measured:
        return f"You last stated {stated} time; {measured}."
    if stated:
        return f"You last stated {stated} time; it was not measured."
    return f"You never stated the time complexity; {measured}." if measured else ""
