#!/usr/bin/env bash
# Several interview-sim nodes behind nginx on one machine: `make cluster` (Ctrl-C stops everything).
#
#   NODES=3 BASE_PORT=8101 LISTEN=127.0.0.1:8000 bash scripts/cluster.sh
#
# Nodes listen on 127.0.0.1:BASE_PORT.. and share DATABASE_URL (PostgreSQL; created when missing) and
# REDIS_URL (socket.io fan-out, turn locks). nginx runs in the foreground from a work dir with its own
# config, pid and logs (no root paths): docker/nginx/interview-sim.conf.template, the same rules the
# compose file uses (sticky `hash $remote_addr consistent`, Host with its port, X-Forwarded-*,
# websocket upgrade on /ws, 75 s read timeout, an access log with no query string or Referer).
# The nodes trust X-Forwarded-* from nginx on loopback (TRUSTED_PROXIES=127.0.0.1); set PUBLIC_ORIGIN
# when browsers reach nginx through another name (e.g. an HTTPS balancer in front).
#
# A node that dies does not stop the others (kill one to watch a failover: its pid is in
# WORK/nodeN.pid, WORK printed below; CLUSTER_DIR=... chooses WORK and keeps it afterwards); the
# cluster stops when nginx or every node has exited.
set -euo pipefail
cd "$(dirname "$0")/.."

NODES=${NODES:-3}
BASE_PORT=${BASE_PORT:-8101}
LISTEN=${LISTEN:-127.0.0.1:8000}
TRUSTED_PROXIES=${TRUSTED_PROXIES:-127.0.0.1}
PUBLIC_ORIGIN=${PUBLIC_ORIGIN:-}
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/interview_sim}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
PY=${PY:-.venv/bin/python}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
export DATABASE_URL REDIS_URL TRUSTED_PROXIES PUBLIC_ORIGIN

[ -x "$PY" ] || { echo "no $PY: run 'make install' first" >&2; exit 1; }
[ -x "$NGINX" ] || { echo "nginx not found (apt-get install nginx-light, or set NGINX=...)" >&2; exit 1; }

# Create the database when missing (connects to the server's `postgres` database to do so).
"$PY" - <<'PY'
import asyncio, os
from urllib.parse import urlsplit, urlunsplit

import asyncpg

async def main() -> None:
    url = urlsplit(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = await asyncpg.connect(urlunsplit(url._replace(path="/postgres")))
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await admin.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")
    finally:
        await admin.close()

asyncio.run(main())
PY

KEEP_WORK=${CLUSTER_DIR:+1}
WORK=${CLUSTER_DIR:-$(mktemp -d /tmp/interview-sim-cluster.XXXXXX)}
mkdir -p "$WORK/logs"
chmod 755 "$WORK"
PIDS=()
TAIL=""

stop_all() {
  trap - INT TERM EXIT
  echo "stopping ${#PIDS[@]} processes"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -z "$TAIL" ] || kill "$TAIL" 2>/dev/null || true
  [ -n "$KEEP_WORK" ] || rm -rf "$WORK"
}
trap stop_all INT TERM EXIT

UPSTREAMS=""
for i in $(seq 1 "$NODES"); do
  port=$((BASE_PORT + i - 1))
  # Plain redirection, so $! is the server's own pid (a process substitution would take $!).
  PORT=$port HOST=127.0.0.1 NODE_ID="node$i" "$PY" -m interview_sim > "$WORK/logs/node$i.log" 2>&1 &
  PIDS+=($!)
  echo $! > "$WORK/node$i.pid"
  UPSTREAMS+="server 127.0.0.1:$port max_fails=1 fail_timeout=5s; "
done
tail -n +1 -F "$WORK"/logs/node*.log &
TAIL=$!

for i in $(seq 1 "$NODES"); do
  port=$((BASE_PORT + i - 1))
  for _ in $(seq 1 120); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    kill -0 "${PIDS[$((i - 1))]}" 2>/dev/null || { echo "node$i exited (log above)" >&2; exit 1; }
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { echo "node$i not healthy" >&2; exit 1; }
done

NGINX_LISTEN=$LISTEN NGINX_UPSTREAMS=$UPSTREAMS bash scripts/render-nginx.sh "$WORK"
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/logs/error.log" &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
for _ in $(seq 1 50); do
  curl -fsS "http://$LISTEN/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://$LISTEN/health" && echo
echo "interview-sim: $NODES nodes behind nginx on http://$LISTEN (work dir $WORK, logs in $WORK/logs); Ctrl-C stops all"

# Keep going while nginx and at least one node run; say when a node exits.
declare -A GONE=()
while sleep 1; do
  kill -0 "$NGINX_PID" 2>/dev/null || { echo "nginx exited" >&2; break; }
  alive=0
  for i in $(seq 1 "$NODES"); do
    if kill -0 "${PIDS[$((i - 1))]}" 2>/dev/null; then
      alive=$((alive + 1))
    elif [ -z "${GONE[$i]:-}" ]; then
      GONE[$i]=1
      echo "node$i exited; nginx sends its clients to the others" >&2
    fi
  done
  [ "$alive" -gt 0 ] || { echo "every node exited" >&2; break; }
done
