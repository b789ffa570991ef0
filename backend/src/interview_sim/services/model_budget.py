"""Per-session model call budget: past it, the session runs on the offline interviewer (with the
`llm_degraded` notice once), its coach tips stop, and its report keeps the deterministic summary.
Counted per node: a session's clients stick to one node behind the balancer."""

from __future__ import annotations

from collections import Counter


class ModelBudget:
    def __init__(self, calls_per_session: int) -> None:
        self.calls_per_session = calls_per_session
        self.calls: Counter[str] = Counter()
        self.noticed: set[str] = set()

    def take(self, session_id: str) -> bool:
        """Spend one call of the session's budget; False (and nothing spent) when it is used up."""
        if self.calls[session_id] >= self.calls_per_session:
            return False
        self.calls[session_id] += 1
        return True

    def first_refusal(self, session_id: str) -> bool:
        """True once per session: the moment to tell the page the AI interviewer is gone."""
        if session_id in self.noticed:
            return False
        self.noticed.add(session_id)
        return True

    async def forget(self, session_id: str) -> None:
        """The session ended (a `SessionService.on_end` hook): nothing more to count."""
        self.calls.pop(session_id, None)
        self.noticed.discard(session_id)
