"""The performance (履行) of a case's agreement: the schedule, marking its items, the 收条.

Before the agreement takes effect the schedule is derived from it live (nothing stored). The
moment it takes effect (``sync_schedule``, called by ``services.agreements`` after every
signing) its items are stored and frozen. When it stops being effective (a signature undone)
the stored items are dropped while none is marked; once an item is marked the undoing is
refused: the performance recorded would otherwise lose the agreement it belongs to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, case, delete, func, or_, select, union
from sqlalchemy.orm import Session, aliased

from ..db.agreement_models import Agreement, ConfirmationPack
from ..db.files import private_dir_for, write_atomic
from ..db.models import Case, Operator, Party
from ..db.performance_models import PerformanceItem, PerformanceMark
from ..db.unit_of_work import UnitOfWork
from ..domain.agreements import AgreementView, ClauseKind, ordinal
from ..domain.changes import Entity
from ..domain.court_steps import RulingResult
from ..domain.dates import numeric_date
from ..domain.deadlines import Deadline
from ..domain.money import amount_text, figures
from ..domain.performance import ScheduleItem, performance_schedule
from ..domain.performance_marks import (
    ENFORCEMENT_WARN_DAYS,
    ENFORCEMENT_YEARS,
    MAX_PROOF_BYTES,
    PERFORMANCE_LOOKBACK_DAYS,
    PerformanceState,
    ProofKind,
    ReceiptView,
    check_mark,
    enforcement_deadline,
    enforcement_start,
    is_overdue,
    state_label,
)
from ..domain.roles import Permission
from ..domain.work_calendar import WorkCalendar
from ..errors import DeskError, NotFound
from . import history
from .permissions import requires

ItemKey = tuple[int, int]  # (clause position, instalment or -1)


@dataclass(frozen=True, slots=True)
class MarkView:
    id: int
    state: PerformanceState
    amount_fen: int | None  # paid by this performance
    on: dt.date
    proof_kind: ProofKind
    proof_file: str  # the copy's name in the case folder ('' without a file)
    proof_name: str  # the file's original name
    proof_sha256: str
    note: str
    recorded_by: str
    recorded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class PerformanceItemView:
    id: int | None  # None while derived live (the agreement not yet effective)
    key: ItemKey
    label: str  # 第一条第二期
    kind: ClauseKind
    obligor: str
    payee: str
    amount_fen: int | None
    act: str
    due_date: dt.date | None
    state: PerformanceState | None  # None: not marked yet (待履行)
    paid_fen: int
    overdue: bool  # due day passed, not fully performed
    enforcement: Deadline | None  # last day to apply for enforcement, after a ruling
    marks: tuple[MarkView, ...]

    @property
    def state_text(self) -> str:
        return state_label(self.state)

    @property
    def what(self) -> str:
        """``支付人民币…`` or the act."""
        if self.kind is ClauseKind.PAYMENT and self.amount_fen is not None:
            return f"支付{amount_text(self.amount_fen)}"
        return self.act

    @property
    def receipt_mark(self) -> MarkView | None:
        """The latest payment recorded on a payment item: what a 收条 prints."""
        if self.kind is not ClauseKind.PAYMENT:
            return None
        paid = [m for m in self.marks if m.amount_fen]
        return paid[-1] if paid else None


@dataclass(frozen=True)
class PerformanceView:
    case_id: int
    effective_on: dt.date | None
    frozen: bool  # items stored (the agreement took effect)
    ruling_on: dt.date | None  # the court's ruling recorded: enforcement deadlines shown
    items: list[PerformanceItemView]
    today: dt.date

    @property
    def total_fen(self) -> int:
        return sum(i.amount_fen or 0 for i in self.items if i.kind is ClauseKind.PAYMENT)

    @property
    def paid_fen(self) -> int:
        return sum(i.paid_fen for i in self.items if i.kind is ClauseKind.PAYMENT)

    @property
    def outstanding_fen(self) -> int:
        return self.total_fen - self.paid_fen

    @property
    def overdue(self) -> list[PerformanceItemView]:
        return [i for i in self.items if i.overdue]

    def item(self, key: ItemKey) -> PerformanceItemView:
        for i in self.items:
            if i.key == key:
                return i
        raise NotFound("履行事项不存在")


def item_label(clause_position: int, instalment: int) -> str:
    """``第一条`` or ``第一条第二期`` (as ``ScheduleItem.label``)."""
    head = f"第{ordinal(clause_position + 1)}条"
    return head if instalment < 0 else f"{head}第{ordinal(instalment + 1)}期"


# --- freezing ------------------------------------------------------------------------------


def _stored(s: Session, case_id: int) -> list[PerformanceItem]:
    return list(
        s.scalars(
            select(PerformanceItem)
            .where(PerformanceItem.case_id == case_id)
            .order_by(PerformanceItem.clause_position, PerformanceItem.instalment)
        )
    )


def _as_schedule(r: PerformanceItem) -> ScheduleItem:
    return ScheduleItem(
        r.clause_position,
        None if r.instalment < 0 else r.instalment,
        r.kind,
        r.obligor_party_id,
        r.payee_party_id,
        r.amount_fen,
        r.act,
        r.due_date,
    )


def sync_schedule(uow: UnitOfWork, case_id: int, view: AgreementView) -> None:
    """Store the schedule when the agreement is effective, drop it when it is not.

    Refused (the whole action rolls back) when marked items would be dropped or changed.
    """
    s = uow.write()
    rows = _stored(s, case_id)
    wanted = performance_schedule(view.draft) if view.effective_on is not None else []
    if [_as_schedule(r) for r in rows] == wanted:
        return
    if any(r.state is not None for r in rows):
        raise DeskError(
            "本协议已登记履行情况，协议不能再失效或更改；"
            "如确需更正，请先与当事人核实并在履行页记录说明。"
        )
    if rows:
        s.execute(delete(PerformanceItem).where(PerformanceItem.case_id == case_id))
    for item in wanted:
        s.add(
            PerformanceItem(
                case_id=case_id,
                agreement_id=view.id,
                clause_position=item.clause_position,
                instalment=item.key[1],
                kind=item.kind,
                obligor_party_id=item.obligor_party_id,
                payee_party_id=item.payee_party_id,
                amount_fen=item.amount_fen,
                act=item.act,
                due_date=item.due_date,
                state=None,
                paid_fen=0,
            )
        )
    s.flush()


# --- reading -------------------------------------------------------------------------------


def _clause_last_due(items: list[ScheduleItem]) -> dict[int, dt.date]:
    """The last instalment's due day of each instalment clause (民诉法 art. 250)."""
    last: dict[int, dt.date] = {}
    for i in items:
        if i.instalment is not None and i.due_date is not None:
            last[i.clause_position] = max(i.due_date, last.get(i.clause_position, i.due_date))
    return last


def performance_of(uow: UnitOfWork, case_id: int) -> PerformanceView:
    """The case's schedule with its marks (stored once effective, else derived live)."""
    from .agreements import load_agreement, party_names

    s = uow.read()
    parties = party_names(s, case_id)
    return performance_from(s, case_id, load_agreement(s, case_id, parties), parties, uow.today())


def performance_from(
    s: Session,
    case_id: int,
    agreement: AgreementView | None,
    parties: list[tuple[int, str]],
    today: dt.date,
) -> PerformanceView:
    """The performance view from an agreement already loaded (the case window's one read):
    one query for the items, their marks and the ruling day (a second for the ruling day when
    no item is stored; more only to count an enforcement deadline against the centre's
    holidays)."""
    from .time_limits import load_calendar

    if agreement is None:
        return PerformanceView(case_id, None, False, None, [], today)
    rows = s.execute(
        select(PerformanceItem, PerformanceMark, Operator.name, _confirmed_on())
        .outerjoin(PerformanceMark, PerformanceMark.item_id == PerformanceItem.id)
        .outerjoin(Operator, Operator.id == PerformanceMark.recorded_by)
        .outerjoin(ConfirmationPack, ConfirmationPack.case_id == PerformanceItem.case_id)
        .where(PerformanceItem.case_id == case_id)
        .order_by(PerformanceItem.clause_position, PerformanceItem.instalment, PerformanceMark.id)
    ).all()
    stored: dict[int, PerformanceItem] = {}
    marks: dict[int, list[MarkView]] = {}
    ruling_on: dt.date | None = None
    for found, m, who, ruled in rows:
        stored.setdefault(found.id, found)
        ruling_on = ruled
        if m is not None:
            marks.setdefault(found.id, []).append(
                MarkView(
                    m.id,
                    m.state,
                    m.amount_fen,
                    m.performed_on,
                    m.proof_kind,
                    m.proof_file,
                    m.proof_name,
                    m.proof_sha256,
                    m.note,
                    who or "",
                    m.recorded_at,
                )
            )
    items_rows = list(stored.values())
    frozen = bool(items_rows)
    if not frozen and agreement.effective_on is not None:
        # items not stored (an agreement that took effect before they were, or the bulk
        # demo's): the ruling is read on its own, so enforcement deadlines still show
        ruling_on = s.scalar(select(_confirmed_on()).where(ConfirmationPack.case_id == case_id))
    schedule = (
        [_as_schedule(r) for r in items_rows] if frozen else performance_schedule(agreement.draft)
    )
    names = dict(parties)
    last = _clause_last_due(schedule)
    calendar: WorkCalendar | None = load_calendar(s) if ruling_on else None
    items = []
    for n, item in enumerate(schedule):
        row = items_rows[n] if frozen else None
        state = row.state if row else None
        enforcement = None
        if ruling_on is not None and state is not PerformanceState.PERFORMED:
            start = enforcement_start(item.due_date, last.get(item.clause_position), ruling_on)
            enforcement = enforcement_deadline(start, calendar)
        items.append(
            PerformanceItemView(
                row.id if row else None,
                item.key,
                item.label,
                item.kind,
                names.get(item.obligor_party_id or 0, ""),
                names.get(item.payee_party_id or 0, ""),
                item.amount_fen,
                item.act,
                item.due_date,
                state,
                row.paid_fen if row else 0,
                is_overdue(item.due_date, state, today),
                enforcement,
                tuple(marks.get(row.id, ())) if row else (),
            )
        )
    return PerformanceView(case_id, agreement.effective_on, frozen, ruling_on, items, today)


# --- marking -------------------------------------------------------------------------------


def _read_proof(path: Path) -> bytes:
    """The proof file's bytes, or a Chinese refusal (nothing is saved then)."""
    try:
        size = path.stat().st_size
    except OSError:
        raise DeskError(f"找不到所选的凭证文件：{path.name}") from None
    if size > MAX_PROOF_BYTES:
        raise DeskError(
            f"凭证文件“{path.name}”超过{MAX_PROOF_BYTES // (1024 * 1024)}MB，"
            "请压缩或拍摄较小的照片后再选择。"
        )
    try:
        return path.read_bytes()
    except OSError:
        raise DeskError(
            f"无法读取凭证文件“{path.name}”，请检查文件是否被占用或没有权限。"
        ) from None


def _keep_proof(data: bytes, name: str, folder: Path, label: str, stamp: str) -> tuple[str, str]:
    """Copy the proof into the case folder; its file name there and its SHA-256."""
    digest = hashlib.sha256(data).hexdigest()
    target = f"履行凭证_{label}_{stamp}_{digest[:8]}{Path(name).suffix.lower()}"
    private_dir_for(folder, what="履行凭证")
    write_atomic(folder / target, data, what="履行凭证")
    return target, digest


@requires(Permission.FOLLOW_UP)  # 履行情况: part of 履行与回访, as the agreement is followed
def mark_item(
    uow: UnitOfWork,
    case_id: int,
    item_key: ItemKey,
    state: PerformanceState,
    on: dt.date,
    amount_fen: int | None = None,
    proof_kind: ProofKind = ProofKind.NONE,
    proof_file: Path | None = None,
    note: str = "",
    *,
    folder: Path | None = None,
) -> PerformanceView:
    """Record how an item of the effective agreement was performed, with its proof.

    ``amount_fen`` is what a partial performance paid; ``proof_file`` is copied into
    ``folder`` (the case folder, ``services.documents.case_folder``) with its SHA-256.
    """
    from .agreements import load_agreement

    s = uow.write()
    view = load_agreement(s, case_id)
    if view is None:
        raise NotFound("本案尚无调解协议")
    if view.effective_on is None:
        raise DeskError("调解协议尚未生效，不能登记履行情况")
    if not _stored(s, case_id):
        sync_schedule(uow, case_id, view)  # an agreement that took effect before 0012
    row = s.scalar(
        select(PerformanceItem).where(
            PerformanceItem.case_id == case_id,
            PerformanceItem.clause_position == item_key[0],
            PerformanceItem.instalment == item_key[1],
        )
    )
    if row is None:
        raise NotFound("履行事项不存在")
    if state is not PerformanceState.PARTLY:
        amount_fen = None
    problem = check_mark(
        state=state,
        on=on,
        today=uow.today(),
        effective_on=view.effective_on,
        amount_fen=amount_fen,
        item_amount_fen=row.amount_fen if row.kind is ClauseKind.PAYMENT else None,
        paid_fen=row.paid_fen,
        current=row.state,
    )
    if problem:
        raise DeskError(problem)
    if state is PerformanceState.PERFORMED and row.amount_fen is not None:
        amount_fen = row.amount_fen - row.paid_fen  # what this performance paid
    if proof_file is not None and folder is None:
        raise DeskError("未指定案件文件夹，无法保存凭证文件")
    label = item_label(row.clause_position, row.instalment)
    stored, digest, size, name = "", "", None, ""
    if proof_file is not None and folder is not None:
        data = _read_proof(proof_file)
        name, size = proof_file.name, len(data)
        stored, digest = _keep_proof(data, name, folder, label, uow.now().strftime("%Y%m%d%H%M%S"))
    mark = PerformanceMark(
        item_id=row.id,
        state=state,
        amount_fen=amount_fen or None,
        performed_on=on,
        proof_kind=proof_kind,
        proof_file=stored,
        proof_name=name,
        proof_sha256=digest,
        proof_size=size,
        note=note.strip(),
        recorded_by=uow.actor.operator_id,
        recorded_at=uow.now(),
    )
    s.add(mark)
    row.state = state
    row.paid_fen += amount_fen or 0
    s.flush()
    summary = f"登记履行：{label}{state.label}，{numeric_date(on)}"
    if amount_fen:
        summary += f"，金额¥{figures(amount_fen)}"
    if proof_kind is not ProofKind.NONE:
        summary += f"，凭证：{proof_kind.label}" + (f"（{name}）" if name else "")
    history.record(
        uow,
        entity=Entity.AGREEMENT,
        entity_id=view.id,
        case_id=case_id,
        action="performance_mark",
        summary=summary,
        changes={"item": label, "state": state.value, "amount_fen": amount_fen, "mark_id": mark.id},
    )
    return performance_of(uow, case_id)


# --- the 收条 --------------------------------------------------------------------------------


def payments_count(case_id: Any) -> Any:
    """How many payments (marks with an amount on a payment item) a case has: a scalar
    subquery for the case's row (``case_id`` a column or a value)."""
    return (
        select(func.count())
        .select_from(PerformanceMark)
        .join(PerformanceItem, PerformanceItem.id == PerformanceMark.item_id)
        .where(
            PerformanceItem.case_id == case_id,
            PerformanceItem.kind == ClauseKind.PAYMENT,
            PerformanceMark.amount_fen.is_not(None),
        )
        .scalar_subquery()
    )


def receipts_of(uow: UnitOfWork, case_id: int) -> list[ReceiptView]:
    """Every payment recorded on the case, in the order recorded: what each 收条 prints."""
    s = uow.read()
    payer, payee = aliased(Party), aliased(Party)
    rows = s.execute(
        select(PerformanceMark, PerformanceItem, payer.name, payee.name, Case.number, Agreement)
        .join(PerformanceItem, PerformanceItem.id == PerformanceMark.item_id)
        .join(Case, Case.id == PerformanceItem.case_id)
        .join(Agreement, Agreement.id == PerformanceItem.agreement_id)
        .outerjoin(payer, payer.id == PerformanceItem.obligor_party_id)
        .outerjoin(payee, payee.id == PerformanceItem.payee_party_id)
        .where(
            PerformanceItem.case_id == case_id,
            PerformanceItem.kind == ClauseKind.PAYMENT,
            PerformanceMark.amount_fen.is_not(None),
        )
        .order_by(PerformanceMark.id)
    ).all()
    paid: dict[int, tuple[int, int]] = {}  # item id: payments so far, amount so far
    out = []
    for m, item, payer_name, payee_name, number, agreement in rows:
        n, total = paid.get(item.id, (0, 0))
        n, total = n + 1, total + (m.amount_fen or 0)
        paid[item.id] = (n, total)
        out.append(
            ReceiptView(
                m.id,
                payer_name or "",
                payee_name or "",
                m.amount_fen or 0,
                item_label(item.clause_position, item.instalment),
                item.amount_fen or 0,
                total,
                m.performed_on,
                number,
                agreement.mediator_name,
                n,
            )
        )
    return out


def receipt_of(uow: UnitOfWork, case_id: int, mark_id: int | None = None) -> ReceiptView:
    """The 收条 of a payment recorded on the case (``mark_id``, by default the latest)."""
    found = [r for r in receipts_of(uow, case_id) if mark_id is None or r.mark_id == mark_id]
    if not found:
        raise DeskError("尚未登记付款，不能出具收条：请先在履行页登记已履行或部分履行")
    return found[-1]


# --- what the 督办 board and 今日待办 read --------------------------------------------------


@dataclass(frozen=True, slots=True)
class OpenItem:
    """An item due (or overdue) and not fully performed, as the board and the day list it."""

    case_id: int
    case_number: str
    label: str
    obligor: str
    amount_fen: int | None
    paid_fen: int
    act: str
    due_date: dt.date | None
    state: PerformanceState | None
    ruling_on: dt.date | None
    clause_last_due: dt.date | None

    @property
    def what(self) -> str:
        if self.amount_fen is not None:
            left = self.amount_fen - self.paid_fen
            return f"{self.obligor}应付¥{figures(self.amount_fen)}" + (
                f"（尚欠¥{figures(left)}）" if self.paid_fen else ""
            )
        return f"{self.obligor}：{self.act}"

    def enforcement(self, calendar: WorkCalendar | None = None) -> Deadline | None:
        if self.ruling_on is None:
            return None
        start = enforcement_start(self.due_date, self.clause_last_due, self.ruling_on)
        return enforcement_deadline(start, calendar)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _not_done() -> ColumnElement[bool]:
    return or_(PerformanceItem.state.is_(None), PerformanceItem.state != PerformanceState.PERFORMED)


def overdue_items_where(today: dt.date) -> ColumnElement[bool]:
    """Items past their due day and not fully performed, due within the last two years (the
    enforcement period: older ones are kept on the case, not chased on the 督办 board)."""
    since = _years_before(today, ENFORCEMENT_YEARS)
    return (PerformanceItem.due_date < today) & (PerformanceItem.due_date >= since) & _not_done()


def today_items_where(today: dt.date) -> ColumnElement[bool]:
    """What 今日待办 reads: items not fully performed that fell due within the last
    ``PERFORMANCE_LOOKBACK_DAYS`` days (today included), and those whose enforcement period
    may end within the warning days — the period starting on their due day or on the ruling
    (an earlier instalment whose period runs from a later one that was performed is not
    found: the case page still shows its deadline). Ranges on indexed days only."""
    recent = today - dt.timedelta(days=PERFORMANCE_LOOKBACK_DAYS)
    # a period of two years ending in [today - 10, today + warning days] (10: the longest move
    # past a holiday break) starts in this range
    first = _years_before(today - dt.timedelta(days=10), ENFORCEMENT_YEARS)
    last = _years_before(today + dt.timedelta(days=ENFORCEMENT_WARN_DAYS), ENFORCEMENT_YEARS)
    by_due = select(PerformanceItem.id).where(
        PerformanceItem.due_date.between(first, last)
        | PerformanceItem.due_date.between(recent, today)
    )
    by_ruling = (
        select(PerformanceItem.id)
        .join(ConfirmationPack, ConfirmationPack.case_id == PerformanceItem.case_id)
        .where(ConfirmationPack.ruling_on.between(first, last))
        .where(ConfirmationPack.ruling_result == RulingResult.CONFIRMED.value)
    )
    return PerformanceItem.id.in_(union(by_due, by_ruling)) & _not_done()


def _confirmed_on() -> ColumnElement[dt.date | None]:
    """The day of a ruling that confirmed the agreement (确认有效), else NULL: enforcement
    periods run only from an effective ruling (民诉法 art. 250; court_steps.ruling_effective)."""
    return case(
        (
            ConfirmationPack.ruling_result == RulingResult.CONFIRMED.value,
            ConfirmationPack.ruling_on,
        ),
        else_=None,
    )


def open_items(s: Session, where: ColumnElement[bool], limit: int | None = None) -> list[OpenItem]:
    """The items ``where`` names (``overdue_items_where``, ``today_items_where``), earliest
    due first, with case, obligor, ruling and the last instalment day of their clause: one
    query (``limit`` rows at most)."""
    obligor, sibling = aliased(Party), aliased(PerformanceItem)
    last_due = (
        select(func.max(sibling.due_date))
        .where(
            sibling.agreement_id == PerformanceItem.agreement_id,
            sibling.clause_position == PerformanceItem.clause_position,
            sibling.instalment >= 0,
        )
        .scalar_subquery()
    )
    query = (
        select(
            PerformanceItem.case_id,
            Case.number,
            PerformanceItem.clause_position,
            PerformanceItem.instalment,
            obligor.name,
            PerformanceItem.amount_fen,
            PerformanceItem.paid_fen,
            PerformanceItem.act,
            PerformanceItem.due_date,
            PerformanceItem.state,
            _confirmed_on(),
            last_due,
        )
        .join(Case, Case.id == PerformanceItem.case_id)
        .outerjoin(obligor, obligor.id == PerformanceItem.obligor_party_id)
        .outerjoin(ConfirmationPack, ConfirmationPack.case_id == PerformanceItem.case_id)
        .where(where)
        .order_by(PerformanceItem.due_date, Case.number, PerformanceItem.clause_position)
        .limit(limit)
    )
    return [
        OpenItem(
            cid,
            number,
            item_label(pos, inst),
            name or "",
            amount,
            paid or 0,
            act or "",
            due,
            state,
            ruling_on,
            last if inst >= 0 else None,
        )
        for cid, number, pos, inst, name, amount, paid, act, due, state, ruling_on, last in (
            s.connection().execute(query).all()
        )
    ]
