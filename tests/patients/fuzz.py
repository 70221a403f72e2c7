"""Seeded random walks through the dialogue, and the invariants every walk must keep.

A walk is a patient who mostly answers what the bot asks (recognised from its words, as in simulator.py), and
in between asks FAQs, corrects an answer, cancels or moves an appointment, asks for a human, starts over, asks to
delete their data and then says no, types gibberish or emoji, writes Roman Urdu. Each move records the facts it
states (`gives`), so the walk can check afterwards that nothing was stored that it never said, and whether it
was an explicit yes to a confirmation question, so any change to a booking can be traced to one.

Invariants: every message gets a reply; no booking is created, cancelled or moved except right after the
patient said yes to a confirmation question; no stored answer the walk did not give. (No action-server
exception is checked once per run, on the server's log.)
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.patients.checks import Finding
from tests.patients.recognise import CONFIRMATION_TOPICS, INTAKE_TOPICS, BotTurn, asked_topic
from tests.patients.simulator import Talk

SKIPPED = "skipped"


@dataclass(frozen=True)
class Move:
    kind: str
    text: str
    gives: tuple[tuple[str, Any], ...] = ()  # (answer slot, value) this message states
    confirms: bool = False  # an explicit yes, when said to a confirmation question
    declines: bool = False  # says no to going on (consent, the booking offer, a proposed time)


def _m(kind: str, text: str, *gives: tuple[str, Any], confirms: bool = False, declines: bool = False) -> Move:
    return Move(kind, text, tuple(gives), confirms, declines)


def _yes_no(slot: str) -> list[Move]:
    return [_m("answer", t, (slot, True)) for t in ("yes", "haan ji", "yes, a little")] + [
        _m("answer", t, (slot, False)) for t in ("no", "nahi", "not really no")
    ]


def _codes(*codes: str) -> frozenset[str]:
    return frozenset(codes)


# What a patient may answer to each question, with the fact it states. Durations are (low, high) in days.
ANSWERS: dict[str, list[Move]] = {
    "consent": [
        _m("answer", "yes sure", confirms=True),
        _m("answer", "ji theek hai", confirms=True),
        _m("answer", "ok go ahead", confirms=True),
        _m("answer", "no, not now", declines=True),
    ],
    "first_name": [
        _m("answer", "Sadia", ("first_name", "Sadia")),
        _m("answer", "mera naam Kashif hai", ("first_name", "Kashif")),
        _m("answer", "its Rabia", ("first_name", "Rabia")),
        _m("answer", "Hamid here", ("first_name", "Hamid")),
    ],
    "age": [
        _m("answer", "34", ("age", 34)),
        _m("answer", "i am 27 years old", ("age", 27)),
        _m("answer", "umar 45 saal", ("age", 45)),
        _m("answer", "19 yrs", ("age", 19)),
    ],
    "sex": [
        _m("answer", "female", ("sex", "female")),
        _m("answer", "I'm a man", ("sex", "male")),
        _m("answer", "khatoon", ("sex", "female")),
    ],
    "description": [
        _m(
            "answer",
            "a round bald patch behind my ear since 2 weeks",
            ("description", "text"),
            ("pattern", "patches"),
            ("duration_days", (10, 18)),
        ),
        _m("answer", "baal har taraf se patlay ho rahe hain", ("description", "text"), ("pattern", "diffuse")),
        _m(
            "answer",
            "my hairline is going back slowly, dad is bald too",
            ("description", "text"),
            ("pattern", "hairline_crown"),
            ("onset", "gradual"),
            ("family_history", True),
        ),
        _m(
            "answer",
            "after dengue lots of hair on my pillow",
            ("description", "text"),
            ("triggers", _codes("illness_fever")),
            ("shedding", "more_shedding"),
        ),
    ],
    "duration_days": [
        _m("answer", "3 months", ("duration_days", (85, 95))),
        _m("answer", "about a year", ("duration_days", (330, 400))),
        _m("answer", "do saal se", ("duration_days", (700, 760))),
        _m("answer", "one and a half year", ("duration_days", (530, 560))),
    ],
    "onset": [
        _m("answer", "suddenly", ("onset", "sudden")),
        _m("answer", "dheere dheere", ("onset", "gradual")),
        _m("answer", "slowly over time", ("onset", "gradual")),
    ],
    "pattern": [
        _m("answer", "round patch", ("pattern", "patches")),
        _m("answer", "thin everywhere", ("pattern", "diffuse")),
        _m("answer", "front hairline", ("pattern", "hairline_crown")),
    ],
    "shedding": [
        _m("answer", "bohat zyada on the pillow", ("shedding", "more_shedding")),
        _m("answer", "in clumps when washing", ("shedding", "clumps")),
        _m("answer", "normal", ("shedding", "neither")),
    ],
    "triggers": [
        _m("answer", "dengue in summer", ("triggers", _codes("illness_fever"))),
        _m("answer", "none of those", ("triggers", _codes())),
        _m("answer", "exams ki tension", ("triggers", _codes("stress"))),
    ],
    "family_history": _yes_no("family_history"),
    "hairstyles": _yes_no("hairstyles"),
    "nail_changes": _yes_no("nail_changes"),
    "scalp_symptoms": [
        _m("answer", "itchy", ("scalp_symptoms", _codes("itching"))),
        _m("answer", "nothing", ("scalp_symptoms", _codes())),
        _m("answer", "flakes and itching", ("scalp_symptoms", _codes("scaling", "itching"))),
    ],
    "conditions": [
        _m("answer", "thyroid", ("conditions", _codes("thyroid"))),
        _m("answer", "none", ("conditions", _codes())),
        _m("answer", "sugar hai", ("conditions", _codes("diabetes"))),
    ],
    "medicines": [
        _m("answer", "none", ("medicines", _codes())),
        _m("answer", "warfarin", ("medicines", _codes("blood_thinner"))),
        _m("answer", "iron tablets", ("medicines", _codes("other"))),
    ],
    "pregnancy": [
        _m("answer", "no", ("pregnancy", "no")),
        _m("answer", "breastfeeding", ("pregnancy", "breastfeeding")),
    ],
    "treatments_tried": [
        _m("answer", "minoxidil", ("treatments_tried", _codes("minoxidil"))),
        _m("answer", "nothing", ("treatments_tried", _codes())),
        _m("answer", "tried prp twice", ("treatments_tried", _codes("prp"))),
    ],
    "summary_confirm": [
        _m("answer", "yes correct", confirms=True),
        _m("answer", "yes", confirms=True),
        _m("answer", "no, the age is wrong", declines=True),
    ],
    "check": [_m("answer", "yes that's right", confirms=True), _m("answer", "no that's wrong", declines=True)],
    "what_to_change": [
        _m("correction", "I'm 41", ("age", 41)),
        _m("correction", "it started suddenly", ("onset", "sudden")),
    ],
    "wants_booking": [
        _m("answer", "yes please"),
        _m("answer", "haan book kar do"),
        _m("answer", "not now", declines=True),
    ],
    "booking_time": [_m("answer", "tomorrow afternoon"), _m("answer", "next monday 11am"), _m("click", "first")],
    "phone": [_m("answer", "0300 1234567"), _m("answer", "03211234567"), _m("answer", "+92 333 7654321")],
    "email": [_m("answer", "no email"), _m("answer", "skip")],
    "booking_confirm": [
        _m("answer", "yes book it", confirms=True),
        _m("answer", "ji", confirms=True),
        _m("answer", "no, another time", declines=True),
    ],
    "cancel_confirm": [_m("answer", "yes cancel it", confirms=True), _m("answer", "no keep it")],
    "start_over_confirm": [_m("answer", "yes", confirms=True), _m("answer", "no")],
    "handoff_confirm": [_m("answer", "yes please", confirms=True), _m("answer", "no")],
    "erasure_confirm": [_m("answer", "no, keep it")],
    "lookup": [_m("answer", "K7P2QX 0300 1234567"), _m("answer", "I don't have a reference")],
}
OTHER_MOVES: dict[str, list[str]] = {
    "faq": [
        "does it hurt?",
        "kitne paise lagte hain?",
        "how many sessions will I need",
        "any side effects?",
        "is it safe while breastfeeding?",
        "results kab tak nazar aayenge?",
    ],
    "cancel": ["cancel my appointment", "appointment cancel karna hai", "I can't come, cancel it"],
    "reschedule": ["move it to next Monday 11am", "can I change my appointment to friday evening"],
    "handoff": ["I want to talk to a real person", "kisi insaan se baat karwayein"],
    "restart": ["start over", "shuru se karte hain"],
    "delete": ["delete my data", "mera data delete kar do"],
    "gibberish": ["asdfgh", "???", "k", "...", "hmm", "lkj qwe"],
    "emoji": ["👍", "🙏", "😢😢", "👌🏽", "🤔"],
    "stop": ["stop", "bas karo"],
    "why": ["why do you need this?", "ye kyun pooch rahe ho?"],
    "book": ["I want to book an appointment", "appointment chahiye"],
}
CORRECTIONS = [
    _m("correction", "sorry I meant I'm 41", ("age", 41)),
    _m("correction", "actually it started suddenly", ("onset", "sudden")),
    _m("correction", "galti ho gayi, 8 mahine ho gaye hain", ("duration_days", (230, 250))),
]
KEEP_MY_DATA = [_m("keep", "no, keep it"), _m("keep", "nahi mat karo")]
YES_NO = ["yes", "no", "ji", "nahi"]
OPENINGS = ["hi", "salam", "hair fall problem", "assalam o alaikum", "hello?"]
# Once booked, a "booker" walk mostly tries to change the appointment and says yes or no at random.
WEIGHTS_AFTER_BOOKING = {
    "cancel": 10,
    "reschedule": 8,
    "yes_no": 10,
    "faq": 4,
    "book": 4,
    "gibberish": 2,
    "handoff": 2,
    "restart": 2,
    "delete": 2,
}
WEIGHTS = {
    "faq": 8,
    "correction": 6,
    "cancel": 4,
    "reschedule": 3,
    "handoff": 3,
    "restart": 3,
    "delete": 3,
    "gibberish": 5,
    "emoji": 4,
    "stop": 2,
    "why": 3,
    "book": 4,
    "yes_no": 4,
}
YES_NO_SLOTS = ("family_history", "hairstyles", "nail_changes")
# What a plain "no" answers to the questions that ask about a list of things.
NO_MEANS: dict[str, Any] = {
    slot: frozenset() for slot in ("triggers", "scalp_symptoms", "conditions", "medicines", "treatments_tried")
}
NO_MEANS.update(pregnancy="no", shedding="neither")


@dataclass
class Step:
    move: Move
    asked: str | None  # what the bot was asking when the patient spoke
    replies: list[dict[str, Any]]
    status: int
    booking_change: str = ""


@dataclass
class Walk:
    seed: int
    sender: str
    steps: list[Step] = field(default_factory=list)
    given: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    phone: str = ""  # the phone number it gave for a booking

    def render(self, last: int = 6) -> str:
        lines = []
        for step in self.steps:
            lines.append(f"  patient: {step.move.text}   ({step.move.kind}, to {step.asked or '-'})")
            for reply in step.replies:
                text = " ".join(str(reply.get("text") or "").split())
                lines.append(f"  bot:     {text[:200]}{'…' if len(text) > 200 else ''}")
            if step.booking_change:
                lines.append(f"  (booking {step.booking_change})")
        return "\n".join(lines[-last:])


def choose(
    rng: random.Random,
    topic: str | None,
    diligence: float,
    cooperative: bool = False,
    weights: dict[str, int] = WEIGHTS,
) -> Move:
    """The next move: usually an answer to what is asked, otherwise something from the rest of life.

    A cooperative patient (a booker on the way to a booking) always answers, and never says no to going on."""
    answers = [m for m in ANSWERS.get(topic or "", []) if not (cooperative and m.declines)]
    if answers and (cooperative or rng.random() < diligence):
        return rng.choice(answers)
    kind = rng.choices(list(weights), weights=list(weights.values()))[0]
    if kind == "correction":
        return rng.choice(CORRECTIONS)
    if kind == "yes_no":
        text = rng.choice(YES_NO)
        yes = text in ("yes", "ji")
        if topic in YES_NO_SLOTS:
            return _m("answer", text, (topic, yes))
        if not yes and topic in NO_MEANS:  # "no" to "do you have any of these?" is an answer: none of them
            return _m("answer", text, (topic, NO_MEANS[topic]))
        return _m("yes_no", text, confirms=yes and topic in CONFIRMATION_TOPICS)
    return _m(kind, rng.choice(OTHER_MOVES[kind]))


def _clicked(move: Move, replies: list[dict[str, Any]]) -> Move:
    """A "click" move sends the first offered button's payload, as the widget would."""
    buttons = BotTurn.from_replies(replies).buttons
    if move.kind != "click" or not buttons:
        return move if move.kind != "click" else _m("answer", "the first one please")
    return _m("click", buttons[0].payload)


def booking_change(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> str:
    old = {b["reference"]: b for b in before}
    for booking in after:
        earlier = old.get(booking["reference"])
        if earlier is None:
            return f"created {booking['reference']}"
        if earlier["status"] != booking["status"]:
            return f"{booking['reference']} {earlier['status']} -> {booking['status']}"
        if (earlier["start_at"], earlier["practitioner_id"]) != (booking["start_at"], booking["practitioner_id"]):
            return f"{booking['reference']} moved {earlier['start_at']} -> {booking['start_at']}"
    return ""


BOOKER_EXTRA_STEPS = 20  # a booker needs about 25 messages to book before it starts changing things
_REFERENCE = re.compile(r"\bReference:?\s*([A-Z0-9]{6})\b")


def is_booker(seed: int) -> bool:
    """Every third walk first books (answering everything), then tries to cancel and move the booking."""
    return seed % 3 == 0


def walk(seed: int, talk: Talk, bookings_of: Callable[[str], list[dict[str, Any]]], steps: int) -> Walk:
    rng = random.Random(seed)
    result = Walk(seed, f"fz-{seed}-{rng.randrange(16**6):06x}")
    booker = is_booker(seed)
    diligence = rng.uniform(0.45, 0.9)  # some patients mostly answer, some wander
    pending: list[Move] = []
    last: list[dict[str, Any]] = []
    reference = ""
    for index in range(steps + (BOOKER_EXTRA_STEPS if booker else 0)):
        topic = asked_topic(last) if index else None
        if not index:
            move = _m("opening", rng.choice(OPENINGS))
        elif pending:
            move = pending.pop(0)
        elif booker and not reference:
            move = choose(rng, topic, diligence, cooperative=True)
        elif booker:
            move = choose(rng, topic, 0.5, weights=WEIGHTS_AFTER_BOOKING)
        else:
            move = choose(rng, topic, diligence)
        if topic == "lookup" and reference and move.kind == "answer":
            move = _m("answer", f"{reference} {result.phone}")
        if topic == "phone" and move.kind == "answer":
            result.phone = move.text
        move = _clicked(move, last)
        before = bookings_of(result.sender)
        status, replies = talk(result.sender, move.text)
        change = booking_change(before, bookings_of(result.sender))
        result.steps.append(Step(move, topic, replies, status, change))
        for slot, value in move.gives:
            result.given[slot].append(value)
        if move.kind == "delete":
            pending.append(rng.choice(KEEP_MY_DATA))
        found = _REFERENCE.search(" ".join(str(r.get("text") or "") for r in replies))
        reference = found.group(1) if found else reference
        last = replies
    return result


# -- invariants --------------------------------------------------------------------------------------------
def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", str(text).lower()).split())


def allowed_by_walk(slot: str, value: Any, given: list[Any], said: list[str]) -> bool:
    if value is None or value == SKIPPED:
        return True
    if slot == "description":
        return isinstance(value, str) and any(_norm(value) in _norm(t) for t in said)
    if not given:
        return False
    if slot == "duration_days":
        return isinstance(value, (int, float)) and any(lo <= value <= hi for lo, hi in given)
    if isinstance(value, list):
        return set(value) <= set().union(*[g for g in given if isinstance(g, frozenset)])
    if slot == "first_name":
        return isinstance(value, str) and value.strip().lower() in {str(g).lower() for g in given}
    return value in given


def walk_findings(result: Walk, slots: dict[str, Any], intake: dict[str, Any] | None) -> list[Finding]:
    found = []
    for step in result.steps:
        if step.status != 200:
            found.append(Finding("HTTP error", str(step.status), step.move.text))
        elif BotTurn.from_replies(step.replies).silent:
            found.append(Finding("no reply to a patient message", step.move.kind, step.move.text))
        if step.booking_change and not (step.move.confirms and step.asked in CONFIRMATION_TOPICS):
            found.append(
                Finding(
                    "booking changed without a confirmation",
                    step.move.kind,
                    f'{step.booking_change} after "{step.move.text}" (bot was asking {step.asked})',
                )
            )
    said = [s.move.text for s in result.steps]
    stored = [("tracker", slots)] + ([("intake", intake.get("answers") or {})] if intake else [])
    reported = set()
    for where, answers in stored:
        for slot in INTAKE_TOPICS:
            value = answers.get(slot)
            if slot not in reported and not allowed_by_walk(slot, value, result.given.get(slot, []), said):
                reported.add(slot)
                found.append(
                    Finding(
                        "stored a fact the patient never gave",
                        slot,
                        f"{where} holds {value!r}; the walk gave {result.given.get(slot, [])}",
                    )
                )
    return found


def coverage(walks: list[Walk]) -> str:
    """How far the walks got, so a run that never reached a booking does not pass as a check of bookings."""
    kinds: Counter = Counter(step.move.kind for w in walks for step in w.steps)
    asked = {step.asked for w in walks for step in w.steps}
    booked = sum(any(s.booking_change.startswith("created") for s in w.steps) for w in walks)
    changed = sum(bool(s.booking_change) for w in walks for s in w.steps)
    return (
        f"walks that booked: {booked}/{len(walks)}, booking changes seen: {changed}, questions reached: "
        f"{len(asked - {None})}, moves: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common())
    )


_ERROR_LINE = re.compile(r"\b(ERROR|CRITICAL)\b|Traceback \(most recent call last\)")


def action_errors(log_dir: Any) -> list[str]:
    """Error lines and tracebacks of the action server, and the Rasa server's errors about running actions."""
    from pathlib import Path

    found = []
    paths = sorted(Path(log_dir).glob("*.log"))
    if not paths:
        return [f"no server logs in {log_dir}: cannot tell whether the actions failed"]
    for path in paths:
        for line in path.read_text(errors="replace").splitlines():
            if _ERROR_LINE.search(line) and ("action" in path.name or "action" in line.lower()):
                found.append(f"{path.name}: {line.strip()[:300]}")
    return found
