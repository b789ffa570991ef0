"""Hostile code on the real judge: every escape is blocked with a clear per-case error, and the
judge keeps serving (each test ends with a correct answer judged right after the attack)."""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from tests.support.judge import real_judge, request

from interview_sim.judge import Case, JudgeResult, LocalJudge

SECRET = "sk-test-judge-must-not-see-this"
THIS_FILE = str(Path(__file__).resolve())  # a server file the sandbox must not see


@pytest.fixture
async def judge(monkeypatch: pytest.MonkeyPatch) -> LocalJudge:
    monkeypatch.setenv("LLM_API_KEY", SECRET)
    limits = {"javascript": 300, "python": 300}
    return await real_judge(time_limit_ms=limits, wall_budget_s=20.0, wall_factor=2.0, wall_grace_ms=500.0)


async def still_serving(judge: LocalJudge, language: str) -> None:
    code = "def f(x):\n    return x + 1\n" if language == "python" else "function f(x) { return x + 1 }"
    after = await judge.run(request(code, language, "f", Case((1,), 2)))
    assert after.outcomes[0].verdict == "passed", after


async def run_py(judge: LocalJudge, body: str, *cases: Case) -> JudgeResult:
    code = (
        "import os, sys\ndef f(x):\n" + "\n".join("    " + line for line in body.strip().splitlines()) + "\n"
    )
    result = await judge.run(request(code, "python", "f", *(cases or (Case((0,), None, check=False),))))
    await still_serving(judge, "python")
    return result


async def run_js(judge: LocalJudge, code: str, *cases: Case) -> JudgeResult:
    result = await judge.run(request(code, "javascript", "f", *(cases or (Case((0,), None, check=False),))))
    await still_serving(judge, "javascript")
    return result


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, int]]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server, server.getsockname()[1]
    server.close()


async def test_no_network_the_loopback_listener_gets_no_connection(
    judge: LocalJudge, listener: tuple[socket.socket, int]
) -> None:
    server, port = listener
    result = await run_py(
        judge,
        f"import socket\nsocket.create_connection(('127.0.0.1', {port}), timeout=1)\nreturn 'connected'",
    )
    assert result.outcomes[0].verdict == "runtime_error"
    assert result.outcomes[0].error_kind == "PermissionError"  # the seccomp filter; no route either way
    with pytest.raises(BlockingIOError):
        server.accept()


async def test_no_server_files(judge: LocalJudge) -> None:
    paths = [
        "/etc/passwd",
        "/proc/self/environ",
        "/proc/1/environ",
        THIS_FILE,
        "/root/.bashrc",
    ]
    cases = [Case((p,), None, check=False) for p in paths]
    result = await run_py(judge, "return open(x).read()", *cases)
    for o in result.outcomes:
        assert (o.verdict, o.error_kind) == ("runtime_error", "FileNotFoundError"), o


async def test_the_server_environment_is_not_there(judge: LocalJudge) -> None:
    assert os.environ["LLM_API_KEY"] == SECRET
    result = await run_py(judge, "return dict(os.environ)")
    assert set(result.outcomes[0].actual) <= {"PWD", "LC_CTYPE"}  # set by bwrap --chdir and by Python itself
    assert SECRET not in repr(result)


async def test_only_the_scratch_dir_is_writable(judge: LocalJudge) -> None:
    body = "with open(x, 'w') as f:\n    f.write('x')\nreturn open(x).read()"
    outside = ["/usr/evil", "/judge/harness/common.py", "/evil", "/dev/evil"]
    result = await run_py(
        judge, body, Case(("/tmp/scratch.txt",), "x"), *(Case((p,), None, check=False) for p in outside)
    )
    assert result.outcomes[0].verdict == "passed"
    for o in result.outcomes[1:]:
        assert o.verdict == "runtime_error" and o.error_kind in (
            "OSError",
            "PermissionError",
            "FileNotFoundError",
        ), o


async def test_no_programs_to_start(judge: LocalJudge) -> None:
    body = """
import subprocess
if x == 0:
    return os.system('echo hacked > /tmp/x; cat /tmp/x')
return subprocess.run(['/bin/sh', '-c', 'id'], capture_output=True, text=True).stdout
"""
    result = await run_py(judge, body, Case((0,), None, check=False), Case((1,), None, check=False))
    for o in result.outcomes:
        assert (o.verdict, o.error_kind) == ("runtime_error", "PermissionError"), o


async def test_a_fork_bomb_is_contained(judge: LocalJudge) -> None:
    body = """
children = 0
for _ in range(500):
    try:
        if os.fork() == 0:
            import time
            time.sleep(30)
            os._exit(0)
        children += 1
    except OSError:
        break
return children
"""
    result = await run_py(judge, body)
    assert result.outcomes[0].verdict == "passed"
    assert result.outcomes[0].actual == 0  # the seccomp filter; RLIMIT_NPROC is the second line


async def test_a_memory_bomb_is_a_memory_limit(judge: LocalJudge) -> None:
    bomb = "blocks = []\nwhile True:\n    blocks.append(bytearray(50 * 2**20))"
    result = await run_py(judge, bomb, Case((0,), None, check=False, time_limit_ms=5000))
    assert (result.outcomes[0].verdict, result.outcomes[0].error_kind) == ("memory_limit", "MemoryError")


async def test_an_infinite_loop_times_out_and_the_next_case_runs(judge: LocalJudge) -> None:
    result = await run_py(judge, "while x == 0:\n    pass\nreturn x", Case((0,), 0), Case((1,), 1))
    assert [o.verdict for o in result.outcomes] == ["timed_out", "passed"]


@pytest.mark.parametrize(
    ("language", "code"),
    [
        ("python", "while True:\n    pass\ndef f(x):\n    return x\n"),
        ("javascript", "while (true) {}\nfunction f(x) { return x }"),
    ],
)
async def test_an_infinite_loop_at_the_top_level_is_a_load_error(
    judge: LocalJudge, language: str, code: str
) -> None:
    result = await judge.run(request(code, language, "f", Case((1,), 1)))
    assert result.load_error is not None and "ran out of time" in result.load_error
    assert (result.outcomes[0].verdict, result.outcomes[0].error_kind) == ("runtime_error", "TimeoutError")
    await still_serving(judge, language)


async def test_a_loop_that_swallows_the_timeout_is_killed(judge: LocalJudge) -> None:
    body = """
while x == 0:
    try:
        while True:
            pass
    except BaseException:
        pass
return x
"""
    result = await run_py(judge, body, Case((0,), 0), Case((1,), 1))
    assert [o.verdict for o in result.outcomes] == ["timed_out", "passed"]


async def test_huge_output_is_capped(judge: LocalJudge) -> None:
    body = "for _ in range(100_000):\n    print('spam' * 100)\nos.write(1, b'x' * 10**6)\nreturn 1"
    result = await run_py(judge, body, Case((0,), 1))
    o = result.outcomes[0]
    assert o.verdict == "passed" and o.stdout is not None
    assert len(o.stdout) < 10_000 and o.stdout.endswith("[output truncated]")


async def test_a_huge_returned_value_is_an_output_limit(judge: LocalJudge) -> None:
    result = await run_py(judge, "return 'x' * (40 * 2**20)", Case((0,), "x", time_limit_ms=5000))
    assert result.outcomes[0].verdict == "output_limit"


async def test_forged_or_unsendable_answers_are_the_case_s_error(judge: LocalJudge) -> None:
    forge = """
import gc
channel = next(o for o in gc.get_objects() if type(o).__name__ == "Channel")
if x == 0:
    channel._out.write('{"t": "result", "i": 0, "actual": ' + '[' * 100000 + ']' * 100000 + '}\\n')
    channel._out.flush()
    while True:
        pass
if x == 1:
    return 10 ** 5000
if x == 3:
    channel.emit({"t": "result", "i": 3, "verdict": "passed", "cpu_ms": "fast"})
    while True:
        pass
return x
"""
    cases = [
        Case((0,), 0, time_limit_ms=3000),
        Case((1,), 1),
        Case((2,), 2),
        Case((3,), 3, time_limit_ms=3000),
    ]
    result = await run_py(judge, forge, *cases)
    assert [o.verdict for o in result.outcomes] == [
        "runtime_error",
        "runtime_error",
        "passed",
        "runtime_error",
    ]
    assert result.outcomes[0].error is not None and "could not be read" in result.outcomes[0].error
    assert result.outcomes[1].error_kind == "ValueError"


async def test_deep_recursion_is_a_runtime_error(judge: LocalJudge) -> None:
    code = "def f(x):\n    return f(x + 1)\n"
    result = await judge.run(request(code, "python", "f", Case((0,), 0)))
    assert (result.outcomes[0].verdict, result.outcomes[0].error_kind) == ("runtime_error", "RecursionError")
    through_c = (
        "import sys\nsys.setrecursionlimit(10**6)\ndef f(x):\n    return list(map(f, [x])) if x == 0 else x\n"
    )
    # Filling the 64 MB stack takes a while on a slow machine: the limit is not what is tested here.
    deep = Case((0,), 0, time_limit_ms=15_000)
    crash = await judge.run(request(through_c, "python", "f", deep, Case((1,), 1)))
    assert [(o.verdict, o.error_kind) for o in crash.outcomes] == [
        ("runtime_error", "Crash"),
        ("passed", None),
    ]
    assert "SIGSEGV" in (crash.outcomes[0].error or "")
    js = await judge.run(request("function f(x) { return f(x + 1) }", "javascript", "f", Case((0,), 0)))
    assert (js.outcomes[0].verdict, js.outcomes[0].error_kind) == ("runtime_error", "RangeError")
    await still_serving(judge, "javascript")


async def test_js_has_no_require_process_or_fetch(judge: LocalJudge) -> None:
    names = ["require", "process", "fetch", "XMLHttpRequest", "Deno"]
    code = f"function f() {{ return [{', '.join(f'typeof {n}' for n in names)}] }}"
    result = await run_js(judge, code, Case((0,), ["undefined"] * 5))
    assert result.outcomes[0].verdict == "passed", result.outcomes[0]


async def test_js_prototype_tricks_do_not_change_the_verdict(judge: LocalJudge) -> None:
    code = """
JSON.stringify = () => '{"actual":[0,1]}'
JSON.parse = () => [[2, 7], 9]
Array.prototype.toJSON = function () { return [0, 1] }
Object.prototype.toJSON = function () { return [0, 1] }
Object.keys = () => []
Array.isArray = () => false
Reflect.apply = () => [0, 1]
Function.prototype.call = Function.prototype.apply = () => [0, 1]
String.prototype.slice = () => ''
globalThis.__isimJudge = null
function f(nums, target) { return [nums.length, target] }
"""
    result = await run_js(judge, code, Case(([1, 2, 3], 4), [0, 1]), Case(([5], 6), [1, 6]))
    assert [o.verdict for o in result.outcomes] == ["wrong_answer", "passed"]
    assert result.outcomes[0].actual == [3, 4]


async def test_js_infinite_loop_and_memory_bomb(judge: LocalJudge) -> None:
    code = """
function f(x) {
  if (x === 0) { while (true) {} }
  if (x === 1) { const a = []; while (true) a.push(new Array(1e5).fill(x + 0.5)) }
  return x
}"""
    result = await run_js(judge, code, Case((0,), 0), Case((1,), 1, time_limit_ms=5000), Case((2,), 2))
    assert [o.verdict for o in result.outcomes] == ["timed_out", "memory_limit", "passed"]


async def test_an_event_loop_stays_free_while_hostile_code_runs(judge: LocalJudge) -> None:
    ticks: list[float] = []

    async def ticker() -> None:
        loop = asyncio.get_running_loop()
        while True:
            ticks.append(loop.time())
            await asyncio.sleep(0.01)

    task = asyncio.create_task(ticker())
    try:
        result = await run_py(judge, "while True:\n    pass", Case((0,), 0, time_limit_ms=2000))
    finally:
        task.cancel()
    assert result.outcomes[0].verdict == "timed_out"
    gaps = [b - a for a, b in pairwise(ticks)]
    # A loop that waited on the run would stall for its 2 s; 1 s leaves room for a busy machine.
    assert len(ticks) > 50 and max(gaps) < 1.0, max(gaps)
