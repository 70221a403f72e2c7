"""One settings object, read from the environment in one place (bot/settings.py)."""
from __future__ import annotations

import re
from pathlib import Path

from bot.settings import SECRETS, Settings

ROOT = Path(__file__).resolve().parent.parent
# Modules that may still touch the environment, and why.
ALLOWED = {
    "bot/settings.py": "builds the Settings",
    "bot/private_files.py": "kept_secret() defaults to the process environment for the channels Rasa builds",
    "bot/services.py": "passes the environment on to the server processes it starts",
    "bot/staff/users.py": "STAFF_PASSWORD is an input of the command, not a setting",
    "bot/staff/bench.py": "a benchmark tool: its PostgreSQL server and the staff app process it starts",
}


def test_only_the_settings_read_the_environment():
    readers = {str(p.relative_to(ROOT)) for top in ("bot", "actions") for p in (ROOT / top).rglob("*.py")
               if re.search(r"os\.environ|getenv\(", p.read_text(encoding="utf-8"))}
    assert readers - set(ALLOWED) == set()


def test_defaults_keep_everything_under_var(tmp_path):
    settings = Settings.from_env({"VAR_DIR": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'clinic.db'}"
    assert settings.tracker_db_url == f"sqlite:///{tmp_path / 'tracker.db'}"
    assert settings.journal_dir == tmp_path / "tracker-journal" and settings.photo_dir == tmp_path / "photos"
    assert settings.staff.database_url == settings.database_url
    assert settings.staff.journal_dir == settings.journal_dir


def test_a_secret_is_taken_from_the_environment_or_generated_once_into_var(tmp_path):
    given = Settings.from_env({"VAR_DIR": str(tmp_path), "RASA_JWT_SECRET": "j" * 40})
    assert given.secrets.get("jwt") == "j" * 40 and not (tmp_path / "jwt-secret").exists()
    generated = Settings.from_env({"VAR_DIR": str(tmp_path)}).secrets.get("rest_token")
    assert len(generated) >= 32 and (tmp_path / "rest-channel-token").stat().st_mode & 0o777 == 0o600
    assert Settings.from_env({"VAR_DIR": str(tmp_path)}).secrets.get("rest_token") == generated
    assert set(SECRETS) == {"jwt", "rest_token", "action_token", "web_channel", "log_pseudonym_key"}


def test_tensorflow_defaults_keep_what_is_already_set():
    from bot.settings import tensorflow_defaults

    env: dict[str, str] = {}
    tensorflow_defaults(env)
    assert env == {"TF_ENABLE_ONEDNN_OPTS": "0"}
    env = {"TF_ENABLE_ONEDNN_OPTS": "1"}
    tensorflow_defaults(env)
    assert env == {"TF_ENABLE_ONEDNN_OPTS": "1"}
