"""Case-number formats, configurable per handling unit: e.g. ``（{year}）越城人调字第{seq}号``."""

from __future__ import annotations

import string

ALLOWED_FIELDS = frozenset({"year", "seq"})


def format_problem(fmt: str) -> str | None:
    """Why a format cannot be used (Chinese), or None when it is fine."""
    if not fmt.strip():
        return "案号格式不能为空"
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(fmt) if f is not None]
    except ValueError:
        return "案号格式中的花括号不配对"
    unknown = set(fields) - ALLOWED_FIELDS
    if unknown:
        return "案号格式只能使用 {year}（年份）和 {seq}（序号）"
    if "seq" not in fields or "year" not in fields:
        return "案号格式必须包含 {year}（年份）和 {seq}（序号）"
    try:
        format_case_number(fmt, 2026, 1)
    except (ValueError, KeyError):
        return "案号格式无法使用，请检查 {seq} 的写法"
    return None


def format_case_number(fmt: str, year: int, seq: int) -> str:
    return fmt.format(year=year, seq=seq)
