"""Change a few scalar fields of a YAML file by editing its text, keeping every other byte.

Comments, blank lines, quoting, key order and line endings stay as the user wrote them: a value
that exists is replaced where it stands; a missing key is added as a new line under the last
field of its mapping (or inside ``{...}`` for a flow mapping), indented like its siblings.
Only scalar values are written. The caller checks the result by reading it back.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

import yaml

from parcli.errors import YamlEditError
from parcli.formats.yamlio import PathT

_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/._-]*$")
_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "~"}


@dataclasses.dataclass(frozen=True)
class FieldEdit:
    mapping: PathT  # where the mapping is, e.g. ("respondents", 3)
    key: str
    value: str  # the new value as text (quoted here when needed)


def scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when safe (da-tra-loi, 18/12/2023), else quoted."""
    if _PLAIN.match(value) and value.lower() not in _RESERVED:
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def apply_edits(text: str, edits: Sequence[FieldEdit]) -> str:
    """``text`` with ``edits`` made; raises :class:`YamlEditError` when one cannot be made."""
    if not edits:
        return text
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise YamlEditError(f"tệp không đọc được: {exc}") from None
    newline = "\r\n" if "\r\n" in text else "\n"
    ops: list[tuple[int, int, str]] = []  # (start, end, replacement)
    additions: dict[int, tuple[yaml.MappingNode, list[FieldEdit]]] = {}
    for edit in edits:
        node = _find(root, edit.mapping)
        value = _value(node, edit.key)
        if value is None:
            additions.setdefault(id(node), (node, []))[1].append(edit)
            continue
        if not isinstance(value, yaml.ScalarNode) or value.style in ("|", ">"):
            raise YamlEditError(f"'{edit.key}' không phải một giá trị đơn")
        start, end = value.start_mark.index, value.end_mark.index
        new = scalar(edit.value)
        if start == end:  # "key:" with nothing after it
            new = " " + new if text[start - 1 : start] == ":" else new
        ops.append((start, end, new))
    for node, items in additions.values():
        ops.append(_addition(text, node, items, newline))
    ops.sort(key=lambda op: op[0], reverse=True)
    out = text
    for start, end, new in ops:
        out = out[:start] + new + out[end:]
    return out


def _find(root: yaml.Node | None, path: PathT) -> yaml.MappingNode:
    node = root
    for part in path:
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if 0 <= part < len(node.value) else None
        elif isinstance(node, yaml.MappingNode):
            node = _value(node, str(part))
        else:
            node = None
        if node is None:
            raise YamlEditError(f"không tìm thấy {'/'.join(map(str, path))}")
    if not isinstance(node, yaml.MappingNode):
        raise YamlEditError(f"{'/'.join(map(str, path))} không phải một bảng")
    return node


def _value(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            found: yaml.Node = value_node
            return found
    return None


def _last_end(node: yaml.Node) -> int:
    """Where the text of ``node`` ends (a block collection: where its last scalar ends)."""
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _last_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _last_end(node.value[-1])
    return int(node.end_mark.index)


def _addition(
    text: str, node: yaml.MappingNode, items: list[FieldEdit], newline: str
) -> tuple[int, int, str]:
    pairs = [f"{e.key}: {scalar(e.value)}" for e in items]
    if not node.value:
        raise YamlEditError("bảng rỗng")
    last = _last_end(node.value[-1][1])
    if node.flow_style:
        joined = "".join(f", {p}" for p in pairs)
        return last, last, joined
    indent = " " * node.value[0][0].start_mark.column
    lines = "".join(f"{indent}{p}{newline}" for p in pairs)
    if text[last - 1 : last] == "\n":  # a block scalar ends with its line
        return last, last, lines
    eol = text.find("\n", last)
    if eol == -1:  # the last line of the file has no line end
        return len(text), len(text), newline + lines.removesuffix(newline)
    return eol + 1, eol + 1, lines
