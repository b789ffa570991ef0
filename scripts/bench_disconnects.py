"""A node shedding its connections at once (a restart, a cohort leaving): the room bookkeeping of N
clients in N/5 sessions, each disconnect timed, python-socketio's manager against ours
(transport/fanout.py keeps each client's rooms instead of testing every room of the namespace).

    .venv/bin/python scripts/bench_disconnects.py
"""

from __future__ import annotations

import time
from typing import Any

import socketio

from interview_sim.transport.fanout import DirectEmit


def fill(manager: Any, clients: int) -> list[str]:
    sids = [f"sid-{n}" for n in range(clients)]
    for n, sid in enumerate(sids):
        manager.basic_enter_room(sid, "/", None, eio_sid=f"eio-{n}")
        manager.basic_enter_room(sid, "/", sid, eio_sid=f"eio-{n}")
        manager.basic_enter_room(sid, "/", f"session-{n // 5}")
        manager.basic_enter_room(sid, "/", f"session-{n // 5}:{'candidates' if n % 5 == 0 else 'observers'}")
    return sids


def main() -> None:
    print("| clients | python-socketio: all disconnects | ours |")
    print("| ---: | ---: | ---: |")
    for clients in (500, 1500, 5000):
        row = []
        for manager in (socketio.AsyncManager(), DirectEmit()):
            sids = fill(manager, clients)
            started = time.perf_counter()
            for sid in sids:
                manager.basic_disconnect(sid, "/")
            row.append(f"{(time.perf_counter() - started) * 1000:,.1f} ms")
        print(f"| {clients:,} | {row[0]} | {row[1]} |")


if __name__ == "__main__":
    main()
