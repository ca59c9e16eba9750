"""A web site on 127.0.0.1 for the tests: fixed pages by path, started and stopped by the test.

The crawler never talks to the real liputan6.com in tests; it crawls this server,
which answers each path from ``routes`` (404 otherwise) and records every request.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

PAGES = Path(__file__).parent / "pages" / "liputan6"


@dataclass
class Page:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class LocalSite:
    """``with LocalSite() as site: site.add("/path", Page(...)); site.url("/path")``."""

    def __init__(self) -> None:
        self.routes: dict[str, Page | Callable[[], Page]] = {}
        self.requests: list[str] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                with site._lock:
                    site.requests.append(self.path)
                    route = site.routes.get(self.path) or site.routes.get(urlsplit(self.path).path)
                page = route() if callable(route) else route
                if page is None:
                    page = Page(b"<html><body><h1>404 Not Found</h1></body></html>", status=404)
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                for name, value in page.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(page.body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def root(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.root + path

    def add(self, path: str, page: Page | Callable[[], Page]) -> str:
        self.routes[path] = page
        return self.url(path)

    def add_fixture(self, path: str, fixture: str) -> str:
        return self.add(path, Page((PAGES / fixture).read_bytes()))

    def fetched(self, path: str) -> int:
        """How many times ``path`` was requested."""
        with self._lock:
            return sum(1 for requested in self.requests if requested == path)

    def __enter__(self) -> LocalSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
