"""Talk to a running assistant (`make run`) as a WhatsApp patient, through the real webhook, with the Graph API
stand-in receiving the replies. For trying the channel by hand, as a patient would (not used by the tests).

1. python -m tests.support.whatsapp_chat standin            # prints the WHATSAPP_* settings; keeps running
2. start `make run` with those settings in its environment
3. python -m tests.support.whatsapp_chat say 923001234567 "salam, mere baal gir rahe hain"
   python -m tests.support.whatsapp_chat choose 923001234567 2     # taps option 2 of the last buttons/list
   python -m tests.support.whatsapp_chat photo 923001234567 scalp.jpg
Each command posts one signed webhook and prints what the assistant sent back (buttons and list rows numbered).
"""
from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import secrets
import sys
import time
import urllib.request
from pathlib import Path

from tests.support.graph_standin import GraphStandin

STATE = Path("/tmp/whatsapp-chat")
SETTINGS = {
    "WHATSAPP_VERIFY_TOKEN": "try-verify-token",
    "WHATSAPP_APP_SECRET": "try-app-secret",
    "WHATSAPP_ACCESS_TOKEN": "try-access-token",
    "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
}


def standin(port: int) -> None:
    STATE.mkdir(mode=0o700, exist_ok=True)
    sent_file = STATE / "sent.jsonl"
    sent_file.write_text("")
    graph = GraphStandin(SETTINGS["WHATSAPP_ACCESS_TOKEN"], SETTINGS["WHATSAPP_PHONE_NUMBER_ID"], port=port).start()
    (STATE / "media-port").write_text(str(graph.port))
    for key, value in {**SETTINGS, "WHATSAPP_GRAPH_URL": graph.base_url}.items():
        print(f"export {key}={value}", flush=True)
    written = 0
    while True:  # the replies the assistant sent, for `say` to read
        with graph._lock:
            new = graph.sent[written:]
        if new:
            with sent_file.open("a") as out:
                for body in new:
                    out.write(json.dumps(body, ensure_ascii=False) + "\n")
            written += len(new)
        for request in sorted(STATE.glob("media-*.json")):  # photos `photo` asked to be served
            media = json.loads(request.read_text())
            graph.add_media(media["id"], bytes.fromhex(media["hex"]), media["mime"])
            request.unlink()
        time.sleep(0.1)


def _sent(number: str) -> list[dict]:
    lines = (STATE / "sent.jsonl").read_text().splitlines()
    return [b for b in map(json.loads, lines) if number in (b.get("to"), b.get("recipient"))]


def _post(rasa: str, number: str, message: dict) -> None:
    message = {"from": number, "id": "wamid." + secrets.token_hex(12), "timestamp": str(int(time.time())), **message}
    body = {"object": "whatsapp_business_account", "entry": [{"id": "0", "changes": [{"field": "messages", "value": {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550000000", "phone_number_id": SETTINGS["WHATSAPP_PHONE_NUMBER_ID"]},
        "contacts": [{"profile": {"name": "Patient"}, "wa_id": number}],
        "messages": [message]}}]}]}
    raw = json.dumps(body, ensure_ascii=False).encode()
    signature = "sha256=" + hmac.new(SETTINGS["WHATSAPP_APP_SECRET"].encode(), raw, hashlib.sha256).hexdigest()
    request = urllib.request.Request(rasa + "/webhooks/whatsapp/webhook", data=raw, method="POST",
                                     headers={"Content-Type": "application/json", "X-Hub-Signature-256": signature})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200, answer.status


def _show(body: dict) -> None:
    if body.get("type") == "text":
        print("BOT:", body["text"]["body"])
        return
    interactive = body.get("interactive") or {}
    print("BOT:", interactive.get("body", {}).get("text", ""))
    action = interactive.get("action") or {}
    choices = [b["reply"] for b in action.get("buttons", [])]
    choices += [row for section in action.get("sections", []) for row in section["rows"]]
    for n, choice in enumerate(choices, 1):
        print(f"     [{n}] {choice['title']}" + (f" - {choice['description']}" if choice.get("description") else ""))


def _last_choices(number: str) -> list[dict]:
    for body in reversed(_sent(number)):
        action = (body.get("interactive") or {}).get("action") or {}
        if action:
            if action.get("buttons"):
                return [{"kind": "button_reply", **b["reply"]} for b in action["buttons"]]
            return [{"kind": "list_reply", **row} for s in action.get("sections", []) for row in s["rows"]]
    return []


def _exchange(rasa: str, number: str, message: dict, quiet_seconds: float = 2.5) -> None:
    before = len(_sent(number))
    _post(rasa, number, message)
    deadline, last_change, seen = time.monotonic() + 60, time.monotonic(), before
    while time.monotonic() < deadline:
        count = len(_sent(number))
        if count != seen:
            seen, last_change = count, time.monotonic()
        if seen > before and time.monotonic() - last_change > quiet_seconds:
            break
        time.sleep(0.2)
    for body in _sent(number)[before:]:
        _show(body)
    if seen == before:
        print("(no reply within 60 s)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rasa", default="http://127.0.0.1:5005")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("standin").add_argument("--port", type=int, default=5099)
    say = sub.add_parser("say")
    say.add_argument("number")
    say.add_argument("text")
    choose = sub.add_parser("choose")
    choose.add_argument("number")
    choose.add_argument("option", type=int)
    photo = sub.add_parser("photo")
    photo.add_argument("number")
    photo.add_argument("file")
    photo.add_argument("--caption", default="")
    args = parser.parse_args(argv)
    if args.command == "standin":
        standin(args.port)
        return 0
    print("YOU:", getattr(args, "text", None) or getattr(args, "file", None) or f"(taps option {args.option})")
    if args.command == "say":
        _exchange(args.rasa, args.number, {"type": "text", "text": {"body": args.text}})
    elif args.command == "choose":
        choice = _last_choices(args.number)[args.option - 1]
        kind = choice.pop("kind")
        _exchange(args.rasa, args.number, {"type": "interactive", "interactive": {
            "type": kind, kind: {"id": choice["id"], "title": choice["title"]}}})
    else:
        data = Path(args.file).read_bytes()
        media_id = secrets.token_hex(8)
        mime = "image/png" if data[:4] == b"\x89PNG" else "image/jpeg"
        (STATE / f"media-{media_id}.json").write_text(json.dumps({"id": media_id, "hex": data.hex(), "mime": mime}))
        time.sleep(0.5)
        image = {"id": media_id, "mime_type": mime, "sha256": hashlib.sha256(data).hexdigest()}
        if args.caption:
            image["caption"] = args.caption
        _exchange(args.rasa, args.number, {"type": "image", "image": image})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
