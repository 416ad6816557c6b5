"""A misbehaving web server on 127.0.0.1 for the network-fault tests.

Each route writes raw bytes to the socket, so a response can be as broken as the
test needs: a garbage status line, a 70,000-byte header, 150 headers, a body
shorter than its Content-Length, a body trickled one byte a second. Routes are
``path -> callable(conn, server)``; ``server.hits[path]`` counts the requests.
"""

from __future__ import annotations

import gzip
import socket
import socketserver
import threading
import time
from collections import Counter
from collections.abc import Callable

ARTICLE = (
    "<p>About 4,000 dockworkers walked out at Port Ellery on Thursday over plans to automate "
    "the port's container cranes, halting most operations at the country's busiest port.</p>"
    "<p>\u201cNobody here is against new equipment,\u201d Dana Okafor, the union's president, "
    "told reporters outside the main gate. \u201cWe are against a plan written without a "
    "single worker in the room.\u201d</p>"
)


def article_page(title: str, body: str = ARTICLE, charset: str = "utf-8", meta: str = "") -> bytes:
    """A news page with its article, navigation and a footer, encoded in ``charset``."""
    head = meta if meta else f'<meta charset="{charset}">'
    html = (
        f"<html><head>{head}<title>{title}</title></head><body><nav>Home | World</nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Copyright</footer></body></html>"
    )
    return html.encode(charset)


def response(status: str, body: bytes = b"", headers: list[tuple[str, str]] | None = None) -> bytes:
    """A well-formed HTTP/1.1 response (Content-Length set, connection closed)."""
    lines = [f"HTTP/1.1 {status}"]
    given = headers or []
    if not any(k.lower() == "content-length" for k, _ in given):
        given = [*given, ("Content-Length", str(len(body)))]
    if not any(k.lower() == "content-type" for k, _ in given):
        given = [*given, ("Content-Type", "text/html")]
    lines += [f"{k}: {v}" for k, v in given] + ["Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


Route = Callable[[socket.socket, "FaultServer"], None]


def send(data: bytes) -> Route:
    return lambda conn, server: conn.sendall(data)


def trickle(head: bytes, body: bytes, every: float = 1.0) -> Route:
    """Send ``head`` at once, then ``body`` one byte every ``every`` seconds."""

    def route(conn: socket.socket, server: FaultServer) -> None:
        conn.sendall(head)
        for i in range(len(body)):
            if server.stopping.wait(every):
                return
            conn.sendall(body[i : i + 1])

    return route


def sequence(*routes: Route) -> Route:
    """The n-th request gets the n-th route (the last one repeats)."""
    state = {"n": 0}

    def route(conn: socket.socket, server: FaultServer) -> None:
        n = min(state["n"], len(routes) - 1)
        state["n"] += 1
        routes[n](conn, server)

    return route


def redirect(location: str, status: str = "302 Found") -> Route:
    return send(response(status, headers=[("Location", location)]))


def gzip_bomb(size: int = 200_000_000) -> Route:
    """A 200 MB page of spaces, gzip-compressed to about 200 KB."""
    compressed = gzip.compress(b" " * size, compresslevel=9)
    return send(response("200 OK", compressed, [("Content-Encoding", "gzip")]))


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        conn: socket.socket = self.request
        conn.settimeout(10)
        data = b""
        try:
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                data += chunk
        except OSError:
            return
        request_line = data.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split(" ")
        target = parts[1] if len(parts) > 1 else "/"
        path = target if target.startswith("/") else "/" + target.split("/", 3)[-1]
        server: FaultServer = self.server  # type: ignore[assignment]
        with server.lock:
            server.hits[path] += 1
            server.requests.append((time.monotonic(), path, data))
        route = server.routes.get(path)
        try:
            if route is None:
                conn.sendall(response("404 Not Found", b"not here"))
            else:
                route(conn, server)
        except OSError:
            pass  # the client gave up (that is often the point)


class FaultServer(socketserver.ThreadingTCPServer):
    """``with FaultServer(routes) as s: s.url("/path")``."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, routes: dict[str, Route]):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[float, str, bytes]] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> FaultServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.shutdown()
        self.server_close()
