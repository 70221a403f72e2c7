"""A local stand-in for Meta's Graph API (WhatsApp Cloud API), for tests: a small HTTP server in a thread.

  POST /{version}/{phone_number_id}/messages  checks the bearer token and the body against Meta's documented
      rules (type; text <= 4,096; reply buttons 1-3, title <= 20 and unique, id <= 256; list rows <= 10, row
      title <= 24, description <= 72, id <= 200, button text <= 20; interactive body <= 1,024), records it and
      answers as Meta does, or with Meta's error shape. `fail_next(n, status)` makes the next n sends fail.
  GET  /{version}/{media_id}   the media's URL, mime_type, sha256, file_size (bearer token checked)
  GET  /media/{media_id}       the media's bytes (bearer token checked)
"""
from __future__ import annotations

import hashlib
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

VERSION = "v26.0"


def meta_error(code: int, message: str, kind: str = "OAuthException") -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "code": code, "fbtrace_id": secrets.token_hex(8)}}


def problems(body: dict[str, Any]) -> list[str]:
    """What Meta would refuse in a send-message body (empty: accepted)."""
    found = []
    if body.get("messaging_product") != "whatsapp":
        found.append("messaging_product must be whatsapp")
    if not (body.get("to") or body.get("recipient")):
        found.append("no recipient")
    kind = body.get("type", "text")
    if kind == "text":
        text = (body.get("text") or {}).get("body")
        if not isinstance(text, str) or not text.strip() or len(text) > 4096:
            found.append("text.body must be 1-4096 characters")
    elif kind == "interactive":
        found += _interactive_problems(body.get("interactive") or {})
    elif kind == "template":
        template = body.get("template") or {}
        if not template.get("name") or not (template.get("language") or {}).get("code"):
            found.append("template needs name and language.code")
    else:
        found.append(f"unexpected type {kind!r}")
    return found


def _interactive_problems(interactive: dict[str, Any]) -> list[str]:
    found = []
    text = (interactive.get("body") or {}).get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > 1024:
        found.append("interactive body must be 1-1024 characters")
    action = interactive.get("action") or {}
    if interactive.get("type") == "button":
        buttons = action.get("buttons") or []
        titles = [(b.get("reply") or {}).get("title") or "" for b in buttons]
        ids = [(b.get("reply") or {}).get("id") or "" for b in buttons]
        if not 1 <= len(buttons) <= 3:
            found.append("1-3 buttons")
        if any(not t or len(t) > 20 for t in titles) or len(set(titles)) != len(titles):
            found.append("button titles must be 1-20 characters and unique")
        if any(not i or len(i) > 256 for i in ids) or len(set(ids)) != len(ids):
            found.append("button ids must be 1-256 characters and unique")
    elif interactive.get("type") == "list":
        button = action.get("button") or ""
        rows = [r for s in action.get("sections") or [] for r in s.get("rows") or []]
        if not button or len(button) > 20:
            found.append("list button text must be 1-20 characters")
        if not 1 <= len(rows) <= 10:
            found.append("1-10 rows")
        for row in rows:
            if not row.get("title") or len(row["title"]) > 24:
                found.append("row title must be 1-24 characters")
            if len(row.get("description") or "") > 72:
                found.append("row description must be at most 72 characters")
            if not row.get("id") or len(row["id"]) > 200:
                found.append("row id must be 1-200 characters")
        if len({r.get("id") for r in rows}) != len(rows):
            found.append("row ids must be unique")
    else:
        found.append("interactive type must be button or list")
    return found


class GraphStandin:
    def __init__(self, token: str = "test-access-token", phone_number_id: str = "106540352242922", port: int = 0):
        self.token, self.phone_number_id = token, phone_number_id
        self.sent: list[dict[str, Any]] = []  # accepted message bodies, in order
        self.refused: list[tuple[int, dict[str, Any]]] = []
        self.media: dict[str, tuple[bytes, str]] = {}
        self.media_fetches = 0
        self._failures: list[tuple[int, str | None]] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{VERSION}"

    def start(self) -> "GraphStandin":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> "GraphStandin":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def fail_next(self, n: int, status: int = 500, retry_after: str | None = None) -> None:
        with self._lock:
            self._failures += [(status, retry_after)] * n

    def add_media(self, media_id: str, data: bytes, mime_type: str) -> None:
        self.media[media_id] = (data, mime_type)

    def sent_to(self, recipient: str) -> list[dict[str, Any]]:
        with self._lock:
            return [b for b in self.sent if recipient in (b.get("to"), b.get("recipient"))]

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self, status: int, data: Any, content_type: str = "application/json", headers=None) -> None:
                raw = data if isinstance(data, bytes) else json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(raw)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(raw)

            def _authorised(self) -> bool:
                if self.headers.get("Authorization") == f"Bearer {standin.token}":
                    return True
                self._answer(401, meta_error(190, "Invalid OAuth access token - Cannot parse access token"))
                return False

            def do_POST(self) -> None:
                parts = self.path.strip("/").split("/")
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if len(parts) != 3 or parts[0] != VERSION or parts[1] != standin.phone_number_id or parts[2] != "messages":
                    return self._answer(404, meta_error(803, "Unknown path", "GraphMethodException"))
                if not self._authorised():
                    return
                with standin._lock:
                    failure = standin._failures.pop(0) if standin._failures else None
                if failure is not None:
                    status, retry_after = failure
                    code, text = (130429, "Rate limit hit") if status == 429 else (131000, "Something went wrong")
                    return self._answer(status, meta_error(code, text), headers={"Retry-After": retry_after} if retry_after else None)
                try:
                    body = json.loads(raw)
                except ValueError:
                    return self._answer(400, meta_error(100, "Invalid JSON", "OAuthException"))
                wrong = problems(body)
                if wrong:
                    with standin._lock:
                        standin.refused.append((400, body))
                    return self._answer(400, meta_error(100, "Invalid parameter: " + "; ".join(wrong)))
                message_id = "wamid." + secrets.token_urlsafe(24)
                with standin._lock:
                    standin.sent.append(body)
                address = body.get("to") or body.get("recipient")
                self._answer(200, {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": address, "wa_id": address}],
                    "messages": [{"id": message_id}],
                })

            def do_GET(self) -> None:
                parts = self.path.strip("/").split("/")
                if len(parts) == 2 and parts[0] == "media":
                    if not self._authorised():
                        return
                    found = standin.media.get(parts[1])
                    if found is None:
                        return self._answer(404, meta_error(100, "Unknown media"))
                    standin.media_fetches += 1
                    return self._answer(200, found[0], content_type=found[1])
                if len(parts) == 2 and parts[0] == VERSION:
                    if not self._authorised():
                        return
                    found = standin.media.get(parts[1])
                    if found is None:
                        return self._answer(400, meta_error(100, "Unsupported get request", "GraphMethodException"))
                    data, mime = found
                    return self._answer(200, {
                        "messaging_product": "whatsapp",
                        "url": f"http://127.0.0.1:{standin.port}/media/{parts[1]}",
                        "mime_type": mime,
                        "sha256": hashlib.sha256(data).hexdigest(),
                        "file_size": len(data),
                        "id": parts[1],
                    })
                self._answer(404, meta_error(803, "Unknown path", "GraphMethodException"))

        return Handler
