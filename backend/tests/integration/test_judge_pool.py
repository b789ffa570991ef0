"""The judge's pool and its observed-complexity probe, on real sandboxes."""

from __future__ import annotations

import asyncio
import contextlib
import os
from itertools import pairwise
from pathlib import Path

import pytest
from tests.support.judge import real_judge, request

from interview_sim.judge import Case, JudgeBusy, JudgeUnavailable, LocalJudge, Probe
from interview_sim.judge.config import JudgeConfig
from interview_sim.judge.session import run_request

BUSY_PY = "def f(x):\n    total = 0\n    for i in range(200_000):\n        total += i\n    return x\n"


async def test_twenty_five_submits_at_once_queue_up_and_the_rest_are_told_busy() -> None:
    judge = await real_judge(workers=2, queue=20)
    ticks: list[float] = []

    async def ticker() -> None:
        while True:
            ticks.append(asyncio.get_running_loop().time())
            await asyncio.sleep(0.01)

    clock = asyncio.create_task(ticker())
    try:
        runs = [judge.run(request(BUSY_PY, "python", "f", Case((i,), i))) for i in range(25)]
        results = await asyncio.gather(*runs, return_exceptions=True)
    finally:
        clock.cancel()
    done = [r for r in results if not isinstance(r, BaseException)]
    busy = [r for r in results if isinstance(r, JudgeBusy)]
    assert (len(done), len(busy)) == (22, 3)  # 2 running + 20 waiting; the rest at once
    assert all(r.outcomes[0].verdict == "passed" for r in done)
    assert "busy" in str(busy[0])
    assert max(b - a for a, b in pairwise(ticks)) < 1.0  # never waited on a run (~4 s in all), even when busy
    assert judge.waiting == 0


async def test_a_cancelled_run_leaves_no_process_and_frees_its_slot() -> None:
    judge = await real_judge(workers=1, queue=1)
    hostile = judge.run(request("def f(x):\n    while True:\n        pass\n", "python", "f", Case((1,), 1)))
    task = asyncio.create_task(hostile)
    await asyncio.sleep(1.0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    if os.geteuid() == 0:  # otherwise sandboxes run as this process's own uid: nothing to tell apart
        assert sandbox_processes(judge) == []
    after = await judge.run(request(BUSY_PY, "python", "f", Case((1,), 1)))  # the only slot is free again
    assert after.outcomes[0].verdict == "passed"


def sandbox_processes(judge: LocalJudge) -> list[str]:
    """Live processes running as this judge's sandbox uids (unique to this test process)."""
    uids = {judge.config.sandbox_uid(slot) for slot in range(judge.config.workers)}
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
            # Zombies are left out: bwrap's outer process exits without reaping its PID namespace's
            # init, which the host's init reaps a moment later (after every run, not only a cancel).
            if int(fields["Uid"].split()[0]) in uids and not fields["State"].strip().startswith("Z"):
                found.append(f"{status.parent.name} {fields['Name'].strip()} {fields['State'].strip()}")
    return found


async def test_a_missing_sandbox_is_unavailable_with_the_reason() -> None:
    judge = LocalJudge(JudgeConfig(python="/nonexistent/python3"))
    with pytest.raises(JudgeUnavailable, match="/nonexistent/python3"):
        await judge.run(request(BUSY_PY, "python", "f", Case((1,), 1)))


LINEAR = {
    "python": "def f(xs):\n    best = 0\n    for x in xs:\n        best = max(best, x)\n    return best\n",
    "javascript": "function f(xs) { let m = 0; for (const x of xs) m = Math.max(m, x); return m }",
}
QUADRATIC = {
    "python": "def f(xs):\n    c = 0\n    for a in xs:\n        for b in xs:\n            c += a < b\n"
    "    return c",
    "javascript": "function f(xs) { let c = 0; for (const a of xs) for (const b of xs) c += a < b;"
    " return c }",
}


def probe(*sizes: int) -> Probe:
    return Probe(tuple((n, (list(range(n, 0, -1)),)) for n in sizes))


@pytest.mark.parametrize("language", ["python", "javascript"])
async def test_the_probe_tells_linear_from_quadratic(language: str) -> None:
    judge = await real_judge()
    small = Case(([3, 1, 2],), None, check=False)
    linear = await judge.run(
        request(LINEAR[language], language, "f", small, probe=probe(2_000, 8_000, 32_000))
    )
    quadratic = await judge.run(
        request(QUADRATIC[language], language, "f", small, probe=probe(250, 500, 1_000))
    )
    assert linear.observed is not None and quadratic.observed is not None
    assert linear.observed.label in ("O(n)", "O(n log n)"), linear.observed
    assert quadratic.observed.label in ("O(n^2)", "worse than O(n^2)"), quadratic.observed
    assert quadratic.observed.sizes == (250, 500, 1_000)


@pytest.mark.parametrize("language", ["python", "javascript"])
async def test_the_sandbox_times_the_sizes_in_rounds(language: str) -> None:
    judge = await real_judge()
    small = Case(([3, 1, 2],), None, check=False)
    p = await run_request(
        request(QUADRATIC[language], language, "f", small, probe=probe(100, 200, 400)), judge.config, 0
    )
    timed = [n for n, _ in p.probe]  # calls of at most ~10 ms: none is too slow to time again
    assert timed[:6] == [100, 200, 400] * 2, timed  # the minimum of each size over the same rounds
    assert timed.count(100) > 2 and p.probe_finished


async def test_a_probe_that_times_out_says_at_least() -> None:
    judge = await real_judge(time_limit_ms={"javascript": 300, "python": 300})
    small = Case(([3, 1, 2],), None, check=False)
    result = await judge.run(
        request(QUADRATIC["python"], "python", "f", small, probe=probe(200, 400, 40_000))
    )
    assert result.observed is not None
    assert result.observed.label in ("O(n^2)", "worse than O(n^2)"), result.observed
    assert result.observed.note is not None and "n=40000 timed out" in result.observed.note
    assert result.outcomes[0].verdict == "passed"


async def test_no_probe_when_the_code_does_not_load() -> None:
    judge = await real_judge()
    result = await judge.run(request("def f(:", "python", "f", Case((1,), 1), probe=probe(10, 20)))
    assert result.load_error and result.observed is None
