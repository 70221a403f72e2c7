"""The red-flag safety net: a spaCy `textcat` trained on the labelled descriptions to say "this description has a
red flag", consulted only where the rules raised none. Above `threshold` (weights.yml `red_flag_model`) it adds ONE
flag, routed to a dermatologist with plain words ("the description mentions something a doctor should look at
first"). It never removes a flag, never changes the likely type, and is absent when no model is trained (make check
trains none): then the rules alone decide, as before.

Trained from the same labelled sets as the type text model (text_model.TRAINING_SETS, never the held-out half) by
`python -m bot.clinical.red_flag_model` (make red-flag-model) into models/clinical_flag/ (not committed).
`python -m bot.clinical.red_flag_model --loso` is the experiment it was chosen by: each labelled set scored by a
model trained on the others, with how many of the cases the rules miss it catches and the false red flags it adds
at each threshold.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import text_model
from .assessment import Flag, FlagProbability
from .text_model import ROOT, load_set, words
from .weights import weights

MODEL_DIR = ROOT / "models" / "clinical_flag"
FLAG, NO_FLAG = "FLAG", "NO_FLAG"
SEED, EPOCHS = text_model.SEED, text_model.EPOCHS
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)


def settings() -> dict[str, Any]:
    return weights()["red_flag_model"]


def train(cases: Iterable[dict[str, Any]], seed: int = SEED, epochs: int = EPOCHS):
    """A two-label textcat (FLAG / NO_FLAG) trained on `cases`: FLAG when the case lists any red flag."""
    return text_model.train_textcat(
        cases, (FLAG, NO_FLAG), lambda c: FLAG if c.get("red_flags") else NO_FLAG, seed, epochs
    )


def flag_probability_of(nlp, text: str) -> float:
    return float(nlp(words(text)).cats[FLAG])


def load(model_dir: Path = MODEL_DIR):
    """The trained model, read once per process; None when none has been trained (text_model.load's cache)."""
    return text_model.load(model_dir)


def trained_probability(text: str) -> float | None:
    nlp = load()
    return None if nlp is None else flag_probability_of(nlp, text)


def safety_net_flag(text: str | None, raised: Iterable[str], probability: FlagProbability | None = None) -> Flag | None:
    """The doctor-first flag when the rules raised no red flag and the model says the description has one with
    probability >= threshold; else None (also without text or without a trained model)."""
    if not text or not text.strip() or list(raised):
        return None
    conf = settings()
    p = (probability or trained_probability)(text)
    if p is None or p < conf["threshold"]:
        return None
    return Flag(
        code=conf["code"],
        patient=conf["patient"],
        staff=f"{conf['staff']} (text model, probability {p:.2f})",
        source=str(conf.get("source", "")),
        refer_to=conf["refer_to"],
    )


def loso(thresholds: tuple[float, ...] = THRESHOLDS) -> dict[str, Any]:
    """Each labelled set scored by a model trained on all the others (and the hand-written cases)."""
    from .evaluate import _false_red_flag
    from .leave_one_set_out import SCORED
    from .text_classification import classify_text
    from .text_model import TRAINING_SETS

    data = {name: load_set(name) for name in TRAINING_SETS}
    result: dict[str, Any] = {"thresholds": thresholds, "sets": {}}
    for held in (s for s in SCORED if data.get(s)):
        nlp = train([c for name, cases in data.items() if name != held for c in cases])
        rows = []
        for c in data[held]:
            out = classify_text(c["text"], c.get("slots") or {}, flag_probability=lambda _t: None)
            want = c.get("red_flags") or []
            rows.append(
                {
                    "id": c["id"],
                    "want": bool(want),
                    "missed": any(f not in out["red_flags"] for f in want),
                    "rules_false": _false_red_flag(c, out["red_flags"], out["contraindications"]),
                    "raised": bool(out["red_flags"]),
                    "p": flag_probability_of(nlp, c["text"]),
                }
            )
        result["sets"][held] = rows
    return result


def report(result: dict[str, Any]) -> str:
    ts = result["thresholds"]
    lines = [
        "red-flag safety net, leave-one-set-out: each set scored by a model trained on the others",
        "per threshold: rule misses caught / rule misses, and the false red-flag rate with the net added",
        f"{'set':8}{'n':>5}{'rules FF':>10}  " + "".join(f"{'t=' + str(t):>16}" for t in ts),
    ]
    for name, rows in result["sets"].items():
        n = len(rows)
        missed = sum(r["missed"] for r in rows)
        ff = sum(r["rules_false"] for r in rows)
        cells = []
        for t in ts:
            caught = sum(r["missed"] and not r["raised"] and r["p"] >= t for r in rows)
            added = sum(not r["want"] and not r["raised"] and r["p"] >= t for r in rows)
            cells.append(f"{caught}/{missed} {(ff + added) / n:.3f}")
        lines.append(f"{name:8}{n:5d}{ff / n:10.3f}  " + "".join(f"{c:>16}" for c in cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.clinical.red_flag_model", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--loso", action="store_true", help="the leave-one-set-out experiment instead of training")
    args = parser.parse_args(argv)
    from bot.nlp.no_tensorflow import skip_tensorflow_probe

    from .text_model import TRAINING_SETS

    skip_tensorflow_probe()
    if args.loso:
        print(report(loso()))
        return 0
    start = time.perf_counter()
    cases = [c for name in TRAINING_SETS for c in load_set(name)]
    nlp = train(cases)
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.out)
    print(f"red-flag model: {len(cases)} labelled descriptions, {time.perf_counter() - start:.1f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
