"""A turn cut off by a dying node (START logged, END never) is closed, interrupted, before the next
turn starts, so no page shows the interviewer streaming forever."""

from __future__ import annotations

from aiohttp.test_utils import TestServer
from tests.conftest import OpenClient, runtime
from tests.integration.test_interviewer_service import _started, interviewer, log_of

from interview_sim.protocol import EventType
from interview_sim.services.interviewer import CUT_OFF


async def test_dangling_start_is_closed_before_the_next_turn(
    server: TestServer, open_client: OpenClient
) -> None:
    session_id, cand = await _started(server, open_client)
    recorder = runtime(server).interviewer.recorder  # type: ignore[union-attr]
    start = {"message_id": "lost-turn", "kind": "clarify"}
    await recorder.record(
        session_id, EventType.INTERVIEWER_STREAM_START, start, client_id="srv:lost-turn:start"
    )

    await cand.say("Can the values repeat?")
    await cand.wait_for(
        "INTERVIEWER_STREAM_END",
        lambda e: e["payload"]["kind"] == "clarify" and e["payload"]["message_id"] != "lost-turn",
    )
    await interviewer(server).tasks.idle()

    turns = [
        (e.type, e.payload["message_id"])
        for e in await log_of(server, session_id)
        if e.type in (EventType.INTERVIEWER_STREAM_START, EventType.INTERVIEWER_STREAM_END)
    ]
    closed = turns.index((EventType.INTERVIEWER_STREAM_END, "lost-turn"))
    next_start = next(
        i
        for i, t in enumerate(turns)
        if t[0] == EventType.INTERVIEWER_STREAM_START and i > 1 and t[1] != "lost-turn"
    )
    assert closed < next_start
    end = next(e for e in cand.of_type("INTERVIEWER_STREAM_END") if e["payload"]["message_id"] == "lost-turn")
    assert end["payload"]["interrupted"] is True and end["payload"]["text"] == CUT_OFF
    opened = [m for t, m in turns if t == EventType.INTERVIEWER_STREAM_START]
    assert all((EventType.INTERVIEWER_STREAM_END, m) in turns for m in opened)
