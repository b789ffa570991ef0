"""The `make cluster` topology in a test: two real nodes (PostgreSQL + Redis) behind nginx rendered
from scripts/nginx.conf.template, on free ports. Websocket and long-polling clients go through nginx;
an observer connected straight to the other node sees what a candidate behind nginx sends."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from tests.support.procs import (
    REDIS_URL,
    Peer,
    ServerProc,
    create_session,
    fetch_events,
    free_port,
    fresh_database,
    has_type,
    need,
    require_services,
    wait_healthy,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

TEMPLATE = Path(__file__).resolve().parents[3] / "scripts" / "nginx.conf.template"
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"


class NginxProc:
    """nginx in the foreground from its own temp prefix (config, pid, logs), stopped by its handle."""

    def __init__(self, upstreams: list[int]) -> None:
        self.port = free_port()
        self.prefix = Path(tempfile.mkdtemp(prefix="isim-nginx-"))
        self.prefix.chmod(0o755)  # workers may run as another user when the test runs as root
        for sub in ("logs", "tmp"):
            (self.prefix / sub).mkdir()
        servers = " ".join(f"server 127.0.0.1:{p};" for p in upstreams)
        conf = TEMPLATE.read_text().replace("@LISTEN@", f"127.0.0.1:{self.port}")
        (self.prefix / "nginx.conf").write_text(conf.replace("@UPSTREAMS@", servers))
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def spawn(self) -> None:
        p = str(self.prefix)
        args = [NGINX, "-p", p, "-c", f"{p}/nginx.conf", "-e", f"{p}/logs/error.log"]
        with (self.prefix / "logs" / "stdout.log").open("ab") as out:
            self.proc = subprocess.Popen(args, stdout=out, stderr=out)

    def logs(self) -> str:
        text = [f"--- nginx ({self.prefix}) ---"]
        for name in ("stdout.log", "error.log"):
            path = self.prefix / "logs" / name
            if path.exists():
                text.append(path.read_text(errors="replace")[-3000:])
        return "\n".join(text)

    def cleanup(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.prefix, ignore_errors=True)


@dataclass
class Cluster:
    nodes: list[ServerProc]
    nginx: NginxProc


@pytest.fixture
async def cluster() -> AsyncIterator[Cluster]:
    require_services()
    need(os.access(NGINX, os.X_OK), f"nginx is not installed ({NGINX})")
    async with fresh_database("isim_ngx") as db_url:
        nodes = [ServerProc(db_url, REDIS_URL, name) for name in ("a", "b")]
        nginx = NginxProc([n.port for n in nodes])
        try:
            await asyncio.gather(*(n.start() for n in nodes))
            nginx.spawn()
            alive = lambda: nginx.proc is not None and nginx.proc.poll() is None  # noqa: E731
            await wait_healthy(nginx.url, 20, alive, nginx.logs)
            yield Cluster(nodes, nginx)
        finally:
            print(nginx.logs())  # shown by pytest when the test failed
            nginx.cleanup()
            for n in nodes:
                print(n.log_tail())
                n.cleanup()


async def test_health_answers_through_nginx(cluster: Cluster) -> None:
    async with aiohttp.ClientSession() as http, http.get(f"{cluster.nginx.url}/health") as r:
        assert r.status == 200
        body = await r.json()
    assert body["status"] == "ok"
    assert body["redis"] == "ok"
    assert body["node"] in {"a", "b"}


@pytest.mark.parametrize("transport", ["websocket", "polling"])
async def test_a_short_exchange_through_nginx(cluster: Cluster, transport: str) -> None:
    """A candidate on `transport` behind nginx; an observer behind nginx on the other transport and
    one straight on the node nginx does not pick (so the events cross nodes through Redis)."""
    base = cluster.nginx.url
    async with aiohttp.ClientSession() as http, http.get(f"{base}/health") as r:
        sticky = (await r.json())["node"]
    other = next(n for n in cluster.nodes if n.node_id != sticky)
    s = await create_session(base, question_id="two-sum")
    sid = s["session_id"]
    other_transport = "polling" if transport == "websocket" else "websocket"
    watcher = await Peer(sid, s["observer_token"], "observer@nginx").connect(base, [other_transport])
    remote = await Peer(sid, s["observer_token"], f"observer@{other.node_id}").connect(other.url)
    candidate = await Peer(sid, s["candidate_token"], f"candidate/{transport}").connect(base, [transport])
    try:
        assert candidate.sio.transport() == transport
        for peer in (watcher, remote, candidate):
            assert (await peer.send("CLIENT_READY", {}))["ok"]
        await candidate.wait_for(has_type("INTERVIEWER_STREAM_END"), what="the greeting")
        said = await candidate.send("TRANSCRIPT_FINAL", {"text": "Is the input sorted?", "source": "typed"})
        code = await candidate.send("CODE_SNAPSHOT", {"code": "def f():\n    pass\n", "language": "python"})
        assert said["ok"] and code["ok"] and code["seq"] > said["seq"]
        for observer in (watcher, remote):
            await observer.wait_for(
                lambda got: {said["seq"], code["seq"]} <= {e.get("seq") for e in got},
                what="the candidate's events",
            )
            mine = {e["seq"]: e for e in observer.logged() if e["seq"] in (said["seq"], code["seq"])}
            assert mine[said["seq"]]["payload"]["text"] == "Is the input sorted?"
            assert mine[code["seq"]]["type"] == "CODE_SNAPSHOT"
    finally:
        await asyncio.gather(candidate.close(), watcher.close(), remote.close())


async def test_a_long_polling_burst_through_nginx_is_stored_once_each(cluster: Cluster) -> None:
    """A long-polling client sends everything queued in one POST (an outbox flushed after a
    reconnect): more than python-engineio's default of 16 packets per payload must still get in."""
    s = await create_session(cluster.nginx.url, question_id="two-sum")
    sid, token = s["session_id"], s["candidate_token"]
    candidate = await Peer(sid, token, "candidate/polling").connect(cluster.nginx.url, ["polling"])
    try:
        sends = [
            candidate.send("CODE_SNAPSHOT", {"code": f"# draft {i}\n", "language": "python"}, msg_id=f"o{i}")
            for i in range(40)
        ]
        acks = await asyncio.gather(*sends)
        assert all(ack["ok"] and not ack.get("duplicate") for ack in acks)
        assert len({ack["seq"] for ack in acks}) == 40
        draft7 = {"code": "# draft 7\n", "language": "python"}
        again = await candidate.send("CODE_SNAPSHOT", draft7, msg_id="o7")
        assert again["duplicate"] is True and again["seq"] == acks[7]["seq"]
    finally:
        await candidate.close()
    log = await fetch_events(cluster.nginx.url, sid, token)
    codes = [e["payload"]["code"] for e in log if e["type"] == "CODE_SNAPSHOT"]
    assert sorted(codes) == sorted(f"# draft {i}\n" for i in range(40))
