"""The performance schedule derived from an agreement's clauses."""

from __future__ import annotations

import datetime as dt

from mediation_desk.domain.agreements import ClauseKind
from mediation_desk.domain.performance import last_performance_day, performance_schedule
from tests.documents.sample import sample_agreement


def test_each_payment_instalment_and_act_is_one_item() -> None:
    items = performance_schedule(sample_agreement([1, 2]))
    # two instalments of the first payment, the act, the second payment; the text clause none
    assert [i.label for i in items] == ["第一条第一期", "第一条第二期", "第二条", "第三条"]
    assert [i.kind for i in items] == [
        ClauseKind.PAYMENT,
        ClauseKind.PAYMENT,
        ClauseKind.ACT,
        ClauseKind.PAYMENT,
    ]
    assert items[0].amount_fen == 2_000_000 and items[0].obligor_party_id == 2
    assert items[0].payee_party_id == 1
    assert items[2].act.startswith("将排水管改道") and items[2].obligor_party_id == 2
    assert len({i.key for i in items}) == len(items)
    assert last_performance_day(items) == dt.date(2024, 12, 31)
