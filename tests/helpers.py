"""Shared fixtures: small dossiers built inline, and the bundled example."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pytest

from parcli.formats.loading import LoadedDossier, load_dossier
from parcli.rules import ValidationReport, validate


@dataclasses.dataclass
class CliResult:
    """What the real entry point did: exit code, stdout, stderr (fixture ``cli``)."""

    code: int
    out: str
    err: str


REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "so-gtvt-xd-lao-cai-2023"

MINI_CRITERIA = """\
schema_version: 1
id: mini
title: "Bộ tiêu chí thử"
status: official
source:
  decision: "1/QĐ-TEST"
  date: 01/01/2023
max_total: 5
appraisal_max: 3.5
survey_max: 1.5
expected: {areas: 2, criteria: 5, components: 4}
areas:
  - code: "1"
    name: "Lĩnh vực một"
    max_score: 3
    criteria:
      - code: "1.1"
        name: "Tiêu chí lá"
        max_score: 1
        step: 0.5
      - code: "1.2"
        name: "Tiêu chí có thành phần"
        max_score: 1
        components:
          - code: "1.2.1"
            name: "Thành phần tự chấm"
            max_score: 0.5
            step: 0.25
          - code: "1.2.2"
            name: "Thành phần điều tra"
            max_score: 0.5
            method: survey
            evidence_required: false
      - code: "1.3"
        name: "Tiêu chí điều tra xã hội học"
        max_score: 1
        method: survey
        evidence_required: false
  - code: "2"
    name: "Lĩnh vực hai"
    max_score: 2
    criteria:
      - code: "2.1"
        name: "Tiêu chí hai chữ số"
        max_score: 1.5
        components:
          - code: "2.1.1"
            name: "Thành phần 2.1.1"
            max_score: 1
            step: 0.25
          - code: "2.1.10"
            name: "Thành phần 2.1.10"
            max_score: 0.5
            step: 0.25
      - code: "2.2"
        name: "Tiêu chí không bắt buộc tài liệu"
        max_score: 0.5
        evidence_required: false
"""

MINI_DOSSIER = """\
schema_version: 1
agency:
  name: "Sở Thử nghiệm"
  parent: "UBND TỈNH YÊN BÁI"
  abbreviation: "STN"
place: "Yên Bái"
year: 2023
criteria: criteria.yaml
window:
  start: 01/12/2023
  end: 25/12/2023
submit_before: 05/01/2024
coordinator: van-phong
divisions:
  - id: van-phong
    name: "Văn phòng Sở"
    kind: van-phong
  - id: phong-a
    name: "Phòng A"
assignments:
  van-phong: ["1"]
  phong-a: ["2"]
report:
  number: "05"
  date: 04/01/2024
  signer: {prefix: "KT.", authority: "GIÁM ĐỐC", title: "PHÓ GIÁM ĐỐC", name: "Nguyễn Văn A"}
"""

VAN_PHONG = """\
division: van-phong
answers:
  "1.1":
    score: 1
    evidence:
      - evidence/ke-hoach.pdf
    updated: 10/12/2023
  "1.2.1":
    score: 0.25
    reason_lost: "Chưa đủ"
    evidence:
      - path: evidence/bao-cao.docx
        issued: 15/06/2023
"""

PHONG_A = """\
division: phong-a
answers:
  "2.1.1":
    score: 1
    evidence: [evidence/ke-hoach.pdf]
  "2.1.10":
    score: 0.5
    explanation: "Không phát sinh văn bản; chấm tối đa theo hướng dẫn."
  "2.2":
    score: 0.5
"""


class MiniDossier:
    """A small valid dossier in a temporary folder; tests edit its files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "divisions").mkdir(parents=True)
        (root / "evidence").mkdir()
        self.write("criteria.yaml", MINI_CRITERIA)
        self.write("dossier.yaml", MINI_DOSSIER)
        self.write("divisions/van-phong.yaml", VAN_PHONG)
        self.write("divisions/phong-a.yaml", PHONG_A)
        (root / "evidence" / "ke-hoach.pdf").write_bytes(b"%PDF-1.4 test\n")
        (root / "evidence" / "bao-cao.docx").write_bytes(b"PK test")

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def replace(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def load(self) -> LoadedDossier:
        return load_dossier(self.root)

    def validate(self, as_of: dt.date = dt.date(2023, 12, 20)) -> ValidationReport:
        return validate(self.load(), as_of)

    def codes(self, as_of: dt.date = dt.date(2023, 12, 20)) -> list[str]:
        return [f.code for f in self.validate(as_of).findings]


THANH_TRA_LEAVES = [
    "2.1.1",
    "2.1.2",
    "2.1.3",
    "2.2.1",
    "2.2.2",
    "2.2.3",
    "2.3.1",
    "2.3.2",
    "3.4.1",
    "3.4.2",
]
"""The leaves of areas 2 and 3.4 of par-tinh-876-minh-hoa, in order: what the example (and
``--division "Thanh tra Sở=2, 3.4"``) gives Thanh tra Sở."""


def listed_codes(division_yaml: str) -> list[str]:
    """The criterion codes a division file lists under ``answers`` (its ``  "code":`` lines)."""
    return [
        ln.strip().rstrip(":").strip('"')
        for ln in division_yaml.splitlines()
        if ln.startswith('  "')
    ]


def check_golden(name: str, text: str) -> None:
    """Compare with tests/golden/<name>; PARCLI_UPDATE_GOLDEN=1 writes it (and must be asked for).

    A missing golden file fails: a new golden output is written only on request, then read and
    committed, so a typo in a name can never pass silently.
    """
    path = REPO / "tests" / "golden" / name
    if os.environ.get("PARCLI_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with PARCLI_UPDATE_GOLDEN=1, read it, commit"
    assert text == path.read_text(encoding="utf-8"), f"output differs from {path}"


def break_example_scores(root: Path) -> None:
    """Three self-scores of a copy of the bundled example that cannot count: 6.1.1 scored 5
    (max 1), 3.2.3 scored 0,3 (step 0,25), 3.2.2 scored "nhiều" (not a number). ``parcli
    status`` then counts 56,5/66 (the invalid scores left out; the example is 58,25/66)."""
    for rel, old, new in (
        ("divisions/phong-ke-hoach-tai-chinh.yaml", '"6.1.1":\n    score: 0.5\n', "5"),
        ("divisions/phong-quan-ly-van-tai.yaml", '"3.2.3":\n    score: 0.25\n', "0.3"),
        ("divisions/phong-quan-ly-van-tai.yaml", '"3.2.2":\n    score: 1\n', "nhiều"),
    ):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (rel, old)
        code = old.split('"')[1]
        path.write_text(text.replace(old, f'"{code}":\n    score: {new}\n'), encoding="utf-8")


# --------------------------------------------------------------------------- LibreOffice, poppler

LIBREOFFICE = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None

needs_libreoffice = pytest.mark.skipif(
    not LIBREOFFICE and not os.environ.get("CI"),
    reason="LibreOffice (soffice) and poppler (pdftotext) are needed",
)
"""For tests that convert documents: skipped where the tools are missing, except in CI
(``CI`` set, as .ci/run's machines do), where a missing tool fails the test instead."""


def soffice_convert(
    sources: Sequence[Path], outdir: Path, profile: Path, to: str = "pdf"
) -> list[Path]:
    """Convert all ``sources`` with ONE headless LibreOffice run (own profile, so parallel runs do
    not collide); return the converted files' paths in ``outdir``, in order.

    ``to`` is what ``soffice --convert-to`` takes: an extension (``"pdf"``, ``"xls"``) or an
    extension and a filter (``"xlsx:Calc MS Excel 2007 XML"``, a file saved by Calc itself)."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    extension = to.split(":", 1)[0]
    return [outdir / f"{Path(source).stem}.{extension}" for source in sources]


def pdf_text(pdf: Path, *, layout: bool = True, pages: tuple[int, int] | None = None) -> str:
    """The text of a PDF as ``pdftotext [-layout]`` gives it (pages separated by form feeds);
    ``pages=(first, last)`` reads only those pages (numbered from 1, both included)."""
    args = ["pdftotext", *(["-layout"] if layout else [])]
    if pages is not None:
        args += ["-f", str(pages[0]), "-l", str(pages[1])]
    args += [str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=60).stdout
