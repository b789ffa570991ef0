"""The submit, contract v2: the server judges the latest code snapshot and logs the verdict; a
client's submit result is refused; no hidden input reaches a client before the end; a submit whose
judging node died is judged on the next candidate CLIENT_READY; the report lists every submit and,
after the end only, the failing hidden inputs. (The judge here is the in-process test double.)"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp.test_utils import TestServer
from tests.conftest import Http, OpenClient, StartApp, bearer, create_session, idle, make_settings, runtime
from tests.support.client import SioClient
from tests.support.fake_judge import InProcessJudge

from interview_sim.questions.bank import load_bank
from interview_sim.questions.suites import generated_cases

Q = load_bank()["two-sum"]
SUITE = len(Q.hidden_tests) + len(generated_cases(Q))  # hand-written, then generated at scale
RIGHT = Q.solutions["python"]
WRONG = "def solution(nums, target):\n    return [0, 1]\n"


def _is_verdict(e: dict[str, Any]) -> bool:
    return e["payload"].get("kind") == "submit" and e["payload"].get("source") == "server"


async def _coding(
    server: TestServer, http: Http, open_client: OpenClient
) -> tuple[dict[str, Any], SioClient, SioClient]:
    s = await create_session(http, question_id=Q.id)
    cand = await open_client(server, s["session_id"], s["candidate_token"], name="candidate")
    obs = await open_client(server, s["session_id"], s["observer_token"], name="observer")
    assert (await cand.call("CLIENT_READY", {}))["ok"]
    assert (await obs.call("CLIENT_READY", {}))["ok"]
    await cand.wait_for("STATE_CHANGE", lambda e: e["payload"]["to"] == "PROBLEM")
    await idle(server)()
    assert (await cand.call("STATE_CHANGE", {"to": "CODING"}))["ok"]
    return s, cand, obs


async def _submit(server: TestServer, cand: SioClient, code: str) -> dict[str, Any]:
    """Code then the move, sent back to back as the page does (no wait for the snapshot's ack)."""
    mark = cand.mark()
    snap, move = await asyncio.gather(
        cand.call("CODE_SNAPSHOT", {"code": code, "language": "python"}),
        cand.call("STATE_CHANGE", {"to": "REVIEW"}),
    )
    assert snap["ok"] and move["ok"] and snap["seq"] < move["seq"], (snap, move)
    verdict = await cand.wait_for("RUN_RESULT", _is_verdict, since=mark)
    assert verdict["payload"]["code_seq"] == snap["seq"]
    await idle(server)()
    return verdict


async def test_the_server_judges_the_submit_and_the_room_sees_one_verdict(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    _s, cand, obs = await _coding(server, http, open_client)
    verdict = await _submit(server, cand, RIGHT)
    p = verdict["payload"]
    assert (p["passed"], p["total"], p["attempt"], p["language"]) == (SUITE, SUITE, 1, "python")
    assert {r["category"] for r in p["results"]} >= {"large input"}
    assert all(set(r) <= {"index", "passed", "category", "verdict", "error_kind", "ms"} for r in p["results"])
    seen = await obs.wait_for("RUN_RESULT", _is_verdict)
    assert seen["seq"] == verdict["seq"] and seen["payload"] == p
    discussion = await cand.wait_for(
        "INTERVIEWER_STREAM_END", lambda e: e["payload"].get("kind") == "submit_discussion"
    )
    assert discussion["seq"] > verdict["seq"]


async def test_no_hidden_input_reaches_a_client_before_the_end(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    s, cand, obs = await _coding(server, http, open_client)
    await _submit(server, cand, WRONG)
    events = await http.get(
        f"/sessions/{s['session_id']}/events?limit=1000", headers=bearer(s["candidate_token"])
    )
    report = await http.get(f"/sessions/{s['session_id']}/report", headers=bearer(s["candidate_token"]))
    assert report.status == 409
    seen = json.dumps([cand.received, obs.received, await events.json()])
    hidden = [json.dumps(list(t.args)) for t in Q.hidden_tests if len(json.dumps(list(t.args))) >= 12]
    assert hidden and not [h for h in hidden if h in seen]
    received = cand.received + obs.received
    assert "RUN_REQUEST" not in {e["type"] for e in received}
    verdicts = [e["payload"] for e in received if e["type"] == "RUN_RESULT" and _is_verdict(e)]
    assert len(verdicts) == 2  # one each
    for v in verdicts:
        assert not {"expected", "actual", "args", "error", "stdout"} & {k for r in v["results"] for k in r}


async def test_a_forged_submit_result_is_refused_and_nothing_is_logged(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    s, cand, _ = await _coding(server, http, open_client)
    forged = {"kind": "submit", "passed": 12, "total": 12, "results": []}
    ack = await cand.call("RUN_RESULT", forged)
    assert not ack["ok"] and ack["error"]["code"] == "forbidden"
    assert (await cand.wait_for("ERROR", lambda e: e["payload"]["code"] == "forbidden"))["payload"][
        "ref_type"
    ] == "RUN_RESULT"
    too_many = await cand.call("RUN_RESULT", {"kind": "sample", "passed": 50, "total": 5, "results": []})
    assert not too_many["ok"] and too_many["error"]["code"] == "invalid_envelope"
    extra = [{"index": i, "passed": False} for i in range(4)]
    assert not (await cand.call("RUN_RESULT", {"kind": "sample", "passed": 0, "total": 3, "results": extra}))[
        "ok"
    ]
    sample = await cand.call("RUN_RESULT", {"kind": "sample", "passed": 1, "total": 3, "results": []})
    assert sample["ok"]  # the connection stays up and a real sample run is logged
    log = (
        await (
            await http.get(
                f"/sessions/{s['session_id']}/events?limit=1000", headers=bearer(s["candidate_token"])
            )
        ).json()
    )["events"]
    runs = [e["payload"] for e in log if e["type"] == "RUN_RESULT"]
    assert runs == [
        {"kind": "sample", "passed": 1, "total": 3, "results": [], "timed_out": False, "source": "page"}
    ]


async def test_a_second_submit_is_judged_and_the_report_lists_both(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    s, cand, _ = await _coding(server, http, open_client)
    first = await _submit(server, cand, WRONG)
    assert first["payload"]["passed"] < first["payload"]["total"]
    assert (await cand.call("STATE_CHANGE", {"to": "CODING"}))["ok"]
    second = await _submit(server, cand, RIGHT)
    assert second["payload"]["attempt"] == 2 and second["payload"]["passed"] == second["payload"]["total"]
    ended = await http.post(f"/sessions/{s['session_id']}/end", headers=bearer(s["candidate_token"]))
    report = (await ended.json())["report"]
    assert [x["attempt"] for x in report["submits"]] == [1, 2]
    assert report["submit_results"]["attempt"] == 2 and report["hidden_failures"] == []
    assert report["optimal"]["time"] == Q.complexity.time


async def test_after_the_end_the_report_shows_failing_hidden_inputs(
    server: TestServer, http: Http, open_client: OpenClient
) -> None:
    s, cand, _ = await _coding(server, http, open_client)
    verdict = await _submit(server, cand, WRONG)
    ended = await http.post(f"/sessions/{s['session_id']}/end", headers=bearer(s["candidate_token"]))
    failures = (await ended.json())["report"]["hidden_failures"]
    failing = [r["index"] for r in verdict["payload"]["results"] if not r["passed"]]
    assert 1 <= len(failures) <= 3 and [f["index"] for f in failures] == failing[: len(failures)]
    first = failures[0]
    case = Q.hidden_tests[first["index"]]
    assert (
        first["args"] == list(case.args) and first["expected"] == case.expected and first["actual"] == [0, 1]
    )


async def _held_submit(
    start_app: StartApp, db_url: str, aiohttp_client: Any, open_client: OpenClient
) -> tuple[TestServer, Http, dict[str, Any], SioClient, InProcessJudge]:
    """A submit the judge holds (its gate closed): a slow judge, or a node dying mid-judging."""
    judge = InProcessJudge()
    judge.gate = asyncio.Event()
    server = await start_app(make_settings(db_url), judge)
    http: Http = await aiohttp_client(server)
    s, cand, _ = await _coding(server, http, open_client)
    assert (await cand.call("CODE_SNAPSHOT", {"code": RIGHT, "language": "python"}))["ok"]
    assert (await cand.call("STATE_CHANGE", {"to": "REVIEW"}))["ok"]
    return server, http, s, cand, judge


async def test_a_submit_whose_judging_node_died_is_judged_on_the_next_ready(
    start_app: StartApp, db_url: str, aiohttp_client: Any, open_client: OpenClient
) -> None:
    server, http, s, cand, judge = await _held_submit(start_app, db_url, aiohttp_client, open_client)
    await asyncio.sleep(0.05)
    rt = runtime(server)
    assert rt.judging is not None and len(judge.requests) == 1  # the reference's run or the submit's
    await rt.judging.tasks.close()  # what a SIGKILL does to the judging task
    held, judge.gate = judge.gate, None
    assert held is not None
    held.set()  # a run the cancelled task left behind (the bank's shared reference run) finishes
    mark = cand.mark()
    assert (await cand.call("CLIENT_READY", {"last_seq": cand.max_seq}))["ok"]  # a reload
    verdict = await cand.wait_for("RUN_RESULT", _is_verdict, since=mark)
    assert verdict["payload"]["passed"] == verdict["payload"]["total"]
    assert (await cand.call("CLIENT_READY", {"last_seq": 0}))["ok"]  # ready again: judged once
    await rt.judging.tasks.idle()
    page = await http.get(
        f"/sessions/{s['session_id']}/events?limit=1000", headers=bearer(s["candidate_token"])
    )
    log = (await page.json())["events"]
    assert len([e for e in log if e["type"] == "RUN_RESULT" and _is_verdict(e)]) == 1
    assert 1 <= len(judge.candidate_runs) <= 2  # the cancelled run may not have started


async def test_ending_right_after_a_submit_reports_its_verdict(
    start_app: StartApp, db_url: str, aiohttp_client: Any, open_client: OpenClient
) -> None:
    _, http, s, _, judge = await _held_submit(start_app, db_url, aiohttp_client, open_client)
    assert judge.gate is not None
    asyncio.get_running_loop().call_later(0.3, judge.gate.set)
    ended = await http.post(f"/sessions/{s['session_id']}/end", headers=bearer(s["candidate_token"]))
    report = (await ended.json())["report"]
    assert report["submit_results"] is not None and report["submit_results"]["passed"] == SUITE


async def test_a_session_submitting_again_and_again_has_one_judge_run_at_a_time(
    start_app: StartApp, db_url: str, aiohttp_client: Any, open_client: OpenClient
) -> None:
    _, _, _, cand, judge = await _held_submit(start_app, db_url, aiohttp_client, open_client)
    for _ in range(3):  # a flood of submits while the first is still being judged
        assert (await cand.call("STATE_CHANGE", {"to": "CODING"}))["ok"]
        assert (await cand.call("STATE_CHANGE", {"to": "REVIEW"}))["ok"]
    await asyncio.sleep(0.1)
    assert len(judge.requests) == 1 and judge.in_flight == 1  # the others wait for their turn
    assert judge.gate is not None
    judge.gate.set()
    for attempt in range(1, 5):
        await cand.wait_for(
            "RUN_RESULT", lambda e, n=attempt: _is_verdict(e) and e["payload"]["attempt"] == n
        )
    assert judge.most_in_flight == 1 and len(judge.candidate_runs) == 4
    attempts = [
        e["payload"]["attempt"] for e in cand.received if e["type"] == "RUN_RESULT" and _is_verdict(e)
    ]
    assert attempts == [1, 2, 3, 4]  # verdicts in the order of the submits
