#!/usr/bin/env bash
# Print the first free port from the one asked for (HOST PORT as arguments): a second `make run`
# (or another app on 8000) does not fail. `make run` picks it once, before the demo is loaded, so
# the links in the demo's e-mails and the URL `serve.sh` prints use the same port.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python - "${1:-127.0.0.1}" "${2:-8000}" <<'PY'
import socket
import sys

host, first = sys.argv[1], int(sys.argv[2])
for port in range(first, first + 50):
    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError:
            continue
        print(port)
        break
else:
    print(first)
PY
