"""Rules on the evidence an answer lists: the file exists, inside the dossier, dated sensibly."""

from __future__ import annotations

import datetime as dt

from parcli.findings import (
    Finding,
    Where,
    make,
)
from parcli.formats.evidence import EvidenceResolver, Status
from parcli.formats.loading import LoadedDossier
from parcli.model import Answer, Dossier, Evidence, Leaf
from parcli.rules.locate import at
from parcli.text import format_date


def check_evidence(
    loaded: LoadedDossier,
    resolver: EvidenceResolver,
    dossier: Dossier,
    leaf: Leaf,
    answer: Answer,
    where: Where,
    as_of: dt.date,
) -> list[Finding]:
    """E001–E009 for the evidence items of one answer: path, file, duplicates, dates."""
    return check_evidence_items(
        loaded, resolver, dossier, leaf, answer.evidence, where, as_of, ("evidence",)
    )


def check_evidence_items(
    loaded: LoadedDossier,
    resolver: EvidenceResolver,
    dossier: Dossier,
    leaf: Leaf,
    items: list[Evidence],
    where: Where,
    as_of: dt.date,
    fields: tuple[str, ...],
) -> list[Finding]:
    """E001–E009 for evidence items listed under ``fields`` of an answer (``("evidence",)``,
    or ``("response", "evidence")`` for the supplementary evidence of a giải trình)."""
    findings: list[Finding] = []
    code = leaf.code
    period = dossier.evidence_window
    seen_paths: set[str] = set()
    for i, item in enumerate(items):
        ewhere = _Lazy(loaded, where, fields, i)  # the item's line is looked up only for a finding
        norm = item.path.replace("\\", "/")
        if norm in seen_paths:
            findings.append(
                make(
                    "E007",
                    f"Tài liệu {item.path} kê hai lần cho {leaf.label.lower()} {code}",
                    "Xóa dòng lặp.",
                    at=ewhere.item(),
                )
            )
        seen_paths.add(norm)
        resolved = resolver.resolve(item.path)
        if resolved.status is Status.OUTSIDE:
            findings.append(
                make(
                    "E003",
                    f"Đường dẫn '{item.path}' ra ngoài thư mục hồ sơ; parcli không đọc "
                    "tệp ngoài hồ sơ",
                    "Chép tài liệu vào thư mục evidence/ của hồ sơ và ghi đường dẫn "
                    "tương đối, ví dụ evidence/ke-hoach.pdf.",
                    at=ewhere.item(),
                )
            )
        elif resolved.status is Status.MISSING:
            hint = (
                f"Có phải là '{resolved.suggestion}'?"
                if resolved.suggestion
                else "Kiểm tra tên tệp và thư mục (đường dẫn tính từ thư mục hồ sơ)."
            )
            findings.append(
                make("E001", f"Không tìm thấy tệp '{item.path}'", hint, at=ewhere.item())
            )
        elif resolved.status is Status.SPECIAL:
            findings.append(
                make(
                    "E011",
                    f"'{item.path}' không phải tệp thông thường (FIFO, thiết bị hoặc socket)",
                    "Chỉ tệp thông thường (PDF, Word, ảnh…) mới là tài liệu kiểm chứng; chép tệp "
                    "thật vào thư mục evidence/.",
                    at=ewhere.item(),
                )
            )
        elif resolved.status is Status.AMBIGUOUS:
            findings.append(
                make(
                    "E012",
                    f"Có hai tệp cùng tên '{resolved.suggestion}' khác nhau chỉ ở cách mã hóa "
                    "dấu tiếng Việt (Unicode NFC và NFD); không biết tệp nào là tài liệu",
                    "Xóa hoặc đổi tên một trong hai tệp (thường do chép từ máy Mac).",
                    at=ewhere.item(),
                )
            )
        elif resolved.status is Status.FOLDER:
            findings.append(
                make(
                    "E002",
                    f"'{item.path}' là một thư mục, không phải tệp",
                    "Ghi từng tệp trong thư mục làm một tài liệu kiểm chứng.",
                    at=ewhere.item(),
                )
            )
        elif resolved.relative is not None:
            findings.append(
                make(
                    "E009",
                    f"Đường dẫn '{item.path}' là đường dẫn tuyệt đối trên máy này; tệp nằm trong "
                    f"hồ sơ nên parcli vẫn dùng được, nhưng trên máy khác đường dẫn sẽ sai",
                    f"Ghi đường dẫn tương đối (không có ổ đĩa, không có dấu nháy): "
                    f"{resolved.actual or resolved.relative}",
                    at=ewhere.item(),
                )
            )
        elif resolved.actual is not None:
            findings.append(
                make(
                    "E008",
                    f"Tên '{item.path}' chỉ khác chữ hoa/thường so với tệp trên đĩa "
                    f"'{resolved.actual}'; parcli dùng tệp này và lưu vào hồ sơ nộp với tên "
                    "trên đĩa",
                    f"Sửa đường dẫn thành {resolved.actual} cho khớp.",
                    at=ewhere.item(),
                )
            )
        if resolved.status is Status.OK and resolved.size == 0:
            findings.append(
                make(
                    "E006",
                    f"Tệp '{item.path}' rỗng (0 byte)",
                    "Chép lại tệp đúng; tệp rỗng không mở được.",
                    at=ewhere.item(),
                )
            )
        if item.issued is not None:
            earliest = period.start
            if leaf.evidence_before_year:
                earliest = min(earliest, dt.date(dossier.year - 1, 1, 1))
            if item.issued > as_of:
                findings.append(
                    make(
                        "E004",
                        f"Tài liệu '{item.path}' ghi ngày ban hành "
                        f"{format_date(item.issued)}, sau ngày kiểm tra "
                        f"{format_date(as_of)}",
                        "Sửa ngày ban hành (issued) hoặc kiểm tra lại tài liệu.",
                        at=at(loaded, where, *fields, i, "issued"),
                    )
                )
            elif not earliest <= item.issued <= period.end:
                findings.append(
                    make(
                        "E005",
                        f"Tài liệu '{item.path}' ban hành {format_date(item.issued)}, "
                        f"ngoài kỳ đánh giá ({format_date(earliest)}–"
                        f"{format_date(period.end)})",
                        "Tài liệu kiểm chứng phải phản ánh kết quả của năm đánh giá; "
                        "kiểm tra lại hoặc giải trình.",
                        at=at(loaded, where, *fields, i, "issued"),
                    )
                )
    return findings


class _Lazy:
    """Where an evidence item is, computed on first use (most items have no finding)."""

    def __init__(
        self, loaded: LoadedDossier, where: Where, fields: tuple[str, ...], index: int
    ) -> None:
        self.loaded, self.where, self.fields, self.index = loaded, where, fields, index
        self._item: Where | None = None

    def item(self) -> Where:
        if self._item is None:
            self._item = at(self.loaded, self.where, *self.fields, self.index)
        return self._item
