"""A misbehaving web site on the loopback network, for the fault tests (tests/test_faults.py).

Each path answers with a :data:`Fault`: a function that writes the whole answer on
the raw connection, so a fault can be anything a real server or network does: an
error status, a reset connection, a body dripped a byte at a time, a redirect, a
gzip bomb, a body larger than announced.  The server records when each path was
requested.  It listens on 127.0.0.1 or another loopback address (127.0.0.2 plays
"another host").
"""

from __future__ import annotations

import gzip
import socket
import struct
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

Fault = Callable[[BaseHTTPRequestHandler], None]


def respond(body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> Fault:
    """A plain answer; ``Content-Type`` HTML and ``Content-Length`` unless ``headers`` say otherwise."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        sent = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body)), **(headers or {})}
        handler.send_response(status)
        for name, value in sent.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return answer


def redirect(location: str, status: int = 302) -> Fault:
    return respond(b"", status, {"Location": location})


def reset() -> Fault:
    """The connection is reset (RST) before any answer."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        handler.connection.close()
        handler.close_connection = True

    return answer


def drip(body: bytes, pause: float, stop: threading.Event) -> Fault:
    """The body one byte at a time, ``pause`` seconds apart, until sent or ``stop`` is set."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        for byte in body:
            if stop.wait(pause):
                return
            try:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
            except OSError:
                return

    return answer


def gzip_bomb(compressed_size: int) -> Fault:
    """Zeros gzipped to about ``compressed_size`` bytes (about a thousand times as many decompressed),
    served with ``Content-Encoding: gzip``."""
    chunk = bytes(1024 * 1024)
    zipped = gzip.compress(chunk, compresslevel=9)
    # A gzip file may be many members back to back: each decompresses to 1 MiB of zeros.
    body = zipped * max(1, compressed_size // len(zipped))
    return respond(body, headers={"Content-Encoding": "gzip"})


def endless(chunk_size: int = 64 * 1024, limit: int = 64 * 1024 * 1024) -> Fault:
    """A body with no announced length that does not end (up to ``limit`` bytes, then the connection closes)."""

    def answer(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Connection", "close")
        handler.end_headers()
        sent = 0
        chunk = b"<p>" + b"x" * (chunk_size - 7) + b"</p>\n"
        try:
            while sent < limit:
                handler.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass
        handler.close_connection = True

    return answer


class FaultSite:
    """``with FaultSite() as site: site.add("/path", respond(...)); site.url("/path")``; 404 elsewhere."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Fault] = {}
        self.requests: list[tuple[float, str]] = []  # (monotonic time, path)
        self.authorizations: dict[str, str] = {}  # path -> the Authorization header it was asked with
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                with site._lock:
                    site.requests.append((time.monotonic(), self.path))
                    if self.headers.get("Authorization"):
                        site.authorizations[self.path] = self.headers["Authorization"]
                    fault = site.routes.get(self.path) or site.routes.get(urlsplit(self.path).path)
                (fault or respond(b"<html><body>404</body></html>", 404))(self)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer((host, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def root(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.root + path

    def add(self, path: str, fault: Fault) -> str:
        self.routes[path] = fault
        return self.url(path)

    def times(self, path: str) -> list[float]:
        """When ``path`` was requested (monotonic seconds), in order."""
        with self._lock:
            return [moment for moment, requested in self.requests if requested == path]

    def paths(self) -> list[str]:
        with self._lock:
            return [requested for _, requested in self.requests]

    def __enter__(self) -> FaultSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
