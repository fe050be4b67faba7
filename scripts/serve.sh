#!/usr/bin/env bash
# Start every process the app needs with one command: the ASGI server (pages + live streams),
# the background task worker and the scheduler. Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${HOST:-127.0.0.1}"
WANTED="${PORT:-8000}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.dev}"

# The first free port from the one asked for; the URL printed below and the links in e-mails
# use the port actually taken.
PORT="$(bash scripts/pick_port.sh "$HOST" "$WANTED")"
if [ "$PORT" != "$WANTED" ]; then echo "Port $WANTED is in use; using $PORT."; fi
export PORT
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://${HOST}:${PORT}}"

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

echo ""
echo "Buurtpreventie: ${PUBLIC_BASE_URL}/  (demo logins above; Ctrl-C stops)"
echo ""
.venv/bin/uvicorn config.asgi:application --host "$HOST" --port "$PORT" \
  "${PROXY_ARGS[@]}" --timeout-graceful-shutdown 3 --no-access-log
