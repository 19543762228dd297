"""Amounts in capitals and figures (domain.md §6), checked against cn2an where it is right."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mediation_desk.domain.money import (
    AmountError,
    amount_text,
    capitals,
    figures,
    parse_amount,
    yuan_text,
)

#: domain.md §6, verbatim.
DOMAIN_EXAMPLES = [
    (140950, "壹仟肆佰零玖元伍角"),
    (600714, "陆仟零柒元壹角肆分"),
    (168032, "壹仟陆佰捌拾元零叁角贰分"),
    (10700053, "壹拾万柒仟元零伍角叁分"),
    (1640902, "壹万陆仟肆佰零玖元零贰分"),
    (32504, "叁佰贰拾伍元零肆分"),
    (1000, "壹拾元整"),
    (3560000, "叁万伍仟陆佰元整"),
]


def allowed_forms(text: str) -> set[str]:
    """PBoC lets a 零 after 万 or 元 (before a non-zero 仟/角) be omitted, and 整 after 角."""
    forms = {text}
    for pattern in ("万零", "元零"):
        forms |= {f.replace(pattern, pattern[0]) for f in forms}
    forms |= {f + "整" for f in forms if f.endswith("角")}
    return forms


@pytest.mark.parametrize(("fen", "expected"), DOMAIN_EXAMPLES)
def test_capitals_match_domain_examples(fen: int, expected: str) -> None:
    assert capitals(fen) == expected


@pytest.mark.parametrize(("fen", "expected"), DOMAIN_EXAMPLES)
def test_cn2an_deviations_are_only_the_allowed_omissions(fen: int, expected: str) -> None:
    import cn2an

    theirs = cn2an.an2cn(f"{fen // 100}.{fen % 100:02d}", "rmb")
    assert theirs in allowed_forms(expected)


@pytest.mark.parametrize(
    ("fen", "expected"),
    [
        (0, "零元整"),
        (5, "伍分"),
        (50, "伍角"),
        (100, "壹元整"),
        (10010000, "壹拾万零壹佰元整"),
        (10000100, "壹拾万零壹元整"),
        (1000100, "壹万零壹元整"),
        (10000000100, "壹亿零壹元整"),
        (101000000, "壹佰零壹万元整"),
        (1000000000000, "壹百亿元整".replace("百", "佰")),
    ],
)
def test_capitals_zero_rules(fen: int, expected: str) -> None:
    assert capitals(fen) == expected


def test_amount_text_in_agreement_form() -> None:
    assert amount_text(3560000) == "人民币叁万伍仟陆佰元整（¥35,600.00）"
    assert figures(123456789) == "1,234,567.89"


@given(st.integers(min_value=0, max_value=10**14))
def test_capitals_well_formed(fen: int) -> None:
    text = capitals(fen)
    assert "零零" not in text
    assert not text.endswith("分整")
    assert re.fullmatch(r"[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+", text)


@pytest.mark.parametrize(
    ("typed", "fen"),
    [("35600", 3560000), ("35,600.00", 3560000), ("¥1409.5", 140950), ("0.05", 5), ("10元", 1000)],
)
def test_parse_amount(typed: str, fen: int) -> None:
    assert parse_amount(typed) == fen
    assert parse_amount(yuan_text(fen)) == fen


@pytest.mark.parametrize("typed", ["", "abc", "-1", "1.005", "1e400"])
def test_parse_amount_refuses(typed: str) -> None:
    with pytest.raises(AmountError):
        parse_amount(typed)


def test_float_is_refused() -> None:
    with pytest.raises(AmountError):
        capitals(1.5)  # type: ignore[arg-type]
