"""Short labels of a case number (the day board's blocks, the waiting queue): the unit's short
name and the whole sequence number, never a stray bracket or a cut number (issue 13)."""

from __future__ import annotations

import pytest

from mediation_desk.domain.case_number import number_labels

LABELS = [
    (
        "（2026）城南人调字第76号",
        ("城南人调字第76号", "城南人调76号", "城南76号"),
        "城南",
        "76号",
    ),
    ("(2026)城南人调字第76号", ("城南人调字第76号", "城南人调76号", "城南76号"), "城南", "76号"),
    ("皋调〔2026〕59号", ("皋调59号", "皋59号"), "皋", "59号"),
    ("越医调〔2026〕5号", ("越医调5号", "越医5号"), "越医", "5号"),
    (
        "【2026】越法援调字第123456号",
        ("越法援调字第123456号", "越法援调123456号", "越法援123456号"),
        "越法援",
        "123456号",
    ),
    ("城南2026-5", ("城南2026-5",), "城南2026-", "5"),  # no brackets, no 号: left as it is
    ("ABC", ("ABC",), "", "ABC"),  # no number at the end
]


@pytest.mark.parametrize(("number", "labels", "unit", "seq"), LABELS)
def test_labels_keep_the_unit_and_the_whole_number(number, labels, unit, seq) -> None:  # type: ignore[no-untyped-def]
    assert number_labels(number) == (labels, unit, seq)
    for label in labels:
        assert not any(ch in label for ch in "（）()〔〕【】"), label
        assert label.endswith(seq) and label.startswith(unit)
    assert [len(x) for x in labels] == sorted((len(x) for x in labels), reverse=True)
