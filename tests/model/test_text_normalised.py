"""Text is normalised once, at loading: what Word pastes never reaches a report or a cell."""

from __future__ import annotations

import datetime as dt

import openpyxl
from helpers import MiniDossier

from parcli.actions.build import build_package
from parcli.model import DivisionFile
from parcli.render.templating import ensure_sentence, strip_end_punct
from parcli.render.xlsx.layout import SHEET_MAIN
from parcli.text import clean_text

NBSP, ZWSP, NNBSP = "\u00a0", "\u200b", "\u202f"


def test_clean_text_reads_pasted_spaces_as_spaces() -> None:
    assert clean_text(f"Kế{NBSP}hoạch\tsố{ZWSP} 5{NNBSP}/KH  ") == "Kế hoạch số 5 /KH"
    assert clean_text("dòng một \r\n\tdòng  hai\u00ad") == "dòng một\ndòng hai"
    assert clean_text(f"tai lieu{NBSP}{NBSP}2024.pdf", collapse=False) == "tai lieu  2024.pdf"
    assert clean_text("\ufeffVăn bản") == "Văn bản"


def test_division_texts_are_clean_when_loaded() -> None:
    division = DivisionFile.model_validate(
        {
            "division": "van-phong",
            "answers": {
                "1.1": {
                    "score": 1,
                    "explanation": f"Đã ban hành\tkế hoạch{NBSP}số 12;{ZWSP} đúng hạn.",
                    "evidence": [
                        {"path": f"evidence/ke{NBSP}hoach.pdf", "title": f"Kế hoạch{NBSP}CCHC"}
                    ],
                }
            },
        }
    )
    answer = division.answers["1.1"]
    assert answer.explanation == "Đã ban hành kế hoạch số 12; đúng hạn."
    assert answer.evidence[0].path == "evidence/ke hoach.pdf"
    assert answer.evidence[0].title == "Kế hoạch CCHC"


def test_curly_quotes_and_a_final_full_stop_give_one_full_stop() -> None:
    assert ensure_sentence("Thực hiện theo Kế hoạch “Số 5/KH-SYT.”") == (
        "Thực hiện theo Kế hoạch “Số 5/KH-SYT.”"
    )
    assert ensure_sentence("Thực hiện theo “Kế hoạch”") == "Thực hiện theo “Kế hoạch”."
    assert ensure_sentence("(xem mục II.)") == "(xem mục II.)"
    assert strip_end_punct("Kế hoạch “CCHC năm 2024.”") == "Kế hoạch “CCHC năm 2024”"
    assert strip_end_punct("Kế hoạch “CCHC”;") == "Kế hoạch “CCHC”"


def test_no_tab_or_nbsp_reaches_the_excel_cells(mini: MiniDossier) -> None:
    mini.replace(
        "divisions/van-phong.yaml",
        "    score: 1\n",
        f'    score: 1\n    explanation: "Có{NBSP}kế hoạch\\tsố 12{ZWSP}/KH; ban hành “đúng hạn.”"\n',
    )
    mini.replace("criteria.yaml", 'name: "Tiêu chí lá"', f'name: "Tiêu{NBSP}chí\\tlá"')
    result = build_package(mini.root, as_of=dt.date(2023, 12, 20))
    ws = openpyxl.load_workbook(result.appendix_path)[SHEET_MAIN]
    texts = [str(c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Tiêu chí lá" in texts
    assert any("Có kế hoạch số 12/KH; ban hành “đúng hạn.”" in t for t in texts)
    for text in texts:
        assert not any(ch in text for ch in (NBSP, "\t", ZWSP)), repr(text)


def test_a_division_file_with_pasted_nbsp_is_read_not_dropped(mini: MiniDossier) -> None:
    mini.replace("divisions/van-phong.yaml", "    score: 1\n", f"    score:{NBSP}1\n")
    mini.replace("divisions/van-phong.yaml", '  "1.2.1":', f'{NBSP} "1.2.1":')
    loaded = mini.load()
    assert [f.code for f in loaded.findings] == []
    assert loaded.divisions["van-phong"].answers["1.1"].score == 1
    assert not {"Y001", "D011"} & set(mini.codes())
