"""The offline turn policy: what the interviewer does next, question-aware and deterministic.

`plan_turn` returns a TurnPlan whose `scripted_text` is the offline interviewer's whole reply and
whose `messages` ask a model to choose the move itself (see `prompts.py` and `moves.py`). The plan
never contains the reference solution, the approach note, the expected complexity or hidden tests.
Utterances are read with `utterances.classify`; the review and debugging moves live in
`reviewing.py`; the phrasings in `lines.py`.
"""

from __future__ import annotations

from dataclasses import replace

from interview_sim.domain import lines, reviewing
from interview_sim.domain.analytics import complexity_rank
from interview_sim.domain.clock import (
    CHECK_IN_AFTER_S,
    due_check_in,
    due_time_check,
    hints_used,
    minutes_left,
    time_check_marks,
)
from interview_sim.domain.model import SessionView
from interview_sim.domain.probing import challenge_evidence, latest_claims, pending_follow_up, silent_for_s
from interview_sim.domain.prompts import build_messages
from interview_sim.domain.turn_taking import should_interrupt
from interview_sim.domain.turns import Move, Trigger, TriggerKind, TurnPlan, quiet, speak
from interview_sim.domain.utterances import PLAN_KINDS, Kind, Utterance, classify, is_done
from interview_sim.domain.view import candidate_lines, interviewer_lines
from interview_sim.protocol import State

__all__ = [
    "CHECK_IN_AFTER_S",
    "Trigger",
    "TriggerKind",
    "TurnPlan",
    "due_check_in",
    "due_time_check",
    "hints_used",
    "plan_turn",
    "should_interrupt",
    "time_check_marks",
]

MAX_HINTS = 3
_ANSWERED_WHILE_CODING = frozenset(
    {
        Kind.TIME_LEFT,
        Kind.LANGUAGE,
        Kind.ANSWER_REQUEST,
        Kind.HINT,
        Kind.EXPECTATION,
        Kind.APPROACH_CHECK,
        Kind.REPEAT,
        Kind.RESOURCES,
    }
)
_SIMPLE = {Kind.RESOURCES: "resources", Kind.PAUSE: "pause"}


# ---------------------------------------------------------------- planning


def plan_turn(view: SessionView, trigger: Trigger, *, prompt: bool = True) -> TurnPlan:
    """The interviewer's next turn for `trigger`, with the model prompt for the same turn unless
    `prompt` is False (no model configured: the prompt was a few percent of a busy node's CPU)."""
    plan = _plan(view, trigger)
    if not plan.respond:
        return plan
    plan = replace(plan, scripted_text=lines.fresh(view, plan.scripted_text))
    return replace(plan, messages=build_messages(view, trigger, plan)) if prompt else plan


def _plan(view: SessionView, trigger: Trigger) -> TurnPlan:
    if view.state == State.ENDED:
        return quiet("the interview has ended")
    kind = trigger.kind
    if view.started_at_ms is None and kind != TriggerKind.START:
        return quiet("the interview has not started")
    if kind == TriggerKind.START:
        text = lines.greeting(view)
        return speak("greeting", text, "start: greet, present the problem", Move.MOVE_STATE, State.PROBLEM)
    if kind == TriggerKind.ENTER_REVIEW:
        return speak("review", lines.pick(view, "review_open"), "review: ask for a walkthrough")
    if kind == TriggerKind.ENTER_WRAP_UP:
        return speak("wrap_up", reviewing.wrap_up(view), "wrap-up: what happened, invite questions")
    if kind == TriggerKind.SUBMIT_RESULT:
        return reviewing.submit_turn(view)
    if kind == TriggerKind.TIME_CHECK:
        return _time_check(view)
    if kind == TriggerKind.CHECK_IN:
        return _check_in(view)
    return _utterance(view, trigger.text or "")


def _time_check(view: SessionView) -> TurnPlan:
    mark = due_time_check(view)
    if mark is None:
        return quiet("no time check due")
    return speak("time_check", lines.time_check(mark, view.state), f"{mark} minutes left")


def _check_in(view: SessionView) -> TurnPlan:
    if silent_for_s(view) is None:
        return quiet("no check-in due")
    return speak("check_in", lines.pick(view, "check_in"), "long silence while coding: check in once")


def _utterance(view: SessionView, text: str) -> TurnPlan:
    u = classify(text, view.question, view.state, follow_up_pending=pending_follow_up(view) is not None)
    if view.state == State.WRAP_UP:
        return _wrap_up_reply(view, u)
    if common := _common(view, u):
        return common
    if view.state == State.CODING:
        if u.kind == Kind.CLARIFY and u.is_question:
            return _clarify(view, u, coding=True)
        return quiet("coding: thinking aloud, not addressed")
    if view.state == State.REVIEW:
        return reviewing.review_reply(view, u)
    return _problem_reply(view, u)


def _common(view: SessionView, u: Utterance) -> TurnPlan | None:
    """Replies that are the same in PROBLEM, CODING and REVIEW (None: not one of them)."""
    if view.state == State.CODING and u.kind not in _ANSWERED_WHILE_CODING:
        return None if not (u.kind == Kind.OFF_TOPIC and u.is_question) else _off_topic(view)
    if u.kind == Kind.TIME_LEFT:
        left = lines.say_minutes(minutes_left(view))
        return speak("logistics", lines.pick(view, "time_left", minutes=left), "time left, server clock")
    if u.kind == Kind.LANGUAGE:
        return speak("logistics", _language(view, u.language or "?"), "language question")
    if u.kind == Kind.ANSWER_REQUEST:
        return reviewing.decline(view, u)
    if u.kind == Kind.HINT:
        return _hint(view)
    if u.kind == Kind.EXPECTATION:
        if u.fact:
            return speak("clarify", u.fact, "the question states a target", Move.ANSWER_CLARIFICATION)
        return speak("clarify", lines.pick(view, "expectation"), "expected complexity is not given away")
    if u.kind == Kind.APPROACH_CHECK:
        return speak("approach", lines.pick(view, "approach_check"), "approach check: probe, not confirm")
    if u.kind == Kind.REPEAT:
        text = lines.pick(view, "repeat_problem", summary=lines.spoken_summary(view.question))
        return speak("logistics", text, "asked to repeat the problem")
    if u.kind in _SIMPLE:
        return speak("logistics", lines.pick(view, _SIMPLE[u.kind]), f"{u.kind.value}")
    return _off_topic(view) if u.kind == Kind.OFF_TOPIC else None


def _language(view: SessionView, asked: str) -> str:
    current = "Python" if view.language == "python" else "JavaScript"
    other = "JavaScript" if current == "Python" else "Python"
    if asked.lower() == view.language:
        return lines.pick(view, "language_same", language=current)
    if asked.lower() in ("python", "javascript", "?"):
        return lines.pick(view, "language_fixed", language=current, other=other)
    return lines.pick(view, "language_unsupported", language=current)


def _off_topic(view: SessionView) -> TurnPlan:
    back = {
        State.PROBLEM: "any questions about the input, or a first idea?",
        State.CODING: "where are you in the code?",
        State.REVIEW: "let's finish the review.",
    }.get(view.state, "where were we?")
    return speak("redirect", lines.pick(view, "off_topic", back=back), "off-topic: steer back")


def _hint(view: SessionView) -> TurnPlan:
    used = hints_used(view)
    ladder = view.question.hints[:MAX_HINTS]
    if used >= len(ladder):
        return speak("hint", lines.pick(view, "no_more_hints"), "hint ladder exhausted: encourage")
    return speak("hint", ladder[used], f"hint {used + 1} of {len(ladder)}", Move.GIVE_HINT, hint=used + 1)


def _clarify(view: SessionView, u: Utterance, *, coding: bool = False) -> TurnPlan:
    if u.fact is not None:
        return speak("clarify", u.fact, "answered from the question's facts", Move.ANSWER_CLARIFICATION)
    kind = "direct_answer" if coding else "clarify"
    return speak(kind, lines.pick(view, "assume"), "no fact matches: assume and say so")


def _problem_reply(view: SessionView, u: Utterance) -> TurnPlan:
    if u.kind == Kind.CLARIFY:
        return _clarify(view, u)
    if u.kind == Kind.READY:
        if _approach_stated(view):
            return _go_code(view, "ready to code after an approach")
        return speak("approach", lines.pick(view, "approach_first"), "wants to code before an approach")
    if u.kind not in PLAN_KINDS:
        return speak("redirect", lines.pick(view, "redirect"), "no question or approach: ask for one")
    time = latest_claims(view).get("time")
    if time is None:
        if [line.kind for line in interviewer_lines(view)[-2:]] == ["complexity", "complexity"]:
            return _go_code(view, "complexity asked twice already: let them code")
        return speak("complexity", lines.pick(view, "ask_complexity"), "approach without complexity")
    if (evidence := challenge_evidence(view, time, u.text)) and not _challenged_twice(view):
        return _challenge(view, time, evidence)
    if _worse(time, view.question.complexity.time):
        claim = lines.say_complexity(time)
        return speak("approach", lines.pick(view, "do_better", claim=claim), f"stated {time}, can improve")
    return _go_code(view, f"approach at {time}: start coding")


def _challenge(view: SessionView, claim: str, evidence: str) -> TurnPlan:
    text = lines.pick(view, "challenge", claim=lines.say_complexity(claim), evidence=evidence)
    return speak("challenge", text, f"claimed {claim} against {evidence}", Move.CHALLENGE)


def _challenged_twice(view: SessionView) -> bool:
    """Two challenges in a row already: let the code speak for itself rather than argue."""
    last = [line.kind for line in interviewer_lines(view)[-2:]]
    return last == ["challenge", "challenge"]


def _go_code(view: SessionView, reason: str) -> TurnPlan:
    to = State.CODING if view.state == State.PROBLEM else None
    return speak(
        "coding_ack", lines.pick(view, "go_code"), reason, Move.MOVE_STATE if to else Move.ACKNOWLEDGE, to
    )


def _wrap_up_reply(view: SessionView, u: Utterance) -> TurnPlan:
    if u.kind == Kind.DONE or is_done(u.text):
        return speak("closing", reviewing.closing(view), "no more questions: close", Move.CLOSE, State.ENDED)
    if u.is_question:
        role = lines.ROLE_ANSWERS.get(view.company_mode, lines.ROLE_ANSWERS["General"])
        return speak("wrap_up", f"{role} {lines.pick(view, 'anything_else')}", "a question about the role")
    return speak("wrap_up", lines.pick(view, "anything_else"), "wrap-up: invite more questions")


def _worse(stated: str, expected: str) -> bool:
    got, want = complexity_rank(stated), complexity_rank(expected)
    return got is not None and want is not None and got > want


def _approach_stated(view: SessionView) -> bool:
    return any(
        classify(line.text, view.question, State.PROBLEM).kind in PLAN_KINDS for line in candidate_lines(view)
    )
