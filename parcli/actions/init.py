"""``parcli init`` as a plain API: scaffold a dossier folder, or copy the bundled example.

Nothing that exists is ever overwritten: a non-empty folder is refused unless ``force``, and
even then only missing files are written (existing ones are listed as skipped).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from pathlib import Path

from parcli.errors import OutputExists, UsageError
from parcli.formats.atomic import write_atomic
from parcli.formats.loading import find_criteria_file, load_criteria
from parcli.model import CriteriaSet, Division, Leaf
from parcli.resources import data_dir, example_dir, shipped_criteria
from parcli.text import fold, format_date, nfc, slugify

DEFAULT_CRITERIA = "par-tinh-876-minh-hoa"

GITIGNORE = "# Kết quả của parcli build (tạo lại được bất cứ lúc nào)\nbuild/\n"


@dataclasses.dataclass
class InitOptions:
    """What a new dossier needs; what is left None is derived (abbreviation, place, …)."""

    agency: str | None = None
    parent: str | None = None
    abbreviation: str | None = None  # default: initials of the agency ("Sở Y tế" → SYT)
    place: str | None = None  # default: from the parent ("UBND TỈNH LÀO CAI" → Lào Cai)
    year: int = dataclasses.field(default_factory=lambda: default_year(dt.date.today()))
    criteria: str = DEFAULT_CRITERIA
    divisions: list[str] = dataclasses.field(default_factory=lambda: ["Văn phòng Sở"])
    # division name → codes it leads; the first division (coordinator) leads the rest
    assignments: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    window_start: dt.date | None = None  # default: 01/12 of the year
    window_end: dt.date | None = None  # default: 25/12 of the year
    submit_before: dt.date | None = None  # default: 05/01 of the next year
    addressee: str | None = None  # Kính gửi; default: "Sở Nội vụ <tỉnh …>"
    signer_title: str | None = None  # e.g. "GIÁM ĐỐC"
    signer_name: str | None = None


_PLACE = re.compile(
    r"^(?:UBND|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN)\s+(TỈNH|THÀNH PHỐ|TP\.?)\s+(.+)$", re.IGNORECASE
)


def derive_place(parent: str) -> tuple[str, str] | None:
    """(place, province) from the parent agency: "UBND TỈNH LÀO CAI" → ("Lào Cai", "tỉnh Lào Cai").

    None when the parent does not name a province or city (then the place must be given).
    """
    match = _PLACE.match(nfc(parent.strip()))
    if match is None:
        return None
    name = " ".join(w[:1].upper() + w[1:].lower() for w in match[2].split())
    kind = "tỉnh" if match[1].upper() == "TỈNH" else "thành phố"
    return name, f"{kind} {name}"


def derive_abbreviation(agency: str) -> str:
    """Initials of the agency name, without diacritics: "Sở Y tế" → "SYT"."""
    words = re.findall(r"\w+", fold(agency))
    return "".join(w[0] for w in words).upper()


def parse_division(spec: str) -> tuple[str, list[str]]:
    """ "Thanh tra Sở=2, 3.4" → ("Thanh tra Sở", ["2", "3.4"]); a name alone leads nothing."""
    name, _, codes = spec.partition("=")
    return nfc(name.strip()), [c.strip() for c in re.split(r"[,;\s]+", codes) if c.strip()]


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
    write_atomic(target, content)
    result.written.append(rel)


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
    result = InitResult(root=dest, written=[], skipped=["dossier.yaml"])
    _write_division_files(dest, result)
    return result


def _write_division_files(dest: Path, result: InitResult) -> None:
    """One stub per division listing the leaves it leads (read from dest/dossier.yaml, so a
    stub holds exactly what ``validate`` will expect), evidence/README.txt and .gitignore."""
    from parcli.formats.loading import load_dossier
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
    for division in dossier.divisions:
        rel = f"divisions/{division.id}.yaml"
        if division.id in loaded.division_files or division.id in loaded.broken_files:
            result.skipped.append(rel)
            continue
        mine = [leaves[code] for code in scope.leaves_of(division.id)]
        text = division_file_text(division, mine, dossier.year, dossier.agency.abbreviation)
        write_new(dest, rel, text.encode(), result)
    readme = (data_dir("templates") / "init" / "evidence-README.txt").read_bytes()
    write_new(dest, "evidence/README.txt", readme, result)
    write_new(dest, ".gitignore", GITIGNORE.encode(), result)


def check_criteria(dest: Path, name: str) -> CriteriaSet:
    """The criteria set ``name`` (a shipped id or a file in ``dest``), or a clear UsageError."""
    if name not in shipped_criteria() and not (dest / name).is_file():
        known = ", ".join(shipped_criteria())
        close = difflib.get_close_matches(name, list(shipped_criteria()), n=1, cutoff=0.6)
        hint = f"Có phải ý bạn là '{close[0]}'? " if close else ""
        raise UsageError(
            f"Không có bộ tiêu chí '{name}'",
            f"{hint}Dùng một bộ có sẵn ({known}) hoặc chép tệp bộ tiêu chí vào thư mục hồ sơ "
            "trước.",
        )
    criteria_path = find_criteria_file(dest, name)
    criteria, _, findings = load_criteria(criteria_path, criteria_path.name)
    if criteria is None:
        first = findings[0].message if findings else ""
        raise UsageError(f"Bộ tiêu chí {name} không đọc được: {first}")
    return criteria


def _assignments(
    options: InitOptions, divisions: list[Division], criteria: CriteriaSet
) -> dict[str, list[str]]:
    """The coordinator leads every lĩnh vực; each division what it was given (more specific
    codes win, see resolve_scope); a code given to another division exactly leaves the
    coordinator's list."""
    known = {area.code for area in criteria.areas}
    for area in criteria.areas:
        for crit in area.criteria:
            known.add(crit.code)
            known.update(c.code for c in crit.components)
    by_name = {d.name: d.id for d in divisions}
    result: dict[str, list[str]] = {}
    unknown: list[str] = []
    for name, codes in options.assignments.items():
        division_id = by_name.get(nfc(name.strip()))
        if division_id is None:
            raise UsageError(f"Phân công cho đơn vị '{name}' không có trong danh sách đơn vị")
        unknown.extend(c for c in codes if c not in known)
        result.setdefault(division_id, []).extend(c for c in codes if c in known)
    if unknown:
        raise UsageError(
            "Mã không có trong bộ tiêu chí: " + ", ".join(unknown),
            'Ghi mã lĩnh vực, tiêu chí hoặc tiêu chí thành phần, ví dụ --division "Thanh tra '
            'Sở=2, 3.4"; xem các mã: parcli criteria show ' + criteria.id,
        )
    coordinator = divisions[0].id
    given = {
        c for division_id, codes in result.items() if division_id != coordinator for c in codes
    }
    own = result.pop(coordinator, [])
    lead = [a.code for a in criteria.areas if a.code not in given]
    lead += [c for c in own if c not in lead and c not in given]
    return {coordinator: lead, **result}


def _agency(options: InitOptions) -> dict[str, str]:
    """Agency fields: what was given, what can be derived; refuse what is missing."""
    missing = [
        flag
        for flag, value in (("--agency", options.agency), ("--parent", options.parent))
        if not (value and value.strip())
    ]
    if missing:
        raise UsageError(
            "Thiếu thông tin cơ quan: " + ", ".join(missing),
            'Ghi ví dụ --agency "Sở Y tế" --parent "UBND TỈNH YÊN BÁI" (chữ viết tắt và địa '
            "danh được suy ra, hoặc ghi --abbreviation, --place); muốn thử parcli thì dùng "
            "--example.",
        )
    assert options.agency is not None and options.parent is not None
    agency, parent = nfc(options.agency.strip()), nfc(options.parent.strip()).upper()
    derived = derive_place(parent)
    place = nfc(options.place.strip()) if options.place else (derived[0] if derived else None)
    if not place:
        raise UsageError(
            f"Không suy ra được địa danh từ cơ quan chủ quản '{parent}'",
            'Ghi địa danh trên văn bản bằng --place, ví dụ --place "Yên Bái".',
        )
    province = derived[1] if derived else ""
    abbreviation = nfc(options.abbreviation.strip()) if options.abbreviation else ""
    return {
        "agency": agency,
        "parent": parent,
        "abbreviation": abbreviation or derive_abbreviation(agency),
        "place": place,
        "province": province,
    }


def scaffold(dest: Path, options: InitOptions, *, force: bool = False) -> InitResult:
    """Write dossier.yaml, one division file per division, evidence/ and .gitignore.

    Each division file lists the leaves that division leads under the assignments given
    (the coordinator leads the rest). With ``force`` on a folder that already has a
    dossier.yaml, only the missing division files are written, from that dossier's own
    divisions and assignments.
    """
    from parcli.render.init_templates import render_init

    check_target(dest, force)
    if force and (dest / "dossier.yaml").is_file():
        return complete_existing(dest)
    criteria = check_criteria(dest, options.criteria)
    agency = _agency(options)
    divisions = make_divisions(options.divisions)
    assignments = _assignments(options, divisions, criteria)
    year = options.year
    window_start = options.window_start or dt.date(year, 12, 1)
    window_end = options.window_end or dt.date(year, 12, 25)
    submit_before = options.submit_before or dt.date(year + 1, 1, 5)
    if not window_start <= window_end < submit_before:
        raise UsageError(
            f"Thời gian tự chấm {format_date(window_start)}–{format_date(window_end)} và hạn gửi "
            f"{format_date(submit_before)} không hợp lý",
            "Ngày bắt đầu trước ngày kết thúc, và hạn gửi sau ngày kết thúc.",
        )
    province = agency["province"]
    addressee = options.addressee or (f"Sở Nội vụ {province}" if province else "Sở Nội vụ")
    context = {
        **agency,
        "year": year,
        "criteria": options.criteria,
        "illustrative": not criteria.is_official,
        "window_start": format_date(window_start),
        "window_end": format_date(window_end),
        "submit_before": format_date(submit_before),
        "divisions": divisions,
        "assignments": assignments,
        "addressee": nfc(addressee),
        "signer_title": nfc(options.signer_title.strip()).upper() if options.signer_title else "",
        "signer_name": nfc(options.signer_name.strip()) if options.signer_name else "",
    }
    result = InitResult(root=dest, written=[], skipped=[])
    dest.mkdir(parents=True, exist_ok=True)
    write_new(dest, "dossier.yaml", render_init("dossier.yaml.j2", context).encode(), result)
    _write_division_files(dest, result)
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
