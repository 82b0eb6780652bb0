"""Text blocks of the generated documents, from Jinja2 templates an office can override.

The wording of the Word report (opening paragraph, section headings, closing sentence, notes)
lives in ``templates/report/*.j2``. A dossier may hold its own ``templates/`` folder; a file
there with the same name replaces the packaged one (``parcli templates export`` copies the
packaged templates as a starting point).

Templates are rendered in a Jinja2 *sandbox* (a template cannot reach Python internals such as
``''.__class__``), with undefined variables as errors and without HTML escaping (the output is
plain text for a .docx). Every template problem becomes a :class:`TemplateFailed` whose message,
in Vietnamese, names the template file and line.

Text conventions: the rendered block is stripped; a single line break inside it is read as a
space and an empty line starts a new paragraph (see :func:`paragraphs`).

Template files are read as UTF-8 (a leading byte-order mark, as Notepad writes with "UTF-8 with
BOM", is dropped; CRLF line endings read like LF). A file in another encoding (Notepad's "ANSI")
is a :class:`TemplateFailed` naming the file, not a crash.

This module imports jinja2: light commands (``--help``, ``validate``, ``status``) must import it
lazily, inside the function that needs it.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import posixpath
import re
import shutil
import time
import traceback
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from parcli.errors import OutputExists, TemplateFailed
from parcli.resources import data_dir
from parcli.text import format_date, format_date_long, format_decimal

if TYPE_CHECKING:
    from parcli.render.context import BuildContext

TEMPLATES_DIR = "templates"
SUFFIX = ".j2"

END_PUNCT = (".", "!", "?", "…", ";", ":")
"""Characters a sentence may already end with (:func:`ensure_sentence` adds no full stop)."""

_BOM = "\ufeff"
_BOM_BYTES = _BOM.encode("utf-8")


# Bounds of the sandbox: a template is a few sentences of a report, never a program.
MAX_TEMPLATE_BYTES = 256 * 1024  # one template file
MAX_OUTPUT_CHARS = 1_000_000  # what one template renders (the whole report is ~100 kB)
MAX_SECONDS = 5.0  # rendering one template
MAX_LOOP = 100_000  # iterations of range() in one rendering, all loops together


class TemplateTooBig(jinja2.TemplateError):
    """A template, or what it renders, goes beyond the bounds of the sandbox."""

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name


class TemplateLinkOut(TemplateTooBig):
    """A template file is a link leaving its templates folder."""


class _Budget:
    """Time and size bounds of one rendering (loops, repeated texts, powers)."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_SECONDS
        self.left = MAX_LOOP

    def tick(self, n: int = 1) -> None:
        self.left -= n
        if self.left < 0:
            raise TemplateTooBig(f"vòng lặp quá {MAX_LOOP:,} lần".replace(",", "."))
        if time.monotonic() > self.deadline:
            raise TemplateTooBig(f"dựng mẫu quá {MAX_SECONDS:g} giây")


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox with bounds on ``*``, ``**`` and ``range`` (see :data:`MAX_OUTPUT_CHARS`)."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.budget = _Budget()
        self.globals["range"] = self._range

    def _range(self, *args: int) -> Any:
        values = range(*args)
        if len(values) > MAX_LOOP:
            raise TemplateTooBig(f"range() quá {MAX_LOOP:,} phần tử".replace(",", "."))
        budget = self.budget
        for value in values:
            budget.tick()
            yield value

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int) and isinstance(left, int) and abs(right) > 64:
                raise TemplateTooBig("lũy thừa quá lớn")
        elif operator == "*":
            sized, count = (left, right) if isinstance(right, int) else (right, left)
            if (
                isinstance(sized, (str, list, tuple))
                and isinstance(count, int)
                and len(sized) * count > MAX_OUTPUT_CHARS
            ):
                raise TemplateTooBig(
                    f"văn bản lặp lại dài hơn {MAX_OUTPUT_CHARS:,} ký tự".replace(",", ".")
                )
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, (str, list)) and len(result) > MAX_OUTPUT_CHARS:
            raise TemplateTooBig(f"giá trị dài hơn {MAX_OUTPUT_CHARS:,} ký tự".replace(",", "."))
        return result


# --------------------------------------------------------------------------- filters


def _so(value: Decimal | int) -> str:
    """``{{ x|so }}``: 70,5; 66; 1.234,25 (no trailing zeros)."""
    return format_decimal(Decimal(value))


def _pct(value: Decimal | int | None) -> str:
    """``{{ x|pct }}``: two decimals, 88,26; an empty value gives "-"."""
    if value is None:
        return "-"
    return format_decimal(Decimal(value), 2)


def _ngay(value: dt.date) -> str:
    """``{{ d|ngay }}``: ngày 04 tháng 01 năm 2024 (Nghị định 30/2020)."""
    return format_date_long(value)


def _ngay_ngan(value: dt.date) -> str:
    """``{{ d|ngay_ngan }}``: 04/01/2024."""
    return format_date(value)


CLOSERS = "\"'”’»)]"
"""Closing quotes and brackets: a sentence may end inside them (… theo Kế hoạch “Số 5.”)."""


def ensure_sentence(value: str) -> str:
    """``{{ s|cau }}``: the text stripped, ending with a full stop unless it already ends with
    punctuation (:data:`END_PUNCT`), also just inside closing quotes or brackets ("…”." never
    happens); an empty text stays empty."""
    text = str(value).strip()
    if not text or text.rstrip(CLOSERS).endswith(END_PUNCT):
        return text
    return text + "."


def strip_end_punct(value: str) -> str:
    """``{{ s|bo_cham }}``: the text without its final ``.``/``;`` (to append ``;`` or ``.``),
    also one inside closing quotes: ``Kế hoạch “ABC.”`` gives ``Kế hoạch “ABC”``."""
    text = str(value).strip().rstrip(".;").rstrip()
    body = text.rstrip(CLOSERS)
    if body != text and body.endswith((".", ";")):
        text = body.rstrip(".;").rstrip() + text[len(body) :]
    return text


def _noi(items: Sequence[str], sep: str = "; ", last: str | None = None) -> str:
    """``{{ items|noi }}``: join with "; " (or ``sep``); ``last`` joins the final pair."""
    parts = [strip_end_punct(i) for i in items]
    if last is not None and len(parts) > 1:
        return sep.join(parts[:-1]) + last + parts[-1]
    return sep.join(parts)


def _strict(func: Callable[..., str]) -> Callable[..., str]:
    """An undefined value given to a filter is the undefined-variable error, not a TypeError."""

    @functools.wraps(func)
    def wrapper(value: Any, *args: Any, **kwargs: Any) -> str:
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return func(value, *args, **kwargs)

    return wrapper


_RAW_FILTERS: dict[str, Callable[..., str]] = {
    "so": _so,
    "pct": _pct,
    "ngay": _ngay,
    "ngay_ngan": _ngay_ngan,
    "cau": ensure_sentence,
    "bo_cham": strip_end_punct,
    "noi": _noi,
}
FILTERS: dict[str, Callable[..., str]] = {n: _strict(f) for n, f in _RAW_FILTERS.items()}


# --------------------------------------------------------------------------- environment


def template_dirs(root: Path | None) -> list[Path]:
    """Where templates are looked up: ``<dossier>/templates`` first, then the packaged ones."""
    dirs: list[Path] = []
    if root is not None:
        dirs.append(root / TEMPLATES_DIR)
    dirs.append(data_dir(TEMPLATES_DIR))
    return dirs


class TemplateNotUtf8(jinja2.TemplateError):
    """A template file is not UTF-8 (e.g. saved as "ANSI" by Notepad)."""

    def __init__(self, filename: str, lineno: int, detail: str) -> None:
        super().__init__(detail)
        self.filename = filename
        self.lineno = lineno


class TemplateOutside(jinja2.TemplateError):
    """An include/import/extends names a file outside the templates folder ("../x").

    Not a :class:`jinja2.TemplateNotFound`, so that the :class:`jinja2.ChoiceLoader` does not
    try the next folder and the message stays specific.
    """

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _outside(name: str) -> bool:
    """Whether a template name tries to leave the templates folder (``..``, absolute, drive)."""
    text = name.replace("\\", "/")
    return (
        text.startswith("/")
        or bool(re.match(r"^[A-Za-z]:", text))
        or any(piece == ".." for piece in text.split("/"))
    )


class Utf8Loader(jinja2.FileSystemLoader):
    """A :class:`jinja2.FileSystemLoader` for files written with Notepad.

    UTF-8 with or without a leading BOM (dropped); CRLF or CR line endings read as LF; another
    encoding raises :class:`TemplateNotUtf8` with the file and the line of the first bad byte;
    a name leaving the folder raises :class:`TemplateOutside`.
    """

    def __init__(self, searchpath: str | os.PathLike[str]) -> None:
        super().__init__(searchpath, encoding="utf-8")

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if _outside(template):
            raise TemplateOutside(template)
        pieces = jinja2.loaders.split_template_path(template)
        for searchpath in self.searchpath:
            # posixpath, as jinja2 does: a "C:" piece cannot reset the drive on Windows.
            filename = posixpath.join(searchpath, *pieces)
            if os.path.isfile(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        real = os.path.realpath(filename)
        base = os.path.realpath(searchpath)
        if os.path.islink(filename) or os.path.commonpath([real, base]) != base:
            raise TemplateLinkOut(
                "tệp mẫu là liên kết (symlink) ra ngoài thư mục mẫu; parcli không đọc tệp ở "
                "ngoài hồ sơ",
                name=os.path.normpath(filename),
            )
        with open(filename, "rb") as f:
            data = f.read(MAX_TEMPLATE_BYTES + 1)
        if len(data) > MAX_TEMPLATE_BYTES:
            raise TemplateTooBig(
                f"tệp mẫu lớn hơn {MAX_TEMPLATE_BYTES // 1024} KB", name=os.path.normpath(filename)
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            lineno = data.count(b"\n", 0, exc.start) + 1
            raise TemplateNotUtf8(os.path.normpath(filename), lineno, str(exc)) from None
        text = text.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n")
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return text, os.path.normpath(filename), uptodate


def make_environment(dirs: Sequence[Path]) -> BoundedEnvironment:
    """The sandboxed environment over ``dirs`` (earlier folders win)."""
    loader = jinja2.ChoiceLoader([Utf8Loader(str(d)) for d in dirs])
    env = BoundedEnvironment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=True,
    )
    env.filters.update(FILTERS)
    return env


def _template_name(name: str) -> str:
    name = name.replace("\\", "/")
    return name if name.endswith(SUFFIX) else name + SUFFIX


class Blocks:
    """Renders named text blocks from one set of template folders."""

    def __init__(self, dirs: Sequence[Path]) -> None:
        self.dirs = [Path(d) for d in dirs]
        self.env = make_environment(self.dirs)

    def render(self, name: str, **variables: Any) -> str:
        """Render ``name`` ("report/opening" or "report/opening.j2"), stripped."""
        template_name = _template_name(name)
        try:
            template = self.env.get_template(template_name)
        except TemplateNotUtf8 as exc:
            raise self._not_utf8(exc) from None
        except TemplateOutside as exc:
            raise self._failure(exc, template_name, None, None) from None
        except TemplateLinkOut as exc:
            raise self._failure(exc, template_name, exc.name, None) from None
        except TemplateTooBig as exc:
            raise self._failure(exc, template_name, exc.name, 1) from None
        except jinja2.TemplateNotFound:
            where = ", ".join(str(d) for d in self.dirs)
            raise TemplateFailed(
                f"Không tìm thấy mẫu văn bản '{template_name}' (đã tìm trong: {where})",
                "Cài lại parcli, hoặc chép lại mẫu bằng `parcli templates export --force`.",
            ) from None
        except jinja2.TemplateSyntaxError as exc:
            raise self._failure(exc, template_name, exc.filename, exc.lineno) from None
        try:
            self.env.budget = _Budget()
            parts: list[str] = []
            size = 0
            for chunk in template.generate(**variables):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateTooBig(
                        f"mẫu dựng ra hơn {MAX_OUTPUT_CHARS:,} ký tự".replace(",", ".")
                    )
                parts.append(chunk)
            return "".join(parts).strip()
        except TemplateNotUtf8 as exc:  # an included template
            raise self._not_utf8(exc) from None
        except Exception as exc:  # any error raised while rendering is the template's
            filename, line = _template_frame(exc, template.filename)
            raise self._failure(exc, template_name, filename, line) from None

    def _failure(
        self, exc: Exception, name: str, filename: str | None, line: int | None
    ) -> TemplateFailed:
        shown = self._display(filename) if filename else name
        where = f"{shown}, dòng {line}" if line else shown
        return TemplateFailed(
            f"Mẫu văn bản {where}: {describe_error(exc)}",
            "Sửa tệp mẫu này (xem `parcli docs report`: tên mẫu và các biến dùng được), hoặc xóa "
            "nó để dùng mẫu có sẵn của parcli.",
        )

    def _not_utf8(self, exc: TemplateNotUtf8) -> TemplateFailed:
        return TemplateFailed(
            f"Mẫu văn bản {self._display(exc.filename)}, dòng {exc.lineno}: tệp không được lưu "
            "bằng mã hóa UTF-8 (có thể đã lưu bằng mã hóa ANSI) nên không đọc được chữ tiếng "
            f"Việt [{exc.message}]",
            "Mở tệp bằng Notepad, chọn Lưu thành… và chọn mã hóa UTF-8, rồi chạy lại lệnh.",
        )

    def _display(self, filename: str) -> str:
        """A dossier-local template as ``templates/report/x.j2``; a packaged one in full."""
        packaged = data_dir(TEMPLATES_DIR).resolve()
        plain = Path(os.path.abspath(filename))  # a link is named as it is, not its target
        for d in self.dirs:
            if d.resolve() != packaged and plain.is_relative_to(os.path.abspath(d.parent)):
                return plain.relative_to(os.path.abspath(d.parent)).as_posix()
        path = Path(filename).resolve()
        for d in self.dirs:
            folder = d.resolve()
            if folder == packaged:
                continue
            try:
                return path.relative_to(folder.parent).as_posix()
            except ValueError:
                continue
        return str(path)


def _template_frame(exc: BaseException, filename: str | None) -> tuple[str | None, int | None]:
    """File and line of the innermost template frame of a render error.

    Jinja2 rewrites the traceback so that template code appears with the template's file name
    and line; the last such frame is where the error happened (also inside an include).
    """
    found: tuple[str | None, int | None] = (filename, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.endswith(SUFFIX) or frame.filename == filename:
            found = (frame.filename, frame.lineno)
    return found


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^'([^']+)' is undefined$"), "biến '{0}' không có trong mẫu này"),
    (
        re.compile(r"^'(.+?)' has no attribute '([^']+)'$"),
        "'{1}' không phải là một thuộc tính của giá trị này",
    ),
    (
        re.compile(r"^Unexpected end of template"),
        "mẫu kết thúc khi một khối {{% ... %}} chưa đóng (thiếu endif, endfor...)",
    ),
    (re.compile(r"^Encountered unknown tag '([^']+)'"), "thẻ '{0}' không hợp lệ hoặc đặt sai chỗ"),
    (re.compile(r"^unexpected '([^']+)'$"), "ký tự '{0}' không đúng chỗ"),
    (re.compile(r"^unexpected end of template"), "mẫu kết thúc đột ngột (thiếu '}}}}' hoặc '%}}')"),
    (re.compile(r"^expected token '([^']+)', got '([^']+)'"), "cần '{0}' nhưng gặp '{1}'"),
    (
        re.compile(r"^No filter named '([^']+)'"),
        "không có bộ lọc '{0}' (các bộ lọc của parcli: " + ", ".join(FILTERS) + ")",
    ),
    (re.compile(r"^No test named '([^']+)'"), "không có phép thử '{0}'"),
    (re.compile(r"^unexpected char '([^']+)'"), "ký tự '{0}' không đúng chỗ"),
]


def describe_error(exc: Exception) -> str:
    """A Vietnamese description of a template error (the original text kept in brackets)."""
    if not isinstance(exc, jinja2.TemplateError):
        return f"lỗi khi tính giá trị trong mẫu [{type(exc).__name__}: {exc}]"
    message = str(exc.message or exc).strip()
    if isinstance(exc, TemplateOutside | jinja2.TemplateNotFound):
        names = getattr(exc, "templates", None) or [exc.name]
        shown = ", ".join(f"'{n}'" for n in names)
        if isinstance(exc, TemplateOutside) or any(_outside(str(n)) for n in names):
            return (
                "mẫu chỉ được dùng các mẫu khác trong templates/report/, ví dụ "
                f'{{% include "report/ten_mau.j2" %}} (không được dùng {shown})'
            )
        return (
            f"không tìm thấy mẫu {shown}; mẫu chỉ được dùng các mẫu khác trong "
            'templates/report/, ghi tên như "report/ten_mau.j2"'
        )
    if isinstance(exc, TemplateLinkOut):
        return message
    if isinstance(exc, TemplateTooBig):
        return f"mẫu vượt giới hạn an toàn: {message}"
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return (
            "mẫu truy cập thuộc tính hoặc hàm không được phép (mẫu chạy trong môi trường an "
            f"toàn, không truy cập được phần bên trong của Python) [{message}]"
        )
    for pattern, text in _PATTERNS:
        m = pattern.search(message)
        if m:
            return text.format(*m.groups())
    kind = "lỗi cú pháp" if isinstance(exc, jinja2.TemplateSyntaxError) else "lỗi khi dựng mẫu"
    return f"{kind} [{message}]"


def _dirs_of(ctx_or_dirs: BuildContext | Sequence[Path]) -> list[Path]:
    dirs = getattr(ctx_or_dirs, "template_dirs", None)
    if dirs is not None:
        return [Path(d) for d in dirs]
    return [Path(d) for d in ctx_or_dirs]  # type: ignore[union-attr]


def render_block(ctx_or_dirs: BuildContext | Sequence[Path], name: str, **variables: Any) -> str:
    """Render the text block ``name`` (e.g. "report/opening") with ``variables``.

    ``ctx_or_dirs`` is a :class:`~parcli.render.context.BuildContext` (its ``template_dirs``)
    or the list of template folders itself. Raises :class:`TemplateFailed`.
    """
    return Blocks(_dirs_of(ctx_or_dirs)).render(name, **variables)


def paragraphs(text: str) -> list[str]:
    """Split a rendered block into paragraphs: an empty line separates paragraphs, a single
    line break is a space, runs of spaces inside a line are kept (Word keeps them too)."""
    result: list[str] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines:
            result.append(" ".join(lines))
    return result


# --------------------------------------------------------------------------- export / list


EXPORTED_GROUPS = ("report", "explanation")
"""Template folders an office can override in its dossier (others, such as ``init/`` used by
``parcli init`` before a dossier exists, are not exported)."""


def packaged_templates() -> list[str]:
    """Overridable packaged templates, relative to the templates folder ("report/opening.j2")."""
    folder = data_dir(TEMPLATES_DIR)
    names: list[str] = []
    for group in EXPORTED_GROUPS:
        sub = folder / group
        if sub.is_dir():
            names.extend(p.relative_to(folder).as_posix() for p in sub.rglob("*" + SUFFIX))
    return sorted(names)


def local_templates(root: Path) -> list[str]:
    """Names of the templates in the dossier's own ``templates/`` folder."""
    folder = root / TEMPLATES_DIR
    if not folder.is_dir():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*" + SUFFIX))


def _normalized(data: bytes) -> bytes:
    """Template bytes without a leading BOM, with LF line endings (for comparisons)."""
    return data.removeprefix(_BOM_BYTES).replace(b"\r\n", b"\n")


def is_unchanged_copy(root: Path, name: str) -> bool:
    """Whether the dossier's ``templates/<name>`` is the packaged template as exported.

    A leading BOM and CRLF line endings (what Notepad may write when saving) do not count as
    changes. A name that is not a packaged template is never an unchanged copy.
    """
    local = root / TEMPLATES_DIR / name
    packaged = data_dir(TEMPLATES_DIR) / name
    if not local.is_file() or not packaged.is_file():
        return False
    try:
        return _normalized(local.read_bytes()) == _normalized(packaged.read_bytes())
    except OSError:
        return False


def export_templates(dest: Path, force: bool) -> list[Path]:
    """Copy the packaged templates into ``dest/templates/``; return the files written.

    Nothing is written when a file already exists and ``force`` is false: the whole export
    fails with :class:`OutputExists` listing the files it would overwrite.
    """
    source = data_dir(TEMPLATES_DIR)
    names = packaged_templates()
    if not names:
        raise TemplateFailed(
            f"Không tìm thấy các mẫu có sẵn của parcli (thư mục {source})",
            "Cài lại parcli.",
        )
    target = dest / TEMPLATES_DIR
    existing = [target / n for n in names if (target / n).exists()]
    if existing and not force:
        shown = ", ".join(p.relative_to(dest).as_posix() for p in existing[:5])
        more = f" và {len(existing) - 5} tệp khác" if len(existing) > 5 else ""
        raise OutputExists(
            f"Đã có {len(existing)} tệp mẫu trong {target}: {shown}{more}",
            "Thêm --force để ghi đè (các sửa đổi trong các tệp đó sẽ mất), hoặc chọn thư mục khác.",
        )
    written: list[Path] = []
    for name in names:
        out = target / name
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / name, out)
        written.append(out)
    return written
