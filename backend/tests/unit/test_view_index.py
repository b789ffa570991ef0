"""`SessionView.of_type` through its per-type index (domain/model.py): the same events in log order
as a scan, one type or several, and a new list each call; and the index the node's view cache keeps
as events arrive (services/views.py) equal to one built from the log, superseded code included."""

from __future__ import annotations

from interview_sim.domain.model import LogEvent, SessionView
from interview_sim.domain.view import candidate_lines, interviewer_lines
from interview_sim.protocol import State
from interview_sim.questions.bank import load_bank
from interview_sim.services.views import _Cached


def _view(events: list[LogEvent], by_type: dict[str, tuple[LogEvent, ...]] | None = None) -> SessionView:
    question = load_bank()["two-sum"]
    return SessionView(
        "s", question, "Google", "Easy", "python", State.CODING, tuple(events), 0, 0, 1800, by_type=by_type
    )


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


def test_the_cache_keeps_the_index_as_events_arrive() -> None:
    cached = _Cached(starter="pass")
    kinds = ["CODE_SNAPSHOT", "TRANSCRIPT_FINAL", "CODE_SNAPSHOT", "CODE_SNAPSHOT", "RUN_RESULT"] * 5
    for n, kind in enumerate(kinds):
        payload = {"code": f"x = {n}", "language": "python"} if kind == "CODE_SNAPSHOT" else {}
        cached.add(LogEvent(n + 1, kind, n, payload))
    events, by_type = cached.snapshot()
    view = _view(list(events), by_type=by_type)
    superseded = [e for e in events if e.payload.get("superseded")]
    assert len(superseded) == 13  # all but the first change and the latest lost their code
    for kind in ("CODE_SNAPSHOT", "TRANSCRIPT_FINAL", "RUN_RESULT", "STATE_CHANGE"):
        scanned = [e for e in events if e.type == kind]
        assert view.of_type(kind) == _view(list(events)).of_type(kind) == scanned
    cached.add(LogEvent(len(kinds) + 1, "CODE_SNAPSHOT", 99, {"code": "y", "language": "python"}))
    assert view.of_type("CODE_SNAPSHOT") == [e for e in events if e.type == "CODE_SNAPSHOT"]  # its own copy
    assert view.of_type("CODE_SNAPSHOT")[-1].payload["code"] == "x = 23"


def test_lines_are_built_once_per_view_and_handed_out_as_new_lists() -> None:
    end = {"message_id": "m", "text": "Hello.", "kind": "greeting", "provider": "offline", "hint_level": None}
    events = [
        LogEvent(1, "INTERVIEWER_STREAM_END", 1, end),
        LogEvent(2, "TRANSCRIPT_FINAL", 2, {"text": "Hi", "source": "typed"}),
        LogEvent(3, "TRANSCRIPT_FINAL", 3, {"text": "Can it be empty?", "source": "speech"}),
    ]
    view = _view(events)
    said = candidate_lines(view)
    assert [(x.seq, x.source) for x in said] == [(2, "typed"), (3, "speech")]
    assert said[1].text == "Can it be empty?"
    said.clear()  # the caller's copy
    assert len(candidate_lines(view)) == 2 and candidate_lines(view) is not candidate_lines(view)
    assert [(x.seq, x.kind, x.speaker) for x in interviewer_lines(view)] == [(1, "greeting", "interviewer")]
    built: list[int] = []
    assert view.derived("n", lambda v: built.append(1) or len(v.events)) == 3
    assert view.derived("n", lambda v: built.append(1) or 0) == 3 and built == [1]
    assert _view(events[:1]).derived("n", lambda v: len(v.events)) == 1  # per view
