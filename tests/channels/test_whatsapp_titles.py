"""Every button the assistant can send reads whole on WhatsApp: a title longer than a reply button's 20 characters
has a short form (bot/channels/whatsapp/messages.yml), never a cut "Yes, book a…" (seen trying it as a patient)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.channels.whatsapp.outbound import BUTTON_TITLE_LIMIT, format_reply, short_title

ROOT = Path(__file__).resolve().parents[2]


def _titles(node) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        if isinstance(node.get("title"), str):
            found.add(" ".join(node["title"].split()))
        for value in node.values():
            found |= _titles(value)
    elif isinstance(node, list):
        for value in node:
            found |= _titles(value)
    return found


def every_button_title() -> list[str]:
    files = [ROOT / "domain.yml", *sorted((ROOT / "bot").rglob("*.yml"))]
    titles = set().union(*(_titles(yaml.safe_load(f.read_text(encoding="utf-8"))) for f in files))
    assert len(titles) > 20, "the search for button titles found too few: has the message layout changed?"
    return sorted(titles)


@pytest.mark.parametrize("title", every_button_title())
def test_every_title_fits_a_reply_button_whole(title):
    shown = short_title(title)
    assert len(shown) <= BUTTON_TITLE_LIMIT, f"add a short form of {title!r} to short_titles"
    assert "…" not in shown


def test_a_booking_offer_shows_its_short_titles_and_keeps_its_payloads():
    formatted = format_reply({"text": "Would you like to book a consultation?", "buttons": [
        {"title": "Yes, book a consultation", "payload": "yes"}, {"title": "Not now", "payload": "no"}]})
    buttons = formatted.bodies[-1]["interactive"]["action"]["buttons"]
    assert [b["reply"]["title"] for b in buttons] == ["Yes, please book", "Not now"]
    assert formatted.choices == ["yes", "no"]


def test_a_list_row_with_a_short_title_still_shows_the_whole_wording():
    options = ["Round or oval patches", "Hairline and crown", "Widening part / all over", "Edges where hair is pulled"]
    formatted = format_reply({"text": "Where?", "buttons": [{"title": t, "payload": t} for t in options]})
    rows = formatted.bodies[-1]["interactive"]["action"]["sections"][0]["rows"]
    # a row takes 24 characters: the wording as written where it fits, no description repeating it
    assert [r["title"] for r in rows[:3]] == options[:3] and not any("description" in r for r in rows[:3])
    assert rows[3]["title"] == "Edges (pulled hair)" and rows[3]["description"] == "Edges where hair is pulled"
