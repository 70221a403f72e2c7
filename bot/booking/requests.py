"""What a patient's words ask of an appointment, beside the NLU's guess: book, cancel or move one; a question
about cancelling rather than a request; a way out of the booking steps; "keep it"; "just book".

The NLU names an intent for every message, and a question such as "if I get a fever do I need to cancel?"
looks like a cancellation to it. A booking is changed only on clear words (and then only after the patient's
yes); these patterns are those words. Negation ("don't book") is the caller's to check, with the lexicon's
negation words (bot/nlp/lexicon.yml)."""

from __future__ import annotations

import re

BOOK, CANCEL, RESCHEDULE = "book", "cancel", "reschedule"


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# Clear words for each request: an NLU intent without them is not acted on.
CLEAR_WORDS = {
    BOOK: _any(
        r"\b(book|booking|bookings|rebook|appointment|appt|apointment|appoinment|consultation|consult|slot|visit)\b",
        r"\b(see|meet|visit)\s+(the\s+|a\s+)?(doctor|dermatologist|derm|skin specialist)\b",
        r"\b(doctor|dr)\s+se\s+mil",
        r"\b(time|waqt)\s+(chahiye|de\s+dein|mil)",
    ),
    CANCEL: _any(
        r"\bcancel",
        r"\bcall\s+off\b",
        r"\b(can'?t|cannot|won'?t|will not|unable to)\s+(come|make it|attend)\b",
        r"\bnahi\s+aa\s+(sakta|sakti|sakunga|sakungi|paunga|paungi)\b",
        r"\b(remove|delete|drop)\s+(my\s+|the\s+)?(appointment|booking|slot)\b",
        r"\bmansookh\b",
    ),
    RESCHEDULE: _any(
        r"\b(re-?schedule|postpone|prepone)",
        r"\b(move|shift|change|badal|badlo|badalna)\b",
        r"\b(another|different|other|dusr[aei]|aur)\s+(day|date|time|din|waqt)\b",
        r"\b(aage|peeche)\s+(kar|karein|kr)",
        r"\b(appointment|booking)\b.{0,40}\b(kar|karwa)\s*(do|dein|den|dijiye)\b",
    ),
}

# A question about cancelling or moving ("do I need to cancel?", "what if I can't come?", "is there a
# fee to cancel?"), unlike a request put as a question ("can you cancel my appointment?").
_REQUEST_AS_QUESTION = _any(
    r"^\W*(please\s+)?(can|could|would|will)\s+(you|u)\b",
    r"^\W*(can|could|may)\s+i\s+(please\s+)?(cancel|move|reschedule|change|shift|postpone|book)\b",
    r"^\W*(i\s+)?(want|wanna|need|would like|'d like)\s+to\s+(cancel|move|reschedule|change|shift|postpone)\b",
)
_ASKS_ABOUT = _any(
    r"\b(do|does|will|would|should|shall|must)\s+(i|we|she|he)\s+(need|have|has|got)\s+to\b",
    r"\b(need|have)\s+to\s+(cancel|reschedule|move|come)\b.*\?",
    r"\bwhat\s+(happens|if)\b",
    r"^\W*if\b",
    r"\bif\s+(i|we|she|he|my|it)\b",
    r"\b(fee|fees|charge|charges|penalty|refund|money|pay|paise)\b",
    r"\bhow\s+(do|can|should)\s+i\b",
    r"\bhow\s+(late|early|long before|far in advance|many days)\b",
    r"\b(parega|padega|parayga|hoga|hogi)\b",
)

# A way out of the booking steps: nothing is booked, moved or cancelled.
WAY_OUT = _any(
    r"\bnever\s*mind\b",
    r"\bforget\s+(it|about it)\b",
    r"\b(leave|drop)\s+it\b",
    r"\bnot\s+now\b",
    r"\blater\b",
    r"\bsome\s+other\s+time\s*$",
    r"\b(don'?t|do not|dont)\s+(want|need)\s+(to\s+)?(book|an? appointment|it|to change|to cancel)\b",
    r"\brehne\s+(do|dein)\b",
    r"\b(chhoro|chhor\s+do|chor\s+do|chodo)\b",
    r"\bnahi\s+chahiye\b",
    r"\babhi\s+nahi\b",
    r"\bbaad\s+(mein|me)\b",
)
# "No, keep it": the appointment stays as it is.
KEEP = _any(
    r"\bkeep\s+(it|my|the)\b",
    r"\b(don'?t|do not|dont|mat)\s+(cancel|move|change)\b",
    r"\bcancel\s+(mat|na)\b",
    r"\b(leave|keep)\s+it\s+as\s+it\s+is\b",
    r"\bas\s+it\s+is\b",
)
# Agreeing to the step on offer in its own words: "book it", "cancel it", "move it", "confirm".
_YES_LEAD = r"(yes|yeah|yep|haan|han|ji|jee|ok|okay|sure|go ahead)"
DO_IT = {
    BOOK: _any(
        r"\bbook\b",
        r"\bconfirm(ed)?\b",
        # "kar dein" only as the whole reply: "mera data delete kar do" is no yes to a booking
        r"^\W*(ji|jee|haan|han|ok|okay|theek hai|thik hai)?\W*(kar|karwa)\s*(do|dein|den|de|dijiye)\W*$",
    ),
    # A cancellation or move is agreed to only by the whole reply ("cancel it", "yes cancel"): "I can't come,
    # cancel it" said again is the request again, and "move it to friday" asks for another time.
    CANCEL: _any(
        rf"^\W*{_YES_LEAD}?\W*(please\W+)?cancel(\s+(it|that|this|kar|karo|kardo|kar do|kar dein|karein))?"
        r"(\W+(please|pls))?\W*$",
        rf"^\W*{_YES_LEAD}\W+(please\W+)?cancel\b",
    ),
    RESCHEDULE: _any(
        rf"^\W*{_YES_LEAD}?\W*(please\W+)?(move|shift)\s+it(\W+(please|pls))?\W*$",
        rf"^\W*{_YES_LEAD}\W+(please\W+)?(move|shift)\s+it\W*$",
        r"^\W*confirm(ed)?\W*$",
    ),
}

# "Just book": an appointment without (the rest of) the questions.
JUST_BOOK = _any(
    r"\b(just|only|sirf|bas|directly|straight)\b.{0,30}\b(book|appointment|consultation)",
    r"\b(book|appointment)\b.{0,20}\b(only|directly|now)\b",
    r"\bwithout\s+(the\s+|any\s+|giving\s+)?(my\s+)?(questions?|form|history|intake|details|answers)\b",
    r"\b(no|skip|skip the)\s+(more\s+)?(questions|form|intake)\b",
    r"^\W*book_now\W*$",
)
# "Finish the questions first".
FINISH_FIRST = _any(r"\b(finish|complete|continue|answer|questions?|sawal|sawaal|pehle)\b", r"^\W*finish\W*$")


def requested(text: str, intent: str | None) -> str | None:
    """The change the patient asks for (book, cancel or reschedule), when the NLU's intent says so and the
    words clearly do too; None for a question about it ("do I need to cancel if I have a fever?")."""
    kind = {"book_appointment": BOOK, "cancel_booking": CANCEL, "reschedule_booking": RESCHEDULE}.get(intent or "")
    if kind is None or not CLEAR_WORDS[kind].search(text or ""):
        return None
    if kind != BOOK and asks_about_changes(text):
        return None
    return kind


def asks_about_changes(text: str) -> bool:
    """A question about cancelling or moving an appointment, not a request to do it."""
    text = (text or "").strip()
    if _REQUEST_AS_QUESTION.search(text):
        return False
    return bool(_ASKS_ABOUT.search(text))


def way_out(text: str) -> bool:
    return bool(WAY_OUT.search(text or ""))


def keeps(text: str) -> bool:
    return bool(KEEP.search(text or ""))


def agrees(kind: str, text: str) -> bool:
    """ "book it" / "cancel it" / "move it": a yes to that step, in its own words (negation not checked)."""
    return bool(DO_IT[kind].search(text or ""))


def just_book(text: str) -> bool:
    return bool(JUST_BOOK.search(text or ""))


def finish_first(text: str) -> bool:
    return bool(FINISH_FIRST.search(text or "")) and not just_book(text)


# -- the appointment a patient names --------------------------------------------------------------------
_NO_BOOKING = _any(
    r"\b(don'?t|do not|dont|never)\s+have\s+(a|an|any)\s+(booking|appointment|reference)\b",
    r"\bno\s+(booking|appointment|reference)\b",
    r"\b(booking|appointment)\s+nahi\b",
)
_WANTS_NEW = _any(
    r"\b(make|want|need|get|book)\s+(one|a new one|an?\s+(new\s+)?(appointment|booking|consultation))\b",
    r"\bnew\s+(appointment|booking|consultation)\b",
    r"\bbook\s+(one|me)\b",
)


def no_booking(text: str) -> bool:
    """ "I don't have a booking": nothing to look up."""
    return bool(_NO_BOOKING.search(text or ""))


def wants_new(text: str) -> bool:
    """ "I want to make one": a new booking rather than a change."""
    return bool(_WANTS_NEW.search(text or ""))


def reference_in(text: str, alphabet: str, strict: bool = True) -> str | None:
    """The booking reference in `text` (6 symbols of `alphabet`, any case, dashes ignored), upper-cased.

    Ordinary words can be spelt in the alphabet ("change", "update"): `strict` takes only a candidate with
    a digit or typed in capitals; otherwise an all-letter one in lower case too (the last one)."""
    symbols = re.escape(alphabet + alphabet.lower())
    candidates = re.findall(rf"(?<![A-Za-z0-9])[{symbols}]{{6}}(?![A-Za-z0-9])", (text or "").replace("-", ""))
    clear = [c for c in candidates if any(ch.isdigit() for ch in c) or c.isupper()]
    if clear:
        return clear[0].upper()
    return candidates[-1].upper() if candidates and not strict else None


def without(text: str, reference: str) -> str:
    """`text` with the reference taken out (in whatever case or with dashes it was typed), for the phone."""
    pattern = "-?".join(re.escape(ch) for ch in reference)
    return re.sub(pattern, " ", text or "", flags=re.IGNORECASE)


def has_phone(text: str) -> bool:
    """Something shaped like a phone number (ten digits or more, spaces and dashes allowed)."""
    return re.search(r"\+?\d[\d\s-]{8,}\d", text or "") is not None
