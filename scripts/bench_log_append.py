"""Session-log append benchmark, in process, on a fresh PostgreSQL database: S sessions each append
N/S events one after another (as a client waits for each ack), all sessions at once (after one
unmeasured append each, which opens the connection pool), through
`TortoiseEventLog.append` with batching off (`single`, LOG_BATCH=0) and on (`batch`).

    .venv/bin/python scripts/bench_log_append.py                        # 300 sessions, 30,000 events
    .venv/bin/python scripts/bench_log_append.py -S 50 -N 5000 --rounds 3 --modes single,batch,batch:2
    .venv/bin/python scripts/bench_log_append.py --rate 2      # each session 2 appends/s, not flat out

A mode `batch:W` holds each flush W ms for more rows (LOG_BATCH_WAIT_MS). Modes alternate, `--rounds`
times, each run on its own database. Reported per run: appends per CPU-second of this process
(time.process_time), the PostgreSQL server processes' CPU-seconds (from /proc), append latency
p50/p99, and statements sent; then the median of each mode.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))
sys.path.insert(0, str(ROOT / "backend" / "src"))

from tests.support.procs import fresh_database  # noqa: E402

from interview_sim.storage.db import close_db, init_db  # noqa: E402
from interview_sim.storage.event_log import TortoiseEventLog  # noqa: E402
from interview_sim.storage.questions import seed_questions  # noqa: E402
from interview_sim.storage.sessions import SessionStore  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
CODE = "def solution(nums, target):\n    seen = {}\n" + "    # thinking out loud\n" * 12


def postgres_cpu_s() -> float:
    """user + sys CPU of every process named `postgres` on this machine (the server is local)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text.split("(", 1)[1].rsplit(")", 1)
        if name == "postgres":
            fields = rest.split()
            total += int(fields[11]) + int(fields[12])
    return total / TICK


@dataclass
class Run:
    mode: str
    appends_per_cpu_s: float
    pg_cpu_s: float
    p50_ms: float
    p99_ms: float
    statements: int
    wall_s: float

    def line(self) -> str:
        return (
            f"{self.mode:>10}  {self.appends_per_cpu_s:9.0f} appends/CPU-s  pg {self.pg_cpu_s:5.2f} CPU-s  "
            f"p50 {self.p50_ms:6.2f} ms  p99 {self.p99_ms:7.2f} ms  {self.statements:6d} statements  "
            f"{self.wall_s:5.2f} s"
        )


def build_log(mode: str) -> TortoiseEventLog:
    if mode == "single":
        return TortoiseEventLog(postgres=True, batch=False)
    wait_ms = float(mode.split(":", 1)[1]) if ":" in mode else 0.0
    return TortoiseEventLog(postgres=True, batch=True, batch_wait_s=wait_ms / 1000)


async def one_run(mode: str, sessions: int, events: int, rate: float) -> Run:
    async with fresh_database("isim_bench") as url:
        await init_db(url)
        try:
            await seed_questions()
            store = SessionStore()
            sids = [
                str((await store.create(question_id="two-sum", company_mode="General", difficulty="Easy",
                                        language="python", candidate_name=None)).row.id)
                for _ in range(sessions)
            ]  # fmt: skip
            return await _measure(mode, build_log(mode), sids, events // sessions, rate)
        finally:
            await close_db()


async def _measure(mode: str, log: TortoiseEventLog, sids: list[str], per_session: int, rate: float) -> Run:
    latencies: list[float] = []

    async def session(n: int, sid: str) -> None:
        period = 1 / rate if rate > 0 else 0.0
        await asyncio.sleep(period * n / len(sids))  # spread the sessions over one period
        due = time.perf_counter()
        for i in range(per_session):
            due += period
            if period:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
            payload = {"code": f"{CODE}# {i}\n", "language": "python"}
            started = time.perf_counter()
            await log.append(sid, "CODE_SNAPSHOT", payload, ts_ms=i, client_id=f"c{i}", role="candidate")
            latencies.append(time.perf_counter() - started)

    # Warm-up, not measured: one append per session at once opens the pool's connections.
    await asyncio.gather(*(log.append(sid, "OBSERVER_NOTE", {"text": "hi"}, ts_ms=0) for sid in sids))
    statements0 = log.batcher.statements if log.batcher is not None else 0
    pg0, cpu0, wall0 = postgres_cpu_s(), time.process_time(), time.perf_counter()
    await asyncio.gather(*(session(n, sid) for n, sid in enumerate(sids)))
    cpu, wall, pg = time.process_time() - cpu0, time.perf_counter() - wall0, postgres_cpu_s() - pg0
    latencies.sort()
    statements = log.batcher.statements - statements0 if log.batcher is not None else len(latencies)
    return Run(
        mode,
        len(latencies) / cpu,
        pg,
        latencies[len(latencies) // 2] * 1000,
        latencies[int(len(latencies) * 0.99)] * 1000,
        statements,
        wall,
    )


def report(runs: list[Run], modes: list[str]) -> None:
    print("\nmedians:")
    for mode in modes:
        mine = [r for r in runs if r.mode == mode]
        med = Run(
            mode,
            statistics.median(r.appends_per_cpu_s for r in mine),
            statistics.median(r.pg_cpu_s for r in mine),
            statistics.median(r.p50_ms for r in mine),
            statistics.median(r.p99_ms for r in mine),
            int(statistics.median(r.statements for r in mine)),
            statistics.median(r.wall_s for r in mine),
        )
        print(med.line())


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-S", "--sessions", type=int, default=300)
    parser.add_argument("-N", "--events", type=int, default=30_000, help="events in all")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--modes", default="single,batch", help="single, batch, batch:WAIT_MS")
    parser.add_argument("--rate", type=float, default=0.0, help="appends/s per session (0: flat out)")
    args = parser.parse_args()
    modes = args.modes.split(",")
    runs: list[Run] = []
    for round_ in range(args.rounds):
        for mode in modes:
            run = await one_run(mode, args.sessions, args.events, args.rate)
            runs.append(run)
            print(f"round {round_ + 1}: {run.line()}", flush=True)
    report(runs, modes)


if __name__ == "__main__":
    asyncio.run(main())
