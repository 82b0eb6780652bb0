"""``parcli compare``: last year against this year, as data (:class:`Comparison`).

``compare_dossiers(NEW)`` uses the ``last_year.yaml`` carried into NEW by ``init --from``;
``compare_dossiers(NEW, OLD)`` reads last year's folder directly (its codes mapped to NEW's
criteria set with the ``criteria diff`` matching). Neither writes anything.
"""

from __future__ import annotations

from pathlib import Path

from parcli.actions.last_year import last_year_of
from parcli.errors import UsageError
from parcli.formats.loading import LoadedDossier, load_dossier
from parcli.model import LAST_YEAR_FILE
from parcli.scoring.compare import Comparison, compare
from parcli.scoring.scorecard import score_as_assigned


def _readable(root: Path, what: str) -> LoadedDossier:
    loaded = load_dossier(root)
    if not loaded.readable:
        raise UsageError(
            f"Hồ sơ {what} {root} chưa đọc được (dossier.yaml hoặc bộ tiêu chí có lỗi)",
            f'Chạy `parcli validate "{root}"` và sửa lỗi trước.',
        )
    return loaded


def compare_dossiers(new_root: Path, old_root: Path | None = None) -> Comparison:
    new = _readable(new_root, "năm nay")
    dossier, criteria = new.dossier, new.criteria
    assert dossier is not None and criteria is not None
    if old_root is not None:
        old = _readable(old_root, "năm trước")
        assert old.dossier is not None
        if old.dossier.year >= dossier.year:
            raise UsageError(
                f"Hồ sơ thứ nhất là năm {old.dossier.year}, hồ sơ thứ hai năm {dossier.year}",
                "Viết hồ sơ năm trước trước: parcli compare <năm trước> <năm nay>.",
            )
        last = last_year_of(old, criteria)
        source = f"hồ sơ {old.root.name}"
    else:
        if new.last_year is None:
            hint = (
                f"Tệp {LAST_YEAR_FILE} có lỗi: chạy `parcli validate` để xem."
                if (new.root / LAST_YEAR_FILE).is_file()
                else "So sánh trực tiếp: parcli compare <hồ sơ năm trước> <hồ sơ năm nay>; "
                "hoặc tạo hồ sơ năm nay bằng `parcli init <mới> --from <năm trước>`."
            )
            raise UsageError(
                f"Hồ sơ {new.root} không có kết quả năm trước ({LAST_YEAR_FILE})", hint
            )
        last = new.last_year
        source = LAST_YEAR_FILE
    card = score_as_assigned(dossier, criteria, new.divisions)
    return compare(last, card, new.appraisal, dossier.year, source)
