"""Read YAML with positions, exact decimals and duplicate-key detection.

PyYAML's own constructor loses what a validator needs: it keeps the last of two duplicate keys,
turns ``1.10`` into the float 1.1, and forgets line numbers. Here the node tree is composed with
the safe loader and converted by hand:

* every value and every key keeps its 1-based line and column, by path;
* duplicate keys in a mapping are reported (the first value is kept);
* numbers become ``int`` or exact ``Decimal`` (from the text as written, never a binary float),
  and the paths of unquoted numbers are remembered with their text, so a code written ``1.10``
  without quotes can be reported;
* dates stay as the text written (the models parse ISO and dd/mm/yyyy);
* strings are NFC;
* a file is bounded before it is composed (:data:`LIMITS`: size, nesting depth, number of
  values, length of one value), so a hostile file fails fast with a located Y007 instead of
  exhausting the stack or the memory;
* lines are counted as editors count them (LF, CRLF, CR): U+2028, U+2029 and NEL, which YAML
  counts as line breaks, do not shift the line numbers of findings.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from parcli.findings import Finding, make
from parcli.text import UNICODE_SPACES, nfc, strip_invisible

PathT = tuple[str | int, ...]

_SAFE = yaml.constructor.SafeConstructor()
# libyaml's composer is about ten times faster; it gives the same nodes and marks.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_CHARS = 16 * 1024 * 1024  # one dossier file: 16 Mi characters
MAX_DEPTH = 50  # nesting of lists and tables (a criteria set needs 8)
MAX_NODES = 100_000  # values in one file (a division file with 5,000 evidence files: ~30,000)
MAX_SCALAR = 100_000  # characters of one value (a long explanation is a few thousand)
LIMITS = {"chars": MAX_CHARS, "depth": MAX_DEPTH, "nodes": MAX_NODES, "scalar": MAX_SCALAR}

# YAML 1.1 also breaks lines at NEL, LS and PS; editors (Notepad, VS Code, Word) do not.
_UNUSUAL_BREAKS = re.compile("[\x85\u2028\u2029]")
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")

_BOOL_TRUE = {"true", "yes", "on"}
_BOOL_FALSE = {"false", "no", "off"}


# Positions of paths up to this depth are kept while parsing (("answers", "2.1.1", "score"));
# deeper ones (each evidence item and its fields) are computed again from the file's text the
# first time a finding asks for one: a file with 50,000 evidence items then costs its text,
# not a table entry per node (issue 13).
SHALLOW = 3
_BITS = 24
_MAX = (1 << _BITS) - 1
_VALUE = (1 << 2 * _BITS) - 1


def _pack(position: tuple[int, int]) -> int:
    """A 1-based (line, column) as one int (a file past 16 million lines or columns is clamped)."""
    line, col = position
    return min(line, _MAX) << _BITS | min(col, _MAX)


def _unpack(packed: int) -> tuple[int, int]:
    return packed >> _BITS, packed & _MAX


@dataclasses.dataclass
class YamlDoc:
    """One YAML file as data plus everything needed to point back into it."""

    file: str  # display path (relative to the dossier, with "/")
    data: Any
    numeric_raw: dict[PathT, str] = dataclasses.field(default_factory=dict)
    numeric_keys: dict[PathT, str] = dataclasses.field(default_factory=dict)
    findings: list[Finding] = dataclasses.field(default_factory=list)
    # path -> position of its key << 48 | position of its value (each _pack()ed; 0: none)
    _spots: dict[PathT, int] = dataclasses.field(default_factory=dict, repr=False)
    # the file's text while positions deeper than SHALLOW have not been computed
    _source: str | bytes | None = dataclasses.field(default=None, repr=False)

    def where(self, path: PathT, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of ``path`` (its key with ``key=True``), or of its nearest parent."""
        probe = tuple(path)
        if len(probe) > SHALLOW and self._source is not None:
            self._complete()
        spots = self._spots
        while True:
            packed = spots.get(probe)
            if packed is not None:
                if key and packed >> 2 * _BITS:
                    return _unpack(packed >> 2 * _BITS)
                if packed & _VALUE:
                    return _unpack(packed & _VALUE)
            if not probe:
                return (None, None)
            probe = probe[:-1]

    def position(self, path: PathT, *, key: bool = False) -> tuple[int, int] | None:
        """Line and column of exactly ``path`` (its key with ``key=True``), or None."""
        probe = tuple(path)
        if len(probe) > SHALLOW and self._source is not None:
            self._complete()
        packed = self._spots.get(probe)
        if packed is None:
            return None
        part = packed >> 2 * _BITS if key else packed & _VALUE
        return _unpack(part) if part else None

    def moved(self, move: Callable[[PathT], PathT | None]) -> YamlDoc:
        """A copy whose positions stand at the paths ``move`` gives (None drops one)."""
        self._complete()
        spots: dict[PathT, int] = {}
        for path, packed in self._spots.items():
            new = move(path)
            if new is not None:
                spots[new] = packed
        return dataclasses.replace(self, _spots=spots, _source=None)

    def _complete(self) -> None:
        """Positions at every depth, from the text kept for that."""
        source, self._source = self._source, None
        if source is None:
            return
        text = source.decode("utf-8") if isinstance(source, bytes) else source
        scratch = YamlDoc(file=self.file, data=None)
        lines = _Lines(text)
        try:
            node = yaml.compose(
                text, Loader=_FAST_LOADER if lines.starts is None else yaml.SafeLoader
            )
        except yaml.YAMLError:
            return  # parsed the first time, so not expected; shallow positions stay
        if node is not None:
            _Converter(scratch, lines, depth=None).convert(node, ())
            self._spots = scratch._spots


class _Lines:
    """(line, column), 1-based, of a YAML mark, counted the way editors count lines."""

    def __init__(self, text: str) -> None:
        self.starts: list[int] | None = None
        if _UNUSUAL_BREAKS.search(text):
            self.starts = [0] + [m.end() for m in _EDITOR_BREAK.finditer(text)]

    def __call__(self, mark: Any) -> tuple[int, int]:
        if self.starts is None:
            return mark.line + 1, mark.column + 1
        index = int(mark.index)
        row = bisect.bisect_right(self.starts, index) - 1
        return row + 1, index - self.starts[row] + 1


def _check_bounds(text: str, file: str, loader: Any, lines: _Lines) -> list[Finding]:
    """Y007 where ``text`` goes beyond :data:`LIMITS`; Y006 for the first alias.

    Walks the event stream (no recursion, constant memory), stopping at the first excess.
    Syntax errors are left to the composer, which reports them with better context.
    """

    def too_much(what: str, mark: Any) -> Finding:
        line, col = lines(mark)
        return make(
            "Y007",
            f"Tệp {file} quá lớn để là tệp hồ sơ: {what}",
            "Kiểm tra lại tệp (có thể bị chép lặp hoặc bị hỏng); tách nội dung dài ra tài liệu "
            "kiểm chứng hoặc chia thành nhiều tệp.",
            file=file,
            line=line,
            col=col,
        )

    found: list[Finding] = []
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                nodes += 1
                if depth > MAX_DEPTH:
                    return [*found, too_much(f"lồng nhau quá {MAX_DEPTH} cấp", event.start_mark)]
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent):
                nodes += 1
                if len(event.value) > MAX_SCALAR:
                    return [
                        *found,
                        too_much(
                            f"một giá trị dài {len(event.value):,} ký tự (tối đa "
                            f"{MAX_SCALAR:,})".replace(",", "."),
                            event.start_mark,
                        ),
                    ]
            elif isinstance(event, yaml.AliasEvent) and not found:
                line, col = lines(event.start_mark)
                found.append(
                    make(
                        "Y006",
                        f"Tệp dùng bí danh YAML (*{event.anchor}); parcli không đọc bí danh",
                        "Viết đầy đủ nội dung ở mỗi chỗ thay cho *tên.",
                        file=file,
                        line=line,
                        col=col,
                    )
                )
            if nodes > MAX_NODES:
                return [
                    *found,
                    too_much(f"hơn {MAX_NODES:,} giá trị".replace(",", "."), event.start_mark),
                ]
    except yaml.YAMLError:
        if loader is not yaml.SafeLoader:
            # libyaml may stop at a syntax error before it yields the events that lead there
            # (an unclosed "[[[[…"): the pure-Python parser yields them one by one
            return _check_bounds(text, file, yaml.SafeLoader, lines)
        return found
    return found


class _Converter:
    def __init__(self, doc: YamlDoc, lines: _Lines, depth: int | None = SHALLOW) -> None:
        self.doc = doc
        self.lines = lines
        self.depth = depth  # positions kept up to this path length (None: all)
        self.skipped = False  # whether a deeper position was left out
        self.seen: set[int] = set()
        self.keys: dict[str, str] = {}  # one string per distinct key (50,000 "path" keys)
        self.alias_reported = False

    def _spot(self, path: PathT, key: int, value: int) -> None:
        if self.depth is None or len(path) <= self.depth:
            self.doc._spots[path] = key << 2 * _BITS | value
        else:
            self.skipped = True

    def convert(self, node: yaml.Node, path: PathT, key: int = 0) -> Any:
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            # An alias (*name) is the same node object met again. No parcli format needs
            # anchors, and expanding them lets a tiny file grow without bound.
            if id(node) in self.seen:
                self._spot(path, key, 0)
                if not self.alias_reported:
                    self.alias_reported = True
                    self.doc.findings.append(
                        make(
                            "Y006",
                            "Tệp dùng bí danh YAML (&tên ... *tên); parcli không đọc bí danh",
                            "Viết đầy đủ nội dung ở mỗi chỗ thay cho *tên.",
                            file=self.doc.file,
                            line=self.lines(node.start_mark)[0],
                            col=self.lines(node.start_mark)[1],
                        )
                    )
                return None
            self.seen.add(id(node))
        self._spot(path, key, _pack(self.lines(node.start_mark)))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(child, (*path, i)) for i, child in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: PathT) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = self.lines(key_node.start_mark)
                self.doc.findings.append(
                    make(
                        "Y001",
                        "Khóa của bảng phải là một chữ hoặc mã, không phải danh sách hay bảng",
                        "Viết khóa dạng `ten_truong: giá trị`.",
                        file=self.doc.file,
                        line=line,
                        col=col,
                    )
                )
                continue
            key = self.keys.get(key_node.value)
            if key is None:
                key = self.keys[key_node.value] = nfc(key_node.value)
            child = (*path, key)
            if key_node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and (
                not key_node.style  # plain (unquoted); libyaml says "", PyYAML None
            ):
                self.doc.numeric_keys[child] = key_node.value
            key_pos = self.lines(key_node.start_mark)
            if key in result:
                self.doc.findings.append(
                    make(
                        "Y002",
                        f"Khóa '{key}' xuất hiện hai lần (lần đầu ở dòng {first_line[key]}); "
                        "YAML sẽ bỏ mất một trong hai giá trị",
                        "Xóa hoặc gộp một trong hai; parcli giữ giá trị thứ nhất.",
                        file=self.doc.file,
                        line=key_pos[0],
                        col=key_pos[1],
                    )
                )
                continue
            first_line[key] = key_pos[0]
            result[key] = self.convert(value_node, child, _pack(key_pos))
        return result

    def _scalar(self, node: yaml.ScalarNode, path: PathT) -> Any:
        tag, value = node.tag, node.value
        if node.style or tag == "tag:yaml.org,2002:str":  # quoted or a block text
            return nfc(value)
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            low = value.lower()
            if low in _BOOL_TRUE:
                return True
            if low in _BOOL_FALSE:
                return False
            return nfc(value)
        if tag == "tag:yaml.org,2002:int":
            self.doc.numeric_raw[path] = value
            try:
                return int(_SAFE.construct_yaml_int(node))
            except ValueError:
                return nfc(value)
        if tag == "tag:yaml.org,2002:float":
            self.doc.numeric_raw[path] = value
            try:
                number = Decimal(value.replace("_", ""))
            except InvalidOperation:
                return nfc(value)  # .inf, .nan: left as text, the model rejects it
            return number if number.is_finite() else nfc(value)
        # timestamps and anything else: the text as written
        return nfc(value)


def parse_yaml(text: str, file: str, source: bytes | None = None) -> YamlDoc:
    """Parse YAML text; syntax errors become a Y001 finding and ``data`` is None.

    ``source``: the same text as UTF-8 bytes when the caller has them (kept, instead of the
    text, to compute deep positions when a finding asks).
    """
    doc = YamlDoc(file=file, data=None)
    # A non-breaking space pasted from Word ("score:\u00a01", or in the indentation) is a space
    # to the person who typed it; as text it would become one anyway (see clean_text).
    text = strip_invisible(UNICODE_SPACES.sub(" ", text))
    lines = _Lines(text)
    # libyaml's marks count bytes on some versions; with unusual breaks, character positions
    # are needed to recount the lines, so the pure-Python loader reads such (rare) files.
    fast = _FAST_LOADER if lines.starts is None else yaml.SafeLoader
    if len(text) > MAX_CHARS:
        doc.findings.append(
            make(
                "Y007",
                f"Tệp {file} quá lớn để là tệp hồ sơ: {len(text):,} ký tự (tối đa "
                f"{MAX_CHARS:,})".replace(",", "."),
                "Tệp hồ sơ chỉ chứa điểm, đường dẫn và ghi chú; kiểm tra xem có chép nhầm tài "
                "liệu vào tệp không.",
                file=file,
                line=1,
                col=1,
            )
        )
        return doc
    try:
        bounded = _check_bounds(text, file, fast, lines)
    except (yaml.YAMLError, ValueError):
        bounded = []
    doc.findings.extend(bounded)
    if any(f.code == "Y007" for f in bounded):
        return doc
    try:
        try:
            node = yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            # Parse again with the pure-Python loader: same verdict, clearer messages.
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:  # the bounds above should have said it; never a crash
        doc.findings.append(
            make(
                "Y007",
                f"Tệp {file} quá lớn để là tệp hồ sơ: lồng nhau quá sâu",
                "Kiểm tra lại tệp (có thể bị chép lặp hoặc bị hỏng).",
                file=file,
                line=1,
                col=1,
            )
        )
        return doc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = lines(mark) if mark else (None, None)
        problem = (exc.problem or "").strip()
        doc.findings.append(
            make(
                "Y001",
                f"Lỗi cú pháp YAML: {_explain_yaml_problem(problem)}",
                "Kiểm tra thụt lề (dùng dấu cách, không dùng Tab), dấu hai chấm sau mỗi khóa, "
                "và đặt văn bản có dấu ':' hoặc '#' trong dấu nháy kép.",
                file=file,
                line=line,
                col=col,
            )
        )
        return doc
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1])
        doc.findings.append(
            make(
                "Y005",
                f"Tệp {file} có ký tự không phải văn bản (mã {code:#06x}); tệp có thể không "
                "phải YAML hoặc đã bị hỏng",
                "Mở tệp bằng Notepad++ hoặc VS Code để kiểm tra; xóa tệp nếu nó không phải của "
                "parcli.",
                file=file,
                line=line,
                col=col,
            )
        )
        return doc
    except yaml.YAMLError as exc:
        doc.findings.append(make("Y001", f"Lỗi cú pháp YAML: {exc}", file=file))
        return doc
    if node is None:
        doc.data = None
        return doc
    converter = _Converter(doc, lines)
    converter.alias_reported = bool(bounded)  # Y006 already said
    doc.data = converter.convert(node, ())
    if converter.skipped:
        doc._source = text if source is None else source
    return doc


def _explain_yaml_problem(problem: str) -> str:
    known = {
        "found character '\\t' that cannot start any token": "có ký tự Tab (YAML chỉ chấp nhận "
        "dấu cách để thụt lề)",
        "mapping values are not allowed here": "có dấu ':' ở chỗ không được phép (văn bản có "
        "dấu ':' cần đặt trong dấu nháy kép)",
        "could not find expected ':'": "thiếu dấu ':' sau tên khóa",
        "found unexpected end of stream": "tệp kết thúc khi còn dấu nháy hoặc ngoặc chưa đóng",
        "found undefined alias": "dùng bí danh (*) chưa được định nghĩa",
        "unacceptable character": "có ký tự lạ, không phải văn bản (tệp có thể không phải "
        "YAML, hoặc bị hỏng)",
        "expected ',' or '}'": "thiếu dấu } hoặc dấu phẩy trong {...}",
        "expected ',' or ']'": "thiếu dấu ] hoặc dấu phẩy trong [...]",
        "while scanning a quoted scalar": "dấu nháy mở mà chưa đóng",
        "found unknown escape character": "có dấu \\ trong văn bản đặt trong nháy kép "
        '("..."), YAML hiểu nó là ký tự đặc biệt; với đường dẫn Windows hãy dùng dấu / '
        "(evidence/ke-hoach.pdf) hoặc nháy đơn ('evidence\\ke-hoach.pdf')",
    }
    for english, vietnamese in known.items():
        if problem.startswith(english) or english in problem:
            return vietnamese
    if "expected <block end>" in problem or "did not find expected" in problem:
        return f"thụt lề không thẳng hàng ({problem})"
    return problem or "không đọc được"


def read_yaml_file(path: Path, file: str) -> YamlDoc:
    """Read and parse a file; unreadable files become a Y005 finding."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        doc = YamlDoc(file=file, data=None)
        doc.findings.append(make("Y005", f"Không tìm thấy tệp {file}", file=file))
        return doc
    except OSError as exc:
        doc = YamlDoc(file=file, data=None)
        doc.findings.append(make("Y005", f"Không đọc được tệp {file}: {exc.strerror}", file=file))
        return doc
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # Notepad on Windows writes a BOM
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # Notepad's "Unicode"
        doc = YamlDoc(file=file, data=None)
        doc.findings.append(
            make(
                "Y005",
                f"Tệp {file} được lưu bằng mã hóa UTF-16 (Notepad gọi là “Unicode”), không "
                "phải UTF-8"
                if utf16
                else f"Tệp {file} không phải UTF-8 (byte lạ ở dòng {line})",
                "Mở tệp bằng Notepad, chọn Lưu thành… và chọn mã hóa UTF-8.",
                file=file,
                line=1 if utf16 else line,
                col=1,
            )
        )
        return doc
    return parse_yaml(text, file, raw)
