"""Patient data on disk stays private to the server's user: umask 077, modes fixed at start, and secrets
generated once into var/ (never passed on a command line, where any local user could read them with `ps`).

bot.settings decides where var/ is and which secret is which (Settings.secrets); the channels that Rasa
builds from credentials.yml still call kept_secret() with the process environment."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRIVATE_UMASK = 0o077


def var_dir(environ: Mapping[str, str]) -> Path:
    """Where everything the running assistant keeps (databases, journal, logs, secrets) lives: $VAR_DIR or var/."""
    return Path(environ.get("VAR_DIR") or ROOT / "var").resolve()


def use_private_umask() -> None:
    """Every file this process (and its children) creates is 0600, every folder 0700."""
    os.umask(PRIVATE_UMASK)


def make_private(root: Path) -> None:
    """Folders 0700 and files 0600 under `root` (files made before the umask was set, or copied in)."""
    root = Path(root)
    if not root.exists():
        root.mkdir(parents=True, mode=0o700)
    root.chmod(0o700)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o700, follow_symlinks=False)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o600)


def kept_secret(
    env_var: str,
    file_name: str,
    min_length: int = 32,
    *,
    environ: Mapping[str, str] | None = None,
    var: Path | None = None,
) -> str:
    """The secret in $env_var, else one generated once and kept in var/<file_name> (mode 0600), so
    `make run` works with nothing configured and survives restarts. `environ` and `var` default to the
    process environment and its var/."""
    environ = os.environ if environ is None else environ
    var = var_dir(environ) if var is None else var
    secret = environ.get(env_var, "").strip()
    if secret:
        if len(secret) < min_length:
            raise ValueError(f"{env_var} must be at least {min_length} characters")
        return secret
    path = var / file_name
    if not path.exists():
        var.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{file_name}.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(max(32, min_length)))
        try:
            os.link(temporary, path)  # atomic, and refuses to replace: two starts at once keep one secret
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()
