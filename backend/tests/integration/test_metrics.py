"""`GET /metrics` (issue 10): Prometheus text that prometheus_client's own parser reads, whose
counters move with a scripted interview."""

from __future__ import annotations

import logging

import orjson
from aiohttp.test_utils import TestServer
from prometheus_client.parser import text_string_to_metric_families
from tests.conftest import Http, OpenClient, create_session, idle

from interview_sim.logs import JsonFormatter

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


async def scrape(http: Http) -> Samples:
    resp = await http.get("/metrics")
    assert resp.status == 200 and resp.headers["Content-Type"].startswith("text/plain")
    families = text_string_to_metric_families(await resp.text())
    return {(s.name, tuple(sorted(s.labels.items()))): s.value for f in families for s in f.samples}


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_metrics_move_with_a_scripted_interview(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    before = await scrape(http)
    assert value(before, "interview_sim_dependency_up", dependency="database") == 1
    assert value(before, "interview_sim_interviewer_first_delta_seconds_count") == 0
    s = await create_session(http)
    cand = await open_client(server, s["session_id"], s["candidate_token"], name="candidate")
    await cand.call("CLIENT_READY", {})
    await cand.wait_for("STATE_CHANGE", lambda e: e["payload"]["to"] == "PROBLEM")
    await cand.call("TRANSCRIPT_FINAL", {"text": "Can the array be empty?", "source": "typed"})
    await idle(server)()
    after = await scrape(http)
    assert value(after, "interview_sim_connections", role="candidate") == 1
    assert value(after, "interview_sim_events_in_total", type="CLIENT_READY") == 1
    assert value(after, "interview_sim_events_in_total", type="TRANSCRIPT_FINAL") == 1
    deltas = value(after, "interview_sim_events_out_total", type="INTERVIEWER_STREAM_DELTA")
    assert deltas == len(cand.of_type("INTERVIEWER_STREAM_DELTA")) > 0
    assert value(after, "interview_sim_interviewer_first_delta_seconds_count") == 2  # greeting, answer
    assert value(after, "interview_sim_log_append_seconds_count") >= 5
    emits = "interview_sim_emit_seconds_count"
    assert value(after, emits) > value(before, emits)
    assert value(after, "interview_sim_model_failures_total", reason="error") == 0
    await cand.close()


def test_json_log_lines_carry_the_session_and_node_but_no_other_extras() -> None:
    record = logging.LogRecord("interview_sim.x", logging.INFO, __file__, 1, "connected", None, None)
    record.session_id, record.role, record.text, record.token = "s-1", "candidate", "my answer", "tok"
    line = orjson.loads(JsonFormatter("node-a").format(record))
    assert line["session_id"] == "s-1" and line["node"] == "node-a" and line["msg"] == "connected"
    assert "my answer" not in str(line) and "tok" not in line.values()
