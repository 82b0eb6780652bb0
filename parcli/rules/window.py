"""Rules on time: the self-scoring window, the deadline, lateness."""

from __future__ import annotations

from parcli.findings import (
    Finding,
    make,
)
from parcli.formats.loading import LoadedDossier, answer_line
from parcli.model import Dossier
from parcli.scoring.scorecard import Scorecard
from parcli.scoring.window import Phase, WindowStatus
from parcli.text import format_date


def check_window(
    loaded: LoadedDossier, dossier: Dossier, card: Scorecard, status: WindowStatus
) -> list[Finding]:
    findings: list[Finding] = []
    phase = status.phase
    if phase is Phase.BEFORE:
        code = "W001"
    elif phase is Phase.OPEN:
        code = "W002"
    elif phase is Phase.SUBMITTED and not status.late:
        code = "W003" if status.as_of > dossier.window.end else "W002"
    else:
        code = "W003"
    for result in card.in_scope_leaves:
        division = result.division or ""
        if (
            result.answered
            or (division, result.leaf.code) in loaded.failed_answers
            or division in loaded.broken_files
        ):
            continue  # an error about this answer or its file is already reported
        file, line, col = answer_line(loaded, division, result.leaf.code)
        name = dossier.division(division)
        who = name.name if name else division
        head = f"{result.leaf.label} {result.leaf.code} ({who}) chưa có điểm"
        end = format_date(dossier.window.end)
        if code == "W001":
            tail = "chưa đến thời gian tự chấm"
        elif code == "W002" and status.days_to_window_end <= 0:
            tail = f"hôm nay là ngày cuối của thời gian tự chấm ({end})"
        elif code == "W002":
            tail = f"còn {status.days_to_window_end} ngày đến hạn {end}"
        else:
            tail = f"đã hết thời gian tự chấm ({end})"
        message = f"{head}; {tail}"
        findings.append(
            make(
                code,
                message,
                f"Đơn vị {who} nhập điểm (score) cho {result.leaf.label.lower()} này trong "
                f"divisions/{division}.yaml.",
                file=file or f"divisions/{division}.yaml",
                line=line,
                col=col,
                criterion=result.leaf.code,
                division=division,
            )
        )
    doc = loaded.docs["dossier.yaml"]
    if phase is Phase.OVERDUE:
        line, col = doc.where(("submit_before",))
        findings.append(
            make(
                "W004",
                status.message,
                "Gửi hồ sơ ngay; khi đã gửi, ghi ngày gửi vào submitted_on trong dossier.yaml.",
                file=doc.file,
                line=line,
                col=col,
            )
        )
    if phase is Phase.SUBMITTED and status.late:
        line, col = doc.where(("submitted_on",))
        findings.append(
            make(
                "W005",
                status.message,
                "Ghi nhận việc gửi muộn trong báo cáo (nếu cần).",
                file=doc.file,
                line=line,
                col=col,
            )
        )
    return findings
