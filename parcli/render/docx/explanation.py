"""The Word "Báo cáo giải trình" of the appraisal round, in the same ND30 form as the report.

The frame (header, Số, place and date, title, Kính gửi, Nơi nhận, signature, page numbers) is
:mod:`parcli.render.docx.nd30`, shared with the self-assessment report. The body lists each
leaf with a deduction at round 1 or a request to explain: code and name, self-score, appraised
score, ý kiến thẩm định, the Sở's explanation, and the supplementary evidence with số ký hiệu,
date, issuer and the part that counts. Wording: ``templates/explanation/*.j2``. The bytes are
deterministic (dates from the dossier, zip entries fixed).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from parcli.render.context import EvidenceFile, ExplanationContext, evidence_description
from parcli.render.docx import nd30
from parcli.render.templating import Blocks, paragraphs
from parcli.scoring.appraisal import AppraisalRow
from parcli.text import fold, format_decimal

TABLE_COLS_CM = (1.1, 1.5, 6.2, 1.8, 1.8, 1.9, 2.2)  # 16,5 cm: the text width
TABLE_HEAD = (
    "STT",
    "Mã",
    "Tiêu chí, tiêu chí thành phần",
    "Điểm tối đa",
    "Điểm tự đánh giá",
    "Điểm thẩm định vòng 1",
    "Ghi chú",
)


def render_explanation(ctx: ExplanationContext, path: Path) -> None:
    path.write_bytes(explanation_bytes(ctx))


def explanation_bytes(ctx: ExplanationContext) -> bytes:
    builder = _Builder(ctx)
    builder.build()
    return nd30.document_bytes(builder.doc, ctx.report_date)


def evidence_line(ef: EvidenceFile) -> str:
    """ "Số 12/KH-SGTVTXD ngày 20/11/2023 của Sở …: Trích yếu (mục II); tệp: …." """
    return evidence_description(ef, issuer=True) + "."


class _Builder:
    def __init__(self, ctx: ExplanationContext) -> None:
        self.ctx = ctx
        self.dossier = dossier = ctx.dossier
        self.view = ctx.view
        self.blocks = Blocks(ctx.template_dirs)
        self.doc: Any = Document()
        schedule = dossier.appraisal
        self.settings = schedule.report if schedule is not None else None
        agency = dossier.agency.name
        self.common: dict[str, Any] = {
            "agency": agency,
            "agency_short": "Sở" if fold(agency).startswith("so ") else agency,
            "year": dossier.year,
            "recipient": dossier.recipient,
            "appraiser": f"Hội đồng thẩm định ({dossier.recipient})",
        }

    def text(self, name: str, **variables: Any) -> list[str]:
        return paragraphs(self.blocks.render(f"explanation/{name}", **self.common, **variables))

    def body(self, name: str, *, bold: bool = False, keep_next: bool = False, **v: Any) -> None:
        for text in self.text(name, **v):
            nd30.body_paragraph(self.doc, text, bold=bold, keep_next=keep_next)

    def letterhead(self) -> nd30.Letterhead:
        dossier, report, own = self.dossier, self.dossier.report, self.settings
        return nd30.Letterhead(
            parent=dossier.agency.parent,
            agency=dossier.agency.name,
            number=nd30.number_symbol(own.number if own else None, dossier.agency.abbreviation),
            place=dossier.place,
            date=self.ctx.report_date,
            title=dossier.explanation_title,
            addressees=(own.addressees if own and own.addressees else report.addressees),
            recipients=(own.recipients if own and own.recipients else report.recipients),
            archive=(own.archive if own and own.archive else report.archive),
            signer=(own.signer if own and own.signer else report.signer),
            keywords=f"PAR INDEX; thẩm định; giải trình; {dossier.year}",
            draft=self.ctx.draft,
        )

    def build(self) -> None:
        decision = self.view.card.criteria.source.decision
        nd30.write_document(
            self.doc,
            self.letterhead(),
            self._sections,
            banner=self._draft_banner if self.ctx.draft else None,
            notes=(
                self.text("illustrative_note", criteria_decision=decision)
                if self.ctx.illustrative
                else ()
            ),
        )

    def _sections(self) -> None:
        basis = list(self.settings.basis) if self.settings else []
        self.body(
            "opening",
            basis=[b.rstrip(" .;") for b in basis],
            round1=self.view.appraisal.round1,
        )
        self._summary()
        self._items()
        self._proposals()
        for text in self.text("closing"):
            p = nd30.body_paragraph(self.doc, text, keep_next=True)
            p.paragraph_format.space_after = Pt(12)

    def _draft_banner(self) -> None:
        for text in self.text("draft_note", missing=self.ctx.missing, errors=self.ctx.errors):
            p = self.doc.add_paragraph()
            nd30.set_format(p, after=6)
            nd30.add_run(p, text, 16, bold=True)
            nd30.border(p, ["top", "bottom"])

    # ---- I. the summary and its table

    def _summary(self) -> None:
        total = self.view.total
        listed = self.view.explained()
        self.body("heading_summary", bold=True, keep_next=True)
        self.body(
            "summary",
            self_score=total.self_score,
            scope_max=total.max_score,
            round1=total.round1,
            appraised=sum(1 for r in self.view.rows if r.round1 is not None),
            leaves=total.leaves,
            lost=total.self_score - total.round1,
            deducted=sum(1 for r in listed if _deducted(r)),
            requested=sum(1 for r in listed if r.requested),
            keep_next=bool(listed),
        )
        if listed:
            self._table(listed)

    def _table(self, rows: list[AppraisalRow]) -> None:
        table = self.doc.add_table(rows=len(rows) + 1, cols=len(TABLE_HEAD))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        nd30.table_xml(table, TABLE_COLS_CM, borders=True)
        values: list[tuple[str, ...]] = [TABLE_HEAD]
        for i, row in enumerate(rows, 1):
            notes = []
            if _deducted(row):
                notes.append(f"Bị trừ {format_decimal(row.lost_round1)}")
            if row.requested:
                notes.append("Yêu cầu giải trình")
            values.append(
                (
                    str(i),
                    row.code,
                    row.result.leaf.name,
                    format_decimal(row.result.leaf.max_score),
                    _n(row.self_score),
                    _n(row.round1),
                    "; ".join(notes),
                )
            )
        for r, cells in enumerate(values):
            nd30.no_split(table.rows[r], header=r == 0)
            for c, value in enumerate(cells):
                cell = table.rows[r].cells[c]
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                p = cell.paragraphs[0]
                align = WD_ALIGN_PARAGRAPH.LEFT if c == 2 and r else WD_ALIGN_PARAGRAPH.CENTER
                nd30.set_format(p, align=align, before=2, after=2)
                nd30.add_run(p, value, 12, bold=r == 0)

    # ---- II. one item per leaf

    def _items(self) -> None:
        self.body("heading_items", bold=True, keep_next=True)
        listed = self.view.explained()
        if not listed:
            self.body("items_none")
            return
        for n, row in enumerate(listed, 1):
            item = _item(row)
            self.body("item_title", n=n, item=item, bold=True, keep_next=True)
            self.body("item_opinion", item=item)
            self.body("item_answer", item=item)
            files = self.ctx.evidence_for(row.code)
            if files:
                self.body("item_evidence_intro", keep_next=True)
                for ef in files:
                    p = nd30.body_paragraph(self.doc, "+ " + evidence_line(ef))
                    p.paragraph_format.first_line_indent = Cm(1.5)

    def _proposals(self) -> None:
        asked = [
            _item(r)
            for r in self.view.explained()
            if r.answered and r.round1 is not None and (r.self_score or 0) > r.round1
        ]
        self.body("heading_proposals", bold=True, keep_next=True)
        self.body("proposal", items=asked)


def _n(value: Decimal | None) -> str:
    return "-" if value is None else format_decimal(value)


def _deducted(row: AppraisalRow) -> bool:
    return row.round1 is not None and row.round1 < (row.self_score or Decimal(0))


def _item(row: AppraisalRow) -> dict[str, Any]:
    leaf = row.result.leaf
    appraised = row.appraised
    response = row.response
    return {
        "label": "Tiêu chí" if leaf.is_criterion else "Tiêu chí thành phần",
        "code": leaf.code,
        "name": leaf.name,
        "max_score": leaf.max_score,
        "self_score": row.self_score if row.self_score is not None else Decimal(0),
        # not scored (or an invalid score in a draft): the summary table's "-", said in words
        "self_scored": row.self_score is not None,
        "round1": row.round1 if row.round1 is not None else Decimal(0),
        "lost": row.lost_round1,
        "opinion": appraised.round1_opinion if appraised else None,
        "requested": row.requested,
        "answer": response.text if response is not None else None,
    }
