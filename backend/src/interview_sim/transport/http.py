"""REST routes: parse, call a service, map errors to `{"error": {"code", "message"}}`."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from aiohttp import web
from pydantic import BaseModel, ValidationError

from interview_sim.domain.states import TIME_BUDGET_S
from interview_sim.protocol import (
    CompanyMode,
    Difficulty,
    Health,
    Language,
    Meta,
    ObserverJoin,
    Role,
    SessionCreate,
    SessionEnded,
    State,
)
from interview_sim.questions.bank import to_public
from interview_sim.services.errors import Forbidden, Invalid, NotFound, ServiceError
from interview_sim.transport.keys import CREATIONS, HEALTH, QUESTIONS, SESSIONS, SETTINGS
from interview_sim.transport.limits import client_address

log = logging.getLogger(__name__)
routes = web.RouteTableDef()


def json_response(data: Any, status: int = 200) -> web.Response:
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json", by_alias=True)
    return web.Response(body=orjson.dumps(data), status=status, content_type="application/json")


def error_response(status: int, code: str, message: str) -> web.Response:
    return json_response({"error": {"code": code, "message": message}}, status)


@web.middleware
async def errors_middleware(
    request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    try:
        return await handler(request)
    except ServiceError as exc:
        return error_response(exc.status, exc.code, exc.message)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        return error_response(400, "invalid_request", f"{where}: {first['msg']}")
    except web.HTTPRequestEntityTooLarge:
        return error_response(413, "too_large", "request body too large")
    except web.HTTPException as exc:
        if exc.status >= 400 and request.path.startswith(API_PREFIXES):
            return error_response(exc.status, exc.reason.lower().replace(" ", "_"), exc.reason)
        raise
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal", "internal server error")


API_PREFIXES = ("/sessions", "/questions", "/meta", "/health", "/metrics", "/ws")


async def read_body(request: web.Request, model: type[BaseModel]) -> Any:
    raw = await request.read()
    try:
        data = orjson.loads(raw or b"{}")
    except orjson.JSONDecodeError:
        raise Invalid("the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise Invalid("the body must be a JSON object")
    return model.model_validate(data)


def _enum_query(request: web.Request, name: str, enum: type[Any], default: Any = None) -> Any:
    value = request.query.get(name)
    if value is None or value == "":
        return default
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise Invalid(f"{name} must be one of: {allowed}") from None


def _bearer(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() or None if header.lower().startswith("bearer ") else None


async def _authorized(request: web.Request) -> tuple[Any, Role]:
    return await request.app[SESSIONS].authorize(request.match_info["session_id"], _bearer(request))


@routes.get("/health")
async def health(request: web.Request) -> web.Response:
    db, redis = await request.app[HEALTH]()
    ok = db == "ok" and redis in ("ok", "disabled")
    body = Health(status="ok" if ok else "degraded", node=request.app[SETTINGS].node, db=db, redis=redis)
    return json_response(body, 200 if ok else 503)


@routes.get("/meta")
async def meta(request: web.Request) -> web.Response:
    settings = request.app[SETTINGS]
    return json_response(
        Meta(
            company_modes=list(CompanyMode),
            difficulties=list(Difficulty),
            languages=list(Language),
            llm_mode=settings.llm_mode,
            time_budgets_s=TIME_BUDGET_S,
            node=settings.node,
        )
    )


@routes.get("/questions")
async def list_questions(request: web.Request) -> web.Response:
    mode = _enum_query(request, "company_mode", CompanyMode)
    difficulty = _enum_query(request, "difficulty", Difficulty)
    questions = await request.app[QUESTIONS].list(mode and mode.value, difficulty and difficulty.value)
    return json_response([to_public(q).model_dump(mode="json") for q in questions])


@routes.get("/questions/pick")
async def pick_question(request: web.Request) -> web.Response:
    mode = _enum_query(request, "company_mode", CompanyMode, CompanyMode.GENERAL)
    difficulty = _enum_query(request, "difficulty", Difficulty, Difficulty.MEDIUM)
    question = await request.app[QUESTIONS].pick(mode.value, difficulty.value)
    if question is None:
        raise NotFound("no question for that company mode and difficulty")
    return json_response(to_public(question))


@routes.post("/sessions")
async def create_session(request: web.Request) -> web.Response:
    address = client_address(
        request.remote, request.headers.get("X-Forwarded-For"), request.app[SETTINGS].trusted_proxies
    )
    if (wait_s := request.app[CREATIONS].retry_after(address)) is not None:
        response = error_response(
            429, "rate_limited", f"too many new sessions from this address: retry in {wait_s} s"
        )
        response.headers["Retry-After"] = str(wait_s)
        return response
    body = await read_body(request, SessionCreate)
    return json_response(await request.app[SESSIONS].create(body), 201)


@routes.post("/sessions/{session_id}/observers")
async def join_as_observer(request: web.Request) -> web.Response:
    body = await read_body(request, ObserverJoin)
    joined = await request.app[SESSIONS].join_observer(request.match_info["session_id"], body.invite)
    return json_response(joined, 201)


@routes.get("/sessions/{session_id}")
async def get_session(request: web.Request) -> web.Response:
    row, role = await _authorized(request)
    return json_response(await request.app[SESSIONS].public(row, role))


@routes.post("/sessions/{session_id}/end")
async def end_session(request: web.Request) -> web.Response:
    row, role = await _authorized(request)
    if role != Role.CANDIDATE:
        raise Forbidden("only the candidate can end the interview")
    report = await request.app[SESSIONS].end(str(row.id))
    return json_response(SessionEnded(session_id=str(row.id), state=State.ENDED, report=report))


@routes.get("/sessions/{session_id}/report")
async def get_report(request: web.Request) -> web.Response:
    row, _ = await _authorized(request)
    return json_response(await request.app[SESSIONS].report(str(row.id)))


@routes.get("/sessions/{session_id}/events")
async def get_events(request: web.Request) -> web.Response:
    row, role = await _authorized(request)
    try:
        after_seq = int(request.query.get("after_seq", "0"))
        limit = int(request.query.get("limit", "500"))
    except ValueError:
        raise Invalid("after_seq and limit must be integers") from None
    return json_response(await request.app[SESSIONS].events(str(row.id), role, after_seq, limit))
