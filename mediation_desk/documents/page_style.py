"""The page and type sizes every document shares: GB/T 9704-2012 unless the centre changes it.

Read from the ``layout`` wording template (``resources/templates/layout.toml``, overridable in
``<data dir>/templates/``), so a centre's own format needs no code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from ..errors import ConfigurationError
from .templates import load_template

MM = 72 / 25.4
A4_W, A4_H = 210 * MM, 297 * MM

NumberPosition = Literal["outside", "center"]


@dataclass(frozen=True, slots=True)
class PageStyle:
    top: float = 37 * MM  # points
    bottom: float = 35 * MM
    left: float = 28 * MM
    right: float = 26 * MM
    body_pt: float = 16.0
    leading: float = 225 * MM / 22  # 22 lines in the 225 mm text block
    title_pt: float = 22.0
    table_pt: float = 12.0
    table_leading: float = 20.0
    page_number: str = "— {page} —"
    page_number_pt: float = 14.0
    page_number_position: NumberPosition = "outside"
    number_single_page: bool = False

    @property
    def text_width(self) -> float:
        return A4_W - self.left - self.right

    @property
    def text_height(self) -> float:
        return A4_H - self.top - self.bottom

    def tightened(self, level: int) -> PageStyle:
        """A denser setting for a one-page form that would spill over: each level closes the
        lines up a little more, and from level 3 on also takes a point off the type."""
        if level <= 0:
            return self
        k = 1 - 0.06 * level
        smaller = max(0, level - 2)
        return replace(
            self,
            leading=max(self.leading * k, (self.body_pt - smaller) * 1.25),
            body_pt=self.body_pt - smaller,
            table_pt=max(self.table_pt - smaller * 0.5, 9.0),
            table_leading=max(self.table_leading * k, (self.table_pt - smaller * 0.5) * 1.2),
            title_pt=self.title_pt - smaller,
        )


GBT_9704 = PageStyle()


def page_style(templates_dir: Path | None = None) -> PageStyle:
    """The centre's page style: the ``layout`` template over the GB/T 9704 defaults."""
    t = load_template("layout", override_dir=templates_dir)

    def number(key: str, default: float, low: float, high: float) -> float:
        value: Any = t.raw(key, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise ConfigurationError(f"版式设置 layout.toml 中 {key} 应为 {low}–{high} 之间的数字")
        return float(value)

    top = number("top_mm", 37, 5, 80) * MM
    bottom = number("bottom_mm", 35, 5, 80) * MM
    lines = number("lines_per_page", 22, 10, 60)
    body = number("body_pt", 16, 8, 24)
    leading = (A4_H - top - bottom) / lines
    if leading < body:
        raise ConfigurationError("版式设置 layout.toml 中每页行数过多，行距小于字号")
    position = str(t.raw("page_number_position", "outside"))
    if position not in ("outside", "center"):
        raise ConfigurationError(
            "版式设置 layout.toml 中 page_number_position 应为 outside 或 center"
        )
    return PageStyle(
        top=top,
        bottom=bottom,
        left=number("left_mm", 28, 5, 80) * MM,
        right=number("right_mm", 26, 5, 80) * MM,
        body_pt=body,
        leading=leading,
        title_pt=number("title_pt", 22, 10, 36),
        table_pt=number("table_pt", 12, 8, 20),
        table_leading=number("table_leading_pt", 20, 8, 40),
        page_number=str(t.raw("page_number", GBT_9704.page_number)),
        page_number_pt=number("page_number_pt", 14, 6, 20),
        page_number_position="outside" if position == "outside" else "center",
        number_single_page=bool(t.raw("number_single_page", False)),
    )
