"""Real-time coach nudges: rule-based, idempotent over the session log.

`evaluate` runs after every logged candidate event and on a periodic tick. It derives everything,
cooldowns included, from the log: a nudge counts as given once its COACH_NUDGE event is logged.
At most one nudge per call. A nudge's `id` is built from the log event that anchors it, so two
calls over the same log propose the same id, and an id already in the log is never proposed again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from interview_sim.domain.analytics import (
    complexity_mentions,
    count_fillers,
    mentions_edge_cases,
    rate,
    spoken,
    words,
)
from interview_sim.domain.model import SessionView
from interview_sim.domain.view import (
    candidate_lines,
    current_span,
    elapsed_s,
    failing_indices,
    first_code_change,
    nudges,
    runs,
)
from interview_sim.protocol import State

Severity = Literal["info", "warning", "critical"]


@dataclass(frozen=True)
class Nudge:
    id: str
    category: str
    severity: Severity
    text: str


@dataclass(frozen=True)
class CoachSettings:
    """Thresholds; times in seconds, paces as fractions of the time budget."""

    silence_s: float = 60
    category_cooldown_s: float = 90
    global_gap_s: float = 20
    review_grace_s: float = 30
    problem_pace: float = 0.3
    coding_pace: float = 0.8
    filler_per_100: float = 6.0
    filler_window_s: float = 180
    rate_wpm: float = 180
    rate_window_s: float = 120
    min_words: int = 40
    ai_tip_period_s: float = 240
    once_per_session: frozenset[str] = field(
        default_factory=lambda: frozenset({"plan_first", "run_first", "edge_cases", "complexity"})
    )


Rule = Callable[[SessionView, CoachSettings], Nudge | None]


def evaluate(view: SessionView, *, settings: CoachSettings = CoachSettings()) -> list[Nudge]:
    """The nudge to send now (zero or one), after de-duplication and cooldowns against the log."""
    if view.started_at_ms is None or view.state in (State.INTRO, State.ENDED):
        return []
    given = nudges(view)
    if given and view.now_ms - given[-1].ts_ms < settings.global_gap_s * 1000:
        return []
    for rule in RULES:
        nudge = rule(view, settings)
        if nudge is not None and _allowed(view, nudge, settings):
            return [nudge]
    return []


def ai_tip_due(view: SessionView, settings: CoachSettings = CoachSettings()) -> str | None:
    """The id of the model-written tip due now, or None. At most one per `ai_tip_period_s` (the id
    names the period, so two nodes never send the same one), only while the candidate works on the
    problem, and never within the global gap after another nudge."""
    if view.started_at_ms is None or view.state not in (State.PROBLEM, State.CODING, State.REVIEW):
        return None
    given = nudges(view)
    if given and view.now_ms - given[-1].ts_ms < settings.global_gap_s * 1000:
        return None
    period = int((view.now_ms - view.started_at_ms) / 1000 // settings.ai_tip_period_s)
    if period < 1:
        return None
    tip_id = f"ai_tip-{period}"
    return None if any(e.payload.get("id") == tip_id for e in given) else tip_id


def _allowed(view: SessionView, nudge: Nudge, settings: CoachSettings) -> bool:
    same = [e for e in nudges(view) if e.payload.get("category") == nudge.category]
    if any(e.payload.get("id") == nudge.id for e in nudges(view)):
        return False
    if same and nudge.category in settings.once_per_session:
        return False
    return not same or view.now_ms - same[-1].ts_ms >= settings.category_cooldown_s * 1000


def plan_first(view: SessionView, s: CoachSettings) -> Nudge | None:
    """Coding before any question or stated approach: the first real code came before any utterance."""
    first = first_code_change(view)
    if first is None or view.state not in (State.PROBLEM, State.CODING):
        return None
    if any(line.ts_ms <= first.ts_ms for line in candidate_lines(view)):
        return None
    text = "Before coding, ask a clarifying question and say your approach out loud."
    return Nudge(f"plan_first-{first.seq}", "plan_first", "warning", text)


def run_first(view: SessionView, s: CoachSettings) -> Nudge | None:
    """A submit with no sample run before it."""
    submits = runs(view, "submit")
    if not submits or any(e.seq < submits[0].seq for e in runs(view, "sample")):
        return None
    text = "Next time, run the sample tests before you submit: it catches the easy bugs."
    return Nudge(f"run_first-{submits[0].seq}", "run_first", "warning", text)


def same_failure(view: SessionView, s: CoachSettings) -> Nudge | None:
    """The last two runs were sample runs failing exactly the same tests."""
    recent = runs(view)[-2:]
    if len(recent) < 2 or any(e.payload.get("kind") != "sample" for e in recent):
        return None
    a, b = (failing_indices(e) for e in recent)
    if not a or a != b:
        return None
    text = "The same tests failed twice. Trace one failing example by hand before running again."
    return Nudge(f"same_failure-{recent[-1].seq}", "same_failure", "warning", text)


def pacing(view: SessionView, s: CoachSettings) -> Nudge | None:
    """Still in PROBLEM past `problem_pace` of the budget, or still CODING past `coding_pace`."""
    span, spent = current_span(view), elapsed_s(view) / max(1, view.time_budget_s)
    anchor = span.entered_seq if span and span.entered_seq is not None else 0
    if view.state == State.PROBLEM and spent > s.problem_pace:
        text = "You've spent a while on the problem. Settle on an approach and start coding soon."
        return Nudge(f"pacing-problem-{anchor}", "pacing", "warning", text)
    if view.state == State.CODING and spent > s.coding_pace:
        text = "Time is getting short: get a working version, test it, and submit."
        return Nudge(f"pacing-coding-{anchor}", "pacing", "critical", text)
    return None


def think_aloud(view: SessionView, s: CoachSettings) -> Nudge | None:
    """No candidate utterance for `silence_s` while CODING."""
    span = current_span(view)
    if view.state != State.CODING or span is None:
        return None
    said = [line for line in candidate_lines(view) if line.ts_ms >= span.start_ms]
    since, anchor = (said[-1].ts_ms, said[-1].seq) if said else (span.start_ms, span.entered_seq or 0)
    if view.now_ms - since < s.silence_s * 1000:
        return None
    text = "You've been quiet for a while. Think out loud so the interviewer can follow you."
    return Nudge(f"think_aloud-{anchor}", "think_aloud", "info", text)


def _review_due(view: SessionView, s: CoachSettings) -> int | None:
    """The seq that entered REVIEW once the grace period passed, else None."""
    span = current_span(view)
    if view.state not in (State.REVIEW, State.WRAP_UP) or span is None:
        return None
    if view.state == State.REVIEW and view.now_ms - span.start_ms < s.review_grace_s * 1000:
        return None
    return span.entered_seq or 0


def complexity(view: SessionView, s: CoachSettings) -> Nudge | None:
    """By REVIEW, the candidate never stated a time or space complexity."""
    anchor = _review_due(view, s)
    if anchor is None or any(complexity_mentions(line.text) for line in candidate_lines(view)):
        return None
    text = "State the time and space complexity of your solution, and why."
    return Nudge(f"complexity-{anchor}", "complexity", "info", text)


def edge_cases(view: SessionView, s: CoachSettings) -> Nudge | None:
    """By REVIEW, the candidate never mentioned an edge case (empty, duplicates, negatives...)."""
    anchor = _review_due(view, s)
    if anchor is None or any(mentions_edge_cases(line.text) for line in candidate_lines(view)):
        return None
    text = "Mention the edge cases you considered: empty input, duplicates, extremes."
    return Nudge(f"edge_cases-{anchor}", "edge_cases", "info", text)


def filler_words(view: SessionView, s: CoachSettings) -> Nudge | None:
    """More than `filler_per_100` fillers per 100 words over the last `filler_window_s`."""
    recent = [x for x in candidate_lines(view) if view.now_ms - x.ts_ms <= s.filler_window_s * 1000]
    n = sum(len(words(x.text)) for x in recent)
    fillers = sum(sum(count_fillers(x.text).values()) for x in recent)
    if n < s.min_words or fillers * 100 / n <= s.filler_per_100:
        return None
    text = "Lots of filler words lately. A short pause is fine: slow down and finish each thought."
    return Nudge(f"filler_words-{recent[-1].seq}", "filler_words", "info", text)


def speaking_rate(view: SessionView, s: CoachSettings) -> Nudge | None:
    """Speaking faster than `rate_wpm` over the last `rate_window_s` (at least `min_words`)."""
    recent = [x for x in spoken(view) if view.now_ms - x.line.ts_ms <= s.rate_window_s * 1000]
    wpm = rate(recent)
    if wpm is None or sum(x.words for x in recent) < s.min_words or wpm <= s.rate_wpm:
        return None
    text = "You're speaking quickly. Slow down a little so your reasoning lands."
    return Nudge(f"speaking_rate-{recent[-1].line.seq}", "speaking_rate", "info", text)


RULES: tuple[Rule, ...] = (
    plan_first,
    run_first,
    same_failure,
    pacing,
    think_aloud,
    complexity,
    edge_cases,
    filler_words,
    speaking_rate,
)
