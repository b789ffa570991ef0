"""The question table: seeded from the bank's data files at start-up, read by every node."""

from __future__ import annotations

import asyncio
import contextlib
import random

from tortoise.exceptions import IntegrityError

from interview_sim.domain.model import Question
from interview_sim.questions.bank import load_bank, load_raw_bank, parse_question
from interview_sim.storage.models import QuestionRow


async def seed_questions() -> int:
    """Insert or update every question from the data files (idempotent); returns how many."""
    bank, raws = load_bank(), load_raw_bank()
    existing = {row.id: row for row in await QuestionRow.all()}
    for q in bank.values():
        raw = raws[q.id]
        row = existing.get(q.id)
        if row is None:
            # Nodes starting together on a fresh database race here: the loser's insert is a no-op.
            with contextlib.suppress(IntegrityError):
                await QuestionRow.create(
                    id=q.id, title=q.title, difficulty=q.difficulty, company_modes=list(q.company_modes),
                    data=raw,
                )  # fmt: skip
        elif row.data != raw:
            row.title, row.difficulty, row.company_modes, row.data = (
                q.title,
                q.difficulty,
                list(q.company_modes),
                raw,
            )
            await row.save()
    return len(bank)


class QuestionStore:
    """Reads questions from the database (every node sees the same bank). A node reads the whole
    bank once when it starts (`load`): the first interviews after a restart would otherwise each
    wait for a read of their question while the node is busiest, a cohort's 300 greetings behind
    one round trip per question (issue 10)."""

    def __init__(self) -> None:
        self._cache: dict[str, Question] = {}
        self._all: list[Question] | None = None
        self._reading: dict[str, asyncio.Lock] = {}

    async def get(self, question_id: str) -> Question | None:
        """Read and parsed once per node: the readers of a question not cached yet wait for the
        first one (a restarted node's reconnecting clients, or a cohort starting the same question
        at once, read it 300 times over otherwise)."""
        if question_id in self._cache:
            return self._cache[question_id]
        try:
            async with self._reading.setdefault(question_id, asyncio.Lock()):
                if question_id in self._cache:
                    return self._cache[question_id]
                row = await QuestionRow.get_or_none(id=question_id)
                if row is None:
                    return None
                self._cache[question_id] = q = parse_question(row.data)
                return q
        finally:
            self._reading.pop(question_id, None)  # no lock kept per id ever asked for

    async def load(self) -> list[Question]:
        """Read and parse every question, and keep them. The bank is read-only once seeded, so each
        node does this once (at start-up); a question seeded later by a newer node is read by `get`."""
        if self._all is None:
            rows = await QuestionRow.all().order_by("difficulty", "id")
            self._all = [parse_question(r.data) for r in rows]
            self._cache.update((q.id, q) for q in self._all)
        return self._all

    async def list(self, company_mode: str | None = None, difficulty: str | None = None) -> list[Question]:
        """Questions by mode and difficulty."""
        return [
            q
            for q in await self.load()
            if (difficulty is None or q.difficulty == difficulty)
            and (company_mode is None or company_mode in q.company_modes)
        ]

    async def pick(
        self, company_mode: str, difficulty: str, rng: random.Random | None = None
    ) -> Question | None:
        """A random question of that difficulty tagged with the mode (General falls back to any)."""
        candidates = await self.list(company_mode, difficulty) or await self.list(None, difficulty)
        return (rng or random).choice(candidates) if candidates else None
