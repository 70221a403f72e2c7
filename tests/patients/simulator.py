"""The simulated patient: talks to the running bot over REST, one message at a time, in a profile's own words.

It decides what to say only from what a patient can see, the bot's last messages (recognise.py): which question
is being asked, and which buttons are shown. It answers in the profile's words (`says`), sends its side messages
(FAQs, corrections, "can I just book?") when their question first comes up, clicks a button only where the
profile says this patient clicks (sending the button's payload, as the widget does), and records everything in
a Transcript. It never reads the tracker or the database: the checks do that afterwards.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.patients.profiles import Profile, SideMessage
from tests.patients.recognise import INTAKE_TOPICS, BotTurn, Button, asked_topic

MAX_PATIENT_MESSAGES = 40
MAX_NUDGES = 2
# What a patient says when asked something their profile has no words for (a question that should not come).
UNEXPECTED_ANSWER = "not sure"
DEFAULT_ANSWERS = {
    "lookup": "I don't have a booking yet, I want to make one",
    "what_to_change": "nothing, it is all correct",
    "erasure_confirm": "no",
    "start_over_confirm": "no",
    "handoff_confirm": "no",
    "cancel_confirm": "no",
}
NUDGES = ("ok", "hello?")

# (sender, message) -> (HTTP status, the bot's replies)
Talk = Callable[[str, str], "tuple[int, list[dict[str, Any]]]"]


def rest_talker(assistant: Any) -> Talk:
    """Talks over the REST channel of a tests.support.assistant.RunningAssistant, bearer token included."""

    def talk(sender: str, message: str) -> tuple[int, list[dict[str, Any]]]:
        status, body = assistant.post_raw(
            "/webhooks/rest/webhook",
            json.dumps({"sender": sender, "message": message}).encode(),
            headers=assistant.rest_headers(),
        )
        try:
            replies = json.loads(body) if status == 200 else []
        except ValueError:
            replies = []
        return status, replies if isinstance(replies, list) else []

    return talk


@dataclass
class Exchange:
    said: str
    why: str  # opening, answer, click, volunteer, side, nudge
    asked: str | None  # the question the patient believed it was answering
    replies: list[dict[str, Any]]
    status: int
    topic_after: str | None  # what the bot asked in reply
    side: SideMessage | None = None

    @property
    def bot(self) -> BotTurn:
        return BotTurn.from_replies(self.replies)


@dataclass
class Transcript:
    sender: str
    profile_id: str
    exchanges: list[Exchange] = field(default_factory=list)
    asks: Counter = field(default_factory=Counter)  # topic -> how many bot turns asked it
    reached: bool = False  # the conversation got to the profile's outcome, as the patient saw it
    ended: str = ""  # why the patient stopped talking
    notes: list[str] = field(default_factory=list)  # things worth reading that do not fail the test

    def patient_texts(self) -> list[str]:
        return [e.said for e in self.exchanges]

    def render(self, last: int = 6) -> str:
        """The last `last` messages (patient and bot), one line each, for failure reports."""
        lines: list[str] = []
        for exchange in self.exchanges:
            lines.append(f"  patient: {exchange.said}")
            for reply in exchange.replies:
                text = " ".join(str(reply.get("text") or "").split())
                buttons = reply.get("buttons") or []
                shown = f" [{' | '.join(str(b.get('title')) for b in buttons)}]" if buttons else ""
                lines.append(f"  bot:     {text[:220]}{'…' if len(text) > 220 else ''}{shown}")
            if not exchange.replies:
                lines.append(f"  bot:     (no reply, HTTP {exchange.status})")
        return "\n".join(lines[-last:])


class SimulatedPatient:
    def __init__(self, profile: Profile, talk: Talk, sender: str | None = None):
        self.profile = profile
        self.talk = talk
        self.sender = sender or f"pt-{profile.id}-{uuid.uuid4().hex[:6]}"
        self.transcript = Transcript(self.sender, profile.id)
        self.answered: Counter = Counter()  # topic -> answers given
        self.sent_events: set[int] = set()
        self.volunteered = False
        self.declined_consent = False
        self.declined_booking = False
        self.nudges = 0
        self.last: list[dict[str, Any]] = []

    # -- the conversation ----------------------------------------------------------------------------------
    def converse(self) -> Transcript:
        self._send(self.profile.opening, "opening", None)
        while len(self.transcript.exchanges) < MAX_PATIENT_MESSAGES:
            topic = asked_topic(self.last)
            choice = self._next(topic)
            if choice is None:
                break
            message, why, side = choice
            self._send(message, why, topic, side)
        else:
            self.transcript.ended = f"{MAX_PATIENT_MESSAGES} patient messages without reaching the outcome"
        return self.transcript

    def _send(self, message: str, why: str, asked: str | None, side: SideMessage | None = None) -> None:
        status, replies = self.talk(self.sender, message)
        topic_after = asked_topic(replies)
        self.transcript.exchanges.append(Exchange(message, why, asked, replies, status, topic_after, side))
        if topic_after not in (None, "booked"):
            self.transcript.asks[topic_after] += 1
            told = self.profile.volunteer.states if (self.profile.volunteer and self.volunteered) else ()
            if topic_after in told and self.transcript.asks[topic_after] == 1:
                self.transcript.notes.append(f"asked {topic_after} after the patient had already told it")
        self.last = replies

    # -- what to say next ----------------------------------------------------------------------------------
    def _next(self, topic: str | None) -> tuple[str, str, SideMessage | None] | None:
        if topic == "booked":
            self.transcript.reached = self.profile.outcome == "booking"
            self.transcript.ended = "booked"
            return self._event("end")
        if topic is not None:
            due = self._event(topic)
            if due is not None:
                return due
            return self._answer(topic)
        return self._unprompted()

    def _event(self, moment: str) -> tuple[str, str, SideMessage | None] | None:
        for index, event in enumerate(self.profile.events):
            if event.at == moment and index not in self.sent_events:
                self.sent_events.add(index)
                return event.say, "side", event
        return None

    def _variant(self, topic: str) -> str | None:
        texts = self.profile.answers(topic)
        if not texts:
            return None
        return texts[min(self.answered[topic], len(texts) - 1)]

    def _answer(self, topic: str) -> tuple[str, str, SideMessage | None]:
        self.nudges = 0
        volunteer = self.profile.volunteer
        if volunteer and not self.volunteered and topic in INTAKE_TOPICS and volunteer.at in (None, topic):
            self.volunteered = True
            self.answered[topic] += 1
            return volunteer.text, "volunteer", None
        clicked = self._click(topic)
        if clicked is not None:
            self.answered[topic] += 1
            return clicked.payload, "click", None
        if topic == "booking_time" and self.answered[topic] and self._offered():
            # Offered times after the first answer: take the first, by typing it unless this patient clicks.
            self.answered[topic] += 1
            return self._offered()[0].title, "answer", None
        text = self._variant(topic)
        if text is None and volunteer and self.volunteered and topic in volunteer.states:
            text = volunteer.text  # asked again what it already told: the patient says it again
        if text is None and topic == "check":
            text = self._variant("summary_confirm")
        if text is None:
            text = DEFAULT_ANSWERS.get(topic)
        if text is None:
            self.transcript.notes.append(f"asked {topic}, which this patient has no words for")
            text = UNEXPECTED_ANSWER
        if topic == "consent":
            self.declined_consent = not self.profile.consents
        if topic == "wants_booking" and self.profile.outcome != "booking":
            self.declined_booking = True
        self.answered[topic] += 1
        return text, "answer", None

    def _offered(self) -> list[Button]:
        return BotTurn.from_replies(self.last).buttons

    def _click(self, topic: str) -> Button | None:
        wanted = self.profile.clicks.get(topic)
        if wanted is None:
            return None
        buttons = self._offered()
        if wanted == "first":
            return buttons[0] if buttons else None
        for button in buttons:
            if button.title.strip().lower() == wanted.strip().lower():
                return button
        return None  # no such button shown: this patient types instead

    def _unprompted(self) -> tuple[str, str, SideMessage | None] | None:
        """No question in the bot's last messages: go on with what the patient came for, or stop."""
        if self.transcript.reached:
            return self._event("end")
        if self.declined_consent:
            due = self._event("declined")
            if due is not None:
                return due
            if self.profile.outcome == "no_consent_questions":
                self.transcript.reached = True
                self.transcript.ended = "asked its questions without consent"
                return None
        if self.declined_booking:
            self.transcript.reached = True
            self.transcript.ended = "declined the booking"
            return self._event("end")
        if self.nudges < MAX_NUDGES:
            nudge = self.profile.answers("nudge") or NUDGES
            text = nudge[min(self.nudges, len(nudge) - 1)]
            self.nudges += 1
            return text, "nudge", None
        self.transcript.ended = "the bot asked nothing the patient could answer"
        return None
