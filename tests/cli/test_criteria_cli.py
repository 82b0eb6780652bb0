"""``parcli criteria import | check | list | show | diff`` through the real Typer app."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from criteria_tables import HEADER, SMALL, appendix_rows, make_docx, make_xlsx, shipped
from helpers import CliResult

from parcli.formats.loading import load_criteria

Invoke = Callable[..., tuple[int, str]]


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(old)


@pytest.fixture
def invoke(cli: Callable[..., CliResult]) -> Invoke:
    """The real entry point: exit code and everything printed (stdout, then stderr)."""

    def run(*args: str) -> tuple[int, str]:
        result = cli(*args)
        output = result.out + result.err
        assert "Traceback" not in output and "Lỗi của parcli" not in output, output
        return result.code, output

    return run


# --------------------------------------------------------------------------- import


def test_import_ok_writes_the_file(in_tmp: Path, invoke: Invoke) -> None:
    make_docx(in_tmp / "phu-luc.docx", [appendix_rows(shipped())])
    code, out = invoke(
        "criteria",
        "import",
        "phu-luc.docx",
        "-o",
        "bo.yaml",
        "--expect",
        "8/37/88",
        "--decision",
        "876/QĐ-BNV",
        "--date",
        "10/11/2022",
        "--issuer",
        "Bộ Nội vụ",
        "--id",
        "par-tinh-876",
    )
    assert code == 0, out
    assert "Tổng: 8 lĩnh vực, 37 tiêu chí, 88 tiêu chí thành phần; 100 điểm" in out
    assert "Đối chiếu --expect: khớp." in out
    assert "Kết quả: ĐÃ NHẬP, không có lỗi. Đã ghi bo.yaml, trạng thái MINH HỌA" in out
    model, _doc, findings = load_criteria(in_tmp / "bo.yaml", "bo.yaml")
    assert model is not None and not findings
    assert model.id == "par-tinh-876" and model.source.issuer == "Bộ Nội vụ"


def test_import_official_from_xlsx(in_tmp: Path, invoke: Invoke) -> None:
    make_xlsx(in_tmp / "bang.xlsx", {"Phụ lục": SMALL})
    code, out = invoke(
        "criteria", "import", "bang.xlsx", "-o", "bo.yaml", "--official", "--expect", "2/2,2/0"
    )
    assert code == 0, out
    assert "trạng thái chính thức" in out
    model, _doc, _f = load_criteria(in_tmp / "bo.yaml", "bo.yaml")
    assert model is not None and model.status == "official"


def test_import_missing_row_fails_and_writes_nothing(in_tmp: Path, invoke: Invoke) -> None:
    rows = [r for r in appendix_rows(shipped()) if r[0] != "5.3.2"]
    make_docx(in_tmp / "thieu.docx", [rows])
    code, out = invoke("criteria", "import", "thieu.docx", "-o", "bo.yaml", "--expect", "8/37/88")
    assert code == 1, out
    assert "Đọc được 87 tiêu chí thành phần, --expect ghi 88" in out
    assert "Đối chiếu --expect: KHÔNG KHỚP." in out
    assert "Kết quả: BẢNG CÒN" in out and "Chưa ghi tệp bo.yaml" in out
    assert "CHƯA ĐẠT" not in out
    assert not (in_tmp / "bo.yaml").exists()
    assert [p.name for p in in_tmp.iterdir()] == ["thieu.docx"]


def test_import_partial_writes_with_exit_1(in_tmp: Path, invoke: Invoke) -> None:
    rows = [list(r) for r in SMALL]
    rows[1][2] = "7"
    make_docx(in_tmp / "sai.docx", [rows])
    code, out = invoke("criteria", "import", "sai.docx", "-o", "bo.yaml", "--partial")
    assert code == 1, out
    assert "C002: Lĩnh vực 1: điểm tối đa 7" in out
    assert "Đã ghi phần đọc được vào bo.yaml (--partial)" in out
    assert (in_tmp / "bo.yaml").is_file()


def test_import_does_not_overwrite_without_force(in_tmp: Path, invoke: Invoke) -> None:
    make_docx(in_tmp / "a.docx", [SMALL])
    (in_tmp / "bo.yaml").write_text("giữ nguyên\n", encoding="utf-8")
    code, out = invoke("criteria", "import", "a.docx", "-o", "bo.yaml")
    assert code == 2
    assert "Lỗi: Tệp bo.yaml đã có" in out and "--force" in out
    assert (in_tmp / "bo.yaml").read_text(encoding="utf-8") == "giữ nguyên\n"
    code, out = invoke("criteria", "import", "a.docx", "-o", "bo.yaml", "--force")
    assert code == 0, out
    assert (in_tmp / "bo.yaml").read_text(encoding="utf-8").startswith("# Bộ tiêu chí")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("hong.docx", os.urandom(3000), "không phải tệp .docx hợp lệ"),
        ("hong.xlsx", b"PK\x03\x04 not really a zip", "không phải tệp .xlsx hợp lệ"),
        ("bang.doc", b"\xd0\xcf\x11\xe0", "định dạng Word/Excel cũ (.doc)"),
        ("khong-co.docx", None, "Không tìm thấy tệp"),
    ],
)
def test_import_unreadable_files_exit_2(
    in_tmp: Path, name: str, content: bytes | None, message: str, invoke: Invoke
) -> None:
    if content is not None:
        (in_tmp / name).write_bytes(content)
    code, out = invoke("criteria", "import", name, "-o", "bo.yaml")
    assert code == 2, out
    assert message in out and "Lỗi:" in out and "→" in out
    assert not (in_tmp / "bo.yaml").exists()


def test_import_xlsx_without_header_exit_2(in_tmp: Path, invoke: Invoke) -> None:
    make_xlsx(in_tmp / "x.xlsx", {"A": [["a", "b", "c"], ["1", "2", "3"]]})
    code, out = invoke("criteria", "import", "x.xlsx", "-o", "bo.yaml")
    assert code == 2
    assert "Không tìm thấy bảng tiêu chí trong x.xlsx (1 trang tính)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--expect", "8-37"], "--expect '8-37' không đúng dạng"),
        (["--id", "Bộ mới"], "--id 'Bộ mới' không hợp lệ"),
        (["--date", "31/02/2022"], "--date: '31/02/2022' không phải là ngày có thật"),
    ],
)
def test_import_bad_options_exit_2(
    in_tmp: Path, args: list[str], message: str, invoke: Invoke
) -> None:
    make_docx(in_tmp / "a.docx", [SMALL])
    code, out = invoke("criteria", "import", "a.docx", "-o", "bo.yaml", *args)
    assert code == 2
    assert message in out
    assert not (in_tmp / "bo.yaml").exists()


def test_import_output_folder_is_checked_before_parsing(in_tmp: Path, invoke: Invoke) -> None:
    (in_tmp / "hong.docx").write_bytes(b"not a document")
    code, out = invoke("criteria", "import", "hong.docx", "-o", "khong-co/bo.yaml")
    assert code == 2, out
    assert "Thư mục khong-co (của -o khong-co/bo.yaml) không tồn tại" in out
    assert "không phải tệp .docx hợp lệ" not in out  # refused before reading the table


def test_import_skipped_table_with_criteria_fails(in_tmp: Path, invoke: Invoke) -> None:
    """A continuation table with another column count loses a lĩnh vực: exit 1, not 0."""
    first = [
        [*HEADER, "Tài liệu kiểm chứng"],
        ["1", "Chỉ đạo", "1", "", ""],
        ["1.1", "Kế hoạch", "1", "Có: 1 điểm", ""],
    ]
    lost = [["2", "Thể chế", "1", ""], ["2.1", "Kiểm tra", "1", "Có: 1 điểm"]]
    make_docx(in_tmp / "a.docx", [first, lost])
    code, out = invoke("criteria", "import", "a.docx", "-o", "bo.yaml")
    assert code == 1, out
    assert "Bảng 2: không đọc được bảng này" in out
    assert not (in_tmp / "bo.yaml").exists()


# --------------------------------------------------------------------------- check


def test_check_shipped_and_written_sets(in_tmp: Path, invoke: Invoke) -> None:
    code, out = invoke("criteria", "check", "par-tinh-876-minh-hoa")
    assert code == 0, out
    assert "thông tin C007" in out and "Kết quả: HỢP LỆ." in out
    make_docx(in_tmp / "a.docx", [SMALL])
    assert invoke("criteria", "import", "a.docx", "-o", "a.yaml")[0] == 0
    code, out = invoke("criteria", "check", "a.yaml")
    assert code == 0 and "2 lĩnh vực, 4 tiêu chí, 2 tiêu chí thành phần" in out


def test_check_errors_and_unreadable(in_tmp: Path, invoke: Invoke) -> None:
    make_docx(in_tmp / "a.docx", [SMALL])
    invoke("criteria", "import", "a.docx", "-o", "a.yaml")
    text = (in_tmp / "a.yaml").read_text(encoding="utf-8")
    (in_tmp / "sai.yaml").write_text(text.replace("max_total: 5", "max_total: 6"), encoding="utf-8")
    code, out = invoke("criteria", "check", "sai.yaml")
    assert code == 1
    assert "sai.yaml:" in out and "lỗi C004" in out and "Kết quả: BỘ TIÊU CHÍ CÒN LỖI" in out
    (in_tmp / "hong.yaml").write_text("areas: [\n", encoding="utf-8")
    code, out = invoke("criteria", "check", "hong.yaml")
    assert code == 2 and "Y001" in out
    code, out = invoke("criteria", "check", "khong-co.yaml")
    assert code == 2 and "Không tìm thấy bộ tiêu chí 'khong-co.yaml'" in out


# --------------------------------------------------------------------------- list, show


def _dossier(folder: Path, criteria: str) -> None:
    (folder / "dossier.yaml").write_text(f'criteria: "{criteria}"\n', encoding="utf-8")


def test_list_shipped_and_dossier_sets(in_tmp: Path, invoke: Invoke) -> None:
    code, out = invoke("criteria", "list")
    assert code == 0
    assert "par-tinh-876-minh-hoa  [MINH HỌA]  8/37/88  100 điểm  (có sẵn)" in out
    (in_tmp / "criteria").mkdir()
    make_docx(in_tmp / "a.docx", [SMALL])
    invoke(
        "criteria",
        "import",
        "a.docx",
        "-o",
        "criteria/bo-tinh.yaml",
        "--id",
        "bo-tinh",
        "--official",
    )
    _dossier(in_tmp, "criteria/bo-tinh.yaml")
    code, out = invoke("criteria", "list")
    assert code == 0
    assert "bo-tinh  [chính thức]  2/4/2  5 điểm  (criteria/bo-tinh.yaml)" in out


def test_show_default_set_outside_a_dossier(in_tmp: Path, invoke: Invoke) -> None:
    code, out = invoke("criteria", "show", "1.6")
    assert code == 0
    assert "dùng bộ minh họa đi kèm parcli" in out
    assert "1.6.2" in out and "Thực hiện đầy đủ: 0,5 điểm" in out
    assert "1.7" not in out.split("Quy tắc chấm", 1)[1]
    code, out = invoke("criteria", "show", "1.7")
    assert "ĐTXHH" in out and "không" in out


def test_show_in_a_dossier_and_with_criteria(in_tmp: Path, invoke: Invoke) -> None:
    make_docx(in_tmp / "a.docx", [SMALL])
    invoke("criteria", "import", "a.docx", "-o", "bo.yaml", "--id", "bo-tinh")
    _dossier(in_tmp, "bo.yaml")
    code, out = invoke("criteria", "show")
    assert code == 0, out
    assert "Bộ tiêu chí: bo-tinh" in out and "(bộ tiêu chí của hồ sơ)" in out
    assert "CẢI CÁCH THỂ CHẾ" in out
    code, out = invoke("criteria", "show", "2", "--criteria", "par-tinh-876-minh-hoa")
    assert code == 0 and "par-tinh-876-minh-hoa" in out and "2.4" in out
    code, out = invoke("criteria", "show", "9.9")
    assert code == 2 and "không có mã 9.9" in out


def test_show_labels_method_and_rule_columns(in_tmp: Path, invoke: Invoke) -> None:
    """Review: two columns were both labelled "Cách chấm…"."""
    code, out = invoke("criteria", "show", "1.1")
    assert code == 0, out
    header = next(line for line in out.splitlines() if line.startswith("Mã "))
    assert header.split() == [
        "Mã",
        "Tên",
        "Tối",
        "đa",
        "Phương",
        "thức",
        "Bước",
        "TLKC",
        "Quy",
        "tắc",
        "chấm",
    ]
    assert "Cách chấm" not in header


def _duplicated_code(folder: Path) -> None:
    """A set where 1.2 is written as a second 1.1 (C001)."""
    text = shipped_criteria_text().replace('code: "1.2"\n', 'code: "1.1"\n', 1)
    assert text.count('code: "1.1"\n') == 2
    (folder / "trung.yaml").write_text(text, encoding="utf-8")
    (folder / "cu.yaml").write_text(shipped_criteria_text(), encoding="utf-8")


def shipped_criteria_text() -> str:
    from parcli.resources import shipped_criteria

    return shipped_criteria()["par-tinh-876-minh-hoa"].read_text(encoding="utf-8")


WARNING = "Chú ý: bộ tiêu chí trung.yaml có 1 lỗi (chạy parcli criteria check trung.yaml để xem)"


def test_show_and_diff_warn_about_a_set_with_errors(
    in_tmp: Path, invoke: Invoke, cli: Callable[..., CliResult]
) -> None:
    """Review: show and diff used a set with a duplicated code without a word about C001."""
    _duplicated_code(in_tmp)
    result = cli("criteria", "show", "1.1", "--criteria", "trung.yaml")
    assert result.code == 0, result.err
    assert WARNING in result.err and WARNING not in result.out
    assert "Ban hành kế hoạch cải cách hành chính" in result.out  # shown anyway
    result = cli("criteria", "diff", "cu.yaml", "trung.yaml", "--format", "json")
    assert result.code == 0, result.err
    assert result.err.count("Chú ý:") == 1 and WARNING in result.err
    assert json.loads(result.out)["new"] == "par-tinh-876-minh-hoa"  # stdout stays JSON
    code, out = invoke("criteria", "diff", "trung.yaml", "cu.yaml")
    assert code == 0 and WARNING in out
    # a set without errors: no warning
    code, out = invoke("criteria", "diff", "cu.yaml", "cu.yaml")
    assert code == 0 and "Chú ý" not in out and "Không có khác biệt" in out
    code, out = invoke("criteria", "show", "1.1", "--criteria", "cu.yaml")
    assert code == 0 and "Chú ý" not in out


# --------------------------------------------------------------------------- diff


def test_diff_text_and_json(in_tmp: Path, invoke: Invoke) -> None:
    rows = [list(r) for r in SMALL]
    rows[3][1] = "Chế độ báo cáo định kỳ về cải cách"  # 1.2 renamed
    rows[7][2] = "1,5"  # 2.1 max changed
    rows[6][2] = "2,5"
    make_docx(in_tmp / "cu.docx", [SMALL])
    make_docx(in_tmp / "moi.docx", [rows])
    assert invoke("criteria", "import", "cu.docx", "-o", "cu.yaml")[0] == 0
    code, out = invoke("criteria", "import", "moi.docx", "-o", "moi.yaml")
    assert code == 0, out
    code, out = invoke("criteria", "diff", "cu.yaml", "moi.yaml")
    assert code == 0
    assert "So sánh bộ tiêu chí: cu (cũ) → moi (mới)" in out
    assert "Đổi tên (cùng mã) (1):" in out and "mới: Chế độ báo cáo định kỳ về cải cách" in out
    assert "2.1: 2 → 1,5 điểm" in out
    code, out = invoke("criteria", "diff", "cu.yaml", "moi.yaml", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["summary"]["renamed"] == 1 and data["summary"]["max_changed"] == 2
    code, out = invoke("criteria", "diff", "cu.yaml", "khong-co.yaml")
    assert code == 2 and "Không tìm thấy bộ tiêu chí 'khong-co.yaml'" in out


def test_diff_reports_step_evidence_and_rule_changes(in_tmp: Path, invoke: Invoke) -> None:
    """Review: a new step (0,25 → 0,5) made "Không có khác biệt" while dossiers carried over
    got A007 errors."""
    text = shipped_criteria_text()
    (in_tmp / "cu.yaml").write_text(text, encoding="utf-8")
    start = text.index('code: "1.1"\n')  # 1.1 is a scored leaf with step 0.25
    head, tail = text[:start], text[start:]
    assert "step: 0.25" in tail.split("- code:", 1)[0]
    tail = tail.replace("step: 0.25", "step: 0.5", 1)
    (in_tmp / "moi.yaml").write_text(head + tail, encoding="utf-8")
    code, out = invoke("criteria", "diff", "cu.yaml", "moi.yaml")
    assert code == 0, out
    assert "Không có khác biệt" not in out
    assert "Đổi bước điểm (1):" in out and "1.1: bước điểm 0,25 → 0,5" in out
    assert "A007" in out
    code, out = invoke("criteria", "diff", "cu.yaml", "moi.yaml", "--format", "json")
    data = json.loads(out)
    assert data["summary"]["step_changed"] == 1
    change = data["changes"][0]
    assert change["kind"] == "step_changed"
    assert (change["old"]["step"], change["new"]["step"]) == ("0.25", "0.5")


def test_help_does_not_import_heavy_libraries() -> None:
    probe = (
        "import sys\n"
        "sys.argv = ['parcli', 'criteria', '--help']\n"
        "from parcli.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('HEAVY=' + ','.join(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('openpyxl', 'docx', 'jinja2'))))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert "HEAVY=\n" in proc.stdout, proc.stdout + proc.stderr
    assert "import" in proc.stdout and "diff" in proc.stdout


def test_header_constant_is_the_appendix_header() -> None:
    assert HEADER[0] == "STT"
