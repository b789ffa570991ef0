"""Play every persona against every question in process and print the table (`make eval`).

cd backend && ../.venv/bin/python -m tests.eval.table
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from interview_sim.protocol import Report
from interview_sim.questions.bank import load_bank
from tests.eval.inprocess import InProcess
from tests.eval.personas import PERSONAS, SIGNALS, Persona

DIMS = ("problem_solving", "coding", "verification", "communication")


@dataclass
class Row:
    persona: Persona
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)  # by question id

    def misses(self) -> dict[str, list[str]]:
        found = {qid: self.persona.band.holds(r) for qid, r in self.reports.items()}
        return {qid: problems for qid, problems in found.items() if problems}

    def signals(self) -> Counter[str]:
        return Counter(r["signal"] for r in self.reports.values())

    def means(self) -> dict[str, float]:
        by_dim = {
            d: [
                s
                for r in self.reports.values()
                for x in r["rubric"]
                if x["dimension"] == d and (s := x["score"])
            ]
            for d in DIMS
        }
        return {d: round(mean(v), 2) if v else 0.0 for d, v in by_dim.items()}


async def play(persona: Persona, question_id: str) -> dict[str, Any]:
    candidate = InProcess(load_bank()[question_id])
    await persona.play(candidate)
    report = await candidate.finish()
    Report.model_validate(report)
    return report


def run_all() -> list[Row]:
    rows = []
    for persona in PERSONAS:
        row = Row(persona)
        for qid, q in sorted(load_bank().items()):
            if persona.applies(q):
                row.reports[qid] = asyncio.run(play(persona, qid))
        rows.append(row)
    return rows


def markdown(rows: list[Row]) -> str:
    short = {
        "strong_no_hire": "SNH",
        "no_hire": "NH",
        "lean_no_hire": "LNH",
        "lean_hire": "LH",
        "hire": "H",
        "strong_hire": "SH",
    }
    head = (
        "| persona | questions | "
        + " | ".join(short[s] for s in SIGNALS)
        + " | PS | C | V | Comm | band held |"
    )
    lines = [head, "|" + " --- |" * (len(SIGNALS) + 7)]
    for row in rows:
        counts, means = row.signals(), row.means()
        band = row.persona.band
        held = "yes" if not row.misses() else f"NO ({len(row.misses())})"
        cells = [str(counts.get(s, 0)) for s in SIGNALS] + [f"{means[d]:.2f}" for d in DIMS]
        lines.append(
            f"| {row.persona.name} | {len(row.reports)} | "
            + " | ".join(cells)
            + f" | {held}: {short[band.lowest]}..{short[band.highest]} |"
        )
    return "\n".join(lines)


def main() -> None:
    rows = run_all()
    print(markdown(rows))
    for row in rows:
        for qid, problems in row.misses().items():
            print(f"  {row.persona.name} on {qid}: {'; '.join(problems)}")


if __name__ == "__main__":
    main()
