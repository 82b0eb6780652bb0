"""Rules of the appraisal round: appraisal.yaml, the giải trình deadline, the responses."""

from __future__ import annotations

import datetime as dt

from helpers import MiniDossier

from parcli.findings import Severity

SCHEDULE = """\
submitted_on: 04/01/2024
appraisal:
  round1_received: 20/01/2024
  explanation_before: 01/02/2024
"""

APPRAISAL = """\
year: 2023
leaves:
  "1.1": {round1_score: 0.5, round1_opinion: "Kế hoạch ban hành muộn", explanation_requested: true}
  "2.1.1": {round1_score: 0.75, round1_opinion: "Thiếu báo cáo quý", explanation_requested: true}
  "2.1.10": {round1_score: 0.5}
"""

RESPONSE = """\
    response:
      text: "Kế hoạch ban hành đúng hạn; gửi kèm văn bản."
      evidence:
        - {path: evidence/bo-sung.pdf, number: "15/KH-STN", issued: 10/01/2023}
"""

JAN_25 = dt.date(2024, 1, 25)


def round_one(mini: MiniDossier) -> None:
    mini.write("dossier.yaml", mini.root.joinpath("dossier.yaml").read_text() + SCHEDULE)
    mini.write("appraisal.yaml", APPRAISAL)


def answer_1_1(mini: MiniDossier, text: str = RESPONSE) -> None:
    mini.replace("divisions/van-phong.yaml", "    updated: 10/12/2023\n", text)
    (mini.root / "evidence" / "bo-sung.pdf").write_bytes(b"%PDF-1.4 bo sung\n")


def found(mini: MiniDossier, as_of: dt.date = JAN_25) -> dict[str, list]:  # type: ignore[type-arg]
    result: dict[str, list] = {}  # type: ignore[type-arg]
    for f in mini.validate(as_of).findings:
        result.setdefault(f.code, []).append(f)
    return result


def test_round_one_with_days_left_and_the_chase_list(mini: MiniDossier) -> None:
    round_one(mini)
    answer_1_1(mini)
    report = mini.validate(JAN_25)
    codes = {f.code: f for f in report.findings}
    assert report.counts[Severity.ERROR] == 0, [f.message for f in report.findings]
    t010 = codes["T010"]
    assert "còn 6 ngày" in t010.message and "1/2" in t010.message
    assert (t010.file, t010.line) == ("dossier.yaml", report_line(mini, "explanation_before"))
    [t011] = [f for f in report.findings if f.code == "T011"]
    assert (t011.criterion, t011.division, t011.file) == (
        "2.1.1",
        "phong-a",
        "divisions/phong-a.yaml",
    )
    assert "Phòng A chưa giải trình" in t011.message
    assert report.explanation is not None and report.explanation.days_left == 6
    assert report.appraisal is not None and report.appraisal.missing() == {"phong-a": ["2.1.1"]}


def report_line(mini: MiniDossier, key: str) -> int:
    lines = mini.root.joinpath("dossier.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip().startswith(key))


def test_after_the_deadline_missing_explanations_are_late_not_blocking(mini: MiniDossier) -> None:
    round_one(mini)
    answer_1_1(mini)
    report = mini.validate(dt.date(2024, 2, 3))
    [late] = [f for f in report.findings if f.code == "T012"]
    assert late.severity is Severity.ERROR and late.criterion == "2.1.1"
    assert "hạn trước ngày 01/02/2024" in late.message
    assert report.explanation is not None and report.explanation.overdue
    assert "quá hạn gửi báo cáo giải trình 3 ngày" in report.explanation.message
    assert late not in report.content_errors()  # lateness never blocks a rebuild


def test_sent_on_time_is_quiet_and_sent_late_is_reported(mini: MiniDossier) -> None:
    round_one(mini)
    mini.replace(
        "dossier.yaml",
        "  explanation_before: 01/02/2024\n",
        "  explanation_before: 01/02/2024\n  explanation_sent_on: 31/01/2024\n",
    )
    codes = found(mini, dt.date(2024, 2, 10))
    assert not {"T010", "T011", "T012", "T013"} & set(codes)
    mini.replace(
        "dossier.yaml", "explanation_sent_on: 31/01/2024", "explanation_sent_on: 02/02/2024"
    )
    [f] = found(mini, dt.date(2024, 2, 10))["T013"]
    assert "muộn" in f.message


def test_requests_without_a_deadline(mini: MiniDossier) -> None:
    mini.write("appraisal.yaml", APPRAISAL)
    [f] = found(mini)["T009"]
    assert f.file == "dossier.yaml" and "explanation_before" in f.message


def test_appraised_scores_against_the_criteria(mini: MiniDossier) -> None:
    round_one(mini)
    mini.write(
        "appraisal.yaml",
        "year: 2022\nleaves:\n"
        '  "1.1": {round1_score: 1.5}\n'  # above max 1 (line 3)
        '  "1.2.1": {round1_score: 0.3}\n'  # off the step 0.25 (line 4)
        '  "1.2.2": {round1_score: 0.5, explanation_requested: true}\n'  # survey (line 5)
        '  "9.9": {round1_score: 1}\n'  # unknown (line 6)
        '  "1.2": {round1_score: 1}\n'  # a parent (line 7)
        '  "2.1.1": {round1_score: 1, round2_score: 1.25}\n'  # round 2 above max (line 8)
        "areas:\n"
        '  "1": {survey_score: 2, published_total: 2.5}\n'  # survey max of area 1 is 1.5
        '  "7": {survey_score: 1}\n'
        "published_total: 9\n",
    )
    codes = found(mini)
    lines = {c: sorted((f.line, f.criterion) for f in fs) for c, fs in codes.items()}
    assert lines["T003"] == [(3, "1.1"), (8, "2.1.1")]
    assert "Vòng 2" in codes["T003"][1].message
    assert lines["T004"] == [(4, "1.2.1")]
    assert lines["T005"] == [(5, "1.2.2"), (5, "1.2.2")]  # the score and the request
    assert lines["T001"] == [(6, "9.9")]
    assert lines["T002"] == [(7, "1.2")]
    assert lines["T006"][0][0] == 1
    assert len(codes["T007"]) == 3  # survey above max, unknown area, total above max_total
    assert all(
        f.file == "appraisal.yaml" for fs in codes.values() for f in fs if f.code.startswith("T00")
    )


def test_leaf_outside_the_scope(mini: MiniDossier) -> None:
    mini.replace("dossier.yaml", 'phong-a: ["2"]', 'phong-a: ["2.1"]')
    mini.write("appraisal.yaml", 'leaves:\n  "2.2": {round1_score: 0.5}\n')
    [f] = found(mini)["T008"]
    assert f.criterion == "2.2" and f.severity is Severity.WARNING


def test_supplementary_evidence_follows_the_evidence_rules(mini: MiniDossier) -> None:
    round_one(mini)
    answer_1_1(
        mini,
        RESPONSE.replace("evidence/bo-sung.pdf", "evidence/khong-co.pdf").replace(
            "10/01/2023", "10/01/2022"
        )
        + "        - ../ngoai.pdf\n",
    )
    codes = found(mini)
    [missing] = codes["E001"]
    assert missing.criterion == "1.1" and missing.division == "van-phong"
    text = mini.root.joinpath("divisions/van-phong.yaml").read_text().splitlines()
    assert "khong-co.pdf" in text[missing.line - 1]
    assert "E005" in codes and "E003" in codes


def test_a_response_nobody_asked_for(mini: MiniDossier) -> None:
    round_one(mini)
    mini.replace(
        "divisions/phong-a.yaml",
        '    explanation: "Không phát sinh văn bản; chấm tối đa theo hướng dẫn."\n',
        '    explanation: "Không phát sinh văn bản; chấm tối đa theo hướng dẫn."\n'
        '    response: {text: "Giữ nguyên"}\n',
    )
    [f] = found(mini)["T014"]
    assert f.criterion == "2.1.10" and f.division == "phong-a"


def test_dates_of_the_round_in_order(mini: MiniDossier) -> None:
    mini.write(
        "dossier.yaml",
        mini.root.joinpath("dossier.yaml").read_text()
        + "appraisal:\n  round1_received: 20/01/2024\n  explanation_before: 15/01/2024\n",
    )
    d006 = [f for f in found(mini)["D006"] if "giải trình" in f.message]
    assert d006 and d006[0].line == report_line(mini, "explanation_before")


def test_a_deadline_without_requests(mini: MiniDossier) -> None:
    mini.write("dossier.yaml", mini.root.joinpath("dossier.yaml").read_text() + SCHEDULE)
    mini.write("appraisal.yaml", 'leaves:\n  "1.1": {round1_score: 1}\n')
    [f] = found(mini)["T010"]
    assert f.message.endswith("không có tiêu chí nào được yêu cầu giải trình")
