"""The quality bars for one simulated conversation, as a list of findings (empty: the conversation passed).

A finding has a kind (the failure class the team fixes, e.g. "answer refused: moved on without it") and a
subject (the question or answer concerned), so findings of many profiles can be counted per class.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.conversation.wording import text as wording_text

from tests.patients.expectations import compare_summary
from tests.patients.profiles import Profile
from tests.patients.recognise import INTAKE_TOPICS
from tests.patients.simulator import Transcript
from tests.patients.stored import Stored

MAX_ASKS = 2
# The bot's words when it takes a noted fact out again ("Thanks, I've taken that out: female."): only a
# patient who objected should ever see them.
_TAKEN_OUT = wording_text("proposal.taken_out", facts="").split(":")[0]


@dataclass(frozen=True)
class Finding:
    kind: str
    subject: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.kind} [{self.subject}]" + (f": {self.detail}" if self.detail else "")


def conversation_findings(transcript: Transcript) -> list[Finding]:
    """What the patient saw: replies, repeated questions, side questions answered."""
    found = []
    for exchange in transcript.exchanges:
        if exchange.status != 200:
            found.append(Finding("HTTP error", str(exchange.status), exchange.said))
        elif exchange.bot.silent:
            found.append(Finding("no reply to a patient message", exchange.asked or "-", exchange.said))
        if exchange.side is None and any(_TAKEN_OUT in t for t in exchange.bot.texts):
            found.append(Finding("noted fact taken out without an objection", exchange.asked or "-", exchange.said))
        side = exchange.side
        if (
            side is not None
            and side.reply_about
            and not any(word.lower() in " ".join(exchange.bot.texts).lower() for word in side.reply_about)
        ):
            found.append(Finding("side question not answered", side.at, side.say))
    for topic, count in sorted(transcript.asks.items()):
        if count > MAX_ASKS:
            found.append(Finding("question asked more than twice", topic, f"{count} times"))
    return found


def outcome_findings(profile: Profile, transcript: Transcript, stored: Stored) -> list[Finding]:
    found = []
    if not transcript.reached:
        stuck_at = next((e.topic_after for e in reversed(transcript.exchanges) if e.topic_after), "nothing asked")
        found.append(Finding(f"outcome '{profile.outcome}' not reached", stuck_at, transcript.ended))
    booked = [b for b in stored.bookings if b["status"] == "booked"]
    if profile.outcome == "booking":
        want_phone = (profile.expect_booking or {}).get("phone")
        if not booked:
            found.append(Finding("no booking stored", profile.outcome))
        elif booked[0]["phone"] != want_phone:
            found.append(Finding("booking with the wrong phone", "phone", f"{booked[0]['phone']} != {want_phone}"))
    elif stored.bookings:
        found.append(Finding("booking the patient did not ask for", profile.outcome, str(stored.bookings)))
    return found


def intake_findings(profile: Profile, transcript: Transcript, stored: Stored) -> list[Finding]:
    expected = profile.expect_intake
    if expected is None:
        found = [Finding("intake stored without consent", "intake")] if stored.intake is not None else []
        # Booking without an intake needs a name for the appointment; no other answer may be kept.
        allowed = {"first_name"} if profile.outcome == "booking" else set()
        return found + [
            Finding("answer kept without consent", slot, repr(stored.slots[slot]))
            for slot in INTAKE_TOPICS
            if stored.slots.get(slot) is not None and slot not in allowed
        ]
    said = transcript.patient_texts()
    if stored.intake is not None:
        return [Finding(m.kind, m.slot, m.detail) for m in compare_summary(expected, stored.intake, said)]
    # No intake stored (the conversation never got that far): the answers the conversation holds so far still
    # show which answers go wrong, so they are compared too; the ones not reached yet are not findings.
    held = {"answers": {s: v for s, v in stored.slots.items() if s in INTAKE_TOPICS and v is not None}}
    return [Finding("intake not stored", "intake")] + [
        Finding(m.kind, m.slot, f"{m.detail} (held in the conversation; no intake stored)")
        for m in compare_summary(expected, held, said)
        if m.kind != "answer given but not stored"
    ]


def findings(profile: Profile, transcript: Transcript, stored: Stored) -> list[Finding]:
    return (
        outcome_findings(profile, transcript, stored)
        + conversation_findings(transcript)
        + intake_findings(profile, transcript, stored)
    )


def report(profile: Profile, transcript: Transcript, found: list[Finding], last: int = 80) -> str:
    """A compact report of one profile: what failed, the soft notes, the last messages exchanged."""
    lines = [
        f"{profile.id} ({profile.outcome}, {len(transcript.exchanges)} patient messages, "
        f"sender {transcript.sender}): {'PASSED' if not found else f'{len(found)} finding(s)'}"
    ]
    lines += [f"  - {f}" for f in found]
    lines += [f"  note: {n}" for n in transcript.notes]
    if found:
        lines.append(f"  last {last} messages:")
        lines.append(transcript.render(last))
    return "\n".join(lines)
