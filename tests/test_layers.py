"""The layers of parcli: every import points down (or stays inside its own folder).

The order below is the architecture in one list; README's module map explains it. A module may
import from its own folder and from any layer below; folders on the same level (``criteria``
and ``render``; ``package`` and the external formats) do not import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

PARCLI = Path(__file__).resolve().parents[1] / "parcli"

# lowest first; one entry a level, folders on one level are siblings
LEVELS: list[set[str]] = [
    {"errors", "findings", "text", "resources", "__init__"},
    {"model"},
    {"formats"},
    {"scoring"},
    {"rules"},
    {"criteria", "render"},
    {"package", "forms", "appraisal", "survey"},
    {"actions"},
    {"cli"},
    {"docgen", "__main__"},
]
FOUNDATION = LEVELS[0]


def _room(module: str) -> str:
    """ "parcli.rules.answers" → "rules"; "parcli.text" → "text"; "parcli" → "__init__"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _level(room: str) -> int:
    for i, rooms in enumerate(LEVELS):
        if room in rooms:
            return i
    raise AssertionError(f"parcli/{room} is in no layer: add it to LEVELS in {__file__}")


def _imports(path: Path, package: Path) -> list[tuple[int, str]]:
    """Every parcli import in ``path``, lazy ones inside functions included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "parcli":
                for a in node.names:  # a module, or a name of parcli/__init__.py
                    is_module = (package / a.name).is_dir() or (package / f"{a.name}.py").is_file()
                    found.append((node.lineno, f"parcli.{a.name}" if is_module else "parcli"))
            elif node.module.startswith("parcli."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names if a.name.startswith("parcli."))
    return found


def _module_of(path: Path, package: Path) -> str:
    rel = path.relative_to(package.parent).with_suffix("")
    return ".".join(rel.parts)


def upward_imports(package: Path) -> list[str]:
    """ "file:line imports module" for every import that does not point down."""
    wrong: list[str] = []
    for path in sorted(package.rglob("*.py")):
        if "_data" in path.parts:
            continue
        here = _room(_module_of(path, package))
        for line, target in _imports(path, package):
            there = _room(target)
            if there == here or (there in FOUNDATION and here in FOUNDATION):
                continue
            if _level(there) >= _level(here):
                wrong.append(f"{path.relative_to(package.parent)}:{line} imports {target}")
    return wrong


def test_every_import_points_down() -> None:
    assert upward_imports(PARCLI) == []


def test_every_folder_is_a_known_layer() -> None:
    rooms = {
        p.name for p in PARCLI.iterdir() if p.is_dir() and p.name not in ("__pycache__", "_data")
    }
    rooms |= {p.stem for p in PARCLI.glob("*.py")}
    for room in rooms:
        _level(room)


def test_the_check_sees_upward_sideways_and_lazy_imports(tmp_path: Path) -> None:
    package = tmp_path / "parcli"
    for room in ("model", "rules", "criteria", "render", "cli"):
        (package / room).mkdir(parents=True)
    (package / "text.py").write_text("from parcli.errors import ExitCode\n")
    (package / "model" / "base.py").write_text("from parcli.text import nfc\n")
    (package / "rules" / "a.py").write_text("def f():\n    from parcli.cli import main\n")
    (package / "render" / "b.py").write_text("from parcli.criteria import diff\n")
    (package / "cli" / "c.py").write_text("from parcli.rules import a\nimport parcli.model.base\n")
    assert upward_imports(package) == [
        "parcli/render/b.py:1 imports parcli.criteria",
        "parcli/rules/a.py:2 imports parcli.cli",
    ]
