"""Two small text helpers shared by every stage of the import.
"""

from __future__ import annotations

from decimal import Decimal


def _plain(value: Decimal) -> str:
    """A decimal as written without exponent or trailing zeros: 1.50 -> "1.5", 10 -> "10"."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        normalized = normalized.quantize(Decimal(1))
    return format(normalized, "f")


def _short(text: str, n: int = 80) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"
