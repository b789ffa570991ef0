"""The interview after the submit: the judge's verdict, the debugging loop after a failure, the
walkthrough and complexity after a pass, the follow-ups (each answer credited, probed once, or let
go), and a wrap-up and close that say what actually happened."""

from __future__ import annotations

import re

from interview_sim.domain import lines
from interview_sim.domain.analytics import complexity_rank
from interview_sim.domain.model import SessionView
from interview_sim.domain.probing import (
    challenge_evidence,
    failing_category,
    follow_ups_asked,
    last_submit,
    last_verdict,
    latest_claims,
    outcome,
    pending_follow_up,
    since_submit,
    submit_failed,
    timed_out,
)
from interview_sim.domain.turns import Move, TurnPlan, quiet, speak
from interview_sim.domain.utterances import Kind, Utterance, is_done
from interview_sim.domain.view import hint_levels, interviewer_lines
from interview_sim.protocol import EventType, State

_BUG = re.compile(
    r"\b(bug|off by one|off-by-one|forgot|forget|should (be|have)|fix|mistake|wrong|oops|i see|missing|"
    r"doesn'?t handle|don'?t handle|not handling|overflow|edge case|index error|returns? the wrong)\b"
)
_SHRUG = re.compile(r"\b(i don'?t know|no idea|not sure|no clue|(i'?ll|let's|can i) (pass|skip))\b")
DEBUG_PROMPTS = 2


def submit_turn(view: SessionView) -> TurnPlan:
    """The judge's verdict: after a pass the walkthrough opening; after a failure, the failing
    category and a request for a trace (never a hidden input)."""
    submit = last_verdict(view)
    if submit is None:
        return quiet("no submit verdict logged")
    p = submit.payload
    passed, total = int(p.get("passed", 0)), int(p.get("total", 0))
    if p.get("judged", True) is False:
        text = lines.pick(view, "submit_unjudged") + lines.pick(view, "review_open")
        return speak("submit_discussion", text, "the judge could not run: review by hand")
    if p.get("load_error"):
        error = str(p["load_error"]).strip().splitlines()[-1][:120]
        text = lines.pick(view, "submit_load_error", error=error)
        return speak("submit_discussion", text, "the code did not load", Move.MOVE_STATE, State.CODING)
    if total and passed == total:
        text = lines.pick(view, "submit_pass") + lines.pick(view, "review_open")
        return speak("submit_discussion", text, f"hidden tests {passed}/{total}: walkthrough")
    fmt = {"passed": passed, "total": total, "category": failing_category(p)}
    key = "submit_slow" if timed_out(p) else "submit_fail"
    return speak(
        "submit_discussion", lines.pick(view, key, **fmt), f"hidden tests {passed}/{total}", Move.DEBUG
    )


def decline(view: SessionView, u: Utterance) -> TurnPlan:
    """A request for the solution or the hidden tests: declined, and steered back."""
    submit = last_submit(view)
    if submit_failed(view) and submit is not None:
        text = lines.pick(view, "decline_tests", category=failing_category(submit.payload))
    elif re.search(r"\b(tests?|inputs?|cases?)\b", u.text.lower()):
        text = lines.pick(view, "decline_hidden")
    else:
        text = lines.pick(view, "decline_answer")
    return speak("decline", text, "asked for the answer or hidden tests", Move.DECLINE)


def review_reply(view: SessionView, u: Utterance) -> TurnPlan:
    if submit_failed(view):
        return _debugging(view, u)
    if pending_follow_up(view) is not None and u.kind in (Kind.FOLLOW_UP_ANSWER, Kind.DONE, Kind.COMPLEXITY):
        return _follow_up_answer(view, u)
    if u.kind == Kind.CLARIFY:
        return speak("clarify", u.fact or lines.pick(view, "assume"), "a question in review")
    claims = latest_claims(view, _review_seq(view))
    time = claims.get("time")
    if time is None:
        if _asked_complexity(view):
            return next_follow_up(view, "")
        return speak("complexity", lines.pick(view, "ask_complexity"), "review: no complexity yet")
    if u.claims.get("time") and (evidence := challenge_evidence(view, time, u.text)):
        text = lines.pick(view, "challenge", claim=lines.say_complexity(time), evidence=evidence)
        return speak("challenge", text, f"review: {time} against {evidence}", Move.CHALLENGE)
    if u.claims.get("time") and _worse(time, view.question.complexity.time) and not _pushed(view):
        claim = lines.say_complexity(time)
        return speak("improve", lines.pick(view, "do_better", claim=claim), f"review: {time}, can improve")
    ack = lines.pick(view, "ack_complexity", claim=_said(claims)) + " " if u.claims else ""
    return next_follow_up(view, ack)


def _worse(stated: str, expected: str) -> bool:
    got, want = complexity_rank(stated), complexity_rank(expected)
    return got is not None and want is not None and got > want


def _pushed(view: SessionView) -> bool:
    after = _review_seq(view)
    return any(x.seq > after and x.kind in ("improve", "challenge") for x in interviewer_lines(view)[-3:])


def _said(claims: dict[str, str]) -> str:
    parts = [f"{lines.say_complexity(claims[a])} {a}" for a in ("time", "space") if a in claims]
    return " and ".join(parts)


def _debugging(view: SessionView, u: Utterance) -> TurnPlan:
    submit = last_submit(view)
    category = failing_category(submit.payload) if submit else "edge case"
    if u.kind == Kind.ANSWER_REQUEST:
        return decline(view, u)
    if u.kind == Kind.CLARIFY and u.fact:
        return speak("clarify", u.fact, "a question while debugging", Move.ANSWER_CLARIFICATION)
    found = not u.is_question and bool(_BUG.search(u.text.lower()))
    if u.kind == Kind.READY or found or since_submit(view, "debug") >= DEBUG_PROMPTS:
        text = lines.pick(view, "debug_fix")
        return speak("debug", text, "a fix is in sight: back to coding", Move.MOVE_STATE, State.CODING)
    text = lines.pick(view, "debug_trace", category=category)
    return speak("debug", text, f"failing {category} tests: ask for a trace", Move.DEBUG)


def _follow_up_answer(view: SessionView, u: Utterance) -> TurnPlan:
    pending = pending_follow_up(view)
    probed = pending[1] if pending else True
    words = len(re.findall(r"[A-Za-z0-9']+", u.text))
    vague = is_done(u.text) or bool(_SHRUG.search(u.text.lower())) or words < 8
    if not vague:
        return next_follow_up(view, lines.pick(view, "follow_up_credit"))
    if not probed:
        return speak(
            "follow_up_probe", lines.pick(view, "follow_up_probe"), "vague follow-up answer: probe once"
        )
    return next_follow_up(view, lines.pick(view, "follow_up_move_on"))


def next_follow_up(view: SessionView, prefix: str) -> TurnPlan:
    asked = follow_ups_asked(view)
    for follow_up in view.question.follow_ups:
        if follow_up not in asked:
            return speak(
                "follow_up", f"{prefix}{follow_up}".strip(), "review: next follow-up", Move.ASK_FOLLOW_UP
            )
    text = f"{prefix}{wrap_up(view)}".strip()
    return speak("wrap_up", text, "follow-ups done", Move.MOVE_STATE, State.WRAP_UP)


def _review_seq(view: SessionView) -> int:
    moves = [e for e in view.of_type(EventType.STATE_CHANGE) if e.payload.get("to") == State.REVIEW]
    return moves[-1].seq if moves else 0


def _asked_complexity(view: SessionView) -> bool:
    after = _review_seq(view)
    return sum(1 for x in interviewer_lines(view) if x.seq > after and x.kind == "complexity") >= 1


# ---------------------------------------------------------------- wrap-up and close


def _what_happened(view: SessionView) -> str:
    hints = len(hint_levels(view))
    with_hints = "without any hints" if hints == 0 else f"with {hints} hint{'s' if hints > 1 else ''}"
    submit = last_submit(view)
    result = outcome(view)
    if result == "passed":
        return f"You got to a solution that passed all the hidden tests, {with_hints}."
    if result == "failed" and submit is not None:
        p = submit.payload
        return (
            f"We didn't get every hidden test passing, {p.get('passed')} of {p.get('total')}, "
            "but we had a useful look at why."
        )
    return "We didn't get to a submission today, but I got a good sense of how you approach a problem."


def wrap_up(view: SessionView) -> str:
    return (
        f"{_what_happened(view)} That's all I had on the technical side. Do you have any questions for me "
        "about the team or the role?"
    )


def closing(view: SessionView) -> str:
    verdict = {
        "passed": "You got it working.",
        "failed": "Keep tracing those failing cases in your practice.",
        "none": "Next time, aim to get a first version submitted.",
    }[outcome(view)]
    thanks = "Thanks for your time today, it was great talking with you."
    return f"{thanks} {verdict} Your report will be ready in a moment."
