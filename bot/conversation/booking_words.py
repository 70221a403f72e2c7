"""Reading a reply to a booking question: yes, no, a way out, or the request said again.

The yes, no and negation words are the lexicon's (answers.parse_yes_no, bot/nlp/lexicon.yml); the words of
booking itself ("book it", "cancel it", "keep it", "never mind") are bot/booking/requests.py's."""

from __future__ import annotations

from bot.booking import requests
from bot.conversation.answers import parse_yes_no
from bot.conversation.booking_state import BOOK_NOW, FINISH
from bot.conversation.turn import Turn
from bot.nlp.lexicon_file import words as lexicon_words

CONFIDENT = 0.6
NEGATORS = frozenset(w.replace("'", "") for w in lexicon_words("negation_before"))


def negated(text: str) -> bool:
    return any(word.replace("'", "") in NEGATORS for word in (text or "").lower().split())


def yes_no(turn: Turn) -> bool | None:
    value = parse_yes_no(turn.choice or turn.text)
    if value is None and turn.intent in ("affirm", "deny") and turn.confidence >= CONFIDENT:
        value = turn.intent == "affirm"
    return value


def restated(kind: str, turn: Turn) -> bool:
    """The request said again at its own confirmation ("I can't come, cancel it" to "Cancel your
    appointment?"): neither a yes nor a no, so the question is asked again. A negation in the reason
    ("can't") must not read as a no, and a new request is no explicit yes either."""
    text = turn.text
    return (
        turn.choice is None
        and bool(requests.CLEAR_WORDS[kind].search(text or ""))
        and not requests.keeps(text)
        and not requests.agrees(kind, text)
    )


def agreed(kind: str, turn: Turn) -> bool | None:
    """Yes or no to the step on offer: a button, yes/no words, or its own words ("book it", "cancel it").

    None for a way out ("later") and for the request said again: the caller decides what they mean there."""
    if turn.choice is not None:
        return {"yes": True, "no": False}.get(turn.choice)
    text = turn.text
    if kind != requests.BOOK:
        if requests.keeps(text):
            return False
        if requests.agrees(kind, text):
            return True
        if restated(kind, turn):
            return None
    if requests.way_out(text):
        return None
    value = yes_no(turn)
    if value is None and kind == requests.BOOK and requests.agrees(kind, text) and not negated(text):
        value = True
    return value


def says_no_more(turn: Turn) -> bool:
    """A way out of the open booking step: "never mind", "not now", "no"."""
    return turn.choice is None and (requests.way_out(turn.text) or yes_no(turn) is False)


def finish_or_book(turn: Turn) -> str | None:
    """The reply to "shall we finish the questions first, or just book now?"."""
    if turn.choice in (FINISH, BOOK_NOW):
        return turn.choice
    text = turn.text
    if requests.just_book(text):
        return BOOK_NOW
    if requests.finish_first(text):
        return FINISH
    if requests.agrees(requests.BOOK, text) and not negated(text):
        return BOOK_NOW
    if requests.way_out(text):
        return FINISH  # not now: carry on with the questions
    value = yes_no(turn)
    return None if value is None else FINISH if value else BOOK_NOW
