"""bot.past_states on the trained model: every prediction over simulated patients' whole conversations is exactly
Rasa's own (probabilities, policy, events), so are the states each policy was given, and each prediction
replayed the conversation once where Rasa replays it for every policy call.

Simulated patients (tests/patients) talk to the real assistant, which runs with the patch; their stored
conversations are then replayed in a separate process, event by event on one tracker as the Rasa server grows
it, and before each action the next action is predicted both ways."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.patients.profiles import all_profiles
from tests.patients.simulator import SimulatedPatient, rest_talker
from tests.support.assistant import model_path

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
# Booking, "not now", questions without consent, booking before the intake, a correction, side questions.
PROFILES = ("p01-", "p03-", "p11-", "p13-", "p15-", "p35-")

PROBE = r'''
import json, sys
from rasa.core.agent import Agent
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.core.trackers import DialogueStateTracker
from bot import past_states

past_states.install()
agent = Agent.load(sys.argv[1])
processor, domain = agent.processor, agent.domain
replays, asked, checking = [], [], []
rasas_replay = DialogueStateTracker.generate_all_prior_trackers


def counted_replay(self):
    if not checking:
        replays.append(1)
    return rasas_replay(self)


DialogueStateTracker.generate_all_prior_trackers = counted_replay
patched, states_differing = past_states.past_states, []


def compared_past_states(*args, **kwargs):
    asked.append(1)
    ours = patched(*args, **kwargs)
    if past_states._current.get() is not None:
        checking.append(1)  # Rasa's own states, for comparison: not a replay of the prediction
        if ours != past_states._rasas_past_states(*args, **kwargs):
            states_differing.append([args[0].sender_id, len(args[0].events), args[2:], sorted(kwargs)])
        checking.clear()
    return ours


DialogueStateTracker.past_states = compared_past_states

compared, differing = 0, []
warm = DialogueStateTracker("warm-up", domain.slots)  # TensorFlow builds its graphs on the first calls
warm.update(ActionExecuted("action_listen"))
past_states._rasas_predict_next_with_tracker(processor, warm); processor._predict_next_with_tracker(warm)
replays_per_prediction, calls_per_prediction = [], []
for sender, events in json.load(open(sys.argv[2])).items():
    tracker = DialogueStateTracker(sender, domain.slots)
    for number, event in enumerate(Event.from_parameters(e) for e in events):
        if isinstance(event, ActionExecuted) and not tracker.followup_action:
            rasas = past_states._rasas_predict_next_with_tracker(processor, tracker)
            replays.clear(); asked.clear()
            ours = processor._predict_next_with_tracker(tracker)
            replays_per_prediction.append(len(replays)); calls_per_prediction.append(len(asked))
            compared += 1
            if ours != rasas:
                differing.append([sender, number, event.action_name, rasas.policy_name, ours.policy_name])
        tracker.update(event)
print("RESULT " + json.dumps({"compared": compared, "differing": differing,
                              "states_differing": states_differing[:20],
                              "replays": replays_per_prediction, "calls": calls_per_prediction}))
'''


@pytest.fixture(scope="module")
def conversations(busy_client_assistant) -> dict[str, list[dict]]:
    # the simulated patients' assistant (tests/conftest.py); these conversations are new senders of their own
    assistant = busy_client_assistant
    profiles = [p for p in all_profiles() if p.id.startswith(PROFILES)]
    assert len(profiles) == len(PROFILES)
    events = {}
    for profile in profiles:
        transcript = SimulatedPatient(profile, rest_talker(assistant)).converse()
        assert len(transcript.exchanges) >= 5, transcript.render()
        events[transcript.sender] = assistant.tracker(transcript.sender)["events"]
    return events


def test_predictions_over_patients_conversations_are_rasas_own(conversations, tmp_path):
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps(conversations))
    run = subprocess.run([sys.executable, "-c", PROBE, model_path(), str(path)], cwd=ROOT, capture_output=True,
                         text=True, timeout=1200,
                         env={"PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"})
    lines = [line for line in run.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, run.stdout[-2000:] + run.stderr[-3000:]
    result = json.loads(lines[-1][len("RESULT "):])
    print(f"{result['compared']} predictions compared, {sum(result['calls'])} calls for past states")
    assert result["compared"] >= 150
    assert result["differing"] == []
    assert result["states_differing"] == []  # and every policy's states on the way
    # every prediction replayed the conversation once, though the policies asked for its states 2-4 times
    assert set(result["replays"]) == {1}
    assert min(result["calls"]) >= 2 and max(result["calls"]) >= 4
