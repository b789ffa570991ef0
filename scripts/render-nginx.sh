#!/usr/bin/env bash
# Renders nginx for `make cluster` and the e2e tests into a prefix directory:
#   NGINX_LISTEN=127.0.0.1:8000 NGINX_UPSTREAMS='server 127.0.0.1:8101;' bash scripts/render-nginx.sh DIR
# then `nginx -p DIR -c DIR/nginx.conf -e DIR/logs/error.log`. DIR/nginx.conf is scripts/nginx-local.conf;
# DIR/interview-sim.conf is docker/nginx/interview-sim.conf.template with its ${NGINX_*} placeholders
# replaced, exactly as the official nginx image's envsubst does for docker/compose.yml. Files in
# DIR/extra/*.conf are included at http level (e.g. an ssl_certificate pair).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR=${1:?usage: render-nginx.sh DIR}
: "${NGINX_LISTEN:?set NGINX_LISTEN (e.g. 127.0.0.1:8000)}"
: "${NGINX_UPSTREAMS:?set NGINX_UPSTREAMS (e.g. 'server 127.0.0.1:8101;')}"
NGINX_ACCESS_LOG=${NGINX_ACCESS_LOG:-logs/access.log}

mkdir -p "$DIR/logs" "$DIR/tmp" "$DIR/extra"
chmod 755 "$DIR"  # nginx workers may run as another user when this runs as root
conf=$(<"$ROOT/docker/nginx/interview-sim.conf.template")
for name in NGINX_LISTEN NGINX_UPSTREAMS NGINX_ACCESS_LOG; do
  conf=${conf//"\${$name}"/"${!name}"}
done
if [[ $conf == *'${NGINX_'* ]]; then
  echo "render-nginx.sh: a placeholder was left unreplaced in the template" >&2
  exit 1
fi
printf '%s\n' "$conf" > "$DIR/interview-sim.conf"
cp "$ROOT/scripts/nginx-local.conf" "$DIR/nginx.conf"
