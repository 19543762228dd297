"""Marking the performance schedule: states, proofs, what a mark may say, and the last day
to apply for enforcement (申请执行期限).

Pure rules; storing them is ``services.performance``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .deadlines import Deadline, first_workday
from .enums import LabelledEnum
from .money import figures
from .work_calendar import WorkCalendar, base_calendar

#: 民事诉讼法 art. 250: the period to apply for enforcement is two years.
ENFORCEMENT_YEARS = 2
#: 今日待办 lists an enforcement deadline this many days before it passes.
ENFORCEMENT_WARN_DAYS = 60
#: 今日待办 lists items that fell due this many days ago at most (older ones: the 督办 board).
PERFORMANCE_LOOKBACK_DAYS = 30
#: The 督办 board lists this many overdue items at most (the earliest due first).
BOARD_PERFORMANCE_LIMIT = 200
#: A proof file larger than this is refused (scans and photos are far smaller).
MAX_PROOF_BYTES = 50 * 1024 * 1024


class PerformanceState(LabelledEnum):
    """How far an item was performed (an item not yet marked has no state: 待履行)."""

    PERFORMED = "performed", "已履行"
    PARTLY = "partly", "部分履行"
    NOT_PERFORMED = "not_performed", "未履行"


#: What an item not yet marked shows.
UNMARKED = "待履行"


class ProofKind(LabelledEnum):
    """The proof kept of a performance."""

    NONE = "none", "无"
    RECEIPT = "receipt", "收条"
    TRANSFER = "transfer", "转账凭证"
    PHOTO = "photo", "照片"
    OTHER = "other", "其他"


def state_label(state: PerformanceState | None) -> str:
    return state.label if state is not None else UNMARKED


def is_overdue(due: dt.date | None, state: PerformanceState | None, today: dt.date) -> bool:
    """The due day has passed and the item is not fully performed."""
    return due is not None and due < today and state is not PerformanceState.PERFORMED


def check_mark(
    *,
    state: PerformanceState,
    on: dt.date,
    today: dt.date,
    effective_on: dt.date | None,
    amount_fen: int | None,
    item_amount_fen: int | None,
    paid_fen: int,
    current: PerformanceState | None,
) -> str:
    """Why this mark cannot be recorded ('' when it can). ``amount_fen`` is what was paid by
    this performance (a partial one); ``paid_fen`` what was paid before."""
    if current is PerformanceState.PERFORMED:
        return "该项已登记为已履行，不能再登记"
    if on > today:
        return "履行日期不能晚于今天"
    if effective_on is not None and on < effective_on:
        return f"履行日期不能早于协议生效日（{effective_on.isoformat()}）"
    if state is PerformanceState.PARTLY:
        if item_amount_fen is None:
            return "该项不是给付金钱的义务，不能登记部分履行的金额；请登记已履行或未履行"
        if amount_fen is None or amount_fen <= 0:
            return "请填写本次部分履行的金额"
        left = item_amount_fen - paid_fen
        if amount_fen >= left:
            return f"部分履行的金额应少于尚欠的{figures(left)}元；已全部付清的请登记为已履行"
    return ""


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the period ends on 28 February
        return day.replace(year=day.year + years, day=28)


def enforcement_start(
    due: dt.date | None, clause_last_due: dt.date | None, ruling_on: dt.date
) -> dt.date:
    """The day the two years run from (民事诉讼法 art. 250 para. 2, as in force 2023-09-01):
    the last day of the performance period; for instalments, the day the LAST instalment fell
    due (``clause_last_due``); with no period set, the day the ruling took effect. Never before
    the ruling: no period runs before the document to enforce exists."""
    start = clause_last_due or due or ruling_on
    return max(start, ruling_on)


def enforcement_deadline(start: dt.date, calendar: WorkCalendar | None = None) -> Deadline:
    """Two years from ``start`` (the first day not counted); a last day on a rest day moves
    to the next working day (民事诉讼法 art. 85)."""
    cal = calendar or base_calendar()
    nominal = _years_later(start, ENFORCEMENT_YEARS)
    due, known = first_workday(nominal, cal)
    moved = nominal if due != nominal else None
    note = f"自{start.isoformat()}起二年（民事诉讼法第二百五十条）"
    if moved is not None:
        note += f"，{moved.isoformat()}为法定休假日，顺延至{due.isoformat()}"
    return Deadline(start, (due - start).days, due, moved, not known, note)


@dataclass(frozen=True, slots=True)
class ReceiptView:
    """What a 收条 prints: one payment made at the centre (one mark of a payment item)."""

    mark_id: int
    payer: str
    payee: str
    amount_fen: int  # paid by this payment
    item_label: str  # 第一条第二期
    item_amount_fen: int  # what the item obliges
    paid_total_fen: int  # paid on the item so far, this payment included
    paid_on: dt.date
    agreement_number: str  # the case number the agreement was made under
    mediator: str
    payment_no: int = 1  # the how-many-th payment on the item
