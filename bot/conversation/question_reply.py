"""A reply to one intake question: its answer, what else it tells, and corrections of earlier answers.

Any answer is an answer: the value where the words clearly say so, otherwise the patient's own words (kept
verbatim for staff in `other_answers`). Only a reply that is no answer at all is re-asked, once, in other
words; the second time whatever the patient said is kept (or the question marked skipped) and the intake
moves on, so no question is asked more than twice. Facts the reply gives beyond the question are kept and
said back in one line for the patient to object to (proposals.py). Earlier answers change only on clear
correction words ("actually", "sorry", "I meant", "galat", "my age is ...").
"""

from __future__ import annotations

from typing import Any

from bot.conversation import audience, proposals, retries
from bot.conversation.answers import Reply, answer_for, contains_phrase
from bot.conversation.clinical_result import description_reading
from bot.conversation.readback import display_value
from bot.conversation.slot_names import DESCRIPTION_READING, OTHER_ANSWERS, PENDING_PROPOSAL
from bot.conversation.turn import Message, Outcome, Turn
from bot.conversation.volunteered import corrections, is_correction, mentioned_slots
from bot.conversation.wording import text
from bot.intake.questions import OTHER, SKIPPED, Question, question
from bot.nlp.understanding import Understanding

OWN_WORDS_MAX = 300  # as answers.MAX_OWN_WORDS
MEDICINES = "medicines"
# A question is asked at most twice: the re-ask after one reply that was no answer at all.
REASKS = 1
# Kinds whose answer can be the patient's own words (the slot then holds OTHER, or a list with OTHER).
OWN_WORDS_KINDS = ("choice", "yesno", "duration", "multi")


def read(q: Question, turn: Turn) -> Reply:
    """The reply to `q`, read once (answers.answer_for)."""
    return answer_for(q, turn)


def usable(reply: Reply) -> bool:
    """The reply gives something to store for the question (an option, a number, or the patient's words)."""
    return reply.is_answer and reply.value is not None


def holds_other(value: Any) -> bool:
    return value == OTHER or (isinstance(value, list) and OTHER in value)


def only_own_words(reply: Reply) -> bool:
    """The reply fits no option: it is kept in the patient's words only."""
    return reply.own_words is not None and (reply.value == OTHER or reply.value == [OTHER])


def only_other_without_words(reply: Reply) -> bool:
    """ "Other" without saying which (the button, or "yes" to a list question)."""
    return reply.value == [OTHER] and not reply.own_words


def maps_to_an_option(reply: Reply) -> bool:
    """The reply's words clearly answer the question (not only as the patient's own words)."""
    return reply.is_answer and reply.value is not None and not only_own_words(reply)


def awaits_which(slots: dict[str, Any], slot: str) -> bool:
    """The "Other" button was clicked and the patient has not yet said which one."""
    value = slots.get(slot)
    return isinstance(value, list) and OTHER in value and slot not in (slots.get(OTHER_ANSWERS) or {})


def _fill(
    slots: dict[str, Any], found: dict[str, Any], overwrite: bool, outcome: Outcome, asked: str
) -> tuple[set[str], dict[str, Any]]:
    """Fills unanswered questions from what the reply states; with `overwrite`, corrects answered ones too.

    Returns (the earlier answers it changed, the questions it newly filled)."""
    changed: set[str] = set()
    filled: dict[str, Any] = {}
    for slot, value in found.items():
        if slot == asked:
            continue
        current = {**slots, **outcome.updates}.get(slot)
        if current is None:
            outcome.updates[slot] = value
            filled[slot] = value
        elif overwrite and current != value:
            outcome.updates[slot] = value
            changed.add(slot)
            what = text(f"labels.{slot}")
            outcome.messages.append(Message(text("form.changed", what=what, value=display_value(slot, value))))
    return changed, filled


def _asked_now(slots: dict[str, Any], asked: str, outcome: Outcome) -> None:
    """The question is answered (or given up): what was noted for it before is no longer pending."""
    if proposals.noted_only(slots, asked):
        outcome.updates[PENDING_PROPOSAL] = proposals.without(slots.get(PENDING_PROPOSAL), asked)


def _store(
    slots: dict[str, Any], asked: str, value: Any, reply: Reply, turn: Turn, reading: Understanding, outcome: Outcome
) -> None:
    stored = proposals.with_noted(slots, asked, value)
    outcome.updates[asked] = stored
    # words noted for this list before it was asked ("calcium tablets" said to the conditions question) stay
    noted_words = (slots.get(OTHER_ANSWERS) or {}).get(asked) if proposals.noted_only(slots, asked) else None
    _asked_now(slots, asked, outcome)
    own = {**(slots.get(OTHER_ANSWERS) or {}), **(outcome.updates.get(OTHER_ANSWERS) or {})}
    if holds_other(value) and reply.own_words:
        own[asked] = _joined_words(noted_words, reply.own_words.strip())[:OWN_WORDS_MAX]
        outcome.updates[OTHER_ANSWERS] = own
    elif asked in own and not holds_other(stored):
        own.pop(asked)
        outcome.updates[OTHER_ANSWERS] = own
    if question(asked).kind == "text" and value == turn.reply:
        # Kept for the assessment at confirmation, which then needs no second reading of the text.
        outcome.updates[DESCRIPTION_READING] = description_reading(value, reading)
    retries.reset(slots, asked, outcome)
    if asked == "age" and isinstance(value, int) and value < audience.ADULT_AGE:
        note = audience.under_18_note({**slots, **outcome.updates}, reading.has(audience.CHILD_FINDING))
        outcome.messages.append(Message(note))


def _joined_words(noted: str | None, said: str) -> str:
    """The words noted before and the reply's, once each."""
    if not noted or noted.lower() in said.lower():
        return said
    return f"{noted}, {said}"


def _note_medicines(slots: dict[str, Any], words: str, outcome: Outcome) -> None:
    """Medicines named in reply to the conditions question ("only calcium tablets"): kept for the medicines
    question in the patient's words. Still unasked, that question is asked with "I have already noted ...";
    answered already, the words are added to its answer."""
    current = {**slots, **outcome.updates}
    held = current.get(MEDICINES)
    own = dict(current.get(OTHER_ANSWERS) or {})
    own[MEDICINES] = _joined_words(own.get(MEDICINES) if holds_other(held) else None, words)[:OWN_WORDS_MAX]
    outcome.updates[OTHER_ANSWERS] = own
    listed = held if isinstance(held, list) else []
    outcome.updates[MEDICINES] = listed if OTHER in listed else [*listed, OTHER]
    if held is None or proposals.noted_only(current, MEDICINES):
        pending = current.get(PENDING_PROPOSAL) or {}
        outcome.updates[PENDING_PROPOSAL] = {**pending, MEDICINES: outcome.updates[MEDICINES]}
    else:
        shown = display_value(MEDICINES, outcome.updates[MEDICINES], own[MEDICINES])
        outcome.messages.append(Message(text("form.noted", what=text(f"labels.{MEDICINES}"), value=shown)))


def _no_answer(slots: dict[str, Any], asked: str, reply: Reply, outcome: Outcome) -> bool:
    """Re-asked once; the second time the patient's words are kept (or the question skipped) and we move on.

    Returns True while the question stays open."""
    if retries.count(slots, asked) < REASKS:
        retries.add_one(slots, asked, outcome)
        return True
    retries.reset(slots, asked, outcome)
    _asked_now(slots, asked, outcome)
    if slots.get(asked) is None:
        kind = question(asked).kind
        if reply.own_words and kind in OWN_WORDS_KINDS:
            outcome.updates[asked] = [OTHER] if kind == "multi" else OTHER
            outcome.updates[OTHER_ANSWERS] = {
                **(slots.get(OTHER_ANSWERS) or {}),
                asked: reply.own_words.strip()[:OWN_WORDS_MAX],
            }
        else:
            outcome.updates[asked] = SKIPPED
    outcome.messages.append(Message(text("form.moving_on")))
    return False


def answer(slots: dict[str, Any], asked: str, turn: Turn, reply: Reply, outcome: Outcome) -> bool:
    """Applies a reply to the question `asked`: its answer, corrections, and the facts it proposes.

    Returns True when the question stays open: re-asked, or "which one?" after "Other" without a name."""
    q = question(asked)
    reading = turn.understood(asked)
    value = reply.value if reply.is_answer else None
    if awaits_which(slots, asked) and only_other_without_words(reply):
        value = None  # asked which one, and still not told: no answer
    if value is not None and turn.choice == "none" and q.kind == "multi":
        value = []
    # Clear correction words, or naming the subject of an earlier answer ("my age is 35"): volunteered.py's.
    correcting = is_correction(turn.text) or bool(mentioned_slots(turn.text) - {asked})
    found = corrections(turn.text, reading) if turn.choice is None else {}
    earlier = {s for s in found if s != asked and slots.get(s) is not None} if correcting else set()
    _, filled = _fill(slots, found, correcting, outcome, asked)
    # A correction of an earlier answer (even to the value it had) is no answer to this question unless it
    # states one too: "actually I'm 35" while the description is asked is not the description, and the
    # "not" of "sorry, not all over" is no "neither" to the shedding question.
    states_this = asked in reading.stated_slots() or (q.kind == "text" and bool(set(found) - earlier - {asked}))
    if earlier and not states_this:
        value = None
    # "actually it started suddenly" while the sex is asked: a correction about another question, noted for
    # that one; its words are no "other" answer to this one, which is asked again (not counted as unusable).
    about_another = correcting and bool(filled) and q.kind != "text" and value in (OTHER, [OTHER])
    # A whole reply that only answers another question ("not much falling, it's just getting thinner" while
    # "where?" is asked: no word of this question's options) is no "other" answer either; unlike a correction it
    # counts as a reply this question could not use (asked once more, then kept in the patient's words).
    # "27 saal" sent again while the sex is asked (the patient thought the first was lost): it restates an answer
    # about who the patient is, and is no "other" sex either. (A hair fact said again in passing, "the hairs break
    # in the patch", is part of an answer in the patient's own words: not this.)
    restated = {
        s for s, v in found.items() if s in RESENT_ANSWERS and s != asked and v is not None and slots.get(s) == v
    }
    elsewhere = (
        not about_another
        and (bool(filled) or bool(restated))
        and q.kind != "text"
        and value in (OTHER, [OTHER])
        and _whole_reply(reply, turn.text)
        and not _touches(q, turn.text)
    )
    if about_another or elsewhere:
        value = None
    stays_open = False
    if value is not None:
        _store(slots, asked, value, reply, turn, reading, outcome)
        stays_open = only_other_without_words(reply)
        if reply.medicines:
            _note_medicines(slots, reply.medicines, outcome)
    elif about_another:
        stays_open = True
    elif not earlier:
        stays_open = _no_answer(slots, asked, reply, outcome)
    _propose(slots, filled, outcome)
    return stays_open


# answers a patient re-sends when a reply seems slow; said again, they are no answer to the next question
RESENT_ANSWERS = frozenset({"first_name", "age", "sex"})


def _whole_reply(reply: Reply, text_: str) -> bool:
    """The patient's own words are the whole reply ("no, only the pregnancy" keeps only "the pregnancy": an
    answer to this list with an exception, not a reply about something else)."""
    return " ".join((reply.own_words or "").split()).lower() == " ".join(text_.split()).lower()


def _touches(q: Question, text_: str) -> bool:
    """Whether the reply uses any word of the question's options (its choice words, its generic words)."""
    words = {w for options in q.choices.values() for w in options} | set(q.generic)
    return any(contains_phrase(text_, w) for w in words if w)


def _propose(slots: dict[str, Any], filled: dict[str, Any], outcome: Outcome) -> None:
    if filled:
        pending = {**slots, **outcome.updates}.get(PENDING_PROPOSAL) or {}
        outcome.updates[PENDING_PROPOSAL] = {**pending, **filled}
        outcome.messages.append(proposals.line(filled))


def propose(slots: dict[str, Any], found: dict[str, Any], outcome: Outcome) -> None:
    """Fills unanswered questions from a message that answered none (the opening, after consent)."""
    _, filled = _fill(slots, found, False, outcome, asked="")
    _propose(slots, filled, outcome)
