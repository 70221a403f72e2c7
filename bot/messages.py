"""Texts the assistant says, kept in YAML files the clinic can edit, looked up by dotted path; every text may name
the clinic's facts (bot/clinic/facts.yml) as {clinic_phone}, {clinic_address}, {opening_hours} ..."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from bot.clinic.facts import fill


@dataclass(frozen=True)
class Button:
    title: str
    value: str


class MessageFile:
    """One YAML file of messages: `text("form.changed", what=..., value=...)`, `buttons("consent.buttons")`."""

    def __init__(self, path: Path):
        self.path = path

    @cached_property
    def data(self) -> dict[str, Any]:
        return yaml.safe_load(self.path.read_text(encoding="utf-8"))

    def _node(self, path: str) -> Any:
        node: Any = self.data
        for part in path.split("."):
            node = node[part]
        return node

    def text(self, path: str, **values: Any) -> str:
        """The text with `values` and the clinic's facts ({clinic_phone}, {opening_hours} ...) filled in."""
        return fill(str(self._node(path)), **values)

    def buttons(self, path: str) -> tuple[Button, ...]:
        return tuple(Button(str(b["title"]), str(b["value"])) for b in self._node(path) or ())
