"""The CLI as staff and scripts use it: a subprocess each (fast: TensorFlow probe skipped)."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(args, stdin=None):
    return subprocess.run([sys.executable, "-m", "bot.clinical.classify", *args], input=stdin, cwd=ROOT,
                          capture_output=True, timeout=60)


def test_text_argument():
    p = run(["edges gone from braids"])
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["likely_type"] == "traction_alopecia"
    assert set(out) >= {"likely_type", "probabilities", "confidence", "red_flags", "contraindications",
                        "evidence", "findings"}
    assert set(out["probabilities"]) == {"androgenetic_alopecia", "alopecia_areata", "telogen_effluvium",
                                         "traction_alopecia"}
    assert all(isinstance(e, str) for e in out["evidence"])


def test_stdin_and_slots():
    p = run(["--slots", '{"age": 9}'], stdin="round bald patch".encode())
    out = json.loads(p.stdout)
    assert out["likely_type"] == "alopecia_areata" and "under_18" in out["red_flags"]


def test_jsonl_with_malformed_line():
    lines = '{"id": "a", "text": "thinning on top like my dad"}\nnot json\n{"id": "c"}\n' \
            '{"id": "d", "text": "hair coming out in clumps after dengue"}\n'
    p = run(["--jsonl"], stdin=lines.encode())
    assert p.returncode == 0, p.stderr
    rows = [json.loads(l) for l in p.stdout.decode().splitlines()]
    assert [r.get("id") for r in rows] == ["a", None, "c", "d"]
    assert rows[0]["likely_type"] == "androgenetic_alopecia" and rows[3]["likely_type"] == "telogen_effluvium"
    assert "error" in rows[1] and "error" in rows[2]


def test_empty_and_non_text_input_exit_2():
    for stdin in (b"", b"   \n", b"\xff\xfe\x00binary"):
        p = run([], stdin=stdin)
        assert p.returncode == 2 and b"error" in p.stderr and p.stdout == b""
    assert run([""]).returncode == 2
