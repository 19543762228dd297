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


class StorageError(DeskError):
    """The database refused a change; the whole action was rolled back."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class NotFound(DeskError):
    pass


class ConfigurationError(DeskError):
    pass
