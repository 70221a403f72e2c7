"""deploy/haproxy.py: the HAProxy configuration for N Rasa servers and M action servers, checked by haproxy."""
from __future__ import annotations

import shutil
import stat
import subprocess

import pytest

from deploy.haproxy import main, render, write_private

SERVERS = dict(rasa=["10.0.0.11:5005", "10.0.0.12:5005"], actions=["10.0.0.21:5055", "10.0.0.22:5055"])


def section(config: str, name: str) -> str:
    return config.split(f"\n{name}\n", 1)[1].split("\n\n", 1)[0]


def test_every_server_is_listed_with_its_health_check():
    config = render(**SERVERS)
    rasa, actions = section(config, "backend rasa_servers"), section(config, "backend action_servers")
    assert "server rasa1 10.0.0.11:5005 check" in rasa and "server rasa2 10.0.0.12:5005 check" in rasa
    assert "option httpchk GET /\n" in rasa and "option httpchk GET /health" in actions
    assert "server actions2 10.0.0.22:5055 check" in actions


def test_no_sticky_sessions_and_no_resent_messages():
    config = render(**SERVERS)
    rasa = section(config, "backend rasa_servers")
    directives = [line.split()[0] for line in config.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert "balance roundrobin" in rasa and not {"cookie", "stick", "stick-table", "hash-type"} & set(directives)
    # only a connection that never opened is retried: a received POST is never sent twice
    assert "retry-on conn-failure\n" in config
    assert "retry-on all" not in config and "empty-response" not in config and "response-timeout" not in config


def test_only_the_proxy_s_own_forwarded_for_reaches_the_servers():
    frontend = section(render(**SERVERS), "frontend rasa")
    assert frontend.index("http-request del-header X-Forwarded-For") < frontend.index("option forwardfor")


def test_service_and_foreground_flavours():
    service, foreground = render(**SERVERS), render(**SERVERS, foreground=True)
    assert "chroot /var/lib/haproxy" in service and "user haproxy" in service and "log /dev/log" in service
    assert "chroot" not in foreground and "log stdout" in foreground


@pytest.mark.parametrize("rasa", [[], ["rasa1"], ["rasa1:http"]])
def test_bad_server_lists_are_refused(rasa):
    with pytest.raises(ValueError):
        render(rasa=rasa, actions=SERVERS["actions"])


def test_the_stats_page_is_read_only_and_on_localhost_unless_asked():
    assert "stats uri" not in render(**SERVERS)
    stats = section(render(**SERVERS, stats_bind="127.0.0.1:8404"), "frontend stats")
    assert "bind 127.0.0.1:8404" in stats and "stats admin" not in stats
    assert "bind 127.0.0.1:8404" in section(_printed(), "frontend stats")


def _printed() -> str:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["--rasa", "r1:5005", "--action", "a1:5055"])
    return out.getvalue()


def test_the_written_file_is_private(tmp_path, capsys):
    out = tmp_path / "haproxy.cfg"
    assert main(["--rasa", "r1:5005", "--action", "a1:5055", "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and "server rasa1 r1:5005 check" in out.read_text()
    write_private(out, "x")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


@pytest.mark.slow  # needs Debian's haproxy (`make haproxy`, a prerequisite of `make test`)
@pytest.mark.parametrize("foreground", [False, True])
def test_haproxy_accepts_the_configuration(tmp_path, foreground):
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    config = tmp_path / "haproxy.cfg"
    write_private(config, render(rasa=["127.0.0.1:5005", "127.0.0.1:5006"], actions=["127.0.0.1:5055"],
                                 foreground=foreground, stats_bind="127.0.0.1:8404"))
    checked = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Configuration file is valid" in checked.stdout + checked.stderr
