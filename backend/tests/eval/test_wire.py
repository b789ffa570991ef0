"""The scripted-candidate evaluation over the wire: a sample of questions x personas through the real
server (offline interviewer) and the real confined judge (bubblewrap), so the bands hold on the
server's own verdicts and measured growth too. Skips with the reason locally when the sandbox can't
run, fails under CI=true. `-s` prints one line per interview."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer

from interview_sim.protocol import Report
from interview_sim.questions.bank import load_bank
from tests.conftest import OpenClient, StartApp, make_settings
from tests.eval.personas import PERSONAS
from tests.eval.wire import OverTheWire
from tests.support.db import database
from tests.support.judge import real_judge

QUESTIONS = ("two-sum", "valid-parentheses", "trapping-rain-water")
SAMPLED = ("strong", "keyword stuffer", "brute force, false claim", "cheater")


@pytest.fixture
async def judged_server(start_app: StartApp, tmp_path: Path) -> AsyncIterator[TestServer]:
    """SQLite only: the database is not what this suite checks (the tiers in tests/e2e do both)."""
    async with database("sqlite", tmp_path) as url:
        yield await start_app(make_settings(url), judge=await real_judge())


@pytest.mark.parametrize("question_id", QUESTIONS)
async def test_sampled_personas_hold_their_bands_over_the_wire(
    judged_server: TestServer, open_client: OpenClient, question_id: str
) -> None:
    q = load_bank()[question_id]
    for persona in (p for p in PERSONAS if p.name in SAMPLED and p.applies(q)):
        candidate = await OverTheWire.open(judged_server, open_client, q)
        await persona.play(candidate)
        report = Report.model_validate(await candidate.finish()).model_dump(mode="json")
        scores = " ".join(f"{r['dimension']}={r['score']}" for r in report["rubric"])
        observed = (report["submit_results"] or {}).get("observed_complexity") or {}
        print(
            f"\n{persona.name:26} {question_id:22} {report['signal']:15} {scores}",
            f"observed={observed.get('label')}",
        )
        assert persona.band.holds(report) == [], (persona.name, report["rubric"], report["signal_caps"])
        assert all(s["source"] == "server" for s in report["submits"])
