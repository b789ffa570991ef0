"""What one interview costs a node as it grows longer: a tick (the coach's nudges, the time checks,
the model tip's schedule) and an offline interviewer turn, each on a fresh view of a log like a real
one after 1, 15 and 45 minutes (2 code snapshots a second, an exchange every 20 s, a sample run a
minute). A node ticks each of its running interviews every COACH_TICK_S (5 s).

    .venv/bin/python scripts/bench_long_interview.py
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Callable

from interview_sim.domain import coach
from interview_sim.domain.interviewer import (
    Trigger,
    TriggerKind,
    due_check_in,
    due_time_check,
    plan_turn,
)
from interview_sim.domain.model import LogEvent, Question, SessionView
from interview_sim.protocol import State
from interview_sim.questions.bank import load_bank
from interview_sim.services.views import _Cached, _squash

START_MS = 1_000_000


def interview_log(minutes: int) -> list[LogEvent]:
    events: list[LogEvent] = []

    def add(type_: str, payload: dict[str, object], ts_ms: int) -> None:
        events.append(LogEvent(len(events) + 1, type_, ts_ms, payload))

    add("STATE_CHANGE", {"from": "INTRO", "to": "PROBLEM"}, START_MS)
    add("STATE_CHANGE", {"from": "PROBLEM", "to": "CODING"}, START_MS + 60_000)
    for n in range(minutes * 60 * 2):
        ts = START_MS + 60_000 + n * 500
        code = "def two_sum(nums, target):\n" + "    seen = {}\n" * (n % 40)
        add("CODE_SNAPSHOT", {"code": code, "language": "python"}, ts)
        if n % 40 == 0:
            add("TRANSCRIPT_FINAL", {"text": "I will keep a map from value to index", "source": "speech"}, ts)
            mid = uuid.uuid4().hex
            add("INTERVIEWER_STREAM_START", {"message_id": mid, "kind": "clarify"}, ts)
            end = {"message_id": mid, "text": "Sounds good.", "interrupted": False, "kind": "clarify"}
            add("INTERVIEWER_STREAM_END", end, ts)
        if n % 120 == 0:
            add("RUN_RESULT", {"kind": "sample", "passed": 1, "total": 3, "results": []}, ts)
    return events


def median_ms(fn: Callable[[], object], repeat: int = 40) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def fresh_view(question: Question, cached: _Cached, now_ms: int) -> SessionView:
    """A new view each time, as the node builds one per tick and per turn (`ViewCache._build`)."""
    events, by_type = cached.snapshot()
    return SessionView(
        "s", question, "Google", "Medium", "python", State.CODING, events, now_ms, START_MS, 2700,
        by_type=by_type,
    )  # fmt: skip


def tick(question: Question, cached: _Cached, now_ms: int) -> None:
    view = fresh_view(question, cached, now_ms)
    coach.evaluate(view)
    due_time_check(view)
    due_check_in(view, 120)
    coach.ai_tip_due(view)


def turn(question: Question, cached: _Cached, now_ms: int) -> None:
    trigger = Trigger(TriggerKind.UTTERANCE, text="Can I get a hint?", seq=cached.last_seq)
    plan_turn(fresh_view(question, cached, now_ms), trigger, prompt=False)


def main() -> None:
    question: Question = load_bank()["two-sum"]
    print("| minutes | events kept | tick ms (median) | offline turn ms (median) |")
    print("| ---: | ---: | ---: | ---: |")
    for minutes in (1, 15, 45):
        cached = _Cached(_squash(str(question.starter_code["python"])))
        for event in interview_log(minutes):
            cached.add(event)  # as the node's cache keeps it: superseded code dropped
        args = (question, cached, START_MS + (minutes + 1) * 60_000)
        ticked, turned = median_ms(lambda: tick(*args)), median_ms(lambda: turn(*args))  # noqa: B023
        print(f"| {minutes} | {len(cached.events):,} | {ticked:.2f} | {turned:.2f} |")


if __name__ == "__main__":
    main()
