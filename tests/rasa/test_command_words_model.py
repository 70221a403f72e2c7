"""Through the trained model's NLU pipeline: each word the assistant tells patients to type gets its intent
(bot/conversation/commands.yml), typed the ways people type it. (A sentence that only contains one is left to the
classifier: tests/intake/test_command_words.py.)"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.conversation.commands import commands
from bot.services import ROOT
from tests.support.assistant import model_path

pytestmark = pytest.mark.slow

# in a process of its own, like the other probes of a trained model (TensorFlow stays out of pytest's process)
PROBE = r'''
import asyncio, json, sys
from rasa.core.agent import Agent
agent = Agent.load(sys.argv[1])
async def run():
    return [(await agent.parse_message(text))["intent"] for text in json.loads(sys.argv[2])]
print("RESULT " + json.dumps(asyncio.run(run())))
'''


@pytest.fixture(scope="module")
def parsed() -> dict[str, dict]:
    typed = [t for words in commands() for t in (words, words.upper(), f"{words.capitalize()}.", f"“{words}”")]
    run = subprocess.run([sys.executable, "-c", PROBE, model_path(), json.dumps(typed)], cwd=ROOT,
                         capture_output=True, text=True, timeout=600)
    line = next((x for x in run.stdout.splitlines() if x.startswith("RESULT ")), None)
    assert line, run.stderr[-3000:]
    return dict(zip(typed, json.loads(line[len("RESULT "):]), strict=True))


def test_every_command_word_means_its_intent(parsed):
    for words, intent in commands().items():
        for typed in (words, words.upper(), f"{words.capitalize()}.", f"“{words}”"):
            assert (parsed[typed]["name"], parsed[typed]["confidence"]) == (intent, 1.0), typed

