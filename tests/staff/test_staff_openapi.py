"""The committed OpenAPI document describes every API route (and nothing that does not exist)."""
from __future__ import annotations

import json
import re

from bot.staff.api import OPENAPI_PATH
from bot.staff.exports import csv_cell

from test_staff_access_control import ROUTES


def _openapi_path(uri: str) -> str:
    return re.sub(r"<(\w+):\w+>", r"{\1}", uri)


def test_every_api_route_is_documented():
    doc = json.loads(OPENAPI_PATH.read_text())
    documented = {(method.upper(), path) for path, ops in doc["paths"].items() for method in ops}
    routes = {(m, _openapi_path(u)) for m, u, _ in ROUTES if u.startswith("/staff/api/")}
    assert routes == documented


def test_served_document_is_the_committed_one(bob):
    assert bob.api("GET", "/staff/api/openapi.json").json() == json.loads(OPENAPI_PATH.read_text())


def test_csv_cells_never_start_a_formula():
    for value in ("=1+1", "+92300", "-2", "@SUM(A1)", "\t=x"):
        assert csv_cell(value).startswith("'")
    assert csv_cell("Sara") == "Sara" and csv_cell(None) == "" and csv_cell(34) == "34"
