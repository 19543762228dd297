"""The 督办 board and the instructions kept on a case.

``ducha_board`` reads every open case in three queries (cases, their parties, their
instructions) however many there are; the grouping and escalation are the pure rules of
``domain.supervision``. Issuing and answering an instruction are written to the case history.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, CompoundSelect, Select, select
from sqlalchemy.orm import Session, aliased

from ..db.models import Case, HandlingUnit, Mediator, Operator, Party
from ..db.supervision_models import SupervisionInstruction
from ..db.unit_of_work import UnitOfWork
from ..domain.changes import Entity
from ..domain.dates import numeric_date
from ..domain.enums import CaseStatus, PartyRole
from ..domain.performance_marks import BOARD_PERFORMANCE_LIMIT
from ..domain.roles import Permission
from ..domain.supervision import (
    DueGroup,
    EscalationLevel,
    InstructionFact,
    InstructionState,
    check_instruction,
    check_reply,
    days_over,
    due_group,
    escalation,
    instruction_state,
)
from ..errors import DeskError, NotFound
from . import history
from .performance import OpenItem, open_items, overdue_items_where
from .permissions import requires

OPEN_STATUSES = tuple(s for s in CaseStatus if s.is_open)


def is_open_case() -> ColumnElement[bool]:
    return Case.status.in_(OPEN_STATUSES)


def overdue_case(today: dt.date) -> ColumnElement[bool]:
    """An open case past its due day: the board's 已超期 (``due_group`` is ``OVERDUE``) as a
    SQL condition, for counting (the dashboard's 超期)."""
    return is_open_case() & (Case.due_on < today)


@dataclass(frozen=True, slots=True)
class InstructionView:
    id: int
    case_id: int
    case_number: str
    level: EscalationLevel
    text: str
    respond_by: dt.date
    issued_by: str
    issued_at: dt.datetime
    reply_text: str
    replied_by: str
    replied_at: dt.datetime | None
    state: InstructionState

    @property
    def replied(self) -> bool:
        return self.replied_at is not None

    @property
    def state_text(self) -> str:
        """'待回复（限2026年12月5日）', '逾期未回复（限…）', '已回复'."""
        if self.state is InstructionState.REPLIED:
            return self.state.label
        return f"{self.state.label}（限{numeric_date(self.respond_by)}）"


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One open case on the board."""

    case_id: int
    case_number: str
    parties: str
    unit_id: int
    unit_name: str
    mediator_id: int | None
    mediator_name: str
    due_on: dt.date | None
    due_beyond_table: bool  # the due day lies beyond the holiday table: check it
    group: DueGroup
    days_over: int | None  # negative: days left; None: no time limit
    escalation: EscalationLevel | None
    latest: InstructionView | None  # the newest instruction, if any
    waiting: InstructionView | None  # the oldest unanswered one, to reply to


@dataclass(frozen=True, slots=True)
class BoardGroup:
    """A unit's or a mediator's open cases, counted by group (``key`` None: no mediator)."""

    key: int | None
    name: str
    counts: dict[DueGroup, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class DuchaBoard:
    today: dt.date
    rows: list[BoardRow]  # most urgent first
    by_unit: list[BoardGroup]  # in the units' own order
    by_mediator: list[BoardGroup]  # most overdue first
    # agreement items past their due day (within two years) and not fully performed, earliest
    # first, BOARD_PERFORMANCE_LIMIT at most (人民调解法 art. 31: the committee supervises
    # performance), open or closed case alike
    performance: list[OpenItem] = field(default_factory=list)

    @property
    def counts(self) -> dict[DueGroup, int]:
        c = Counter(r.group for r in self.rows)
        return {g: c.get(g, 0) for g in DueGroup}


NO_MEDIATOR = "（未指定调解员）"


def parties_label(applicants: list[str], respondents: list[str]) -> str:
    """'张三 与 李四', '张三等2人 与 某公司': the first name of each side, as lists show it."""

    def side(names: list[str]) -> str:
        if not names:
            return ""
        return names[0] + (f"等{len(names)}人" if len(names) > 1 else "")

    a, r = side(applicants), side(respondents)
    return f"{a} 与 {r}" if a and r else a or r


def party_labels(s: Session, case_ids: Select[int] | CompoundSelect[int]) -> dict[int, str]:
    """The parties label of every case ``case_ids`` (a query of case ids) names: one query.

    Parties are looked up by case (``party.case_id IN (…)``): a join would let SQLite walk
    the whole party index to save a sort."""
    sides: dict[int, tuple[list[str], list[str]]] = {}
    applicant = PartyRole.APPLICANT
    for case_id, role, name in (
        s.connection()
        .execute(
            select(Party.case_id, Party.role, Party.name)
            .where(Party.case_id.in_(case_ids))
            .order_by(Party.case_id, Party.position)
        )
        .all()
    ):
        a, r = sides.setdefault(case_id, ([], []))
        if role is applicant:
            a.append(name)
        elif role is PartyRole.RESPONDENT:
            r.append(name)
    return {i: parties_label(a, r) for i, (a, r) in sides.items()}


def load_instructions(
    s: Session, where: ColumnElement[bool], today: dt.date
) -> list[InstructionView]:
    """Instructions matching ``where`` (conditions on the instruction or its case), oldest
    first, with who issued and who answered them: one query."""
    issuer, replier = aliased(Operator), aliased(Operator)
    i = SupervisionInstruction
    rows = (
        s.connection()
        .execute(
            select(
                i.id,
                i.case_id,
                Case.number,
                i.level,
                i.text,
                i.respond_by,
                issuer.name,
                i.issued_at,
                i.reply_text,
                replier.name,
                i.replied_at,
            )
            .join(Case, Case.id == SupervisionInstruction.case_id)
            .join(issuer, issuer.id == SupervisionInstruction.issued_by)
            .outerjoin(replier, replier.id == SupervisionInstruction.replied_by)
            .where(where)
            .order_by(SupervisionInstruction.id)
        )
        .all()
    )
    return [
        InstructionView(
            iid,
            cid,
            number,
            level,
            text,
            respond_by,
            issued_by,
            issued_at,
            reply,
            replied_by or "",
            replied_at,
            instruction_state(respond_by, replied_at is not None, today),
        )
        for (
            iid,
            cid,
            number,
            level,
            text,
            respond_by,
            issued_by,
            issued_at,
            reply,
            replied_by,
            replied_at,
        ) in rows
    ]


def case_instructions(uow: UnitOfWork, case_id: int) -> list[InstructionView]:
    """A case's instructions, oldest first."""
    return load_instructions(uow.read(), SupervisionInstruction.case_id == case_id, uow.today())


def _counted(
    keys: list[tuple[int | None, str]], rows: list[BoardRow], by_unit: bool
) -> list[BoardGroup]:
    counts: dict[int | None, Counter[DueGroup]] = {k: Counter() for k, _ in keys}
    for r in rows:
        counts[r.unit_id if by_unit else r.mediator_id][r.group] += 1
    return [BoardGroup(k, name, {g: counts[k].get(g, 0) for g in DueGroup}) for k, name in keys]


_GROUP_ORDER = {g: i for i, g in enumerate(DueGroup)}


def _urgency(r: BoardRow) -> tuple[int, int, str]:
    return (_GROUP_ORDER[r.group], -(r.days_over or 0), r.case_number)


def ducha_board(uow: UnitOfWork, today: dt.date | None = None) -> DuchaBoard:
    """Every open case by its due day, with counts by unit and by mediator, and the agreement
    items overdue for performance: four queries."""
    today = today or uow.today()
    s = uow.read()
    cases = (
        s.connection()
        .execute(
            select(
                Case.id,
                Case.number,
                Case.unit_id,
                HandlingUnit.name,
                HandlingUnit.sort_order,
                Case.mediator_id,
                Mediator.name,
                Case.due_on,
                Case.due_beyond_table,
            )
            .join(HandlingUnit, HandlingUnit.id == Case.unit_id)
            .outerjoin(Mediator, Mediator.id == Case.mediator_id)
            .where(is_open_case())
        )
        .all()
    )
    labels = party_labels(s, select(Case.id).where(is_open_case()))
    by_case: dict[int, list[InstructionView]] = {}
    mine: list[InstructionView] | tuple[()]
    for view in load_instructions(s, is_open_case(), today):
        by_case.setdefault(view.case_id, []).append(view)
    rows: list[BoardRow] = []
    units: dict[int, tuple[int, str]] = {}
    mediators: dict[int | None, str] = {}
    for cid, number, unit_id, unit, unit_order, mid, mediator, due, beyond in cases:
        mine = by_case.get(cid, ())
        facts = tuple(InstructionFact(i.level, i.respond_by, i.replied) for i in mine)
        waiting = next((i for i in mine if not i.replied), None) if mine else None
        rows.append(
            BoardRow(
                cid,
                number,
                labels.get(cid, ""),
                unit_id,
                unit,
                mid,
                mediator or "",
                due,
                bool(beyond),
                due_group(due, today),
                days_over(due, today),
                escalation(due, today, facts),
                mine[-1] if mine else None,
                waiting,
            )
        )
        units[unit_id] = (unit_order, unit)
        mediators[mid] = mediator or NO_MEDIATOR
    rows.sort(key=_urgency)
    unit_keys = sorted(units.items(), key=lambda kv: (kv[1][0], kv[1][1]))
    mediator_keys = sorted(mediators.items(), key=lambda kv: (kv[0] is None, kv[1]))
    by_mediator = _counted(list(mediator_keys), rows, by_unit=False)
    # the mediators with the most overdue cases first: whom to supervise
    by_mediator.sort(key=lambda g: (-g.counts[DueGroup.OVERDUE], -g.counts[DueGroup.DUE_SOON]))
    return DuchaBoard(
        today,
        rows,
        _counted([(k, name) for k, (_o, name) in unit_keys], rows, by_unit=True),
        by_mediator,
        open_items(s, overdue_items_where(today), BOARD_PERFORMANCE_LIMIT),
    )


@requires(Permission.SUPERVISE)
def issue_instruction(
    uow: UnitOfWork,
    *,
    case_id: int,
    level: EscalationLevel,
    text: str,
    respond_by: dt.date,
) -> InstructionView:
    """Issue a 督办 instruction on an open case (who: the acting operator; at ``level``)."""
    today = uow.today()
    problem = check_instruction(level, text, respond_by, today)
    if problem:
        raise DeskError(problem)
    s = uow.write()
    case = s.get(Case, case_id)
    if case is None:
        raise NotFound("案件不存在")
    if not case.status.is_open:
        raise DeskError(f"本案{case.status.label}，不需要督办")
    row = SupervisionInstruction(
        case_id=case_id,
        level=level,
        text=text.strip(),
        respond_by=respond_by,
        issued_by=uow.actor.operator_id,
        issued_at=uow.now(),
        reply_text="",
    )
    s.add(row)
    s.flush()
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=case_id,
        case_id=case_id,
        action="supervision_issued",
        summary=f"下达督办（{level.label}）：{row.text}，限{numeric_date(respond_by)}前回复",
        changes={"instruction_id": row.id, "level": level.value, "respond_by": respond_by},
    )
    return _one(s, row.id, today)


@requires(Permission.MEDIATE)
def reply_instruction(uow: UnitOfWork, *, instruction_id: int, text: str) -> InstructionView:
    """Record the reply to an instruction (who: the acting operator); answered once only."""
    s = uow.write()
    row = s.get(SupervisionInstruction, instruction_id, with_for_update=True)
    if row is None:
        raise NotFound("督办记录不存在")
    problem = check_reply(text, row.replied_at is not None)
    if problem:
        raise DeskError(problem)
    row.reply_text = text.strip()
    row.replied_by = uow.actor.operator_id
    row.replied_at = uow.now()
    s.flush()
    history.record(
        uow,
        entity=Entity.CASE,
        entity_id=row.case_id,
        case_id=row.case_id,
        action="supervision_replied",
        summary=f"回复督办（{row.level.label}）：{row.reply_text}",
        changes={"instruction_id": row.id},
    )
    return _one(s, row.id, uow.today())


def _one(s: Session, instruction_id: int, today: dt.date) -> InstructionView:
    return load_instructions(s, SupervisionInstruction.id == instruction_id, today)[0]
