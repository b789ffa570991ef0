"""The frontend's TypeScript types come from the pydantic contract: the committed schema must be
exactly what `python -m interview_sim.protocol` prints (run `make gen-types` after a change)."""

from __future__ import annotations

import json
from pathlib import Path

from interview_sim.protocol import json_schema

SCHEMA = Path(__file__).resolve().parents[3] / "frontend" / "src" / "protocol" / "schema.json"


def test_committed_schema_matches_the_contract() -> None:
    committed = json.loads(SCHEMA.read_text("utf-8"))
    assert committed == json.loads(json.dumps(json_schema())), "run `make gen-types`"


def test_every_envelope_type_is_in_the_schema() -> None:
    defs = json_schema()["$defs"]
    for name in ("Envelope", "SessionSnapshot", "Report", "RunResult", "InterviewerStreamEnd"):
        assert name in defs
    assert "OBSERVER_NOTE" in defs["EventType"]["enum"]
