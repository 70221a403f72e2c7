"""The web channel's test rig: a real assistant (action server + Rasa with the secure web channel), the demo
site on an allowed origin, the same site on an origin that is not allowed, and a runner for the browser
scripts in browser/ (Node, playwright-core, Debian's chromium)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.services import ROOT, free_port
from bot.site.server import WIDGET, SiteServer
from tests.support.assistant import RunningAssistant
from tests.web.webclient import SECRET, WebClient

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def site_origin(site_port) -> str:
    return f"http://127.0.0.1:{site_port}"


@pytest.fixture(scope="session")
def web_assistant(tmp_path_factory, site_origin):
    workdir = tmp_path_factory.mktemp("web-assistant")
    with RunningAssistant(
        workdir,
        # PHOTO_DIR: photos the tests upload stay in the test's folder (web_photo_dir), never in var/
        extra_env={"WEB_CHANNEL_SECRET": SECRET, "WEB_ALLOWED_ORIGINS": site_origin,
                   "PHOTO_DIR": str(workdir / "photos")},
        credentials=str(HERE / "credentials.yml"),
    ).serving() as running:
        yield running


@pytest.fixture(scope="session")
def web_photo_dir(web_assistant) -> Path:
    return Path(web_assistant.settings.extra_env["PHOTO_DIR"])


@pytest.fixture
def client(web_assistant, site_origin) -> WebClient:
    return WebClient(web_assistant.url, site_origin)


def _serve(port: int, server_url: str):
    if not (WIDGET / "widget.js").exists():
        pytest.fail("The widget is not built: run `make web`.", pytrace=False)
    server = SiteServer("127.0.0.1", port, server_url)
    server.start_in_thread()
    return server


@pytest.fixture(scope="session")
def site(web_assistant, site_port):
    server = _serve(site_port, web_assistant.url)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def other_site(web_assistant):
    """The same pages on an origin the channel does not allow."""
    server = _serve(free_port(), web_assistant.url)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def run_browser_script(tmp_path_factory):
    """Runs tests/web/browser/<name>.mjs with Node; fails with its output unless it exits 0."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"No {CHROMIUM}: run `make chromium`.", pytrace=False)
    if not (ROOT / "web" / "node_modules" / "playwright-core").exists():
        pytest.fail("No web/node_modules: run `make web`.", pytrace=False)
    node = shutil.which("node") or pytest.fail("Node.js is needed for the browser tests.", pytrace=False)
    output = ROOT / "tests" / "output"

    def run(name: str, timeout: float = 240, **env: str) -> str:
        result = subprocess.run(
            [node, str(HERE / "browser" / f"{name}.mjs")], cwd=ROOT, capture_output=True, text=True,
            timeout=timeout, env={**os.environ, "OUTPUT_DIR": str(output), "CHROMIUM": CHROMIUM, **env},
        )
        report = f"--- node {name}.mjs exited {result.returncode}\n{result.stdout}\n{result.stderr}"
        print(report)
        assert result.returncode == 0, report
        return result.stdout

    return run
