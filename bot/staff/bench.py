"""`python -m bot.staff.bench`: how fast the staff list opens with 10,000 intakes (target: under 1 s).

Creates a throw-away database (PostgreSQL by default: a new database on $TEST_PG_ADMIN_URL's server, dropped
afterwards; or --database-url to use an existing empty one), fills it with bench_data.generate, starts the
real staff app, logs in and times GET /staff/intakes (first page, a filtered page, a search, page 100) and
the JSON API. Prints the median and worst of several runs."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.services import ROOT, free_port
from bot.store import make_engine, migrate, session_factory

from .accounts import create_user
from .bench_data import generate

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
TARGET_SECONDS = 1.0
URLS = {
    "list, first page": "/staff/intakes",
    "list, filtered": "/staff/intakes?likely_type=alopecia_areata&booking=booked&review=new",
    "list, search by name": "/staff/intakes?q=zain",
    "list, page 100": "/staff/intakes?page=100",
    "API, first page": "/staff/api/intakes",
}


def _admin():
    return make_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


def _create_pg() -> str:
    name = f"bench_staff_{uuid.uuid4().hex[:10]}"
    engine = _admin()
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return str(make_url(PG_ADMIN_URL).set(database=name))


def _drop_pg(url: str) -> None:
    engine = _admin()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    engine.dispose()


def _wait(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the staff app exited")
        try:
            if requests.get(url + "/staff/health", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError("the staff app did not start")


def login(base: str, username: str, password: str) -> requests.Session:
    import re

    http = requests.Session()
    page = http.get(base + "/staff/login").text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if found is None:
        raise RuntimeError("the login page has no CSRF token")
    token = found.group(1)
    answer = http.post(
        base + "/staff/login",
        data={"csrf_token": token, "username": username, "password": password},
        allow_redirects=False,
    )
    assert answer.status_code == 303, answer.status_code
    return http


def run(database_url: str, n: int, repeats: int) -> bool:
    migrate(database_url)
    engine = make_engine(database_url)
    factory = session_factory(engine)
    started = time.perf_counter()
    generate(factory, n)
    print(f"generated {n} intakes in {time.perf_counter() - started:.1f} s")
    password = "bench-password-" + uuid.uuid4().hex
    create_user(factory, "bench", password)
    engine.dispose()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "TRACKER_DB_URL": f"sqlite:///{tmp}/tracker.db",
            "PYTHONPATH": str(ROOT),
        }
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.staff", "--port", str(port), "--no-migrate"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait(base, process)
            http = login(base, "bench", password)
            ok = True
            for label, path in URLS.items():
                times = []
                for _ in range(repeats):
                    t0 = time.perf_counter()
                    answer = http.get(base + path)
                    times.append(time.perf_counter() - t0)
                    assert answer.status_code == 200, (path, answer.status_code)
                worst = max(times)
                ok = ok and worst < TARGET_SECONDS
                print(
                    f"{label:24s} median {statistics.median(times) * 1000:7.1f} ms   worst {worst * 1000:7.1f} ms"
                    f"   {'ok' if worst < TARGET_SECONDS else 'SLOW'}"
                )
            return ok
        finally:
            process.terminate()
            process.wait(20)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="an empty database to fill (default: a temporary PostgreSQL one)")
    parser.add_argument("--sqlite", action="store_true", help="use a temporary SQLite file instead of PostgreSQL")
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    if args.database_url:
        return 0 if run(args.database_url, args.n, args.repeats) else 1
    if args.sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            return 0 if run(f"sqlite:///{Path(tmp) / 'bench.db'}", args.n, args.repeats) else 1
    url = _create_pg()
    try:
        return 0 if run(url, args.n, args.repeats) else 1
    finally:
        _drop_pg(url)


if __name__ == "__main__":
    sys.exit(main())
