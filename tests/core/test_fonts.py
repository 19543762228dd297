"""CJK fonts for PDF: found, TrueType, registered once, coverage checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from mediation_desk.documents.fonts import (
    FontUnavailable,
    find_cjk_font,
    missing_characters,
    register_for_reportlab,
)


def test_an_installed_truetype_cjk_font_is_found() -> None:
    font = find_cjk_font()
    assert font.path.exists()
    assert (
        missing_characters(
            font, "人民调解协议书二〇二六年十一月二十一日壹贰叁肆伍陆柒捌玖拾佰仟万元整"
        )
        == []
    )


def test_registration_is_idempotent() -> None:
    font = find_cjk_font()
    assert register_for_reportlab(font) == register_for_reportlab(font)


def test_missing_characters_are_reported_once_in_order() -> None:
    font = find_cjk_font()
    text = "张\U000f0000三\U000f0001\U000f0000"  # private-use plane: in no font
    assert missing_characters(font, text) == ["\U000f0000", "\U000f0001"]


def test_configured_font_must_exist_and_be_truetype(tmp_path: Path) -> None:
    with pytest.raises(FontUnavailable, match="不存在"):
        find_cjk_font(configured=tmp_path / "nope.ttf")
    fake = tmp_path / "fake.ttf"
    fake.write_bytes(b"not a font")
    with pytest.raises(FontUnavailable, match="TrueType"):
        find_cjk_font(configured=fake)


def test_the_bundled_font_is_the_last_resort_and_prints_chinese() -> None:
    from mediation_desk.documents.fonts import BUNDLED_FONT, CjkFont, _candidates

    for role in ("body", "title"):
        assert _candidates(role)[-1][0] == BUNDLED_FONT
    font = CjkFont(BUNDLED_FONT, 0, "WenQuanYi Micro Hei")
    assert missing_characters(font, "人民调解协议书二〇二六年壹贰叁肆伍陆柒捌玖拾佰仟万元整") == []
    assert find_cjk_font(configured=BUNDLED_FONT).path == BUNDLED_FONT  # TrueType: embeddable
    assert (BUNDLED_FONT.parent / "LICENSE-Apache-2.0.txt").is_file()
