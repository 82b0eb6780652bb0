"""validate warns where a new dossier still holds last year's texts and dates (L001–L005)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from parcli.actions.new_year import init_from
from parcli.formats.loading import load_dossier
from parcli.rules import validate

AS_OF = dt.date(2024, 12, 10)


def new_year(example_copy: Path, tmp_path: Path) -> Path:
    init_from(tmp_path / "2024", example_copy)
    return tmp_path / "2024"


def edit(root: Path, old: str, new: str) -> None:
    path = root / "dossier.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(root: Path, code: str) -> list[tuple[str, str]]:
    report = validate(load_dossier(root), AS_OF)
    return [(f.location, f.message) for f in report.findings if f.code == code]


def test_a_fresh_new_year_has_no_last_year_warnings(example_copy: Path, tmp_path: Path) -> None:
    root = new_year(example_copy, tmp_path)
    report = validate(load_dossier(root), AS_OF)
    assert not [f for f in report.findings if f.code.startswith("L")]


def test_basis_copied_from_last_year_and_old_year_words(example_copy: Path, tmp_path: Path) -> None:
    root = new_year(example_copy, tmp_path)
    copied = (
        "Kế hoạch số 376/KH-UBND ngày 05/10/2023 của UBND tỉnh Lào Cai ban hành Kế hoạch triển "
        "khai xác định Chỉ số cải cách hành chính (PAR INDEX) cấp tỉnh năm 2023 của tỉnh Lào Cai"
    )
    edit(root, "  basis: []", f'  basis:\n    - "{copied}"\n    - "Kế hoạch số 9/KH-UBND năm 2024"')
    edit(root, '  number: ""', '  number: ""\n  title: "Kết quả tự đánh giá năm 2023"')
    l001 = findings(root, "L001")
    assert len(l001) == 1 and l001[0][0].startswith("dossier.yaml:")
    assert "giống hệt báo cáo năm 2023" in l001[0][1]
    l002 = findings(root, "L002")
    assert [m.split(" ghi ")[0] for _, m in l002] == ["Trích yếu báo cáo", "Văn bản căn cứ thứ 1"]
    line = int(l002[1][0].split(":")[1])
    text = (root / "dossier.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
    assert "376/KH-UBND" in text  # located at the line of the basis item


def test_dates_still_in_the_old_year(example_copy: Path, tmp_path: Path) -> None:
    root = new_year(example_copy, tmp_path)
    edit(root, "  # date: dd/mm/yyyy", "  date: 04/01/2023")
    edit(root, "submit_before: 05/01/2025", "submit_before: 20/12/2023")
    messages = [m for _, m in findings(root, "L003")]
    assert any(m.startswith("Ngày báo cáo 04/01/2023 thuộc năm 2023") for m in messages)
    assert any(m.startswith("Hạn gửi 20/12/2023 thuộc năm 2023") for m in messages)


def test_last_year_file_of_the_same_year_or_another_set(example_copy: Path, tmp_path: Path) -> None:
    root = new_year(example_copy, tmp_path)
    path = root / "last_year.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("year: 2023", "year: 2024", 1).replace(
            'criteria: "par-tinh-876-minh-hoa"', 'criteria: "bo-khac"', 1
        ),
        encoding="utf-8",
    )
    l004 = findings(root, "L004")
    assert len(l004) == 1 and l004[0][0].startswith("last_year.yaml:")
    l005 = findings(root, "L005")
    assert len(l005) == 1 and "'bo-khac'" in l005[0][1]
