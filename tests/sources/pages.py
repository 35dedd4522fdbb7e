"""A local web server for the fetching tests: articles, redirects, slow and broken pages.

Nothing in the suite reaches the internet; every URL the tests fetch is served from here.
"""

from __future__ import annotations

import contextlib
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE_HTML = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Border crossing to reopen | The Local Paper</title>
  <meta property="og:site_name" content="The Local Paper">
  <meta name="author" content="Ann Writer">
  <meta property="article:published_time" content="2025-11">
</head>
<body>
  <nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
  <article>
    <h1>Border crossing to reopen</h1>
    <p class="byline">By Ann Writer</p>
    <p>The Council met on Monday to discuss the border crossing at Kuźnica, which has been closed since the summer.</p>
    <h2>What ministers said</h2>
    <p>Ministers said the crossing would reopen “within weeks”, according to officials who spoke on condition of anonymity.</p>
    <figure><img src="/crossing.jpg" alt=""><figcaption>The crossing at Kuźnica in 2021.</figcaption></figure>
    <p>Critics called the decision premature—and politically motivated—in a statement on Tuesday evening.</p>
  </article>
  <footer>Copyright 2025 The Local Paper. All rights reserved.</footer>
</body>
</html>
"""

PLAIN_PAGE = "A plain text page\nIts first paragraph, served as text/plain.\n"


class _Handler(BaseHTTPRequestHandler):
    server_version = "TestPages/1.0"
    routes: dict = {}

    def log_message(self, format, *args):  # noqa: A002 - the base class names it so
        pass

    def do_GET(self):  # noqa: N802 - the base class names it so
        route = self.routes.get(self.path.split("?")[0])
        if route is None:
            self._send(404, "text/html", b"<h1>Not found</h1>")
            return
        route(self)

    def _send(self, status: int, content_type: str, body: bytes, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(OSError):  # the desk gave up waiting, as it should
            self.wfile.write(body)


def page(body: str | bytes, content_type: str = "text/html; charset=utf-8", status: int = 200):
    data = body.encode("utf-8") if isinstance(body, str) else body
    return lambda handler: handler._send(status, content_type, data)


def redirect(location: str, status: int = 302):
    return lambda handler: handler._send(status, "text/html", b"", {"Location": location})


def slow(seconds: float):
    def respond(handler):
        time.sleep(seconds)
        handler._send(200, "text/html", b"<p>Too late.</p>")

    return respond


def trickle(chunks: int, pause: float):
    """A page that sends its body a few bytes at a time, never quite stopping."""

    def respond(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.end_headers()
        try:
            for _ in range(chunks):
                handler.wfile.write(b"word ")
                handler.wfile.flush()
                time.sleep(pause)
        except OSError:
            pass

    return respond


def unsized(size: int):
    """A page larger than it says: no Content-Length, the body streamed until closed."""

    def respond(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.end_headers()
        try:
            for _ in range(size // 1024):
                handler.wfile.write(b"a" * 1023 + b"\n")
        except OSError:
            pass

    return respond


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that hangs up early is what the timeout tests do


@contextmanager
def serving(routes: dict):
    """Serve `routes` ({path: responder}) on a free port of 127.0.0.1; yield the base URL."""
    handler = type("Handler", (_Handler,), {"routes": routes})
    server = _QuietServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def standard_routes() -> dict:
    """The pages most tests fetch."""
    return {
        "/article": page(ARTICLE_HTML),
        "/plain": page(PLAIN_PAGE, "text/plain; charset=utf-8"),
        "/hop1": redirect("/hop2"),
        "/hop2": redirect("/article", 301),
        "/loop": redirect("/loop"),
        "/to-private": redirect("http://10.1.2.3/article"),
        "/to-file": redirect("file:///etc/passwd"),
        "/slow": slow(3),
        "/trickle": trickle(60, 0.05),
        "/huge": page(b"a" * 4096, "text/plain"),
        "/unsized": unsized(64 * 1024),
        "/image": page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "image/png"),
        "/binary-html": page(b"\x00\x01\x02\x03" * 64, "text/html"),
        "/empty": page(b"", "text/html"),
        "/gone": page("<h1>Gone</h1>", status=410),
    }
