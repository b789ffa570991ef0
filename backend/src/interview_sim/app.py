"""`create_app(settings)`: the one composition root. Database, Redis, the LLM client and the socket
manager open and close in cleanup contexts; services are wired here and nowhere else."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import socketio
from aiohttp import web
from engineio.payload import Payload
from prometheus_client import CONTENT_TYPE_LATEST
from redis.asyncio import BlockingConnectionPool, Redis
from tortoise.connection import get_connection

from interview_sim.judge import JudgeRequest, JudgeResult, build_judge
from interview_sim.llm import LLMTimeouts, ScriptedProvider, build_provider
from interview_sim.llm.limited import ConcurrencyLimitedProvider
from interview_sim.metrics import Metrics
from interview_sim.protocol import MAX_ENVELOPE_BYTES, Role
from interview_sim.services.coaching import CoachService
from interview_sim.services.envelopes import Recorder
from interview_sim.services.expiry import IdleSweeper
from interview_sim.services.interviewer import InterviewerService
from interview_sim.services.judging import JudgingService
from interview_sim.services.model_budget import ModelBudget
from interview_sim.services.ports import Judge, LogBudget, SystemClock, TurnLock
from interview_sim.services.realtime import RealtimeService
from interview_sim.services.sessions import SessionService
from interview_sim.services.suites import BankSuites
from interview_sim.services.ticker import Ticker
from interview_sim.services.views import ViewCache
from interview_sim.settings import Settings
from interview_sim.storage.db import close_db, init_db, is_postgres
from interview_sim.storage.event_log import TortoiseEventLog
from interview_sim.storage.judge_details import JudgeDetailStore
from interview_sim.storage.locks import MemoryTurnLock, RedisTurnLock
from interview_sim.storage.questions import QuestionStore, seed_questions
from interview_sim.storage.sessions import SessionStore
from interview_sim.storage.view_reads import SqlSessionReads
from interview_sim.transport.fanout import DirectEmit, DirectEmitRedisManager
from interview_sim.transport.http import errors_middleware, routes
from interview_sim.transport.keys import CREATIONS, HEALTH, QUESTIONS, SESSIONS, SETTINGS
from interview_sim.transport.limits import CreationLimiter, SocketLimits
from interview_sim.transport.origins import ORIGIN_POLICY, OriginPolicy, origin_routes
from interview_sim.transport.realtime import RealtimeGateway
from interview_sim.transport.sockets import InterviewSocketServer, OrjsonCodec, SocketPublisher, StrictPacket
from interview_sim.transport.static import frontend_routes, headers_middleware

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """What the lifecycle contexts open; tests reach the services through it."""

    sio: socketio.AsyncServer
    redis: Redis | None = None
    http: httpx.AsyncClient | None = None
    interviewer: InterviewerService | None = None
    sessions: SessionService | None = None
    realtime: RealtimeService | None = None
    judging: JudgingService | None = None
    ticker: Ticker | None = None
    sweeper: IdleSweeper | None = None
    views: ViewCache | None = None
    llm: ConcurrencyLimitedProvider | None = None
    judge: Judge | None = None  # None: the confined local judge (`judge/`) built from the settings
    metrics: Metrics = field(default_factory=Metrics)


RUNTIME = web.AppKey("runtime", Runtime)


# A long-polling client sends everything it has queued in one POST (a reconnecting client resends
# its outbox); python-engineio refuses a payload of more than 16 packets and every message in it is
# lost ("Too many packets in payload"). The body stays capped by max_http_buffer_size.
Payload.max_decode_packets = 1024


def _socket_server(settings: Settings, origins: OriginPolicy) -> socketio.AsyncServer:
    manager: socketio.AsyncManager = DirectEmit()
    if settings.redis_url:
        # A logger object, never True: the 5.18 listener calls logger.debug() on every message.
        manager = DirectEmitRedisManager(settings.redis_url, logger=logging.getLogger("interview_sim.fanout"))
    sio = InterviewSocketServer(
        async_mode="aiohttp",
        serializer=StrictPacket,
        client_manager=manager,
        json=OrjsonCodec,
        # Same-origin (behind a proxy too), PUBLIC_ORIGIN and CORS_ORIGINS: transport/origins.py.
        cors_allowed_origins=origins.engineio_check,
        # Near the largest valid envelope: a bigger packet closes the transport before it is decoded.
        max_http_buffer_size=max(settings.socket_max_message_bytes, MAX_ENVELOPE_BYTES + 4096),
        send_queue_max_bytes=settings.send_queue_max_bytes,
        deflate=settings.websocket_deflate,
        logger=False,
        engineio_logger=False,
        # Each message is handled where it is read, in order, instead of in a task of its own (one
        # task per message in): the gateway handled one connection's messages in order anyway, and a
        # client that sends faster than it is served now waits in TCP rather than in server memory.
        # Long work (interviewer turns, the judge) runs in tasks the services spawn.
        async_handlers=False,
    )
    sio.connect_timeout_s = settings.socket_connect_timeout_s
    return sio


def create_app(settings: Settings | None = None, *, judge: Judge | None = None) -> web.Application:
    """The app; `judge` replaces the confined local judge (tests pass a fake)."""
    settings = settings or Settings()
    app = web.Application(
        middlewares=[headers_middleware(settings.frontend_dist), errors_middleware], client_max_size=1024**2
    )
    origins = OriginPolicy.from_settings(settings)
    sio = _socket_server(settings, origins)
    sio.attach(app, socketio_path="ws")
    app[SETTINGS] = settings
    app[RUNTIME] = Runtime(sio=sio, judge=judge)
    app[QUESTIONS] = QuestionStore()
    app[CREATIONS] = CreationLimiter(settings.sessions_per_address_per_hour)
    app[ORIGIN_POLICY] = origins
    app.cleanup_ctx.extend([_database, _redis, _services, _socket_manager])
    app.on_shutdown.append(_close_sockets)
    app.add_routes(routes)
    app.add_routes(origin_routes)
    app.router.add_get("/metrics", _metrics)
    app.add_routes(frontend_routes(settings.frontend_dist))
    return app


async def _database(app: web.Application) -> AsyncIterator[None]:
    url = app[SETTINGS].db_url
    await init_db(url)
    count = await seed_questions()
    await app[QUESTIONS].load()
    log.info("database ready (%s), %d questions", "PostgreSQL" if is_postgres(url) else "SQLite", count)
    yield
    await close_db()


async def _redis(app: web.Application) -> AsyncIterator[None]:
    url = app[SETTINGS].redis_url
    if url:
        # A bounded pool that makes callers wait for a connection: the default pool opens one per
        # concurrent command, and 300 interviews starting at once opened ~300 connections (a
        # handshake of several round trips each) to take their turn locks, 300 ms at the median.
        pool = BlockingConnectionPool.from_url(url, max_connections=app[SETTINGS].redis_connections)
        app[RUNTIME].redis = Redis.from_pool(pool)
    yield
    if (redis := app[RUNTIME].redis) is not None:
        await redis.aclose()


async def _services(app: web.Application) -> AsyncIterator[None]:
    settings, rt = app[SETTINGS], app[RUNTIME]
    rt.http = httpx.AsyncClient()
    timeouts = LLMTimeouts(
        connect=settings.llm_connect_timeout_s,
        first_token=settings.llm_first_token_timeout_s,
        idle=settings.llm_idle_timeout_s,
    )
    llm = build_provider(
        api_key=settings.llm_api_key,
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        client=rt.http,
        timeouts=timeouts,
        word_delay_s=settings.interviewer_word_delay_ms / 1000,
        group_s=settings.interviewer_flush_ms / 1000,
    )
    scripted = (
        llm
        if isinstance(llm, ScriptedProvider)
        else ScriptedProvider(
            word_delay_s=settings.interviewer_word_delay_ms / 1000,
            group_s=settings.interviewer_flush_ms / 1000,
        )
    )
    if not isinstance(llm, ScriptedProvider):  # a global cap on concurrent model calls
        llm = rt.llm = ConcurrencyLimitedProvider(llm, settings.llm_max_concurrent)
    model_budget = ModelBudget(settings.llm_calls_per_session)
    clock = SystemClock()
    log_store = TortoiseEventLog(
        is_postgres(settings.db_url),
        batch=settings.log_batch,
        batch_rows=settings.log_batch_rows,
        batch_wait_s=settings.log_batch_wait_ms / 1000,
        batch_lanes=settings.log_batch_lanes,
    )
    publisher = SocketPublisher(rt.sio)
    publisher.metrics = rt.metrics
    recorder = Recorder(log_store, publisher, clock)
    recorder.on_append = rt.metrics.log_append.observe
    views = rt.views = ViewCache(
        log_store,
        app[QUESTIONS],
        clock,
        max_bytes=settings.view_cache_max_bytes,
        reads=SqlSessionReads(is_postgres(settings.db_url), batch=settings.read_batch),
    )
    lock: TurnLock = RedisTurnLock(rt.redis) if rt.redis is not None else MemoryTurnLock()
    store = SessionStore()
    sessions = SessionService(store, app[QUESTIONS], views, recorder, llm)
    interviewer = InterviewerService(
        recorder,
        views,
        lock,
        llm,
        scripted,
        silence_tolerance_s=settings.silence_tolerance_ms / 1000,
        check_in_s=settings.interviewer_check_in_s,
    )
    interviewer.ender = sessions.end
    interviewer.flush_interval_s = settings.interviewer_flush_ms / 1000
    interviewer.flush_on_clause = settings.interviewer_flush_on_clause
    interviewer.on_first_delta = rt.metrics.first_delta.observe
    interviewer.on_model_failure = lambda reason: rt.metrics.model_failures.labels(reason).inc()
    sessions.on_end.append(interviewer.stop)
    coach = CoachService(recorder, views, llm)
    interviewer.budget = coach.budget = model_budget
    sessions.on_end.append(model_budget.forget)
    judging = _judging(settings, rt, recorder, views, interviewer, coach)
    sessions.before_end.append(judging.settle)
    sessions.judge_details = judging.failures
    realtime = RealtimeService(
        recorder,
        views,
        sessions,
        interviewer,
        coach,
        judging,
        budget=LogBudget(settings.session_budget_bytes, settings.session_budget_events),
        replay_interval_s=settings.replay_interval_s,
        replay_page=settings.replay_page_events,
    )
    gateway = RealtimeGateway(
        rt.sio,
        realtime,
        sessions,
        settings.rate_limit_per_s,
        settings.rate_limit_burst,
        _socket_limits(settings),
    )
    gateway.metrics = rt.metrics
    rt.interviewer, rt.sessions, rt.realtime, rt.judging = interviewer, sessions, realtime, judging
    rt.ticker = Ticker(realtime, views, interviewer, coach, settings.coach_tick_s)
    rt.ticker.start()
    rt.sweeper = IdleSweeper(
        store,
        sessions.end,
        views,
        clock,
        idle_s=settings.session_idle_timeout_s,
        period_s=settings.idle_sweep_s,
    )
    rt.sweeper.start()
    app[SESSIONS] = sessions
    app[HEALTH] = lambda: _health(rt)
    yield
    await rt.sweeper.stop()
    await rt.ticker.stop()
    await judging.tasks.close()
    await interviewer.tasks.close()
    await coach.tasks.close()
    await llm.aclose()
    await rt.http.aclose()


def _socket_limits(settings: Settings) -> SocketLimits:
    caps = {Role.CANDIDATE: settings.max_candidate_sockets, Role.OBSERVER: settings.max_observer_sockets}
    return SocketLimits(caps, settings.session_rate_per_s, settings.session_rate_burst)


def _judging(
    settings: Settings,
    rt: Runtime,
    recorder: Recorder,
    views: ViewCache,
    interviewer: InterviewerService,
    coach: CoachService,
) -> JudgingService:
    judge: Judge = MeteredJudge(rt.judge or _local_judge(settings), rt.metrics)
    judging = JudgingService(recorder, views, judge, BankSuites(judge), JudgeDetailStore())
    judging.on_verdict.append(interviewer.on_submit_result)
    judging.on_verdict.append(lambda session_id, _seq: _evaluate(coach, session_id))
    return judging


async def _evaluate(coach: CoachService, session_id: str) -> None:
    await coach.evaluate(session_id)


def _local_judge(settings: Settings) -> Judge:
    judge: Judge = build_judge(settings)
    return judge


async def _close_sockets(app: web.Application) -> None:
    """Close every socket before aiohttp waits for open requests: a long-polling GET would
    otherwise hold a stopping node for up to the ping interval. (engineio's shutdown() only stops
    its service task.) Clients reconnect to another node and replay what they missed."""
    sio = app[RUNTIME].sio
    for socket in list(sio.eio.sockets.values()):
        await socket.close(wait=False)
    await sio.shutdown()


async def _socket_manager(app: web.Application) -> AsyncIterator[None]:
    yield
    sio = app[RUNTIME].sio
    task = getattr(sio.manager, "thread", None)
    if isinstance(task, asyncio.Task):  # the Redis listener: shutdown() leaves it running
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


async def _health(rt: Runtime) -> tuple[str, str]:
    db = redis = "disabled"
    try:
        async with asyncio.timeout(2):
            await get_connection("default").execute_query("SELECT 1")
        db = "ok"
    except Exception as exc:
        db = f"error: {type(exc).__name__}"
    if rt.redis is not None:
        try:
            async with asyncio.timeout(2):
                await rt.redis.ping()
            redis = "ok"
        except Exception as exc:
            redis = f"error: {type(exc).__name__}"
    return db, redis


class MeteredJudge:
    """The `Judge` port, timed; the local judge's queue depth is read at each scrape."""

    def __init__(self, judge: Judge, metrics: Metrics) -> None:
        self.judge, self.metrics = judge, metrics
        metrics.judge_waiting.set_function(lambda: float(getattr(judge, "waiting", 0)))

    async def run(self, request: JudgeRequest) -> JudgeResult:
        with self.metrics.judge_run.time():
            return await self.judge.run(request)


async def _metrics(request: web.Request) -> web.Response:
    """Prometheus text format; the database and Redis are probed at each scrape."""
    metrics = request.app[RUNTIME].metrics
    db, redis = await request.app[HEALTH]()
    metrics.up.labels("database").set(1 if db == "ok" else 0)
    if redis != "disabled":
        metrics.up.labels("redis").set(1 if redis == "ok" else 0)
    return web.Response(body=metrics.render(), headers={"Content-Type": CONTENT_TYPE_LATEST})
