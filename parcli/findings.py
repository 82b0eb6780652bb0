"""Findings: what validation reports, as data (code, severity, location, message, hint).

Validators return lists of :class:`Finding`; the caller decides how to print them or whether to
fail. Every code is listed in :data:`CATALOGUE`, from which ``docs/findings.md`` is generated, so
a code is stable and documented.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from enum import Enum
from typing import TypedDict


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclasses.dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    hint: str = ""
    file: str | None = None  # path relative to the dossier root, with "/"
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based
    criterion: str | None = None
    division: str | None = None
    sheet: str | None = None  # a spreadsheet: the sheet name (line, col: the cell's row, column)
    cell: str | None = None  # a spreadsheet: the cell reference, e.g. "E12"

    @property
    def location(self) -> str:
        """``path:line:col`` (the form editors and terminals make clickable); for a cell of a
        spreadsheet ``file!sheet!E12``, the form Excel's "Go To" box understands."""
        if self.file is None:
            return ""
        if self.sheet is not None:
            return f"{self.file}!{self.sheet}" + (f"!{self.cell}" if self.cell else "")
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.col or 1}"

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "location": self.location or None,
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "criterion": self.criterion,
            "division": self.division,
            "sheet": self.sheet,
            "cell": self.cell,
            "message": self.message,
            "hint": self.hint,
        }


class Role(str, Enum):
    """What a finding means for a build, beyond its severity (data, not lists in the code)."""

    CONTENT = "content"  # an error here blocks a final build
    MISSING = "missing"  # an in-scope leaf without a score: blocks a final build at any severity
    LATE = "late"  # lateness: reported, never blocks (a late package is better than none)
    REGISTER = "register"  # the survey register: shown by validate, never part of a build

    @property
    def label(self) -> str:
        return {
            "content": "lỗi chặn bản chính thức",
            "missing": "chưa chấm: luôn chặn bản chính thức",
            "late": "chỉ nhắc, không chặn",
            "register": "danh sách khảo sát: không thuộc gói hồ sơ, không chặn",
        }[self.value]


@dataclasses.dataclass(frozen=True)
class CodeInfo:
    severity: Severity
    title: str  # one line in Vietnamese, for docs/findings.md
    role: Role = Role.CONTENT


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CATALOGUE: dict[str, CodeInfo] = {
    # Y: reading YAML
    "Y001": CodeInfo(E, "Lỗi cú pháp YAML (thụt lề, dấu hai chấm, dấu nháy)"),
    "Y002": CodeInfo(
        E, "Khóa bị lặp trong cùng một bảng (một giá trị sẽ bị bỏ mất; parcli giữ giá trị đầu)"
    ),
    "Y003": CodeInfo(W, "Mã tiêu chí viết không có dấu nháy nên YAML đọc thành số"),
    "Y004": CodeInfo(
        E, "Mã tiêu chí viết không có dấu nháy và bị đổi khi đọc (ví dụ 1.10 thành 1.1)"
    ),
    "Y005": CodeInfo(E, "Tệp không đọc được (không tồn tại, không phải UTF-8, rỗng)"),
    "Y006": CodeInfo(E, "Tệp dùng bí danh YAML (& và *), parcli không hỗ trợ"),
    "Y007": CodeInfo(
        E, "Tệp vượt giới hạn của tệp hồ sơ (dung lượng, số cấp lồng nhau, số giá trị, độ dài)"
    ),
    # S: shape of a file (pydantic)
    "S001": CodeInfo(E, "Thiếu trường bắt buộc"),
    "S002": CodeInfo(E, "Trường không có trong định dạng (có thể gõ sai tên)"),
    "S003": CodeInfo(E, "Giá trị sai kiểu hoặc không hợp lệ"),
    # D: the dossier file
    "D001": CodeInfo(E, "Đơn vị khai báo trùng mã"),
    "D002": CodeInfo(E, "Phân công cho đơn vị không có trong danh sách"),
    "D003": CodeInfo(E, "Phân công mã tiêu chí không có trong bộ tiêu chí"),
    "D004": CodeInfo(E, "Một tiêu chí thành phần được giao cho hai đơn vị chủ trì"),
    "D005": CodeInfo(W, "Phân công tiêu chí chấm bằng điều tra xã hội học (không tự chấm)"),
    "D006": CodeInfo(E, "Ngày trong hồ sơ không nhất quán (thời hạn, thời gian tự chấm)"),
    "D007": CodeInfo(
        INFO, "Có tiêu chí thành phần không giao cho đơn vị nào (ngoài phạm vi của Sở)"
    ),
    "D008": CodeInfo(W, "Đơn vị không có tệp trả lời trong thư mục divisions/"),
    "D009": CodeInfo(E, "Tệp trong divisions/ không khớp với đơn vị nào"),
    "D010": CodeInfo(W, "Đơn vị được khai báo nhưng không được giao tiêu chí nào"),
    "D012": CodeInfo(W, "Chưa khai báo người ký báo cáo (report.signer)"),
    "D013": CodeInfo(W, "Thông tin cơ quan còn giữ giá trị của hồ sơ ví dụ (SGTVTXD, Lào Cai)"),
    "D014": CodeInfo(
        E, "Đường dẫn ra ngoài thư mục hồ sơ (bộ tiêu chí, tệp đơn vị, build_dir, mẫu văn bản)"
    ),
    "D011": CodeInfo(
        E, "Tệp trả lời của đơn vị không dùng được; các tiêu chí của đơn vị chưa được kiểm tra"
    ),
    # L: last year left in this year's dossier
    "L001": CodeInfo(W, "Văn bản trong báo cáo giống hệt báo cáo năm trước (căn cứ, giải pháp…)"),
    "L002": CodeInfo(W, "Văn bản căn cứ hoặc trích yếu ghi một năm trước năm đánh giá"),
    "L003": CodeInfo(W, "Ngày trong hồ sơ thuộc năm trước năm đánh giá (còn là ngày năm trước?)"),
    "L004": CodeInfo(W, "last_year.yaml không phải kết quả của một năm trước"),
    "L005": CodeInfo(W, "Số liệu năm trước theo một bộ tiêu chí khác bộ của hồ sơ"),
    # C: the criteria set
    "C001": CodeInfo(E, "Mã tiêu chí bị trùng trong bộ tiêu chí"),
    "C002": CodeInfo(E, "Điểm tối đa của mục cha khác tổng điểm tối đa của các mục con"),
    "C003": CodeInfo(E, "Số lượng lĩnh vực, tiêu chí, tiêu chí thành phần khác số đã khai báo"),
    "C004": CodeInfo(E, "Tổng điểm tối đa khác số đã khai báo"),
    "C005": CodeInfo(E, "Mã của mục con không bắt đầu bằng mã của mục cha"),
    "C006": CodeInfo(E, "Điểm tối đa không chia hết cho bước điểm"),
    "C007": CodeInfo(INFO, "Bộ tiêu chí minh họa, không phải bộ tiêu chí chính thức"),
    # A: answers (scores)
    "A001": CodeInfo(E, "Trả lời cho mã tiêu chí không có trong bộ tiêu chí"),
    "A002": CodeInfo(E, "Trả lời cho mục không phải tiêu chí thành phần chấm điểm (mục cha)"),
    "A003": CodeInfo(E, "Đơn vị trả lời tiêu chí không được giao chủ trì"),
    "A004": CodeInfo(E, "Một tiêu chí được hai đơn vị trả lời"),
    "A005": CodeInfo(E, "Điểm âm"),
    "A006": CodeInfo(E, "Điểm vượt điểm tối đa"),
    "A007": CodeInfo(E, "Điểm không đúng bước điểm (ví dụ bước 0,5 mà chấm 0,3)"),
    "A008": CodeInfo(E, "Tự chấm điểm cho tiêu chí chấm bằng điều tra xã hội học"),
    "A009": CodeInfo(E, "Có điểm nhưng không có tài liệu kiểm chứng và không có giải trình"),
    "A010": CodeInfo(W, "Bị trừ điểm nhưng không nêu lý do (cần cho mục tồn tại, hạn chế)"),
    "A011": CodeInfo(W, "Cập nhật sau khi đã hết thời gian tự chấm"),
    "A012": CodeInfo(INFO, "Không có tài liệu kiểm chứng, đã có giải trình"),
    "A013": CodeInfo(E, "Tên tệp trả lời không khớp với mã đơn vị ghi bên trong"),
    "A014": CodeInfo(E, "Ngày cập nhật ở tương lai so với ngày kiểm tra"),
    "A015": CodeInfo(E, "Hai tệp trả lời cùng ghi là của một đơn vị"),
    # E: evidence
    "E001": CodeInfo(E, "Tệp tài liệu kiểm chứng không tồn tại"),
    "E002": CodeInfo(E, "Đường dẫn tài liệu kiểm chứng là một thư mục"),
    "E003": CodeInfo(E, "Đường dẫn tài liệu kiểm chứng ra ngoài thư mục hồ sơ"),
    "E004": CodeInfo(E, "Tài liệu kiểm chứng ban hành sau ngày kiểm tra"),
    "E005": CodeInfo(W, "Tài liệu kiểm chứng ban hành ngoài kỳ đánh giá"),
    "E006": CodeInfo(W, "Tệp tài liệu kiểm chứng rỗng (0 byte)"),
    "E007": CodeInfo(W, "Cùng một tài liệu được kê hai lần cho một tiêu chí"),
    "E008": CodeInfo(W, "Tên tệp tài liệu chỉ khác chữ hoa/thường so với tệp trên đĩa"),
    "E009": CodeInfo(W, "Đường dẫn tuyệt đối (ổ đĩa, thư mục máy) tới một tệp trong hồ sơ"),
    "E011": CodeInfo(E, "Tài liệu kiểm chứng không phải tệp thông thường (FIFO, thiết bị, socket)"),
    "E012": CodeInfo(
        E, "Hai tệp trùng tên, chỉ khác cách mã hóa Unicode (NFC/NFD): không rõ tệp nào"
    ),
    # W: the self-scoring window and the deadline
    "W001": CodeInfo(INFO, "Chưa đến thời gian tự chấm; tiêu chí chưa có điểm", Role.MISSING),
    "W002": CodeInfo(W, "Đang trong thời gian tự chấm; tiêu chí chưa có điểm", Role.MISSING),
    "W003": CodeInfo(E, "Đã hết thời gian tự chấm; tiêu chí chưa có điểm", Role.MISSING),
    "W004": CodeInfo(E, "Đã quá hạn gửi hồ sơ cho Sở Nội vụ", Role.LATE),
    "W005": CodeInfo(
        INFO, "Hồ sơ đã gửi muộn so với hạn (ghi nhận, không còn là lỗi để sửa)", Role.LATE
    ),
    # X: the survey register (survey.yaml, điều tra xã hội học); never blocks a build
    "X001": CodeInfo(E, "E-mail của người được khảo sát sai cú pháp", Role.REGISTER),
    "X002": CodeInfo(E, "Số điện thoại của người được khảo sát sai cú pháp", Role.REGISTER),
    "X003": CodeInfo(
        W, "Người được khảo sát chưa có e-mail (phiếu được gửi qua e-mail)", Role.REGISTER
    ),
    "X004": CodeInfo(E, "Một e-mail ghi cho hai người trong danh sách khảo sát", Role.REGISTER),
    "X005": CodeInfo(
        W, "Một người ghi hai lần (cùng họ tên và đơn vị, hoặc cùng số điện thoại)", Role.REGISTER
    ),
    "X006": CodeInfo(E, "Người được khảo sát thuộc nhóm không có trong groups", Role.REGISTER),
    "X007": CodeInfo(
        W, "Nhóm chưa đủ số người phải đăng ký (chính thức hoặc dự phòng)", Role.REGISTER
    ),
    "X008": CodeInfo(W, "Nhóm có nhiều người hơn số phải đăng ký", Role.REGISTER),
    "X009": CodeInfo(W, "Chức vụ của người được khảo sát không thuộc nhóm đã ghi", Role.REGISTER),
    "X010": CodeInfo(
        E, "Đơn vị của người được khảo sát không có trong dossier.yaml", Role.REGISTER
    ),
    "X011": CodeInfo(
        E, "Người đã được khảo sát năm trước bị đăng ký lại (hướng dẫn không cho)", Role.REGISTER
    ),
    "X012": CodeInfo(INFO, "Số ngày còn lại đến hạn gửi danh sách khảo sát", Role.REGISTER),
    "X013": CodeInfo(E, "Đã quá hạn gửi danh sách khảo sát mà chưa ghi ngày gửi", Role.REGISTER),
    "X014": CodeInfo(W, "Danh sách khảo sát đã gửi muộn so với hạn", Role.REGISTER),
    "X015": CodeInfo(
        E,
        "Ngày gửi, ngày trả lời phiếu không nhất quán với trạng thái hoặc thời gian",
        Role.REGISTER,
    ),
    "X016": CodeInfo(W, "Hết thời gian trả lời phiếu mà còn người chưa trả lời", Role.REGISTER),
    "X017": CodeInfo(E, "Mã nhóm khảo sát khai báo hai lần", Role.REGISTER),
    "X018": CodeInfo(
        W,
        "Không kiểm tra được việc lặp lại người năm trước (thiếu hoặc không đọc được danh sách)",
        Role.REGISTER,
    ),
    # T: the appraisal round (thẩm định) and the giải trình
    "T001": CodeInfo(E, "Kết quả thẩm định cho mã tiêu chí không có trong bộ tiêu chí"),
    "T002": CodeInfo(E, "Kết quả thẩm định cho mục không được chấm điểm (mục cha)"),
    "T003": CodeInfo(E, "Điểm thẩm định vượt điểm tối đa"),
    "T004": CodeInfo(E, "Điểm thẩm định không đúng bước điểm"),
    "T005": CodeInfo(E, "Điểm thẩm định cho tiêu chí chấm bằng điều tra xã hội học"),
    "T006": CodeInfo(E, "Kết quả thẩm định của cơ quan khác hoặc năm khác"),
    "T007": CodeInfo(
        E, "Điểm điều tra xã hội học hoặc tổng điểm công bố không hợp lệ (mã, vượt tối đa)"
    ),
    "T008": CodeInfo(W, "Kết quả thẩm định cho tiêu chí ngoài phạm vi tự chấm của Sở"),
    "T009": CodeInfo(W, "Có yêu cầu giải trình nhưng dossier.yaml chưa ghi hạn gửi giải trình"),
    "T010": CodeInfo(INFO, "Hạn gửi báo cáo giải trình và số ngày còn lại"),
    "T011": CodeInfo(W, "Tiêu chí được yêu cầu giải trình nhưng đơn vị chủ trì chưa giải trình"),
    "T012": CodeInfo(
        E, "Đã quá hạn gửi giải trình; tiêu chí được yêu cầu chưa có giải trình", Role.LATE
    ),
    "T013": CodeInfo(E, "Báo cáo giải trình đã gửi muộn so với hạn", Role.LATE),
    "T014": CodeInfo(
        W, "Giải trình cho tiêu chí không bị trừ điểm, không được yêu cầu (không vào báo cáo)"
    ),
    # T02x: reading the council's table (parcli appraisal import)
    "T020": CodeInfo(E, "Bảng điểm thẩm định: không tìm thấy dòng tiêu đề hoặc cột cần thiết"),
    "T021": CodeInfo(E, "Bảng điểm thẩm định: ô điểm không phải là số"),
    "T022": CodeInfo(E, "Bảng điểm thẩm định: một mã có hai dòng với kết quả khác nhau"),
    "T023": CodeInfo(INFO, "Bảng điểm thẩm định: tiêu chí của Sở chưa có điểm thẩm định"),
    "T024": CodeInfo(INFO, "Bảng điểm thẩm định: ô điểm là công thức, parcli dùng giá trị đã lưu"),
    "T025": CodeInfo(W, "Bảng điểm thẩm định: mã tiêu chí lưu dạng số, có thể đã bị đổi"),
    # F: division forms (parcli forms import)
    "F001": CodeInfo(E, "Tệp không phải tệp Excel .xlsx đọc được (.xls cũ, CSV đổi tên, tệp hỏng)"),
    "F002": CodeInfo(E, "Tệp Excel có đặt mật khẩu (mã hóa)"),
    "F003": CodeInfo(E, "Tệp Excel có macro (.xlsm); parcli không mở tệp có macro"),
    "F004": CodeInfo(E, "Tệp quá lớn hoặc có cấu trúc bất thường; không đọc để tránh treo máy"),
    "F005": CodeInfo(E, "Tệp không phải phiếu tự chấm do parcli xuất (thiếu trang nhận dạng)"),
    "F006": CodeInfo(E, "Phiếu của cơ quan (hồ sơ) khác"),
    "F007": CodeInfo(E, "Phiếu của năm đánh giá khác"),
    "F008": CodeInfo(E, "Phiếu của đơn vị không có trong hồ sơ, hoặc hai phiếu của một đơn vị"),
    "F009": CodeInfo(E, "Phiếu lập theo bộ tiêu chí khác hoặc phiên bản khác của bộ tiêu chí"),
    "F010": CodeInfo(E, "Phiếu theo phiên bản định dạng mà parcli này không đọc được"),
    "F011": CodeInfo(E, "Không tìm thấy dòng tiêu đề hoặc thiếu cột bắt buộc (Mã, Điểm tự chấm)"),
    "F012": CodeInfo(E, "Mã trong phiếu không có trong bộ tiêu chí"),
    "F013": CodeInfo(E, "Mã trong phiếu là tiêu chí của đơn vị khác (hoặc không giao cho ai)"),
    "F014": CodeInfo(E, "Một mã có hai dòng trong phiếu"),
    "F015": CodeInfo(E, "Ô mã là số, Excel có thể đã đổi mã (1.10 thành 1.1)"),
    "F016": CodeInfo(E, "Điểm tự chấm không đọc được là số"),
    "F017": CodeInfo(E, "Ô có công thức nhưng không có giá trị đã tính"),
    "F018": CodeInfo(E, "Dòng tài liệu kiểm chứng viết sai (ngày, số phần ngăn bởi |)"),
    "F019": CodeInfo(E, "Tệp tài liệu gửi kèm trùng tên với tệp khác nội dung đã có trong hồ sơ"),
    "F020": CodeInfo(E, "Tệp tài liệu gửi kèm không dùng được (tên, đường dẫn, dung lượng)"),
    "F021": CodeInfo(W, "Tiêu chí được giao không có dòng trong phiếu; giữ nguyên trả lời cũ"),
    "F022": CodeInfo(W, "Ô bị gộp (merge) hoặc dòng không có mã; phần đó không được đọc"),
    "F023": CodeInfo(INFO, "Ô có công thức; parcli dùng giá trị đã tính và lưu trong tệp"),
    "F024": CodeInfo(E, "Tệp trả lời của đơn vị có lỗi hoặc không sửa được an toàn; không sửa"),
    "F025": CodeInfo(
        E, "Hồ sơ và phiếu cùng sửa một trường sau khi xuất phiếu (không biết giữ bên nào)"
    ),
}


class Where(TypedDict, total=False):
    """Where a finding points: file, line, column, criterion, division, and for a spreadsheet
    the sheet and cell (all optional)."""

    file: str | None
    line: int | None
    col: int | None
    criterion: str | None
    division: str | None
    sheet: str | None
    cell: str | None


def make(
    code: str,
    message: str,
    hint: str = "",
    *,
    severity: Severity | None = None,
    at: Where | None = None,
    file: str | None = None,
    line: int | None = None,
    col: int | None = None,
    criterion: str | None = None,
    division: str | None = None,
    sheet: str | None = None,
    cell: str | None = None,
) -> Finding:
    """Build a finding; the severity defaults to the catalogue's.

    ``at`` gives a location as a dict; explicit keywords take precedence over it.
    """
    info = CATALOGUE[code]
    base = at or {}
    return Finding(
        code=code,
        severity=severity or info.severity,
        message=message,
        hint=hint,
        file=file if file is not None else base.get("file"),
        line=line if line is not None else base.get("line"),
        col=col if col is not None else base.get("col"),
        criterion=criterion if criterion is not None else base.get("criterion"),
        division=division if division is not None else base.get("division"),
        sheet=sheet if sheet is not None else base.get("sheet"),
        cell=cell if cell is not None else base.get("cell"),
    )


SURVEY_FILE = "survey.yaml"  # the register (parcli.model.survey); its findings never block


def role_of(finding: Finding) -> Role:
    if finding.file == SURVEY_FILE:
        return Role.REGISTER
    info = CATALOGUE.get(finding.code)
    return info.role if info is not None else Role.CONTENT


def is_late(finding: Finding) -> bool:
    return role_of(finding) is Role.LATE


def is_missing_score(finding: Finding) -> bool:
    return role_of(finding) is Role.MISSING


def blocks_build(finding: Finding) -> bool:
    """What stops a final build: content errors, and every in-scope leaf without a score."""
    role = role_of(finding)
    return role is Role.MISSING or (role is Role.CONTENT and finding.severity is Severity.ERROR)


def is_other_warning(finding: Finding) -> bool:
    """A warning that is neither lateness nor a missing score (counted apart in summaries)."""
    return role_of(finding) is Role.CONTENT and finding.severity is Severity.WARNING


def is_content_error(finding: Finding) -> bool:
    return role_of(finding) is Role.CONTENT and finding.severity is Severity.ERROR


def codes_with(role: Role) -> list[str]:
    return [code for code, info in CATALOGUE.items() if info.role is role]


def is_survey(finding: Finding) -> bool:
    """A finding about the survey register (survey.yaml): never blocks or counts in a build."""
    return role_of(finding) is Role.REGISTER


@dataclasses.dataclass(frozen=True)
class DraftCounts:
    """What a draft still lacks, counted once for the terminal and the report's banner."""

    errors: int  # content errors (not lateness, not missing scores)
    missing: int  # in-scope leaves without a score
    warnings: int  # other warnings

    @property
    def text(self) -> str:
        """ "2 lỗi, 3 tiêu chí chưa chấm, 1 cảnh báo" or "" when nothing is left."""
        parts = [f"{self.errors} lỗi"] if self.errors else []
        parts += [f"{self.missing} tiêu chí chưa chấm"] if self.missing else []
        parts += [f"{self.warnings} cảnh báo"] if self.warnings else []
        return ", ".join(parts)


def draft_counts(findings: Iterable[Finding]) -> DraftCounts:
    errors = missing = warnings = 0
    for f in findings:
        if is_missing_score(f):
            missing += 1
        elif is_content_error(f):
            errors += 1
        elif is_other_warning(f):
            warnings += 1
    return DraftCounts(errors, missing, warnings)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Stable order: by file, line, then code (the order a user fixes them in)."""
    return sorted(
        findings,
        key=lambda f: (f.file or "", f.line or 0, f.col or 0, f.code, f.criterion or "", f.message),
    )


def count(findings: Iterable[Finding]) -> dict[Severity, int]:
    result = dict.fromkeys(Severity, 0)
    for f in findings:
        result[f.severity] += 1
    return result
