"""The production set-up restarts what dies and keeps secrets off command lines: deploy/compose.yml and the
systemd units in deploy/systemd/ (checked with `systemd-analyze verify` and `docker compose config` when the
machine has them)."""
from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from bot.settings import SECRETS

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
COMPOSE = yaml.safe_load((DEPLOY / "compose.yml").read_text())
SERVICES = COMPOSE["services"]
ONE_SHOT = {"migrate"}  # its exit code is its health
SECRET_NAMES = {env_var for env_var, _file in SECRETS.values()} | {
    "TRACKER_DB_PASSWORD", "RABBITMQ_PASSWORD", "POSTGRES_PASSWORD", "PGPASSWORD", "RABBITMQ_DEFAULT_PASS",
}


def test_the_topology_of_the_issue():
    assert {"haproxy", "rasa1", "rasa2", "actions1", "actions2", "site", "staff", "postgres", "redis",
            "rabbitmq"} <= set(SERVICES)
    for name in ("rasa1", "rasa2", "actions1", "actions2"):
        assert SERVICES[name]["environment"]["RASA_ENDPOINTS"].endswith("endpoints.production.yml")
    # HAProxy reaches each server at the fixed address compose gives it
    command = SERVICES["haproxy"]["command"]
    for name, flag, port in (("rasa1", "--rasa", 5005), ("rasa2", "--rasa", 5005), ("actions1", "--action", 5055),
                             ("actions2", "--action", 5055)):
        address = SERVICES[name]["networks"]["skn"]["ipv4_address"]
        assert f"{flag} {address}:{port}" in command
    assert SERVICES["haproxy"]["networks"]["skn"]["ipv4_address"] in SERVICES["rasa1"]["environment"]["TRUSTED_PROXIES"]


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_compose_service_is_restarted_and_health_checked(name):
    service = SERVICES[name]
    restart = service.get("restart", "no")
    assert restart == "unless-stopped" or restart == "always" or restart.startswith("on-failure"), restart
    check = service.get("healthcheck", {})
    if name in ONE_SHOT or check.get("disable"):
        assert name in ONE_SHOT | {"scheduler"}, f"{name}: only a job without a port may go without a healthcheck"
        return
    assert check.get("test") and check.get("interval"), f"{name} has no healthcheck"


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_no_secret_in_the_compose_file(name):
    service = SERVICES[name]
    environment = service.get("environment") or {}
    assert not SECRET_NAMES & set(environment), f"{name}: secrets belong in skn.env (env_file)"
    for value in environment.values():
        assert not re.search(r"://[^/@:]+:[^/@]+@", str(value)), f"{name}: a password in a URL"
    command = service.get("command") or ""
    command = " ".join(command) if isinstance(command, list) else command
    assert not re.search(r"secret|token|password", command, re.IGNORECASE), f"{name}: a secret on its command line"


def test_the_example_env_file_names_every_secret_and_holds_none():
    lines = [line for line in (DEPLOY / "skn.env.example").read_text().splitlines() if line and line[0] != "#"]
    values = dict(line.split("=", 1) for line in lines)
    assert SECRET_NAMES <= set(values)
    assert all(values[name] == "" for name in SECRET_NAMES)


def unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A unit file's sections and keys (a key may repeat, as Environment= does); continued lines joined."""
    sections: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    section = None
    for line in path.read_text().replace("\\\n", " ").splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        sections[section][key].append(value)
    return sections


LONG_RUNNING = ["skn-rasa@.service", "skn-actions@.service", "skn-site.service", "skn-staff.service"]


@pytest.mark.parametrize("name", LONG_RUNNING)
def test_every_long_running_unit_restarts_with_backoff_and_a_crash_loop_limit(name):
    parsed = unit(UNITS / name)
    service = parsed["Service"]
    assert service["Restart"] == ["on-failure"] and service["RestartSec"]
    assert service["RestartMaxDelaySec"] and service["RestartSteps"]
    assert parsed["Unit"]["StartLimitIntervalSec"] and parsed["Unit"]["StartLimitBurst"]
    assert parsed["Install"]["WantedBy"] == ["skn.target"]


@pytest.mark.parametrize("name", sorted(p.name for p in UNITS.glob("*.service")))
def test_every_service_unit_runs_unprivileged_and_hardened_with_secrets_from_a_file(name):
    service = unit(UNITS / name)["Service"]
    assert service["User"] == ["skn"] and service["EnvironmentFile"] == ["/etc/skn/skn.env"]
    assert service["ProtectSystem"] == ["strict"] and service["ReadWritePaths"] == ["/var/lib/skn"]
    assert service["NoNewPrivileges"] == ["yes"] and service["UMask"] == ["0077"]
    assert service["StateDirectoryMode"] == ["0700"]
    for command in service["ExecStart"]:
        assert not re.search(r"secret|token|password", command, re.IGNORECASE)


def test_every_timer_starts_a_unit_that_exists():
    for timer in UNITS.glob("*.timer"):
        assert (UNITS / timer.name.replace(".timer", ".service")).exists()


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_systemd_analyze_verify_finds_nothing_but_the_missing_installation(tmp_path):
    # Template units are verified as an instance; /opt/skn is where the clinic installs the code.
    for path in UNITS.iterdir():
        target = tmp_path / path.name.replace("@.service", "@5005.service")
        target.write_text(path.read_text())
    files = sorted(str(p) for p in tmp_path.iterdir())
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *files], capture_output=True, text=True,
                            timeout=60)
    expected = (
        "/opt/skn/.venv/bin/python is not executable",  # not installed on this machine
        "Unknown key 'RestartSteps'", "Unknown key 'RestartMaxDelaySec'",  # systemd < 254 ignores them
    )
    problems = [line for line in (result.stdout + result.stderr).splitlines()
                if line.strip() and not any(e in line for e in expected)]
    assert problems == []


def _compose_command() -> list[str] | None:
    for command in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(command[0]) and subprocess.run([*command, "version"], capture_output=True).returncode == 0:
            return command
    return None


@pytest.mark.skipif(_compose_command() is None, reason="docker compose is not installed")
def test_docker_compose_accepts_the_file(tmp_path):
    env = tmp_path / "skn.env"
    env.write_text((DEPLOY / "skn.env.example").read_text())
    compose = tmp_path / "compose.yml"
    compose.write_text((DEPLOY / "compose.yml").read_text())
    result = subprocess.run([*_compose_command(), "-f", str(compose), "config", "--quiet"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
