"""The small error hierarchy of parcli and the exit codes it maps to.

Every error a user can cause is a :class:`ParcliError`; the CLI prints its message (in
Vietnamese) without a traceback and exits with :attr:`ParcliError.exit_code`.
"""

from __future__ import annotations

import errno
from enum import IntEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parcli.findings import Finding


class ExitCode(IntEnum):
    """Exit codes, documented in ``docs/cli.md``."""

    OK = 0
    FINDINGS = 1  # the dossier was read, and has errors (or warnings with --strict)
    UNREADABLE = 2  # the dossier cannot be read, or the command line is wrong
    BUILD_FAILED = 3  # a build could not be written or failed its own check
    INTERNAL = 70  # a bug in parcli


class ParcliError(Exception):
    """Base of all errors a user can cause; the message is shown as is."""

    exit_code: ExitCode = ExitCode.UNREADABLE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(ParcliError):
    """The command line asks for something impossible."""


class DossierNotFound(ParcliError):
    """There is no dossier.yaml where the user pointed."""


class DossierUnreadable(ParcliError):
    """dossier.yaml or the criteria set cannot be read at all."""


class CriteriaNotFound(ParcliError):
    """The criteria set named in the dossier does not exist."""


class OutputExists(ParcliError):
    """parcli would overwrite something the user has."""


class ContentErrors(ParcliError):
    """The dossier has findings of severity error (build refuses to go on)."""

    exit_code = ExitCode.FINDINGS


class BuildFailed(ParcliError):
    """Writing the package failed, or the written files do not match the scoring."""

    exit_code = ExitCode.BUILD_FAILED


class ImportFailed(ParcliError):
    """A criteria table could not be read or understood."""

    exit_code = ExitCode.FINDINGS


class TableUnreadable(ImportFailed):
    """The file cannot be read as a criteria table at all (exit code 2)."""

    exit_code = ExitCode.UNREADABLE


class TemplateFailed(ParcliError):
    """A template (usually a dossier-local override) cannot be read or rendered."""


class AppraisalTableUnreadable(ParcliError):
    """The council's table cannot be read at all (not .xlsx, broken, too big; exit code 2)."""


class AppraisalImportRefused(ContentErrors):
    """The council's table has errors; nothing was written (``findings`` lists them)."""

    def __init__(self, message: str, hint: str | None, findings: list[Finding]) -> None:
        super().__init__(message, hint)
        self.findings = findings


class BuildRefused(ContentErrors):
    """The dossier has content errors; ``findings`` lists them (exit code 1)."""

    def __init__(self, message: str, hint: str | None, findings: list[Finding]) -> None:
        super().__init__(message, hint)
        self.findings = findings


class BuildUnreadable(DossierUnreadable):
    """dossier.yaml or the criteria set cannot be read; ``findings`` says why (exit code 2)."""

    def __init__(self, message: str, hint: str | None, findings: list[Finding]) -> None:
        super().__init__(message, hint)
        self.findings = findings


class SurveyNotFound(ParcliError):
    """The dossier has no survey.yaml (the survey register is optional)."""


class SurveyUnreadable(ParcliError):
    """survey.yaml cannot be used at all (YAML syntax, wrong shape)."""


class SurveyListUnreadable(ParcliError):
    """The list given to ``parcli survey update`` cannot be read."""


class SurveyWriteFailed(ParcliError):
    """survey.yaml could not be written (or the edit would not read back the same)."""

    exit_code = ExitCode.BUILD_FAILED


# --------------------------------------------------------------------------- OS errors


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Vietnamese where the cause is a common one."""
    reasons = {
        errno.ENOSPC: "ổ đĩa đã đầy",
        errno.EACCES: "không có quyền ghi",
        errno.EPERM: "không có quyền ghi",
        errno.EROFS: "ổ đĩa chỉ cho phép đọc",
        errno.ENAMETOOLONG: "đường dẫn quá dài",
    }
    windows = {
        3: "đường dẫn quá dài hoặc thư mục không có (Windows giới hạn 260 ký tự; hãy chuyển hồ "
        "sơ lên thư mục ngắn hơn, ví dụ D:\\HoSo)",
        206: "đường dẫn quá dài (Windows giới hạn 260 ký tự; hãy chuyển hồ sơ lên thư mục ngắn "
        "hơn, ví dụ D:\\HoSo)",
        32: "tệp đang mở trong chương trình khác (Word, Excel): đóng tệp của hồ sơ cũ rồi chạy lại",
        5: "không có quyền ghi, hoặc tệp của hồ sơ cũ đang mở trong Word/Excel",
    }
    winerror = getattr(exc, "winerror", None)
    if isinstance(winerror, int) and winerror in windows:
        return windows[winerror]
    return reasons.get(exc.errno or 0) or exc.strerror or str(exc)


class WriteFailed(ParcliError):
    """A file could not be written (open in Excel, read-only folder, disk full)."""

    exit_code = ExitCode.BUILD_FAILED


# --------------------------------------------------------------------------- internal signals
# Raised and caught inside parcli (never shown as they are): each is turned into a finding or
# one of the errors above by the layer that catches it.


class YamlEditError(ValueError):
    """An in-place YAML edit cannot be made safely (not a mapping, not a scalar)."""


class EditFailed(Exception):
    """A division file edit could not be made safely (the file is left as it was)."""


class EvidenceLineError(ValueError):
    """A line of a form's "Tài liệu kiểm chứng" cell cannot be read."""


class EvidenceGone(Exception):
    """An evidence file vanished during a build, or is no longer a regular file inside the
    dossier; ``item`` is the planned file (a render.context.EvidenceFile)."""

    def __init__(self, item: Any, reason: str) -> None:
        super().__init__(reason)
        self.item = item
        self.reason = reason
