"""A real OpenAI-compatible HTTP server on 127.0.0.1 that can misbehave on demand.

Faults are queued: each request pops the next one (or answers normally when the queue
is empty). Every request's headers and JSON body are recorded.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

Fault = str | tuple[str, Any]
Answer = Callable[[dict[str, Any]], str]


def _default_answer(body: dict[str, Any]) -> str:
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return json.dumps({"mood": 42})
    last = body["messages"][-1]["content"]
    return f"echo: {last}"


class JSONHandler(BaseHTTPRequestHandler):
    """An HTTP/1.1 request handler that logs nothing and answers JSON."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:
        pass

    def send_json(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        """Send ``body`` (JSON bytes) with ``status`` and any extra ``headers``."""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        # The client may have timed out and hung up, as the fault tests intend.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)


class ThreadedServer:
    """A real HTTP server on 127.0.0.1 in a background thread, for ``with`` blocks."""

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        raise NotImplementedError

    def _start_server(self) -> None:
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def root(self) -> str:
        """``http://127.0.0.1:PORT`` (no path)."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class LoopbackServer(ThreadedServer):
    """Start with ``with LoopbackServer() as server:``; ``server.url`` ends in /v1."""

    def __init__(
        self, answer: Answer = _default_answer, *, json_schema: bool = True, latency: float = 0.0
    ) -> None:
        self.answer = answer
        self.latency = latency  # seconds each normal answer takes
        self.json_schema = json_schema  # False: reject response_format json_schema with 400
        self.faults: deque[Fault] = deque()
        self.requests: list[dict[str, Any]] = []
        self._start_server()

    @property
    def url(self) -> str:
        """The OpenAI-compatible base URL."""
        return f"{self.root}/v1"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(JSONHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with server.lock:
                    server.requests.append(
                        {"headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
                    )
                    fault = server.faults.popleft() if server.faults else None
                name, arg = (fault, None) if isinstance(fault, str) or fault is None else fault
                if name == "drop":
                    # RST without any response: the client sees a dropped connection.
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.close_connection = True
                    self.connection.close()
                    return
                if name == "hang":
                    time.sleep(float(arg or 5))
                if name == "status":
                    status, headers = arg
                    err = {"error": {"message": f"injected {status}", "type": "test"}}
                    return self.send_json(status, json.dumps(err).encode(), headers)
                if name == "echo_auth":
                    # A careless server that repeats the key back in its error.
                    auth = self.headers.get("Authorization", "")
                    err = {"error": {"message": f"invalid key {auth}"}}
                    return self.send_json(401, json.dumps(err).encode())
                if name == "garbage":
                    return self.send_json(200, b'{"id": "x", "choices": [ {"mess')
                if name == "no_choices":
                    return self.send_json(
                        200, b'{"id": "x", "object": "chat.completion", "choices": []}'
                    )
                fmt = body.get("response_format") or {}
                if fmt.get("type") == "json_schema" and not server.json_schema:
                    err = {"error": {"message": "response_format json_schema is not supported"}}
                    return self.send_json(400, json.dumps(err).encode())
                if server.latency:
                    time.sleep(server.latency)
                content = server.answer(body)
                reply = {
                    "id": "chatcmpl-test",
                    "object": "chat.completion",
                    "created": 0,
                    "model": body.get("model", "test"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": content},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
                }
                self.send_json(200, json.dumps(reply).encode())

        return Handler
