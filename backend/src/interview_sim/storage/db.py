"""Tortoise set-up: config, start-up migrations (serialised across nodes) and shutdown."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.connection import get_connection
from tortoise.migrations.executor import MigrationExecutor

log = logging.getLogger(__name__)

APP_LABEL = "models"
# Any constant: every node takes this PostgreSQL advisory lock while it migrates.
_MIGRATION_LOCK_KEY = 0x1A7E5111


def is_postgres(db_url: str) -> bool:
    return db_url.startswith(("postgres://", "postgresql://", "asyncpg://"))


def with_pool_size(db_url: str, maxsize: int = 20) -> str:
    """asyncpg's pool holds 5 connections unless told otherwise: too few for a busy node."""
    if not is_postgres(db_url) or "maxsize=" in db_url:
        return db_url
    return f"{db_url}{'&' if '?' in db_url else '?'}maxsize={maxsize}"


async def keep_session(connection: Any) -> None:
    """asyncpg's pool runs `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL` on
    every release by default: a second round trip for each query Tortoise runs (it acquires a pool
    connection per query). Nothing here sets session state, listens, keeps a cursor open or takes an
    advisory lock on a pooled connection (the migration lock has its own connection), so this reset
    does nothing. asyncpg still rolls back a transaction left open before the connection goes back."""


def _connection(db_url: str) -> str | dict[str, Any]:
    url = with_pool_size(db_url)
    if not is_postgres(db_url):
        return url
    config = expand_db_url(url)
    config["credentials"]["reset"] = keep_session
    return config


def tortoise_config(db_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": _connection(db_url)},
        "apps": {
            APP_LABEL: {
                "models": ["interview_sim.storage.models"],
                "default_connection": "default",
                "migrations": "interview_sim.storage.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# The CLI (`tortoise -c interview_sim.storage.db.TORTOISE_ORM makemigrations`) reads this one.
TORTOISE_ORM = tortoise_config("sqlite://data/dev-migrations.sqlite3")


async def init_db(db_url: str) -> None:
    """Open the connections and apply pending migrations."""
    config = tortoise_config(db_url)
    await Tortoise.init(config=config, _enable_global_fallback=True)
    conn = get_connection("default")
    # The lock lives on a connection of its own: a session lock taken through the pool stays on
    # whichever pooled connection ran it, and the migrations run on others (nodes starting
    # together raced to create the tables). Closing that connection releases the lock.
    lock = await _lock_connection(db_url) if is_postgres(db_url) else None
    try:
        await MigrationExecutor(conn, config["apps"]).migrate(None)
    finally:
        if lock is not None:
            await lock.close()


async def _lock_connection(db_url: str) -> Any:
    import asyncpg

    parts = urlsplit(db_url)
    lock = await asyncpg.connect(urlunsplit(parts._replace(scheme="postgresql", query="")))
    await lock.execute("SELECT pg_advisory_lock($1)", _MIGRATION_LOCK_KEY)
    return lock


async def close_db() -> None:
    await Tortoise.close_connections()
