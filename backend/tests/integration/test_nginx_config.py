"""One nginx template for `make cluster` and docker/compose.yml: the official image's envsubst
(every environment variable defined, as its 20-envsubst-on-templates.sh does) and
scripts/render-nginx.sh give the same file, both main configs load it (`nginx -t`), and the compose
file feeds the image that template and those variables."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.support.procs import need

REPO = Path(__file__).resolve().parents[3]
TEMPLATE = REPO / "docker" / "nginx" / "interview-sim.conf.template"
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
VALUES = {
    "NGINX_LISTEN": "8000",
    "NGINX_UPSTREAMS": "server api1:8000 max_fails=1; server api2:8000 max_fails=1;",
    "NGINX_ACCESS_LOG": "/dev/stdout",
}


def render_local(prefix: Path, **values: str) -> str:
    env = {**os.environ, **values}
    subprocess.run(["bash", str(REPO / "scripts" / "render-nginx.sh"), str(prefix)], env=env, check=True)
    return (prefix / "interview-sim.conf").read_text()


def render_like_the_image(**values: str) -> str:
    envsubst = shutil.which("envsubst")
    need(envsubst is not None, "envsubst (gettext-base) is not installed")
    assert envsubst is not None
    env = {**os.environ, **values}
    defined = " ".join(f"${{{name}}}" for name in env)  # the image substitutes every defined variable
    out = subprocess.run(
        [envsubst, defined], input=TEMPLATE.read_text(), env=env, capture_output=True, text=True
    )
    return out.stdout


def test_the_template_uses_only_the_documented_placeholders() -> None:
    placeholders = set(re.findall(r"\$\{(\w+)\}", TEMPLATE.read_text())) - {"NAME"}
    assert placeholders == set(VALUES)


def test_the_compose_file_feeds_the_same_template() -> None:
    compose = (REPO / "docker" / "compose.yml").read_text()
    assert "./nginx/interview-sim.conf.template:/etc/nginx/templates/interview-sim.conf.template" in compose
    assert "./nginx/nginx.conf:/etc/nginx/nginx.conf" in compose
    assert "NGINX_ENVSUBST_OUTPUT_DIR: /etc/nginx\n" in compose
    for name in VALUES:
        assert f"{name}:" in compose


def test_make_cluster_and_the_image_render_the_same_file(tmp_path: Path) -> None:
    assert render_local(tmp_path, **VALUES).strip() == render_like_the_image(**VALUES).strip()


def test_the_rendered_rules(tmp_path: Path) -> None:
    conf = render_local(tmp_path, **VALUES)
    assert "proxy_set_header Host $http_host;" in conf and "$host;" not in conf
    for header in ("X-Forwarded-Proto $scheme", "X-Forwarded-Host $http_host", "X-Forwarded-For"):
        assert f"proxy_set_header {header}" in conf
    assert "hash $remote_addr consistent;" in conf
    log_format = conf.split("log_format", 1)[1].split(";", 1)[0]
    for leak in ("$request ", "$request_uri", "$args", "$query_string", "$http_referer", "$http_cookie"):
        assert leak not in log_format
    timeouts = [int(t) for t in re.findall(r"proxy_read_timeout (\d+)s;", conf)]
    assert timeouts and min(timeouts) > 25 + 20  # socket.io pingInterval + pingTimeout


@pytest.mark.parametrize("main", ["local", "docker"])
def test_nginx_loads_both_main_configs(tmp_path: Path, main: str) -> None:
    need(os.access(NGINX, os.X_OK), f"nginx is not installed ({NGINX})")
    render_local(
        tmp_path, **{**VALUES, "NGINX_UPSTREAMS": "server 127.0.0.1:9;", "NGINX_ACCESS_LOG": "logs/a.log"}
    )
    if main == "docker":  # the container's paths, moved under tmp_path
        text = (REPO / "docker" / "nginx" / "nginx.conf").read_text()
        text = text.replace("/etc/nginx/", f"{tmp_path}/").replace("/var/run/nginx.pid", f"{tmp_path}/n.pid")
        (tmp_path / "nginx.conf").write_text(text)
    args = [
        NGINX,
        "-t",
        "-p",
        str(tmp_path),
        "-c",
        str(tmp_path / "nginx.conf"),
        "-e",
        str(tmp_path / "e.log"),
    ]
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
