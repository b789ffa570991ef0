"""Socket.IO on path /ws: connect/auth, rooms, and one thin handler per envelope type.

Every client message is validated (envelope, type, role, payload, size, rate); a bad one gets an
`ERROR` envelope (to the sender only) and a failed ack, and the connection stays up."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

import orjson
import socketio
from pydantic import BaseModel, ValidationError

from interview_sim.metrics import Metrics
from interview_sim.protocol import (
    CANDIDATE_ONLY,
    CLIENT_PAYLOADS,
    MAX_ENVELOPE_BYTES,
    OBSERVER_ONLY,
    Envelope,
    ErrorCode,
    EventType,
    Role,
)
from interview_sim.services.errors import ServiceError
from interview_sim.services.realtime import Conn, RealtimeService
from interview_sim.services.sessions import SessionService
from interview_sim.transport.limits import SocketLimits
from interview_sim.transport.sockets import InterviewSocketServer, TokenBucket, room

log = logging.getLogger(__name__)

#: A liveness probe, not an envelope: answered by its ack alone (never logged, relayed or
#: rate-limited), so a page can tell a frozen server from a quiet one while the socket looks open.
PING = "PING"


def _error(code: str, message: str, ref_type: str | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, **({"ref_type": ref_type} if ref_type else {})}


def _is_too_large(exc: ValidationError) -> bool:
    return any(e["type"] in ("string_too_long", "too_long") for e in exc.errors())


Handler = Callable[[Conn, Any, str | None], Awaitable[dict[str, Any]]]


class RealtimeGateway:
    def __init__(
        self,
        sio: socketio.AsyncServer,
        service: RealtimeService,
        sessions: SessionService,
        rate: float,
        burst: int,
        limits: SocketLimits,
    ) -> None:
        self.sio, self.service, self.sessions = sio, service, sessions
        self.rate, self.burst, self.limits = rate, burst, limits
        self.conns: dict[str, Conn] = {}
        self.metrics: Metrics | None = None
        self.buckets: dict[str, TokenBucket] = {}
        self.order: dict[str, asyncio.Lock] = {}
        self.handlers: dict[str, Handler] = {
            EventType.TRANSCRIPT_PARTIAL: service.transcript_partial,
            EventType.TRANSCRIPT_FINAL: service.transcript_final,
            EventType.STATE_CHANGE: service.state_change,
            EventType.CODE_SNAPSHOT: service.code_snapshot,
            EventType.RUN_RESULT: service.run_result,
            EventType.OBSERVER_NOTE: service.observer_note,
        }
        if isinstance(sio, InterviewSocketServer):
            sio.on_malformed = self.on_malformed
        sio.on("connect", self.on_connect)
        sio.on("disconnect", self.on_disconnect)
        sio.on("*", self.on_any)

    async def on_connect(self, sid: str, environ: dict[str, Any], auth: Any = None) -> None:
        session_id, token = self._credentials(environ, auth)
        try:
            session_id, state, role = await self.sessions.admit(session_id, token)
        except ServiceError as exc:
            raise socketio.exceptions.ConnectionRefusedError(
                exc.message, _error(exc.code, exc.message)
            ) from None
        if state == "ENDED":
            msg = "the interview has ended"
            raise socketio.exceptions.ConnectionRefusedError(msg, _error("session_ended", msg))
        if not self.limits.admit(session_id, role):
            msg = f"too many {role.value} connections to this session: close another tab first"
            raise socketio.exceptions.ConnectionRefusedError(msg, _error("too_many_connections", msg))
        conn = Conn(sid=sid, session_id=session_id, role=role)
        self.conns[sid] = conn
        self.buckets[sid] = TokenBucket(self.rate, self.burst)
        self.order[sid] = asyncio.Lock()
        await self.sio.enter_room(sid, room(conn.session_id))
        await self.sio.enter_room(
            sid, room(conn.session_id, "candidates" if role == Role.CANDIDATE else "observers")
        )
        self.service.connected(conn)
        if self.metrics is not None:
            self.metrics.connections.labels(role.value).inc()
        log.info("connected", extra={"session_id": conn.session_id, "role": role.value})

    @staticmethod
    def _credentials(environ: dict[str, Any], auth: Any) -> tuple[str, str | None]:
        if isinstance(auth, dict) and auth.get("session_id"):
            return str(auth["session_id"]), (str(auth["token"]) if auth.get("token") else None)
        query = parse_qs(environ.get("QUERY_STRING", ""))
        return query.get("session_id", [""])[0], query.get("token", [None])[0]

    async def on_disconnect(self, sid: str, reason: Any = None) -> None:
        conn = self.conns.pop(sid, None)
        self.buckets.pop(sid, None)
        self.order.pop(sid, None)
        if conn is not None:
            self.limits.release(conn.session_id, conn.role)
            self.service.disconnected(conn)
            if self.metrics is not None:
                self.metrics.connections.labels(conn.role.value).dec()
            log.info("disconnected", extra={"session_id": conn.session_id, "role": conn.role.value})

    async def on_malformed(self, sid: str) -> None:
        if (conn := self.conns.get(sid)) is not None:
            await self._reply_error(conn, ErrorCode.INVALID_ENVELOPE, "malformed message: not valid JSON", "")

    async def on_any(self, event: str, sid: str, data: Any = None) -> dict[str, Any]:
        conn, order = self.conns.get(sid), self.order.get(sid)
        if conn is None or order is None:
            return self._fail(ErrorCode.FORBIDDEN, "not connected to a session")
        if event == PING:
            return {"ok": True}
        if self.metrics is not None:
            self.metrics.count_in(event)
        try:
            # One message of a connection at a time, in arrival order (python-socketio runs each in
            # a task of its own): the code snapshot sent right before a submit is logged before it.
            async with order:
                return await self._dispatch(conn, event, data)
        except ServiceError as exc:
            return await self._reply_error(conn, exc.code, exc.message, event)
        except Exception:
            log.exception("handler for %s failed", event)
            return await self._reply_error(
                conn, ErrorCode.INTERNAL, "the server failed on this message", event
            )

    async def _dispatch(self, conn: Conn, event: str, data: Any) -> dict[str, Any]:
        if not self.buckets[conn.sid].take():
            return await self._reply_error(
                conn, ErrorCode.RATE_LIMITED, "too many messages: slow down", event
            )
        if not self.limits.take(conn.session_id):
            return await self._reply_error(
                conn, ErrorCode.RATE_LIMITED, "too many messages in this session: slow down", event
            )
        if not isinstance(data, dict):
            return await self._reply_error(
                conn, ErrorCode.INVALID_ENVELOPE, "expected a JSON object envelope", event
            )
        if len(orjson.dumps(data)) > MAX_ENVELOPE_BYTES:
            return await self._reply_error(conn, ErrorCode.TOO_LARGE, "message too large", event)
        try:
            env = Envelope.model_validate(data)
        except ValidationError as exc:
            return await self._reply_error(conn, ErrorCode.INVALID_ENVELOPE, _brief(exc), event)
        return await self._route(conn, event, env)

    async def _route(self, conn: Conn, event: str, env: Envelope) -> dict[str, Any]:
        if env.type != event:
            return await self._reply_error(
                conn, ErrorCode.INVALID_ENVELOPE, "event name and type differ", event
            )
        model = CLIENT_PAYLOADS.get(env.type)
        if model is None:
            return await self._reply_error(conn, ErrorCode.UNKNOWN_TYPE, f"unknown type {env.type!r}", event)
        if env.id is not None and env.id.startswith("srv:"):
            return await self._reply_error(
                conn, ErrorCode.INVALID_ENVELOPE, "message ids beginning with srv: are the server's", event
            )
        if env.session_id not in (None, conn.session_id):
            return await self._reply_error(conn, ErrorCode.FORBIDDEN, "envelope for another session", event)
        if (env.type in CANDIDATE_ONLY and conn.role != Role.CANDIDATE) or (
            env.type in OBSERVER_ONLY and conn.role != Role.OBSERVER
        ):
            return await self._reply_error(
                conn, ErrorCode.FORBIDDEN, f"{conn.role.value}s cannot send {env.type}", event
            )
        try:
            body: BaseModel = model.model_validate(env.payload)
        except ValidationError as exc:
            code = ErrorCode.TOO_LARGE if _is_too_large(exc) else ErrorCode.INVALID_ENVELOPE
            return await self._reply_error(conn, code, _brief(exc), event)
        if env.type == EventType.CLIENT_READY:
            return await self.service.client_ready(conn, body)  # type: ignore[arg-type]
        return await self.handlers[env.type](conn, body, env.id)

    async def _reply_error(self, conn: Conn, code: str, message: str, ref_type: str) -> dict[str, Any]:
        payload = _error(code, message, ref_type[:64])
        envelope = {
            "type": EventType.ERROR.value,
            "ts_ms": int(time.time() * 1000),
            "session_id": conn.session_id,
            "payload": payload,
        }
        await self.sio.emit(EventType.ERROR.value, envelope, to=conn.sid, ignore_queue=True)
        return {"ok": False, "error": payload}

    @staticmethod
    def _fail(code: str, message: str) -> dict[str, Any]:
        return {"ok": False, "error": _error(code, message)}


def _brief(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "envelope"
    return f"{where}: {first['msg']}"[:300]
