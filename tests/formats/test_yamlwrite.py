"""The one atomic YAML writer: a refused check keeps the old file, permissions stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from parcli.errors import BuildFailed
from parcli.formats.atomic import write_atomic
from parcli.formats.yamlwrite import dump_data


def test_a_refused_check_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "appraisal.yaml"
    path.write_text("cũ\n", encoding="utf-8")
    seen: list[str] = []

    def refuse(tmp: Path) -> None:
        seen.append(tmp.read_text(encoding="utf-8"))
        raise BuildFailed("không khớp")

    with pytest.raises(BuildFailed):
        write_atomic(path, "mới\n", refuse)
    assert seen == ["mới\n"]
    assert path.read_text(encoding="utf-8") == "cũ\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["appraisal.yaml"]


def test_the_file_keeps_its_permissions_and_a_new_one_is_readable(tmp_path: Path) -> None:
    old = tmp_path / "a.yaml"
    old.write_text("x: 1\n", encoding="utf-8")
    old.chmod(0o640)
    write_atomic(old, "x: 2\r\n")
    assert old.read_bytes() == b"x: 2\r\n"
    assert old.stat().st_mode & 0o777 == 0o640
    new = tmp_path / "b.yaml"
    write_atomic(new, "y: 1\n", lambda tmp: None)
    assert new.stat().st_mode & 0o777 == 0o644


def test_plain_data_is_written_whole_under_its_header() -> None:
    text = dump_data({"id": "a", "criteria": [], "areas": [{"code": "1", "x": False}]}, "Tệp\n\n")
    assert text == '# Tệp\n\nid: "a"\ncriteria: []\nareas:\n  - code: "1"\n    x: false\n'
