"""Facts a reply gave beyond the question asked: kept, said back in one line, and open to objection.

A nurse who hears more than she asked says it back ("So: about three months, all over, after the baby — is
that right?"). The form stores such facts and says them back with `line`; the slot `pending_proposal` holds
them for the patient's next reply, which may object ("no, not after the baby", "that's wrong"): `objection`
then takes out the facts it names (or all of them) and keeps any new value the reply gives instead.

Items of a list question (triggers, scalp, conditions, medicines, treatments) stay noted until that question
is asked: one item mentioned in passing is not the whole list, and a blood thinner or a painful scalp must not
go unasked because the description named dandruff. The list question is still asked, and its answer is added
to what was noted.
"""

from __future__ import annotations

import re
from typing import Any

from bot.conversation.answers import NEGATORS, NONE_OF_THESE, contains_phrase, normalise, parse_yes_no
from bot.conversation.readback import WORDS_FOR_QUESTIONS, display_value, named_slots, said_back, said_back_all
from bot.conversation.slot_names import PENDING_PROPOSAL
from bot.conversation.turn import Message, Outcome
from bot.conversation.wording import text
from bot.intake.questions import question, question_slots
from bot.nlp.lexicon_file import words as lexicon_words
from bot.nlp.understanding import Understanding

# Words that say what was noted is wrong, whichever fact they mean.
_WRONG = re.compile(
    r"\b(?:wrong|not right|not correct|incorrect|galat|ghalat|not true|i didn'?t say|i did not say|never said|"
    r"that'?s not (?:it|what i (?:said|meant))|that is not (?:it|right|true|what i (?:said|meant))|take (?:that|it) out|"
    r"remove (?:that|it)|mistake)\b",
    re.I,
)
_YES = frozenset(lexicon_words("affirm"))
# Where a "no" stops reaching: "no itching, my daughter is upset" says nothing against "daughter".
_CLAUSE_BREAK = re.compile(r"[.,;:!?\n]+|(?<![\w'])(?:but|and|lekin|magar|aur|also)(?![\w'])", re.I)
# Words for a duration, so "not 3 months" names the duration that was noted.
_DURATION_WORDS = ("day", "days", "week", "weeks", "month", "months", "year", "years", "mahine", "saal", "hafte")


def _is_list(slot: str) -> bool:
    return slot in question_slots() and question(slot).kind == "multi"


def after_one_reply(pending: dict[str, Any] | None) -> dict[str, Any] | None:
    """What stays noted after the next reply: only list items, until their question is asked."""
    kept = {slot: value for slot, value in (pending or {}).items() if _is_list(slot)}
    return kept or None


def noted_only(slots: dict[str, Any], slot: str) -> bool:
    """A list question whose items were only noted in passing: it is still to be asked."""
    return _is_list(slot) and slot in (slots.get(PENDING_PROPOSAL) or {})


def with_noted(slots: dict[str, Any], slot: str, value: Any) -> Any:
    """The answer to a list question together with the items noted for it before ("none" keeps them)."""
    noted = (slots.get(PENDING_PROPOSAL) or {}).get(slot)
    if not isinstance(noted, list) or not isinstance(value, list) or not noted_only(slots, slot):
        return value
    return [*noted, *(v for v in value if v not in noted)]


def without(pending: dict[str, Any] | None, slot: str) -> dict[str, Any] | None:
    rest = {s: v for s, v in (pending or {}).items() if s != slot}
    return rest or None


def says_wrong(text_: str) -> bool:
    """The message says something noted is wrong ("that's wrong", "galat hai"), without giving a new value."""
    return bool(_WRONG.search(text_ or ""))


def line(proposed: dict[str, Any]) -> Message:
    return Message(text("proposal.noted", facts=said_back_all(proposed)))


def _words_for(slot: str, value: Any) -> list[str]:
    """Words that name a noted fact: its question's subject, its answer's title and choice words."""
    words = list(WORDS_FOR_QUESTIONS.get(slot, ()))
    if slot == "duration_days":
        words += _DURATION_WORDS
    if slot == "first_name" and isinstance(value, str):
        words.append(value.lower())
    for item in value if isinstance(value, list) else [value]:
        words += list(question(slot).choices.get(item, ()))
        title = display_value(slot, item)
        if title and title not in ("yes", "no"):
            words.append(title.lower())
    # Not "no", "none" or one-letter codes ("f"): they say nothing about which fact is meant.
    return [w for w in words if len(w) > 2 and w not in NONE_OF_THESE and w not in _YES]


def _named(text_: str, proposed: dict[str, Any], reading: Understanding | None) -> dict[str, list[Any]]:
    """The noted facts a message names: slot -> the list items named (empty: the whole answer).

    Named by their words (the question's subject, the answer's title and choice words) or found in bot.nlp's
    reading of the message, negated or not ("delivery ke baad nahi" names the childbirth)."""
    found = [(f.slot, f.value) for f in (reading.findings if reading else []) if f.slot in proposed]
    named: dict[str, list[Any]] = {}
    for slot, value in proposed.items():
        read = [v for s, found_value in found if s == slot for v in _as_list(found_value)]
        if isinstance(value, list):
            items = [v for v in value if v in read or any(contains_phrase(text_, w) for w in _words_for(slot, [v]))]
            if items:
                named[slot] = items
                continue
        if any(v == value for v in read) or any(contains_phrase(text_, w) for w in _words_for(slot, value)):
            named[slot] = []
    return named


def stated_beyond_its_name(slot: str, value: Any, reading: Understanding | None) -> bool:
    """Whether the message gives `value` in words other than the name of its question."""
    if reading is None:
        return True
    subject = set(WORDS_FOR_QUESTIONS.get(slot, ()))
    wanted = _as_list(value)
    return any(
        f.slot == slot and f.asserted and any(v in _as_list(f.value) for v in wanted) and f.text.lower() not in subject
        for f in reading.findings
    ) or not any(f.slot == slot for f in reading.findings)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _denies(text_: str) -> bool:
    """Starts with a no, or says not/nahi anywhere ("no, not after the baby", "baby ke baad nahi")."""
    words = set(re.findall(r"[\w']+", normalise(text_).replace("'", "")))
    return parse_yes_no(text_) is False or bool(words & NEGATORS)


def _clauses(text_: str) -> list[str]:
    """The message's clauses; a bare leading "no" joins the clause after it ("no, not after the baby")."""
    pieces = [p.strip() for p in _CLAUSE_BREAK.split(text_ or "") if p and p.strip()]
    if len(pieces) > 1 and parse_yes_no(pieces[0]) is False and len(pieces[0].split()) <= 2:
        pieces[:2] = [pieces[0] + " " + pieces[1]]
    return pieces


def _denied(text_: str, proposed: dict[str, Any], reading: Understanding | None) -> dict[str, list[Any]]:
    """The noted facts the message denies: named in a clause that says no or not, or read as negated.

    The "no" must be about the fact: "my daughter ... no itching" restates her sex, it does not deny it."""
    denied: dict[str, list[Any]] = {}
    for clause in _clauses(text_):
        if _denies(clause):
            for slot, items in _named(clause, proposed, None).items():
                denied[slot] = sorted({*denied.get(slot, []), *items}, key=str)
    for finding in reading.findings if reading else []:
        if finding.slot in proposed and finding.negated and finding.slot not in denied:
            noted = _as_list(proposed[finding.slot])
            items = [v for v in _as_list(finding.value) if v in noted]
            if items:
                denied[finding.slot] = items if isinstance(proposed[finding.slot], list) else []
    return denied


def objects(text_: str, proposed: dict[str, Any], answers_question: bool, reading: Understanding | None = None) -> bool:
    """Whether the reply objects to what was noted.

    `answers_question`: the reply is a usable answer to the question asked after the proposal, so a bare "no"
    is that answer, not an objection."""
    if not proposed or not text_:
        return False
    if says_wrong(text_):
        # "sorry, the age is wrong" is about an earlier answer, not about what was just noted.
        subjects = named_slots(text_)
        return not subjects or bool(set(subjects) & set(proposed))
    if _denied(text_, proposed, reading):
        return True
    return not answers_question and parse_yes_no(text_) is False and len(normalise(text_).split()) <= 3


def objection(
    slots: dict[str, Any],
    proposed: dict[str, Any],
    text_: str,
    new_values: dict[str, Any],
    reading: Understanding | None = None,
) -> Outcome:
    """Takes out the noted facts the reply names, or all of them; keeps the new values it gives instead.

    `new_values`: what the reply states for those questions (its corrections); `reading`: bot.nlp's reading."""
    named = _denied(text_, proposed, reading) or _named(text_, proposed, reading) or {slot: [] for slot in proposed}
    still_noted = {s: v for s, v in (after_one_reply(proposed) or {}).items() if s not in named}
    outcome = Outcome(updates={PENDING_PROPOSAL: still_noted or None})
    removed: dict[str, Any] = {}
    for slot, items in named.items():
        current = slots.get(slot)
        replacement = new_values.get(slot)
        if replacement is not None and not stated_beyond_its_name(slot, replacement, reading):
            replacement = None  # "the shedding is wrong" names the shedding; it does not say "more than usual"
        if replacement is not None and replacement != current:
            outcome.updates[slot] = replacement
            outcome.messages.append(
                Message(text("form.changed", what=text(f"labels.{slot}"), value=display_value(slot, replacement)))
            )
            continue
        if items and isinstance(current, list):
            kept = [v for v in current if v not in items]
            outcome.updates[slot] = kept or None  # an emptied list is asked again, not "none of these"
            removed[slot] = items
            if kept:
                still_noted[slot] = kept  # the rest stays noted until the list question is asked
                outcome.updates[PENDING_PROPOSAL] = still_noted
        else:
            outcome.updates[slot] = None
            removed[slot] = proposed[slot]
    if removed:
        outcome.messages.append(
            Message(text("proposal.taken_out", facts="; ".join(said_back(s, v) for s, v in removed.items())))
        )
    return outcome
