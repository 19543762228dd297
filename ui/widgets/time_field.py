"""A date and time typed in one field (受理时间): ``2026-12-02 09:30``, ``12-2 9:30`` (this
year), ``9:30`` (today), ``2026年12月2日 9时30分``; full-width digits and colons too. Left
empty it means "now, when the case is saved"."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

_DATE = r"(?:(?P<y>\d{4})\s*[-/.年]\s*)?(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
_TIME = r"(?P<H>\d{1,2})\s*[:时点]\s*(?P<M>\d{1,2})\s*分?"
_DATE_TIME = re.compile(rf"^(?:{_DATE})?\s*(?:{_TIME})?$")
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})\s*(?P<H>\d{2})(?P<M>\d{2})$")

SHOWN = "%Y-%m-%d %H:%M"
EXAMPLES = "2026-12-02 09:30、12-2 9:30 或 9:30"


class TimeTextError(ValueError):
    """Typed text that is not a time; ``message`` says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_date_time(text: str, today: dt.date) -> dt.datetime | None:
    """The time typed in ``text`` (None when empty); a missing date is ``today``, a missing
    year ``today``'s year. Raises ``TimeTextError`` with a Chinese message."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None
    m = _DATE_TIME.match(text) or _COMPACT.match(text)
    if m is None or m["M"] is None:
        if m is not None and m["d"] is not None:
            raise TimeTextError(f"请写上时刻，如 {text} 09:30")
        raise TimeTextError(f"无法识别“{text}”，请写成 {EXAMPLES} 这样的时间")
    year = int(m["y"]) if m["y"] else today.year
    month, day = (int(m["m"]), int(m["d"])) if m["d"] else (today.month, today.day)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        raise TimeTextError(f"没有 {year}年{month}月{day}日 这一天") from None
    hour, minute = int(m["H"]), int(m["M"])
    if hour > 23 or minute > 59:
        raise TimeTextError(f"没有 {hour}:{minute:02d} 这一时刻（0:00 至 23:59）")
    return dt.datetime.combine(date, dt.time(hour, minute))


class DateTimeField(QLineEdit):
    """The typed time; ``problem`` carries the Chinese message (or None once readable).

    Leaving the field shows a readable time in full (``9:30`` becomes ``2026-12-02 09:30``)
    so the clerk sees what was understood; Enter stays in the field while it is unreadable.
    """

    problem = Signal(object)  # str | None

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        today: Callable[[], dt.date],
        empty_text: str = "",
    ) -> None:
        super().__init__(parent)
        self._today = today
        self.setPlaceholderText(empty_text or self.tr("如 {0}").format(EXAMPLES))
        self.editingFinished.connect(self.tidy)

    def value(self, *, strict: bool = True) -> dt.datetime | None:
        """The time typed, None when empty. Unreadable text raises ``TimeTextError`` when
        ``strict``, else counts as empty."""
        try:
            return parse_date_time(self.text(), self._today())
        except TimeTextError:
            if strict:
                raise
            return None

    def set_value(self, at: dt.datetime | None) -> None:
        self.setText(at.strftime(SHOWN) if at is not None else "")
        self.problem.emit(None)

    def ready_to_move_on(self) -> bool:
        """Enter: the time is tidied when readable; otherwise its message shows."""
        return self.tidy()

    def tidy(self) -> bool:
        try:
            at = self.value()
        except TimeTextError as e:
            self.problem.emit(e.message)
            return False
        shown = at.strftime(SHOWN) if at is not None else ""
        if shown != self.text():
            self.setText(shown)
        self.problem.emit(None)
        return True
