"""The `make cluster` topology in a test: two real nodes (PostgreSQL + Redis) behind nginx rendered by
scripts/render-nginx.sh from docker/nginx/interview-sim.conf.template (the compose file's rules too),
on free ports. Websocket and long-polling clients go through nginx, each sending the Origin a page
served there sends; an observer connected straight to the other node sees what a candidate behind
nginx sends. Also: a foreign Origin refused through nginx, HTTPS terminated at nginx (a self-signed
certificate, `wss://`), and an access log with no token, query string or Referer."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
import socketio
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

REPO = Path(__file__).resolve().parents[3]
RENDER = REPO / "scripts" / "render-nginx.sh"
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl")


class NginxProc:
    """nginx in the foreground from its own temp prefix (config, pid, logs), stopped by its handle;
    `tls=True` listens with `ssl` on a self-signed certificate for 127.0.0.1."""

    def __init__(self, upstreams: list[int], tls: bool = False) -> None:
        self.port = free_port()
        self.scheme = "https" if tls else "http"
        self.prefix = Path(tempfile.mkdtemp(prefix="isim-nginx-"))
        listen = f"127.0.0.1:{self.port}" + (" ssl" if tls else "")
        servers = " ".join(f"server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in upstreams)
        env = {**os.environ, "NGINX_LISTEN": listen, "NGINX_UPSTREAMS": servers}
        subprocess.run(["bash", str(RENDER), str(self.prefix)], env=env, check=True)
        if tls:
            self._self_signed()
        self.proc: subprocess.Popen[bytes] | None = None

    def _self_signed(self) -> None:
        assert OPENSSL is not None
        cert, key = self.prefix / "extra" / "cert.pem", self.prefix / "extra" / "key.pem"
        args = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        args += ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)]
        subprocess.run(
            [OPENSSL, *args],
            check=True,
            capture_output=True,
        )
        (self.prefix / "extra" / "tls.conf").write_text(
            f"ssl_certificate {cert};\nssl_certificate_key {key};\n"
        )

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def access_log(self) -> str:
        path = self.prefix / "logs" / "access.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def spawn(self) -> None:
        p = str(self.prefix)
        args = [NGINX, "-p", p, "-c", f"{p}/nginx.conf", "-e", f"{p}/logs/error.log"]
        with (self.prefix / "logs" / "stdout.log").open("ab") as out:
            self.proc = subprocess.Popen(args, stdout=out, stderr=out)

    def logs(self) -> str:
        text = [f"--- nginx ({self.prefix}) ---"]
        for name in ("stdout.log", "error.log", "access.log"):
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
        # As scripts/cluster.sh starts them: X-Forwarded-* believed from nginx on loopback.
        nodes = [ServerProc(db_url, REDIS_URL, name, TRUSTED_PROXIES="127.0.0.1") for name in ("a", "b")]
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
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{cluster.nginx.url}/metrics") as r:
            assert r.status == 404  # the balancer does not publish the nodes' metrics
        async with http.get(f"{cluster.nodes[0].url}/metrics") as r:
            assert r.status == 200 and "# TYPE" in await r.text()  # Prometheus scrapes a node


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


async def test_a_foreign_origin_is_refused_through_nginx(cluster: Cluster) -> None:
    """nginx passes the browser's Host with its port: the page's own origin gets in (the tests above),
    another site's page does not, on either transport."""
    s = await create_session(cluster.nginx.url, question_id="two-sum")
    foreign_origins = (
        "http://evil.example",
        f"http://127.0.0.1:{cluster.nginx.port + 1}",
        "http://127.0.0.1",
    )
    for transport in ("websocket", "polling"):
        for origin in foreign_origins:
            foreign = Peer(s["session_id"], s["candidate_token"], f"foreign/{transport}", origin=origin)
            with pytest.raises(socketio.exceptions.ConnectionError):
                await foreign.connect(cluster.nginx.url, [transport])
            await foreign.close()
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{cluster.nginx.url}/origin-check", headers={"Origin": "http://evil.example"}
        ) as r:
            assert (await r.json())["accepted"] is False
        async with http.post(f"{cluster.nginx.url}/origin-check", headers={"Origin": cluster.nginx.url}) as r:
            assert await r.json() == {
                "origin": cluster.nginx.url,
                "accepted": True,
                "server_origin": cluster.nginx.url,
            }


async def test_https_terminated_at_nginx_gets_wss_accepted(cluster: Cluster) -> None:
    """A browser at https://host:port opens wss:// with `Origin: https://host:port`; the node sees
    plain HTTP from nginx and learns the scheme from X-Forwarded-Proto, which it trusts from nginx."""
    need(OPENSSL is not None, "openssl is not installed (needed for a self-signed certificate)")
    tls = NginxProc([n.port for n in cluster.nodes], tls=True)
    try:
        tls.spawn()
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as http:
            await _until_up(http, tls)
            s = await (
                await http.post(f"{tls.url}/sessions", json={"company_mode": "General", "difficulty": "Easy"})
            ).json()
        for transport in ("websocket", "polling"):
            page = Peer(s["session_id"], s["candidate_token"], f"https-page/{transport}")
            page.sio.eio.ssl_verify = False
            await page.connect(tls.url, [transport])
            assert page.origin.origin == tls.url and page.sio.transport() == transport
            assert (await page.send("CLIENT_READY", {}))["ok"]
            await page.close()
        plain = Peer(
            s["session_id"],
            s["candidate_token"],
            "http-origin-on-https",
            origin=f"http://127.0.0.1:{tls.port}",
        )
        plain.sio.eio.ssl_verify = False
        with pytest.raises(socketio.exceptions.ConnectionError):
            await plain.connect(tls.url)
        await plain.close()
    finally:
        print(tls.logs())
        tls.cleanup()


async def _until_up(http: aiohttp.ClientSession, nginx: NginxProc) -> None:
    for _ in range(100):
        with contextlib.suppress(aiohttp.ClientError):
            async with http.get(f"{nginx.url}/health") as r:
                if r.status == 200:
                    return
        await asyncio.sleep(0.1)
    raise AssertionError(f"nginx with TLS did not answer\n{nginx.logs()}")


async def test_the_access_log_holds_no_token_query_or_referer(cluster: Cluster) -> None:
    """The seed's `/ws?session_id=&token=` form puts a token in the query string, and a page's URL
    (the Referer of its assets) may hold one: nginx's access log keeps neither."""
    s = await create_session(cluster.nginx.url, question_id="two-sum")
    sid, token, observer = s["session_id"], s["candidate_token"], s["observer_token"]
    page = f"{cluster.nginx.url}/observe/{sid}?token={observer}"
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{cluster.nginx.url}/health?token={token}", headers={"Referer": page}) as r:
            assert r.status == 200
        async with http.get(
            f"{cluster.nginx.url}/sessions/{sid}", headers={"Authorization": f"Bearer {token}"}
        ) as r:
            assert r.status == 200
    query_client = socketio.AsyncClient(reconnection=False)
    await query_client.connect(
        f"{cluster.nginx.url}/?session_id={sid}&token={token}",
        socketio_path="ws",
        transports=["polling"],
        headers={"Referer": page},
        wait_timeout=10,
    )
    with contextlib.suppress(asyncio.TimeoutError):  # a polling disconnect waits for its pending poll
        await asyncio.wait_for(query_client.disconnect(), 2)
    await query_client.eio.disconnect(abort=True)
    await asyncio.sleep(0.3)  # nginx writes the line when the request ends
    log = cluster.nginx.access_log()
    assert "GET /health " in log and "/ws/ " in log and f"/sessions/{sid} " in log, log
    for secret in (token, observer, "token=", "session_id=", "?", "Referer", "/observe/"):
        assert secret not in log, f"{secret!r} in the access log:\n{log}"
