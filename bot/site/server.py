"""Serves the demo pages and the built widget (web/dist) with a strict Content-Security-Policy: scripts,
styles and fonts only from this site, network requests only to this site and the assistant's server; images also
from blob: URLs, the widget's thumbnails of the photos a patient sends (the browser's own copy of the file)."""

from __future__ import annotations

import html
import mimetypes
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

PAGES = Path(__file__).resolve().parent / "pages"
WIDGET = Path(__file__).resolve().parents[2] / "web" / "dist"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"Not an http(s) URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(server_origin: str) -> str:
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
        f"connect-src 'self' {server_origin}; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    )


class SiteHandler(BaseHTTPRequestHandler):
    server: SiteServer
    server_version = "skn-demo-site"
    sys_version = ""

    def do_GET(self) -> None:
        self.respond(send_body=True)

    def do_HEAD(self) -> None:
        self.respond(send_body=False)

    def respond(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        if path == "/health":
            return self.send(HTTPStatus.OK, b"ok", "text/plain; charset=utf-8", send_body)
        if path.startswith("/widget/"):
            file = self.server.find(self.server.widget_dir, path[len("/widget/") :])
        else:
            file = self.server.find(PAGES, "index.html" if path == "/" else path.lstrip("/"))
        if file is None:
            return self.send(HTTPStatus.NOT_FOUND, b"Not found", "text/plain; charset=utf-8", send_body)
        body = file.read_bytes()
        if file.suffix == ".html":
            # The one setting a page needs: where the assistant runs (escaped: it lands in an attribute).
            body = body.replace(b"{{SERVER_URL}}", html.escape(self.server.server_url).encode())
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("javascript", "json")):
            content_type += "; charset=utf-8"
        self.send(HTTPStatus.OK, body, content_type, send_body)

    def send(self, status: HTTPStatus, body: bytes, content_type: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Security-Policy", self.server.csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, server_url: str, widget_dir: Path = WIDGET, verbose: bool = False):
        self.server_url = server_url.rstrip("/")
        self.csp = content_security_policy(origin_of(self.server_url))
        self.widget_dir = Path(widget_dir)
        self.verbose = verbose
        super().__init__((host, port), SiteHandler)

    @staticmethod
    def find(folder: Path, relative: str) -> Path | None:
        """The file under folder, or None (also for ../ tricks and hidden files)."""
        if not relative or any(part.startswith(".") for part in relative.split("/")):
            return None
        file = (folder / relative).resolve()
        return file if file.is_file() and folder.resolve() in file.parents else None

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host.decode() if isinstance(host, bytes) else host}:{port}"

    def start_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="demo-site", daemon=True)
        thread.start()
        return thread
