"""Loopback servers on 127.0.0.1 that misbehave in one fixed way each (for --mirror, backends).

Every server answers every connection the same way, so one instance serves a whole session.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

# kind -> what the server sends after reading the request (None: close without a word)
_REPLIES: dict[str, bytes | None] = {
    "garbage": b"SSH-2.0-OpenSSH_9.6 this is not HTTP\r\n\r\n",
    "close": None,
    "http500": b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n\r\noops!",
    "notjson": (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n"
        b"<html></html>"
    ),
    "wrongbytes": b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nnot the fil",
    "truncated": b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nonly a few bytes",
    "redirect": b"HTTP/1.1 302 Found\r\nLocation: ftp://127.0.0.1:1/x\r\nContent-Length: 0\r\n\r\n",
}
KINDS = tuple(_REPLIES)


class MisbehavingServer:
    """A TCP server that reads one request per connection and sends its fixed bad reply."""

    def __init__(self, kind: str) -> None:
        self.reply = _REPLIES[kind]
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        """Base URL of the server."""
        host, port = self.sock.getsockname()[:2]
        return f"http://{host}:{port}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(2)
            try:
                conn.recv(65536)
                if self.reply is not None:
                    conn.sendall(self.reply)
            except OSError:
                pass

    def close(self) -> None:
        """Stop accepting and release the port."""
        self.stop.set()
        self.thread.join(timeout=2)
        self.sock.close()


def start_all() -> tuple[dict[str, str], Callable[[], None]]:
    """One server per kind: their URLs and a function that stops them all."""
    servers = {kind: MisbehavingServer(kind) for kind in KINDS}
    urls = {kind: s.url for kind, s in servers.items()}

    def stop() -> None:
        for server in servers.values():
            server.close()

    return urls, stop
