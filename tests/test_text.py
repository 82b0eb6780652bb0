from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from parcli.text import (
    clean_text,
    code_key,
    fold,
    format_date,
    format_date_long,
    format_decimal,
    nfc,
    parse_date,
    parse_decimal,
    slugify,
    strip_invisible,
)


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
        (dt.date(2024, 2, 10), "ngày 10 tháng 02 năm 2024"),
        (dt.date(2024, 3, 9), "ngày 09 tháng 3 năm 2024"),
        (dt.date(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (dt.date(2023, 12, 25), "ngày 25 tháng 12 năm 2023"),
    ],
)
def test_nd30_long_date(day: dt.date, text: str) -> None:
    assert format_date_long(day) == text


def test_short_date() -> None:
    assert format_date(dt.date(2024, 1, 5)) == "05/01/2024"


@pytest.mark.parametrize(
    "raw", ["25/12/2023", "2023-12-25", "25-12-2023", "25.12.2023", dt.date(2023, 12, 25)]
)
def test_parse_date(raw: object) -> None:
    assert parse_date(raw) == dt.date(2023, 12, 25)


@pytest.mark.parametrize("raw", ["12/25/2023", "2023/12/25", "hôm qua", 20231225, None])
def test_parse_date_rejects(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_date(raw)


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        ("70.5", None, "70,5"),
        ("70.50", None, "70,5"),
        ("94", 2, "94,00"),
        ("94.625", 2, "94,63"),
        ("1234567.25", None, "1.234.567,25"),
        ("100", None, "100"),
        ("0.25", None, "0,25"),
        ("66.0", None, "66"),
    ],
)
def test_format_decimal(value: str, places: int | None, text: str) -> None:
    assert format_decimal(Decimal(value), places) == text


@pytest.mark.parametrize(
    ("raw", "value"), [("0,5", "0.5"), ("1.25", "1.25"), (1, "1"), (Decimal("0.75"), "0.75")]
)
def test_parse_decimal(raw: object, value: str) -> None:
    assert parse_decimal(raw) == Decimal(value)


@pytest.mark.parametrize("raw", ["1,2.5", "abc", True, "NaN"])
def test_parse_decimal_rejects(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_decimal(raw)


def test_fold_and_slug() -> None:
    assert fold("ĐIỂM  TỰ ĐÁNH GIÁ") == fold("diem tu danh gia")
    assert slugify("Phòng Kế hoạch - Tài chính") == "phong-ke-hoach-tai-chinh"
    assert nfc("Lào Cai".encode().decode()) == "Lào Cai"
    import unicodedata

    assert nfc(unicodedata.normalize("NFD", "Lào Cai")) == "Lào Cai"


def test_code_order() -> None:
    codes = ["1.10", "1.2", "2", "1.1", "1"]
    assert sorted(codes, key=code_key) == ["1", "1.1", "1.2", "1.10", "2"]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Kế hoạch\tsố 1\r\n  dòng hai  ", "Kế hoạch số 1\ndòng hai"),
        ("Ke hoach\tso 1\r\n  dong hai  ", "Ke hoach so 1\ndong hai"),  # the ASCII fast path
        ("a\rb", "a\nb"),
        ("  many   spaces  ", "many spaces"),
        ("so\u00adft zero\u200bwidth\ufeff", "soft zerowidth"),
        ("Ke\u200b\u0302 hoa\u0323ch", "Kê hoạch"),  # NFC after the invisible ones are gone
    ],
)
def test_clean_text_reads_text_as_a_person_means_it(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_strip_invisible() -> None:
    assert strip_invisible("ke\u200b-hoach\u2060.pdf") == "ke-hoach.pdf"
    assert strip_invisible("plain.pdf") == "plain.pdf"
