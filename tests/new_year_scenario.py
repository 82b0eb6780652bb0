"""A two-year scenario for compare, the report's last-year section and the appendix."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from parcli.actions.new_year import init_from

APPRAISAL = """\
year: 2023
round1: {document: "125/SNV-CCHC", date: 15/01/2024}
leaves:
  "1.3": {round1_score: 0.5, round1_opinion: "Chưa kiểm tra Trung tâm Đăng kiểm", round2_score: 0.5}
  "1.1": {round1_score: 1}
  "3.2.3": {round1_score: 0.25, round1_opinion: "Số hóa chưa đạt 50%"}
areas:
  "1": {survey_score: 2.1, published_total: 6.6}
published_total: 82.5
published_rank: 4
"""

SCORES = {
    "van-phong": {
        "1.1": "score: 1",
        "1.3": 'score: 1\n    remedy: "Kiểm tra đủ 6/6 đơn vị, gồm Trung tâm Đăng kiểm (quý II)"\n'
        "    evidence:\n      - path: evidence/ke-hoach-kiem-tra-cchc.docx\n"
        '        title: "Kế hoạch kiểm tra công tác cải cách hành chính năm 2024"\n'
        '        number: "40/KH-SGTVTXD"\n        issued: 15/02/2024',
        "1.5": 'score: 0\n    reason_lost: "Sáng kiến đang chờ Hội đồng công nhận"',
        "1.2": "score: 0.75",
    },
    "phong-quan-ly-van-tai": {"3.2.3": "score: 0.5"},
}


def make_years(old: Path, new: Path) -> tuple[Path, Path]:
    """Last year = a copy of the example with an appraisal.yaml; this year = init --from it,
    with a few scores, a remedy and an evidence document."""
    (old / "appraisal.yaml").write_text(APPRAISAL, encoding="utf-8")
    init_from(new, old)
    shutil.copy(old / "evidence" / "ke-hoach-kiem-tra-cchc.docx", new / "evidence")
    for division, answers in SCORES.items():
        path = new / "divisions" / f"{division}.yaml"
        text = path.read_text(encoding="utf-8")
        for code, value in answers.items():
            # the whole stub of the answer (score, explanation, remedy, evidence) is replaced
            stub = re.compile(
                rf'"{re.escape(code)}":\n    score:\n(?:    .*\n)*?    evidence: \[\]\n'
            )
            assert stub.search(text), code
            text = stub.sub(lambda _m, c=code, v=value: f'"{c}":\n    {v}\n', text, count=1)
        path.write_text(text, encoding="utf-8")
    return old, new
