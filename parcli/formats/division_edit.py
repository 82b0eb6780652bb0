"""Minimal-change edits of a division file (``divisions/<id>.yaml``): no new dependency.

Only the answers that changed are touched, and within an answer only the fields that changed:
every other byte of the file (comments, quotes, blank lines, key order) stays as it was. The
line spans come from the positions :mod:`parcli.formats.yamlio` records.

* A changed field is rewritten in parcli's own style (texts in double quotes, dates dd/mm/yyyy).
* Comment lines inside a rewritten field (and comments at the end of its lines) cannot stay
  where they were: they are moved, unchanged, just above the field, and reported in
  :attr:`EditResult.notes`.
* An answer written on one line (``"1.1": {score: 1}``) or with nothing under it is rewritten
  as a whole (its comments are kept above it the same way).
* New answers (stubs) are inserted in criteria order, before the comment lines that introduce
  the next answer.

After editing, the new text is parsed again and compared with the intended answers; if they
differ, :class:`EditFailed` is raised and nothing is written.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from typing import Any

from parcli.errors import EditFailed
from parcli.formats.yamlio import YamlDoc, parse_yaml
from parcli.model import Answer, AppraisalResponse, Evidence
from parcli.text import code_key, format_date, plain_decimal

ANSWER_FIELDS = (
    "score",
    "explanation",
    "reason_lost",
    "remedy",
    "evidence",
    "updated",
    "response",
)
RESPONSE_FIELDS = ("text", "evidence", "updated")


@dataclasses.dataclass
class EditResult:
    text: str
    notes: list[str]  # what could not be kept in place (moved comments)


@dataclasses.dataclass(frozen=True)
class _Entry:
    key: str  # as written
    line: int  # 0-based line of the key
    col: int  # 0-based column of the key


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def render_field(field: str, value: Any, indent: int) -> list[str]:
    """The lines of ``field: value`` at ``indent`` spaces (``value`` as in :class:`Answer`)."""
    pad = " " * indent
    if field == "response" and value is not None:
        response: AppraisalResponse = value
        lines = [f"{pad}response:"]
        for key in RESPONSE_FIELDS:
            inner = getattr(response, key)
            if inner is not None and inner != []:
                lines.extend(render_field(key, inner, indent + 2))
        return lines if len(lines) > 1 else [f"{pad}response: {{}}"]
    if field == "evidence":
        items: list[Evidence] = value or []
        if not items:
            return [f"{pad}evidence: []"]
        lines = [f"{pad}evidence:"]
        for item in items:
            data = item.model_dump(exclude_none=True)
            if list(data) == ["path"]:
                lines.append(f"{pad}  - {yaml_string(item.path)}")
                continue
            first = True
            for key in ("path", "title", "number", "issued", "issuer", "part"):
                if key not in data:
                    continue
                raw = data[key]
                shown = yaml_string(format_date(raw) if key == "issued" else str(raw))
                lines.append(f"{pad}  {'- ' if first else '  '}{key}: {shown}")
                first = False
        return lines
    if value is None:
        return [f"{pad}{field}:"]
    if field == "score":
        return [f"{pad}score: {plain_decimal(value)}"]
    if field == "updated":
        return [f"{pad}updated: {format_date(value)}"]
    return [f"{pad}{field}: {yaml_string(str(value))}"]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_blank_or_comment(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _block_end(lines: Sequence[str], start: int, col: int, stop: int) -> int:
    """End (exclusive) of the block whose key is on line ``start`` at column ``col``: the lines
    below it indented more (or a "- " item at the same column), without trailing comments."""
    end = start + 1
    i = start + 1
    while i < stop:
        line = lines[i]
        if _is_blank_or_comment(line):
            i += 1
            continue
        ind = _indent(line)
        if ind > col or (ind == col and line.lstrip().startswith("- ")):
            i += 1
            end = i
            continue
        break
    return end


def _leading_comments(lines: Sequence[str], line: int, floor: int) -> int:
    """First line of the comment/blank run directly above ``line`` (not above ``floor``)."""
    i = line
    while i > floor and lines[i - 1].strip().startswith("#"):
        i -= 1
    return i


def _comments_in(lines: Sequence[str], first: int, end: int) -> list[str]:
    """Full-line comments and end-of-line comments of lines[first:end] (block scalars aside)."""
    found: list[str] = []
    block_scalar_col: int | None = None
    for i in range(first, end):
        line = lines[i]
        if block_scalar_col is not None:
            if line.strip() and _indent(line) <= block_scalar_col:
                block_scalar_col = None
            else:
                continue
        stripped = line.strip()
        if stripped.startswith("#"):
            found.append(stripped)
            continue
        comment = _end_comment(line)
        if comment:
            found.append(comment)
        body = line.split(" #", 1)[0].rstrip()
        if body.endswith(("|", ">", "|-", ">-", "|+", ">+")):
            block_scalar_col = _indent(line)
    return found


def _end_comment(line: str) -> str | None:
    quote: str | None = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote and not (quote == '"' and line[i - 1] == "\\"):
                quote = None
        elif ch in "\"'" and (i == 0 or line[i - 1] in " :[{,-"):
            quote = ch
        elif ch == "#" and i > 0 and line[i - 1] in " \t":
            return line[i:].strip()
    return None


class _Editor:
    def __init__(self, text: str, display: str) -> None:
        self.bom = "\ufeff" if text.startswith("\ufeff") else ""
        text = _unbom(text)
        self.newline = "\r\n" if "\r\n" in text else "\n"
        text = text.replace("\r\n", "\n")
        self.text = text
        self.display = display
        self.doc: YamlDoc = parse_yaml(text, display)
        if self.doc.data is None and text.strip():
            raise EditFailed(f"{display} không đọc được (lỗi YAML); sửa tệp trước")
        self.lines = text.split("\n")
        self.notes: list[str] = []
        # replacements: (first line, end line exclusive, new lines); applied bottom-up
        self.edits: list[tuple[int, int, list[str]]] = []

    def answers_data(self) -> dict[str, Any]:
        data = self.doc.data if isinstance(self.doc.data, dict) else {}
        answers = data.get("answers")
        return answers if isinstance(answers, dict) else {}

    def entries(self) -> list[_Entry]:
        result = []
        for key in self.answers_data():
            line, col = self.doc.position(("answers", key), key=True) or (None, None)
            if line is None or col is None:
                raise EditFailed(f"{self.display}: không xác định được vị trí mã {key}")
            result.append(_Entry(str(key), line - 1, col - 1))
        return sorted(result, key=lambda e: e.line)

    def answers_stop(self) -> int:
        """Line (exclusive) where the answers mapping ends."""
        entry = self.doc.position(("answers",), key=True)
        if entry is None:
            return len(self.lines)
        return _block_end(self.lines, entry[0] - 1, entry[1] - 1, len(self.lines))

    def answer_span(self, entries: list[_Entry], index: int) -> tuple[int, int]:
        entry = entries[index]
        stop = entries[index + 1].line if index + 1 < len(entries) else self.answers_stop()
        return entry.line, _block_end(self.lines, entry.line, entry.col, stop)

    # ------------------------------------------------------------------ changing answers

    def change(self, code: str, old: Answer | None, new: Answer) -> None:
        entries = self.entries()
        index = next((i for i, e in enumerate(entries) if e.key.strip() == code), None)
        if index is None:
            raise EditFailed(f"{self.display}: không có mã {code} để sửa")
        entry = entries[index]
        first, end = self.answer_span(entries, index)
        raw = self.answers_data()[entry.key]
        path = ("answers", entry.key)
        fields = self._field_entries(path, entry, raw, end)
        if fields is None:
            self._rewrite_answer(entry, first, end, new, code)
            return
        self._change_fields(path, entry, fields, end, old or Answer(), new, ANSWER_FIELDS, code)

    def _change_fields(
        self,
        path: tuple[str, ...],
        entry: _Entry,
        fields: list[_Entry],
        end: int,
        old: Any,
        new: Any,
        names: tuple[str, ...],
        code: str,
    ) -> None:
        """Rewrite the fields of the mapping at ``path`` that differ between ``old`` and
        ``new`` (insert those it lacks, in the usual order)."""
        field_indent = fields[0].col if fields else entry.col + 2
        changed = [f for f in names if getattr(old, f) != getattr(new, f)]
        present = {f.key: i for i, f in enumerate(fields)}
        for field in changed:
            value = getattr(new, field)
            if field in present:
                i = present[field]
                f_first = fields[i].line
                f_stop = fields[i + 1].line if i + 1 < len(fields) else end
                f_end = _block_end(self.lines, f_first, fields[i].col, f_stop)
                if field == "response" and self._change_response(
                    path, fields[i], f_end, old.response, value, code
                ):
                    continue
                moved = _comments_in(self.lines, f_first, f_end)
                if moved:
                    self.notes.append(
                        f"{code}: {len(moved)} chú thích trong trường {field} được chuyển lên "
                        "ngay trên trường đó (giữ nguyên nội dung)"
                    )
                pad = " " * fields[i].col
                if field == "evidence" and value:
                    body = self._evidence_lines(
                        path, old.evidence, value, fields[i], f_first, f_end
                    )
                    if body is not None:
                        self.edits.append((f_first, f_end, body))
                        continue
                rendered = (
                    []  # no answer to the appraisal any more: the block goes
                    if field == "response" and value is None
                    else render_field(field, value, fields[i].col)
                )
                self.edits.append((f_first, f_end, [pad + c for c in moved] + rendered))
            else:
                if value is None or value == []:
                    continue
                # before the first present field that comes later in the usual order
                order = names.index(field)
                later = [f for f in fields if f.key in names and names.index(f.key) > order]
                at = later[0].line if later else end
                self.edits.append((at, at, render_field(field, value, field_indent)))

    def _change_response(
        self,
        path: tuple[str, ...],
        field: _Entry,
        end: int,
        old: AppraisalResponse | None,
        new: AppraisalResponse | None,
        code: str,
    ) -> bool:
        """Edit inside an existing ``response:`` mapping; False when it must be rewritten."""
        if old is None or new is None:
            return False
        inner = (*path, "response")
        raw = self._data_at(inner)
        fields = self._field_entries(inner, field, raw, end)
        if not fields:
            return False
        self._change_fields(inner, field, fields, end, old, new, RESPONSE_FIELDS, code)
        return True

    def _data_at(self, path: tuple[str, ...]) -> Any:
        data: Any = self.doc.data
        for key in path:
            data = data.get(key) if isinstance(data, dict) else None
        return data

    def _evidence_lines(
        self,
        path: tuple[str, ...],
        before: list[Evidence],
        items: list[Evidence],
        field: _Entry,
        first: int,
        end: int,
    ) -> list[str] | None:
        """The evidence block with every unchanged item's own lines kept (None: rewrite)."""
        mapping = self._data_at(path)
        raw = mapping.get("evidence") if isinstance(mapping, dict) else None
        if not isinstance(raw, list) or len(raw) != len(before) or not raw:
            return None
        spans: list[tuple[int, int]] = []
        for i in range(len(raw)):
            pos = self.doc.position((*path, "evidence", i))
            if pos is None:
                return None
            line = pos[0] - 1
            dash = self.lines[line].rfind("- ", 0, pos[1])
            if line <= field.line or dash < 0 or self.lines[line][:dash].strip():
                return None  # not a block sequence with one "- " item a line
            spans.append((line, dash))
        bounds = []
        for i, (line, dash) in enumerate(spans):
            stop = spans[i + 1][0] if i + 1 < len(spans) else end
            bounds.append((line, _block_end(self.lines, line, dash, stop)))
        if _comments_in(self.lines, first, end):
            return None
        item_pad = spans[0][1]
        out = [self.lines[field.line]]
        if out[0].split("#", 1)[0].rstrip() != " " * field.col + "evidence:":
            return None
        unused = list(range(len(before)))
        for item in items:
            j = next((k for k in unused if before[k] == item), None)
            if j is not None:
                unused.remove(j)
                out.extend(self.lines[bounds[j][0] : bounds[j][1]])
            else:
                rendered = render_field("evidence", [item], field.col)[1:]
                shift = item_pad - (field.col + 2)
                out.extend((" " * shift + r) if shift >= 0 else r[-shift:] for r in rendered)
        return out

    def _field_entries(
        self, path: tuple[str, ...], entry: _Entry, raw: Any, end: int
    ) -> list[_Entry] | None:
        """The fields of the mapping at ``path`` (its key at ``entry``) as block-mapping
        entries, or None when it must be rewritten."""
        if not isinstance(raw, dict) or not raw:
            return None
        fields = []
        for key in raw:
            pos = self.doc.position((*path, key), key=True)
            if pos is None:
                return None
            line, col = pos[0] - 1, pos[1] - 1
            if line <= entry.line or line >= end:
                return None  # written on the code's line (flow style)
            fields.append(_Entry(str(key), line, col))
        cols = {f.col for f in fields}
        if len(cols) != 1 or min(cols) <= entry.col:
            return None
        return sorted(fields, key=lambda f: f.line)

    def _rewrite_answer(self, entry: _Entry, first: int, end: int, new: Answer, code: str) -> None:
        moved = _comments_in(self.lines, first, end)
        if moved:
            self.notes.append(
                f"{code}: {len(moved)} chú thích trong mục được chuyển lên ngay "
                "trên mã (giữ nguyên nội dung)"
            )
        pad = " " * entry.col
        key_line = self.lines[entry.line]
        key_text = (
            key_line[entry.col :].split(":", 1)[0]
            if key_line[entry.col] not in "\"'"
            else _quoted_key(key_line[entry.col :])
        )
        body = [pad + c for c in moved] + [f"{pad}{key_text}:"]
        for field in ANSWER_FIELDS:
            value = getattr(new, field)
            if value is None and field not in ("score", "explanation"):
                continue
            if field == "evidence" or value is not None or field in ("score", "explanation"):
                body.extend(render_field(field, value, entry.col + 2))
        self.edits.append((first, end, body))

    # ------------------------------------------------------------------ new answers

    def add(self, code: str, stub: list[str], order: Callable[[str], Any]) -> None:
        """Insert the stub lines (already indented by 2) for a new answer ``code``."""
        entries = self.entries()
        later = [e for e in entries if order(e.key.strip()) > order(code)]
        indent = entries[0].col if entries else 2
        lines = [
            (" " * (indent - 2) + s if s.strip() else s) if indent >= 2 else s[2:] for s in stub
        ]
        if later:
            target = later[0]
            at = _leading_comments(
                self.lines,
                target.line,
                max((e.line for e in entries if e.line < target.line), default=0) + 1,
            )
            self.edits.append((at, at, lines))
            return
        data = self.doc.data if isinstance(self.doc.data, dict) else {}
        key_pos = self.doc.position(("answers",), key=True)
        if key_pos is None:
            at = len(self.lines)
            while at > 0 and not self.lines[at - 1].strip():
                at -= 1
            self.edits.append((at, at, ["answers:", *lines]))
            return
        key_line = key_pos[0] - 1
        if data.get("answers") == {} and key_line + 1 <= len(self.lines):
            # "answers: {}" or "answers:" then "  {}" on the next line
            if self.lines[key_line].rstrip().endswith("{}"):
                self.edits.append(
                    (key_line, key_line + 1, [self.lines[key_line].rstrip()[:-2].rstrip(), *lines])
                )
                return
            value_line = (self.doc.position(("answers",)) or (key_pos[0], 1))[0] - 1
            if self.lines[value_line].strip() == "{}":
                self.edits.append((value_line, value_line + 1, lines))
                return
        end = self.answers_stop() if entries else key_line + 1
        if entries:
            last = entries[-1]
            end = _block_end(self.lines, last.line, last.col, self.answers_stop())
        self.edits.append((end, end, lines))

    def result(self) -> str:
        lines = list(self.lines)
        for first, end, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            lines[first:end] = new
        return "\n".join(lines)


def _quoted_key(text: str) -> str:
    quote = text[0]
    i = 1
    while i < len(text):
        if text[i] == quote and not (quote == '"' and text[i - 1] == "\\"):
            return text[: i + 1]
        i += 1
    return text


def edit_answers(
    text: str,
    display: str,
    old: dict[str, Answer],
    new: dict[str, Answer],
    stub: Callable[[str], list[str]],
) -> EditResult:
    """``text`` with the answers that differ between ``old`` and ``new`` rewritten.

    A code only in ``new`` first gets the stub lines ``stub(code)`` (the empty answer
    ``parcli init`` writes, in criteria order), which are then filled in like any answer.
    """
    added = [code for code in new if code not in old and new[code] != Answer()]
    if added:
        present = {e.key.strip() for e in _Editor(text, display).entries()}
        missing = [c for c in added if c not in present]
        if missing:
            text = add_stubs(text, display, [(c, stub(c)) for c in missing], code_key)
    editor = _Editor(text, display)
    for code, answer in new.items():
        before = old.get(code)
        if before == answer:
            continue
        editor.change(code, before, answer)
    return EditResult(_join(editor), editor.notes)


def verify(text: str, display: str, expected: dict[str, Answer]) -> None:
    """Raise :class:`EditFailed` unless ``text`` reads back as exactly ``expected``."""
    from parcli.formats.loading import division_from_doc

    model, _, _, _ = division_from_doc(parse_yaml(_unbom(text), display), display)
    if model is None:
        raise EditFailed(f"{display}: tệp sau khi sửa không đọc được")
    got = dict(model.answers)
    if got != expected:
        diff = sorted(c for c in set(got) | set(expected) if got.get(c) != expected.get(c))
        raise EditFailed(f"{display}: sửa tệp không an toàn (khác ở {', '.join(diff[:5])})")


def _unbom(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


def _join(editor: _Editor) -> str:
    return editor.bom + editor.result().replace("\n", editor.newline)


def add_stubs(
    text: str, display: str, stubs: list[tuple[str, list[str]]], order: Callable[[str], Any]
) -> str:
    """``text`` with the stub lines of each new code inserted in ``order``."""
    # one stub at a time: each insertion point is found in the text as it is by then
    for code, lines in sorted(stubs, key=lambda item: order(item[0])):
        editor = _Editor(text, display)
        editor.add(code, lines, order)
        text = _join(editor)
    return text
