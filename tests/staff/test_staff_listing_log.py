"""Listing, filtering and searching intakes is access to patient data: each is in the access log with who, the
filters and search terms, and how many intakes matched (HTML list, JSON API, CSV export); the access-log page
and API show them."""
from __future__ import annotations

import json
import re

from sqlalchemy import select

from bot.store.staff_models import AccessLogEntry

from staff_helpers import make_intake


def _entries(session_factory):
    with session_factory() as session:
        rows = session.execute(select(AccessLogEntry).order_by(AccessLogEntry.id)).scalars()
        return [(e.user_id, e.action, e.intake_id, json.loads(e.detail)) for e in rows]


def _seed(session_factory):
    make_intake(session_factory, "c-list-sara", first_name="Sara", booking={"reference": "LST234",
                                                                            "phone": "+923001234567"})
    make_intake(session_factory, "c-list-hamza", first_name="Hamza", red_flag=True)
    make_intake(session_factory, "c-list-hina", first_name="Hina", red_flag=True)


def test_lists_searches_and_exports_are_logged(bob, users, session_factory):
    _seed(session_factory)
    bob_id = users["bob"].id
    assert bob.get("/staff/intakes").status_code == 200
    assert bob.get("/staff/intakes", params={"red_flag": "yes", "q": "h"}).status_code == 200
    assert bob.api("GET", "/staff/api/intakes", params={"q": "0300 1234567"}).json()["total"] == 1
    assert bob.api("GET", "/staff/api/intakes", params={"red_flag": "yes", "page": 2, "per_page": 1}).status_code == 200
    assert bob.get("/staff/api/intakes.csv", params={"red_flag": "yes"}).status_code == 200
    assert _entries(session_factory) == [
        (bob_id, "list", None, {"via": "html", "filters": {}, "results": 3, "page": 1}),
        (bob_id, "search", None, {"via": "html", "filters": {"red_flag": "yes", "q": "h"}, "results": 2, "page": 1}),
        (bob_id, "search", None, {"via": "api", "filters": {"q": "0300 1234567"}, "results": 1, "page": 1}),
        (bob_id, "list", None, {"via": "api", "filters": {"red_flag": "yes"}, "results": 2, "page": 2}),
        (bob_id, "export_csv", None, {"via": "csv", "filters": {"red_flag": "yes"}, "results": 2}),
    ]


def test_a_search_with_no_match_is_logged_too(bob, users, session_factory):
    _seed(session_factory)
    bob.get("/staff/intakes", params={"q": "+923339999999"})
    assert _entries(session_factory) == [
        (users["bob"].id, "search", None, {"via": "html", "filters": {"q": "+923339999999"}, "results": 0, "page": 1})]


def test_a_refused_filter_is_not_a_listing(bob, session_factory):
    assert bob.get("/staff/intakes", params={"booking": "soon"}).status_code == 400
    assert bob.api("GET", "/staff/api/intakes", params={"red_flag": "maybe"}).status_code == 400
    assert _entries(session_factory) == []


def test_the_access_log_shows_listings(alice, bob, session_factory):
    _seed(session_factory)
    bob.get("/staff/intakes", params={"q": "Hamza", "red_flag": "yes"})
    bob.get("/staff/api/intakes.csv")
    page = alice.get("/staff/access-log").text
    rows = re.findall(r"<tr><td>[^<]*</td><td>(\w+)</td><td>(\w+)</td>.*?<td class=\"mono\">([^<]*)</td></tr>",
                      page, re.S)
    assert ("bob", "search", "html · 1 result · q=Hamza, red_flag=yes") in rows
    assert ("bob", "export_csv", "csv · 3 results · no filters") in rows
    items = alice.api("GET", "/staff/api/access-log").json()["items"]
    search = next(i for i in items if i["action"] == "search")
    assert search["user"] == "bob" and json.loads(search["detail"])["filters"] == {"q": "Hamza", "red_flag": "yes"}
