"""Errors the core raises for the user to see; every message is Chinese and says what to do."""

from __future__ import annotations

from .domain.issues import FieldIssue


class DeskError(Exception):
    """Base for errors meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(DeskError):
    """The input has errors (or unacknowledged warnings); nothing was saved."""

    def __init__(self, issues: list[FieldIssue]) -> None:
        super().__init__("有信息需要更正，案件尚未保存。")
        self.issues = issues


class PermissionDenied(DeskError):
    """The signed-in account's roles do not allow this action; nothing was done."""

    def __init__(self, message: str, permission: object) -> None:
        super().__init__(message)
        self.permission = permission


class TextRefused(DeskError):
    """A text holds a control character (NUL, a pasted invisible control…); nothing was saved.

    ``field`` is the Chinese name of the field when the core knows it ("" otherwise)."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class StorageError(DeskError):
    """The database refused a change or failed; the whole action was rolled back."""


class DatabaseBusy(StorageError):
    """Another counter or program held the data this action needed for longer than the set
    time (SQLite busy timeout, PostgreSQL lock or statement timeout)."""


class DatabaseUnavailable(StorageError):
    """The database cannot be reached (server down, network, file gone)."""


class Cancelled(DeskError):
    """The user stopped a long action; nothing of it was kept."""

    def __init__(self) -> None:
        super().__init__("已取消，本次操作没有保存任何内容。")


class CaseLocked(DeskError):
    """The case is archived (已归档): its file is locked until the director unlocks it."""


class NotFound(DeskError):
    pass


class ConfigurationError(DeskError):
    pass
