"""bot.model_loading: the models loaded for serving (weights restored as the inference pass creates them) give
exactly what Rasa's own loading gives, on every intent of the held-out NLU set and a whole conversation."""
from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.assistant import model_path

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]

PROBE = r'''
import asyncio, json, sys
from rasa.core.agent import Agent
fallbacks = []
if sys.argv[2] == "serving":
    from bot import model_loading
    model_loading.install()
    rasas_load = model_loading._rasas_load
    model_loading._rasas_load = lambda *a, **k: fallbacks.append(a[0].__name__) or rasas_load(*a, **k)
texts = json.loads(sys.argv[3])
agent = Agent.load(sys.argv[1])

async def run():
    parsed = []
    for text in texts:
        p = await agent.parse_message(text)
        faq = p.get("response_selector", {}).get("faq", {}).get("response", {})
        parsed.append([p["intent"]["name"], round(p["intent"]["confidence"], 5), faq.get("intent_response_key"),
                       round(faq.get("confidence") or 0, 5)])
    replies = []
    for text in ["hi", "yes", "Bilal", "28", "male", "my hairline is going back since two years", "how much is the fee",
                 "about 2 years", "slowly"]:
        replies.append([m.get("text", "") for m in await agent.handle_text(text, sender_id="probe")])
    tracker = await agent.tracker_store.retrieve("probe")
    return parsed, replies, [e.action_name for e in tracker.events if getattr(e, "action_name", None)]

print("FALLBACKS " + json.dumps(fallbacks))
print("RESULT " + json.dumps(asyncio.run(run())))
'''


def held_out_texts() -> list[str]:
    data = yaml.safe_load((ROOT / "tests" / "nlu_holdout.yml").read_text())
    texts = []
    for block in data["nlu"]:
        texts += [line[2:].strip() for line in block.get("examples", "").splitlines() if line.startswith("- ")]
    return texts[:120]


def probe(way: str, texts: list[str]) -> list:
    run = subprocess.run([sys.executable, "-c", PROBE, model_path(), way, json.dumps(texts)], cwd=ROOT,
                         capture_output=True, text=True, timeout=600,
                         env={"PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"})
    lines = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, run.stdout[-2000:] + run.stderr[-3000:]
    fallbacks = [line for line in run.stdout.splitlines() if line.startswith("FALLBACKS ")]
    assert fallbacks == ["FALLBACKS []"], fallbacks  # every model was loaded the serving way, none fell back
    return json.loads(lines[-1][len("RESULT "):])


def test_served_models_predict_exactly_as_rasas_own_loading():
    texts = held_out_texts()
    assert len(texts) >= 50
    rasas, ours = probe("rasa", texts), probe("serving", texts)
    assert ours[0] == rasas[0]  # intents, confidences and FAQ answers of every message
    assert ours[1] == rasas[1] and ours[2] == rasas[2]  # the same replies and actions in a conversation
    assert any(reply for reply in ours[1])
