"""Room fan-out without a task per recipient. python-socketio's `AsyncManager.emit` encodes a room
emit once, then creates one asyncio task per recipient only to put the same packet in each socket's
send queue, and waits for them all; with a speaking interviewer that was several tasks per delta.
Here the same packet object goes to each recipient in turn: a websocket recipient writes its frame
(built once for all of them, `engine.ws_frame`) straight to its transport, a long-polling one queues
it. With a callback (never used here) python-socketio's own path runs."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import orjson
import socketio
from engineio import packet as eio_packet
from socketio import packet

log = logging.getLogger(__name__)


class DirectEmit(socketio.AsyncManager):  # type: ignore[misc]
    """Also keeps each client's rooms: python-socketio finds them by testing every room of the
    namespace (each client has a room of its own), so a disconnect cost time in the number of
    clients, and a node shedding or taking 1,500 connections at once (a restart) did it 1,500 times
    over. Every room change goes through `basic_enter_room` / `basic_leave_room`, which keep it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rooms_of: dict[tuple[str, str], dict[Any, None]] = {}  # (namespace, sid) -> rooms

    def basic_enter_room(self, sid: str, namespace: str, room: Any, eio_sid: Any = None) -> None:
        super().basic_enter_room(sid, namespace, room, eio_sid)
        self._rooms_of.setdefault((namespace, sid), {})[room] = None

    def basic_leave_room(self, sid: str, namespace: str, room: Any) -> None:
        super().basic_leave_room(sid, namespace, room)
        rooms = self._rooms_of.get((namespace, sid))
        if rooms is not None:
            rooms.pop(room, None)
            if not rooms:
                del self._rooms_of[(namespace, sid)]

    def get_rooms(self, sid: str, namespace: str) -> list[Any]:
        return [room for room in self._rooms_of.get((namespace, sid), ()) if room is not None]

    def basic_disconnect(self, sid: str, namespace: str, **kwargs: Any) -> None:
        """python-socketio's, with the client's rooms from the index instead of a scan of all."""
        if namespace not in self.rooms:
            return
        for room in list(self._rooms_of.get((namespace, sid), ())):
            self.basic_leave_room(sid, namespace, room)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            if sid in pending.get(namespace, ()):
                pending[namespace].remove(sid)
                if not pending[namespace]:
                    del pending[namespace]

    async def emit(
        self,
        event: str,
        data: Any,
        namespace: str,
        room: Any = None,
        skip_sid: Any = None,
        callback: Any = None,
        to: Any = None,
        **kwargs: Any,
    ) -> None:
        if callback is not None:
            await super().emit(event, data, namespace, room, skip_sid, callback, to, **kwargs)
            return None
        if namespace not in self.rooms:
            return None
        await self.deliver(namespace, to or room, skip_sid, self.encode(event, data, namespace))
        return None

    def encode(self, event: str, data: Any, namespace: str) -> list[str]:
        """The socket.io packet of an event, as the text parts Engine.IO carries."""
        args = list(data) if isinstance(data, tuple) else ([] if data is None else [data])
        encoded = self.server.packet_class(packet.EVENT, namespace=namespace, data=[event, *args]).encode()
        return encoded if isinstance(encoded, list) else [encoded]

    async def deliver(self, namespace: str, room: Any, skip_sid: Any, parts: list[str]) -> None:
        """Hand the encoded packet to this node's sockets in `room` (one Engine.IO packet object per
        part, so its frame is built once for all of them)."""
        skip = skip_sid if isinstance(skip_sid, list) else [skip_sid]
        frames = [eio_packet.Packet(eio_packet.MESSAGE, p) for p in parts]
        eio = self.server.eio
        put = getattr(eio, "put_packet", None)  # BoundedEngineServer's await-free path
        for sid, eio_sid in self.get_participants(namespace, room):
            if sid not in skip:
                for frame in frames:
                    if put is None or not put(eio_sid, frame):
                        await eio.send_packet(eio_sid, frame)  # what python-socketio's own path calls


#: Room emits published already encoded, a loop turn's together in one message:
#: MARK host_id NL JSON [[namespace, room, skip_sid, packet text], ...]
FRAMES_MARK = b"isim-frames\n"
MAX_FRAMES_PER_MESSAGE = 256

_Frame = tuple[str, str, Any, str]  # namespace, room, skip_sid, the packet's text


class DirectEmitRedisManager(socketio.AsyncRedisManager, DirectEmit):  # type: ignore[misc]
    """The Redis manager, with room emits published as the encoded socket.io packet, a loop turn's
    emits as one message.

    python-socketio publishes each envelope as JSON, and every node decodes it, builds the packet and
    encodes it again, for every room's every message, its own included (then skipped by host id).
    Here the publishing node encodes once; the others hand the packet's text to their sockets in the
    room without decoding it. And since every node hears every message on the channel, what a node
    emits in one loop turn goes out as one message (up to `MAX_FRAMES_PER_MESSAGE` emits): with three
    nodes, each parsing ~3,000 messages a second through redis-py's pub/sub was a large share of
    its CPU (issue 10). Everything else (emits with a callback, disconnects, rooms of remote sids)
    keeps python-socketio's messages on the same channel, in order with the emits around them."""

    _outbox: list[bytes | str | _Frame]
    _sender: asyncio.Task[None] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._outbox = []

    async def emit(
        self,
        event: str,
        data: Any,
        namespace: str | None = None,
        room: Any = None,
        skip_sid: Any = None,
        callback: Any = None,
        to: Any = None,
        **kwargs: Any,
    ) -> None:
        room = to or room
        namespace = namespace or "/"
        if kwargs.get("ignore_queue") or callback is not None or not isinstance(room, str):
            await super().emit(event, data, namespace, room, skip_sid, callback, **kwargs)
            return None
        parts = self.encode(event, data, namespace)
        if len(parts) != 1:  # binary attachments: python-socketio's own path
            await super().emit(event, data, namespace, room, skip_sid, callback, **kwargs)
            return None
        if namespace in self.rooms:
            await self.deliver(namespace, room, skip_sid, parts)
        self._queue((namespace, room, skip_sid, parts[0]))
        return None

    async def _listen(self) -> Any:
        async for message in super()._listen():
            if isinstance(message, bytes) and message.startswith(FRAMES_MARK):
                await self._deliver_published(message)
            else:
                yield message

    async def _deliver_published(self, message: bytes) -> None:
        """Another node's emits: to this node's sockets in each room. A malformed message, or item,
        is logged and skipped: it must not stop the listener."""
        try:
            host, body = message[len(FRAMES_MARK) :].split(b"\n", 1)
            if host.decode() == self.host_id:
                return  # delivered here when they were emitted
            frames = orjson.loads(body)
        except Exception:
            log.exception("could not read a published batch of room emits")
            return
        for frame in frames:
            try:
                namespace, room, skip_sid, text = frame
                if namespace in self.rooms and room in self.rooms[namespace]:
                    await self.deliver(namespace, room, skip_sid, [text])
            except Exception:
                log.exception("could not deliver a published room emit")

    async def _publish(self, data: Any) -> None:
        self._queue(self.json.dumps(data))

    def _queue(self, item: bytes | str | _Frame) -> None:
        """Queue for the channel: what is queued in one loop turn goes to Redis in one pipeline (one
        write, one round trip), in order, one pipeline at a time."""
        self._outbox.append(item)
        if self._sender is None:
            self._sender = asyncio.get_running_loop().create_task(self._send_outbox())

    async def _send_outbox(self) -> None:
        try:
            while self._outbox:
                batch, self._outbox = self._outbox, []
                await self._publish_batch(self._messages(batch))
        finally:
            self._sender = None

    def _messages(self, batch: list[bytes | str | _Frame]) -> list[bytes | str]:
        """The channel's messages for a batch: each run of room emits as one message, python-
        socketio's own messages between them as they are."""
        messages: list[bytes | str] = []
        run: list[_Frame] = []
        host = self.host_id.encode()

        def close_run() -> None:
            if run:
                messages.append(b"".join((FRAMES_MARK, host, b"\n", orjson.dumps(run))))
                run.clear()

        for item in batch:
            if isinstance(item, tuple):
                run.append(item)
                if len(run) >= MAX_FRAMES_PER_MESSAGE:
                    close_run()
            else:
                close_run()
                messages.append(item)
        close_run()
        return messages

    async def _publish_batch(self, batch: list[bytes | str]) -> None:
        """python-socketio's `_publish` (two attempts, reconnecting), for a batch."""
        for retries_left in (1, 0):
            try:
                if not getattr(self, "connected", False):  # untyped in python-socketio
                    self._redis_connect()
                pipe = self.redis.pipeline(transaction=False)
                for body in batch:
                    pipe.publish(self.channel, body)
                await pipe.execute()
                return
            except Exception as exc:
                if retries_left:
                    log.error("cannot publish to redis (%s): retrying", exc)
                    self.connected = False
                else:
                    log.error("cannot publish %d messages to redis (%s): giving up", len(batch), exc)
