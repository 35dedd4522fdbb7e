"""A webhook receiver on 127.0.0.1 for the tests: it keeps every request and answers as told."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


def answer(status: int = 200, body: bytes = b"ok", headers: dict | None = None) -> Callable:
    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    return respond


def silent_for(seconds: float) -> Callable:
    """Says nothing for a while: longer than the desk waits."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        answer()(handler)

    return respond


@dataclass
class Receiver:
    url: str
    requests: list[Received] = field(default_factory=list)
    # What to answer, one responder per request in turn; the last one stays.
    script: list[Callable] = field(default_factory=lambda: [answer()])

    def answers(self, *responders: Callable) -> None:
        self.script = list(responders)


class _Handler(BaseHTTPRequestHandler):
    receiver: Receiver

    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        received = self.receiver
        received.requests.append(
            Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        responder = received.script.pop(0) if len(received.script) > 1 else received.script[0]
        responder(self)

    def log_message(self, *args) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the desk hangs up on a receiver that is too slow: that is the test


@contextmanager
def receiving():
    """A receiver on a free port of 127.0.0.1; yields it with its base URL."""
    receiver = Receiver(url="")
    handler = type("Handler", (_Handler,), {"receiver": receiver})
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens: the connection is refused."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks"
