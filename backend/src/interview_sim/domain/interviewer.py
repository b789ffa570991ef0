"""The turn policy: what the interviewer does next, as a plan the offline voice reads and the LLM follows.

`plan_turn` is deterministic and question-aware. Its `scripted_text` is the offline interviewer's
whole reply (plain spoken text); `messages` is the same turn as an LLM prompt. The plan never
contains the reference solution, the approach note or hidden tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from interview_sim.domain import prompts
from interview_sim.domain.analytics import complexity_rank, stated_complexities
from interview_sim.domain.model import SessionView
from interview_sim.domain.prompts import PromptMessage, build_messages
from interview_sim.domain.view import candidate_lines, elapsed_s, hint_levels, interviewer_lines, runs
from interview_sim.protocol import EventType, State


class TriggerKind(StrEnum):
    START = "START"
    UTTERANCE = "UTTERANCE"
    SUBMIT_RESULT = "SUBMIT_RESULT"
    ENTER_REVIEW = "ENTER_REVIEW"
    ENTER_WRAP_UP = "ENTER_WRAP_UP"
    TIME_CHECK = "TIME_CHECK"


@dataclass(frozen=True)
class Trigger:
    """Why a turn is considered: `text`/`seq` are the candidate's utterance for UTTERANCE."""

    kind: TriggerKind
    text: str | None = None
    seq: int | None = None


@dataclass(frozen=True)
class TurnPlan:
    """One interviewer turn. `respond=False`: stay quiet. `next_state`: the server moves there after."""

    respond: bool
    kind: str
    scripted_text: str
    messages: list[PromptMessage]
    next_state: State | None
    hint_level: int | None
    reason: str


class Intent(StrEnum):
    HINT = "hint"
    READY = "ready"
    DONE = "done"
    COMPLEXITY = "complexity"
    APPROACH = "approach"
    QUESTION = "question"
    OTHER = "other"


MAX_HINTS = 3
_HINT = re.compile(
    r"\b(hint|stuck|no idea|help me|need (some )?help|can you help|could you help|any help|"
    r"not sure (how|where) to (start|begin|proceed)|don't know (how|where) to (start|begin))\b"
)
_READY = re.compile(
    r"\b((start|begin) (coding|writing|implementing)|code it up|write the code|implement it)\b"
)
_DONE = re.compile(
    r"^\W*(no|nope|nothing|that's all|that is all|i'm good|i am good|all good|thanks?|thank you)\b"
)
_NO_MORE = re.compile(r"\b(no (more )?questions|nothing else|that's (all|it)|that is all)\b")
_APPROACH = re.compile(
    r"\b(approach|idea|i would|i'd|i will|i'll|we can|we could|i can|use an?|hash|map|dictionary|set|sort|"
    r"two pointers?|sliding window|stack|queue|heap|binary search|recursion|recursive|dynamic programming|"
    r"dp|memo\w*|iterate|loop|scan|traverse|brute force|greedy|bfs|dfs|prefix)\b"
)
_QUESTION_START = re.compile(
    r"^\W*(can|could|does|do|is|are|was|were|what|how|why|when|where|which|who|should|will|would|may|"
    r"am i|is it|are there)\b"
)
_ADDRESSED = re.compile(r"\?|\b(hint|stuck|question|can i|should i|is it ok|is it okay|am i allowed)\b")
_BACKCHANNEL = frozenset(
    "ok okay yeah yes yep right sure mm hmm mhm uh-huh got it cool great alright thanks thank you".split()
)
_STOP = re.compile(r"\b(wait|stop|hold on|sorry|excuse me|one sec|one second|hang on)\b")


def classify(text: str) -> Intent:
    """What a candidate utterance is, by keyword/regex heuristics, first match wins:

    hint request ("hint", "stuck", "help me", "no idea") > ready to code ("start coding") >
    a complexity statement (O(...), "linear time") > a question (a "?" or a question word first) >
    an approach ("I would", "use a", "hash", "sort", "two pointers"...) > no more questions ("no",
    "that's all", "thank you", with no "?") > other.
    """
    low = text.lower().strip()
    if _HINT.search(low):
        return Intent.HINT
    if _READY.search(low):
        return Intent.READY
    if any(stated_complexities(low)):
        return Intent.COMPLEXITY
    if low.endswith("?") or _QUESTION_START.search(low):
        return Intent.QUESTION
    if _APPROACH.search(low):
        return Intent.APPROACH
    return Intent.DONE if is_done(low) else Intent.OTHER


def is_done(text: str) -> bool:
    """Whether the candidate has nothing more to ask: "no", "that's all", "thank you", "no more questions"."""
    low = text.lower()
    return "?" not in low and bool(_DONE.search(low) or _NO_MORE.search(low))


def is_addressed(text: str) -> bool:
    """In CODING the interviewer answers only a question, a hint request or a "can I / should I"."""
    return bool(_ADDRESSED.search(text.lower()))


def should_interrupt(text: str) -> bool:
    """Whether candidate speech should cut the interviewer's current turn short.

    Yes for "wait"/"stop"/"sorry"/"hold on", a question, or three or more words that are not just
    backchannel ("ok", "yeah", "got it"); no for short acknowledgements.
    """
    low = text.lower().strip()
    if not low:
        return False
    if _STOP.search(low) or "?" in low:
        return True
    tokens = re.findall(r"[a-z'-]+", low)
    if all(t in _BACKCHANNEL for t in tokens):
        return False
    return len(tokens) >= 3


def hints_used(view: SessionView) -> int:
    """How many ladder hints the interviewer gave (STREAM_END events with a hint_level)."""
    return len(hint_levels(view))


def time_check_marks(budget_s: int) -> list[int]:
    """Minutes-left marks announced in a session: at 50% and 80% of the budget, and 5 minutes left."""
    minutes = budget_s / 60
    marks = {round(minutes * 0.5), round(minutes * 0.2), 5}
    return sorted((m for m in marks if 0 < m < minutes), reverse=True)


def _mark_at(view: SessionView, elapsed: float) -> int | None:
    passed = [m for m in time_check_marks(view.time_budget_s) if elapsed >= view.time_budget_s - m * 60]
    return passed[-1] if passed else None


def due_time_check(view: SessionView) -> int | None:
    """The minutes-left mark due now and not yet announced by a "time_check" turn, else None."""
    if view.started_at_ms is None or view.state in (State.INTRO, State.WRAP_UP, State.ENDED):
        return None
    elapsed = elapsed_s(view)
    if elapsed >= view.time_budget_s:
        return None
    due = _mark_at(view, elapsed)
    announced = {
        _mark_at(view, (line.ts_ms - view.started_at_ms) / 1000)
        for line in interviewer_lines(view)
        if line.kind == "time_check"
    }
    return due if due is not None and due not in announced else None


# ---------------------------------------------------------------- planning


def plan_turn(view: SessionView, trigger: Trigger) -> TurnPlan:
    """The interviewer's next turn for `trigger`, with the LLM prompt for the same goal."""
    plan = _plan(view, trigger)
    if not plan.respond:
        return plan
    return replace(plan, messages=build_messages(view, trigger, plan))


def _say(
    kind: str, text: str, reason: str, next_state: State | None = None, hint: int | None = None
) -> TurnPlan:
    return TurnPlan(True, kind, text, [], next_state, hint, reason)


def _quiet(reason: str) -> TurnPlan:
    return TurnPlan(False, "none", "", [], None, None, reason)


def _plan(view: SessionView, trigger: Trigger) -> TurnPlan:
    if view.state == State.ENDED:
        return _quiet("the interview has ended")
    if trigger.kind == TriggerKind.START:
        return _say("greeting", prompts.greeting(view), "start: greet and present the problem", State.PROBLEM)
    if trigger.kind == TriggerKind.ENTER_REVIEW:
        return _say("review", prompts.REVIEW_OPEN, "submitted: ask for a walkthrough and complexity")
    if trigger.kind == TriggerKind.ENTER_WRAP_UP:
        return _say("wrap_up", prompts.wrap_up(view), "wrap-up: close positively, invite questions")
    if trigger.kind == TriggerKind.SUBMIT_RESULT:
        return _submit_result(view)
    if trigger.kind == TriggerKind.TIME_CHECK:
        return _time_check(view)
    return _utterance(view, trigger.text or "")


def _submit_result(view: SessionView) -> TurnPlan:
    submits = runs(view, "submit")
    if not submits:
        return _quiet("no submit result logged")
    p = submits[-1].payload
    passed, total = int(p.get("passed", 0)), int(p.get("total", 0))
    text = prompts.submit_discussion(passed, total, bool(p.get("timed_out")))
    return _say("submit_discussion", text, f"hidden tests {passed}/{total}")


def _time_check(view: SessionView) -> TurnPlan:
    mark = due_time_check(view)
    if mark is None:
        return _quiet("no time check due")
    return _say("time_check", prompts.time_check(mark, view.state), f"{mark} minutes left")


def _utterance(view: SessionView, text: str) -> TurnPlan:
    intent = classify(text)
    if view.state == State.CODING:
        if not is_addressed(text):
            return _quiet("coding: thinking aloud, not addressed")
        return _hint(view) if intent == Intent.HINT else _answer(view, text, coding=True)
    if view.state == State.WRAP_UP:
        return _wrap_up_reply(view, text, intent)
    if intent == Intent.HINT:
        return _hint(view)
    if view.state == State.REVIEW:
        return _review_reply(view, text, intent)
    return _problem_reply(view, text, intent)


def _hint(view: SessionView) -> TurnPlan:
    used = hints_used(view)
    ladder = view.question.hints[:MAX_HINTS]
    if used >= len(ladder):
        return _say("hint", prompts.NO_MORE_HINTS, "hint ladder exhausted: encourage")
    return _say("hint", ladder[used], f"hint {used + 1} of {len(ladder)}", hint=used + 1)


def _answer(view: SessionView, text: str, *, coding: bool = False) -> TurnPlan:
    fact = prompts.best_fact(view.question, text)
    if fact is not None:
        return _say("clarify", fact, "answered from the question's clarifying facts")
    if coding:
        return _say("direct_answer", prompts.ASSUME_CODING, "coding: no fact matches, ask for an assumption")
    return _say("clarify", prompts.ASSUME, "no fact matches: ask for an assumption")


def _problem_reply(view: SessionView, text: str, intent: Intent) -> TurnPlan:
    to_coding = State.CODING if view.state == State.PROBLEM else None
    if intent == Intent.READY:
        if _approach_stated(view):
            return _say("coding_ack", prompts.GO_CODE, "ready to code after an approach", to_coding)
        return _say("approach", prompts.APPROACH_FIRST, "wants to code before stating an approach")
    if intent == Intent.QUESTION:
        return _answer(view, text)
    if intent not in (Intent.APPROACH, Intent.COMPLEXITY):
        return _say("redirect", prompts.REDIRECT_PROBLEM, "no question or approach: ask for one")
    time, _space = stated_complexities(text)
    if time is None:
        return _say("complexity", prompts.ASK_COMPLEXITY, "approach without complexity")
    if _worse(time, view.question.complexity.time):
        return _say("approach", prompts.do_better(time), f"stated {time}, expected better")
    return _say("coding_ack", prompts.GO_CODE, f"approach at {time}: start coding", to_coding)


def _review_reply(view: SessionView, text: str, intent: Intent) -> TurnPlan:
    if intent == Intent.QUESTION:
        return _answer(view, text)
    if intent == Intent.COMPLEXITY:
        time, _space = stated_complexities(text)
        if time is not None and _worse(time, view.question.complexity.time):
            return _say("complexity", prompts.review_push_back(time), f"review: stated {time}, can improve")
        return _follow_up(view, prompts.AGREE)
    if not _complexity_stated_since_review(view):
        return _say("complexity", prompts.ASK_COMPLEXITY, "review: complexity not stated yet")
    return _follow_up(view, "")


def _follow_up(view: SessionView, prefix: str) -> TurnPlan:
    asked = {line.text for line in interviewer_lines(view)}
    for follow_up in view.question.follow_ups:
        if not any(follow_up in said for said in asked):
            return _say("follow_up", f"{prefix}{follow_up}".strip(), "review: next follow-up")
    return _say("wrap_up", f"{prefix}{prompts.wrap_up(view)}".strip(), "follow-ups done", State.WRAP_UP)


def _wrap_up_reply(view: SessionView, text: str, intent: Intent) -> TurnPlan:
    if is_done(text):
        return _say("closing", prompts.closing(view), "no more questions: close", State.ENDED)
    if intent == Intent.QUESTION:
        return _say("wrap_up", prompts.company_answer(view), "answered a question about the role")
    return _say("wrap_up", prompts.ANYTHING_ELSE, "wrap-up: invite more questions")


def _worse(stated: str, expected: str) -> bool:
    got, want = complexity_rank(stated), complexity_rank(expected)
    return got is not None and want is not None and got > want


def _approach_stated(view: SessionView) -> bool:
    return any(classify(line.text) in (Intent.APPROACH, Intent.COMPLEXITY) for line in candidate_lines(view))


def _complexity_stated_since_review(view: SessionView) -> bool:
    moves = view.of_type(EventType.STATE_CHANGE)
    review_at = max((e.ts_ms for e in moves if e.payload.get("to") == State.REVIEW), default=0)
    return any(
        any(stated_complexities(line.text)) for line in candidate_lines(view) if line.ts_ms >= review_at
    )
