"""pydantic's errors in Vietnamese, located in the file: the one place they are translated.

Every model validation of a user's file goes through :func:`validate_model` (YAML files) or
:func:`vietnamese_message` (tables read by ``criteria import`` and the Excel forms).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from parcli.findings import Finding, make
from parcli.formats.yamlio import PathT, YamlDoc

M = TypeVar("M", bound=BaseModel)


_INTERNAL_LOC = re.compile(r"^(function-|json-or-python|lax-or-strict|union\[|list\[|dict\[)|\[")


def clean_loc(loc: tuple[int | str, ...]) -> PathT:
    return tuple(p for p in loc if not (isinstance(p, str) and _INTERNAL_LOC.search(p)))


def _fields_at(model: type[BaseModel], loc: PathT) -> list[str]:
    """Field names of the model found at ``loc`` inside ``model`` (for typo suggestions)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []  # a dict key such as a criterion code
            current = _unwrap(field.annotation)
        else:
            current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """The model inside Optional[...], list[...], dict[..., ...] and Annotated[...]."""
    for _ in range(6):
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType) or origin is dict:
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [
                a
                for a in args
                if isinstance(_unwrap_once(a), type) and issubclass(_unwrap_once(a), BaseModel)
            ]
            annotation = models[0] if models else args[-1]
        else:
            return annotation
    return annotation


def _unwrap_once(annotation: Any) -> Any:
    if typing.get_origin(annotation) is typing.Annotated:
        return typing.get_args(annotation)[0]
    return annotation


_MESSAGES = {
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "string_type": "phải là văn bản",
    "list_type": "phải là một danh sách (mỗi mục một dòng bắt đầu bằng '- ')",
    "dict_type": "phải là một bảng (các dòng `khóa: giá trị` thụt vào)",
    "model_type": "phải là một bảng (các dòng `khóa: giá trị` thụt vào)",
    "model_attributes_type": "phải là một bảng (các dòng `khóa: giá trị` thụt vào)",
    "decimal_parsing": "phải là số",
    "decimal_type": "phải là số",
    "date_type": "phải là ngày dd/mm/yyyy",
    "date_parsing": "phải là ngày dd/mm/yyyy",
    "date_from_datetime_parsing": "phải là ngày dd/mm/yyyy",
    "missing": "thiếu trường bắt buộc này",
    "extra_forbidden": "trường này không có trong định dạng",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "enum": "giá trị không thuộc các giá trị cho phép",
    "frozen_instance": "không được sửa",
}


def vietnamese_message(err: Any) -> str:
    """One pydantic error in Vietnamese (the one place where pydantic's English is translated)."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "literal_error":
        return f"phải là một trong: {ctx.get('expected', '')}"
    if kind == "string_pattern_mismatch":
        return "chỉ dùng chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ van-phong)"
    if kind == "greater_than_equal":
        return f"phải lớn hơn hoặc bằng {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"phải nhỏ hơn hoặc bằng {ctx.get('le')}"
    if kind == "greater_than":
        return f"phải lớn hơn {ctx.get('gt')}"
    if kind == "less_than":
        return f"phải nhỏ hơn {ctx.get('lt')}"
    if kind in ("too_short", "string_too_short"):
        return "không được để trống"
    if kind in ("too_long", "string_too_long"):
        return "quá dài"
    # never pydantic's English: a kind not translated yet still says what is wrong, in Vietnamese
    return f"giá trị không hợp lệ (mã lỗi {kind})"


def validate_model(
    cls: type[M],
    data: Any,
    doc: YamlDoc,
    base: PathT = (),
    *,
    criterion: str | None = None,
    division: str | None = None,
) -> tuple[M | None, list[Finding]]:
    """Validate ``data`` (found at ``base`` in ``doc``) against ``cls``; errors → findings."""
    try:
        return cls.model_validate(data), []
    except ValidationError as exc:
        findings: list[Finding] = []
        for err in exc.errors():
            loc = (*base, *clean_loc(err["loc"]))
            kind = err["type"]
            if kind == "missing":
                line, col = doc.where(loc[:-1], key=True)
                findings.append(
                    make(
                        "S001",
                        f"Thiếu trường '{loc[-1]}'" + _in(loc[:-1]),
                        "Thêm trường này; xem `parcli docs formats` hoặc `parcli schema`.",
                        file=doc.file,
                        line=line,
                        col=col,
                        criterion=criterion,
                        division=division,
                    )
                )
            elif kind == "extra_forbidden":
                line, col = doc.where(loc, key=True)
                known = _fields_at(cls, clean_loc(err["loc"])[:-1])
                close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
                hint = (
                    f"Có phải ý bạn là '{close[0]}'?"
                    if close
                    else "Các trường hợp lệ: " + ", ".join(known)
                    if known
                    else ""
                )
                findings.append(
                    make(
                        "S002",
                        f"Trường '{loc[-1]}' không có trong định dạng" + _in(loc[:-1]),
                        hint,
                        file=doc.file,
                        line=line,
                        col=col,
                        criterion=criterion,
                        division=division,
                    )
                )
            else:
                line, col = doc.where(loc)
                findings.append(
                    make(
                        "S003",
                        f"Giá trị của '{dotted(loc)}' không hợp lệ: {vietnamese_message(err)}",
                        _value_hint(loc),
                        file=doc.file,
                        line=line,
                        col=col,
                        criterion=criterion,
                        division=division,
                    )
                )
        return None, findings


_NUMBER_FIELDS = {"score", "max_score", "step", "max_total", "appraisal_max", "survey_max"}
_DATE_FIELDS = {"issued", "date", "start", "end", "submit_before", "submitted_on", "updated"}


def _value_hint(loc: PathT) -> str:
    """What to write, for the fields people get wrong most (a score, a date)."""
    field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    if field == "score":
        return (
            "Ghi số: 1 hoặc 0,5 (không kèm chữ 'điểm' hay dấu %); để trống nếu chưa chấm. "
            "Xem `parcli docs formats`."
        )
    if field in _NUMBER_FIELDS:
        return "Ghi số: 1 hoặc 0,5 (không kèm chữ 'điểm' hay dấu %). Xem `parcli docs formats`."
    if field in _DATE_FIELDS:
        return "Ghi ngày dạng 25/12/2023 (hoặc 2023-12-25). Xem `parcli docs formats`."
    return "Sửa giá trị theo hướng dẫn trong `parcli docs formats`."


def dotted(loc: PathT) -> str:
    """A field path for people: answers.1.2.evidence.0.issued -> "evidence thứ 1 → issued"."""
    parts = list(loc)
    if len(parts) >= 2 and parts[0] == "answers":
        parts = parts[2:]  # the criterion is shown in the finding's tags
    words: list[str] = []
    for part in parts:
        if isinstance(part, int) and words:
            words[-1] = f"{words[-1]} thứ {part + 1}"
        else:
            words.append(str(part))
    return " → ".join(words) or "(cả mục)"


def _in(loc: PathT) -> str:
    text = dotted(loc)
    return "" if text == "(cả mục)" else f" (trong '{text}')"


# --------------------------------------------------------------------------- loading
