"""Which records a per-record document prints: each session's minutes, each investigation."""

from __future__ import annotations

import dataclasses

from ..db.unit_of_work import UnitOfWork
from ..documents.builders import DocumentData
from ..domain.document_kinds import DocumentKind
from ..errors import DeskError
from .minutes import case_investigations, case_minutes


def per_record(
    uow: UnitOfWork, data: DocumentData, kind: DocumentKind, record_id: int | None = None
) -> list[tuple[DocumentData, str]]:
    """``data`` once per record of ``kind`` (or for ``record_id`` only), with the part of the
    file name that tells the records apart (``第2次``)."""
    case_id = data.case.id
    if kind is DocumentKind.SESSION_MINUTES:
        minutes = case_minutes(uow, case_id, session_id=record_id)
        chosen = [m for m in minutes if record_id is None or m.session_id == record_id]
        if record_id is not None and not chosen:
            raise DeskError("该场次尚未保存调解记录，请先填写调解记录")
        return [(dataclasses.replace(data, minutes=m), f"第{m.ordinal}次") for m in chosen]
    if kind is DocumentKind.INVESTIGATION_RECORD:
        found = case_investigations(uow, case_id)
        picked = [v for v in found if record_id is None or v.id == record_id]
        if record_id is not None and not picked:
            raise DeskError("调查记录不存在")
        return [(dataclasses.replace(data, investigation=v), f"第{v.ordinal}次") for v in picked]
    if kind is DocumentKind.FOLLOW_UP_RECORD:
        from .follow_ups import follow_ups_of

        made = sorted((t for t in follow_ups_of(uow, case_id) if t.visit), key=lambda t: t.ordinal)
        chosen_visits = [t for t in made if record_id is None or t.id == record_id]
        if record_id is not None and not chosen_visits:
            raise DeskError("该次回访尚未登记")
        return [(dataclasses.replace(data, follow_up=t), f"第{t.ordinal}次") for t in chosen_visits]
    if kind is DocumentKind.RECEIPT:
        from .performance import receipts_of

        paid = receipts_of(uow, case_id)
        chosen_receipts = [r for r in paid if record_id is None or r.mark_id == record_id]
        if record_id is not None and not chosen_receipts:
            raise DeskError("该笔付款不存在，不能出具收条")
        return [
            (dataclasses.replace(data, receipt=r), f"（{r.item_label}第{r.payment_no}笔）")
            for r in chosen_receipts
        ]
    return [(data, "")]
