"""Evaluation on the labelled cases: python -m bot.clinical.evaluate [cases.yml]

Prints accuracy, per-type precision and recall, the confusion matrix, red-flag and contraindication recall,
and every miss.  Exit code 1 when accuracy < 0.90 or any expected red flag (or contraindication) is missed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from bot.nlp.no_tensorflow import skip_tensorflow_probe

CASES_PATH = Path(__file__).resolve().parents[2] / "tests" / "clinical" / "cases.yml"
MIN_ACCURACY = 0.90
LABELS = ["androgenetic_alopecia", "alopecia_areata", "telogen_effluvium", "traction_alopecia", "unclear"]
SHORT = {
    "androgenetic_alopecia": "AGA",
    "alopecia_areata": "AA",
    "telogen_effluvium": "TE",
    "traction_alopecia": "TA",
    "unclear": "unclear",
}


def load_cases(path: Path = CASES_PATH) -> list[dict[str, Any]]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))["cases"]


def run(path: Path = CASES_PATH) -> dict[str, Any]:
    from .text_classification import classify_text

    cases = load_cases(path)
    confusion: Counter = Counter()
    misses: list[tuple] = []
    flag_misses: list[tuple] = []
    ci_misses: list[tuple] = []
    extra_flags: list[tuple] = []
    flags_expected = flags_found = ci_expected = ci_found = 0
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
    return {
        "n": n,
        "accuracy": correct / n if n else 0.0,
        "per_type": per_type,
        "confusion": confusion,
        "red_flag_recall": flags_found / flags_expected if flags_expected else 1.0,
        "contraindication_recall": ci_found / ci_expected if ci_expected else 1.0,
        "misses": misses,
        "red_flag_misses": flag_misses,
        "contraindication_misses": ci_misses,
        "extra_red_flags": extra_flags,
    }


def report(r: dict[str, Any]) -> str:
    lines = [f"cases: {r['n']}   accuracy: {r['accuracy']:.3f}", "", f"{'type':24} precision  recall  n"]
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
        f"extra red flags raised (not expected): {len(r['extra_red_flags'])}",
    ]
    for cid, exp, got, _probabilities, text in r["misses"]:
        lines.append(f"MISS {cid}: expected {exp}, got {got}  {text[:70]!r}")
    for cid, code in r["red_flag_misses"]:
        lines.append(f"MISSED RED FLAG {cid}: {code}")
    for cid, code in r["contraindication_misses"]:
        lines.append(f"MISSED CONTRAINDICATION {cid}: {code}")
    for cid, code in r["extra_red_flags"]:
        lines.append(f"extra red flag {cid}: {code}")
    return "\n".join(lines)


def passed(r: dict[str, Any]) -> bool:
    return r["accuracy"] >= MIN_ACCURACY and not r["red_flag_misses"] and not r["contraindication_misses"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.clinical.evaluate")
    parser.add_argument("cases", nargs="?", default=str(CASES_PATH))
    args = parser.parse_args(argv)
    skip_tensorflow_probe()
    r = run(Path(args.cases))
    print(report(r))
    ok = passed(r)
    print("\nPASS" if ok else f"\nFAIL (need accuracy >= {MIN_ACCURACY} and every expected red flag)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
