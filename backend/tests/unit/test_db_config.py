from __future__ import annotations

from interview_sim.storage.db import keep_session, tortoise_config


def test_postgres_pool_skips_the_reset_query_and_keeps_its_size() -> None:
    conn = tortoise_config("postgres://postgres@127.0.0.1:5432/test")["connections"]["default"]
    assert conn["engine"] == "tortoise.backends.asyncpg"
    assert conn["credentials"]["reset"] is keep_session  # no RESET ALL round trip per query
    assert conn["credentials"]["maxsize"] == "20" and conn["credentials"]["database"] == "test"


def test_sqlite_stays_a_url() -> None:
    assert tortoise_config("sqlite://data/x.sqlite3")["connections"]["default"] == "sqlite://data/x.sqlite3"
