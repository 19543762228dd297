"""What an agreement obliges the parties to do, item by item, and by when (履行清单).

人民调解法 art. 31: the committee supervises performance. Each payment clause gives one item, or
one per instalment when paid in instalments; each act clause gives one item; free-text clauses
oblige nothing that can be checked off. The schedule is derived from the agreement, so it
follows every change before the agreement takes effect; once effective it is frozen (stored)
and marked item by item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .agreements import AgreementDraft, ClauseKind, ordinal


@dataclass(frozen=True, slots=True)
class ScheduleItem:
    """One thing a party must do: pay an amount or perform an act, by a day."""

    clause_position: int  # 0-based position of the clause in the agreement
    instalment: int | None  # 0-based instalment number, None when paid at once or an act
    kind: ClauseKind  # PAYMENT or ACT
    obligor_party_id: int | None
    payee_party_id: int | None
    amount_fen: int | None
    act: str
    due_date: dt.date | None

    @property
    def label(self) -> str:
        """``第一条`` or ``第一条第二期``: how the agreement names it."""
        head = f"第{ordinal(self.clause_position + 1)}条"
        if self.instalment is None:
            return head
        return f"{head}第{ordinal(self.instalment + 1)}期"

    @property
    def key(self) -> tuple[int, int]:
        """Identifies the item within its agreement (clause, instalment or -1)."""
        return self.clause_position, -1 if self.instalment is None else self.instalment


def performance_schedule(draft: AgreementDraft) -> list[ScheduleItem]:
    """The items the agreement obliges, in clause order (instalments in their order)."""
    items: list[ScheduleItem] = []
    for pos, c in enumerate(draft.clauses):
        if c.kind is ClauseKind.PAYMENT and c.instalments:
            items += [
                ScheduleItem(
                    pos,
                    i,
                    ClauseKind.PAYMENT,
                    c.payer_party_id,
                    c.payee_party_id,
                    inst.amount_fen,
                    "",
                    inst.due_date,
                )
                for i, inst in enumerate(c.instalments)
            ]
        elif c.kind is ClauseKind.PAYMENT:
            items.append(
                ScheduleItem(
                    pos,
                    None,
                    ClauseKind.PAYMENT,
                    c.payer_party_id,
                    c.payee_party_id,
                    c.amount_fen,
                    "",
                    c.due_date,
                )
            )
        elif c.kind is ClauseKind.ACT:
            items.append(
                ScheduleItem(
                    pos, None, ClauseKind.ACT, c.obligor_party_id, None, None, c.act, c.due_date
                )
            )
    return items


def last_performance_day(items: list[ScheduleItem]) -> dt.date | None:
    """The latest due day of the schedule (enforcement periods run from it, 民诉法 art. 250)."""
    days = [i.due_date for i in items if i.due_date is not None]
    return max(days) if days else None
