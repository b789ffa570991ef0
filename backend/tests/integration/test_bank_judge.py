"""The bank checker on the real judge: every question's whole hidden suite (hand-written + generated).

Per question and language the reference passes within the calibrated limits, the starter fails,
every listed wrong solution fails a hidden test and every brute force times out (see
`tests/support/bank_judge.py`). Questions run two at a time; a run stops at its first timeout.
`pytest tests/integration/test_bank_judge.py -s` prints the table; with `BANK_TABLE=<path>` it is
also written there (`docs/BANK.md`). `BANK_JUDGE=runners` swaps in the unsandboxed reference
runners, for authors on a machine without the judge (never in CI).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.support.bank_judge import QuestionCheck, check_questions, load_judge, table
from tests.support.db import in_ci, missing_service

from interview_sim.judge.model import JudgeUnavailable
from interview_sim.questions.bank import load_bank
from interview_sim.services.ports import Judge

# The first test checks every selected question (a few minutes for the bank on 2 busy cores).
pytestmark = pytest.mark.timeout(900)
QUESTIONS = load_bank()
ORDER = {"Easy": 0, "Medium": 1, "Hard": 2}
IDS = sorted(QUESTIONS, key=lambda qid: (ORDER.get(QUESTIONS[qid].difficulty, 3), qid))
CHECKS: dict[str, QuestionCheck] = {}


def make_judge() -> Judge:
    kind = "runners" if os.environ.get("BANK_JUDGE") == "runners" and not in_ci() else "judge"
    try:
        return load_judge(kind)
    except (ImportError, AttributeError, JudgeUnavailable) as e:
        missing_service("the judge (interview_sim.judge.LocalJudge)", e)
        raise


def _selected_ids(request: pytest.FixtureRequest) -> list[str]:
    wanted = set()
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        if item.module is sys.modules[__name__] and callspec is not None:  # type: ignore[attr-defined]
            wanted.add(callspec.params["qid"])
    return [qid for qid in IDS if qid in wanted]


@pytest.fixture(scope="module")
def checks(request: pytest.FixtureRequest) -> dict[str, QuestionCheck]:
    """Every selected question checked once, two at a time, before the first assertion."""
    if not CHECKS:
        judge = make_judge()
        questions = [QUESTIONS[qid] for qid in _selected_ids(request)]
        try:
            checked = asyncio.run(check_questions(questions, judge))
        except JudgeUnavailable as e:  # raised by the first run: bubblewrap or mini-racer missing
            missing_service("the judge's sandbox", e)
            raise
        CHECKS.update((check.question.id, check) for check in checked)
        rendered = table([CHECKS[qid] for qid in IDS if qid in CHECKS])
        print("\n" + rendered)
        if target := os.environ.get("BANK_TABLE"):
            _write_table(Path(target), rendered)
    return CHECKS


def _write_table(path: Path, rendered: str) -> None:
    """Put the rows between the markers of docs/BANK.md, keeping the prose around it and the rows of
    questions this run did not check (so `-k easy` updates the Easy rows only)."""
    start, end = "<!-- bank-table -->", "<!-- /bank-table -->"
    text = path.read_text("utf-8") if path.exists() else f"{start}\n{end}\n"
    head, rest = text.split(start, 1)
    old, tail = rest.split(end, 1)
    rows = {_row_id(line): line for line in (*old.splitlines(), *rendered.splitlines()) if _row_id(line)}
    header = rendered.splitlines()[:2]
    body = [rows[qid] for qid in IDS if qid in rows]
    path.write_text(f"{head}{start}\n" + "\n".join([*header, *body]) + f"\n{end}{tail}", "utf-8")


def _row_id(line: str) -> str | None:
    cells = line.split("|")
    return cells[1].strip() if len(cells) > 2 and cells[1].strip() in QUESTIONS else None


@pytest.mark.parametrize("qid", IDS, ids=[f"{QUESTIONS[q].difficulty.lower()}-{q}" for q in IDS])
def test_question_holds_on_the_judge(qid: str, checks: dict[str, Any]) -> None:
    problems = checks[qid].problems
    assert not problems, f"{qid}:\n  " + "\n  ".join(problems)
