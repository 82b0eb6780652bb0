"""``parcli init`` as a plain API: scaffold a dossier folder, or copy the bundled example.

Nothing that exists is ever overwritten: a non-empty folder is refused unless ``force``, and
even then only missing files are written (existing ones are listed as skipped).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from pathlib import Path

from parcli.errors import OutputExists, UsageError
from parcli.formats.loading import find_criteria_file, load_criteria
from parcli.model import Division, Leaf, Method
from parcli.resources import data_dir, example_dir, shipped_criteria
from parcli.text import format_date, nfc, slugify

DEFAULT_CRITERIA = "par-tinh-876-minh-hoa"

GITIGNORE = "# Kết quả của parcli build (tạo lại được bất cứ lúc nào)\nbuild/\n"


@dataclasses.dataclass
class InitOptions:
    agency: str = "Sở Giao thông vận tải - Xây dựng"
    parent: str = "UBND TỈNH LÀO CAI"
    abbreviation: str = "SGTVTXD"
    place: str = "Lào Cai"
    year: int = dataclasses.field(default_factory=lambda: default_year(dt.date.today()))
    criteria: str = DEFAULT_CRITERIA
    divisions: list[str] = dataclasses.field(default_factory=lambda: ["Văn phòng Sở"])


@dataclasses.dataclass
class InitResult:
    root: Path
    written: list[str]
    skipped: list[str]


def default_year(today: dt.date) -> int:
    """The assessment year: self-scoring happens in December, so before July it is last year."""
    return today.year if today.month >= 7 else today.year - 1


def make_divisions(names: list[str]) -> list[Division]:
    """Divisions from names; ids are ASCII slugs, made unique."""
    result: list[Division] = []
    used: set[str] = set()
    for raw in names:
        name = nfc(raw.strip())
        if not name:
            continue
        base = slugify(name)
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        kind = (
            "van-phong"
            if slug.startswith("van-phong")
            else "don-vi-su-nghiep"
            if slug.startswith(("trung-tam", "ban-quan-ly"))
            else "phong"
        )
        result.append(Division(id=slug, name=name, kind=kind))
    if not result:
        raise UsageError('Cần ít nhất một đơn vị (--division "Văn phòng Sở")')
    return result


def check_target(dest: Path, force: bool) -> None:
    if dest.exists() and not dest.is_dir():
        raise OutputExists(f"{dest} đã có và không phải là thư mục")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise OutputExists(
            f"Thư mục {dest} không trống; parcli init không ghi đè dữ liệu",
            "Chọn một thư mục mới, hoặc thêm --force để chỉ ghi các tệp còn thiếu.",
        )


def write_new(dest: Path, rel: str, content: bytes, result: InitResult) -> None:
    """Write ``rel`` under ``dest`` atomically unless it exists (then record it as skipped)."""
    target = dest / rel
    if target.exists():
        result.skipped.append(rel)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".parcli-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes the file private to its owner
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    result.written.append(rel)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def division_file_text(division: Division, leaves: list[Leaf], year: int, abbreviation: str) -> str:
    """A new division file listing ``leaves`` as empty answers (what init writes)."""
    from parcli.render.init_templates import render_init

    return render_init(
        "division.yaml.j2",
        {"division": division, "leaves": leaves, "year": year, "abbreviation": abbreviation},
    )


def answer_stub(division: Division, leaf: Leaf, year: int, abbreviation: str) -> list[str]:
    """The lines init writes for one empty answer (its comment, code, empty fields), indented
    by two spaces: the same template as a new division file."""
    text = division_file_text(division, [leaf], year, abbreviation)
    _head, sep, rest = text.partition("\nanswers:\n")
    if not sep:
        raise ValueError("templates/init/division.yaml.j2 has no 'answers:' line")
    return rest.rstrip("\n").split("\n")


def complete_existing(dest: Path) -> InitResult:
    """For an existing dossier: write the missing division files from its own assignments.

    Each new file lists exactly the leaves its division leads. Nothing existing is touched.
    """
    from parcli.formats.loading import load_dossier
    from parcli.render.init_templates import render_init
    from parcli.scoring.scope import resolve_scope

    loaded = load_dossier(dest)
    if not loaded.readable:
        raise UsageError(
            f"{dest / 'dossier.yaml'} đã có nhưng chưa đọc được, nên không biết tạo tệp nào",
            "Chạy `parcli validate` và sửa lỗi của dossier.yaml trước.",
        )
    dossier, criteria = loaded.dossier, loaded.criteria
    assert dossier is not None and criteria is not None
    scope = resolve_scope(dossier, criteria)
    leaves = {leaf.code: leaf for leaf in criteria.leaves()}
    result = InitResult(root=dest, written=[], skipped=["dossier.yaml"])
    for division in dossier.divisions:
        rel = f"divisions/{division.id}.yaml"
        if division.id in loaded.division_files or division.id in loaded.broken_files:
            result.skipped.append(rel)
            continue
        mine = [leaves[code] for code in scope.leaves_of(division.id)]
        text = render_init(
            "division.yaml.j2",
            {
                "division": division,
                "leaves": mine,
                "year": dossier.year,
                "abbreviation": dossier.agency.abbreviation,
            },
        )
        write_new(dest, rel, text.encode(), result)
    readme = (data_dir("templates") / "init" / "evidence-README.txt").read_bytes()
    write_new(dest, "evidence/README.txt", readme, result)
    write_new(dest, ".gitignore", GITIGNORE.encode(), result)
    return result


def scaffold(dest: Path, options: InitOptions, *, force: bool = False) -> InitResult:
    """Write dossier.yaml, one division file per division, evidence/ and .gitignore.

    With ``force`` on a folder that already has a dossier.yaml, only the missing division
    files are written, from that dossier's own divisions and assignments.
    """
    from parcli.render.init_templates import render_init

    check_target(dest, force)
    if force and (dest / "dossier.yaml").is_file():
        return complete_existing(dest)
    if options.criteria not in shipped_criteria() and not (dest / options.criteria).is_file():
        known = ", ".join(shipped_criteria())
        raise UsageError(
            f"Không có bộ tiêu chí '{options.criteria}'",
            f"Dùng một bộ có sẵn ({known}) hoặc chép tệp bộ tiêu chí vào thư mục hồ sơ trước.",
        )
    criteria_path = find_criteria_file(dest, options.criteria)
    criteria, _, findings = load_criteria(criteria_path, criteria_path.name)
    if criteria is None:
        first = findings[0].message if findings else ""
        raise UsageError(f"Bộ tiêu chí {options.criteria} không đọc được: {first}")
    divisions = make_divisions(options.divisions)
    coordinator = divisions[0].id
    # Everything is assigned to the coordinator by area; the office redistributes.
    assignments = {coordinator: [area.code for area in criteria.areas]}
    appraisal = [leaf for leaf in criteria.leaves() if leaf.method is Method.APPRAISAL]
    year = options.year
    context = {
        "agency": nfc(options.agency),
        "parent": nfc(options.parent).upper(),
        "abbreviation": nfc(options.abbreviation),
        "place": nfc(options.place),
        "year": year,
        "criteria": options.criteria,
        "illustrative": not criteria.is_official,
        "window_start": format_date(dt.date(year, 12, 1)),
        "window_end": format_date(dt.date(year, 12, 25)),
        "submit_before": format_date(dt.date(year + 1, 1, 5)),
        "divisions": divisions,
        "assignments": assignments,
    }
    result = InitResult(root=dest, written=[], skipped=[])
    dest.mkdir(parents=True, exist_ok=True)
    write_new(dest, "dossier.yaml", render_init("dossier.yaml.j2", context).encode(), result)
    for division in divisions:
        leaves = appraisal if division.id == coordinator else []
        text = render_init(
            "division.yaml.j2",
            {
                "division": division,
                "leaves": leaves,
                "year": year,
                "abbreviation": context["abbreviation"],
            },
        )
        write_new(dest, f"divisions/{division.id}.yaml", text.encode(), result)
    readme = (data_dir("templates") / "init" / "evidence-README.txt").read_bytes()
    write_new(dest, "evidence/README.txt", readme, result)
    write_new(dest, ".gitignore", GITIGNORE.encode(), result)
    return result


def copy_example(dest: Path, *, force: bool = False) -> InitResult:
    """Copy the bundled example dossier (Sở GTVT-XD Lào Cai 2023) into ``dest``."""
    check_target(dest, force)
    source = example_dir()
    if not (source / "dossier.yaml").is_file():
        raise UsageError(f"Không tìm thấy hồ sơ ví dụ đi kèm parcli ({source})")
    result = InitResult(root=dest, written=[], skipped=[])
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source).as_posix()
        if path.is_dir() or rel.startswith("build/") or "__pycache__" in rel:
            continue
        write_new(dest, rel, path.read_bytes(), result)
    if (dest / ".gitignore").exists() is False:
        write_new(dest, ".gitignore", GITIGNORE.encode(), result)
    return result


def describe(result: InitResult) -> dict[str, object]:
    return {"root": str(result.root), "written": result.written, "skipped": result.skipped}
