"""Evaluation on labelled cases: python -m bot.clinical.evaluate [cases.yml] [--split tuning|heldout|dev|dev2 ..|all]

Prints accuracy, per-type precision and recall, the confusion matrix, red-flag and contraindication recall,
the false red-flag rate and every miss.  The default set is the hand-written tests/clinical/cases.yml; exit code
1 when its accuracy < 0.90 or any expected red flag (or contraindication) is missed.

The real-language set (tests/clinical/real_cases.yml) marks each case `split: tuning` or `split: heldout`.
`--split heldout` prints totals only (no case ids or text: nobody tunes on that half) and judges it by the
held-out bar (HELDOUT_BAR); `--split tuning` lists every miss to work from.

The development set (tests/clinical/dev_cases.yml, every case `split: dev`) was written apart from the real set to
tune general fixes on; `--split dev` reads it when no file is given and lists every miss, judged by the same bar.
The second development set (tests/clinical/dev2_cases.yml, every case `split: dev2`, written in the third round) works
the same way with `--split dev2`, and the third (tests/clinical/dev3_cases.yml, `split: dev3`, fourth round) with
`--split dev3`. The fourth (tests/clinical/dev4_cases.yml, `split: dev4`, fifth round) is about the red flags and
contraindications of issue 12 in new words, with `--split dev4`; the fifth (tests/clinical/dev5_cases.yml, `split: dev5`,
sixth round) the same again, written after the fifth round's rules, with `--split dev5`; the sixth (dev6_cases.yml, seventh
round) mirrors the real set's mix of types and flags, written after the sixth round's rules, with `--split dev6`.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from bot.nlp.no_tensorflow import skip_tensorflow_probe

from .text_model import TRAINING_SETS
from .weights import weights

TESTS = Path(__file__).resolve().parents[2] / "tests" / "clinical"
CASES_PATH = TESTS / "cases.yml"
REAL_CASES_PATH = TESTS / "real_cases.yml"
# The development sets, each a file whose every case is marked with the set's name (one list for the text model, the
# red-flag net and this evaluation: bot/clinical/text_model.py TRAINING_SETS)
DEV_SETS = {name: TESTS / file_name for name, (file_name, _) in TRAINING_SETS.items() if name.startswith("dev")}
DEV_CASES_PATH = DEV_SETS["dev"]
DEV2_CASES_PATH = DEV_SETS["dev2"]
DEV3_CASES_PATH = DEV_SETS["dev3"]
MIN_ACCURACY = 0.90
SPLITS = ("tuning", "heldout", *DEV_SETS, "all")
# The real-language held-out half: likely type right often enough, every must-raise flag raised, few false flags.
HELDOUT_BAR = {"accuracy": 0.85, "flag_recall": 1.0, "false_red_flag_rate": 0.10}
LABELS = ["androgenetic_alopecia", "alopecia_areata", "telogen_effluvium", "traction_alopecia", "unclear"]
SHORT = {
    "androgenetic_alopecia": "AGA",
    "alopecia_areata": "AA",
    "telogen_effluvium": "TE",
    "traction_alopecia": "TA",
    "unclear": "unclear",
}


def load_cases(path: Path = CASES_PATH, split: str = "all") -> list[dict[str, Any]]:
    """The cases of a file; `split` "tuning"/"heldout"/"dev".."devN" keeps the cases marked so, "all" every case."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    cases = yaml.safe_load(Path(path).read_text(encoding="utf-8"))["cases"]
    return cases if split == "all" else [c for c in cases if c.get("split") == split]


def _false_red_flag(case: dict[str, Any], raised: list[str], raised_contraindications: list[str]) -> bool:
    """A code the case says must NOT be raised was raised, or a red flag when the case expects none."""
    unwanted = set(case.get("not_red_flags") or [])
    if unwanted & (set(raised) | set(raised_contraindications)):
        return True
    return not case.get("red_flags") and bool(raised)


def run(path: Path = CASES_PATH, split: str = "all") -> dict[str, Any]:
    from .text_classification import classify_text

    cases = load_cases(path, split)
    confusion: Counter = Counter()
    misses: list[tuple] = []
    flag_misses: list[tuple] = []
    ci_misses: list[tuple] = []
    extra_flags: list[tuple] = []
    false_flags: list[str] = []
    flags_expected = flags_found = ci_expected = ci_found = 0
    net_code = (weights().get("red_flag_model") or {}).get("code")
    net_raised: list[str] = []  # cases where the red-flag safety net added its doctor-first flag
    for case in cases:
        out = classify_text(case["text"], case.get("slots") or {})
        expected, got = case["likely_type"], out["likely_type"]
        confusion[(expected, got)] += 1
        if expected != got:
            misses.append((case["id"], expected, got, out["probabilities"], case["text"]))
        for key, found_list, miss_list in (
            ("red_flags", out["red_flags"], flag_misses),
            ("contraindications", out["contraindications"], ci_misses),
        ):
            want = case.get(key) or []
            for code in want:
                if code in found_list:
                    if key == "red_flags":
                        flags_found += 1
                    else:
                        ci_found += 1
                else:
                    miss_list.append((case["id"], code))
            if key == "red_flags":
                flags_expected += len(want)
                extra_flags += [(case["id"], c) for c in found_list if c not in want]
            else:
                ci_expected += len(want)
        if _false_red_flag(case, out["red_flags"], out["contraindications"]):
            false_flags.append(case["id"])
        if net_code and net_code in out["red_flags"]:
            net_raised.append(case["id"])
    n = len(cases)
    correct = sum(v for (e, g), v in confusion.items() if e == g)
    per_type = {}
    for label in LABELS:
        tp = confusion[(label, label)]
        predicted = sum(v for (e, g), v in confusion.items() if g == label)
        actual = sum(v for (e, g), v in confusion.items() if e == label)
        per_type[label] = {
            "precision": tp / predicted if predicted else 0.0,
            "recall": tp / actual if actual else 0.0,
            "support": actual,
        }
    must_raise = flags_expected + ci_expected
    return {
        "n": n,
        "split": split,
        "accuracy": correct / n if n else 0.0,
        "per_type": per_type,
        "confusion": confusion,
        "red_flag_recall": flags_found / flags_expected if flags_expected else 1.0,
        "contraindication_recall": ci_found / ci_expected if ci_expected else 1.0,
        # red flags and contraindications together: every code a case says must be raised
        "flag_recall": (flags_found + ci_found) / must_raise if must_raise else 1.0,
        "false_red_flag_rate": len(false_flags) / n if n else 0.0,
        "misses": misses,
        "red_flag_misses": flag_misses,
        "contraindication_misses": ci_misses,
        "extra_red_flags": extra_flags,
        "false_red_flags": false_flags,
        # the safety net's flag never counts as an expected code: how often it fired, and on how many of the cases
        # with a missed red flag (a doctor first all the same)
        "net_raised": net_raised,
        "net_on_missed": sorted({cid for cid, _ in flag_misses} & set(net_raised)),
        "cases_with_missed_flag": len({cid for cid, _ in flag_misses}),
    }


def report(r: dict[str, Any], per_case: bool = True) -> str:
    """The numbers, and (unless `per_case` is False, as for a held-out half) every miss with its case."""
    title = f"cases: {r['n']}" + (f" (split: {r['split']})" if r.get("split", "all") != "all" else "")
    lines = [f"{title}   accuracy: {r['accuracy']:.3f}", "", f"{'type':24} precision  recall  n"]
    for label, m in r["per_type"].items():
        lines.append(f"{label:24} {m['precision']:9.2f} {m['recall']:7.2f} {m['support']:3d}")
    lines += [
        "",
        "confusion (rows expected, columns predicted):",
        " " * 9 + "".join(f"{SHORT[label]:>8}" for label in LABELS),
    ]
    for e in LABELS:
        lines.append(f"{SHORT[e]:>9}" + "".join(f"{r['confusion'][(e, g)]:8d}" for g in LABELS))
    lines += [
        "",
        f"red-flag recall: {r['red_flag_recall']:.3f}   "
        f"contraindication recall: {r['contraindication_recall']:.3f}   "
        f"both together: {r['flag_recall']:.3f}",
        f"false red flags: {len(r['false_red_flags'])}/{r['n']} = {r['false_red_flag_rate']:.3f}   "
        f"extra red flags raised (not expected): {len(r['extra_red_flags'])}",
        f"red-flag safety net (doctor first): raised on {len(r['net_raised'])} cases, on "
        f"{len(r['net_on_missed'])} of the {r['cases_with_missed_flag']} cases with a missed red flag",
    ]
    if not per_case:
        lines.append("(held-out half: totals only, no case is shown)")
        return "\n".join(lines)
    for cid, exp, got, _probabilities, text in r["misses"]:
        lines.append(f"MISS {cid}: expected {exp}, got {got}  {text[:70]!r}")
    for cid, code in r["red_flag_misses"]:
        lines.append(f"MISSED RED FLAG {cid}: {code}")
    for cid, code in r["contraindication_misses"]:
        lines.append(f"MISSED CONTRAINDICATION {cid}: {code}")
    for cid in r["false_red_flags"]:
        lines.append(f"FALSE RED FLAG {cid}")
    for cid, code in r["extra_red_flags"]:
        lines.append(f"extra red flag {cid}: {code}")
    return "\n".join(lines)


def passed(r: dict[str, Any]) -> bool:
    """The hand-written set's bar."""
    return r["accuracy"] >= MIN_ACCURACY and not r["red_flag_misses"] and not r["contraindication_misses"]


def heldout_failures(r: dict[str, Any]) -> list[str]:
    """What keeps a held-out result under HELDOUT_BAR, one line each; empty when it meets the bar."""
    bar = HELDOUT_BAR
    out = []
    if r["accuracy"] < bar["accuracy"]:
        out.append(f"type accuracy {r['accuracy']:.3f} < {bar['accuracy']:.2f}")
    if r["flag_recall"] < bar["flag_recall"]:
        out.append(f"red-flag recall (with contraindications) {r['flag_recall']:.3f} < {bar['flag_recall']:.2f}")
    if r["false_red_flag_rate"] > bar["false_red_flag_rate"]:
        out.append(f"false red flags {r['false_red_flag_rate']:.3f} > {bar['false_red_flag_rate']:.2f}")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.clinical.evaluate")
    parser.add_argument(
        "cases",
        nargs="?",
        default=None,
        help=f"default {CASES_PATH.name} (for --split devN: that development set's file, {DEV_CASES_PATH.name} ..)",
    )
    parser.add_argument(
        "--split",
        choices=SPLITS,
        default="all",
        help="only the cases marked split: tuning or heldout (tests/clinical/real_cases.yml; heldout shows totals)"
        f" or a development set ({', '.join(DEV_SETS)}: tests/clinical/{DEV_CASES_PATH.name} ..)",
    )
    args = parser.parse_args(argv)
    skip_tensorflow_probe()
    default_path = DEV_SETS.get(args.split, CASES_PATH)
    r = run(Path(args.cases) if args.cases else default_path, args.split)
    print(report(r, per_case=args.split != "heldout"))
    if args.split != "all":  # a half of the real-language set or the dev set: the held-out bar (to see the distance)
        failures = heldout_failures(r)
        print("\nPASS (held-out bar)" if not failures else "\nFAIL (held-out bar): " + "; ".join(failures))
        return 0 if not failures else 1
    ok = passed(r)
    print("\nPASS" if ok else f"\nFAIL (need accuracy >= {MIN_ACCURACY} and every expected red flag)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
