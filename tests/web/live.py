"""A real uvicorn server on a free loopback port, for clients that speak HTTP (harvesters,
schemathesis, the browser)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(app: FastAPI, access_log: bool = False) -> Iterator[str]:
    """Serve ``app`` in a thread for the duration of the block; yields its base URL."""
    port = free_port()
    level = "info" if access_log else "warning"
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level=level, access_log=access_log, log_config=None
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
