"""How much typing slips cost: the labelled sets (text_model.TRAINING_SETS, never the held-out half) read as typed
and again with one slip in some long words, as phones make them (a letter dropped, doubled, swapped with the next,
or a neighbouring key); seeded, so runs compare. What bot/nlp/slips.py was measured by (`make eval-slips`).
"""

from __future__ import annotations

import argparse
import random
import re
import sys

from .text_classification import classify_text
from .text_model import TRAINING_SETS, load_set

KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
LONG_WORD = re.compile(r"[A-Za-z]{6,}")


def _neighbour(letter: str, rng: random.Random) -> str:
    for row in KEYBOARD_ROWS:
        i = row.find(letter.lower())
        if i >= 0:
            return rng.choice([row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)])
    return letter


def one_slip(word: str, rng: random.Random) -> str:
    """The word with one slip, never in its first or last letter (where people rarely slip)."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice("dswk")
    if kind == "d":
        return word[:i] + word[i + 1 :]
    if kind == "s":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "w":
        return word[:i] + word[i] + word[i:]
    return word[:i] + _neighbour(word[i], rng) + word[i + 1 :]


def with_slips(text: str, rate: float, rng: random.Random) -> str:
    return LONG_WORD.sub(lambda m: one_slip(m.group(0), rng) if rng.random() < rate else m.group(0), text)


def measure(rate: float, seed: int = 7) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    cases = [c for name in TRAINING_SETS for c in load_set(name)]
    must = sum(len((c.get("red_flags") or []) + (c.get("contraindications") or [])) for c in cases)
    found = {"as typed": 0, "with slips": 0}
    right = {"as typed": 0, "with slips": 0}
    for case in cases:
        want = (case.get("red_flags") or []) + (case.get("contraindications") or [])
        for label, text in (("as typed", case["text"]), ("with slips", with_slips(case["text"], rate, rng))):
            out = classify_text(text, case.get("slots") or {})
            raised = set(out["red_flags"]) | set(out["contraindications"])
            found[label] += sum(1 for code in want if code in raised)
            right[label] += out["likely_type"] == case["likely_type"]
    return {
        label: {"flag_recall": found[label] / must, "type_accuracy": right[label] / len(cases), "n": len(cases)}
        for label in found
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.clinical.slip_robustness", description=__doc__)
    parser.add_argument("--rate", type=float, default=0.25, help="share of words of 6+ letters given a slip")
    args = parser.parse_args(argv)
    for label, r in measure(args.rate).items():
        print(
            f"{label:>10}: red-flag+contraindication recall {r['flag_recall']:.3f}, "
            f"type accuracy {r['type_accuracy']:.3f} ({r['n']} cases)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
