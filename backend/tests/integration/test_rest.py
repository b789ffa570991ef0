"""REST routes over a served app, on SQLite and PostgreSQL (the `db_url` fixture runs each test on both)."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest
from tests.conftest import Http, StartApp, bearer, create_session, make_settings, runtime

from interview_sim.protocol import QuestionPublic, Report, SessionCreated, SessionPublic

SECRET_KEYS = {"hidden_tests", "solutions", "hints", "approach", "clarifying_facts", "follow_ups"}


async def error_of(resp: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """Assert the JSON error shape `{"error": {"code", "message"}}` with this status (and code)."""
    assert resp.status == status, await resp.text()
    assert resp.content_type == "application/json"
    body = await resp.json()
    assert set(body) == {"error"}
    assert isinstance(body["error"]["code"], str) and isinstance(body["error"]["message"], str)
    if code is not None:
        assert body["error"]["code"] == code, body
    error: dict[str, Any] = body["error"]
    return error


# ---------------------------------------------------------------- health, meta, questions


async def test_health_ok(http: Http) -> None:
    resp = await http.get("/health")
    assert resp.status == 200
    assert await resp.json() == {"status": "ok", "node": "test-node", "db": "ok", "redis": "disabled"}


async def test_health_degraded_when_redis_is_down(
    start_app: StartApp, db_url: str, aiohttp_client: Any
) -> None:
    server = await start_app(make_settings(db_url, redis_url="redis://127.0.0.1:1/0"))
    http = await aiohttp_client(server)
    resp = await http.get("/health")
    assert resp.status == 503
    body = await resp.json()
    assert body["status"] == "degraded" and body["db"] == "ok" and body["redis"].startswith("error")


async def test_health_degraded_when_database_is_down(http: Http) -> None:
    from tortoise import Tortoise

    await Tortoise.close_connections()  # the database is gone as far as the app can tell
    resp = await http.get("/health")
    assert resp.status == 503
    body = await resp.json()
    assert body["status"] == "degraded" and body["db"].startswith("error")


async def test_meta(http: Http) -> None:
    resp = await http.get("/meta")
    assert resp.status == 200
    body = await resp.json()
    assert "General" in body["company_modes"] and body["difficulties"] == ["Easy", "Medium", "Hard"]
    assert set(body["languages"]) == {"javascript", "python"}
    assert body["llm_mode"] == "offline" and body["node"] == "test-node"
    assert set(body["time_budgets_s"]) >= {"Easy", "Medium", "Hard"}


async def test_questions_filters(http: Http) -> None:
    everything = await (await http.get("/questions")).json()
    assert len(everything) == 42
    easy = await (await http.get("/questions", params={"difficulty": "Easy"})).json()
    assert easy and all(q["difficulty"] == "Easy" for q in easy) and len(easy) < len(everything)
    google_hard = await (
        await http.get("/questions", params={"company_mode": "Google", "difficulty": "Hard"})
    ).json()
    assert google_hard and all(
        "Google" in q["company_modes"] and q["difficulty"] == "Hard" for q in google_hard
    )
    for q in everything:
        assert not SECRET_KEYS & set(q)
    await error_of(await http.get("/questions", params={"difficulty": "Impossible"}), 400, "invalid_request")


async def test_pick_is_public_and_validated(http: Http) -> None:
    resp = await http.get("/questions/pick", params={"company_mode": "Amazon", "difficulty": "Medium"})
    assert resp.status == 200
    body = await resp.json()
    QuestionPublic.model_validate(body)
    assert body["difficulty"] == "Medium" and "Amazon" in body["company_modes"]
    assert not SECRET_KEYS & set(body)
    assert body["sample_tests"] and all(set(t) == {"args", "expected"} for t in body["sample_tests"])
    await error_of(await http.get("/questions/pick", params={"difficulty": "Impossible"}), 400)
    await error_of(await http.get("/questions/pick", params={"company_mode": "Initech"}), 400)


# ---------------------------------------------------------------- sessions


def _bits(token: str) -> int:
    return len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) * 8


async def test_create_session(http: Http) -> None:
    body = await create_session(http, difficulty="Medium", company_mode="Meta", candidate_name="Ada")
    created = SessionCreated.model_validate(body)
    assert created.state == "INTRO" and created.ws_path == "/ws"
    assert created.question.difficulty == "Medium" and "Meta" in created.question.company_modes
    assert _bits(created.candidate_token) >= 256 and _bits(created.observer_invite) >= 256
    assert len({created.candidate_token, created.observer_invite, body["observer_token"]}) == 3
    assert not SECRET_KEYS & set(body["question"])
    chosen = await create_session(http, question_id="two-sum")
    assert chosen["question"]["id"] == "two-sum"


@pytest.mark.parametrize(
    ("data", "content"),
    [
        ('{"difficulty": 5}', "wrong type"),
        ('{"company_mode": ["General"]}', "wrong type"),
        ('{"difficulty": "Easy", "admin": true}', "unknown field"),
        ('{"difficulty": "Easy"', "bad JSON"),
        ("[1, 2]", "not an object"),
        ('"Easy"', "not an object"),
        ('{"difficulty": "Impossible"}', "bad enum"),
    ],
)
async def test_create_session_rejects_bad_bodies(http: Http, data: str, content: str) -> None:
    resp = await http.post("/sessions", data=data, headers={"Content-Type": "application/json"})
    await error_of(resp, 400, "invalid_request")


async def test_create_session_unknown_question(http: Http) -> None:
    await error_of(await http.post("/sessions", json={"question_id": "no-such-question"}), 404, "not_found")


async def test_body_over_one_mebibyte(http: Http) -> None:
    big = b'{"candidate_name": "' + b"x" * (1024 * 1024 + 100) + b'"}'
    resp = await http.post("/sessions", data=big, headers={"Content-Type": "application/json"})
    await error_of(resp, 413, "too_large")


async def test_get_session_auth(http: Http) -> None:
    s = await create_session(http)
    url = f"/sessions/{s['session_id']}"
    await error_of(await http.get(url), 401, "unauthorized")
    await error_of(await http.get(url, headers=bearer("not-the-token")), 401, "unauthorized")
    await error_of(await http.get(url, headers={"Authorization": s["candidate_token"]}), 401)
    await error_of(await http.get(f"/sessions/{uuid.uuid4()}", headers=bearer(s["candidate_token"])), 404)
    await error_of(await http.get("/sessions/not-a-uuid", headers=bearer(s["candidate_token"])), 404)
    for token, role in ((s["candidate_token"], "candidate"), (s["observer_token"], "observer")):
        resp = await http.get(url, headers=bearer(token))
        assert resp.status == 200
        public = SessionPublic.model_validate(await resp.json())
        assert public.role == role and public.state == "INTRO" and public.session_id == s["session_id"]
        assert public.ended_at is None and public.last_seq == 0
        assert not SECRET_KEYS & set((await resp.json())["question"])


async def test_end_and_report(http: Http) -> None:
    s = await create_session(http)
    sid, cand, obs = s["session_id"], bearer(s["candidate_token"]), bearer(s["observer_token"])
    await error_of(await http.get(f"/sessions/{sid}/report", headers=cand), 409, "invalid_state")
    await error_of(await http.post(f"/sessions/{sid}/end", headers=obs), 403, "forbidden")
    await error_of(await http.post(f"/sessions/{sid}/end"), 401)
    first = await http.post(f"/sessions/{sid}/end", headers=cand)
    assert first.status == 200
    ended = await first.json()
    assert ended["state"] == "ENDED" and ended["session_id"] == sid
    report = Report.model_validate(ended["report"])
    assert report.session_id == sid and report.question_id == s["question"]["id"]
    again = await http.post(f"/sessions/{sid}/end", headers=cand)
    assert again.status == 200 and (await again.json())["report"] == ended["report"]
    for headers in (cand, obs):
        got = await http.get(f"/sessions/{sid}/report", headers=headers)
        assert got.status == 200 and await got.json() == ended["report"]
    summary = await (await http.get(f"/sessions/{sid}", headers=obs)).json()
    assert summary["state"] == "ENDED" and summary["ended_at"] is not None
    events = await (await http.get(f"/sessions/{sid}/events", headers=cand)).json()
    ends = [e for e in events["events"] if e["type"] == "STATE_CHANGE" and e["payload"]["to"] == "ENDED"]
    assert len(ends) == 1  # ending twice logs one move


# ---------------------------------------------------------------- the event log


async def _seed_log(http: Http, count: int) -> dict[str, Any]:
    """A session with `count` code snapshots and one observer note (the last event)."""
    s = await create_session(http)
    recorder = runtime(http.server).realtime.recorder  # type: ignore[union-attr, arg-type]
    for i in range(count):
        payload = {"code": f"# version {i}", "language": "python"}
        await recorder.record(s["session_id"], "CODE_SNAPSHOT", payload, role="candidate")
    await recorder.record(s["session_id"], "OBSERVER_NOTE", {"text": "secret note"}, role="observer")
    return s


async def test_events_order_and_paging(http: Http) -> None:
    s = await _seed_log(http, 6)
    url, obs = f"/sessions/{s['session_id']}/events", bearer(s["observer_token"])
    whole = await (await http.get(url, headers=obs)).json()
    assert [e["seq"] for e in whole["events"]] == list(range(1, 8))
    assert whole["last_seq"] == 7 and whole["has_more"] is False
    assert [e["payload"]["code"] for e in whole["events"][:6]] == [f"# version {i}" for i in range(6)]
    pages, after = [], 0
    while True:
        page = await (await http.get(url, headers=obs, params={"after_seq": after, "limit": 3})).json()
        pages.append([e["seq"] for e in page["events"]])
        if not page["has_more"]:
            break
        after = page["events"][-1]["seq"]
    assert pages == [[1, 2, 3], [4, 5, 6], [7]]
    tail = await (await http.get(url, headers=obs, params={"after_seq": 7})).json()
    assert tail["events"] == [] and tail["has_more"] is False


@pytest.mark.parametrize(
    "params", [{"after_seq": "-1"}, {"limit": "0"}, {"limit": "1001"}, {"limit": "abc"}, {"after_seq": "1.5"}]
)
async def test_events_bad_params(http: Http, params: dict[str, str]) -> None:
    s = await create_session(http)
    resp = await http.get(
        f"/sessions/{s['session_id']}/events", headers=bearer(s["candidate_token"]), params=params
    )
    await error_of(resp, 400, "invalid_request")


async def test_events_redact_notes_for_candidates(http: Http) -> None:
    s = await _seed_log(http, 1)
    url = f"/sessions/{s['session_id']}/events"
    await error_of(await http.get(url), 401)
    as_candidate = await (await http.get(url, headers=bearer(s["candidate_token"]))).json()
    as_observer = await (await http.get(url, headers=bearer(s["observer_token"]))).json()
    assert as_candidate["events"][-1] == {**as_observer["events"][-1], "payload": {}}
    assert as_observer["events"][-1]["payload"] == {"text": "secret note"}
    assert as_candidate["events"][-1]["type"] == "OBSERVER_NOTE"


async def test_unknown_route_and_method_are_json_errors(http: Http) -> None:
    await error_of(await http.get("/sessions/abc/nothing-here"), 404)
    await error_of(await http.delete("/sessions"), 405)
    await error_of(await http.put("/questions/pick"), 405)
