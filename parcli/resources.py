"""Where the shipped criteria sets, templates and user guides are.

In an installed package they are copied to ``parcli/_data/`` (see pyproject.toml); in a source
checkout they are the top-level ``criteria/``, ``templates/`` and ``docs/`` folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

# The bundled example's agency: never a default for a new dossier (rule D013 warns when a
# dossier for another agency still carries some of it)
SAMPLE_AGENCY = {
    "name": "Sở Giao thông vận tải - Xây dựng",
    "parent": "UBND TỈNH LÀO CAI",
    "abbreviation": "SGTVTXD",
    "place": "Lào Cai",
}


def data_dir(name: str) -> Path:
    """``criteria``, ``templates`` or ``docs``: the installed copy, or the source tree's."""
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def shipped_criteria() -> dict[str, Path]:
    """Shipped criteria sets by id (the file name without .yaml)."""
    folder = data_dir("criteria")
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def shipped_criteria_dir() -> Path:
    """The folder of the shipped criteria sets (resolved)."""
    return data_dir("criteria").resolve()


def shipped_display(path: Path) -> str:
    """How a shipped criteria set is named in messages: "parcli:criteria/<file>"."""
    return f"parcli:criteria/{path.name}"


def example_dir() -> Path:
    """The bundled example dossier (copied by ``parcli init --example``)."""
    installed = _PACKAGE / "_data" / "example"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "examples" / "so-gtvt-xd-lao-cai-2023"


def shipped_docs() -> dict[str, Path]:
    """The user guides by topic (``formats`` for docs/formats.md), shown by ``parcli docs``."""
    folder = data_dir("docs")
    if not folder.is_dir():
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.md"))}
