"""What a node publishes to Redis in one loop turn (transport/fanout.py): each run of room emits as
one message, python-socketio's own messages between them as they were, in order, and no message over
`MAX_FRAMES_PER_MESSAGE` emits; the receiving side reads the runs back."""

from __future__ import annotations

import orjson

from interview_sim.transport.fanout import FRAMES_MARK, MAX_FRAMES_PER_MESSAGE, DirectEmitRedisManager


def _manager() -> DirectEmitRedisManager:
    manager = DirectEmitRedisManager("redis://127.0.0.1:1/0")  # never connects here
    manager.host_id = "node-a"
    return manager


def _frames(message: bytes | str) -> list[list[object]]:
    assert isinstance(message, bytes) and message.startswith(FRAMES_MARK)
    host, body = message[len(FRAMES_MARK) :].split(b"\n", 1)
    assert host == b"node-a"
    frames: list[list[object]] = orjson.loads(body)
    return frames


def test_runs_of_emits_become_one_message_each_in_order() -> None:
    own = b'{"method": "disconnect"}'
    batch = [("/", "r1", None, '2["A"]'), own, ("/", "r1", "sid", '2["B"]'), ("/", "r2", None, '2["C"]')]
    messages = _manager()._messages(batch)  # type: ignore[arg-type]
    assert len(messages) == 3 and messages[1] == own
    assert _frames(messages[0]) == [["/", "r1", None, '2["A"]']]
    assert _frames(messages[2]) == [["/", "r1", "sid", '2["B"]'], ["/", "r2", None, '2["C"]']]


def test_a_long_run_is_split() -> None:
    count = MAX_FRAMES_PER_MESSAGE * 2 + 3
    batch = [("/", "room", None, f'2["E",{n}]') for n in range(count)]
    messages = _manager()._messages(batch)  # type: ignore[arg-type]
    sizes = [len(_frames(m)) for m in messages]
    assert sizes == [MAX_FRAMES_PER_MESSAGE, MAX_FRAMES_PER_MESSAGE, 3]
    texts = [f[3] for m in messages for f in _frames(m)]
    assert texts == [f'2["E",{n}]' for n in range(count)]
    assert _manager()._messages([]) == []
