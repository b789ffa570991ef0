"""Tortoise set-up: config, start-up migrations (serialised across nodes) and shutdown."""

from __future__ import annotations

import logging
from typing import Any

from tortoise import Tortoise
from tortoise.connection import get_connection
from tortoise.migrations.executor import MigrationExecutor

log = logging.getLogger(__name__)

APP_LABEL = "models"
# Any constant: every node takes this PostgreSQL advisory lock while it migrates.
_MIGRATION_LOCK_KEY = 0x1A7E5111


def tortoise_config(db_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": db_url},
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


def is_postgres(db_url: str) -> bool:
    return db_url.startswith(("postgres://", "postgresql://", "asyncpg://"))


async def init_db(db_url: str) -> None:
    """Open the connections and apply pending migrations."""
    config = tortoise_config(db_url)
    await Tortoise.init(config=config, _enable_global_fallback=True)
    conn = get_connection("default")
    if is_postgres(db_url):
        await conn.execute_query("SELECT pg_advisory_lock($1)", [_MIGRATION_LOCK_KEY])
    try:
        await MigrationExecutor(conn, config["apps"]).migrate(None)
    finally:
        if is_postgres(db_url):
            await conn.execute_query("SELECT pg_advisory_unlock($1)", [_MIGRATION_LOCK_KEY])


async def close_db() -> None:
    await Tortoise.close_connections()
