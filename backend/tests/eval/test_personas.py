"""The scripted-candidate evaluation, in process: every persona against every question of the bank
(the domain with built logs; the judge's verdicts as the bank proves them, see `outcomes.py`). Each
persona's band and per-dimension bounds must hold on every question; `-s` prints the table."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from interview_sim.questions.bank import load_bank
from tests.eval.inprocess import InProcess
from tests.eval.personas import PERSONAS, Persona
from tests.eval.table import Row, markdown, play

_ROWS: list[Row] = []


@pytest.fixture(scope="module", autouse=True)
def _print_table() -> Iterator[None]:
    yield
    if _ROWS:
        print("\n" + markdown(_ROWS))


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
async def test_persona_band_holds_on_every_question(persona: Persona) -> None:
    row = Row(persona)
    for qid, q in sorted(load_bank().items()):
        if persona.applies(q):
            row.reports[qid] = await play(persona, qid)
    _ROWS.append(row)
    assert row.reports, "the persona ran on no question"
    misses = row.misses()
    assert not misses, "\n".join(f"{qid}: {'; '.join(p)}" for qid, p in misses.items())


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
async def test_every_piece_of_evidence_cites_a_seq_of_its_own_log(persona: Persona) -> None:
    q = load_bank()["trapping-rain-water"]
    candidate = InProcess(q)
    await persona.play(candidate)
    report = await candidate.finish()
    logged = {e.seq for e in candidate.b.events} | {0}
    cited = [e["seq"] for item in report["rubric"] for e in item["evidence"]]
    assert cited and set(cited) <= logged
