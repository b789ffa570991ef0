"""Fan-out benchmark on loopback: S sessions x (1 candidate + K observers), each candidate sending
~2 KB CODE_SNAPSHOT envelopes at R/s for T seconds; observers count what arrives.

    .venv/bin/python scripts/bench_fanout.py                       # ours (SQLite, 1 node) vs peer
    .venv/bin/python scripts/bench_fanout.py --targets pg1,pg3,peer1,peer3 -S 100 -K 4 -R 2 -T 15

Targets: `sqlite1` (our server, SQLite, one node), `pg1` (PostgreSQL, one node), `pg3` (PostgreSQL,
three nodes + Redis; observers spread over the other nodes), `peer1` / `peer3` (the Node socket.io
relay in ../shared/bench-peer, beside the repository, with PERSIST=1; `peer3` adds its Redis
adapter). Targets run in the order given, alternating ours and the peer, `--rounds` times.

Reported per run: deliveries per server CPU-second (user+sys of the server processes from
/proc/PID/stat, over the send window plus a drain), delivery latency p50/p99 (send time stamped in
the payload), lost and duplicated deliveries. The clients speak Engine.IO v4 / Socket.IO v5 over
raw aiohttp websockets (much lighter than python-socketio clients).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_clients import Load, run_load  # noqa: E402
from tests.support.procs import REDIS_URL, ServerProc, free_port, fresh_database  # noqa: E402

PEER_DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "bench-peer"
PEER_SRC = Path(os.environ.get("BENCH_PEER_DIR", PEER_DEFAULT))
PEER_CACHE = Path(tempfile.gettempdir()) / "isim-bench-peer"
TICK = os.sysconf("SC_CLK_TCK")
ALL_CPUS = sorted(os.sched_getaffinity(0))
# Extra query parameters for our nodes' DATABASE_URL (e.g. "maxsize=20": asyncpg pool size).
PG_PARAMS = os.environ.get("BENCH_PG_PARAMS", "")
# Another checkout's backend/src to serve from (PYTHONPATH), e.g. an older commit for a before/after.
SERVER_SRC = os.environ.get("BENCH_SERVER_SRC", "")


def cpu_seconds(pids: list[int]) -> float:
    """user + sys CPU time of the processes, from /proc/PID/stat (fields 14 and 15)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / TICK


class Target:
    """A server under test: started, measured by its pids, stopped."""

    name = "?"
    needs_sessions = True

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.pids: list[int] = []

    async def __aenter__(self) -> Target:
        return self

    async def __aexit__(self, *exc: object) -> None:
        pass


class Ours(Target):
    def __init__(self, nodes: int, db: str) -> None:
        super().__init__()
        self.nodes_n, self.db = nodes, db
        self.name = f"interview-sim, {db}, {nodes} node{'s' if nodes > 1 else ''}"
        self.procs: list[ServerProc] = []
        self._db_cm = None

    async def __aenter__(self) -> Ours:
        if self.db == "sqlite":
            self.workdir = Path(tempfile.mkdtemp(prefix="isim-bench-db-"))
            url = f"sqlite://{self.workdir / 'bench.sqlite3'}"
        else:
            self._db_cm = fresh_database("isim_bench")
            url = await self._db_cm.__aenter__()
            if PG_PARAMS:
                url += f"?{PG_PARAMS}"
                self.name += f" ({PG_PARAMS})"
        redis = REDIS_URL if self.nodes_n > 1 else None
        env = {
            "LOG_LEVEL": "WARNING",
            "RATE_LIMIT_PER_S": "50",
            "RATE_LIMIT_BURST": "100",
            "SESSIONS_PER_ADDRESS_PER_HOUR": "100000",  # every bench client comes from one address
            "SESSION_BUDGET_BYTES": "1000000000",
        }
        if SERVER_SRC:
            env["PYTHONPATH"] = SERVER_SRC
            self.name += f" [{SERVER_SRC}]"
        self.procs = [ServerProc(url, redis, f"bench{i}", **env) for i in range(self.nodes_n)]
        try:
            await asyncio.gather(*(p.start() for p in self.procs))
        except BaseException:
            await self.__aexit__()
            raise
        self.urls = [p.url for p in self.procs]
        self.pids = [p.proc.pid for p in self.procs if p.proc is not None]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for p in self.procs:
            p.cleanup()
        if self._db_cm is not None:
            await self._db_cm.__aexit__(None, None, None)
        elif self.db == "sqlite":
            shutil.rmtree(self.workdir, ignore_errors=True)


class Peer(Target):
    needs_sessions = False

    def __init__(self, nodes: int) -> None:
        super().__init__()
        self.nodes_n = nodes
        self.name = f"Node relay, PERSIST=1, {nodes} node{'s' if nodes > 1 else ''}"
        self.procs: list[subprocess.Popen[bytes]] = []

    async def __aenter__(self) -> Peer:
        d = install_peer()
        self._db_cm = fresh_database("isim_bench_peer")
        url = await self._db_cm.__aenter__()
        try:
            # One at a time: each relay runs CREATE TABLE IF NOT EXISTS at start, and relays starting
            # together race on it (the loser crashes with a unique violation).
            for _ in range(self.nodes_n):
                port = free_port()
                env = {**os.environ, "PORT": str(port), "PERSIST": "1", "DATABASE_URL": url}
                if self.nodes_n > 1:
                    env["REDIS_URL"] = REDIS_URL
                self.procs.append(spawn_relay(d, env, port))
                self.urls.append(f"http://127.0.0.1:{port}")
                await wait_socketio(self.urls[-1])
                await asyncio.sleep(0.5)
        except BaseException:
            await self.__aexit__()
            raise
        self.pids = [p.pid for p in self.procs]
        return self

    async def __aexit__(self, *exc: object) -> None:
        for p in self.procs:
            p.terminate()
            p.wait(10)
        await self._db_cm.__aexit__(None, None, None)


def spawn_relay(d: Path, env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    with (d / f"relay-{port}.log").open("ab") as log:
        return subprocess.Popen(["node", "relay.js"], cwd=d, env=env, stdout=log, stderr=log)


def install_peer() -> Path:
    """Copy the peer relay to a temp dir (never into the project) and `npm install` it once."""
    if not (PEER_CACHE / "node_modules" / "socket.io").exists():
        shutil.copytree(PEER_SRC, PEER_CACHE, dirs_exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund"], cwd=PEER_CACHE, check=True)
    return PEER_CACHE


async def wait_socketio(url: str, limit_s: float = 20) -> None:
    deadline = time.monotonic() + limit_s
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            try:
                async with http.get(f"{url}/ws/?EIO=4&transport=polling") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{url} did not answer socket.io")


def make_target(name: str) -> Target:
    return {
        "sqlite1": lambda: Ours(1, "sqlite"),
        "pg1": lambda: Ours(1, "postgres"),
        "pg3": lambda: Ours(3, "postgres"),
        "peer1": lambda: Peer(1),
        "peer3": lambda: Peer(3),
    }[name]()


async def measure(target_name: str, load: Load, profile: str = "", pin: bool = False) -> dict[str, object]:
    async with make_target(target_name) as target:
        if pin:
            pin_cpus(target.pids)
        spy = start_profile(target, load, profile)
        cpu = lambda: cpu_seconds(target.pids)  # noqa: E731
        result = await run_load(target.urls, load, target.needs_sessions, cpu, target.pids)
        print(f"{target.name}: {result['series']}", file=sys.stderr, flush=True)
        print(f"{target.name}: {result['connects']}", file=sys.stderr, flush=True)
        if spy is not None:
            spy.wait(30)
        return {"target": target.name, **result}


def pin_cpus(server_pids: list[int]) -> None:
    """The servers' threads on the last CPU, this process (the load generator) on the others: on a
    small machine the clients otherwise take CPU from the server they measure. PostgreSQL and Redis
    stay where the system put them."""
    cpus = ALL_CPUS
    if len(cpus) < 2:
        raise SystemExit("--pin needs at least two CPUs")
    for pid in server_pids:
        for task in Path(f"/proc/{pid}/task").iterdir():
            os.sched_setaffinity(int(task.name), {cpus[-1]})
    os.sched_setaffinity(0, set(cpus[:-1]))


def start_profile(target: Target, load: Load, path: str) -> subprocess.Popen[bytes] | None:
    """py-spy (pip install py-spy) samples our first node over the run, as collapsed stacks."""
    if not path or not isinstance(target, Ours):
        return None
    spy = Path(sys.executable).with_name("py-spy")
    cmd = [str(spy), "record", "--pid", str(target.pids[0]), "--format", "raw", "--nonblocking"]
    seconds = int(load.seconds + 6)
    return subprocess.Popen([*cmd, "--duration", str(seconds), "--output", path], stdout=subprocess.DEVNULL)


def table(rows: list[dict[str, object]], load: Load) -> str:
    head = (
        f"S={load.sessions} sessions x (1 candidate + K={load.observers} observers), "
        f"{load.rate}/s x {load.size} B snapshots per candidate, T={load.seconds} s"
        f"{', clients offer permessage-deflate' if load.deflate else ''}"
        f"{', candidates send CLIENT_READY (interviewer greets)' if load.ready else ''}"
        f"{f', a typed final every {load.final_every_s:g} s' if load.final_every_s else ''}"
        f"{f', {load.partials_per_s:g} partials/s' if load.partials_per_s else ''}"
        f"{', finals in lockstep' if load.lockstep else ''}\n\n"
        "| server | sent | acked | snapshot deliveries | per server CPU-s | all frames per CPU-s "
        "| session-s per CPU-s | CPU-s | p50 ms | p99 ms | lost | dup | KB RSS per idle conn "
        "| first delta p50 / p99 ms (n) | greeting | answers |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: |"
    )
    lines = [head]
    for r in rows:
        first = (
            f"{r['first_delta_p50_ms']:,.0f} / {r['first_delta_p99_ms']:,.0f} ({r['first_delta_n']})"
            if r["first_delta_n"]
            else "-"
        )
        lines.append(
            f"| {r['target']} | {r['sent']} | {r['acks_ok']} | {r['delivered']} | {r['per_cpu_s']:,.0f} "
            f"| {r['frames_per_cpu_s']:,.0f} | {r['sessions_per_cpu_s']:,.0f} "
            f"| {r['cpu_s']:.2f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {r['lost']} | {r['dup']} "
            f"| {r['rss_per_conn_kb']:.1f} | {first} | {r['greeting_first']} | {r['answer_first']} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-S", "--sessions", type=int, default=100)
    ap.add_argument("-K", "--observers", type=int, default=4)
    ap.add_argument("-R", "--rate", type=float, default=2.0, help="snapshots per second per candidate")
    ap.add_argument("-T", "--seconds", type=float, default=15.0, help="send window (capped at 20 s)")
    ap.add_argument("--size", type=int, default=2048, help="bytes of code per snapshot")
    ap.add_argument("--targets", default="sqlite1,peer1", help="comma list: sqlite1,pg1,pg3,peer1,peer3")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--deflate", action="store_true", help="clients offer permessage-deflate (browsers do)")
    ap.add_argument("--ready", action="store_true", help="candidates send CLIENT_READY: interviewers greet")
    ap.add_argument("--final-every", type=float, default=0.0, help="a typed final per candidate every N s")
    ap.add_argument("--partials", type=float, default=0.0, help="backchannel partials/s per candidate")
    ap.add_argument(
        "--lockstep", action="store_true", help="all candidates' finals at the same instants (worst case)"
    )
    ap.add_argument("--profile", default="", help="py-spy: our first node's collapsed stacks to this file")
    ap.add_argument(
        "--pin", action="store_true", help="servers on the last CPU, the load generator on the others"
    )
    args = ap.parse_args()
    load = Load(
        args.sessions, args.observers, args.rate, min(args.seconds, 20.0), args.size, args.deflate,
        args.ready, args.final_every, args.partials, args.lockstep,
    )  # fmt: skip
    names = [t.strip() for t in args.targets.split(",") if t.strip()]
    if not (PEER_SRC / "relay.js").exists() or shutil.which("node") is None:
        print(f"no Node peer ({PEER_SRC}/relay.js or node missing): measuring ours only", file=sys.stderr)
        names = [n for n in names if not n.startswith("peer")]
    rows = []
    for _ in range(args.rounds):
        for name in names:
            print(f"... {name}", file=sys.stderr, flush=True)
            rows.append(asyncio.run(measure(name, load, args.profile, args.pin)))
    print(table(rows, load))


if __name__ == "__main__":
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    main()
