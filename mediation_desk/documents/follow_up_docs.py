"""The 回访记录: one per follow-up visit recorded (人民调解法 art. 31: the committee supervises
the performance of the agreement and records what it finds).

A form the way the centres keep it: the case, when and how the parties were visited and by
whom, why, whether the agreement was performed, how satisfied the parties are, whether the
dispute went to court, and what was done; then the visitors' and the recorder's signatures.
It goes into the case file after the proof of performance (domain.md §9).
"""

from __future__ import annotations

from ..domain.dates import numeric_date
from ..domain.document_kinds import DocumentKind
from ..domain.follow_ups import FollowUpReason
from ..errors import DeskError
from .builders import DocumentData, kv_table
from .model import Block, Document, Paragraph, Signature, Signatures, Spacer

TITLE = "人民调解回访记录"


def _dispute(d: DocumentData) -> str:
    return d.dispute if d.dispute.endswith("纠纷") else d.dispute + "纠纷"


def _split_names(text: str) -> list[str]:
    for sep in ("，", ",", " ", "　"):
        text = text.replace(sep, "、")
    return [x for x in (y.strip() for y in text.split("、")) if x]


def build_follow_up_record(d: DocumentData) -> Document:
    """The 回访记录 of the visit in ``d.follow_up``."""
    task = d.follow_up
    if task is None or task.visit is None:
        raise DeskError("本案尚无回访记录，请先在“回访”页登记回访")
    v = task.visit.draft
    assert v.visited_on is not None and v.performed is not None and v.satisfaction is not None
    why = task.note or (
        "另行安排的回访" if task.reason is FollowUpReason.MANUAL else task.reason.label + "回访"
    )
    a = d.agreement
    agreement = "无"
    if a is not None and a.effective_on is not None:
        agreement = f"{a.draft.form.label}，{numeric_date(a.effective_on)}生效"
    court = f"是。{v.court_note}" if v.went_to_court else "否"
    rows = [
        ("案　　由", "与".join(p.name for p in d.case.parties) + _dispute(d), 1),
        ("调解协议", agreement, 1),
        ("回访时间", numeric_date(v.visited_on), 1),
        ("回访方式", v.form.label, 1),
        ("回 访 人", v.visitors, 1),
        ("回访事由", why, 1),
        ("履行情况", v.performed.label, 1),
        ("当事人满意度", v.satisfaction.label, 1),
        ("是否已起诉", court, 1),
        ("采取的措施", v.measures or "无", 3),
        ("回访情况", v.note, 4),
    ]
    signers = [
        Signature(f"回访人：{x}", "（签名）", date_line=False) for x in _split_names(v.visitors)
    ]
    signers.append(Signature(f"记录人：{task.visit.recorded_by}", "（签名）", date_line=False))
    blocks: list[Block] = [
        kv_table(rows, widths=(0.24, 0.76)),
        Spacer(0.5),
        Paragraph(
            f"本记录系第{task.ordinal}次回访，记录于{numeric_date(task.visit.recorded_at.date())}。"
        ),
        Signatures(tuple(signers)),
    ]
    return Document(
        DocumentKind.FOLLOW_UP_RECORD,
        TITLE,
        tuple(blocks),
        above_title=d.committee,
        number_line=d.case.number,
    )


BUILDERS = {DocumentKind.FOLLOW_UP_RECORD: build_follow_up_record}
