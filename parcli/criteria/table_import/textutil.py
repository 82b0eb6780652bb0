"""A small text helper shared by every stage of the import."""

from __future__ import annotations


def short(text: str, n: int = 80) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"
