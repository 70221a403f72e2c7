"""Texts the assistant says, kept in YAML files the clinic can edit, looked up by dotted path."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml


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
        node = str(self._node(path))
        return node.format(**values) if values else node

    def buttons(self, path: str) -> tuple[Button, ...]:
        return tuple(Button(str(b["title"]), str(b["value"])) for b in self._node(path) or ())
