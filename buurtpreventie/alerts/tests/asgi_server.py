"""Serve the real ASGI app (pages via a2wsgi + the /live/ stream) with uvicorn in a thread.

pytest-django's live_server is WSGI-only and cannot serve `/live/`; browser tests use this
instead, against the same (transactional) test database."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThreadedAsgiServer:
    def __init__(self) -> None:
        import uvicorn
        from a2wsgi import WSGIMiddleware
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.core.wsgi import get_wsgi_application

        from buurtpreventie.core.live import live_app

        pages = WSGIMiddleware(StaticFilesHandler(get_wsgi_application()), workers=8)  # type: ignore[arg-type]

        async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope["type"] == "lifespan" or (scope["type"] == "http" and scope["path"].startswith("/live/")):
                await live_app(scope, receive, send)
            else:
                await pages(scope, receive, send)  # type: ignore[arg-type]  # a plain ASGI scope dict

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on",
                                timeout_graceful_shutdown=1)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> ThreadedAsgiServer:
        import os

        from django.conf import settings

        # Server threads must not keep database connections open (PostgreSQL could not drop the
        # test database afterwards), and the periodic checks stay off during a browser test.
        self._saved = (settings.DATABASES["default"].get("CONN_MAX_AGE", 0), os.environ.get("ALERTS_PERIODIC"))
        settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
        os.environ["ALERTS_PERIODIC"] = "0"
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: Any) -> None:
        import os

        from django.conf import settings

        self.server.should_exit = True
        self.thread.join(5)
        settings.DATABASES["default"]["CONN_MAX_AGE"] = self._saved[0]
        if self._saved[1] is None:
            os.environ.pop("ALERTS_PERIODIC", None)
        else:
            os.environ["ALERTS_PERIODIC"] = self._saved[1]
