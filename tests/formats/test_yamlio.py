from __future__ import annotations

from decimal import Decimal

from parcli.formats.yamlio import parse_yaml


def test_positions_are_one_based() -> None:
    doc = parse_yaml('a:\n  b: 1\n  "1.1":\n    score: 0.5\n', "x.yaml")
    assert doc.where(("a", "b")) == (2, 6)
    assert doc.where(("a", "1.1"), key=True) == (3, 3)
    assert doc.where(("a", "1.1", "missing")) == (4, 5)


def test_numbers_are_exact() -> None:
    doc = parse_yaml("a: 0.1\nb: 1.10\nc: 3\n", "x.yaml")
    assert doc.data == {"a": Decimal("0.1"), "b": Decimal("1.10"), "c": 3}
    assert str(doc.data["b"]) == "1.10"
    assert doc.numeric_raw[("b",)] == "1.10"


def test_dates_stay_text() -> None:
    doc = parse_yaml("d: 2023-12-01\ne: 01/12/2023\n", "x.yaml")
    assert doc.data == {"d": "2023-12-01", "e": "01/12/2023"}


def test_numeric_keys_are_recorded_as_written() -> None:
    doc = parse_yaml("1.10: x\n'1.2': y\n", "x.yaml")
    assert list(doc.data) == ["1.10", "1.2"]
    assert doc.numeric_keys == {("1.10",): "1.10"}


def test_duplicate_keys_keep_first_and_report() -> None:
    doc = parse_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert doc.data == {"a": 1, "b": 2}
    [finding] = doc.findings
    assert finding.code == "Y002" and finding.line == 3


def test_text_is_nfc() -> None:
    import unicodedata

    doc = parse_yaml(unicodedata.normalize("NFD", "name: Lào Cai\n"), "x.yaml")
    assert doc.data["name"] == unicodedata.normalize("NFC", "Lào Cai")


def test_empty_document() -> None:
    doc = parse_yaml("# chỉ có chú thích\n", "x.yaml")
    assert doc.data is None and doc.findings == []


def test_alias_bomb_is_refused_quickly() -> None:
    import time

    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    start = time.perf_counter()
    doc = parse_yaml("\n".join(lines) + "\n", "bom.yaml")
    assert time.perf_counter() - start < 5
    assert [f.code for f in doc.findings] == ["Y006"]


def test_a_non_breaking_space_pasted_from_word_is_a_space() -> None:
    # "score:\u00a01" and an indentation of non-breaking spaces, as Word pastes them
    text = 'answers:\n\u00a0 "1.1":\n    score:\u00a01\n    explanation: "Có\u00a0kế hoạch"\n'
    doc = parse_yaml(text, "divisions/van-phong.yaml")
    assert doc.findings == []
    assert doc.data == {"answers": {"1.1": {"score": 1, "explanation": "Có kế hoạch"}}}
    assert doc.where(("answers", "1.1", "score")) == (3, 12)


def test_deep_positions_are_found_from_the_text() -> None:
    """Issue 13: positions below depth 3 are not kept while parsing (a table entry per
    evidence field was most of validate's memory); a finding that asks gets them all the same."""
    text = (
        "answers:\n"
        '  "2.1.1":\n'
        "    score: 1\n"
        "    evidence:\n"
        "      - path: a.pdf\n"
        "        issued: 15/06/2023\n"
        "      - {path: b.pdf, issued: 16/06/2023}\n"
    )
    doc = parse_yaml(text, "x.yaml")
    assert doc.where(("answers", "2.1.1", "score")) == (3, 12)
    assert doc.where(("answers", "2.1.1", "evidence", 0, "issued")) == (6, 17)
    assert doc.where(("answers", "2.1.1", "evidence", 0, "issued"), key=True) == (6, 9)
    assert doc.where(("answers", "2.1.1", "evidence", 1, "path")) == (7, 16)
    assert doc.where(("answers", "2.1.1", "evidence", 1, "number")) == (7, 9)  # its item
    assert doc.where(("answers", "2.1.1", "evidence", 3)) == (5, 7)  # no item 3: the list
    assert doc.where(("answers", "2.1.1", "evidence"), key=True) == (4, 5)


def test_bounds_fail_fast_with_a_located_y007() -> None:
    import time

    from parcli.formats import yamlio

    cases = {
        "deep block": "a:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(1000)),
        "deep flow": "a: " + "[" * 10_000,
        "many items": "a:\n" + "  - x\n" * 200_000,
        "long value": "a: " + "x" * 10_000_000 + "\n",
    }
    for name, text in cases.items():
        start = time.perf_counter()
        doc = parse_yaml(text, "x.yaml")
        assert time.perf_counter() - start < 3, name
        [f] = [f for f in doc.findings if f.code == "Y007"]
        assert doc.data is None and f.file == "x.yaml" and f.line, name
    deep = parse_yaml("a:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(80)), "x.yaml")
    assert [f.line for f in deep.findings if f.code == "Y007"] == [yamlio.MAX_DEPTH + 1]
    # just below every bound: read normally
    ok = "a:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(yamlio.MAX_DEPTH - 2))
    assert parse_yaml(ok, "x.yaml").findings == []
    assert parse_yaml("a: [" + "1, " * 50_000 + "2]\n", "x.yaml").findings == []
    huge = parse_yaml("a: 1\n" + "#" * (yamlio.MAX_CHARS + 1), "x.yaml")
    assert [(f.code, f.line) for f in huge.findings] == [("Y007", 1)]


def test_lines_are_counted_as_editors_count_them() -> None:
    # YAML breaks lines at NEL, U+2028 and U+2029; Notepad and VS Code do not
    doc = parse_yaml('a: "ghi\u2028chú\u2029x\u0085y"\nb: 2\nc: 3\n', "x.yaml")
    assert doc.where(("b",)) == (2, 4) and doc.where(("c",), key=True) == (3, 1)
    [error] = parse_yaml('a: "x\u2028y\u2029z"\nb: [x\n', "x.yaml").findings
    assert error.code == "Y001" and error.line == 3  # the end of the file, after line 2
    # inside a comment they end it for YAML: the rest of that line is then the error
    [comment] = parse_yaml("a: 1\n# ghi\u2028chú\nb: 2\n", "x.yaml").findings
    assert (comment.line, comment.col) == (3, 1)  # at "b:", the editor's line 3
    assert parse_yaml("a: 1\r\nb: 2\rc: 3\n", "x.yaml").where(("c",)) == (3, 4)


def test_an_alias_used_as_a_scalar_is_reported() -> None:
    doc = parse_yaml("a: &d giá trị\nb: *d\n", "x.yaml")
    [f] = doc.findings
    assert (f.code, f.line, f.col) == ("Y006", 2, 4)
    lists = parse_yaml("a: &l [1]\nb: *l\nc: *l\n", "x.yaml")
    assert [f.code for f in lists.findings] == ["Y006"]
