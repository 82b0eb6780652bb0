"""Hostile dossiers in families (issue 14): each case breaks a small valid dossier one way.

A case edits a :class:`MiniDossier` and returns what a user must be told: the file at fault
(relative to the dossier) and whether a line number is expected. ``outside`` is a folder next
to the dossier holding ``secret.txt``: no case may get its content into any output.
"""

from __future__ import annotations

import dataclasses
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path

from helpers import MiniDossier

SECRET = "BI-MAT-NGOAI-HO-SO-7f3a"

VP = "divisions/van-phong.yaml"
CRIT = "criteria.yaml"
DOS = "dossier.yaml"


@dataclasses.dataclass(frozen=True)
class Case:
    family: str
    name: str
    make: Callable[[MiniDossier, Path], None]
    file: str  # the file the user is pointed at
    line: bool = True  # a line number is expected with it
    valid: bool = False  # legitimate input that must validate and build (exit 0)
    at_build: bool = False  # only a build can see it (templates): validate may pass
    code: str | None = None  # the finding code validate must report
    says: str | None = None  # what `build` must say (a valid case: a note)


CASES: list[Case] = []


Maker = Callable[[MiniDossier, Path], None]


def case(
    family: str,
    name: str,
    file: str,
    *,
    line: bool = True,
    valid: bool = False,
    at_build: bool = False,
    code: str | None = None,
    says: str | None = None,
) -> Callable[[Maker], Maker]:
    def register(fn: Maker) -> Maker:
        CASES.append(Case(family, name, fn, file, line, valid, at_build, code, says))
        return fn

    return register


def _score(m: MiniDossier, value: str) -> None:
    m.replace(VP, "score: 1\n", f"score: {value}\n")


# --------------------------------------------------------------------------- YAML


@case("yaml", "deep-block", VP, code="Y007")
def _deep_block(m: MiniDossier, _o: Path) -> None:
    text = "division: van-phong\nanswers:\n  x:\n"
    text += "".join("  " * (i + 2) + f"k{i}:\n" for i in range(1000))
    (m.root / VP).write_text(text, encoding="utf-8")


@case("yaml", "deep-flow", VP, code="Y007")
def _deep_flow(m: MiniDossier, _o: Path) -> None:
    (m.root / VP).write_text("division: van-phong\nanswers: " + "[" * 10000, encoding="utf-8")


@case("yaml", "many-items", VP, code="Y007")
def _many_items(m: MiniDossier, _o: Path) -> None:
    items = "".join("      - evidence/ke-hoach.pdf\n" for _ in range(120_000))
    m.replace(VP, "    evidence:\n      - evidence/ke-hoach.pdf\n", "    evidence:\n" + items)


@case("yaml", "huge-scalar", VP, code="Y007")
def _huge_scalar(m: MiniDossier, _o: Path) -> None:
    m.replace(VP, 'reason_lost: "Chưa đủ"', 'reason_lost: "' + "x" * 200_000 + '"')


@case("yaml", "alias-scalar", VP, code="Y006")
def _alias_scalar(m: MiniDossier, _o: Path) -> None:
    m.replace(VP, "division: van-phong\n", "division: &d van-phong\nx_note: *d\n")


@case("yaml", "schema-99", DOS, code="S003")
def _schema_99(m: MiniDossier, _o: Path) -> None:
    m.replace(DOS, "schema_version: 1", "schema_version: 99")


@case("yaml", "line-separators", VP)
def _line_separators(m: MiniDossier, _o: Path) -> None:
    m.replace(VP, "answers:\n", "answers:\n  # ghi chú\u2028tiếp\u2029nữa\u0085hết\n")
    _score(m, "7")


# --------------------------------------------------------------------------- scores


for _name, _value in [
    ("1e400", "1e400"),
    ("-1e400", "-1e400"),
    ("1e28", "1e28"),
    ("digits", "9" * 5000),
    ("ten-places", "0.1234567891"),
    ("tiny", "1e-400"),
    ("float-noise", "0.30000000000000004"),
    ("text-huge", '"1e400"'),
]:

    def _bad_score(m: MiniDossier, _o: Path, value: str = _value) -> None:
        _score(m, value)

    case("scores", f"division-{_name}", VP, code="S003")(_bad_score)


for _name, _value in [("1e400", "1e400"), ("ten-places", "1.0000000001"), ("digits", "9" * 4000)]:

    def _bad_max(m: MiniDossier, _o: Path, value: str = _value) -> None:
        m.replace(
            CRIT,
            'name: "Tiêu chí lá"\n        max_score: 1',
            f'name: "Tiêu chí lá"\n        max_score: {value}',
        )

    case("scores", f"criteria-max-{_name}", CRIT, code="S003")(_bad_max)


@case("scores", "max-total-differs", CRIT, code="C004")
def _max_total(m: MiniDossier, _o: Path) -> None:
    m.replace(CRIT, "max_total: 5", "max_total: 6")


# --------------------------------------------------------------------------- dates


for _year in ("2124", "9999"):

    def _late_date(m: MiniDossier, _o: Path, year: str = _year) -> None:
        m.replace(DOS, "date: 04/01/2024", f"date: 04/01/{year}")

    case("dates", f"report-{_year}", DOS, code="S003")(_late_date)


# --------------------------------------------------------------------------- texts


for _n in (300, 40_000):

    def _long_agency(m: MiniDossier, _o: Path, n: int = _n) -> None:
        m.replace(DOS, 'name: "Sở Thử nghiệm"', 'name: "' + "Sở " * (n // 3) + '"')

    case("texts", f"agency-{_n}", DOS, valid=True)(_long_agency)


@case("texts", "fffe", VP)
def _fffe(m: MiniDossier, _o: Path) -> None:
    m.replace(VP, 'reason_lost: "Chưa đủ"', 'reason_lost: "Chưa\ufffe đủ\uffff"')


@case("texts", "title-271", DOS, valid=True)
def _title(m: MiniDossier, _o: Path) -> None:
    title = ("Báo cáo kết quả tự đánh giá, chấm điểm Chỉ số cải cách hành chính " * 5)[:271]
    m.replace(DOS, '  number: "05"', f'  number: "05"\n  title: "{title}"')


@case("texts", "rtl-zero-width-name", VP, valid=True, says="U+202E")
def _rtl(m: MiniDossier, _o: Path) -> None:
    name = "ke\u202ehoach\u200b.pdf"
    (m.root / "evidence" / name).write_bytes(b"%PDF rtl")
    m.replace(VP, "- evidence/ke-hoach.pdf", f'- "evidence/{name}"')


@case("texts", "abbreviation-long", DOS, valid=True)
def _abbr(m: MiniDossier, _o: Path) -> None:
    m.replace(DOS, 'abbreviation: "STN"', 'abbreviation: "' + "S" * 5000 + '"')


# --------------------------------------------------------------------------- evidence


@case("evidence", "fifo", VP, code="E011")
def _fifo(m: MiniDossier, _o: Path) -> None:
    (m.root / "evidence" / "ke-hoach.pdf").unlink()
    os.mkfifo(m.root / "evidence" / "ke-hoach.pdf")


@case("evidence", "symlink-device", VP)
def _device(m: MiniDossier, _o: Path) -> None:
    (m.root / "evidence" / "ke-hoach.pdf").unlink()
    os.symlink("/dev/zero", m.root / "evidence" / "ke-hoach.pdf")


@case("evidence", "symlink-out", VP)
def _ev_out(m: MiniDossier, outside: Path) -> None:
    (m.root / "evidence" / "ke-hoach.pdf").unlink()
    os.symlink(outside / "secret.txt", m.root / "evidence" / "ke-hoach.pdf")


@case("evidence", "nfc-nfd-twins", VP, code="E012")
def _twins(m: MiniDossier, _o: Path) -> None:
    nfc = unicodedata.normalize("NFC", "Kế hoạch.pdf")
    nfd = unicodedata.normalize("NFD", "Kế hoạch.pdf")
    (m.root / "evidence" / nfc).write_bytes(b"%PDF nfc")
    (m.root / "evidence" / nfd).write_bytes(b"%PDF nfd")
    m.replace(VP, "- evidence/ke-hoach.pdf", f"- evidence/{nfc}")


# --------------------------------------------------------------------------- reaching outside


@case("outside", "criteria-absolute", DOS, code="D014")
def _crit_abs(m: MiniDossier, outside: Path) -> None:
    (outside / "criteria.yaml").write_text((m.root / CRIT).read_text(encoding="utf-8"))
    m.replace(DOS, "criteria: criteria.yaml", f"criteria: {outside / 'criteria.yaml'}")


@case("outside", "criteria-dotdot", DOS, code="D014")
def _crit_dotdot(m: MiniDossier, outside: Path) -> None:
    (outside / "criteria.yaml").write_text((m.root / CRIT).read_text(encoding="utf-8"))
    m.replace(DOS, "criteria: criteria.yaml", f"criteria: ../{outside.name}/criteria.yaml")


@case("outside", "criteria-symlink", DOS, code="D014")
def _crit_link(m: MiniDossier, outside: Path) -> None:
    (outside / "criteria.yaml").write_text((m.root / CRIT).read_text(encoding="utf-8"))
    (m.root / CRIT).unlink()
    os.symlink(outside / "criteria.yaml", m.root / CRIT)


@case("outside", "division-symlink", VP, line=False, code="D014")
def _div_link(m: MiniDossier, outside: Path) -> None:
    (m.root / VP).unlink()
    os.symlink(outside / "secret.txt", m.root / VP)


@case("outside", "build-dir-absolute", DOS, code="D014")
def _build_abs(m: MiniDossier, outside: Path) -> None:
    m.replace(DOS, "place:", f"build_dir: {outside / 'ra'}\nplace:")


@case("outside", "build-dir-dotdot", DOS, code="D014")
def _build_dotdot(m: MiniDossier, outside: Path) -> None:
    m.replace(DOS, "place:", f"build_dir: ../{outside.name}/ra\nplace:")


@case("outside", "template-symlink", "templates/report/total.j2", line=False, at_build=True)
def _tpl_link(m: MiniDossier, outside: Path) -> None:
    (m.root / "templates" / "report").mkdir(parents=True)
    os.symlink(outside / "secret.txt", m.root / "templates" / "report" / "total.j2")


@case("outside", "templates-folder-symlink", "templates", line=False, at_build=True)
def _tpl_dir_link(m: MiniDossier, outside: Path) -> None:
    (outside / "report").mkdir()
    (outside / "report" / "total.j2").write_text(SECRET, encoding="utf-8")
    os.symlink(outside, m.root / "templates")


# --------------------------------------------------------------------------- templates


def _template(m: MiniDossier, text: str) -> None:
    m.write("templates/report/total.j2", text)


@case("templates", "nested-loops", "templates/report/total.j2", at_build=True)
def _loops(m: MiniDossier, _o: Path) -> None:
    _template(m, "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}")


@case("templates", "huge-output", "templates/report/total.j2", at_build=True)
def _huge_out(m: MiniDossier, _o: Path) -> None:
    _template(m, "ok\n{{ 'x' * 10**8 }}")


@case("templates", "huge-power", "templates/report/total.j2", at_build=True)
def _huge_pow(m: MiniDossier, _o: Path) -> None:
    _template(m, "{{ 'x' * 10**9 }}")


@case("templates", "huge-file", "templates/report/total.j2", at_build=True)
def _huge_tpl(m: MiniDossier, _o: Path) -> None:
    _template(m, "x" * 3_000_000)


@case("templates", "read-secret", "templates/report/total.j2", at_build=True)
def _include_out(m: MiniDossier, outside: Path) -> None:
    _template(m, "{% include '../../../" + outside.name + "/secret.txt' %}")


# --------------------------------------------------------------------------- command line, file system


@case("fs", "evidence-path-too-long", VP)
def _long_evidence(m: MiniDossier, _o: Path) -> None:
    m.replace(VP, "- evidence/ke-hoach.pdf", "- evidence/" + "thu-muc/" * 600 + "x.pdf")


@case("fs", "criteria-path-too-long", DOS, code="Y005")
def _long_criteria(m: MiniDossier, _o: Path) -> None:
    m.replace(DOS, "criteria: criteria.yaml", "criteria: " + "a/" * 3000 + "criteria.yaml")


@case("fs", "evidence-name-too-long", VP)
def _long_name(m: MiniDossier, _o: Path) -> None:
    m.replace(VP, "- evidence/ke-hoach.pdf", "- evidence/" + "x" * 300 + ".pdf")


# --------------------------------------------------------------------------- YAML types


for _name, _old, _new, _file in [
    ("score-list", "score: 1\n", "score: [1, 2]\n", VP),
    ("score-map", "score: 1\n", "score: {a: 1}\n", VP),
    ("score-bool", "score: 1\n", "score: yes\n", VP),
    ("score-inf", "score: 1\n", "score: .inf\n", VP),
    ("score-nan", "score: 1\n", "score: .nan\n", VP),
    ("date-impossible", "updated: 10/12/2023", "updated: 45/13/2023", VP),
    ("date-timestamp", "updated: 10/12/2023", "updated: 2023-12-10T10:00:00", VP),
    ("division-number", "division: van-phong", "division: 123", VP),
    ("answers-list", "answers:\n", "answers: []\nx_answers:\n", VP),
    ("year-huge", "year: 2023", "year: " + "9" * 5000, DOS),
    ("year-text", "year: 2023", "year: hai nghìn", DOS),
    ("binary-tag", "division: van-phong", "division: !!binary aGVsbG8=", VP),
    ("python-tag", "division: van-phong", "division: !!python/object:os.system x", VP),
]:

    def _typed(m: MiniDossier, _o: Path, old: str = _old, new: str = _new, f: str = _file) -> None:
        m.replace(f, old, new)

    case("types", _name, _file)(_typed)
