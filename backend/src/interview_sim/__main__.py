"""`python -m interview_sim`: serve the app (migrating and seeding at start-up)."""

from __future__ import annotations

import asyncio

from aiohttp import web

from interview_sim.app import RUNTIME, create_app
from interview_sim.heap import HeapPolicy
from interview_sim.logs import configure_logging
from interview_sim.settings import Settings
from interview_sim.transport.access_log import SafeAccessLogger


def main() -> None:
    settings = Settings()
    configure_logging(settings.log_level, settings.log_format, settings.node)
    try:
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    except ImportError:
        pass
    where = f"http://{settings.host}:{settings.port}"
    print(f"interview-sim on {where} (node {settings.node}, interviewer: {settings.llm_mode})")
    app = create_app(settings)
    heap = HeapPolicy(settings.gc_full_every_s, app[RUNTIME].metrics.gc_full.observe)
    app.on_startup.append(lambda _app: _start(heap))  # after the database and the question bank
    app.on_cleanup.append(lambda _app: heap.stop())
    web.run_app(
        app,
        host=settings.host,
        port=settings.port,
        print=None,
        shutdown_timeout=5,
        access_log_class=SafeAccessLogger,  # never a token, query string or Referer in the log
    )


async def _start(heap: HeapPolicy) -> None:
    heap.start()


if __name__ == "__main__":
    main()
