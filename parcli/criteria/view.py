"""``parcli criteria list`` and ``parcli criteria show``: criteria sets as readable text.

Also finds which criteria set a command means: a shipped id, a path to a ``.yaml`` file, the
set named in the dossier of the current folder, or else the shipped illustrative set.
"""

from __future__ import annotations

import dataclasses
import textwrap
from decimal import Decimal
from pathlib import Path

from parcli.errors import CriteriaNotFound, DossierUnreadable
from parcli.findings import Finding, Severity
from parcli.formats.loading import DOSSIER_FILE, find_criteria_file, load_criteria
from parcli.formats.yamlio import read_yaml_file
from parcli.model import Area, Component, CriteriaSet, Criterion, Method
from parcli.resources import shipped_criteria, shipped_criteria_dir, shipped_display
from parcli.text import code_key, format_decimal, nfc

DEFAULT_SET = "par-tinh-876-minh-hoa"


@dataclasses.dataclass(frozen=True)
class Located:
    """A criteria set found for a command, and how it was found (said to the user)."""

    path: Path
    display: str
    origin: str  # "bộ có sẵn", "tệp", "hồ sơ", "mặc định"


def locate(name: str | None, root: Path) -> Located:
    """``name`` (a shipped id or a path), else the dossier's set, else the illustrative set."""
    shipped = shipped_criteria()
    if name:
        name = nfc(name)
        if name in shipped:
            return Located(shipped[name], shipped_display(shipped[name]), "bộ có sẵn")
        path = Path(name)
        if not path.is_absolute():
            path = Path.cwd() / path
        if path.is_file():
            return Located(path, name, "tệp")
        known = ", ".join(shipped) or "(không có)"
        raise CriteriaNotFound(
            f"Không tìm thấy bộ tiêu chí '{name}' (không phải mã bộ có sẵn, cũng không phải tệp)",
            f"Dùng một mã bộ có sẵn ({known}) hoặc đường dẫn tới tệp .yaml.",
        )
    dossier_name = dossier_criteria_name(root)
    if dossier_name is not None:
        path = find_criteria_file(root, dossier_name)
        shipped_file = path.resolve().parent == shipped_criteria_dir()
        shown = shipped_display(path) if shipped_file else _rel(path, root)
        return Located(path, shown, "hồ sơ")
    if DEFAULT_SET not in shipped:
        raise CriteriaNotFound(
            "Không có bộ tiêu chí mặc định đi kèm parcli",
            "Chỉ rõ bộ tiêu chí bằng --criteria <mã hoặc tệp .yaml>.",
        )
    path = shipped[DEFAULT_SET]
    return Located(path, shipped_display(path), "mặc định")


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def dossier_criteria_name(root: Path) -> str | None:
    """The ``criteria:`` field of ``root/dossier.yaml`` (None when there is no dossier)."""
    dossier = root / DOSSIER_FILE
    if not dossier.is_file():
        return None
    doc = read_yaml_file(dossier, DOSSIER_FILE)
    value = doc.data.get("criteria") if isinstance(doc.data, dict) else None
    if not isinstance(value, str) or not value.strip():
        raise DossierUnreadable(
            f"{DOSSIER_FILE} trong {root} không ghi bộ tiêu chí (trường criteria)",
            "Chạy `parcli validate` để xem lỗi của hồ sơ, hoặc chỉ rõ --criteria.",
        )
    return value.strip()


def load_located(located: Located) -> tuple[CriteriaSet, list[Finding]]:
    model, _doc, findings = load_criteria(located.path, located.display)
    if model is None:
        first = next((f for f in findings if f.severity is Severity.ERROR), None)
        detail = f" ({first.location}: {first.message})" if first else ""
        raise DossierUnreadable(
            f"Không đọc được bộ tiêu chí {located.display}{detail}",
            f"Chạy `parcli criteria check {located.display}` để xem mọi lỗi.",
        )
    return model, findings


def error_warning(located: Located, model: CriteriaSet, findings: list[Finding]) -> str | None:
    """One line when a loaded set has errors (``criteria check`` would fail), else None.

    ``show`` and ``diff`` still run on such a set (a duplicated code shows only its first
    item, a diff may report a move), so they say so and point at ``criteria check``.
    """
    from parcli.rules import check_criteria

    errors = sum(
        1 for f in [*findings, *check_criteria(model, None)] if f.severity is Severity.ERROR
    )
    if not errors:
        return None
    arg = _check_argument(located)
    return (
        f"Chú ý: bộ tiêu chí {located.display} có {errors} lỗi (chạy parcli criteria check "
        f"{arg} để xem); kết quả dưới đây có thể không đúng."
    )


def _check_argument(located: Located) -> str:
    """What to pass to ``parcli criteria check`` from the current folder for this set."""
    shipped = {p.resolve(): name for name, p in shipped_criteria().items()}
    if located.path.resolve() in shipped:
        arg = shipped[located.path.resolve()]
    elif located.origin == "tệp":
        arg = located.display
    else:
        arg = _rel(located.path, Path.cwd())
    return f'"{arg}"' if any(ch.isspace() for ch in arg) else arg


# --------------------------------------------------------------------------- list


@dataclasses.dataclass(frozen=True)
class SetInfo:
    id: str
    title: str
    official: bool
    counts: tuple[int, int, int]
    max_total: Decimal
    where: str  # "có sẵn" or a path in the dossier
    errors: int


def list_sets(root: Path) -> tuple[list[SetInfo], list[str]]:
    """Shipped sets and criteria sets in the dossier folder; and files that could not be read."""
    infos: list[SetInfo] = []
    broken: list[str] = []
    candidates: list[tuple[Path, str, str]] = [
        (p, shipped_display(p), "có sẵn") for p in shipped_criteria().values()
    ]
    if (root / DOSSIER_FILE).is_file():
        for folder in (root, root / "criteria"):
            if not folder.is_dir():
                continue
            for path in sorted(folder.iterdir(), key=lambda p: p.name):
                if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
                    continue
                if path.name == DOSSIER_FILE:
                    continue
                shown = _rel(path, root)
                candidates.append((path, shown, shown))
    for path, display, where in candidates:
        doc = read_yaml_file(path, display)
        if not (isinstance(doc.data, dict) and "areas" in doc.data):
            if where == "có sẵn":
                broken.append(display)
            continue  # another kind of YAML file in the dossier folder
        model, _doc, findings = load_criteria(path, display)
        if model is None:
            broken.append(display)
            continue
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        from parcli.rules import check_criteria

        errors += sum(1 for f in check_criteria(model, None) if f.severity is Severity.ERROR)
        infos.append(
            SetInfo(
                model.id,
                model.title,
                model.is_official,
                model.counts(),
                model.max_total,
                where,
                errors,
            )
        )
    return infos, broken


def render_list(infos: list[SetInfo], broken: list[str]) -> str:
    if not infos and not broken:
        return "Không có bộ tiêu chí nào."
    out: list[str] = []
    for info in infos:
        status = "chính thức" if info.official else "MINH HỌA"
        a, c, p = info.counts
        err = f"; {info.errors} lỗi (chạy parcli criteria check)" if info.errors else ""
        out.append(
            f"{info.id}  [{status}]  {a}/{c}/{p}  {format_decimal(info.max_total)} điểm  "
            f"({info.where}{err})"
        )
        out.extend(textwrap.wrap(info.title, 96, initial_indent="    ", subsequent_indent="    "))
    if broken:
        out.append("")
        out.append("Không đọc được: " + ", ".join(broken) + " (chạy parcli criteria check <tệp>)")
    out.append("")
    out.append("Số lượng ghi theo lĩnh vực/tiêu chí/tiêu chí thành phần.")
    return "\n".join(out)


# --------------------------------------------------------------------------- show


Node = Area | Criterion | Component


def find_subtree(criteria: CriteriaSet, code: str | None) -> list[tuple[int, Node]]:
    """The node with ``code`` and everything below it (the whole tree when ``code`` is None)."""
    nodes = list(criteria.nodes())
    if code is None:
        return [(d, n) for d, n in nodes]
    code = nfc(code.strip())
    for i, (depth, node) in enumerate(nodes):
        if node.code == code:
            out: list[tuple[int, Node]] = [(depth, node)]
            for d, n in nodes[i + 1 :]:
                if d <= depth:
                    break
                out.append((d, n))
            return out
    close = sorted(
        (n.code for _, n in nodes if n.code.startswith(code.split(".")[0])), key=code_key
    )[:8]
    hint = (
        ("Các mã gần đó: " + ", ".join(close))
        if close
        else ("Xem các mã bằng `parcli criteria show` (không ghi mã).")
    )
    raise CriteriaNotFound(f"Bộ tiêu chí '{criteria.id}' không có mã {code}", hint)


_COLUMNS = (
    ("Mã", 8),
    ("Tên", 38),
    ("Tối đa", 6),
    ("Phương thức", 11),
    ("Bước", 5),
    ("TLKC", 5),
    ("Quy tắc chấm", 40),
)


def _is_leaf(node: Node) -> bool:
    return isinstance(node, Component) or (isinstance(node, Criterion) and not node.components)


def render_show(
    criteria: CriteriaSet, subtree: list[tuple[int, Node]], located: Located, *, width: int = 130
) -> str:
    """A text table: code, name, max, method ("Phương thức": tự chấm / ĐTXHH), step, evidence,
    rule ("Quy tắc chấm", wrapped)."""
    status = "chính thức" if criteria.is_official else "MINH HỌA, không phải bộ chính thức"
    origin = {
        "mặc định": " (không có hồ sơ ở thư mục này: dùng bộ minh họa đi kèm parcli)",
        "hồ sơ": " (bộ tiêu chí của hồ sơ)",
    }.get(located.origin, "")
    out = [f"Bộ tiêu chí: {criteria.id} [{status}] — {located.display}{origin}", criteria.title, ""]
    widths = [w for _, w in _COLUMNS]
    top = min((d for d, _ in subtree), default=1)
    widths[0] = max([widths[0]] + [2 * (d - top) + len(n.code) for d, n in subtree])
    widths[-1] = max(20, width - sum(widths[:-1]) - 2 * (len(widths) - 1))
    out.append(_line([h for h, _ in _COLUMNS], widths))
    out.append(_line(["-" * w for w in widths], widths))
    for depth, node in subtree:
        method = step = evidence = rule = ""
        if isinstance(node, Component | Criterion):
            rule = node.rule or ""
        if _is_leaf(node) and isinstance(node, Component | Criterion):
            method = "ĐTXHH" if node.method is Method.SURVEY else "tự chấm"
            step = "—" if node.step is None else format_decimal(node.step)
            evidence = "có" if node.evidence_required else "không"
        name = node.name.upper() if depth == 1 else node.name
        cols = [
            ["  " * (depth - top) + node.code],
            textwrap.wrap(name, widths[1]) or [""],
            [format_decimal(node.max_score)],
            [method],
            [step],
            [evidence],
            _wrap(rule, widths[6]),
        ]
        height = max(len(c) for c in cols)
        for k in range(height):
            out.append(_line([c[k] if k < len(c) else "" for c in cols], widths))
        if depth == 1:
            out.append("")
    leaves = [n for _, n in subtree if _is_leaf(n) and isinstance(n, Component | Criterion)]
    total = sum((n.max_score for n in leaves), Decimal(0))
    survey = sum(1 for n in leaves if n.method is Method.SURVEY)
    out.append("")
    out.append(
        f"{len(leaves)} mục chấm điểm, tổng {format_decimal(total)} điểm; {survey} mục lấy điểm "
        "từ điều tra xã hội học (ĐTXHH, không tự chấm). TLKC: bắt buộc tài liệu kiểm chứng."
    )
    return "\n".join(line.rstrip() for line in out)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        lines.extend(textwrap.wrap(para, width) or [""])
    return lines or [""]


def _line(cells: list[str], widths: list[int]) -> str:
    right = {2, 4}
    parts = [
        c.rjust(w) if i in right else c.ljust(w)
        for i, (c, w) in enumerate(zip(cells, widths, strict=True))
    ]
    return "  ".join(parts)
