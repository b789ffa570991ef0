"""Calibrate the per-case time limits of the bank's generated tests on the judge.

    .venv/bin/python scripts/calibrate_bank.py                      # every question, print only
    .venv/bin/python scripts/calibrate_bank.py --write two-sum      # write time_limit_ms into its file
    .venv/bin/python scripts/calibrate_bank.py --difficulty Easy --write

Per question and language it times the reference on the generated cases `--runs` times (two
questions at a time), takes the median of each run's slowest case, and proposes
limit = max(FLOOR, FACTOR x median), rounded up to 100 ms. The floors keep the limit stable on a
busy 2-core machine; the factor leaves room for a reasonable non-optimal constant factor. Then every
listed brute force runs under the proposed limit and must time out (printed; the bank checker,
tests/integration/test_bank_judge.py, enforces it). `--write` rewrites `time_limit_ms` in the data
file, keeping the bank's JSON layout. `--runners` uses the unsandboxed reference runners instead of
the judge (authoring only: figures differ from the judge's).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))

from interview_sim.domain.model import Question  # noqa: E402
from interview_sim.judge.model import Case, JudgeRequest  # noqa: E402
from interview_sim.questions import suites  # noqa: E402
from interview_sim.questions.bank import DATA_DIR, load_bank  # noqa: E402
from interview_sim.services.ports import Judge  # noqa: E402
from tests.support.bank_judge import LANGUAGES, PARALLEL_QUESTIONS, load_judge  # noqa: E402

FLOOR_MS = {"javascript": 500, "python": 1000}
FACTOR = 15
MEASURE_LIMIT_MS = 10_000


def proposed_limit(language: str, reference_ms: float) -> int:
    return max(FLOOR_MS[language], math.ceil(FACTOR * reference_ms / 100) * 100)


async def _slowest_ms(judge: Judge, q: Question, code: str, language: str, limit: int) -> tuple[float, str]:
    """The slowest generated case's ms and the first non-passing verdict ("" if none)."""
    cases = [
        Case(args=tuple(a), category=c, time_limit_ms=limit, check=False)
        for c, a in suites.generated_cases(q)
    ]
    result = await judge.run(JudgeRequest(code, language, q.function_name, cases, q.compare))  # type: ignore[arg-type]
    bad = [o.verdict for o in result.outcomes if not o.passed and o.verdict != "not_run"]
    return max((o.ms for o in result.outcomes), default=0.0), result.load_error or (bad[0] if bad else "")


async def calibrate(q: Question, judge: Judge, runs: int) -> dict[str, Any]:
    out: dict[str, Any] = {"id": q.id, "limits": {}, "lines": []}
    for language in LANGUAGES:
        times = [
            (await _slowest_ms(judge, q, q.solutions[language], language, MEASURE_LIMIT_MS))
            for _ in range(runs)
        ]
        median = statistics.median(ms for ms, _ in times)
        limit = proposed_limit(language, median)
        out["limits"][language] = limit
        failed = {why for _, why in times if why}
        out["lines"].append(
            f"  {language}: reference median {median:.0f} ms -> limit {limit} ms {failed or ''}"
        )
        for w in (w for w in q.wrong_solutions if w.kind == "brute_force"):
            ms, why = await _slowest_ms(judge, q, w.code[language], language, limit)
            flag = "ok" if why == "timed_out" else "DOES NOT TIME OUT"
            out["lines"].append(f"    brute force {w.name!r}: {why or 'passed'} ({ms:.0f} ms) {flag}")
    return out


def render(raw: dict[str, Any]) -> str:
    """The bank's JSON layout: one line per key, per test, per hint; code maps one line per language."""

    def one(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False)

    lines = []
    for i, (key, value) in enumerate(raw.items()):
        comma = "," if i < len(raw) - 1 else ""
        if key in ("starter_code", "solutions"):
            inner = ",\n".join(f"    {one(k)}: {one(v)}" for k, v in value.items())
            lines.append(f"  {one(key)}: {{\n{inner}\n  }}{comma}")
        elif key == "wrong_solutions" and value:
            blocks = [",\n".join(f"      {one(k)}: {one(v)}" for k, v in w.items()) for w in value]
            lines.append(
                f"  {one(key)}: [\n" + ",\n".join(f"    {{\n{b}\n    }}" for b in blocks) + f"\n  ]{comma}"
            )
        elif key in ("sample_tests", "hidden_tests", "hints", "clarifying_facts", "follow_ups") and value:
            inner = ",\n".join(f"    {one(x)}" for x in value)
            lines.append(f"  {one(key)}: [\n{inner}\n  ]{comma}")
        else:
            lines.append(f"  {one(key)}: {one(value)}{comma}")
    return "{\n" + "\n".join(lines) + "\n}\n"


def write_limits(q: Question, limits: dict[str, int]) -> None:
    path = DATA_DIR / f"{q.difficulty.lower()}-{q.id}.json"
    raw = json.loads(path.read_text("utf-8"))
    raw["time_limit_ms"] = {lang: limits[lang] for lang in LANGUAGES}
    path.write_text(render(raw), "utf-8")


async def main(args: argparse.Namespace) -> None:
    bank = load_bank()
    ids = args.ids or [qid for qid, q in bank.items() if args.difficulty in (None, q.difficulty)]
    judge = load_judge("runners" if args.runners else "judge")
    gate = asyncio.Semaphore(PARALLEL_QUESTIONS)

    async def one(qid: str) -> None:
        async with gate:
            result = await calibrate(bank[qid], judge, args.runs)
        print(f"{qid}: {result['limits']}\n" + "\n".join(result["lines"]), flush=True)
        if args.write:
            write_limits(bank[qid], result["limits"])

    await asyncio.gather(*(one(qid) for qid in ids))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ids", nargs="*", help="question ids (default: all)")
    parser.add_argument("--difficulty", choices=["Easy", "Medium", "Hard"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="write time_limit_ms into the data files")
    parser.add_argument("--runners", action="store_true", help="use the unsandboxed reference runners")
    asyncio.run(main(parser.parse_args()))
