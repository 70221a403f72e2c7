"""Imports go one way: entry points and wiring -> the conversation -> the domain -> storage -> foundation.

Every import in bot/ and actions/ is read from the source (also imports inside functions and under
TYPE_CHECKING: a lazy import hides a cycle from Python, not from a reader). A module may import its own
layer or a lower one, and the packages must not import each other in a circle. A new module must be given a
layer here, so the tree keeps saying where things live."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Highest first. A module belongs to the layer of the longest prefix that names it.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("entry points and wiring", (
        "actions", "bot.action_server", "bot.bootstrap", "bot.rasa_server", "bot.serve", "bot.services",
        "bot.tracker_store", "bot.channels", "bot.site", "bot.staff", "bot.privacy", "bot.crisis_component",
        "bot.command_component",
        "bot.action_validation", "bot.lock_store", "bot.clinic_responses", "bot.event_types", "bot.tracker_journal",
        "bot.action_retry", "bot.supervisor", "bot.model_loading", "bot.past_states",
    )),
    ("the conversation (intake and booking steps)", ("bot.conversation",)),
    ("clinical rules", ("bot.clinical",)),
    ("reading free text", ("bot.nlp",)),
    ("booking rules and the intake record", ("bot.booking", "bot.intake")),
    ("storage", ("bot.store",)),
    ("foundation", ("bot.settings", "bot.private_files", "bot.pseudonym", "bot.messages", "bot.clinic")),
]


def _modules() -> dict[str, Path]:
    found = {}
    for top in ("bot", "actions"):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    found.pop("bot")  # the package itself: a docstring
    return found


MODULES = _modules()


def _owner(name: str) -> tuple[int, str] | None:
    """(layer index, prefix) of the longest layer prefix naming `name`."""
    best = None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and (best is None or len(prefix) > len(best[1])):
                best = (index, prefix)
    return best


def _imports(module: str, path: Path) -> set[str]:
    """Every bot.* / actions.* module `module` imports, anywhere in the file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # "from bot.conversation import form" imports the module bot.conversation.form
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        found |= {n for n in names if n.split(".")[0] in ("bot", "actions")}
    return found


IMPORTS = {module: _imports(module, path) for module, path in MODULES.items()}


def test_every_module_has_a_layer():
    assert [m for m in MODULES if _owner(m) is None] == []


def test_imports_only_go_down():
    upward = []
    for module, imported in IMPORTS.items():
        layer = _owner(module)[0]
        for target in imported:
            target_layer = _owner(target)[0]
            if target_layer < layer:
                upward.append(f"{module} ({LAYERS[layer][0]}) imports {target} ({LAYERS[target_layer][0]})")
    assert upward == []


def _unit(name: str) -> str:
    """The package (or top-level module) a module belongs to: bot.intake.summary -> bot.intake."""
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "bot" else parts[0]


def cycles_in(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per back edge found by a depth-first search (empty for an acyclic graph)."""
    state: dict[str, str] = {}  # "open" while on the search path, "done" after
    path: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                found.append(path[path.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_no_two_packages_import_each_other_even_through_others():
    graph: dict[str, set[str]] = {}
    for module, imported in IMPORTS.items():
        graph.setdefault(_unit(module), set()).update(_unit(t) for t in imported if _unit(t) != _unit(module))
    assert [" -> ".join(cycle) for cycle in cycles_in(graph)] == []


def test_the_cycle_finder_finds_a_cycle_through_a_third_package():
    graph = {"bot.intake": {"bot.booking"}, "bot.booking": {"bot.store"}, "bot.store": {"bot.intake"}}
    assert cycles_in(graph) == [["bot.booking", "bot.store", "bot.intake", "bot.booking"]]
    assert cycles_in({"a": {"b"}, "b": set()}) == []


def test_the_checker_sees_an_upward_import(tmp_path):
    """The rule can fail: storage importing the intake (as bot.store.intakes once did) is reported."""
    path = tmp_path / "intakes.py"
    path.write_text("if False:\n    from bot.intake.summary import IntakeSummary\n")
    imported = _imports("bot.store.intakes", path)
    assert imported == {"bot.intake.summary"}
    assert _owner("bot.intake.summary")[0] < _owner("bot.store.intakes")[0]


@pytest.mark.parametrize("module", ["bot.conversation.slot_names", "bot.staff.transcript", "bot.tracker_store"])
def test_slot_names_come_without_the_nlp_stack(module):
    """The staff app and the tracker store read slot names without loading spaCy (and TensorFlow)."""
    code = f"import sys, {module}; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "False"
