"""The small error hierarchy of parcli and the exit codes it maps to.

Every error a user can cause is a :class:`ParcliError`; the CLI prints its message (in
Vietnamese) without a traceback and exits with :attr:`ParcliError.exit_code`.
"""

from __future__ import annotations

from enum import IntEnum


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


class WriteFailed(ParcliError):
    """A file could not be written (open in Excel, read-only folder, disk full)."""

    exit_code = ExitCode.BUILD_FAILED
