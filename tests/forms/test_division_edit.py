"""The minimal-change editor of division files, and parcli sync."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import MiniDossier

from parcli.errors import EditFailed
from parcli.formats.division_edit import edit_answers, verify
from parcli.formats.loading import division_from_doc
from parcli.formats.yamlio import parse_yaml
from parcli.model import Answer, Evidence

TEXT = """\
# đầu tệp
division: phong-a
answers:
  # 2.1.1. chú thích của mục
  "2.1.1":
    score: 1   # điểm do trưởng phòng duyệt
    evidence:
      # tài liệu chính
      - evidence/ke-hoach.pdf
    updated: 10/12/2023
  "2.1.10": {score: 0.5, explanation: 'Một dòng'}
  # 2.2.
  "2.2":
    score: 0.5
"""


def _answers(text: str) -> dict[str, Answer]:
    model, _, errors, _ = division_from_doc(parse_yaml(text, "d.yaml"), "d.yaml")
    assert model is not None, errors
    return dict(model.answers)


def _stub(code: str) -> list[str]:
    return [
        f"  # {code}. mục mới",
        f'  "{code}":',
        "    score:",
        "    explanation:",
        "    evidence: []",
    ]


def test_only_changed_fields_change_and_comments_are_kept_or_moved() -> None:
    old = _answers(TEXT)
    new = dict(old)
    new["2.2"] = old["2.2"].model_copy(update={"score": Decimal("0.25"), "reason_lost": "Chưa đủ"})
    result = edit_answers(TEXT, "d.yaml", old, new, _stub)
    assert result.text == TEXT.replace(
        "    score: 0.5\n", '    score: 0.25\n    reason_lost: "Chưa đủ"\n'
    )
    assert result.notes == []
    # a comment at the end of a changed line is moved above it, and reported
    new = dict(old)
    new["2.1.1"] = old["2.1.1"].model_copy(update={"score": Decimal("0.5")})
    result = edit_answers(TEXT, "d.yaml", old, new, _stub)
    assert "    # điểm do trưởng phòng duyệt\n    score: 0.5\n" in result.text
    assert "# tài liệu chính" in result.text and "chú thích" in result.notes[0]
    verify(result.text, "d.yaml", new)


def test_evidence_items_kept_byte_for_byte_when_one_is_added() -> None:
    text = TEXT.replace("      # tài liệu chính\n", "")
    old = _answers(text)
    new = dict(old)
    added = Evidence(path="evidence/phong-a/bien-ban.pdf", issued=dt.date(2023, 5, 3))
    new["2.1.1"] = old["2.1.1"].model_copy(update={"evidence": [*old["2.1.1"].evidence, added]})
    result = edit_answers(text, "d.yaml", old, new, _stub)
    assert (
        '      - evidence/ke-hoach.pdf\n      - path: "evidence/phong-a/bien-ban.pdf"\n'
        '        issued: "03/05/2023"\n    updated: 10/12/2023\n'
    ) in result.text
    verify(result.text, "d.yaml", new)


def test_flow_style_answer_is_rewritten_whole_and_new_answers_go_in_order() -> None:
    old = _answers(TEXT)
    new = dict(old)
    new["2.1.10"] = old["2.1.10"].model_copy(update={"score": Decimal("0.25")})
    new["2.1.5"] = Answer(score=Decimal(1), explanation="Mới")
    result = edit_answers(TEXT, "d.yaml", old, new, _stub)
    assert '  "2.1.10":\n    score: 0.25\n    explanation: "Một dòng"\n' in result.text
    assert result.text.index('"2.1.5"') < result.text.index('"2.1.10"')
    assert "  # 2.1.5. mục mới\n" in result.text
    verify(result.text, "d.yaml", new)
    assert result.text.startswith("# đầu tệp\ndivision: phong-a\nanswers:\n  # 2.1.1.")


def test_windows_line_ends_and_bom_are_kept() -> None:
    text = "\ufeff" + TEXT.replace("\n", "\r\n")
    old = _answers(TEXT)
    new = dict(old)
    new["2.2"] = old["2.2"].model_copy(update={"score": Decimal(0)})
    result = edit_answers(text, "d.yaml", old, new, _stub)
    assert result.text == "\ufeff" + TEXT.replace("    score: 0.5\n", "    score: 0\n").replace(
        "\n", "\r\n"
    )


def test_verify_refuses_a_text_that_does_not_read_back() -> None:
    old = _answers(TEXT)
    with pytest.raises(EditFailed):
        verify(TEXT.replace("score: 0.5", "score: 0.75"), "d.yaml", old)


# --------------------------------------------------------------------------- sync


def test_sync_adds_stubs_keeps_answers_and_reports(mini: MiniDossier, cli) -> None:  # type: ignore[no-untyped-def]
    mini.replace(
        "dossier.yaml",
        '  van-phong: ["1"]\n  phong-a: ["2"]',
        '  van-phong: ["1", "2.2"]\n  phong-a: ["2"]',
    )
    before = {p.name: p.read_bytes() for p in (mini.root / "divisions").iterdir()}
    r = cli("sync", str(mini.root), "--dry-run")
    assert r.code == 0, r.out + r.err
    assert {p.name: p.read_bytes() for p in (mini.root / "divisions").iterdir()} == before
    assert "divisions/van-phong.yaml: sẽ thêm 1 tiêu chí mới được giao: 2.2" in r.out
    assert "divisions/phong-a.yaml: giữ nguyên trả lời 2.2 (nay giao cho 'van-phong')" in r.out
    r = cli("sync", str(mini.root))
    assert r.code == 0 and "Xong: 1 tệp đã cập nhật." in r.out
    text = (mini.root / "divisions" / "van-phong.yaml").read_text(encoding="utf-8")
    assert text.startswith(before["van-phong.yaml"].decode())  # appended, nothing rewritten
    assert '  # 2.2. Tiêu chí không bắt buộc tài liệu (tối đa 0,5 điểm)\n  "2.2":\n' in text
    assert (mini.root / "divisions" / "phong-a.yaml").read_bytes() == before["phong-a.yaml"]
    r = cli("sync", str(mini.root))
    assert "không có gì thay đổi" in r.out


def test_sync_creates_the_file_of_a_new_division(mini: MiniDossier, cli) -> None:  # type: ignore[no-untyped-def]
    mini.replace(
        "dossier.yaml",
        "  - id: phong-a\n",
        '  - id: phong-b\n    name: "Phòng B"\n  - id: phong-a\n',
    )
    mini.replace("dossier.yaml", '  phong-a: ["2"]', '  phong-a: ["2.1"]\n  phong-b: ["2.2"]')
    r = cli("sync", str(mini.root))
    assert r.code == 0, r.out
    assert "divisions/phong-b.yaml: tạo mới, 1 tiêu chí" in r.out
    new = (mini.root / "divisions" / "phong-b.yaml").read_text(encoding="utf-8")
    assert "division: phong-b\n" in new and '"2.2":' in new


def test_sync_skips_a_broken_file_and_a_file_of_no_division(mini: MiniDossier, cli) -> None:  # type: ignore[no-untyped-def]
    mini.write("divisions/phong-a.yaml", "division: phong-a\nanswers: [\n")
    mini.write("divisions/phong-cu.yaml", "division: phong-cu\nanswers: {}\n")
    r = cli("sync", str(mini.root))
    assert r.code == 1 and "divisions/phong-a.yaml: bỏ qua: tệp có lỗi" in r.out
    assert "divisions/phong-cu.yaml: bỏ qua: đơn vị 'phong-cu' không có trong" in r.out
    assert (mini.root / "divisions" / "phong-cu.yaml").read_text(encoding="utf-8") == (
        "division: phong-cu\nanswers: {}\n"
    )


def test_example_is_in_sync(example_copy: Path, cli) -> None:  # type: ignore[no-untyped-def]
    before = {p.name: p.read_bytes() for p in (example_copy / "divisions").iterdir()}
    r = cli("sync", str(example_copy))
    assert r.code == 0
    assert {p.name: p.read_bytes() for p in (example_copy / "divisions").iterdir()} == before


@pytest.mark.parametrize("answers", ["answers: {}\n", "answers:\n  {}\n", "answers:\n", ""])
def test_stubs_into_an_empty_answers(answers: str) -> None:
    from parcli.formats.division_edit import add_stubs
    from parcli.text import code_key

    text = "# tệp trống\ndivision: phong-a\n" + answers
    new = add_stubs(text, "d.yaml", [("2.2", _stub("2.2")), ("2.1.1", _stub("2.1.1"))], code_key)
    assert new.startswith("# tệp trống\ndivision: phong-a\nanswers:")
    verify(new, "d.yaml", {"2.1.1": Answer(), "2.2": Answer()})
    assert new.index('"2.1.1"') < new.index('"2.2"')


RESPONSE_TEXT = """\
division: phong-a
answers:
  "2.1.1":
    score: 1
    # giải trình vòng 1
    response:
      text: 'Cũ'  # ghi chú
      evidence:
        - path: evidence/bo-sung.pdf
          issuer: "Sở X"
      updated: 20/01/2024
  "2.1.10": {score: 0.5}
"""


def test_the_answer_to_the_appraisal_is_edited_inside_its_block() -> None:
    from parcli.model import AppraisalResponse

    old = _answers(RESPONSE_TEXT)
    first = old["2.1.1"]
    assert first.response is not None
    new = dict(old)
    extra = Evidence(path="evidence/them.pdf", number="3/BC")
    new["2.1.1"] = first.model_copy(
        update={
            "response": first.response.model_copy(
                update={"evidence": [*first.response.evidence, extra]}
            )
        }
    )
    new["2.1.10"] = old["2.1.10"].model_copy(
        update={"response": AppraisalResponse(text="Mới", evidence=[extra])}
    )
    edit = edit_answers(RESPONSE_TEXT, "d.yaml", old, new, _stub)
    verify(edit.text, "d.yaml", new)
    # the text, its comment, the kept item and the date stay byte for byte
    for line in (
        "      text: 'Cũ'  # ghi chú",
        '          issuer: "Sở X"',
        "      updated: 20/01/2024",
    ):
        assert line in edit.text.splitlines()
    assert '        - path: "evidence/them.pdf"' in edit.text
    # an answer on one line is rewritten whole, with its response
    assert '  "2.1.10":\n    score: 0.5\n' in edit.text and '      text: "Mới"' in edit.text
    # no response any more: its block goes, the comment above it stays
    gone = dict(new)
    gone["2.1.1"] = new["2.1.1"].model_copy(update={"response": None})
    edit2 = edit_answers(edit.text, "d.yaml", new, gone, _stub)
    verify(edit2.text, "d.yaml", gone)
    assert "response" not in edit2.text.split('"2.1.10"')[0]
    assert "# giải trình vòng 1" in edit2.text
