"""What the bot is asking, read from its words the way a patient reads them.

A patient cannot see Rasa's `requested_slot`; they see text and buttons. So the simulated patient decides what
it is being asked from the bot's last messages: the last message that reads as a question (a question mark,
buttons, or a "please write / pick" prompt) and the first topic whose words it contains. The patterns are
meanings, not the bot's exact sentences, so rewording a question should not break the harness;
test_recognise.py checks every question the bot can ask today is still recognised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# Intake questions: the topic names are the intake's answer names, so a profile's `says:` keys read naturally.
INTAKE_TOPICS = (
    "first_name",
    "age",
    "sex",
    "description",
    "duration_days",
    "onset",
    "pattern",
    "shedding",
    "triggers",
    "family_history",
    "hairstyles",
    "scalp_symptoms",
    "nail_changes",
    "conditions",
    "medicines",
    "pregnancy",
    "treatments_tried",
)
# Questions that ask the patient to agree to something that changes state (a booking, a cancellation, ...).
CONFIRMATION_TOPICS = ("booking_confirm", "cancel_confirm", "start_over_confirm", "handoff_confirm", "erasure_confirm")


def _any(*words: str) -> re.Pattern[str]:
    return re.compile("|".join(words), re.IGNORECASE)


# Order matters: the first topic that matches wins, so the specific ones come before the general ones
# (the description question mentions "where" and "since when"; the triggers question mentions childbirth and
# a new medicine; the booking confirmation mentions a time).
TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("booked", _any(r"consultation is booked", r"appointment is booked", r"you are booked", r"booking is confirmed")),
    ("erasure_confirm", _any(r"delete your data", r"erase (everything|your data)")),
    ("start_over_confirm", _any(r"(start|begin) (over|again).{0,80}\?", r"(wipe|clear|lose) (your|all|the) answers")),
    (
        "handoff_confirm",
        _any(
            r"(shall|should) i ask .{0,40}(staff|someone|person)", r"want (a member of )?(our )?staff to (call|contact)"
        ),
    ),
    ("cancel_confirm", _any(r"cancel (your|the|this) appointment.{0,80}\?", r"(sure|want) .{0,30}cancel")),
    ("consent", _any(r"store your answers", r"may we (store|keep)", r"your (permission|consent)")),
    (
        "summary_confirm",
        _any(
            r"is this correct",
            r"summary correct",
            r"is (all )?(that|this) right\?.{0,40}$",
            r"here's what i have noted",
        ),
    ),
    ("what_to_change", _any(r"what should i change", r"what (would you like|do you want) to change")),
    ("booking_confirm", _any(r"please check", r"shall i book (it|this)", r"book this time", r"move your appointment")),
    (
        "wants_booking",
        _any(
            r"book (you )?(a|the earliest|an?) ?(consultation|appointment)",
            r"would you like to book",
            r"shall i book",
            r"like me to book",
        ),
    ),
    (
        "booking_time",
        _any(
            r"free times?",
            r"day and time",
            r"which day",
            r"what time",
            r"time isn't free",
            r"(earliest|nearest|available) (free )?(times|slots)",
        ),
    ),
    ("lookup", _any(r"booking reference", r"reference \(", r"reference and the phone")),
    ("phone", _any(r"(mobile|phone|contact) number", r"reach you on")),
    ("email", _any(r"e-?mail")),
    # A bot that says back what it understood from a longer message and asks whether that is right.
    ("check", _any(r"(i('ve| have)? noted|i understood|so:).{0,400}(right|correct|wrong)\b")),
    ("first_name", _any(r"first name", r"your name", r"call you", r"(child|patient|her|his)'?s? name")),
    ("age", _any(r"how old", r"\bage\b", r"number of years", r"years old")),
    ("sex", _any(r"\bsex\b", r"gender", r"female,? (or )?male")),
    ("description", _any(r"own words", r"describe", r"what is happening with")),
    ("duration_days", _any(r"how long", r"how many (days|weeks|months|years)", r"since when")),
    ("onset", _any(r"sudden", r"gradual")),
    ("triggers", _any(r"last (six|6) months", r"did any of these happen")),
    ("pregnancy", _any(r"pregnan", r"breastfeed", r"conceive")),
    ("shedding", _any(r"clumps", r"pillow", r"shower", r"come out", r"shedding")),
    ("pattern", _any(r"where do you notice", r"which of these is closest", r"\bwhere\b")),
    ("family_history", _any(r"family", r"relatives", r"parents")),
    ("hairstyles", _any(r"hairstyles?", r"braids", r"extensions", r"weaves", r"pulled tight")),
    ("scalp_symptoms", _any(r"on your scalp", r"scalp symptoms?", r"itching,? pain")),
    ("nail_changes", _any(r"\bnails?\b")),
    ("conditions", _any(r"conditions?\b", r"thyroid", r"pcos", r"an(a)?emia")),
    ("medicines", _any(r"medicines?", r"medications?", r"tablets", r"blood thinners?")),
    ("treatments_tried", _any(r"treatments?", r"tried")),
    (
        "check",
        _any(
            r"(is|was) (that|this) (right|correct)", r"did i get (that|this|it) right", r"anything (of that )?wrong\?"
        ),
    ),
)

_PROMPT = re.compile(
    r"\?|please (write|type|give|tell|choose|pick)|pick one|type it|choose (any|one)|i need (both|the|your)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass
class BotTurn:
    """The bot's replies to one patient message, as a patient sees them."""

    texts: list[str]
    buttons: list[Button] = field(default_factory=list)

    @classmethod
    def from_replies(cls, replies: Iterable[dict[str, Any]]) -> BotTurn:
        texts, buttons = [], []
        for reply in replies:
            texts.append(str(reply.get("text") or ""))
            buttons += [Button(str(b.get("title", "")), str(b.get("payload", ""))) for b in reply.get("buttons") or []]
        return cls(texts, buttons)

    @property
    def silent(self) -> bool:
        return not any(t.strip() for t in self.texts) and not self.buttons


def topic_of(text: str) -> str | None:
    for topic, pattern in TOPICS:
        if pattern.search(text):
            return topic
    return None


def asked_topic(replies: list[dict[str, Any]]) -> str | None:
    """The topic of the last message that reads as a question or a prompt; "booked" wins whenever it is said."""
    texts = [str(r.get("text") or "") for r in replies]
    if any(topic_of(t) == "booked" for t in texts):
        return "booked"
    for reply in reversed(replies):
        text = str(reply.get("text") or "")
        if not (_PROMPT.search(text) or reply.get("buttons") or text.rstrip().endswith(":")):
            continue
        topic = topic_of(text)
        if topic is not None and topic != "booked":
            return topic
    return None
