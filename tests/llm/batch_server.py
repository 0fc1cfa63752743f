"""A real loopback HTTP server speaking the Anthropic and OpenAI batch endpoints.

Anthropic: POST /v1/messages/batches, GET /v1/messages/batches/{id} and its results_url.
OpenAI: POST /v1/files (multipart), POST /v1/batches, GET /v1/batches/{id},
GET /v1/files/{id}/content. A batch stays in progress for ``polls`` status reads, then
ends; items listed in ``fail`` come back errored; with ``expire`` the batch ends expired
and only the first half of its items have results.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.llm.loopback import JSONHandler, ThreadedServer

Answer = Callable[[dict[str, Any]], dict[str, Any]]


class BatchServer(ThreadedServer):
    """``with BatchServer(answer) as server:``; ``server.root`` has no /v1."""

    def __init__(self, answer: Answer, *, polls: int = 2, expire: bool = False) -> None:
        self.answer = answer  # request params/body -> the structured answer
        self.polls = polls
        self.expire = expire
        self.torn_output = False  # an OpenAI output file whose last line is cut short
        self.fail: set[str] = set()  # custom ids to answer with an error
        self.batches: dict[str, dict[str, Any]] = {}
        self.files: dict[str, str] = {}
        self.created = 0  # batches created
        self.interactive = 0  # ordinary chat/messages calls
        self._start_server()

    # -- results ---------------------------------------------------------------------
    def _kept(self, batch: dict[str, Any]) -> list[dict[str, Any]]:
        items = batch["items"]
        return items[: len(items) // 2] if self.expire else items

    def _anthropic_results(self, batch: dict[str, Any]) -> str:
        lines = []
        kept = self._kept(batch)
        for item in batch["items"]:
            cid = item["custom_id"]
            if item not in kept:
                result: dict[str, Any] = {"type": "expired"}
            elif cid in self.fail:
                result = {
                    "type": "errored",
                    "error": {
                        "type": "error",
                        "error": {"type": "invalid_request_error", "message": "injected failure"},
                    },
                }
            else:
                params = item["params"]
                data = self.answer(params)
                tool = params["tools"][0]["name"] if params.get("tools") else None
                content = (
                    [{"type": "tool_use", "id": "toolu_1", "name": tool, "input": data}]
                    if tool
                    else [{"type": "text", "text": json.dumps(data)}]
                )
                result = {
                    "type": "succeeded",
                    "message": {
                        "id": "msg_1",
                        "type": "message",
                        "role": "assistant",
                        "model": params["model"],
                        "content": content,
                        "stop_reason": "tool_use",
                        "stop_sequence": None,
                        "usage": {"input_tokens": 20, "output_tokens": 6},
                    },
                }
            lines.append(json.dumps({"custom_id": cid, "result": result}))
        return "\n".join(lines) + "\n"

    def _openai_files(self, batch: dict[str, Any]) -> tuple[str, str]:
        out, err = [], []
        kept = self._kept(batch)
        for item in batch["items"]:
            cid = item["custom_id"]
            if item not in kept:
                continue
            if cid in self.fail:
                err.append(
                    {
                        "custom_id": cid,
                        "response": {
                            "status_code": 400,
                            "body": {"error": {"message": "injected failure"}},
                        },
                        "error": None,
                    }
                )
                continue
            content = json.dumps(self.answer(item["body"]))
            body = {
                "id": "chatcmpl-b",
                "object": "chat.completion",
                "model": item["body"]["model"],
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": content},
                    }
                ],
                "usage": {"prompt_tokens": 20, "completion_tokens": 6},
            }
            out.append(
                {"custom_id": cid, "response": {"status_code": 200, "body": body}, "error": None}
            )
        torn = '{"custom_id": "x", "resp\n' if self.torn_output else ""
        return (
            "".join(json.dumps(r) + "\n" for r in out) + torn,
            "".join(json.dumps(r) + "\n" for r in err),
        )

    # -- HTTP ------------------------------------------------------------------------
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(JSONHandler):
            def _send(self, status: int, payload: Any, *, raw: str | None = None) -> None:
                self.send_json(status, (raw if raw is not None else json.dumps(payload)).encode())

            def _body(self) -> bytes:
                return self.rfile.read(int(self.headers.get("Content-Length", 0)))

            def do_POST(self) -> None:
                data = self._body()
                with server.lock:
                    if self.path.startswith("/v1/messages/batches"):
                        server.created += 1
                        bid = f"msgbatch_{server.created}"
                        server.batches[bid] = {"items": json.loads(data)["requests"], "reads": 0}
                        return self._send(200, server._anthropic_batch(bid))
                    if self.path == "/v1/files":
                        lines = [ln for ln in data.decode().splitlines() if '"custom_id"' in ln]
                        fid = f"file-{len(server.files) + 1}"
                        server.files[fid] = "\n".join(lines)
                        return self._send(
                            200,
                            {
                                "id": fid,
                                "object": "file",
                                "purpose": "batch",
                                "filename": "batch.jsonl",
                                "bytes": len(data),
                                "created_at": 0,
                                "status": "processed",
                            },
                        )
                    if self.path == "/v1/batches":
                        body = json.loads(data)
                        server.created += 1
                        bid = f"batch_{server.created}"
                        items = [
                            json.loads(ln)
                            for ln in server.files[body["input_file_id"]].splitlines()
                        ]
                        server.batches[bid] = {"items": items, "reads": 0, "body": body}
                        return self._send(200, server._openai_batch(bid))
                    if self.path in ("/v1/messages", "/v1/chat/completions"):
                        server.interactive += 1
                        return self._send(200, server._interactive(json.loads(data)))
                self._send(404, {"error": {"message": f"no route {self.path}"}})

            def do_GET(self) -> None:
                with server.lock:
                    match = re.fullmatch(r"/v1/messages/batches/([^/]+)(/results)?", self.path)
                    if match and match.group(1) in server.batches:
                        batch = server.batches[match.group(1)]
                        if match.group(2):
                            return self._send(200, None, raw=server._anthropic_results(batch))
                        batch["reads"] += 1
                        return self._send(200, server._anthropic_batch(match.group(1)))
                    match = re.fullmatch(r"/v1/batches/([^/]+)", self.path)
                    if match and match.group(1) in server.batches:
                        server.batches[match.group(1)]["reads"] += 1
                        return self._send(200, server._openai_batch(match.group(1)))
                    match = re.fullmatch(r"/v1/files/([^/]+)/content", self.path)
                    if match and match.group(1) in server.files:
                        return self._send(200, None, raw=server.files[match.group(1)])
                self._send(404, {"error": {"message": f"no route {self.path}"}})

        return Handler

    def _interactive(self, body: dict[str, Any]) -> dict[str, Any]:
        data = self.answer(body)
        if "tools" in body:  # Anthropic Messages
            return {
                "id": "msg_i",
                "type": "message",
                "role": "assistant",
                "model": body["model"],
                "content": [
                    {
                        "type": "tool_use",
                        "id": "toolu_i",
                        "name": body["tools"][0]["name"],
                        "input": data,
                    }
                ],
                "stop_reason": "tool_use",
                "stop_sequence": None,
                "usage": {"input_tokens": 20, "output_tokens": 6},
            }
        return {
            "id": "chatcmpl-i",
            "object": "chat.completion",
            "created": 0,
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": json.dumps(data)},
                }
            ],
            "usage": {"prompt_tokens": 20, "completion_tokens": 6},
        }

    def _ended(self, bid: str) -> bool:
        return bool(self.batches[bid]["reads"] > self.polls)

    def _anthropic_batch(self, bid: str) -> dict[str, Any]:
        ended = self._ended(bid)
        return {
            "id": bid,
            "type": "message_batch",
            "processing_status": "ended" if ended else "in_progress",
            "request_counts": {
                "processing": 0,
                "succeeded": 0,
                "errored": 0,
                "canceled": 0,
                "expired": 0,
            },
            "created_at": "2026-01-01T00:00:00Z",
            "expires_at": "2026-01-02T00:00:00Z",
            "ended_at": "2026-01-01T01:00:00Z" if ended else None,
            "archived_at": None,
            "cancel_initiated_at": None,
            "results_url": f"{self.root}/v1/messages/batches/{bid}/results" if ended else None,
        }

    def _openai_batch(self, bid: str) -> dict[str, Any]:
        batch = self.batches[bid]
        ended = self._ended(bid)
        status = ("expired" if self.expire else "completed") if ended else "in_progress"
        payload = {
            "id": bid,
            "object": "batch",
            "endpoint": "/v1/chat/completions",
            "input_file_id": batch["body"]["input_file_id"],
            "completion_window": "24h",
            "status": status,
            "created_at": 0,
            "output_file_id": None,
            "error_file_id": None,
        }
        if ended:
            out, err = self._openai_files(batch)
            self.files[f"{bid}-out"], self.files[f"{bid}-err"] = out, err
            payload["output_file_id"] = f"{bid}-out" if out else None
            payload["error_file_id"] = f"{bid}-err" if err else None
        return payload
