"""How wide text is in Times New Roman, to size the appendix rows from the wrapped text.

Widths are in thousandths of an em, for the characters of Times New Roman (the same metrics as
Liberation Serif, which LibreOffice substitutes for it). Vietnamese letters with a tone mark
are as wide as their base letter in Times New Roman; Liberation Serif lacks the letters with a
dot below, a hook above, a horn or two marks, which LibreOffice then draws from DejaVu Serif, a
wider font. The width used for those letters is the wider of the two, so a row sized here holds
its text in Excel with Times New Roman and in LibreOffice's PDF alike.
"""

from __future__ import annotations

import functools
import unicodedata


def _numbers(text: str) -> list[int]:
    return [int(word) for word in text.split()]


_CHARS = "".join(chr(c) for c in range(32, 127)) + "đĐ–—…“”‘’•«»°§×\xa0"
_REGULAR = _numbers(
    "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 "
    "500 500 500 500 500 500 278 278 564 564 564 444 921 722 667 667 722 611 556 722 "
    "722 333 389 722 611 889 722 722 556 722 667 556 611 722 722 944 722 722 611 333 "
    "278 333 469 500 333 444 500 444 500 444 333 500 500 278 278 500 278 778 500 500 "
    "500 500 333 389 278 500 500 722 500 500 444 480 200 480 541 500 722 500 1000 "
    "1000 444 444 333 333 350 500 500 400 500 564 250 "
)
_BOLD = _numbers(
    "250 333 555 500 500 1000 833 278 333 333 500 570 250 333 250 278 500 500 500 500 "
    "500 500 500 500 500 500 333 333 570 570 570 500 930 722 667 722 722 667 611 778 "
    "778 389 500 778 667 944 722 778 611 778 722 556 667 722 722 1000 722 722 667 333 "
    "278 333 581 500 333 500 556 444 556 444 333 500 556 278 333 556 278 833 556 500 "
    "556 556 444 389 333 556 500 722 500 500 444 394 220 394 520 556 722 500 1000 "
    "1000 500 500 333 333 350 500 500 400 500 570 250 "
)
REGULAR = dict(zip(_CHARS, _REGULAR, strict=True))
BOLD = dict(zip(_CHARS, _BOLD, strict=True))

# base letter -> width of the DejaVu Serif letters LibreOffice substitutes (regular, bold)
_FALLBACK = {
    "a": (613, 648),
    "e": (615, 636),
    "i": (320, 380),
    "o": (612, 667),
    "u": (644, 727),
    "y": (565, 581),
    "A": (722, 776),
    "E": (730, 762),
    "I": (395, 468),
    "O": (820, 871),
    "U": (843, 872),
    "Y": (660, 714),
}
_TONES = {"\u0300", "\u0301", "\u0303"}
_ALWAYS_FALLBACK = {"\u0309", "\u0323", "\u031b"}  # hook above, dot below, horn
OTHER = 1000  # a character outside the table (CJK, symbols): a full em, to be safe


def char_width(ch: str, *, bold: bool = False) -> int:
    """Width of one character in thousandths of an em."""
    table = BOLD if bold else REGULAR
    width = table.get(ch)
    if width is not None:
        return width
    if unicodedata.combining(ch):
        return 0
    parts = unicodedata.normalize("NFD", ch)
    base, marks = parts[0], set(parts[1:])
    width = table.get(base)
    if width is None:
        return OTHER
    if marks & _ALWAYS_FALLBACK or (len(marks) > 1 and marks & _TONES):
        fallback = _FALLBACK.get(base)
        if fallback is not None:
            return max(width, fallback[1 if bold else 0])
    return width


# widths of the characters met so far, regular and bold (a character is measured once)
_KNOWN: tuple[dict[str, int], dict[str, int]] = (dict(REGULAR), dict(BOLD))


@functools.lru_cache(maxsize=1 << 16)
def _units(text: str, bold: bool) -> int:
    """Width of ``text`` in thousandths of an em (remembered: the same words come back on
    every row, and row heights measure every word of every cell)."""
    known = _KNOWN[bold]
    try:
        return sum(map(known.__getitem__, text))
    except KeyError:  # a character not met yet
        for ch in set(text) - known.keys():
            known[ch] = char_width(ch, bold=bold)
        return sum(map(known.__getitem__, text))


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of ``text`` in points at ``size`` points."""
    return _units(text, bold) * size / 1000


@functools.lru_cache(maxsize=1 << 16)
def piece_widths(piece: str, size: float, bold: bool) -> tuple[float, float]:
    """:func:`text_width` of ``piece`` without its trailing spaces, and with them."""
    return text_width(piece.rstrip(" "), size, bold=bold), text_width(piece, size, bold=bold)
