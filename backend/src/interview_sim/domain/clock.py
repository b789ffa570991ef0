"""The interviewer's sense of time: minutes left by the server clock, the minutes-left marks it
announces, and when a long silence while coding earns a check-in."""

from __future__ import annotations

from interview_sim.domain.model import SessionView
from interview_sim.domain.probing import silent_for_s
from interview_sim.domain.view import elapsed_s, hint_levels, interviewer_lines
from interview_sim.protocol import State

CHECK_IN_AFTER_S = 120.0


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


def due_check_in(view: SessionView, after_s: float = CHECK_IN_AFTER_S) -> bool:
    """Whether the candidate has been silent `after_s` while coding, with no check-in yet since."""
    silent = silent_for_s(view)
    return silent is not None and silent >= after_s


def minutes_left(view: SessionView) -> int:
    return max(0, round((view.time_budget_s - elapsed_s(view)) / 60))
