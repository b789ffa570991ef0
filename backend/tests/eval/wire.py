"""The over-the-wire driver: the same personas through a served app (offline interviewer, the real
confined judge), as the page would play them over socket.io; the report from `POST /end`."""

from __future__ import annotations

from typing import Any

import aiohttp
from aiohttp.test_utils import TestServer

from interview_sim.domain.model import Question
from tests.conftest import OpenClient, bearer
from tests.eval import outcomes
from tests.support.client import LiveInterview, run_python
from tests.support.live import open_live


class OverTheWire:
    def __init__(self, server: TestServer, session: dict[str, Any], iv: LiveInterview) -> None:
        self.server, self.s, self.iv, self.q = server, session, iv, iv.q

    @classmethod
    async def open(cls, server: TestServer, open_client: OpenClient, question: Question) -> OverTheWire:
        s, iv = await open_live(server, open_client, question)
        return cls(server, s, iv)

    def state(self) -> str:
        return self.iv.state()

    async def say(self, text: str, after_s: float = 15) -> str | None:
        reply = await self.iv.say(text)
        return str(reply["payload"].get("kind")) if reply else None

    async def move(self, to: str) -> None:
        if self.state() != to:
            await self.iv.move(to)

    async def code(self, kind: str, after_s: float = 40) -> None:
        await self.iv.code(outcomes.code_for(self.q, kind))

    async def run_samples(self, kind: str, own_cases: int = 0) -> int:
        """Really runs the code on the samples (plus `own_cases` of them again, as the candidate's
        own) and reports it as the page does."""
        tests = [{"args": list(t.args), "expected": t.expected} for t in self.q.sample_tests]
        tests += tests[:1] * own_cases
        result = {
            "kind": "sample",
            **await run_python(outcomes.code_for(self.q, kind), tests, self.q.function_name),
        }
        assert (await self.iv.cand.call("RUN_RESULT", result))["ok"]
        await self.iv.settle()
        return int(result["passed"])

    async def forge_submit(self) -> bool:
        n = len(self.q.hidden_tests)
        forged = {"kind": "submit", "passed": n, "total": n, "results": []}
        return bool((await self.iv.cand.call("RUN_RESULT", forged))["ok"])

    async def submit(self, kind: str) -> dict[str, Any]:
        verdict, _ = await self.iv.submit(outcomes.code_for(self.q, kind))
        return verdict

    async def finish(self) -> dict[str, Any]:
        url = self.server.make_url(f"/sessions/{self.s['session_id']}/end")
        async with (
            aiohttp.ClientSession() as http,
            http.post(url, headers=bearer(self.s["candidate_token"])) as r,
        ):
            assert r.status == 200, await r.text()
            body = await r.json()
        report: dict[str, Any] = body["report"]
        return report
