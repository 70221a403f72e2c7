"""Words for codes: hair-loss types, review statuses, booking statuses, answers (from questions.yml), who a red
flag sends the patient to; and the likely type and its evidence as the staff sheet shows them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.booking.phones import InvalidPhone, display_phone, normalize_phone
from bot.booking.schedule import default_schedule
from bot.clinical.assessment import TYPES, UNCLEAR
from bot.clinical.scorecard import CONFLICTING, NONE_STANDS_OUT, OUTSIDE_THE_FOUR, TOO_LITTLE
from bot.clinical.weights import REFERRALS, weights
from bot.intake.questions import OTHER, SKIPPED, question
from bot.store.staff_models import RED_FLAG_VERDICTS, REVIEW_STATUSES

CLINIC_TZ = default_schedule().tz  # the clinic's time zone (bot/booking/schedule.yml); staff read local times

TYPE_CODES = (*TYPES, UNCLEAR)  # what the bot can answer
# What staff may record besides: types the bot does not weigh, and "other" for anything else.
STAFF_ONLY_TYPES = ("tinea_capitis", "scarring_alopecia", "other")
CORRECTION_CODES = (*TYPES, *STAFF_ONLY_TYPES, UNCLEAR)
TYPE_LABELS: dict[str, str] = {code: code.replace("_", " ").capitalize() for code in CORRECTION_CODES}
TYPE_LABELS["other"] = "Other type"
REVIEW_LABELS = {"new": "New", "reviewed": "Reviewed", "needs_follow_up": "Needs follow-up"}
RED_FLAG_VERDICT_LABELS = {"confirmed": "Confirmed by staff", "dismissed": "Dismissed by staff"}
BOOKING_FILTERS = ("booked", "cancelled", "attended", "no_show", "none")
BOOKING_LABELS = {"booked": "Booked", "cancelled": "Cancelled", "attended": "Attended", "no_show": "Did not come",
                  "none": "No booking"}  # fmt: skip
assert set(BOOKING_LABELS) == set(BOOKING_FILTERS)
assert set(REVIEW_LABELS) == set(REVIEW_STATUSES)
assert set(RED_FLAG_VERDICT_LABELS) == set(RED_FLAG_VERDICTS)


def type_label(code: str | None) -> str:
    if not code:
        return "—"
    return TYPE_LABELS.get(code, code)


def practitioner_label(practitioner_id: str | None) -> str:
    """A practitioner's name ("Dr. Sana Malik") from the clinic's facts (bot/clinic/facts.yml, through the schedule);
    the id itself only if the facts no longer have it."""
    if not practitioner_id:
        return ""
    try:
        return default_schedule().practitioner(practitioner_id).name
    except KeyError:
        return practitioner_id


def phone_digits(phone: str | None) -> str:
    """The number as digits with the country code (E.164 without '+'), "" when it is no phone number."""
    if not phone:
        return ""
    try:
        return normalize_phone(phone).lstrip("+")
    except InvalidPhone:
        return ""


def contact_phone(conversation_id: str | None, booking_phone: str | None = None) -> str:
    """The patient's number in E.164: the booking's, else the WhatsApp number their conversation came from
    (`wa-<digits>`; a `wa-u-` username hides it). "" when neither is known."""
    if booking_phone:
        return booking_phone
    if conversation_id and conversation_id.startswith("wa-") and not conversation_id.startswith("wa-u-"):
        digits = phone_digits("+" + conversation_id[3:])
        return f"+{digits}" if digits else ""
    return ""


def phone_text(phone: str | None) -> str:
    """A stored number as staff read it: '+92 300 1234567'."""
    digits = phone_digits(phone)
    return display_phone("+" + digits) if digits else (phone or "")


def tel_href(phone: str | None) -> str:
    digits = phone_digits(phone)
    return f"tel:+{digits}" if digits else ""


def whatsapp_href(phone: str | None) -> str:
    digits = phone_digits(phone)
    return f"https://wa.me/{digits}" if digits else ""


def local(when: dt.datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return "" if when is None else when.astimezone(CLINIC_TZ).strftime(fmt)


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100)}%"


def answer_text(slot: str, value: Any, own_words: str | None = None) -> str:
    """An answer as staff read it: button titles for codes, 'yes'/'no', days as days, and the patient's own
    words verbatim where their answer fits no option (Other: "iron tablets")."""
    if value is None:
        return "not asked"
    if value == SKIPPED:
        return "skipped"
    if value == OTHER:
        return f'Other: "{own_words}"' if own_words else "Other (not said which)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(answer_text(slot, v, own_words) for v in value) if value else "none of these"
    try:
        q = question(slot)
    except KeyError:
        return str(value)
    if q.kind == "duration":
        return f"{value} days" + (f" ({q.title_of(str(value))})" if q.title_of(str(value)) else "")
    return q.title_of(value) or q.title_of(str(value)) or str(value)


def question_text(slot: str) -> str:
    try:
        return question(slot).ask
    except KeyError:
        return slot


@dataclass(frozen=True)
class EvidenceLine:
    """One evidence item on the sheet: what was found, in words, and its weights (shown on demand)."""

    text: str
    weights: str = ""


# The candidates named beside "Unclear": at most this many, each at least this probable.
MAX_CANDIDATES = 3
MIN_CANDIDATE = 0.10


def candidates(probabilities: dict[str, float] | None) -> list[tuple[str, float]]:
    """The likeliest types, most probable first: those worth naming beside an "unclear" answer (at least one)."""
    ranked = sorted((probabilities or {}).items(), key=lambda kv: -kv[1])
    named = [(code, p) for code, p in ranked[:MAX_CANDIDATES] if p >= MIN_CANDIDATE]
    return named or ranked[:1]


def likely_detail(
    code: str | None, confidence: float | None, probabilities: dict[str, float] | None, reason: str | None = None
) -> str:
    """What goes beside the likely type. Confidence is the probability of the type shown, so an "unclear" answer
    has none: it says why, then names the top candidates and their probabilities ("Unclear", never "100%
    confidence"; "Alopecia areata 100%" beside "Unclear" only after the reason that set it aside)."""
    if code == UNCLEAR:
        named = candidates(probabilities)
        why = f"{unclear_reason_label(reason)}; " if reason else ""
        weighed = "the evidence alone points to: " if reason and _set_aside(reason) else "top candidates: "
        return why + (weighed + ", ".join(f"{type_label(c)} {percent(p)}" for c, p in named) if named else "")
    return f"{percent(confidence)} confidence" if confidence is not None else ""


def _set_aside(reason: str) -> bool:
    """A type the evidence favours was set aside (a red flag, or a picture none of the four explains)."""
    return reason not in (TOO_LITTLE, CONFLICTING, NONE_STANDS_OUT)


def unclear_reason_label(reason: str | None) -> str:
    """The reason for "unclear" in staff words: red-flag codes named as on the sheet's red-flag list."""
    if not reason:
        return ""
    if reason.startswith(OUTSIDE_THE_FOUR):
        codes = [c.strip() for c in reason[len(OUTSIDE_THE_FOUR) :].split(",") if c.strip()]
        return "a red flag comes first (" + ", ".join(flag_name(c) for c in codes) + ")"
    return reason


def flag_name(code: str) -> str:
    """A red flag's short name for staff: its staff text up to the first " - "."""
    for rule in weights().get("red_flags", []):
        if rule.get("code") == code:
            return str(rule.get("staff") or code).split(" - ")[0]
    return code.replace("_", " ")


def weighed_type(likely: dict[str, Any] | None) -> str | None:
    """The type the evidence is weighed for: the likely type, or for "unclear" its most probable candidate."""
    likely = likely or {}
    code = likely.get("code")
    if code == UNCLEAR:
        named = candidates(likely.get("probabilities"))
        return named[0][0] if named else None
    return code


def split_evidence(evidence: list[Any], likely: str | None) -> dict[str, list[EvidenceLine]]:
    """The assessment's evidence for and against the type `likely`, in words, each with its weights for all
    types (others: neither, or plain text)."""
    out: dict[str, list[EvidenceLine]] = {"for": [], "against": [], "other": []}
    for item in evidence or []:
        if isinstance(item, dict):
            text = str(item.get("staff") or item.get("patient") or item.get("code") or item)
            effects = item.get("effects") or {}
            weight = effects.get(likely) if likely else None
            if weight is None and "weight" in item and not effects:
                weight = item.get("weight")
            detail = ", ".join(f"{w:+.1f} {type_label(t)}" for t, w in effects.items()) if effects else ""
            if not detail and isinstance(weight, (int, float)):
                detail = f"{weight:+.1f}"
            line = EvidenceLine(text, detail)
            if weight is not None and weight > 0:
                out["for"].append(line)
            elif weight is not None and weight < 0:
                out["against"].append(line)
            else:
                out["other"].append(line)
        else:
            out["other"].append(EvidenceLine(str(item)))
    return out


def sheet_evidence(summary: dict[str, Any]) -> dict[str, Any]:
    """The sheet's evidence: lines for and against the type it is weighed for (`type`; for an "unclear" answer
    the top candidate), and whether any line has weights to show."""
    weighed = weighed_type(summary.get("likely_type"))
    lines = split_evidence(summary.get("evidence") or [], weighed)
    return {**lines, "type": weighed, "weighted": any(line.weights for group in lines.values() for line in group)}


def referral_label(refer_to: str | None) -> str:
    """Who a red flag sends the patient to, in words; "" where the flag does not say (summaries stored before)."""
    if not refer_to:
        return ""
    return REFERRALS.get(refer_to, refer_to.replace("_", " "))
