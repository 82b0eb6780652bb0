"""The appendix on paper: row heights from the wrapped text, headings kept with their children.

One LibreOffice call converts both workbooks of this module to PDF (the bundled example and a
dossier with the texts an office copies from Word and Explorer); the checks read the PDF text.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from helpers import EXAMPLE, LIBREOFFICE, MiniDossier, pdf_text, soffice_convert

from parcli.actions.build import BuildResult, build_package
from parcli.render.xlsx.layout import (
    SHEET_MAIN,
    column_points,
    height,
    print_scale,
    text_lines,
    wrap,
)
from parcli.render.xlsx.metrics import char_width, text_width

# the evidence of the issue: four lines (số ký hiệu, date, title, then the path) in one cell
FOUR_LINES = "Số 12/KH-SYT\nngày 02/01/2024\nKế hoạch cải cách hành chính năm 2024\n"
PATH_WITH_SPACES = "Kế hoạch CCHC năm 2024.pdf"
UNBREAKABLE = "QuyetDinhCongBoDanhMucThuTucHanhChinhLinhVucYTeThuocThamQuyenGiaiQuyet2024.pdf"


# --------------------------------------------------------------------------- the measure


def test_vietnamese_letters_are_measured_by_their_base_letter_or_the_substitute() -> None:
    assert char_width("à") == char_width("a")  # in Liberation Serif: Times New Roman's metrics
    assert char_width("ả") > char_width("a")  # drawn from DejaVu Serif by LibreOffice
    assert char_width("ơ") > char_width("o") and char_width("Ư") > char_width("U")
    assert char_width("đ") == char_width("d")
    assert char_width("\u0301") == 0  # a combining mark (NFD text) takes no room
    assert text_width("Kế hoạch", 12) == pytest.approx(text_width("Kế hoạch", 24) / 2)
    assert text_width("ĐÁNH GIÁ", 12, bold=True) > text_width("ĐÁNH GIÁ", 12)


def test_wrap_breaks_at_spaces_hyphens_slashes_and_inside_long_names() -> None:
    room = column_points(44)
    lines = wrap(
        "Số 425/KH-SGTVTXD ngày 28/12/2022: Kế hoạch cải cách hành chính năm 2023; tệp: "
        "tai-lieu-kiem-chung/1.1/ke-hoach-cchc-2023.pdf",
        room,
        12,
    )
    # the lines LibreOffice prints for this cell of the example
    assert lines == [
        "Số 425/KH-SGTVTXD ngày 28/12/2022: Kế hoạch ",
        "cải cách hành chính năm 2023; tệp: tai-lieu-kiem-",
        "chung/1.1/ke-hoach-cchc-2023.pdf",
    ]
    cut = wrap(f"tai-lieu-kiem-chung/1.1/{UNBREAKABLE}", room, 12)
    assert "".join(cut) == f"tai-lieu-kiem-chung/1.1/{UNBREAKABLE}"
    assert all(text_width(line, 12) <= room for line in cut)
    assert len(cut) == 3
    # each line break of the cell starts a line; an empty line is still a line; a cell holding
    # a long file path gets one spare line (LibreOffice does not break paths at every point
    # wrap() allows: seen on the example's 1.6.1, whose file name fell below the cell)
    assert text_lines(FOUR_LINES + f"tai-lieu-kiem-chung/1.1/{PATH_WITH_SPACES}", 44, 12) == 6
    assert text_lines("một\n\nba", 44, 12) == 3


def test_print_scale_is_the_highest_a_program_may_choose() -> None:
    # LibreOffice prints the example's main sheet (185 characters wide) at 66 %
    assert 0.66 <= print_scale([185]) < 0.68
    assert print_scale([10]) == 1.0  # a narrow sheet is never enlarged


# --------------------------------------------------------------------------- through LibreOffice


def _issue_dossier(root: Path) -> Path:
    mini = MiniDossier(root)
    (root / "tai-lieu-kiem-chung" / "1.1").mkdir(parents=True)
    (root / "tai-lieu-kiem-chung" / "1.1" / PATH_WITH_SPACES).write_bytes(b"%PDF-1.4 a\n")
    (root / "evidence" / UNBREAKABLE).write_bytes(b"%PDF-1.4 b\n")
    mini.write(
        "divisions/van-phong.yaml",
        f"""\
        division: van-phong
        answers:
          "1.1":
            score: 1
            explanation: "Dòng một\\nDòng hai\\nDòng ba\\nDòng bốn\\nDòng năm"
            evidence:
              - path: "tai-lieu-kiem-chung/1.1/{PATH_WITH_SPACES}"
                number: "12/KH-SYT"
                issued: 02/01/2023
                title: "Kế hoạch cải cách hành chính năm 2023 của Sở Y tế tỉnh Lào Cai về tăng cường kỷ luật, kỷ cương hành chính"
              - path: "evidence/{UNBREAKABLE}"
                title: "Quyết định công bố danh mục thủ tục hành chính"
          "1.2.1":
            score: 0.25
            reason_lost: "Chưa đủ"
            evidence:
              - path: evidence/bao-cao.docx
                issued: 15/06/2023
        """,
    )
    return root


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[BuildResult, Path]]:
    if not LIBREOFFICE and not os.environ.get("CI"):
        pytest.skip("LibreOffice (soffice) and poppler (pdftotext) are needed")
    import datetime as dt

    base = tmp_path_factory.mktemp("paper")
    example = base / "example"
    shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns("build"))
    issue = _issue_dossier(base / "issue")
    results = {
        "example": build_package(example, as_of=dt.date(2023, 12, 25)),
        "issue": build_package(issue, as_of=dt.date(2023, 12, 20)),
    }
    pdfs = base / "pdf"
    sources = []
    for name, result in results.items():
        target = pdfs / f"{name}.xlsx"
        pdfs.mkdir(exist_ok=True)
        shutil.copyfile(result.appendix_path, target)
        sources.append(target)
    converted = soffice_convert(sources, pdfs, base / "lo-profile")
    return {
        name: (result, pdf) for (name, result), pdf in zip(results.items(), converted, strict=True)
    }


def _pages(pdf: Path, *, layout: bool = False) -> list[str]:
    return pdf_text(pdf, layout=layout).split("\f")[:-1]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


Word = tuple[float, float, float, str]  # xMin, xMax, yMin, text


def _words(pdf: Path) -> list[list[Word]]:
    """The words of every page with their boxes (``pdftotext -bbox``)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages: list[list[Word]] = []
    for page in out.split("<page ")[1:]:
        pages.append(
            [
                (float(a), float(b), float(y), html.unescape(t))
                for a, y, b, t in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
                    r"(.*?)</word>",
                    page,
                )
            ]
        )
    return pages


def _run(words: list[Word], text: str) -> tuple[float, float, float] | None:
    """xMin, xMax and yMin of consecutive words spelling ``text`` (LibreOffice splits words
    where it draws a letter from another font)."""
    for i in range(len(words)):
        joined = ""
        for j in range(i, len(words)):
            joined += words[j][3]
            if joined == text:
                return words[i][0], words[j][1], words[i][2]
            if not text.startswith(joined):
                break
    return None


def _column(pdf: Path, header: str, width: float, neighbour: str, n_width: float) -> str:
    """The text printed in one column of the main sheet, page after page, squeezed.

    The header is centred in its column: the distance between two header centres is half the
    two widths, which gives the column's edges without knowing the print scale.
    """
    parts: list[str] = []
    for words in _words(pdf):
        mine, other = _run(words, _squeezed(header)), _run(words, _squeezed(neighbour))
        if mine is None or other is None:
            continue
        centre, far = (mine[0] + mine[1]) / 2, (other[0] + other[1]) / 2
        half = abs(far - centre) / (width + n_width) * width
        body = [w for w in words if w[2] > mine[2] + 5 and centre - half <= w[0] < centre + half]
        body.sort(key=lambda w: (round(w[2]), w[0]))
        parts.append("".join(w[3] for w in body))
    return "".join(parts)


@pytest.mark.parametrize("name", ["example", "issue"])
def test_every_evidence_file_name_is_printed_whole(
    printed: dict[str, tuple[BuildResult, Path]], name: str
) -> None:
    result, pdf = printed[name]
    evidence = _column(pdf, "Tài liệu kiểm chứng", 44, "Giải trình / Ghi chú", 34)
    assert result.files
    for ef in result.files:
        # wrapped at line ends only; a row too short would lose the end of its last name
        assert _squeezed(ef.package_path) in evidence, ef.package_path
    if name == "issue":  # the explanation of five lines is printed to its last line
        note = _column(pdf, "Giải trình / Ghi chú", 34, "Tài liệu kiểm chứng", 44)
        assert "DòngmộtDònghaiDòngbaDòngbốnDòngnăm" in note


def test_the_issue_cell_gets_a_row_for_every_line(
    printed: dict[str, tuple[BuildResult, Path]],
) -> None:
    result, _ = printed["issue"]
    ws = openpyxl.load_workbook(result.appendix_path)[SHEET_MAIN]
    row = next(r for r in range(1, 40) if ws.cell(row=r, column=1).value == "1.1")
    evidence = str(ws.cell(row=row, column=6).value)
    lines = text_lines(evidence, 44, 12)
    assert lines >= 6  # two files: title, path, and the name that does not fit in a line
    assert ws.row_dimensions[row].height >= height(lines, 12)


def test_headings_never_end_a_page_and_the_example_stays_short(
    printed: dict[str, tuple[BuildResult, Path]],
) -> None:
    result, pdf = printed["example"]
    ws = openpyxl.load_workbook(result.appendix_path)[SHEET_MAIN]
    parents = set()
    codes = set()
    for r in range(1, ws.max_row + 1):
        code = ws.cell(row=r, column=1).value
        if isinstance(code, str) and re.fullmatch(r"\d+(\.\d+)*", code):
            codes.add(code)
    for code in codes:
        if any(other.startswith(code + ".") for other in codes):
            parents.add(code)
    pages = _pages(pdf, layout=True)
    main_pages = [p for p in pages if "Lĩnh vực / Tiêu chí" in p]
    assert len(main_pages) <= 12  # 17 before rows were sized from the wrapped text
    assert len(pages) <= 16
    seen = []
    for page in main_pages:
        rows = [m.group(1) for m in re.finditer(r"^\s{0,4}(\d+(?:\.\d+)*)\s{2,}", page, re.M)]
        rows = [code for code in rows if code in codes]
        assert rows, page[:200]
        assert rows[-1] not in parents, f"heading {rows[-1]} ends a page"
        seen.extend(rows)
    assert sorted(set(seen)) == sorted(codes)  # every row printed
