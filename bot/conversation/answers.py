"""Reads a patient's reply to one known question, the way an intake nurse writes it down.

`answer_for(question, turn)` gives a Reply: the value for the question's slot, the patient's own words where
no option fits ("iron tablets", "asthma", "since my wedding"), and whether the reply is an answer at all.
Options are chosen only where the words clearly say so; any other answer is kept as OTHER with the words.
Only a reply that answers nothing ("?", "hmm", "what do you mean", keyboard mashing, only a question back)
is no answer. The question is known here, so "yes" or "3 months" is read in its context. The yes, no and
negation words are the lexicon's (bot/nlp/lexicon.yml), shared with bot.nlp.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.conversation.turn import Turn
from bot.intake.questions import OTHER, Question
from bot.nlp.bare_answers import DENY_CHOICE
from bot.nlp.cleaning import clean
from bot.nlp.demographics import find_age_sex
from bot.nlp.durations import MONTHS, NUMBER_WORDS, UNIT_DAYS, find_times
from bot.nlp.lexicon_file import words as lexicon_words
from bot.nlp.list_items import Item, items, own_words
from bot.nlp.names import first_name
from bot.nlp.non_answers import asks_something, is_filler, is_not_an_answer, is_question_back
from bot.nlp.numbers import parse_count
from bot.nlp.typos import corrected
from bot.nlp.understanding import PATIENT, Understanding
from bot.nlp.yes_no import does_not_know, read_yes_no

MAX_TEXT = 2000  # the description
MAX_OWN_WORDS = 300  # an "other" answer's words, as other_answers keeps them
YES = frozenset(lexicon_words("affirm"))
NO = frozenset(lexicon_words("deny"))
YES_LEADS = lexicon_words("affirm_leads")
NO_LEADS = lexicon_words("deny_leads")
NONE_OF_THESE = NO | frozenset(lexicon_words("none_of_these"))
NONE_LEADS = lexicon_words("bare_deny_leads")
# Compared without apostrophes: the lexicon spells "dont", a patient "don't".
NEGATORS = frozenset(w.replace("'", "") for w in lexicon_words("negation_before"))
ITEM_NEGATORS = NEGATORS | frozenset(lexicon_words("negation_after_urdu"))
# "no blood thinners, but..." / "nobody except my uncle": what follows is the answer, not the "no".
EXCEPTION_WORDS = re.compile(
    r"(?<![\w'])(?:but|except|apart from|besides|other than|though|although|lekin|magar|siwaye)(?![\w'])", re.I
)
RELATIVES = frozenset(w for w in lexicon_words("family_terms") if " " not in w)

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True)
class Reply:
    """A reply to one question, read.

    value      the slot's value: a code, a number, a bool, a list of codes, or OTHER (an item OTHER in a list)
               when the answer fits no option; None when nothing can be stored (the form asks again).
    own_words  the patient's words for the OTHER part, verbatim (trimmed); None when there is no OTHER part,
               or when the patient chose "other" (a button, a bare "yes" to a list) without saying which.
               On a reply that is no answer yet ("kaafi zyada" to "how long?"): the words kept if it is the
               second such reply.
    is_answer  False only when the reply answers nothing at all (see the module's docstring).
    medicines  conditions only: medicines the reply names ("only calcium tablets"), in the patient's words, for
               the medicines question; they are no condition.
    """

    value: Any = None
    own_words: str | None = None
    is_answer: bool = True
    medicines: str | None = None


NOT_AN_ANSWER = Reply(is_answer=False)


def _other(text: str) -> Reply:
    """A single answer in the patient's own words, verbatim (trimmed); a reply that fits no option and asks
    the bot something is a question, not an answer ("one question, do the injections hurt?")."""
    if asks_something(text):
        return NOT_AN_ANSWER
    return Reply(OTHER, _verbatim(text))


def _verbatim(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()[:MAX_OWN_WORDS]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def contains_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", normalise(text)) is not None


def _asserted_at(norm: str, phrase: str) -> tuple[int, int] | None:
    """Where the phrase stands without a negation word within three words before it ("no itching")."""
    for match in re.finditer(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", norm):
        before = " " + " ".join(w.replace("'", "") for w in re.findall(r"[\w']+", norm[: match.start()])[-3:]) + " "
        if not any(f" {negator} " in before for negator in NEGATORS):
            return match.span()
    return None


def matching_choices(question: Question, text: str) -> list[Any]:
    """Value codes whose words appear, not negated, in the text (each code once, in question order).

    A word inside a longer option phrase is not an option of its own: "more than normal" is more shedding,
    not "normal" (neither). When no option's words appear, words typed with a slip are read as meant
    ("slowley", "evrywhere")."""
    found = _matching(question, normalise(text))
    if not found:
        vocabulary = {w: code for code, words in question.choices.items() for w in words if " " not in w}
        fixed = _with_typos_fixed(normalise(text), vocabulary)
        if fixed is not None:
            found = _matching(question, fixed)
    return found


def _with_typos_fixed(norm: str, vocabulary: Mapping[str, Any]) -> str | None:
    """The text with each slip replaced by the word meant, or None when there was none."""
    changed = False

    def fix(match: re.Match[str]) -> str:
        nonlocal changed
        word = corrected(match.group(0), vocabulary)
        changed = changed or word is not None
        return word or match.group(0)

    fixed = re.sub(r"[^\W\d_]+", fix, norm)
    return fixed if changed else None


def _matching(question: Question, norm: str) -> list[Any]:
    found: dict[Any, tuple[int, int]] = {}
    specific: set[Any] = set()  # options named by at least one word that is not generic
    for value, words in question.choices.items():
        if value == OTHER:
            continue  # "other" is the button, not a word that names an option
        for word in sorted(words, key=len, reverse=True):
            where = _asserted_at(norm, word)
            if where is not None:
                found.setdefault(value, where)
                if word not in question.generic:
                    specific.add(value)
    inside = {
        v
        for v, (s, e) in found.items()
        for w, (s2, e2) in found.items()
        if w != v and s2 <= s and e <= e2 and (s, e) != (s2, e2)
    }
    chosen = [v for v in found if v not in inside]
    if len(chosen) > 1 and specific & set(chosen):
        chosen = [v for v in chosen if v in specific]  # "my edges, front and the nape": edges
    return chosen


def parse_yes_no(text: str) -> bool | None:
    """Yes, no, or None (neither, or the patient does not know): bot.nlp.yes_no's reading."""
    return read_yes_no(text)


def parse_name(text: str, question: Question | None = None, understanding: Understanding | None = None) -> str | None:
    return first_name(text)


AGE_FILLER = frozenset(
    {
        "i",
        "i'm",
        "im",
        "am",
        "age",
        "aged",
        "my",
        "is",
        "years",
        "year",
        "yrs",
        "yr",
        "y",
        "old",
        "y/o",
        "yo",
        "saal",
        "sal",
        "baras",
        "umar",
        "umer",
        "about",
        "around",
        "roughly",
        "almost",
        "nearly",
        "ka",
        "ki",
        "ke",
        "hai",
        "hain",
        "hoon",
        "hun",
        "hu",
        "actually",
        "sorry",
        "oops",
        "typo",
        "typed",
        "wrote",
        "wrong",
        "meant",
        "mistake",
        "galti",
        "wait",
        "correction",
        "just",
        "only",
        "turned",
        "turning",
        "it's",
        "its",
        "he",
        "she",
        "he's",
        "she's",
        "meri",
        "mera",
        "uski",
        "uska",
        "wo",
        "woh",
        "vo",
        "unki",
        "and",
        "a",
        "half",
        "ji",
        "jee",
    }
)
# "19 not 91", "not 91, 19": the number taken back is no part of the answer.
_TAKEN_BACK = re.compile(r"(?<![\w'])(?:not|nahi|na)\s+[\w'-]+", re.I)


# "12 saal ka hai", "7 years old" in a longer reply to "how old?" (not "2 saal se", "3 years ago": a time)
_YEARS_OLD = re.compile(
    r"(?<![\w.])(?P<age>\d{1,3})\s*(?:saal|sal|years?|yrs?|yr)\b(?!\s*(?:se|say|pehle|pehlay|ago|back|tak|baad|from|since|"
    r"mein|main|of))",
    re.I,
)


def _one_age_in_years(norm: str) -> int | None:
    found = {int(m.group("age")) for m in _YEARS_OLD.finditer(norm)}
    value = found.pop() if len(found) == 1 else None
    return value if value is not None and 1 <= value <= 110 else None


def parse_age(text: str, question: Question | None = None, understanding: Understanding | None = None) -> int | None:
    """Whole years when the reply is only an age ("34", "I'm 34 years old", "thirty four", "das saal")."""
    norm = _TAKEN_BACK.sub(" ", normalise(text).replace("-", " "))
    tokens = re.findall(r"[\w'/]+|[^\w\s]", norm)
    rest = [w for w in tokens if w not in AGE_FILLER and w not in {".", ",", "!", "?"}]
    if not rest or not all(w.isdigit() or parse_count(w, roman_urdu=True) is not None for w in rest):
        # "I am 48, will be 49 in March": the age said about oneself; "wo 12 saal ka hai, class 7 mein parhta hai":
        # a parent's one number of years
        return find_age_sex(text or "")[0] or _one_age_in_years(norm)
    value = parse_count(" ".join(rest), roman_urdu=True)
    if value is None or not 1 <= value <= 110:
        return None
    return value


def _button_value(text: str, question: Question) -> Any | None:
    """A button's value code, or its title typed out."""
    norm = normalise(text)
    for value in question.choices:
        if norm == str(value).lower():
            return value
    for button in question.buttons:
        if norm == button.title.lower() and button.value in {str(v) for v in question.choices}:
            return next(v for v in question.choices if str(v) == button.value)
    return None


Understood = Callable[[], Understanding]
TRIGGERS, NEW_MEDICINE = "triggers", "new_medicine"
DURATION_WORDS: dict[str, Any] = {**UNIT_DAYS, **{w: n for w, n in NUMBER_WORDS.items() if " " not in w}}


def _read_name(question: Question, text: str, understood: Understood) -> Reply:
    if is_not_an_answer(text):
        return NOT_AN_ANSWER
    return Reply(first_name(text))


def _read_age(question: Question, text: str, understood: Understood) -> Reply:
    if is_not_an_answer(text):
        return NOT_AN_ANSWER
    return Reply(parse_age(text))


def _read_text(question: Question, text: str, understood: Understood) -> Reply:
    """The description: any words about the hair, as typed (a lone "yes" or "ok" describes nothing)."""
    cleaned = re.sub(r"\s+", " ", text).strip()
    found = _WORD.findall(cleaned)
    if is_not_an_answer(cleaned) or (len(found) <= 2 and read_yes_no(cleaned) is not None):
        return NOT_AN_ANSWER
    if len(found) >= 2 or understood().findings or (found and len(found[0]) >= 4):
        return Reply(cleaned[:MAX_TEXT])
    return NOT_AN_ANSWER


def _read_duration(question: Question, text: str, understood: Understood) -> Reply:
    value = _button_value(text, question)
    if value is not None:
        return Reply(int(value))
    if is_not_an_answer(text):
        return NOT_AN_ANSWER
    days = understood().slots.get(question.slot)
    if isinstance(days, int):
        return Reply(days)
    fixed = _with_typos_fixed(normalise(text), DURATION_WORDS)  # "3 monts", "6 weks"
    spans = [t for t in find_times(fixed) if t.kind == "duration"] if fixed else []
    if spans:
        return Reply(spans[0].days)
    found = matching_choices(question, text)
    if len(found) == 1:
        return Reply(int(found[0]))
    if _only_a_number(text):
        return NOT_AN_ANSWER  # "2": two what? Asked again for weeks, months or years
    if not _places_in_time(fixed or normalise(text)):
        # "kaafi zyada" (a lot): asked again for weeks, months or years; the second time these words are kept
        return Reply(None, _verbatim(text), is_answer=False)
    return _other(text)


_TIME_WORDS = lexicon_words("time_words")


def _only_a_number(text: str) -> bool:
    """ "2", "two": a count without its unit."""
    tokens = re.findall(r"[\w']+", normalise(text))
    return bool(_BARE_NUMBER.fullmatch(text)) or (bool(tokens) and all(t in NUMBER_WORDS for t in tokens))


def _places_in_time(norm: str) -> bool:
    """A number, a unit of time, a month or a word that places something in time ("since my wedding")."""
    tokens = re.findall(r"[\w']+", norm)
    if any(t.isdigit() or (t in DURATION_WORDS and t not in ("a", "an")) or t in MONTHS for t in tokens):
        return True
    return any(contains_phrase(norm, w) for w in _TIME_WORDS)


def _read_choice(question: Question, text: str, understood: Understood) -> Reply:
    value = _button_value(text, question)
    if value is not None:
        return Reply(value)
    if is_not_an_answer(text) or _BARE_NUMBER.fullmatch(text):
        # "2": the buttons carry no numbers (a numbered WhatsApp list is read by the channel), so asked again
        return NOT_AN_ANSWER
    value = understood().slots.get(question.slot)
    if value is not None:
        return Reply(value)
    found = matching_choices(question, text)
    if len(found) == 1:
        return Reply(found[0])
    if not found and question.slot in DENY_CHOICE and read_yes_no(text) is False:
        return Reply(DENY_CHOICE[question.slot])  # "nooo" to "are you pregnant, breastfeeding ...?"
    if not found and _bare_yes_or_no(text):
        return NOT_AN_ANSWER  # "yes" to "male or female?" / "clumps, or more on the pillow?" chooses nothing
    return _other(text)  # two options at once, or words that fit none: the patient's words say it best


# "taking iron now" or "only calcium tablets" to the conditions question names a medicine (the medicines
# question asks that), no condition.
CONDITIONS = "conditions"
_MEDICINE_WORDS = lexicon_words("medicine_words")
_BARE_NUMBER = re.compile(r"\s*#?\d{1,2}\s*[.)]?\s*")


def _bare_yes_or_no(text: str) -> bool:
    """Only a yes or a no ("yes", "ji", "nahi", "no 🙅"), nothing that could name an option."""
    return len(_WORD.findall(text)) <= 2 and read_yes_no(text) is not None


def _names_a_relative_after_an_exception(text: str) -> bool:
    """ "nobody apart from my grandad": a no that names who did have it."""
    exception = EXCEPTION_WORDS.search(text)
    return exception is not None and bool(RELATIVES & set(re.findall(r"[\w']+", text[exception.end() :].lower())))


def _read_yesno(question: Question, text: str, understood: Understood) -> Reply:
    if is_filler(text) or not _WORD.search(text):
        # "samjha nahi" holds a "nahi" and is no "no"; a lone 👍 to "any changes in your nails?" more often
        # means "ok" than "yes, I have them": asked again in words
        return NOT_AN_ANSWER
    said = read_yes_no(text)
    if said is not None and not (said is False and EXCEPTION_WORDS.search(text)):
        return Reply(said)
    if does_not_know(text):
        return _other(text)
    if is_not_an_answer(text):
        return NOT_AN_ANSWER
    reading = understood()
    value = reading.stated_slots().get(question.slot)
    if isinstance(value, bool):
        return Reply(value)  # "my mamu is bald", "no, though my brother is thinning", "a loose bun"
    if question.slot == "family_history" and _names_a_relative_after_an_exception(text):
        return Reply(True)
    value = reading.slots.get(question.slot)  # a bare "yes" / "my dad" to the question
    if isinstance(value, bool):
        return Reply(value)
    return Reply(said) if said is not None else _other(text)


# A condition the patient only suspects ("doctor said maybe PCOS, not tested yet") is not a diagnosis: it is kept
# in their words. A medicine they are unsure of stays coded: a possible blood thinner must still be flagged.
_SUSPECTED_NOT_CODED = frozenset({"conditions"})


def _item_codes(question: Question, item: Item, understanding: Understanding) -> tuple[list[Any], list[Any]]:
    """(the option codes one item names, the codes it mentions but does not state of the patient now).

    Named: bot.nlp's findings in it, else the question's own option words. Not stated: negated, of the past
    ("anaemia years ago"), or, for conditions, only suspected; such codes are never taken from the words."""
    codes: list[Any] = []
    held_back: list[Any] = []
    for f in understanding.findings:
        if not item.start <= f.start < item.end:
            continue
        values = f.value if isinstance(f.value, list) else [f.value]
        if f.slot == question.slot:
            unsure_only = f.uncertain and not f.negated and not f.past and question.slot not in _SUSPECTED_NOT_CODED
            if f.asserted or (unsure_only and f.subject == PATIENT):
                codes += values
            else:
                held_back += values
        elif question.slot == TRIGGERS and f.slot == "medicines" and f.asserted:
            codes.append(NEW_MEDICINE)  # a medicine named when asked what happened lately is a new one
    if codes:
        return codes, held_back
    return [c for c in matching_choices(question, item.text) if c not in held_back], held_back


def _item_denied(item: Item) -> bool:
    """ "no blood thinners", "koi dawai nahi leti", "nothing from a doctor"."""
    tokens = re.findall(r"[\w']+", item.text.lower().replace("\u2019", "'"))
    return any(t.endswith("n't") or t.replace("'", "") in ITEM_NEGATORS for t in tokens)


def _read_multi(question: Question, text: str, understood: Understood) -> Reply:
    """A list answer: the options named, OTHER for what fits none (in the patient's words), [] for "none"."""
    value = _button_value(text, question)
    if value is not None:
        return Reply([value])
    norm = normalise(text).strip(" .!?")
    if norm in NONE_OF_THESE:
        return Reply([])
    if is_not_an_answer(text):
        return NOT_AN_ANSWER
    understanding = understood()
    cleaned = clean(text)  # bot.nlp's offsets are in the cleaned text
    codes: list[Any] = []
    others: list[Item] = []
    hedged: list[Item] = []
    medicines: list[Item] = []
    denied = affirmed = False
    leading_no = any(norm == lead or norm.startswith(lead + " ") or norm.startswith(lead + ",") for lead in NONE_LEADS)
    listed = items(cleaned)
    for position, item in enumerate(listed):
        if _item_denied(item) and not item.exception:
            denied = True
            leading_no = leading_no or position == 0  # "I don't take any, except vitamin D"
            continue
        if len(item.text.split()) <= 2 and read_yes_no(item.text) is True:
            affirmed = True  # "yes" / "haan ji": there is something; which, the other items say
            continue
        if is_question_back(item.text):
            continue
        named, held_back = _item_codes(question, item, understanding)
        if named:
            codes += [c for c in named if c not in codes]
        elif question.slot == CONDITIONS and _names_a_medicine(item, understanding):
            medicines.append(item)
        elif item.words and not item.is_commentary:
            others.append(item)
            if held_back:
                hedged.append(item)
    if leading_no:
        # "no, she is healthy": after a "no", only a named option or an exception ("only vitamin D") counts,
        # and what the patient mentions without stating it ("not diagnosed, the doctor said to check for PCOS")
        others = [i for i in others if i.exception or i in hedged]
    if medicines:
        # "only calcium tablets": no condition named, the medicines go to their own question ("yes, iron
        # tablets" still says there is a condition: which one is asked)
        named_medicines = _runs_of_words(cleaned, listed, medicines)[:MAX_OWN_WORDS]
        none = denied or not affirmed
        reply = _list_reply(
            question, text, cleaned, listed, codes, others, none, leading_no, affirmed, understanding, whole=False
        )
        return Reply(reply.value, reply.own_words, reply.is_answer, medicines=named_medicines)
    return _list_reply(question, text, cleaned, listed, codes, others, denied, leading_no, affirmed, understanding)


def _names_a_medicine(item: Item, understanding: Understanding) -> bool:
    """The item names a medicine or supplement (a medicines finding of bot.nlp, or a medicine word)."""
    if any(item.start <= f.start < item.end and f.slot == "medicines" and f.asserted for f in understanding.findings):
        return True
    return any(contains_phrase(item.text, w) for w in _MEDICINE_WORDS)


def _list_reply(
    question: Question,
    text: str,
    cleaned: str,
    listed: list[Item],
    codes: list[Any],
    others: list[Item],
    denied: bool,
    leading_no: bool,
    affirmed: bool,
    understanding: Understanding,
    whole: bool = True,
) -> Reply:
    """The list answer from the items read: codes, the patient's words for the rest, or none.

    `whole`: where no item fits an option, the whole reply is the patient's words (False: only the unmapped
    items, when some items went to another question)."""
    if not codes and not others:
        if denied or leading_no or understanding.slots.get(question.slot) == []:
            return Reply([])
        if affirmed:
            return Reply([OTHER])  # "yes" to "do you take any medicines?": which ones is still to be asked
        return NOT_AN_ANSWER if asks_something(text) else Reply([OTHER], own_words(_verbatim(text)))
    ordered = [c for c in question.choices if c in codes]
    if not others:
        return Reply(ordered)
    if not codes and not leading_no and whole:
        # nothing fits an option: the whole reply, as written ("iron tablets and calcium from my gynae"), less
        # its leading "only"/"sirf"/"I take": the staff sheet lists what, not how it was said
        return NOT_AN_ANSWER if asks_something(text) else Reply([OTHER], own_words(_verbatim(cleaned)))
    return Reply([*ordered, OTHER], _runs_of_words(cleaned, listed, others)[:MAX_OWN_WORDS])


def _runs_of_words(text: str, listed: list[Item], others: list[Item]) -> str:
    """The unmapped items as written: neighbours together ("calcium and vitamin D"), runs apart by ", "."""
    runs: list[list[Item]] = []
    for item in others:
        if runs and listed.index(item) == listed.index(runs[-1][-1]) + 1:
            runs[-1].append(item)
        else:
            runs.append([item])
    return ", ".join(own_words(text[run[0].start : run[-1].end]) for run in runs)


READERS: dict[str, Callable[[Question, str, Understood], Reply]] = {
    "name": _read_name,
    "age": _read_age,
    "text": _read_text,
    "duration": _read_duration,
    "choice": _read_choice,
    "multi": _read_multi,
    "yesno": _read_yesno,
}


def _clicked(question: Question, choice: str) -> Reply | None:
    """A button's value: the answer as the button says it (None: read the value as text)."""
    if question.kind == "multi":
        if choice == "none":
            return Reply([])
        if choice == OTHER:
            return Reply([OTHER])  # "Other medicine": which one is still to be asked
    if question.kind == "yesno" and choice in ("yes", "no"):
        return Reply(choice == "yes")
    return None


def answer_for(question: Question, turn: Turn) -> Reply:
    """The patient's reply (`turn`) to `question`, read (see Reply)."""
    if turn.choice is not None:
        clicked = _clicked(question, turn.choice)
        if clicked is not None:
            return clicked
    text = turn.reply
    if not text or not text.strip():
        return NOT_AN_ANSWER
    return READERS[question.kind](question, text, lambda: turn.understood(question.slot))


def _mapped(question: Question, reply: Reply) -> Any | None:
    """The value without its OTHER part (what parse_answer has always returned).

    Where "other" is one of the question's own options ("Other / prefer not to say") and the patient chose
    it, it is an option like any other."""
    value = reply.value
    if OTHER in question.choices and reply.own_words is None:
        return value
    if value == OTHER:
        return None
    if isinstance(value, list) and OTHER in value:
        mapped = [v for v in value if v != OTHER]
        return mapped or None
    return value


def parse_answer(question: Question, text: str, understanding: Understanding | None = None) -> Any | None:
    """The typed value of a reply to `question` mapped to its options, or None when it cannot be used.

    Kept for callers that store no own words; answer_for() gives the whole reading.
    `understanding`: bot.nlp's reading of `text` for this question, when the caller has it already."""
    reply = answer_for(question, Turn(text=text or "", understanding=understanding))
    return _mapped(question, reply)
