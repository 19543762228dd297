"""Mediation sessions: their states and the one table of what may happen in each.

The service checks every change against ``TRANSITIONS``; the day board enables its buttons
from the same table, so the rule is written once.
"""

from __future__ import annotations

from .enums import LabelledEnum


class SessionStatus(LabelledEnum):
    BOOKED = "booked", "已预约"
    CHECKED_IN = "checked_in", "已签到"
    IN_SESSION = "in_session", "调解中"
    FINISHED = "finished", "已结束"
    NO_SHOW = "no_show", "未到场"
    CANCELLED = "cancelled", "已取消"

    @property
    def occupies(self) -> bool:
        """Whether the session holds its room and people (cancelled and no-shows free them)."""
        return self not in (SessionStatus.NO_SHOW, SessionStatus.CANCELLED)


class SessionAction(LabelledEnum):
    """What the counter or the mediator does to a session."""

    CHECK_IN = "check_in", "签到"
    START = "start", "开始调解"
    FINISH = "finish", "结束调解"
    NO_SHOW = "no_show", "标记未到场"
    CANCEL = "cancel", "取消"
    MOVE = "move", "改期或换室"


class EventKind(LabelledEnum):
    """The kinds of entries in a session's own log."""

    BOOKED = "booked", "预约"
    MOVED = "moved", "改期/换室"
    CANCELLED = "cancelled", "取消"
    OVERRIDE = "override", "特批越规"
    ARRIVED = "arrived", "当事人到场"
    STARTED = "started", "开始调解"
    FINISHED = "finished", "调解结束"
    NO_SHOW = "no_show", "未到场"


_WAITING = frozenset({SessionStatus.BOOKED, SessionStatus.CHECKED_IN})

#: action → (the states it may start from, the state it leads to; None: the state stays).
TRANSITIONS: dict[SessionAction, tuple[frozenset[SessionStatus], SessionStatus | None]] = {
    SessionAction.CHECK_IN: (_WAITING, SessionStatus.CHECKED_IN),
    SessionAction.START: (_WAITING, SessionStatus.IN_SESSION),
    SessionAction.FINISH: (frozenset({SessionStatus.IN_SESSION}), SessionStatus.FINISHED),
    SessionAction.NO_SHOW: (_WAITING, SessionStatus.NO_SHOW),
    SessionAction.CANCEL: (_WAITING, SessionStatus.CANCELLED),
    SessionAction.MOVE: (_WAITING, None),
}


def allowed(status: SessionStatus, action: SessionAction) -> bool:
    return status in TRANSITIONS[action][0]


def after(status: SessionStatus, action: SessionAction) -> SessionStatus:
    """The state ``action`` leaves a session in (call only when ``allowed``)."""
    return TRANSITIONS[action][1] or status


def refusal(status: SessionStatus, action: SessionAction) -> str:
    """Why ``action`` is refused, in the clerk's words."""
    return f"该场次当前为“{status.label}”，不能{action.label}"
