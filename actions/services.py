"""The services the actions use (bot.bootstrap.Services), installed once by the action server at start.

rasa_sdk creates the actions itself, without arguments, so they cannot be handed their dependencies: the
action server (bot/action_server.py) installs them here before it serves, and tests install their own."""

from __future__ import annotations

from bot.bootstrap import Services

_installed: Services | None = None


def install(services: Services | None) -> None:
    """Installs the services (None removes them: tests)."""
    global _installed
    _installed = services


def services() -> Services:
    if _installed is None:
        raise RuntimeError("No services installed: the action server installs bot.bootstrap's at start")
    return _installed
