"""What the judge saw of each submit and the room must not see before the end (failing hidden inputs,
expected and actual outputs, full error messages): one row per submit RUN_RESULT, keyed by its seq."""

from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError

from interview_sim.storage.models import JudgeDetailRow


class JudgeDetailStore:
    async def save(self, session_id: str, seq: int, details: list[dict[str, Any]]) -> None:
        """Store once: a second node judging the same submit finds the row already there."""
        try:
            await JudgeDetailRow.create(session_id=session_id, seq=seq, details=details)
        except IntegrityError:
            pass

    async def for_session(self, session_id: str) -> dict[int, list[dict[str, Any]]]:
        rows = await JudgeDetailRow.filter(session_id=session_id).order_by("seq")
        return {row.seq: list(row.details) for row in rows}
