"""`make bench-chat --quick` runs: our assistant answers two concurrent patients through a whole intake to a
booking, and the bench reports numbers and no errors. Not a timed test: the speed targets are the bench's."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.load import Level

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def test_quick_bench_reports_numbers_and_no_errors(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run([sys.executable, "-m", "tests.bench.chat", "--quick", "--json", str(out)], cwd=ROOT,
                         capture_output=True, text=True, timeout=900)
    assert out.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(out.read_text())
    [level] = result["levels"]
    ours = level["ours"]
    assert ours["senders"] == 2 and ours["errors"] == 0 and ours["conversations_done"] == 2, ours
    assert ours["messages"] >= 2 * 15 and result["messages_per_conversation"] >= 15  # a whole intake each
    assert 0 < ours["p50_ms"] <= ours["p95_ms"] and ours["messages_per_s"] > 0
    assert result["rasa_peak_mib"]["ours"] > 0
    assert "p50" in run.stdout and "Rasa server peak memory" in run.stdout


def test_percentiles_are_nearest_rank():
    level = Level("ours", 1, latencies=[0.1 * n for n in range(1, 21)], seconds=2.0)
    assert level.percentile(0.5) == pytest.approx(1.0) and level.percentile(0.95) == pytest.approx(1.9)
    assert level.throughput == 10.0 and Level("x", 1).percentile(0.5) == 0.0
