"""Command line: python -m bot.clinical.classify "free text"   (or the text on standard input)

Prints one JSON object: likely_type, probabilities, confidence, red_flags, contraindications, evidence,
findings.  --jsonl reads {"id": ..., "text": ...} per line and writes one result per line, loading the
pipeline once; a malformed line gives {"id": ..., "error": ...} for that line.  --slots '{"age": 12}' adds
form answers.  Empty or non-text input: message on stderr, exit code 2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys

from bot.nlp.no_tensorflow import skip_tensorflow_probe

EXIT_BAD_INPUT = 2


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _read_stdin() -> str:
    data = sys.stdin.buffer.read()
    if b"\x00" in data:
        raise UnicodeDecodeError("utf-8", data, 0, 1, "binary data")
    return data.decode("utf-8")


def _jsonl(classify_text, slots) -> int:
    for n, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
                raise ValueError('expected an object with a non-empty "text" string')
            out = {"id": item.get("id"), **classify_text(item["text"], {**slots, **(item.get("slots") or {})})}
        except (ValueError, TypeError, AttributeError) as exc:
            ident = None
            # the id of a line that is no JSON object may be unreadable: the error is reported all the same
            with contextlib.suppress(Exception):
                ident = json.loads(line).get("id")
            out = {"id": ident, "line": n, "error": str(exc)}
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.clinical.classify", description=__doc__.split("\n")[0])
    parser.add_argument("text", nargs="*", help="the patient's description (else read from stdin)")
    parser.add_argument("--jsonl", action="store_true", help="one JSON object per line on stdin")
    parser.add_argument("--slots", default="{}", help="form answers as a JSON object")
    args = parser.parse_args(argv)
    try:
        slots = json.loads(args.slots)
        if not isinstance(slots, dict):
            raise ValueError
    except ValueError:
        return _fail("--slots must be a JSON object")

    skip_tensorflow_probe()
    from .text_classification import classify_text

    if args.jsonl:
        return _jsonl(classify_text, slots)
    if args.text:
        text = " ".join(args.text)
    else:
        if sys.stdin is None or sys.stdin.isatty():
            return _fail("no text given: pass it as an argument or on standard input")
        try:
            text = _read_stdin()
        except UnicodeDecodeError:
            return _fail("input is not UTF-8 text")
    if not text.strip():
        return _fail("empty input: describe the hair loss in a sentence or two")
    print(json.dumps(classify_text(text, slots), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
