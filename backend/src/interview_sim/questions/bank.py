"""The question bank: JSON data files in `data/`, loaded into domain `Question`s."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from interview_sim.domain.model import ClarifyingFact, Complexity, Question, TestCase, WrongSolution
from interview_sim.protocol import QuestionPublic
from interview_sim.protocol import TestCase as WireTestCase

DATA_DIR = Path(__file__).parent / "data"


def _tests(raw: list[dict[str, Any]]) -> tuple[TestCase, ...]:
    return tuple(
        TestCase(args=tuple(t["args"]), expected=t["expected"], category=t.get("category", "basic"))
        for t in raw
    )


def _wrong_solutions(raw: list[dict[str, Any]]) -> tuple[WrongSolution, ...]:
    return tuple(
        WrongSolution(
            name=w["name"],
            kind=w["kind"],
            code={lang: w[lang] for lang in ("javascript", "python")},
        )
        for w in raw
    )


def parse_question(raw: dict[str, Any]) -> Question:
    """Build a Question from one data file's JSON; a missing key raises KeyError."""
    return Question(
        id=raw["id"],
        slug=raw.get("slug", raw["id"]),
        title=raw["title"],
        difficulty=raw["difficulty"],
        company_modes=tuple(raw["company_modes"]),
        topics=tuple(raw.get("topics", [])),
        prompt=raw["prompt"],
        function_name=raw.get("function_name", "solution"),
        params=tuple(raw["params"]),
        starter_code=dict(raw["starter_code"]),
        sample_tests=_tests(raw["sample_tests"]),
        hidden_tests=_tests(raw["hidden_tests"]),
        constraints=tuple(raw["constraints"]),
        hints=tuple(raw["hints"]),
        clarifying_facts=tuple(
            ClarifyingFact(keywords=tuple(f["keywords"]), answer=f["answer"]) for f in raw["clarifying_facts"]
        ),
        follow_ups=tuple(raw["follow_ups"]),
        complexity=Complexity(**raw["complexity"]),
        approach=raw["approach"],
        solutions=dict(raw["solutions"]),
        expected_minutes=int(raw.get("expected_minutes", 25)),
        complexity_point=bool(raw.get("complexity_point", False)),
        wrong_solutions=_wrong_solutions(raw.get("wrong_solutions", [])),
        time_limit_ms={lang: int(ms) for lang, ms in raw.get("time_limit_ms", {}).items()},
        compare=raw.get("compare", "exact"),
    )


@lru_cache(maxsize=1)
def load_raw_bank(data_dir: Path = DATA_DIR) -> dict[str, dict[str, Any]]:
    """Every data file's JSON by question id, sorted by file name; cached for the process."""
    raws = [json.loads(p.read_text("utf-8")) for p in sorted(data_dir.glob("*.json"))]
    return {raw["id"]: raw for raw in raws}


@lru_cache(maxsize=1)
def load_bank(data_dir: Path = DATA_DIR) -> dict[str, Question]:
    """Every question by id; cached for the process."""
    return {qid: parse_question(raw) for qid, raw in load_raw_bank(data_dir).items()}


def to_public(q: Question) -> QuestionPublic:
    """The client's view: no hidden tests, solutions, hints or notes."""
    return QuestionPublic(
        id=q.id,
        slug=q.slug,
        title=q.title,
        prompt=q.prompt,
        difficulty=q.difficulty,  # type: ignore[arg-type]
        company_modes=list(q.company_modes),  # type: ignore[arg-type]
        function_name=q.function_name,
        starter_code=dict(q.starter_code),
        sample_tests=[WireTestCase(args=list(t.args), expected=t.expected) for t in q.sample_tests],
        constraints=list(q.constraints),
        topics=list(q.topics),
        compare=q.compare,  # type: ignore[arg-type]
    )
