"""Templates: sandboxed Jinja2, Vietnamese filters, overrides, errors, export."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import CliResult

from parcli.errors import ExitCode, OutputExists, ParcliError
from parcli.render.templating import (
    FILTERS,
    TemplateFailed,
    ensure_sentence,
    export_templates,
    is_unchanged_copy,
    packaged_templates,
    paragraphs,
    render_block,
    strip_end_punct,
    template_dirs,
)
from parcli.resources import data_dir

REPO = Path(__file__).resolve().parents[2]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def dirs_for(dossier: Path) -> list[Path]:
    return template_dirs(dossier)


# --------------------------------------------------------------------------- filters


@pytest.mark.parametrize(
    ("source", "variables", "expected"),
    [
        ("{{ x|so }}", {"x": Decimal("70.50")}, "70,5"),
        ("{{ x|so }}", {"x": Decimal("66.0")}, "66"),
        ("{{ x|so }}", {"x": Decimal("1234.25")}, "1.234,25"),
        ("{{ x|pct }}", {"x": Decimal("94")}, "94,00"),
        ("{{ x|pct }}", {"x": Decimal("88.255")}, "88,26"),
        ("{{ x|pct }}", {"x": None}, "-"),
        ("{{ d|ngay }}", {"d": dt.date(2024, 1, 5)}, "ngày 05 tháng 01 năm 2024"),
        ("{{ d|ngay }}", {"d": dt.date(2024, 3, 9)}, "ngày 09 tháng 3 năm 2024"),
        ("{{ d|ngay_ngan }}", {"d": dt.date(2024, 1, 5)}, "05/01/2024"),
        ("{{ s|cau }}", {"s": "Chưa ban hành"}, "Chưa ban hành."),
        ("{{ s|cau }}", {"s": "Đã xong."}, "Đã xong."),
        ("{{ s|bo_cham }}", {"s": "Như trên;"}, "Như trên"),
        ("{{ xs|noi }}", {"xs": ["Kế hoạch A.", "Kế hoạch B"]}, "Kế hoạch A; Kế hoạch B"),
        ("{{ xs|noi(', ', ' và ') }}", {"xs": ["A", "B", "C"]}, "A, B và C"),
        ("{{ s }}", {"s": "<b>Sở & Ban</b>"}, "<b>Sở & Ban</b>"),  # no HTML escaping
    ],
)
def test_filters(tmp_path: Path, source: str, variables: dict[str, object], expected: str) -> None:
    write(tmp_path, "t/x.j2", source)
    assert render_block(dirs_for(tmp_path), "t/x", **variables) == expected


def test_sentence_helpers_are_the_filters(tmp_path: Path) -> None:
    # One implementation for the report writer and the templates (cau, bo_cham).
    assert ensure_sentence("  Chưa ban hành ") == "Chưa ban hành."
    assert ensure_sentence("Vì sao?") == "Vì sao?" and ensure_sentence(" ") == ""
    assert strip_end_punct(" Như trên; ") == "Như trên"
    assert strip_end_punct("VT, VP..") == "VT, VP"
    write(tmp_path, "t/x.j2", "{{ a|cau }}|{{ b|bo_cham }}")
    assert render_block(dirs_for(tmp_path), "t/x", a="A", b="B.") == "A.|B"
    assert set(FILTERS) >= {"cau", "bo_cham"}


def test_packaged_block_renders() -> None:
    text = render_block(template_dirs(None), "report/heading_results")
    assert text == "I. KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM"
    total = render_block(
        template_dirs(None),
        "report/total.j2",
        score=Decimal("58.25"),
        scope_max=Decimal("66.0"),
        percent=Decimal("88.26"),
        leaves=75,
        agency_short="Sở",
    )
    assert paragraphs(total)[0].startswith("1. Tổng điểm tự đánh giá: 58,25/66 điểm, đạt 88,26%.")


def test_local_template_wins(tmp_path: Path) -> None:
    write(tmp_path, "report/heading_results.j2", "I. KẾT QUẢ CHẤM ĐIỂM NĂM {{ year }}")
    assert render_block(dirs_for(tmp_path), "report/heading_results", year=2023) == (
        "I. KẾT QUẢ CHẤM ĐIỂM NĂM 2023"
    )
    # A dossier without templates/ gets the packaged wording.
    assert render_block(dirs_for(tmp_path / "other"), "report/heading_results").startswith(
        "I. KẾT QUẢ TỰ ĐÁNH GIÁ"
    )


def test_paragraphs_split_on_blank_lines() -> None:
    assert paragraphs("  Một\n hai  \n\n \nBa\n") == ["Một hai", "Ba"]
    assert paragraphs("") == []


# --------------------------------------------------------------------------- errors


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "report/closing.j2", "Dòng một\nDòng hai {{ year }\n")
    with pytest.raises(TemplateFailed) as info:
        render_block(dirs_for(tmp_path), "report/closing", year=2023)
    assert isinstance(info.value, ParcliError)
    assert info.value.message.startswith("Mẫu văn bản templates/report/closing.j2, dòng 2:")
    assert info.value.hint and "xóa" in info.value.hint
    assert info.value.__suppress_context__


def test_unclosed_block_is_explained_in_vietnamese(tmp_path: Path) -> None:
    write(tmp_path, "report/closing.j2", "{% if year %}\nTrên đây\n")
    with pytest.raises(TemplateFailed) as info:
        render_block(dirs_for(tmp_path), "report/closing", year=2023)
    assert "chưa đóng" in info.value.message


def test_undefined_variable_names_it(tmp_path: Path) -> None:
    write(tmp_path, "report/closing.j2", "Một\nHai\n{{ nam_bao_cao }}")
    with pytest.raises(TemplateFailed) as info:
        render_block(dirs_for(tmp_path), "report/closing", year=2023)
    assert "templates/report/closing.j2, dòng 3" in info.value.message
    assert "biến 'nam_bao_cao' không có" in info.value.message


def test_undefined_variable_through_a_filter(tmp_path: Path) -> None:
    write(tmp_path, "report/closing.j2", "{{ diem|so }}")
    with pytest.raises(TemplateFailed) as info:
        render_block(dirs_for(tmp_path), "report/closing")
    assert "biến 'diem' không có" in info.value.message


def test_python_error_inside_template_is_a_template_error(tmp_path: Path) -> None:
    write(tmp_path, "report/closing.j2", "\n{{ year / 0 }}")
    with pytest.raises(TemplateFailed) as info:
        render_block(dirs_for(tmp_path), "report/closing", year=2023)
    assert "dòng 2" in info.value.message and "ZeroDivisionError" in info.value.message


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ year.__class__ }}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_sandbox_blocks_internals(tmp_path: Path, source: str) -> None:
    write(tmp_path, "report/closing.j2", source)
    with pytest.raises(TemplateFailed) as info:
        render_block(dirs_for(tmp_path), "report/closing", year=2023)
    assert "không được phép" in info.value.message or "không có" in info.value.message
    assert "class" not in render_safe_text(info.value.message)


def render_safe_text(message: str) -> str:
    """The part of the message before the bracketed original (which may quote the name)."""
    return message.split("[", 1)[0]


def test_non_utf8_template_is_a_clear_error(tmp_path: Path) -> None:
    # Notepad's old "ANSI" (cp1258/cp1252) encoding: not UTF-8.
    path = tmp_path / "templates/report/heading_results.j2"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"I. K\xc9T QU\xa2\r\n")
    with pytest.raises(TemplateFailed) as info:
        render_block(dirs_for(tmp_path), "report/heading_results")
    assert info.value.message.startswith("Mẫu văn bản templates/report/heading_results.j2, dòng 1")
    assert "UTF-8" in info.value.message
    assert "Mở tệp bằng Notepad, chọn Lưu thành… và chọn mã hóa UTF-8" in (info.value.hint or "")
    assert info.value.__suppress_context__


def test_non_utf8_included_template_names_that_file(tmp_path: Path) -> None:
    write(tmp_path, "report/closing.j2", 'Trên đây\n{% include "report/phan_rieng.j2" %}')
    path = tmp_path / "templates/report/phan_rieng.j2"
    path.write_bytes(b"Dong mot\r\nK\xc9T QU\xa2")
    with pytest.raises(TemplateFailed) as info:
        render_block(dirs_for(tmp_path), "report/closing")
    assert "templates/report/phan_rieng.j2, dòng 2" in info.value.message
    assert "UTF-8" in (info.value.hint or "")


def test_bom_and_crlf_are_read_like_plain_utf8(tmp_path: Path) -> None:
    source = "I. KẾT QUẢ {{ year }}\n{% if year %}\nnăm nay\n{% endif %}\n\nĐoạn hai\n"
    write(tmp_path, "report/plain.j2", source)
    path = tmp_path / "templates/report/notepad.j2"
    path.write_bytes(b"\xef\xbb\xbf" + source.replace("\n", "\r\n").encode("utf-8"))
    plain = render_block(dirs_for(tmp_path), "report/plain", year=2023)
    notepad = render_block(dirs_for(tmp_path), "report/notepad", year=2023)
    assert notepad == plain
    assert "\ufeff" not in notepad and "\r" not in notepad
    assert paragraphs(notepad) == ["I. KẾT QUẢ 2023 năm nay", "Đoạn hai"]


@pytest.mark.parametrize(
    "name", ["../../dossier.yaml", "../dossier.yaml", "/etc/passwd", "..\\..\\dossier.yaml"]
)
def test_include_outside_templates_is_refused_clearly(tmp_path: Path, name: str) -> None:
    (tmp_path / "dossier.yaml").write_text("agency: bí mật\n", encoding="utf-8")
    literal = name.replace("\\", "\\\\")  # a backslash is written doubled in a Jinja string
    write(tmp_path, "report/closing.j2", f'Trên đây\n{{% include "{literal}" %}}')
    with pytest.raises(TemplateFailed) as info:
        render_block(dirs_for(tmp_path), "report/closing")
    message = info.value.message
    assert f"'{name}'" in message
    assert message.startswith("Mẫu văn bản templates/report/closing.j2, dòng 2")
    assert "mẫu chỉ được dùng các mẫu khác trong templates/report/" in message
    assert "bí mật" not in message


def test_include_of_a_missing_template(tmp_path: Path) -> None:
    write(tmp_path, "report/closing.j2", '{% include "report/khong_co.j2" %}')
    with pytest.raises(TemplateFailed) as info:
        render_block(dirs_for(tmp_path), "report/closing")
    assert "không tìm thấy mẫu 'report/khong_co.j2'" in info.value.message


def test_include_of_another_template_works(tmp_path: Path) -> None:
    write(tmp_path, "report/closing.j2", 'Trên đây {% include "report/phan_rieng.j2" %}')
    write(tmp_path, "report/phan_rieng.j2", "là báo cáo./.")
    assert render_block(dirs_for(tmp_path), "report/closing") == "Trên đây là báo cáo./."


def test_missing_template(tmp_path: Path) -> None:
    with pytest.raises(TemplateFailed) as info:
        render_block(dirs_for(tmp_path), "report/khong-co")
    assert "report/khong-co.j2" in info.value.message


# --------------------------------------------------------------------------- export


def test_export_copies_report_templates(tmp_path: Path) -> None:
    written = export_templates(tmp_path, force=False)
    names = sorted(p.relative_to(tmp_path / "templates").as_posix() for p in written)
    assert names == packaged_templates()
    assert "report/opening.j2" in names and "report/closing.j2" in names
    assert all(n.startswith(("report/", "explanation/")) for n in names)
    assert "explanation/opening.j2" in names  # the báo cáo giải trình
    source = data_dir("templates") / "report" / "closing.j2"
    assert (tmp_path / "templates/report/closing.j2").read_bytes() == source.read_bytes()


def test_export_never_overwrites_without_force(tmp_path: Path) -> None:
    export_templates(tmp_path, force=False)
    edited = tmp_path / "templates/report/closing.j2"
    edited.write_text("Lời văn riêng của Sở./.", encoding="utf-8")
    (tmp_path / "templates/report/opening.j2").unlink()
    with pytest.raises(OutputExists) as info:
        export_templates(tmp_path, force=False)
    assert "--force" in (info.value.hint or "")
    assert edited.read_text(encoding="utf-8") == "Lời văn riêng của Sở./."
    assert not (tmp_path / "templates/report/opening.j2").exists()  # nothing written at all
    export_templates(tmp_path, force=True)
    assert edited.read_text(encoding="utf-8") != "Lời văn riêng của Sở./."
    assert (tmp_path / "templates/report/opening.j2").exists()


def test_cli_export_and_list(tmp_path: Path, cli: Callable[..., CliResult]) -> None:
    (tmp_path / "dossier.yaml").write_text("year: 2023\n", encoding="utf-8")
    result = cli("templates", "export", str(tmp_path))
    assert result.code == 0, result.err
    assert "templates/report/opening.j2" in result.out
    again = cli("templates", "export", str(tmp_path))
    assert again.code == ExitCode.UNREADABLE and "--force" in again.err
    assert "Traceback" not in again.err
    forced = cli("templates", "export", str(tmp_path), "--force")
    assert forced.code == 0, forced.err
    (tmp_path / "templates/report/openning.j2").write_text("x", encoding="utf-8")
    (tmp_path / "templates/report/opening.j2").write_text("Mở đầu riêng.", encoding="utf-8")
    listed = cli("templates", "list", str(tmp_path))
    assert listed.code == 0
    assert "sửa riêng (templates/report/opening.j2)" in listed.out
    assert "openning.j2 không trùng tên" in listed.out + listed.err


def test_cli_export_needs_a_dossier(
    tmp_path: Path,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    mistyped = tmp_path / "ho-so-go-sai"
    result = cli("templates", "export", str(mistyped))
    assert result.code == ExitCode.UNREADABLE == 2
    assert "Không có tệp dossier.yaml" in result.err
    assert "Traceback" not in result.err and "Lỗi của parcli" not in result.err
    assert not mistyped.exists()
    # An existing folder that is not a dossier gets nothing either.
    result = cli("templates", "export", str(tmp_path))
    assert result.code == 2 and not (tmp_path / "templates").exists()
    # Pointing at the dossier (or its dossier.yaml) works.
    (tmp_path / "dossier.yaml").write_text("year: 2023\n", encoding="utf-8")
    result = cli("templates", "export", str(tmp_path / "dossier.yaml"))
    assert result.code == 0, result.err
    assert (tmp_path / "templates/report/closing.j2").is_file()


def test_cli_list_tells_unchanged_copies_from_edited_ones(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    (tmp_path / "dossier.yaml").write_text("year: 2023\n", encoding="utf-8")
    assert cli("templates", "export", str(tmp_path)).code == 0
    listed = cli("templates", "list", str(tmp_path))
    assert listed.code == 0, listed.err
    assert "sửa riêng" not in listed.out
    assert listed.out.count("giống mẫu có sẵn (có thể xóa)") == len(packaged_templates())
    assert "chưa sửa mẫu nào" in listed.out
    # Saved again by Notepad (BOM, CRLF) without changes: still the packaged template.
    closing = tmp_path / "templates/report/closing.j2"
    data = closing.read_bytes().replace(b"\n", b"\r\n")
    closing.write_bytes(b"\xef\xbb\xbf" + data)
    assert is_unchanged_copy(tmp_path, "report/closing.j2")
    # One real change.
    opening = tmp_path / "templates/report/opening.j2"
    opening.write_bytes(opening.read_bytes() + b"Them mot cau.\n")
    assert not is_unchanged_copy(tmp_path, "report/opening.j2")
    listed = cli("templates", "list", str(tmp_path))
    lines = {line.split()[0]: line for line in listed.out.splitlines() if line.startswith("  ")}
    assert "sửa riêng (templates/report/opening.j2)" in lines["report/opening.j2"]
    assert "giống mẫu có sẵn (có thể xóa)" in lines["report/closing.j2"]
    assert "chưa sửa mẫu nào" not in listed.out


def test_cli_module_does_not_import_jinja2() -> None:
    code = "import sys, parcli.cli.templates; print('jinja2' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "False"
