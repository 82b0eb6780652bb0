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

    @property
    def location(self) -> str:
        """``path:line:col`` (the form editors and terminals make clickable)."""
        if self.file is None:
            return ""
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
            "message": self.message,
            "hint": self.hint,
        }


@dataclasses.dataclass(frozen=True)
class CodeInfo:
    severity: Severity
    title: str  # one line in Vietnamese, for docs/findings.md


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
    "D014": CodeInfo(
        E, "Đường dẫn ra ngoài thư mục hồ sơ (bộ tiêu chí, tệp đơn vị, build_dir, mẫu văn bản)"
    ),
    "D011": CodeInfo(
        E, "Tệp trả lời của đơn vị không dùng được; các tiêu chí của đơn vị chưa được kiểm tra"
    ),
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
    "E011": CodeInfo(E, "Tài liệu kiểm chứng không phải tệp thông thường (FIFO, thiết bị, socket)"),
    "E012": CodeInfo(
        E, "Hai tệp trùng tên, chỉ khác cách mã hóa Unicode (NFC/NFD): không rõ tệp nào"
    ),
    # W: the self-scoring window and the deadline
    "W001": CodeInfo(INFO, "Chưa đến thời gian tự chấm; tiêu chí chưa có điểm"),
    "W002": CodeInfo(W, "Đang trong thời gian tự chấm; tiêu chí chưa có điểm"),
    "W003": CodeInfo(E, "Đã hết thời gian tự chấm; tiêu chí chưa có điểm"),
    "W004": CodeInfo(E, "Đã quá hạn gửi hồ sơ cho Sở Nội vụ"),
    "W005": CodeInfo(E, "Hồ sơ đã gửi muộn so với hạn"),
}


class Where(TypedDict, total=False):
    """Where a finding points: file, line, column, criterion, division (all optional)."""

    file: str | None
    line: int | None
    col: int | None
    criterion: str | None
    division: str | None


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
    )


LATENESS_CODES = ("W004", "W005")  # reported, never blocking a build
MISSING_SCORE_CODES = ("W001", "W002", "W003")  # an in-scope leaf without a score


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
        if f.code in MISSING_SCORE_CODES:
            missing += 1
        elif f.code in LATENESS_CODES:
            continue
        elif f.severity is Severity.ERROR:
            errors += 1
        elif f.severity is Severity.WARNING:
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
