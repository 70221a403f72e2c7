"""Understanding patients' free text about hair loss (spaCy, blank English, rules from lexicon.yml).

    from bot.nlp import understand
    u = understand("bald spot the size of a coin behind my ear")
    u.slots     -> {"pattern": "patches"}
    u.findings  -> [Finding(code="pattern_patches", ...)]

`understand` is imported lazily so that importing the result types does not import spaCy.
"""

from .understanding import Finding, Understanding

__all__ = ["understand", "Understanding", "Finding"]


def __getattr__(name):
    if name == "understand":
        from .pipeline import understand

        return understand
    raise AttributeError(name)
