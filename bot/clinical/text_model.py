"""The text model: a spaCy `textcat` (blank English, bag of words and word pairs) that reads a description and
says which of the labelled descriptions it resembles (androgenetic, areata, telogen effluvium, traction, unclear).

It is trained from the labelled case files (never the held-out half of real_cases.yml) by
`python -m bot.clinical.text_model` (make text-model) and written to models/clinical_text/ (not committed).
The rules stay first: bot/clinical/text_evidence.py turns its guess into one named piece of evidence where the
rules cannot decide. Red flags never come from it. When the model is absent (make check trains none) load()
gives None and the result says the comparison was not available.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from bot.nlp.cleaning import clean

from .assessment import TYPES, UNCLEAR

ROOT = Path(__file__).resolve().parents[2]
MODEL_DIR = ROOT / "models" / "clinical_text"
CASES_DIR = ROOT / "tests" / "clinical"
LABELS = (*TYPES, UNCLEAR)
# The labelled sets it learns from, as (file, split): every case of the file whose `split` is that value (None: the
# file has no splits). The held-out half of real_cases.yml is never among them.
TRAINING_SETS = {
    "hand_written": ("cases.yml", None),
    "tuning": ("real_cases.yml", "tuning"),
    "dev": ("dev_cases.yml", "dev"),
    "dev2": ("dev2_cases.yml", "dev2"),
    "dev3": ("dev3_cases.yml", "dev3"),
    "dev4": ("dev4_cases.yml", "dev4"),
    "dev5": ("dev5_cases.yml", "dev5"),
    "dev6": ("dev6_cases.yml", "dev6"),
}
SEED = 0
EPOCHS = 12
BATCH = 8


def load_set(name: str, cases_dir: Path = CASES_DIR) -> list[dict[str, Any]]:
    """The cases of one training set; a set whose file is missing is empty."""
    file_name, split = TRAINING_SETS[name]
    path = cases_dir / file_name
    if not path.exists():
        return []
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    chosen = [c for c in cases if split is None or c.get("split") == split]
    if any(c.get("split") == "heldout" for c in chosen):
        raise ValueError("the held-out half is never trained on")
    return chosen


def words(text: str) -> str:
    """What the model reads: the cleaned text in lower case (the bag of words counts case-sensitive forms)."""
    return clean(text).lower()


def train_textcat(
    cases: Iterable[dict[str, Any]],
    labels: Sequence[str],
    label_of: Callable[[dict[str, Any]], str],
    seed: int = SEED,
    epochs: int = EPOCHS,
):
    """A bag-of-words textcat (one label per case, `label_of(case)`) trained on the cases' words; the same cases and
    seed give the same model. Shared by this type model and the red-flag safety net (red_flag_model.py)."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe(
        "textcat",
        config={
            "model": {
                "@architectures": "spacy.TextCatBOW.v2",
                "exclusive_classes": True,
                "ngram_size": 2,
                "no_output_layer": False,
            }
        },
    )
    for label in labels:
        textcat.add_label(label)  # type: ignore[attr-defined]  # a TextCategorizer, typed as Pipe by add_pipe
    examples = [
        Example.from_dict(
            nlp.make_doc(words(c["text"])), {"cats": {label: float(label == label_of(c)) for label in labels}}
        )
        for c in cases
    ]
    optimizer = nlp.initialize(lambda: examples)
    order = random.Random(seed)
    for _ in range(epochs):
        order.shuffle(examples)
        for batch in minibatch(examples, size=BATCH):
            nlp.update(batch, sgd=optimizer, drop=0.0)
    return nlp


def train(cases: Iterable[dict[str, Any]], seed: int = SEED, epochs: int = EPOCHS):
    """The type model: a textcat trained on `cases` (text, likely_type)."""
    return train_textcat(cases, LABELS, lambda c: c["likely_type"], seed, epochs)


def probabilities(nlp, text: str) -> dict[str, float]:
    """Label -> probability for one description."""
    cats = nlp(words(text)).cats
    return {label: float(cats[label]) for label in LABELS}


_lock = threading.Lock()
_loaded: dict[Path, Any] = {}


def load(model_dir: Path = MODEL_DIR):
    """The trained model, read once per process; None when none has been trained (make text-model)."""
    if model_dir not in _loaded:
        with _lock:
            if model_dir not in _loaded:
                _loaded[model_dir] = _read(model_dir)
    return _loaded[model_dir]


def _read(model_dir: Path):
    if not (model_dir / "meta.json").exists():
        return None
    import spacy

    return spacy.load(model_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.clinical.text_model", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    args = parser.parse_args(argv)
    from bot.nlp.no_tensorflow import skip_tensorflow_probe

    skip_tensorflow_probe()
    start = time.perf_counter()
    cases = [c for name in TRAINING_SETS for c in load_set(name)]
    nlp = train(cases)
    args.out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.out)
    print(f"text model: {len(cases)} labelled descriptions, {time.perf_counter() - start:.1f} s -> {args.out}")
    return 0


def resemblance(text: str) -> dict[str, float] | None:
    """The trained model's probabilities for `text`, or None when no model is trained (text_evidence.py)."""
    nlp = load()
    return None if nlp is None else probabilities(nlp, text)


if __name__ == "__main__":
    sys.exit(main())
