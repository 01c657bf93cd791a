"""A real HTTP server on 127.0.0.1 for tests, serving canned routes from a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    location: str | None = None  # for redirects
    delay_s: float = 0.0  # wait before answering
    echo_user_agent: bool = False
    chunks: int = 1  # send the body in this many pieces
    chunk_delay_s: float = 0.0  # wait before each piece after the first (a trickle)
    headers: dict[str, str] = field(default_factory=dict)


@contextmanager
def serving(routes: dict[str, Route]) -> Iterator[str]:
    """Serve `routes` (path -> Route) and yield the base URL, `http://127.0.0.1:PORT`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            route = routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            time.sleep(route.delay_s)
            if route.status >= 400:
                self.send_error(route.status)
                return
            body = self.headers["User-Agent"].encode() if route.echo_user_agent else route.body
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Content-Length", str(len(body)))
            if route.location:
                self.send_header("Location", route.location)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            step = max(1, len(body) // route.chunks)
            try:
                for start in range(0, len(body), step):
                    if start:
                        time.sleep(route.chunk_delay_s)
                    self.wfile.write(body[start : start + step])
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading: the size cap at work

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
