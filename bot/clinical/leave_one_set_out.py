"""Leave-one-set-out: python -m bot.clinical.leave_one_set_out

Each labelled set (the tuning half of real_cases.yml, dev, dev2 .. dev6) is scored by a text model trained on
all the others (and the hand-written cases); never the held-out half. Printed per set: the rules alone, the text
model alone, and the rules with the text model's evidence for each (weight, min_probability) of a small grid, with
the mean over the sets and the cases right over all of them; the best cell (most cases right) is the one weights.yml
should hold.

The rules themselves were tuned on all these sets, so their figures here overstate how they carry over; only the
text model is truly left out. Red flags are rule-based, so false red flags cannot change with the text model: the
table shows them all the same, as the check that they did not.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from typing import Any

from .assessment import Evidence

WEIGHTS = (0.0, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0)
MIN_PROBABILITIES = (0.4, 0.5, 0.6, 0.7)
SCORED = ("tuning", "dev", "dev2", "dev3", "dev4", "dev5", "dev6")


@dataclass
class Read:
    """What the rules made of one case, kept so each grid cell only re-decides."""

    case: dict[str, Any]
    scores: dict[str, float]
    evidence: list[Evidence]
    flags: list[str]
    false_flag: bool
    text_probs: dict[str, float]


def _read(case: dict[str, Any], nlp) -> Read:
    from bot.nlp import understand

    from . import text_model
    from .facts import build
    from .red_flags import red_flags
    from .scorecard import score

    u = understand(case["text"])
    merged = dict(u.slots)
    merged.update({k: v for k, v in (case.get("slots") or {}).items() if v not in (None, "skipped")})
    facts = build(merged, u)
    scores, evidence = score(facts)
    flags = [f.code for f in red_flags(facts)]
    unwanted = set(case.get("not_red_flags") or [])
    false_flag = bool(unwanted & set(flags)) or (not case.get("red_flags") and bool(flags))
    return Read(case, scores, evidence, flags, false_flag, text_model.probabilities(nlp, case["text"]))


def _likely(r: Read, conf: dict[str, Any] | None) -> str:
    """The rules' answer (conf None) or the rules with the text model's evidence under `conf`."""
    from .scorecard import decide
    from .text_evidence import decide_with_text

    evidence = list(r.evidence)
    if conf is None:
        return decide(r.scores, evidence, r.flags)[0]
    return decide_with_text(r.scores, evidence, r.flags, r.case["text"], lambda _t: r.text_probs, conf)[0]


def run(sets: tuple[str, ...] = SCORED) -> dict[str, Any]:
    from . import text_model
    from .text_evidence import settings

    data = {name: text_model.load_set(name) for name in text_model.TRAINING_SETS}
    scored = [s for s in sets if data.get(s)]
    reads: dict[str, list[Read]] = {}
    seconds = {}
    for held in scored:
        start = time.perf_counter()
        nlp = text_model.train([c for name, cases in data.items() if name != held for c in cases])
        seconds[held] = time.perf_counter() - start
        reads[held] = [_read(c, nlp) for c in data[held]]

    def accuracy(rs: list[Read], conf: dict[str, Any] | None) -> float:
        return sum(_likely(r, conf) == r.case["likely_type"] for r in rs) / len(rs)

    base = settings()
    grid = {}
    for w in WEIGHTS:
        for p in MIN_PROBABILITIES:
            conf = {**base, "weight": w, "min_probability": p}
            grid[(w, p)] = {s: accuracy(reads[s], conf) for s in scored}
    return {
        "sets": scored,
        "n": {s: len(reads[s]) for s in scored},
        "train_seconds": seconds,
        "rules": {s: accuracy(reads[s], None) for s in scored},
        "text_only": {
            s: sum(max(r.text_probs, key=r.text_probs.__getitem__) == r.case["likely_type"] for r in reads[s])
            / len(reads[s])
            for s in scored
        },
        "false_flags": {s: sum(r.false_flag for r in reads[s]) / len(reads[s]) for s in scored},
        "grid": grid,
        "current": (base["weight"], base["min_probability"]),
    }


def mean(values: dict[str, float]) -> float:
    return sum(values.values()) / len(values)


def correct(result: dict[str, Any], values: dict[str, float]) -> int:
    """Cases right over all the sets together."""
    return round(sum(values[s] * result["n"][s] for s in result["sets"]))


def best(result: dict[str, Any]) -> tuple[float, float]:
    """The grid cell with the most cases right over all the sets (each case counts once, a small set no more than a
    large one); ties go to the smaller weight, then the higher min_probability (the text model counting least)."""
    return max(result["grid"], key=lambda cell: (correct(result, result["grid"][cell]), -cell[0], cell[1]))


def report(result: dict[str, Any]) -> str:
    sets = result["sets"]
    head = f"{'':26}" + "".join(f"{s:>8}" for s in sets) + f"{'mean':>8}{'right':>7}"
    lines = [
        "leave-one-set-out: each set scored by a text model trained on the others (rules: tuned on all of them)",
        f"{'cases':26}" + "".join(f"{result['n'][s]:8d}" for s in sets),
        f"{'training seconds':26}" + "".join(f"{result['train_seconds'][s]:8.1f}" for s in sets),
        "",
        head,
    ]

    total = sum(result["n"].values())

    def row(name: str, values: dict[str, float]) -> str:
        right = correct(result, values)
        return f"{name:26}" + "".join(f"{values[s]:8.3f}" for s in sets) + f"{mean(values):8.3f}{right:6d}/{total}"

    lines += [row("rules alone", result["rules"]), row("text model alone", result["text_only"])]
    chosen, current = best(result), result["current"]
    for cell, values in result["grid"].items():
        mark = " <- best" if cell == chosen else ""
        mark += " (weights.yml)" if cell == current else ""
        lines.append(row(f"rules + text w={cell[0]:.1f} p>={cell[1]:.1f}", values) + mark)
    lines += ["", "false red flags (any w, p) " + "".join(f"{result['false_flags'][s]:8.3f}" for s in sets)]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.clinical.leave_one_set_out", description=__doc__.split("\n")[0]
    )
    parser.parse_args(argv)
    from bot.nlp.no_tensorflow import skip_tensorflow_probe

    skip_tensorflow_probe()
    print(report(run()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
