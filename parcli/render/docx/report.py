"""The Word report "Báo cáo kết quả tự đánh giá, chấm điểm", laid out per Nghị định 30/2020.

Layout (see docs/report.md for the rule each choice follows): A4 portrait, margins 20/20/30/15
mm, Times New Roman everywhere, body 14 pt justified with a 1 cm first-line indent; a
borderless two-column header (agency | Quốc hiệu), "Số" and the place/date on one table row;
"BÁO CÁO" and the trích yếu centred; sections I–V; "Nơi nhận" and the signature in a
borderless two-column table; page numbers centred at the top from page 2.

All prose comes from ``templates/report/*.j2`` (see `render.templating`), so an office can
change the wording with a dossier-local override. The file is deterministic: the same
:class:`~parcli.render.context.BuildContext` gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from parcli.findings import draft_counts
from parcli.model import Method
from parcli.render.context import BuildContext, document_reference
from parcli.render.docx import nd30
from parcli.render.docx.nd30 import TABLE_SIZE, Letterhead, document_bytes
from parcli.render.docx.nd30 import add_run as _run
from parcli.render.docx.nd30 import border as _border
from parcli.render.docx.nd30 import no_split as _no_split
from parcli.render.docx.nd30 import set_format as _format
from parcli.render.docx.nd30 import table_xml as _table_xml
from parcli.render.templating import Blocks, ensure_sentence, paragraphs, strip_end_punct
from parcli.scoring.compare import Comparison, Row
from parcli.scoring.progress import bad_score_label
from parcli.scoring.scorecard import LeafResult, NodeResult
from parcli.text import fold, format_decimal

AREA_TABLE_COLS_CM = (1.2, 7.6, 2.7, 2.6, 2.4)
LAST_YEAR_TABLE_COLS_CM = (1.2, 7.6, 2.6, 2.6, 2.5)


# --------------------------------------------------------------------------- public API


def render_report(ctx: BuildContext, path: Path) -> None:
    """Write the Word report for ``ctx`` to ``path`` (deterministic bytes)."""
    path.write_bytes(report_bytes(ctx))


def report_bytes(ctx: BuildContext) -> bytes:
    """The .docx bytes of the report (what :func:`render_report` writes)."""
    builder = _ReportBuilder(ctx)
    builder.build()
    return document_bytes(builder.doc, ctx.report_date)


# --------------------------------------------------------------------------- low-level helpers


def line_items(items: Sequence[str]) -> list[str]:
    """User items as written, each ending with punctuation (empty items dropped)."""
    return [text for text in (ensure_sentence(item) for item in items) if text]


# --------------------------------------------------------------------------- the report


class _ReportBuilder:
    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self.dossier = ctx.dossier
        self.card = ctx.card
        self.blocks = Blocks(ctx.template_dirs)
        self.doc: Any = Document()
        agency = self.dossier.agency.name
        self.common: dict[str, Any] = {
            "agency": agency,
            "agency_short": "Sở" if fold(agency).startswith("so ") else agency,
            "parent": self.dossier.agency.parent,
            "abbreviation": self.dossier.agency.abbreviation,
            "place": self.dossier.place,
            "province": self.dossier.province or "",
            "year": self.dossier.year,
            "report_title": self.dossier.report_title,
            "report_date": ctx.report_date,
            "number": nd30.number_symbol(
                self.dossier.report.number, self.dossier.agency.abbreviation
            ),
            "recipient": self.dossier.recipient,
            "criteria_title": ctx.criteria.title,
            "criteria_decision": ctx.criteria.source.decision,
            "criteria_official": ctx.criteria.is_official,
            "illustrative": ctx.illustrative,
            "draft": ctx.draft,
        }

    # ---- text blocks

    def text(self, name: str, **variables: Any) -> list[str]:
        """Paragraphs of the template ``report/<name>.j2``."""
        return paragraphs(self.blocks.render(f"report/{name}", **self.common, **variables))

    def one(self, name: str, **variables: Any) -> str:
        return " ".join(self.text(name, **variables))

    # ---- document

    def build(self) -> None:
        nd30.write_document(
            self.doc,
            self.letterhead(),
            self._body_sections,
            banner=self._draft_banner if self.ctx.draft else None,
            notes=self.text("illustrative_note") if self.ctx.illustrative else (),
        )

    def _body_sections(self) -> None:
        self._opening()
        self._results()
        self._explanations()
        self._shortcomings()
        self._solutions()
        self._difficulties()
        self._closing()

    def letterhead(self) -> Letterhead:
        dossier, report = self.dossier, self.dossier.report
        return Letterhead(
            parent=dossier.agency.parent,
            agency=dossier.agency.name,
            number=self.common["number"],
            place=dossier.place,
            date=self.ctx.report_date,  # report.date, else submitted_on, else the window end
            title=dossier.report_title,
            addressees=report.addressees,
            recipients=report.recipients,
            archive=report.archive,
            signer=report.signer,
            keywords=f"PAR INDEX; cải cách hành chính; {dossier.year}",
            draft=self.ctx.draft,
        )

    # ---- page 1

    def _draft_banner(self) -> None:
        findings = self.ctx.findings
        counts = draft_counts(findings)
        texts = self.text(
            "draft_note", errors=counts.errors, warnings=counts.warnings, missing=counts.missing
        )
        for i, text in enumerate(texts):
            paragraph = self.doc.add_paragraph()
            _format(paragraph, after=6 if i == len(texts) - 1 else 0)
            if i == 0:
                _run(paragraph, text, 20, bold=True)
            else:
                _run(paragraph, text, 12, bold=True, italic=True)
            _border(
                paragraph,
                ["top", "bottom"]
                if len(texts) == 1
                else (["top"] if i == 0 else (["bottom"] if i == len(texts) - 1 else [])),
            )

    # ---- body

    def _body(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        keep_next: bool = False,
        align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    ) -> Any:
        return nd30.body_paragraph(
            self.doc, text, bold=bold, italic=italic, keep_next=keep_next, align=align
        )

    def _block(
        self,
        name: str,
        *,
        bold: bool = False,
        italic: bool = False,
        keep_next: bool = False,
        **variables: Any,
    ) -> None:
        for text in self.text(name, **variables):
            self._body(text, bold=bold, italic=italic, keep_next=keep_next)

    def _heading(self, name: str) -> None:
        self._block(name, bold=True, keep_next=True)

    def _opening(self) -> None:
        self._block("opening", basis=[strip_end_punct(b) for b in self.dossier.report.basis])

    def _results(self) -> None:
        card = self.card
        self._heading("heading_results")
        in_scope = card.in_scope_leaves
        self._block(
            "total",
            score=card.score,
            scope_max=card.scope_max,
            percent=card.percent,
            leaves=len(in_scope),
        )
        survey = [r for r in card.leaves if r.leaf.method is Method.SURVEY]
        if survey:
            self._block(
                "survey_note",
                survey_max=card.survey_max,
                survey_count=len(survey),
                survey_codes=[r.leaf.code for r in survey],
            )
        outside = card.out_of_scope
        if outside:
            self._block(
                "out_of_scope",
                codes=[r.leaf.code for r in outside],
                count=len(outside),
                max_total=sum((r.leaf.max_score for r in outside), Decimal(0)),
            )
        left_out = [r for r in in_scope if card.left_out(r) is not None]  # a draft only
        if left_out:
            self._block(
                "left_out", items=[bad_score_label(r) for r in left_out], count=len(left_out)
            )
        unanswered = [r for r in in_scope if not r.answered]
        if unanswered:
            self._block(
                "unanswered", codes=[r.leaf.code for r in unanswered], count=len(unanswered)
            )
        self._block("areas_intro", keep_next=True)
        self._area_table()
        for text in self.text("detail_note"):
            p = self._body(text, italic=True)
            p.paragraph_format.space_before = Pt(6)

    def _area_table(self) -> None:
        areas = self.card.areas
        table = self.doc.add_table(rows=len(areas) + 2, cols=5)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _table_xml(table, AREA_TABLE_COLS_CM, borders=True)
        head = ("STT", "Lĩnh vực", "Điểm tối đa phần tự đánh giá", "Điểm tự đánh giá", "Tỷ lệ (%)")
        rows: list[tuple[tuple[str, ...], bool]] = [(head, True)]
        for area in areas:
            rows.append((self._area_row(area), False))
        total = self.card
        rows.append(
            (
                (
                    "",
                    "Tổng cộng",
                    format_decimal(total.scope_max),
                    format_decimal(total.score),
                    _pct(total.percent),
                ),
                True,
            )
        )
        _fill_short_table(table, rows)

    @staticmethod
    def _area_row(area: NodeResult) -> tuple[str, ...]:
        if area.scope_max == 0:
            return (area.code, area.name, "-", "-", "-")
        return (
            area.code,
            area.name,
            format_decimal(area.scope_max),
            format_decimal(area.score),
            _pct(area.percent),
        )

    def _item(self, result: LeafResult) -> dict[str, Any]:
        answer = result.answer
        leaf = result.leaf
        return {
            "label": "Tiêu chí" if leaf.is_criterion else "Tiêu chí thành phần",
            "code": leaf.code,
            "name": leaf.name,
            "max_score": leaf.max_score,
            "score": result.score if result.score is not None else Decimal(0),
            # a draft's invalid self-score: said as such, never as "5/1 điểm"
            "problem": result.problem if self.card.left_out(result) else None,
            "lost": result.lost,
            "explanation": answer.explanation if answer else None,
            "reason": result.reason,
            "remedy": answer.remedy if answer else None,
            "division": self.ctx.division_name(result.division),
            "has_evidence": result.has_evidence,
        }

    def _explanations(self) -> None:
        self._heading("heading_explanations")
        listed = [r for r in self.card.in_scope_leaves if _needs_explanation(r)]
        if not listed:
            self._block("explanations_none")
            return
        self._block("explanations_intro", count=len(listed))
        for result in listed:
            self._block("explanation_item", item=self._item(result))

    def _shortcomings(self) -> None:
        self._heading("heading_shortcomings")
        lost = self.card.lost_points()
        if not lost:
            self._block("losses_none")
            return
        self._block(
            "losses_intro", count=len(lost), lost_total=sum((r.lost for r in lost), Decimal(0))
        )
        for result in lost:
            self._block("loss_item", item=self._item(result))

    def _solutions(self) -> None:
        self._heading("heading_solutions")
        if self.ctx.comparison is not None:
            self._last_year(self.ctx.comparison)
            self._heading("last_year_solutions")
        solutions = line_items(self.dossier.report.solutions)
        remedies = [r for r in self.card.in_scope_leaves if r.answer and r.answer.remedy]
        for text in solutions:
            self._body(f"- {text}")
        for result in remedies:
            self._block("remedy_item", item=self._item(result))
        if not solutions and not remedies:
            self._block("solutions_default", lost_count=len(self.card.lost_points()))

    # ---- last year's shortcomings (only with last_year.yaml)

    def _last_year(self, comparison: Comparison) -> None:
        y0 = comparison.last_year
        self._block("last_year_heading", bold=True, keep_next=True, last_year=y0)
        total = comparison.total
        lost = comparison.lost_last_year()
        self._block(
            "last_year_intro",
            keep_next=True,
            last_year=y0,
            last_score=total.last.value or Decimal(0),
            last_max=total.last.max_score or Decimal(0),
            last_basis=(
                "theo điểm thẩm định khi có, còn lại theo điểm tự đánh giá"
                if total.last.basis == "mixed"
                else total.last.basis_label
            ),
            published_total=comparison.last_published_total,
            published_rank=comparison.last_published_rank,
            lost_count=len(lost),
            fixed_count=sum(1 for r in lost if r.this.value is not None and not r.this.lost),
            both_count=len(comparison.lost_both_years()),
        )
        self._last_year_table(comparison)
        for text in self.text("last_year_note", last_year=y0):
            p = self._body(text, italic=True)
            p.paragraph_format.space_before = Pt(6)
        for row in lost:
            self._block("last_year_item", item=self._last_year_item(row), last_year=y0)

    def _last_year_table(self, comparison: Comparison) -> None:
        areas = comparison.areas
        table = self.doc.add_table(rows=len(areas) + 2, cols=5)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _table_xml(table, LAST_YEAR_TABLE_COLS_CM, borders=True)
        y0, y1 = comparison.last_year, comparison.this_year
        head = ("STT", "Lĩnh vực", f"Năm {y0}", f"Năm {y1}", "Chênh lệch")
        rows: list[tuple[tuple[str, ...], bool]] = [(head, True)]
        for area in areas:
            rows.append(((area.code, area.name, *_compared(area)), False))
        rows.append((("", "Tổng cộng", *_compared(comparison.total)), True))
        _fill_short_table(table, rows)

    def _last_year_item(self, row: Row) -> dict[str, Any]:
        evidence = []
        for ef in self.ctx.evidence_for(row.code):
            name = document_reference(ef.meta, number_word="số")
            title = ef.meta.title or ef.written
            evidence.append(f"{title} ({name})" if name else title)
        return {
            "label": "Tiêu chí" if row.level == 2 else "Tiêu chí thành phần",
            "code": row.code,
            "name": row.name,
            "old_code": row.old_code,
            "last_score": row.last.value or Decimal(0),
            "last_max": row.last.max_score or Decimal(0),
            "last_basis": row.last.basis_label,
            "reason": row.last_reason,
            "this_score": row.this.value,
            "this_max": row.this.max_score or Decimal(0),
            "remedy": row.this_remedy,
            "evidence": evidence,
        }

    def _difficulties(self) -> None:
        self._heading("heading_difficulties")
        report = self.dossier.report
        difficulties = line_items(report.difficulties)
        proposals = line_items(report.proposals)
        if not difficulties and not proposals:
            self._block("none")
            return
        for title, items in (("difficulties_title", difficulties), ("proposals_title", proposals)):
            self._block(title, bold=True, keep_next=True)
            if items:
                for text in items:
                    self._body(f"- {text}")
            else:
                self._block("none")

    def _closing(self) -> None:
        for text in self.text("closing"):
            p = self._body(text, keep_next=True)
            p.paragraph_format.space_after = Pt(12)


def _needs_explanation(result: LeafResult) -> bool:
    """Section II lists answered leaves without evidence that carry points (or an explanation).

    Leaves with evidence are not listed even when they have an explanation: there the
    explanation is a note on how the leaf was scored, shown in the appendix.
    """
    if not result.answered or result.has_evidence:
        return False
    explained = bool(result.answer and result.answer.explanation)
    scored = (result.score or Decimal(0)) > 0
    return explained or (scored and result.leaf.evidence_required)


def _compared(row: Row) -> tuple[str, str, str]:
    """Last year, this year and the difference as printed in the comparison table."""

    def side(value: Decimal | None, top: Decimal | None, leaves: int, complete: bool) -> str:
        if leaves == 0:
            return "-"
        if value is None:
            return "chưa chấm"
        text = f"{format_decimal(value)}/{format_decimal(top or Decimal(0))}"
        return text if complete else text + "*"

    a, b = row.last, row.this
    diff = row.difference
    change = "" if diff is None else ("+" if diff > 0 else "") + format_decimal(diff)
    return (
        side(a.value, a.max_score, a.leaves, a.complete),
        side(b.value, b.max_score, b.leaves, b.complete),
        change,
    )


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else format_decimal(value, 2)


PROPERTY_CHARS = 255  # the limit of a core document property (title, author, subject)


def _property(text: str) -> str:
    """``text`` cut to fit a document property, with "…" where it was cut."""
    return text if len(text) <= PROPERTY_CHARS else text[: PROPERTY_CHARS - 1].rstrip() + "…"


def _fill_short_table(table: Any, rows: list[tuple[tuple[str, ...], bool]]) -> None:
    """A short table of lĩnh vực (header, rows, Tổng cộng): names left, figures centred, and
    every row kept with the next, so Word and LibreOffice print the table whole."""
    for r, (values, bold) in enumerate(rows):
        row = table.rows[r]
        _no_split(row, header=r == 0)
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            align = (
                WD_ALIGN_PARAGRAPH.LEFT
                if c == 1 and r not in (0, len(rows) - 1)
                else WD_ALIGN_PARAGRAPH.CENTER
            )
            _format(p, align=align, before=2, after=2, keep_next=r < len(rows) - 1)
            _run(p, value, TABLE_SIZE, bold=bold)
