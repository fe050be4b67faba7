"""Run any ASGI app with uvicorn in a daemon thread (for stand-ins of external systems)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def free_port() -> int:
    """A port free at this moment only: another process may take it before you bind it. Prefer
    `listening_socket()` to serve and `refused_port()` for "the other side is down"."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening_socket() -> socket.socket:
    """A socket on a free port that already listens: the port is ours from this moment, so no other
    process (another test run on the same machine) can take it between choosing it and serving on it.
    Connections made before the server runs wait in the backlog instead of being refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


@contextmanager
def refused_port() -> Iterator[int]:
    """A port that refuses every connection while the block runs (bound, never listening), so a
    test of "the other side is down" cannot reach some other process that took a free port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def wait_started(server: Any, thread: threading.Thread, timeout: float = 30.0) -> None:
    """Wait until a uvicorn server running in `thread` serves (its startup, lifespan included, done)."""
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("uvicorn stopped during start-up")
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)


class ThreadedServer:
    def __init__(self, app: Any) -> None:
        import uvicorn

        self.socket = listening_socket()
        self.port = int(self.socket.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="off", timeout_graceful_shutdown=1)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> ThreadedServer:
        self.thread.start()
        wait_started(self.server, self.thread)
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.should_exit = True
        self.thread.join(5)
        self.socket.close()


async def read_body(receive: Any) -> bytes:
    body = b""
    while True:
        message = await receive()
        chunk: bytes = message.get("body", b"")
        body += chunk
        if not message.get("more_body"):
            return body


async def respond(send: Any, status: int, data: Any = None, *, content_type: str = "application/json") -> None:
    import json

    payload = b"" if data is None else (data if isinstance(data, bytes) else json.dumps(data).encode())
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type.encode()), (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})
