"""The statistics as an XLSX workbook for the justice bureau: the MoJ table in its official
layout (two header rows, merged), the same by source and by committee type, the centre
figures beside last year, the months' trend, a case-level sheet with the national exchange
fields (domain.md §12; ID numbers, phones and party names masked) and native Excel charts a
bureau can reuse. The export is audited and needs ``Permission.STATISTICS``.

Fast and bounded: XlsxWriter writes the tables, the charts and the case sheet's header (in
memory: they are small); the case rows, read in batches of plain columns, are then streamed
into that sheet as the package is copied to a temporary file beside the target
(``documents.xlsx_rows``: a tenth of XlsxWriter's cost per cell), which is renamed into place
once the action and its history entry are committed (0600; a failure leaves no half file, a
failed commit no file, a failed write no history entry).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter
from sqlalchemy import select
from sqlalchemy.orm import aliased

from ..db.agreement_models import Agreement, AgreementClause, ConfirmationPack
from ..db.files import place_on_commit, staged_file
from ..db.followup_models import FollowUpTask, FollowUpVisit
from ..db.models import Case, DisputeType, HandlingUnit, Mediator, Operator, Party
from ..db.storage_errors import translate_os_error
from ..db.unit_of_work import UnitOfWork
from ..documents.xlsx_rows import add_rows, sheet_part
from ..domain.agreements import AgreementForm
from ..domain.court_steps import RulingResult
from ..domain.dispute_types import report_name
from ..domain.enums import CaseSource, CaseStatus
from ..domain.follow_ups import Performed, Satisfaction, VisitForm
from ..domain.masking import mask_numbers_in_text
from ..domain.report_fields import SpecialGroup, special_groups_from_str, special_groups_label
from ..domain.roles import Permission
from ..domain.statistics import ACCEPTED_NOTE, Period, ValueKind
from .audit import EXPORT, audit_event
from .permissions import requires
from .statistics import (
    CentreFigures,
    MojReport,
    StatTable,
    _scope,
    centre_figures,
    effective_status,
    moj_report,
    monthly_counts,
)

#: The national exchange record's fields (table ``T_SJKJ_RMTJ_AJBL``), in its order.
CASE_FIELDS: tuple[tuple[str, int], ...] = (
    ("案件编号", 26),
    ("纠纷类型", 16),
    ("纠纷来源", 16),
    ("行政区划", 14),
    ("受理日期", 11),
    ("发生日期", 11),
    ("涉案当事人数量", 8),
    ("涉案金额（元）", 12),
    ("涉及特殊群体情况", 14),
    ("涉及农民工纠纷情况", 8),
    ("受理单位", 22),
    ("受理人", 8),
    ("调解员", 8),
    ("调解结果", 10),
    ("案件难度级别", 8),
    ("纠纷转化情况", 20),
    ("协议类型", 8),
    ("履行情况", 8),
    ("履行方式", 10),
    ("协议内容", 40),
    ("是否司法确认", 8),
    ("是否满意", 8),
    ("回访形式", 8),
    ("回访日期", 11),
    ("案件状态", 10),
    ("纠纷简介", 50),
)
BATCH = 1000
DATE_COLUMNS = frozenset(i for i, (name, _) in enumerate(CASE_FIELDS) if name.endswith("日期"))
TEXT_LIMIT = 300  # characters of free text per cell: the gist, not the file


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    case_rows: int


@requires(Permission.STATISTICS)
def export_report_xlsx(
    uow: UnitOfWork,
    period: Period,
    path: Path,
    unit_id: int | None = None,
    *,
    case_limit: int | None = None,
) -> ExportResult:
    """Write the workbook to ``path``; ``case_limit`` caps the case sheet (None: every case)."""
    report = moj_report(uow, period, unit_id)
    figures = centre_figures(uow, period, unit_id)
    months = monthly_counts(uow, period, unit_id)
    ids = _case_ids(uow, period, unit_id, case_limit)
    skeleton = io.BytesIO()
    book = xlsxwriter.Workbook(skeleton, {"in_memory": True})
    try:
        styles = _Styles(book)
        type_sheet = book.add_worksheet("人民调解案件统计表")
        _write_table(type_sheet, styles, report.by_type, "纠纷类型")
        for table, title, first in (
            (report.by_source, "按纠纷来源", "纠纷来源"),
            (report.by_committee, "按调解组织类型", "调解组织类型"),
        ):
            _write_table(book.add_worksheet(title), styles, table, first)
        _write_figures(book.add_worksheet("中心数据"), styles, figures, report)
        trend = book.add_worksheet("按月趋势")
        _write_months(trend, styles, months)
        _add_charts(book, type_sheet, trend, report.by_type, len(months))
        _case_sheet_head(book.add_worksheet("案件明细"), styles, len(ids))
    finally:
        book.close()
    part = sheet_part(len(book.worksheets()))  # the case sheet is the last one
    count = _write_file(uow, path, skeleton, part, _case_rows(uow, ids), len(ids), styles.date)
    audit_event(
        uow,
        EXPORT,
        f"导出统计报表（{period.label}，{report.unit_name}，案件明细 {count} 件）：{path.name}",
    )
    return ExportResult(path, count)


#: What the user is told could not be saved.
WHAT = "统计报表"


def _write_file(
    uow: UnitOfWork,
    path: Path,
    skeleton: io.BytesIO,
    part: str,
    rows: Iterator[list[object]],
    count: int,
    date_format: Any,
) -> int:
    """The workbook with its case rows, in a temporary file beside ``path`` renamed into place
    when the action (and its history entry) is committed."""
    tmp: Path | None = None
    try:
        tmp = staged_file(path)
        skeleton.seek(0)
        added = add_rows(
            skeleton,
            tmp,
            part=part,
            rows=rows,
            count=count,
            first_row=2,
            columns=len(CASE_FIELDS),
            date_style=date_format.xf_index,
        )
    except BaseException as error:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise translate_os_error(error, what=WHAT) from None
        raise
    place_on_commit(uow, tmp, path, what=WHAT)
    return added


class _Styles:
    def __init__(self, book: Any) -> None:
        border = {"border": 1, "valign": "vcenter"}
        self.title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
        self.subtitle = book.add_format({"align": "center"})
        self.head = book.add_format(
            {**border, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#E8EEF5"}
        )
        self.label = book.add_format({**border})
        self.label_sub = book.add_format({**border, "indent": 2})
        self.label_bold = book.add_format({**border, "bold": True})
        self.count = book.add_format({**border, "num_format": "0"})
        self.count_bold = book.add_format({**border, "num_format": "0", "bold": True})
        self.money = book.add_format({**border, "num_format": "#,##0.00"})
        self.money_bold = book.add_format({**border, "num_format": "#,##0.00", "bold": True})
        self.rate = book.add_format({**border, "num_format": "0.0"})
        self.rate_bold = book.add_format({**border, "num_format": "0.0", "bold": True})
        self.note = book.add_format({"text_wrap": True, "valign": "top", "font_size": 9})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.plain_head = book.add_format({"bold": True, "bg_color": "#E8EEF5", "border": 1})


def _write_table(sheet: Any, st: _Styles, table: StatTable, first: str) -> None:
    """The official layout: title, unit and period, two header rows (a group merged over its
    columns, a lone column merged down both rows), the rows, the total, the note."""
    last_col, p = len(table.columns), table.period
    sheet.merge_range(0, 0, 0, last_col, "人民调解案件统计表", st.title)
    sheet.merge_range(
        1,
        0,
        1,
        last_col,
        f"填报单位：{table.unit_name}    统计期间：{p.label}"
        f"（{p.start:%Y-%m-%d} 至 {p.end:%Y-%m-%d}）    {table.breakdown.label}",
        st.subtitle,
    )
    top, sub = 2, 3
    sheet.merge_range(top, 0, sub, 0, first, st.head)
    sheet.set_column(0, 0, 30)
    col = 1
    columns = list(table.columns)
    while col <= len(columns):
        spec = columns[col - 1]
        if not spec.group:
            sheet.merge_range(top, col, sub, col, spec.header, st.head)
            col += 1
            continue
        span = 1
        while col - 1 + span < len(columns) and columns[col - 1 + span].group == spec.group:
            span += 1
        if span == 1:
            sheet.write(top, col, spec.group, st.head)
        else:
            sheet.merge_range(top, col, top, col + span - 1, spec.group, st.head)
        for i in range(span):
            sheet.write(sub, col + i, columns[col - 1 + i].header, st.head)
        col += span
    sheet.set_column(1, last_col, 10)
    sheet.set_row(top, 30)
    sheet.set_row(sub, 42)
    row = sub + 1
    for item in (*table.rows, table.total):
        bold = item.subtotal or not item.key
        label = f"其中：{item.label}" if item.parent else item.label
        fmt = st.label_bold if bold else (st.label_sub if item.parent else st.label)
        sheet.write_string(row, 0, label, fmt)
        for c, spec in enumerate(columns, start=1):
            _write_value(sheet, st, row, c, spec.kind, item.values.get(spec.key), bold)
        row += 1
    sheet.merge_range(row + 1, 0, row + 3, last_col, "说明：" + ACCEPTED_NOTE, st.note)
    sheet.freeze_panes(sub + 1, 1)


def _write_value(
    sheet: Any, st: _Styles, row: int, col: int, kind: ValueKind, value: object, bold: bool
) -> None:
    if value is None:
        sheet.write_blank(row, col, None, st.rate_bold if bold else st.rate)
    elif kind is ValueKind.MONEY:
        sheet.write_number(row, col, int(value) / 100, st.money_bold if bold else st.money)  # type: ignore[call-overload]
    elif kind is ValueKind.RATE:
        sheet.write_number(row, col, float(value), st.rate_bold if bold else st.rate)  # type: ignore[arg-type]
    else:
        sheet.write_number(row, col, int(value), st.count_bold if bold else st.count)  # type: ignore[call-overload]


def _write_figures(sheet: Any, st: _Styles, figures: CentreFigures, report: MojReport) -> None:
    sheet.merge_range(0, 0, 0, 5, f"中心工作数据（{report.unit_name}）", st.title)
    prev = figures.previous_period
    sheet.merge_range(
        1, 0, 1, 5, f"本期：{figures.period.label}    上年同期：{prev.label}", st.subtitle
    )
    for c, (title, width) in enumerate(
        (("指标", 20), ("本期", 12), ("上年同期", 12), ("增减", 10), ("单位", 6), ("口径", 70))
    ):
        sheet.write_string(3, c, title, st.head)
        sheet.set_column(c, c, width)
    for r, f in enumerate(figures.figures, start=4):
        fmt = st.count if f.spec.unit == "件" else st.rate
        sheet.write_string(r, 0, f.spec.label, st.label)
        for c, value in ((1, f.value), (2, f.previous), (3, f.change)):
            if value is None:
                sheet.write_blank(r, c, None, fmt)
            else:
                sheet.write_number(r, c, value, fmt)
        sheet.write_string(r, 4, f.spec.unit, st.label)
        sheet.write_string(r, 5, f.spec.note, st.label)


def _write_months(sheet: Any, st: _Styles, months: Sequence[Any]) -> None:
    for c, title in enumerate(("月份", "受理", "调解成功")):
        sheet.write_string(0, c, title, st.plain_head)
    sheet.set_column(0, 0, 12)
    for r, m in enumerate(months, start=1):
        sheet.write_string(r, 0, m.label)
        sheet.write_number(r, 1, m.accepted)
        sheet.write_number(r, 2, m.succeeded)


def _add_charts(book: Any, type_sheet: Any, trend: Any, table: StatTable, n_months: int) -> None:
    """Native charts: 受理 by type (bar, under the table) and by month (line)."""
    # the chart's data: the leaf types in one contiguous block below the months (the table's
    # leaf rows are not contiguous around the subtotals), so any spreadsheet reads the ranges
    leaves = table.leaves()
    top = n_months + 3
    trend.write_string(top, 0, "纠纷类型")
    trend.write_string(top, 1, "受理纠纷数")
    for i, row in enumerate(leaves, start=1):
        trend.write_string(top + i, 0, row.label)
        trend.write_number(top + i, 1, int(row.values["accepted"] or 0))
    bar = book.add_chart({"type": "bar"})
    bar.add_series(
        {
            "name": "受理纠纷数",
            "categories": [trend.name, top + 1, 0, top + len(leaves), 0],
            "values": [trend.name, top + 1, 1, top + len(leaves), 1],
            "fill": {"color": "#4F6D8F"},
            "data_labels": {"value": True},
        }
    )
    bar.set_title({"name": "受理纠纷数（按纠纷类型）"})
    bar.set_legend({"position": "bottom"})
    bar.set_y_axis({"reverse": True})
    bar.set_size({"width": 720, "height": 620})
    type_sheet.insert_chart(len(table.rows) + 10, 0, bar)
    if n_months:
        line = book.add_chart({"type": "line"})
        for col, title, dash in ((1, "受理", "solid"), (2, "调解成功", "dash")):
            line.add_series(
                {
                    "name": title,
                    "categories": [trend.name, 1, 0, n_months, 0],
                    "values": [trend.name, 1, col, n_months, col],
                    "line": {"color": "#333333", "dash_type": dash},
                    "marker": {"type": "circle" if col == 1 else "square"},
                }
            )
        line.set_title({"name": "按月受理与调解成功"})
        line.set_legend({"position": "bottom"})
        line.set_size({"width": 720, "height": 360})
        trend.insert_chart(1, 4, line)


# ---------------------------------------------------------------- the case sheet


def _case_sheet_head(sheet: Any, st: _Styles, count: int) -> None:
    """The case sheet as XlsxWriter writes it: widths, the header row, frozen panes and the
    autofilter over the ``count`` rows ``xlsx_rows`` adds below. The date columns carry the
    date format (which also gives that format its style number for those rows)."""
    for c, (title, width) in enumerate(CASE_FIELDS):
        sheet.set_column(c, c, width, st.date if c in DATE_COLUMNS else None)
        sheet.write_string(0, c, title, st.plain_head)
    sheet.freeze_panes(1, 1)
    if count:
        sheet.autofilter(0, 0, count, len(CASE_FIELDS) - 1)


def _case_ids(uow: UnitOfWork, period: Period, unit_id: int | None, limit: int | None) -> list[int]:
    """The cases accepted in the period, oldest first (at most ``limit``)."""
    stmt = (
        select(Case.id)
        .select_from(Case)
        .join(HandlingUnit, HandlingUnit.id == Case.unit_id)
        .where(*_scope(period, unit_id))
        .order_by(Case.received_at, Case.id)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(uow.read().scalars(stmt))


_CLERK = aliased(Operator)
#: The columns a row needs (plain values: no ORM objects to build for 20,000 cases).
_ROW_COLUMNS = (
    Case.id,
    Case.number,
    Case.dispute_type_code,
    Case.source,
    Case.place_code,
    Case.received_at,
    Case.persons_involved,
    Case.amount_in_dispute_cents,
    Case.special_groups,
    Case.difficult,
    Case.prevented_criminal,
    Case.prevented_group_petition,
    Case.prevented_suicide,
    Case.prevented_group_fight,
    Case.status,
    Case.facts,
    DisputeType.name,
    HandlingUnit.name,
    _CLERK.name,
    Mediator.name,
    effective_status(),
    Agreement.form,
    Agreement.disputes,
    Agreement.responsibility,
    ConfirmationPack.ruling_result,
    ConfirmationPack.applied_on,
)


def _case_rows(uow: UnitOfWork, ids: list[int]) -> Iterator[list[object]]:
    """One row per case of ``ids``, in that order, read in batches."""
    s = uow.read()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        rows = s.execute(
            select(*_ROW_COLUMNS)
            .select_from(Case)
            .join(HandlingUnit, HandlingUnit.id == Case.unit_id)
            .join(DisputeType, DisputeType.code == Case.dispute_type_code)
            .join(_CLERK, _CLERK.id == Case.created_by)
            .outerjoin(Mediator, Mediator.id == Case.mediator_id)
            .outerjoin(Agreement, Agreement.case_id == Case.id)
            .outerjoin(ConfirmationPack, ConfirmationPack.case_id == Case.id)
            .where(Case.id.in_(chunk))
            .order_by(Case.received_at, Case.id)
        ).all()
        names = _party_names(uow, chunk)
        visits = _last_visits(uow, chunk)
        ways = _performance_ways(uow, chunk)
        for row in rows:
            yield _case_row(row, names, visits, ways)


def _party_names(uow: UnitOfWork, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for case_id, name in uow.read().execute(
        select(Party.case_id, Party.name).where(Party.case_id.in_(ids))
    ):
        out.setdefault(case_id, []).append(name)
    return out


def _last_visits(
    uow: UnitOfWork, ids: list[int]
) -> dict[int, tuple[VisitForm, dt.date, Performed, Satisfaction]]:
    out: dict[int, tuple[VisitForm, dt.date, Performed, Satisfaction]] = {}
    stmt = (
        select(
            FollowUpTask.case_id,
            FollowUpVisit.form,
            FollowUpVisit.visited_on,
            FollowUpVisit.performed,
            FollowUpVisit.satisfaction,
        )
        .join(FollowUpVisit, FollowUpVisit.task_id == FollowUpTask.id)
        .where(FollowUpTask.case_id.in_(ids))
        .order_by(FollowUpVisit.visited_on, FollowUpVisit.id)
    )
    for case_id, form, on, performed, satisfaction in uow.read().execute(stmt):
        out[case_id] = (form, on, performed, satisfaction)  # the latest wins
    return out


def _performance_ways(uow: UnitOfWork, ids: list[int]) -> dict[int, str]:
    """履行方式 from the agreement's terms: 分期履行, 约定期限履行 or 即时履行."""
    out: dict[int, str] = {}
    stmt = (
        select(Agreement.case_id, AgreementClause.instalments, AgreementClause.due_date)
        .join(AgreementClause, AgreementClause.agreement_id == Agreement.id)
        .where(Agreement.case_id.in_(ids))
    )
    rank = {"即时履行": 0, "约定期限履行": 1, "分期履行": 2}
    for case_id, instalments, due in uow.read().execute(stmt):
        way = (
            "分期履行"
            if instalments and instalments not in ("[]", "")
            else ("约定期限履行" if due else "即时履行")
        )
        if rank[way] >= rank.get(out.get(case_id, "即时履行"), 0):
            out[case_id] = way
    return out


def _mask_names(text: str, names: list[str]) -> str:
    """Party names as 张** and ID numbers and phones masked: the sheet leaves the office."""
    out = mask_numbers_in_text(text)
    for name in sorted(names, key=len, reverse=True):
        if len(name) >= 2:
            out = out.replace(name, name[0] + "*" * (len(name) - 1))
    return out[:TEXT_LIMIT]


#: 纠纷转化情况, in the order of the prevention flags in ``_ROW_COLUMNS``.
_PREVENTED = ("防止民转刑", "防止群体性上访", "防止因纠纷自杀", "防止群体性械斗")
_STATUS_LABELS: dict[str, str] = {s.value: s.label for s in CaseStatus}


@functools.lru_cache(maxsize=256)
def _groups(stored: str) -> tuple[str, bool]:
    """涉及特殊群体情况 and whether 农民工 is among them, from the stored codes."""
    groups = special_groups_from_str(stored)
    return special_groups_label(groups), SpecialGroup.MIGRANT_WORKER in groups


_report_name = functools.lru_cache(maxsize=512)(report_name)
_SOURCE_LABELS: dict[str, str] = {s.value: s.label for s in CaseSource}


def _case_row(
    row: Any,
    names: dict[int, list[str]],
    visits: dict[int, tuple[VisitForm, dt.date, Performed, Satisfaction]],
    ways: dict[int, str],
) -> list[object]:
    (
        case_id,
        number,
        type_code,
        source,
        place_code,
        received_at,
        persons,
        amount,
        special,
        difficult,
        *prevented,
        status,
        facts,
        type_name,
        unit,
        clerk,
        mediator,
        eff,
        form,
        disputes,
        resp,
        ruling,
        applied,
    ) = row
    who = names.get(case_id, [])
    groups, migrant_group = _groups(special)
    migrant = migrant_group or type_code == "labour_wage_arrears"
    visit = visits.get(case_id)
    outcome = _STATUS_LABELS.get(eff, "")
    agreement = "；".join(t for t in (disputes or "", resp or "") if t)
    return [
        number,
        _report_name(type_name),
        _SOURCE_LABELS[source],
        place_code or "",
        received_at.date(),
        None,  # 发生日期: not recorded at intake
        persons if persons is not None else len(who),
        None if amount is None else amount / 100,
        groups,
        "是" if migrant else "否",
        unit,
        clerk,
        mediator or "",
        outcome,
        "疑难" if difficult else "一般",
        "、".join(label for flag, label in zip(prevented, _PREVENTED, strict=True) if flag),
        AgreementForm(form).label[:2] if form else "",
        visit[2].label if visit else "",
        ways.get(case_id, "") if form else "",
        _mask_names(agreement, who),
        "是" if ruling == RulingResult.CONFIRMED.value else ("已申请" if applied else "否"),
        ("满意" if visit[3] is not Satisfaction.DISSATISFIED else "不满意") if visit else "",
        visit[0].label if visit else "",
        visit[1] if visit else None,
        _STATUS_LABELS.get(status, ""),
        _mask_names(facts, who),
    ]
