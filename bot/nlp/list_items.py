"""A reply to a list question split into its items: "thyroid and asthma" -> "thyroid" | "asthma".

Each item keeps its place in the text, so bot.nlp's findings (character offsets) can be given to the item
they are in, and the words of an item that fits no option can be kept as the patient wrote them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SEPARATOR = re.compile(
    r"\s*(?:[,;/&+\n]|\.(?=\s|$)|(?<![\w'])(?:and|aur|or|also|plus|as well as|but|lekin|magar|except|"
    r"apart from|besides|other than|n)(?![\w']))\s*",
    re.I,
)
# An item after these, or starting with these, is an exception to a "no" before it ("no, only vitamin D").
EXCEPTION_SEPARATORS = frozenset({"but", "lekin", "magar", "except", "apart from", "besides", "other than"})
EXCEPTION_STARTS = re.compile(r"^(?:only|sirf|siraf|just|bas)\b", re.I)
# Words that lead an item without being part of what the patient names ("sirf multivitamin", "I take iron").
LEADING_FILLERS = re.compile(
    r"^(?:(?:yes|yeah|yep|haan|han|ji|jee|sirf|siraf|only|just|bas|also|and|aur|plus|i take|i'm taking|i am taking|taking|i use|i'm using|"
    r"i am using|using|i have|i've got|i've|i had|i tried|tried|she takes|he takes|she has|he has|she is on|"
    r"he is on|i'm on|i am on)(?![\w'])[\s,:]*)+",
    re.I,
)
# An item that says something about the item before it, not a new one ("finasteride, I stopped it").
COMMENTARY = re.compile(
    r"^(?:it|it's|its|which|that|they|didn't|did not|doesn't|no result|no difference|helped|worked|stopped|"
    r"i stopped|gave up|no use|for|since|from|daily|every|roz|when|after|before|twice|once|"
    # Roman Urdu: "phir chor di" (then I stopped it), "koi faida nahi" (no benefit), "band kar di"
    r"phir|phr|chor|chhor|chod|chhod|band kar|koi faida|koi fayda|faida nahi|fayda nahi|asar nahi|koi asar)(?![\w'])",
    re.I,
)

# An item that only names the hair loss itself ("no itching, just hair fall", "bas baal girte hain"): the reason
# the patient is here, not another symptom, condition or trigger.
COMPLAINT_ONLY = re.compile(
    r"^(?:my |mere |meray )?(?:hair ?(?:fall(?:ing)?|loss|shedding|thinning|is falling(?: out)?|falls?(?: out)?)|"
    r"baal (?:gir|jhar|toot)\w*(?: (?:rahe|raha|rahi|rhe))?(?: (?:hain|hai|hen|hy|he))?)[.!]*$",
    re.I,
)

# Words that name nothing: an item made only of these is no answer of its own ("now and then", "a bit too").
NO_CONTENT = frozenset(
    [
        "then",
        "now",
        "sometimes",
        "occasionally",
        "often",
        "always",
        "also",
        "too",
        "etc",
        "a",
        "an",
        "the",
        "bit",
        "little",
        "lot",
        "mild",
        "slightly",
        "very",
        "really",
        "quite",
        "some",
        "so",
        "much",
        "more",
        "less",
        "just",
        "my",
        "her",
        "his",
        "its",
        "it",
        "scalp",
        "head",
        "sar",
        "hair",
        "baal",
        "kabhi",
        "bhi",
        "thoda",
        "thodi",
        "bohat",
        "bahut",
        "zyada",
        "ziada",
        "hai",
        "hain",
        "ho",
        "hoti",
        "hota",
        "tha",
        "thi",
    ]
)


@dataclass(frozen=True)
class Item:
    start: int  # character offsets in the text that was split
    end: int
    text: str
    exception: bool = False  # "only X", "except X", "but X"

    @property
    def words(self) -> str:
        """The item as the patient wrote it, without leading fillers or trailing punctuation."""
        return LEADING_FILLERS.sub("", self.text).strip(" .!,;:-")

    @property
    def is_commentary(self) -> bool:
        """Says something about another item ("I stopped it"), or names nothing ("now and then")."""
        tokens = re.findall(r"[\w']+", self.text.lower())
        if COMPLAINT_ONLY.match(LEADING_FILLERS.sub("", self.text.strip())):
            return True
        return COMMENTARY.match(self.text) is not None or all(t in NO_CONTENT for t in tokens)


def items(text: str) -> list[Item]:
    """The non-empty items of a reply, in order."""
    out: list[Item] = []
    start, separator = 0, ""
    for match in [*SEPARATOR.finditer(text), None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            offset = start + piece.index(stripped)
            exception = separator.lower() in EXCEPTION_SEPARATORS or bool(EXCEPTION_STARTS.match(stripped))
            out.append(Item(offset, offset + len(stripped), stripped, exception))
        if match:
            start, separator = match.end(), match.group(0).strip(" ,")
    return out


def own_words(text: str) -> str:
    """A whole reply as the patient's own words: trimmed of leading fillers ("sirf multivitamin")."""
    return LEADING_FILLERS.sub("", text.strip()).strip(" .!,;:-") or text.strip()
