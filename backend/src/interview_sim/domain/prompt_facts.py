"""What the server has verified about a session, as plain data for the model's prompt: the state
and its allowed moves, time left, hints given, facts revealed, follow-ups asked, the judge's
verdict and observed complexity, the candidate's latest claims and the evidence against them.
Nothing here is candidate-controlled text except the claims, which are canonical "O(...)" strings."""

from __future__ import annotations

from collections import Counter
from typing import Any

from interview_sim.domain.model import SessionView
from interview_sim.domain.probing import challenge_evidence, follow_ups_asked, last_submit, latest_claims
from interview_sim.domain.states import can_move
from interview_sim.domain.turns import Trigger
from interview_sim.domain.view import elapsed_s, hint_levels, interviewer_lines, runs
from interview_sim.protocol import State


def verified_facts(view: SessionView, trigger: Trigger) -> dict[str, Any]:
    hints = hint_levels(view)
    ladder = len(view.question.hints[:3])
    claims = latest_claims(view)
    asked = follow_ups_asked(view)
    return {
        "state": view.state.value,
        "trigger": trigger.kind.value,
        "allowed_moves": [
            s.value for s in State if s not in (view.state, State.ENDED) and can_move(view.state, s)
        ],
        "minutes_left": max(0, round((view.time_budget_s - elapsed_s(view)) / 60)),
        "language": view.language,
        "hints_given": len(hints),
        "next_hint_level": len(hints) + 1 if len(hints) < ladder else None,
        "facts_revealed": [x.text for x in interviewer_lines(view) if x.kind == "clarify"],
        "follow_ups_asked": sorted(asked),
        "follow_ups_remaining": [f for f in view.question.follow_ups if f not in asked],
        "judge": _judge(view),
        "sample_runs": len(runs(view, "sample")),
        "candidate_claims": claims,
        "evidence_against_time_claim": challenge_evidence(view, claims["time"], trigger.text or "")
        if "time" in claims
        else None,
        "candidate_level": _level(view, len(hints)),
    }


def _judge(view: SessionView) -> dict[str, Any] | None:
    submit = last_submit(view)
    if submit is None:
        return None
    p = submit.payload
    failing = [r for r in p.get("results", []) if not r.get("passed")]
    observed = p.get("observed_complexity")
    return {
        "passed": p.get("passed"),
        "total": p.get("total"),
        "timed_out": bool(p.get("timed_out")),
        "failing_categories": dict(Counter(str(r.get("category", "unknown")) for r in failing)),
        "failing_verdicts": dict(Counter(str(r.get("verdict", "wrong_answer")) for r in failing)),
        "observed_complexity": observed.get("label") if isinstance(observed, dict) else None,
        "attempt": p.get("attempt"),
    }


def _level(view: SessionView, hints: int) -> str:
    submit = last_submit(view)
    failed = submit is not None and submit.payload.get("passed") != submit.payload.get("total")
    if hints >= 2 or failed:
        return "struggling"
    if submit is not None and hints == 0:
        return "strong"
    return "steady"
