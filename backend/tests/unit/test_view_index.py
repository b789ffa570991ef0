"""`SessionView.of_type` through its per-type index (domain/model.py): the same events in log order
as a scan, one type or several, and a new list each call."""

from __future__ import annotations

from interview_sim.domain.model import LogEvent, SessionView
from interview_sim.protocol import State
from interview_sim.questions.bank import load_bank


def _view(events: list[LogEvent]) -> SessionView:
    question = load_bank()["two-sum"]
    return SessionView("s", question, "Google", "Easy", "python", State.CODING, tuple(events), 0, 0, 1800)


def test_of_type_matches_a_scan_in_log_order() -> None:
    types = ["CODE_SNAPSHOT", "TRANSCRIPT_FINAL", "RUN_RESULT", "CODE_SNAPSHOT", "STATE_CHANGE"] * 7
    events = [LogEvent(n + 1, t, n) for n, t in enumerate(types)]
    view = _view(events)
    for asked in (
        ("CODE_SNAPSHOT",),
        ("RUN_RESULT", "TRANSCRIPT_FINAL"),
        ("STATE_CHANGE", "NOPE"),
        ("NOPE",),
    ):
        assert view.of_type(*asked) == [e for e in events if e.type in asked]
    first = view.of_type("CODE_SNAPSHOT")
    first.clear()  # the caller's list: the view's index is not touched
    assert len(view.of_type("CODE_SNAPSHOT")) == 14
    assert _view([]).of_type("CODE_SNAPSHOT") == []
