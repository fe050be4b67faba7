#!/usr/bin/env bash
# Start every process the app needs with one command: the ASGI server (pages + live streams)
# and the background task worker. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"

.venv/bin/python manage.py db_worker --interval 2 --no-reload &
WORKER=$!
.venv/bin/python manage.py run_scheduler &
SCHEDULER=$!
trap 'kill $WORKER $SCHEDULER 2>/dev/null || true' EXIT INT TERM

# X-Forwarded-* headers are believed only from the reverse proxies in TRUSTED_PROXIES (docs/security.md).
PROXY_ARGS=(--no-proxy-headers)
if [ -n "${TRUSTED_PROXIES:-}" ]; then
  PROXY_ARGS=(--proxy-headers --forwarded-allow-ips "$TRUSTED_PROXIES")
fi

echo "Buurtpreventie: http://${HOST}:${PORT}/  (demo logins above; Ctrl-C stops)"
.venv/bin/uvicorn config.asgi:application --host "$HOST" --port "$PORT" \
  "${PROXY_ARGS[@]}" --timeout-graceful-shutdown 3 --no-access-log
