"""The Word report: ND30 layout, content of sections I–V, templates, determinism."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from helpers import needs_libreoffice, pdf_text, soffice_convert

from parcli.errors import ParcliError
from parcli.formats.loading import LoadedDossier, load_dossier
from parcli.model import Dossier
from parcli.render import templating
from parcli.render.context import BuildContext
from parcli.render.docx import report as docx_report
from parcli.render.docx.report import render_report, report_bytes
from parcli.render.templating import TemplateFailed, template_dirs
from parcli.scoring.scope import resolve_scope
from parcli.scoring.scorecard import score_dossier

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "so-gtvt-xd-lao-cai-2023"


# --------------------------------------------------------------------------- helpers


@functools.lru_cache(maxsize=1)
def _loaded() -> LoadedDossier:
    loaded = load_dossier(EXAMPLE)
    assert loaded.dossier is not None and loaded.criteria is not None
    return loaded


def make_ctx(
    *,
    draft: bool = False,
    dirs: list[Path] | None = None,
    report: dict[str, Any] | None = None,
    official: bool = False,
) -> BuildContext:
    """A BuildContext for the example dossier (no evidence files copied)."""
    loaded = _loaded()
    dossier = loaded.dossier
    criteria = loaded.criteria
    assert dossier is not None and criteria is not None
    if report is not None:
        dossier = dossier.model_copy(update={"report": dossier.report.model_copy(update=report)})
    if official:
        criteria = criteria.model_copy(update={"status": "official"})
    scope = resolve_scope(dossier, criteria, loaded.docs.get("dossier.yaml"))
    card = score_dossier(criteria, scope, loaded.divisions)
    return BuildContext(
        root=EXAMPLE,
        dossier=dossier,
        criteria=criteria,
        card=card,
        findings=list(loaded.findings),
        evidence=[],
        draft=draft,
        report_date=_report_date(dossier),
        template_dirs=dirs if dirs is not None else template_dirs(EXAMPLE),
    )


def _report_date(dossier: Dossier) -> dt.date:
    return dossier.report.date or dossier.submitted_on or dossier.window.end


def render(tmp_path: Path, ctx: BuildContext | None = None, name: str = "report.docx") -> Path:
    path = tmp_path / name
    render_report(ctx or make_ctx(), path)
    return path


def open_doc(path: Path) -> Any:
    return docx.Document(str(path))


def body_texts(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs]


def all_text(document: Any) -> str:
    parts = body_texts(document)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def paragraph_with(document: Any, start: str) -> Any:
    for p in document.paragraphs:
        if p.text.startswith(start):
            return p
    raise AssertionError(f"no paragraph starts with {start!r}: {body_texts(document)}")


def cell_paragraph(cell: Any, text: str) -> Any:
    for p in cell.paragraphs:
        if p.text == text:
            return p
    raise AssertionError(f"{text!r} not in cell: {[p.text for p in cell.paragraphs]}")


def runs_are(paragraph: Any, *, size: float, bold: bool, italic: bool = False) -> bool:
    runs = [r for r in paragraph.runs if r.text]
    return bool(runs) and all(
        r.font.size == Pt(size) and bool(r.font.bold) is bold and bool(r.font.italic) is italic
        for r in runs
    )


def override(tmp_path: Path, name: str, text: str) -> list[Path]:
    """A dossier-local templates/ folder with ``report/<name>.j2``; the lookup dirs."""
    local = tmp_path / "dossier" / "templates"
    (local / "report").mkdir(parents=True, exist_ok=True)
    (local / "report" / f"{name}.j2").write_text(text, encoding="utf-8")
    return [local, template_dirs(None)[-1]]


@pytest.fixture(scope="module")
def report_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def doc(report_path: Path) -> Any:
    return open_doc(report_path)


# --------------------------------------------------------------------------- page and fonts


def test_page_is_a4_portrait_with_nd30_margins(doc: Any) -> None:
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    assert section.page_width < section.page_height
    assert round(section.top_margin.mm, 1) == 20.0
    assert round(section.bottom_margin.mm, 1) == 20.0
    assert round(section.left_margin.mm, 1) == 30.0
    assert round(section.right_margin.mm, 1) == 15.0


def test_times_new_roman_for_every_script(doc: Any) -> None:
    styles = doc.styles.element
    normal_fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for fonts in (normal_fonts, defaults.find(qn("w:rFonts"))):
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            assert fonts.get(qn(attr)) == "Times New Roman", attr
    xml = styles.xml
    for theme_attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        assert theme_attr not in xml
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"


def test_body_paragraphs_follow_nd30(doc: Any) -> None:
    opening = paragraph_with(doc, "Thực hiện ")
    fmt = opening.paragraph_format
    assert fmt.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(fmt.first_line_indent.cm, 2) in (1.0, 1.27)
    assert fmt.space_after >= Pt(6)
    assert 1.0 <= fmt.line_spacing <= 1.5
    assert runs_are(opening, size=14, bold=False)


# --------------------------------------------------------------------------- header block


def test_header_table(doc: Any) -> None:
    table = doc.tables[0]
    left, right = table.cell(0, 0), table.cell(0, 1)
    assert runs_are(cell_paragraph(left, "UBND TỈNH LÀO CAI"), size=13, bold=False)
    assert runs_are(cell_paragraph(left, "SỞ GIAO THÔNG VẬN TẢI - XÂY DỰNG"), size=13, bold=True)
    assert runs_are(cell_paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), size=13, bold=True)
    assert runs_are(cell_paragraph(right, "Độc lập - Tự do - Hạnh phúc"), size=14, bold=True)
    # A rule (empty paragraph with a bottom border) under the agency and under the motto.
    for cell in (left, right):
        ruled = [p for p in cell.paragraphs if p._p.find(".//" + qn("w:bottom")) is not None]
        assert len(ruled) == 1 and ruled[0].text == ""
    # Borderless, about 6,5 cm | 10 cm.
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    widths = [round(c.width.cm, 1) for c in table.rows[0].cells]
    assert widths == [6.5, 10.0]


def test_number_and_date_share_a_row(doc: Any) -> None:
    row = doc.tables[0].rows[1]
    number, date = row.cells[0].paragraphs[0], row.cells[1].paragraphs[0]
    assert number.text == "Số: 05/BC-SGTVTXD"
    assert runs_are(number, size=13, bold=False)
    assert date.text == "Lào Cai, ngày 04 tháng 01 năm 2024"
    assert runs_are(date, size=14, bold=False, italic=True)


def test_missing_number_is_left_blank(tmp_path: Path) -> None:
    document = open_doc(render(tmp_path, make_ctx(report={"number": None})))
    row = document.tables[0].rows[1]
    assert row.cells[0].text.startswith("Số: ")
    assert row.cells[0].text.endswith("/BC-SGTVTXD")
    assert row.cells[0].text.replace(" ", "") == "Số:/BC-SGTVTXD"


def test_date_line_uses_the_build_date(tmp_path: Path) -> None:
    ctx = dataclasses.replace(make_ctx(report={"date": None}), report_date=dt.date(2023, 12, 25))
    document = open_doc(render(tmp_path, ctx))
    assert document.tables[0].rows[1].cells[1].text == "Lào Cai, ngày 25 tháng 12 năm 2023"


def test_single_digit_number_gets_leading_zero(tmp_path: Path) -> None:
    document = open_doc(render(tmp_path, make_ctx(report={"number": "5"})))
    assert document.tables[0].rows[1].cells[0].text == "Số: 05/BC-SGTVTXD"


def test_title_block(doc: Any) -> None:
    title = paragraph_with(doc, "BÁO CÁO")
    assert title.text == "BÁO CÁO"
    assert title.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert runs_are(title, size=14, bold=True)
    subject = paragraph_with(doc, "Kết quả tự đánh giá")
    assert " ".join(subject.text.split()) == (
        "Kết quả tự đánh giá, chấm điểm xác định Chỉ số cải cách hành chính năm 2023"
    )
    assert runs_are(subject, size=14, bold=True)
    index = [p._p for p in doc.paragraphs].index(subject._p)
    rule = doc.paragraphs[index + 1]
    assert rule.text == "" and rule._p.find(".//" + qn("w:bottom")) is not None
    assert "Kính gửi: Sở Nội vụ tỉnh Lào Cai." in body_texts(doc)


def test_several_addressees_are_listed(tmp_path: Path) -> None:
    ctx = make_ctx(report={"addressees": ["Sở Nội vụ tỉnh Lào Cai", "UBND tỉnh Lào Cai"]})
    document = open_doc(render(tmp_path, ctx))
    paragraph = paragraph_with(document, "Kính gửi:")
    assert paragraph.text == "Kính gửi:\n- Sở Nội vụ tỉnh Lào Cai;\n- UBND tỉnh Lào Cai."
    # Lines after the first start under the colon: hanging indent of the width of "Kính gửi".
    fmt = paragraph.paragraph_format
    assert fmt.first_line_indent < 0
    assert round(-fmt.first_line_indent.cm, 1) == 1.7


def test_page_numbers_from_page_two(doc: Any, report_path: Path) -> None:
    section = doc.sections[0]
    assert section.different_first_page_header_footer is True
    assert section._sectPr.find(qn("w:titlePg")) is not None
    header_xml = section.header._element.xml
    assert 'w:fldCharType="begin"' in header_xml
    assert "PAGE" in header_xml
    assert 'w:fldCharType="end"' in header_xml
    assert section.header.paragraphs[0].alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert "PAGE" not in section.first_page_header._element.xml


# --------------------------------------------------------------------------- content


def test_sections_present_in_order(doc: Any) -> None:
    texts = body_texts(doc)
    headings = [
        "I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM",
        "II. GIẢI TRÌNH",
        "III. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "IV. NHIỆM VỤ, GIẢI PHÁP KHẮC PHỤC",
        "V. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT",
    ]
    positions = []
    for heading in headings:
        matches = [i for i, t in enumerate(texts) if t.startswith(heading)]
        assert matches, heading
        positions.append(matches[0])
        assert runs_are(doc.paragraphs[matches[0]], size=14, bold=True)
    assert positions == sorted(positions)


def test_total_and_area_table(doc: Any) -> None:
    total = paragraph_with(doc, "1. Tổng điểm tự đánh giá")
    assert "58,25/66 điểm" in total.text
    assert "88,26%" in total.text
    opening = paragraph_with(doc, "Thực hiện ")
    assert "Kế hoạch số 376/KH-UBND ngày 05/10/2023" in opening.text
    assert opening.text.endswith("như sau:")
    survey = paragraph_with(doc, "Phần đánh giá qua điều tra xã hội học")
    assert "tối đa 32 điểm" in survey.text
    outside = paragraph_with(doc, "Các tiêu chí, tiêu chí thành phần 8.1.1, 8.1.2")
    assert "không thuộc phạm vi" in outside.text
    table = doc.tables[1]
    header = [c.text for c in table.rows[0].cells]
    assert header[0] == "STT" and header[1] == "Lĩnh vực" and header[-1] == "Tỷ lệ (%)"
    assert len(table.rows) == 1 + 8 + 1
    first = [c.text for c in table.rows[1].cells]
    assert first == ["1", "Công tác chỉ đạo, điều hành cải cách hành chính", "6", "4,75", "79,17"]
    last = [c.text for c in table.rows[-1].cells]
    assert last[1:] == ["Tổng cộng", "66", "58,25", "88,26"]
    assert "(Chi tiết tại Phụ biểu kèm theo)" in body_texts(doc)


def test_explanations_and_losses(doc: Any) -> None:
    texts = body_texts(doc)
    explained = [t for t in texts if t.startswith("- Tiêu chí") and "(tự đánh giá" in t]
    codes = [t.split(" “")[0].split()[-1] for t in explained]
    assert codes == ["1.5", "4.3.3", "5.2.1", "5.2.2", "5.5.1", "6.1.3", "6.2.4", "7.1.4"]
    assert any("Hội đồng sáng kiến tỉnh công nhận" in t for t in explained)
    losses = [t for t in texts if "bị trừ" in t and t.startswith("- ")]
    assert len(losses) == 15
    first = losses[0]
    assert first.startswith("- Tiêu chí 1.3 “")
    assert "điểm tối đa 1 điểm, tự đánh giá 0,75 điểm, bị trừ 0,25 điểm" in first
    assert "Nguyên nhân: Kiểm tra được 5/6 đơn vị" in first
    assert any(t.startswith("- Tiêu chí thành phần 2.1.3 “") for t in losses)
    assert "Tổng số điểm bị trừ: 7,75 điểm, tại 15 tiêu chí, tiêu chí thành phần, cụ thể:" in texts


def test_solutions_difficulties_and_closing(doc: Any) -> None:
    texts = body_texts(doc)
    assert any(t.startswith("- Đẩy mạnh số hóa hồ sơ") for t in texts)
    assert any(t.startswith("- Một số tiêu chí phụ thuộc vào thẩm định") for t in texts)
    assert any(t.startswith("- Đề nghị Sở Nội vụ tiếp tục tổ chức tập huấn") for t in texts)
    closing = paragraph_with(doc, "Trên đây là báo cáo")
    assert closing.text.endswith("./.")


def test_control_characters_do_not_crash_the_writer(tmp_path: Path) -> None:
    # "\b" is what a backslash before "b" gives in a YAML double-quoted string; validation
    # reports it, the writer must still not fail with "All strings must be XML compatible".
    ctx = make_ctx(
        report={
            "title": "Kết quả\x0b tự đánh giá năm 2023",
            "solutions": ["Số hóa hồ sơ\b tại C:\\bo phan\x00 một cửa", "Tập huấn\x1f\r\nthêm"],
            "recipients": ["UBND tỉnh\x07;"],
            "archive": "VT, VP\x1b",
        }
    )
    agency = ctx.dossier.agency.model_copy(update={"name": "Sở Giao thông\x0c vận tải"})
    ctx = dataclasses.replace(ctx, dossier=ctx.dossier.model_copy(update={"agency": agency}))
    document = open_doc(render(tmp_path, ctx))
    text = all_text(document)
    assert "- Số hóa hồ sơ tại C:\\bo phan một cửa." in body_texts(document)
    assert "Tập huấn\nthêm" in text
    assert "- UBND tỉnh;" in text and "- Lưu: VT, VP." in text
    assert "SỞ GIAO THÔNG VẬN TẢI" in text
    assert document.core_properties.subject == "Kết quả tự đánh giá năm 2023"
    assert document.core_properties.author == "Sở Giao thông vận tải"
    assert not any(0 < ord(c) < 32 and c not in "\t\n" for c in text)


def test_end_punctuation_in_the_report_and_in_templates_agree() -> None:
    """A sentence ends once, whether the report code or a template writes it."""
    for text in ("Kế hoạch số 1", "Kế hoạch số 1.", "Kế hoạch số 1;", "Hoàn thành!"):
        assert docx_report.ensure_sentence(text) == templating.ensure_sentence(text)
        assert docx_report.strip_end_punct(text) == templating.strip_end_punct(text)
    assert templating.ensure_sentence("Kế hoạch số 1") == "Kế hoạch số 1."
    assert templating.strip_end_punct("Kế hoạch số 1.") == "Kế hoạch số 1"
    assert docx_report.line_items([" Một ", "", "Hai;", "Ba?"]) == ["Một.", "Hai;", "Ba?"]


def test_defaults_when_dossier_has_no_solutions_or_difficulties(tmp_path: Path) -> None:
    ctx = make_ctx(report={"solutions": [], "difficulties": [], "proposals": []})
    texts = body_texts(open_doc(render(tmp_path, ctx)))
    iv = texts.index("IV. NHIỆM VỤ, GIẢI PHÁP KHẮC PHỤC")
    assert texts[iv + 1].startswith("Tiếp tục duy trì, phát huy các kết quả đã đạt được")
    assert "năm 2024" in texts[iv + 1]
    v = texts.index("V. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT")
    assert texts[v + 1] == "Không có."


def test_recipients_and_signature(doc: Any) -> None:
    table = doc.tables[-1]
    left, right = table.cell(0, 0), table.cell(0, 1)
    lines = [p.text for p in left.paragraphs]
    assert lines == [
        "Nơi nhận:",
        "- Như trên;",
        "- Giám đốc, các PGĐ Sở;",
        "- Các phòng, đơn vị thuộc Sở;",
        "- Lưu: VT, VP.",
    ]
    assert runs_are(left.paragraphs[0], size=12, bold=True, italic=True)
    assert all(runs_are(p, size=11, bold=False) for p in left.paragraphs[1:])
    signature = [p for p in right.paragraphs if p.text]
    assert [p.text for p in signature] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Quốc Huy"]
    assert all(runs_are(p, size=14, bold=True) for p in signature)
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}


def test_nhu_tren_added_only_when_needed(tmp_path: Path) -> None:
    ctx = make_ctx(report={"recipients": ["Giám đốc Sở"], "archive": "VT"})
    lines = [p.text for p in open_doc(render(tmp_path, ctx)).tables[-1].cell(0, 0).paragraphs]
    assert lines == ["Nơi nhận:", "- Như trên;", "- Giám đốc Sở;", "- Lưu: VT."]
    ctx = make_ctx(report={"addressees": [], "recipients": ["Sở Nội vụ"], "archive": "VT"})
    document = open_doc(render(tmp_path, ctx, "b.docx"))
    lines = [p.text for p in document.tables[-1].cell(0, 0).paragraphs]
    assert lines == ["Nơi nhận:", "- Sở Nội vụ;", "- Lưu: VT."]
    assert not any(t.startswith("Kính gửi") for t in body_texts(document))


# --------------------------------------------------------------------------- notes on page 1


def test_illustrative_note_for_the_shipped_set(doc: Any) -> None:
    note = paragraph_with(doc, "LƯU Ý:")
    assert "MINH HỌA" in note.text
    assert "Bảng 2" in note.text and "876/QĐ-BNV" in note.text
    assert "KHÔNG DÙNG ĐỂ NỘP" in note.text
    assert runs_are(note, size=13, bold=True, italic=True)
    texts = body_texts(doc)
    assert texts.index(note.text) < texts.index("Kính gửi: Sở Nội vụ tỉnh Lào Cai.")


def test_no_illustrative_note_for_an_official_set(tmp_path: Path) -> None:
    document = open_doc(render(tmp_path, make_ctx(official=True)))
    assert not any("MINH HỌA" in t for t in body_texts(document))


def test_draft_banner_only_when_draft(tmp_path: Path, doc: Any) -> None:
    assert "BẢN NHÁP" not in all_text(doc)
    document = open_doc(render(tmp_path, make_ctx(draft=True)))
    first = document.paragraphs[0]
    assert first.text == "BẢN NHÁP"
    assert all(r.font.bold and r.font.size >= Pt(16) for r in first.runs)
    # On page 1, before the header table.
    body = document.element.body
    assert list(body).index(first._p) < list(body).index(document.tables[0]._tbl)
    assert document.paragraphs[1].text.endswith("Không ký, không nộp bản này.")
    assert document.core_properties.content_status == "Bản nháp"


# --------------------------------------------------------------------------- determinism


def test_same_context_gives_identical_bytes(tmp_path: Path) -> None:
    ctx = make_ctx()
    first = render(tmp_path, ctx, "a.docx").read_bytes()
    second = render(tmp_path, make_ctx(), "b.docx").read_bytes()
    assert first == second
    assert report_bytes(ctx) == first


def test_zip_and_core_properties_are_fixed(report_path: Path, doc: Any) -> None:
    with zipfile.ZipFile(report_path) as archive:
        infos = archive.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {(2024, 1, 4, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        assert not any("thumbnail" in i.filename for i in infos)
    props = doc.core_properties
    stamp = dt.datetime(2024, 1, 4, 0, 0)
    assert props.created.replace(tzinfo=None) == stamp
    assert props.modified.replace(tzinfo=None) == stamp
    assert props.last_modified_by == "Sở Giao thông vận tải - Xây dựng"
    assert props.author == "Sở Giao thông vận tải - Xây dựng"
    assert props.revision == 1


def test_different_date_changes_zip_stamps(tmp_path: Path) -> None:
    ctx = dataclasses.replace(make_ctx(), report_date=dt.date(2024, 2, 9))
    data = report_bytes(ctx)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2024, 2, 9, 0, 0, 0)}


# --------------------------------------------------------------------------- templates


def test_local_override_changes_wording(tmp_path: Path) -> None:
    dirs = override(
        tmp_path,
        "closing",
        "Trên đây là báo cáo của {{ agency }} năm {{ year }}, gửi {{ recipient }}./.\n",
    )
    document = open_doc(render(tmp_path, make_ctx(dirs=dirs)))
    assert (
        "Trên đây là báo cáo của Sở Giao thông vận tải - Xây dựng năm 2023, gửi Sở Nội vụ./."
        in body_texts(document)
    )
    # The other blocks still come from the packaged templates.
    assert any(t.startswith("I. KẾT QUẢ TỰ ĐÁNH GIÁ") for t in body_texts(document))


def test_override_with_several_paragraphs(tmp_path: Path) -> None:
    dirs = override(tmp_path, "opening", "Đoạn một\nvẫn đoạn một.\n\nĐoạn hai {{ year }}.")
    texts = body_texts(open_doc(render(tmp_path, make_ctx(dirs=dirs))))
    index = texts.index("Đoạn một vẫn đoạn một.")
    assert texts[index + 1] == "Đoạn hai 2023."


def test_override_saved_as_ansi_is_a_clear_error(tmp_path: Path) -> None:
    dirs = override(tmp_path, "heading_results", "")
    (dirs[0] / "report" / "heading_results.j2").write_bytes(b"I. K\xc9T QU\xa2\r\n")
    with pytest.raises(TemplateFailed) as info:
        render(tmp_path, make_ctx(dirs=dirs))
    assert "templates/report/heading_results.j2, dòng 1" in info.value.message
    assert "Mở tệp bằng Notepad, chọn Lưu thành… và chọn mã hóa UTF-8" in (info.value.hint or "")
    assert not (tmp_path / "report.docx").exists()


def test_override_saved_with_bom_and_crlf(tmp_path: Path) -> None:
    dirs = override(tmp_path, "heading_results", "")
    text = "I. KẾT QUẢ NĂM {{ year }}\r\n"
    (dirs[0] / "report" / "heading_results.j2").write_bytes(b"\xef\xbb\xbf" + text.encode())
    dirs = override(tmp_path, "closing", "")
    closing = "Trên đây là báo cáo\r\ncủa {{ agency_short }}./.\r\n"
    (dirs[0] / "report" / "closing.j2").write_bytes(b"\xef\xbb\xbf" + closing.encode())
    document = open_doc(render(tmp_path, make_ctx(dirs=dirs)))
    texts = body_texts(document)
    assert "I. KẾT QUẢ NĂM 2023" in texts
    assert "Trên đây là báo cáo của Sở./." in texts
    assert "\ufeff" not in all_text(document)


def test_broken_override_names_file_and_line(tmp_path: Path) -> None:
    dirs = override(tmp_path, "closing", "Dòng một\n{% if year %}Trên đây {{ year }\n")
    with pytest.raises(ParcliError) as info:
        render(tmp_path, make_ctx(dirs=dirs))
    message = info.value.message
    assert isinstance(info.value, TemplateFailed)
    assert "templates/report/closing.j2" in message
    assert "dòng 2" in message
    assert "Traceback" not in message
    assert not (tmp_path / "report.docx").exists()


def test_undefined_variable_in_override(tmp_path: Path) -> None:
    dirs = override(tmp_path, "total", "Tổng\n\n{{ tong_diem|so }}")
    with pytest.raises(TemplateFailed) as info:
        render(tmp_path, make_ctx(dirs=dirs))
    assert "templates/report/total.j2, dòng 3" in info.value.message
    assert "tong_diem" in info.value.message


def test_sandbox_blocks_python_internals(tmp_path: Path) -> None:
    dirs = override(tmp_path, "closing", "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    with pytest.raises(TemplateFailed) as info:
        render(tmp_path, make_ctx(dirs=dirs))
    assert "không được phép" in info.value.message
    assert "templates/report/closing.j2" in info.value.message


# --------------------------------------------------------------------------- LibreOffice


@needs_libreoffice
def test_libreoffice_opens_the_report(tmp_path: Path, report_path: Path) -> None:
    source = tmp_path / "report.docx"
    shutil.copyfile(report_path, source)
    [pdf] = soffice_convert([source], tmp_path, tmp_path / "lo-profile")
    assert pdf.is_file() and pdf.stat().st_size > 0
    text = pdf_text(pdf)
    assert "BÁO CÁO" in text
    assert "58,25/66" in text
    assert "Lào Cai, ngày 04 tháng 01 năm 2024" in text
    first_page = text.split("\f")[0]
    assert "KT. GIÁM ĐỐC" in text and "Nguyễn Quốc Huy" in text
    # Page 1 carries no page number; page 2 starts with "2".
    pages = text.split("\f")
    assert len(pages) >= 2
    assert pages[1].strip().splitlines()[0].strip() == "2"
    assert not first_page.strip().splitlines()[0].strip().isdigit()


@needs_libreoffice
def test_the_area_table_is_never_split_across_pages(tmp_path: Path) -> None:
    """Whatever text comes before it, the lĩnh vực table is printed on one page."""
    basis = list(_loaded().dossier.report.basis)  # type: ignore[union-attr]
    extra = (
        "Văn bản căn cứ bổ sung số {}/KH-UBND ngày 10/01/2023 của UBND tỉnh về cải cách hành chính"
    )
    sources = []
    for n in range(0, 16, 2):  # the table moves down by about one row each time
        ctx = make_ctx(report={"basis": basis + [extra.format(i) for i in range(n)]})
        path = tmp_path / f"report-{n:02d}.docx"
        path.write_bytes(report_bytes(ctx))
        sources.append(path)
    pdfs = soffice_convert(sources, tmp_path, tmp_path / "lo-profile")
    areas = [a.name for a in make_ctx().card.areas]
    for pdf in pdfs:
        pages = [" ".join(page.split()) for page in pdf_text(pdf).split("\f")]
        page = next(p for p in pages if "Tỷ lệ (%)" in p)
        for name in areas:
            assert " ".join(name.split()[:3]) in page, (pdf.name, name)
        assert "Tổng cộng" in page, pdf.name
