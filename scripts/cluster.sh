#!/usr/bin/env bash
# Several interview-sim nodes behind nginx on one machine: `make cluster` (Ctrl-C stops everything).
#
#   NODES=3 BASE_PORT=8101 LISTEN=127.0.0.1:8000 bash scripts/cluster.sh
#
# Nodes listen on 127.0.0.1:BASE_PORT.. and share DATABASE_URL (PostgreSQL; created when missing) and
# REDIS_URL (socket.io fan-out, turn locks). nginx runs in the foreground from a temp dir with its own
# config (scripts/nginx.conf.template: sticky `hash $remote_addr consistent`, websocket upgrade on
# /ws, 75 s read timeout), pid and logs: no root paths.
set -euo pipefail
cd "$(dirname "$0")/.."

NODES=${NODES:-3}
BASE_PORT=${BASE_PORT:-8101}
LISTEN=${LISTEN:-127.0.0.1:8000}
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/interview_sim}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
PY=${PY:-.venv/bin/python}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
export DATABASE_URL REDIS_URL

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

WORK=$(mktemp -d /tmp/interview-sim-cluster.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK/logs" "$WORK/tmp"
PIDS=()
TAIL=""

stop_all() {
  trap - INT TERM EXIT
  echo "stopping ${#PIDS[@]} processes"
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -z "$TAIL" ] || kill "$TAIL" 2>/dev/null || true
  rm -rf "$WORK"
}
trap stop_all INT TERM EXIT

UPSTREAMS=""
for i in $(seq 1 "$NODES"); do
  port=$((BASE_PORT + i - 1))
  # Plain redirection, so $! is the server's own pid (a process substitution would take $!).
  PORT=$port HOST=127.0.0.1 NODE_ID="node$i" "$PY" -m interview_sim > "$WORK/logs/node$i.log" 2>&1 &
  PIDS+=($!)
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

sed -e "s|@LISTEN@|$LISTEN|" -e "s|@UPSTREAMS@|$UPSTREAMS|" scripts/nginx.conf.template > "$WORK/nginx.conf"
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/logs/error.log" &
PIDS+=($!)
for _ in $(seq 1 50); do
  curl -fsS "http://$LISTEN/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://$LISTEN/health" && echo
echo "interview-sim: $NODES nodes behind nginx on http://$LISTEN (logs of nginx in $WORK/logs); Ctrl-C stops all"

# Stop everything as soon as any process exits.
wait -n "${PIDS[@]}" || true
echo "a process exited" >&2
