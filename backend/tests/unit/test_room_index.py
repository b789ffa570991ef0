"""Each client's rooms kept by the manager (transport/fanout.py `DirectEmit`): after any sequence of
connects, joins, leaves, room closes and disconnects, the rooms are exactly python-socketio's own,
and a disconnect leaves no trace of the client."""

from __future__ import annotations

import random
from typing import Any

import socketio

from interview_sim.transport.fanout import DirectEmit

NS = "/"


def _connect(manager: Any, sid: str) -> None:
    manager.basic_enter_room(sid, NS, None, eio_sid=f"eio-{sid}")  # as pre_connect does
    manager.basic_enter_room(sid, NS, sid, eio_sid=f"eio-{sid}")


def _same(ours: DirectEmit, theirs: Any, sids: list[str]) -> None:
    assert {
        ns: {room: dict(members) for room, members in rooms.items()} for ns, rooms in ours.rooms.items()
    } == {ns: {room: dict(members) for room, members in rooms.items()} for ns, rooms in theirs.rooms.items()}
    for sid in sids:
        assert sorted(map(str, ours.get_rooms(sid, NS))) == sorted(map(str, theirs.get_rooms(sid, NS)))


def test_rooms_match_python_socketio_through_any_sequence() -> None:
    rng = random.Random(7)
    ours, theirs = DirectEmit(), socketio.AsyncManager()
    connected: list[str] = []
    rooms = [f"session-{n}" for n in range(6)] + [f"session-{n}:observers" for n in range(3)]
    for step in range(2000):
        op = rng.random()
        if op < 0.25 or not connected:
            sid = f"s{step}"
            for manager in (ours, theirs):
                _connect(manager, sid)
            connected.append(sid)
        elif op < 0.6:
            sid, room = rng.choice(connected), rng.choice(rooms)
            for manager in (ours, theirs):
                manager.basic_enter_room(sid, NS, room)
        elif op < 0.75:
            sid, room = rng.choice(connected), rng.choice(rooms)
            for manager in (ours, theirs):
                manager.basic_leave_room(sid, NS, room)
        elif op < 0.78:
            room = rng.choice(rooms)
            for manager in (ours, theirs):
                manager.basic_close_room(room, NS)
        else:
            sid = connected.pop(rng.randrange(len(connected)))
            for manager in (ours, theirs):
                manager.callbacks[sid] = {}
                manager.basic_disconnect(sid, NS)
            assert sid not in ours.callbacks and (NS, sid) not in ours._rooms_of
        if step % 50 == 0:
            _same(ours, theirs, connected)
    _same(ours, theirs, connected)
    for sid in list(connected):
        ours.basic_disconnect(sid, NS)
    assert ours.rooms == {} and ours._rooms_of == {}
