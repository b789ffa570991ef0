"""Session rows: creation with hashed tokens, look-up by token, the end mark, the report."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.connection import get_connection
from tortoise.expressions import Q

from interview_sim.protocol import Role
from interview_sim.storage.event_log import SqlDialect, session_key
from interview_sim.storage.models import ObserverKey, SessionRow


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """256 bits of randomness, URL-safe."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class NewSession:
    row: SessionRow
    candidate_token: str
    observer_invite: str


@dataclass(frozen=True)
class SessionAccess:
    session_id: str
    state: str
    role: Role | None


class SessionStore:
    async def create(
        self,
        *,
        question_id: str,
        company_mode: str,
        difficulty: str,
        language: str,
        candidate_name: str | None,
    ) -> NewSession:
        cand, obs = new_token(), new_token()
        row = await SessionRow.create(
            question_id=question_id,
            company_mode=company_mode,
            difficulty=difficulty,
            language=language,
            candidate_name=candidate_name,
            candidate_token_hash=hash_token(cand),
            observer_token_hash=hash_token(obs),
            last_client_ms=int(datetime.now(UTC).timestamp() * 1000),
        )
        return NewSession(row, cand, obs)

    async def add_observer(self, row: SessionRow, max_observers: int) -> str | None:
        """A new observer token for this session, or None when it has `max_observers` already."""
        if await ObserverKey.filter(session_id=row.id).count() >= max_observers:
            return None
        token = new_token()
        await ObserverKey.create(session_id=row.id, token_hash=hash_token(token))
        return token

    async def get(self, session_id: str) -> SessionRow | None:
        key = session_key(session_id)
        return None if key is None else await SessionRow.get_or_none(id=key)

    @staticmethod
    def invite_matches(row: SessionRow, invite: str) -> bool:
        return hmac.compare_digest(hash_token(invite), row.observer_token_hash)

    @staticmethod
    async def role_for(row: SessionRow, token: str) -> Role | None:
        """Which role this token grants on the session (the candidate's compared in constant time;
        an observer's is looked up by its hash). The invite itself grants nothing."""
        digest = hash_token(token)
        if hmac.compare_digest(digest, row.candidate_token_hash):
            return Role.CANDIDATE
        if await ObserverKey.exists(session_id=row.id, token_hash=digest):
            return Role.OBSERVER
        return None

    async def access(self, session_id: str, token: str) -> SessionAccess | None:
        """What a socket's connect needs, in one plain-SQL query: the session's id and state, and the
        role `token` grants on it (None: none). None when there is no such session. Through the ORM
        it was two queries, each built by pypika, for every connect, and a restarted node's clients
        all reconnect at once."""
        if (key := session_key(session_id)) is None:
            return None
        conn = get_connection("default")
        sql = SqlDialect(conn.capabilities.dialect == "postgres")
        digest = hash_token(token)
        query = (
            "SELECT s.id, s.state, s.candidate_token_hash, EXISTS (SELECT 1 FROM observer_keys k WHERE "
            f"k.session_id = s.id AND k.token_hash = {sql.ph(2)}) FROM sessions s WHERE s.id = {sql.ph(1)}"
        )
        _, rows = await conn.execute_query(query, [sql.sid(str(key)), digest])
        if not rows:
            return None
        row = rows[0]
        role = (
            Role.CANDIDATE if hmac.compare_digest(digest, str(row[2])) else Role.OBSERVER if row[3] else None
        )
        return SessionAccess(session_id=str(key), state=str(row[1]), role=role)

    async def mark_ended(self, session_id: str) -> None:
        await SessionRow.filter(id=session_id, ended_at__isnull=True).update(ended_at=datetime.now(UTC))

    async def save_report(self, session_id: str, report: dict[str, Any]) -> None:
        await SessionRow.filter(id=session_id).update(report=report)

    async def idle(self, cutoff_ms: int, limit: int = 100) -> list[str]:
        """Running sessions with no client message since `cutoff_ms` (rows from before the activity
        mark existed count from their creation)."""
        cutoff = datetime.fromtimestamp(cutoff_ms / 1000, UTC)
        quiet = Q(last_client_ms__gt=0, last_client_ms__lt=cutoff_ms) | Q(
            last_client_ms=0, created_at__lt=cutoff
        )
        ids = await SessionRow.filter(quiet, ~Q(state="ENDED")).limit(limit).values_list("id", flat=True)
        return [str(i) for i in ids]
