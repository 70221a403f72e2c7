"""Rasa's own starter bot (`rasa init`), trained once per Rasa version and served with `rasa run`.

It is the yardstick of issue 15: NLU + dialogue with Rasa's default pipeline, an in-memory tracker store and
no custom actions. It is kept under var/bench/ (private, ignored by git) so it is trained once; nothing is
downloaded (`rasa init` writes its example project from the installed package).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import rasa

from bot.services import ROOT, Service, free_port

CACHE = ROOT / "var" / "bench" / f"starter-rasa-{rasa.__version__}"
# Only the REST channel (`rasa init` also lists the Rasa X channel, which this comparison does not use).
CREDENTIALS = "rest:\n"


def _env() -> dict[str, str]:
    return {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false"}


def _model(project: Path) -> Path | None:
    models = sorted((project / "models").glob("*.tar.gz"))
    return models[-1] if models else None


def starter_project(log) -> Path:  # type: ignore[no-untyped-def]
    """The trained starter project, training it first when there is none for this Rasa version."""
    if CACHE.is_dir() and _model(CACHE):
        return CACHE
    CACHE.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    print(f"Training Rasa's starter bot once into {CACHE} (about a minute) ...", flush=True)
    with tempfile.TemporaryDirectory(dir=CACHE.parent) as scratch:
        project = Path(scratch) / "starter"
        project.mkdir(mode=0o700)
        subprocess.run(
            [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(project)],
            cwd=project,
            env=_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            check=True,
        )
        if _model(project) is None:
            raise RuntimeError("`rasa init --no-prompt` trained no model")
        (project / "credentials.yml").write_text(CREDENTIALS)
        shutil.rmtree(CACHE, ignore_errors=True)
        project.rename(CACHE)
    return CACHE


def start_starter(project: Path, log_dir: Path) -> Service:
    """`rasa run` in the starter project on a free port: REST channel, in-memory tracker store."""
    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    log_path = log_dir / "starter-rasa.log"
    argv = [sys.executable, "-m", "rasa", "run", "--model", str(_model(project)), "--credentials",
            "credentials.yml", "--endpoints", "endpoints.yml", "--interface", "127.0.0.1", "--port", str(port)]
    with os.fdopen(os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab") as log:
        process = subprocess.Popen(argv, cwd=project, env=_env(), stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    return Service("starter-rasa", process, f"http://127.0.0.1:{port}/", log_path)


def url_of(service: Service) -> str:
    return service.health_url.rstrip("/")
