"""Case-number formats, configurable per handling unit: e.g. ``（{year}）越城人调字第{seq}号``.

A number ends up in the name of every document file of its case
(``人民调解协议书_（2026）越城人调字第12号_v1.pdf``, see ``services.documents``), so a format is
refused when a number it yields could not be a file name: control characters (NUL among them),
or a name longer than file systems allow (255 bytes). The characters Windows reserves
(``<>:"/\\|?*``) and spaces are allowed: the file name replaces each with ``_``.
"""

from __future__ import annotations

import math
import re
import string

from .document_kinds import DocumentKind, FileFormat
from .validation.text import has_control_characters

ALLOWED_FIELDS = frozenset({"year", "seq"})
#: The stored lengths (``HandlingUnit.number_format``, ``Case.number``; a test keeps them equal).
MAX_FORMAT_LENGTH = 80
MAX_NUMBER_LENGTH = 80
#: The longest file name (in bytes) ext4, XFS, Btrfs and APFS accept; NTFS counts 255 UTF-16
#: units, which a name of at most 255 UTF-8 bytes never exceeds.
MAX_FILE_NAME_BYTES = 255
#: Budget for the parts of a number that grow: a 4-digit year, up to 999,999 cases a year.
LARGEST_YEAR, LARGEST_SEQ = 9999, 999_999
#: Budget for the version in a file name (``_v123456``).
VERSION_DIGITS = 6
_DIGITS = re.compile(r"\d+")
#: The widest padding a format may ask for (the number's own length limit applies after it).
MAX_WIDTH = 999


def format_problem(fmt: str) -> str | None:
    """Why a format cannot be used (Chinese), or None when it is fine."""
    if not fmt.strip():
        return "案号格式不能为空"
    if has_control_characters(fmt):
        return "案号格式中有看不见的控制字符（可能随复制粘贴带入），请删除后重新输入"
    if len(fmt) > MAX_FORMAT_LENGTH:
        return f"案号格式过长（最多{MAX_FORMAT_LENGTH}个字）"
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return "案号格式中的花括号不配对"
    fields = [f for _, f, _, _ in parsed if f is not None]
    unknown = set(fields) - ALLOWED_FIELDS
    if unknown:
        return "案号格式只能使用 {year}（年份）和 {seq}（序号）"
    if "seq" not in fields or "year" not in fields:
        return "案号格式必须包含 {year}（年份）和 {seq}（序号）"
    # A width written in the format pads the number: {seq:04d} is fine, {seq:0300d} is not, and
    # a nested {…} or a huge width would build a string of any size before it could be measured.
    if any(spec and ("{" in spec or _too_wide(spec)) for _, _, spec, _ in parsed):
        return "案号格式无法使用，请检查 {seq} 的写法"
    try:
        longest = longest_number(fmt)
    except (ValueError, KeyError, IndexError):
        return "案号格式无法使用，请检查 {seq} 的写法"
    return _length_problem(longest)


def format_case_number(fmt: str, year: int, seq: int) -> str:
    return fmt.format(year=year, seq=seq)


def longest_number(fmt: str) -> str:
    """The longest number ``fmt`` can yield: with the largest year and sequence number, or,
    when it pads them to a width, the smallest."""
    numbers = (format_case_number(fmt, LARGEST_YEAR, LARGEST_SEQ), format_case_number(fmt, 2026, 1))
    return max(numbers, key=lambda n: len(n.encode("utf-8")))


def longest_file_name_bytes(number: str) -> int:
    """The length in bytes of the longest file name built from ``number``: the longest document
    label, the number, a 6-digit version, the longest extension and the ``.part`` of the file
    being written (``<label>_<number>_v<version>.<ext>.part``). The file name replaces unsafe
    characters with ``_`` (never longer), so this is an upper bound."""
    label = max(len(kind.label.encode("utf-8")) for kind in DocumentKind)
    ext = max(len(f.value) for f in FileFormat)
    fixed = len("_") + len("_v") + VERSION_DIGITS + len(".") + ext + len(".part")
    return label + fixed + len(number.encode("utf-8"))


def _too_wide(spec: str) -> bool:
    return any(int(digits) > MAX_WIDTH for digits in _DIGITS.findall(spec))


def _length_problem(longest: str) -> str | None:
    if len(longest) > MAX_NUMBER_LENGTH:
        return (
            f"按此格式生成的案号可长达{len(longest)}个字，超过{MAX_NUMBER_LENGTH}个字的上限，请缩短"
        )
    excess = longest_file_name_bytes(longest) - MAX_FILE_NAME_BYTES
    if excess > 0:
        return (
            "案号格式过长：按此格式生成的文书文件名会超过系统允许的长度，"
            f"请至少删去{math.ceil(excess / 3)}个汉字（或{excess}个字母、数字）"
        )
    return None


# --- short labels (the day board's blocks, the waiting queue) ---------------------------------

#: The year in its brackets: （2026）, (2026), 〔2026〕, [2026], 【2026】.
_YEAR_GROUP = re.compile(r"[（(〔\[【]\s*\d{4}\s*[）)〕\]】]")
#: The sequence number at the end: 第76号, 76号, 76.
_TAIL_SEQ = re.compile(r"(第?)\s*(\d+)\s*(号?)\s*$")
#: What follows a unit's short name before the number: 人调字, 调字, 人调, 调, 字.
_UNIT_SUFFIX = re.compile(r"(?:人调|调)?字?$")


def number_labels(number: str) -> tuple[tuple[str, ...], str, str]:
    """Shorter and shorter labels for a case number where it does not fit, each keeping the
    unit's short name and the whole sequence number, longest first; then the shortest one's
    unit and number parts, for eliding the unit (never the number) when even it is too long.

    ``（2026）城南人调字第76号`` → (``城南人调字第76号``, ``城南人调76号``, ``城南76号``), ``城南``,
    ``76号``; ``皋调〔2026〕2号`` → (``皋调2号``, ``皋2号``), ``皋``, ``2号``. A number whose
    format has no sequence at its end is left whole.
    """
    whole = _YEAR_GROUP.sub("", number).strip() or number.strip()
    m = _TAIL_SEQ.search(whole)
    if m is None or not whole[: m.start()].strip():
        return (whole,), "", whole
    prefix = whole[: m.start()].strip()
    seq = f"{m.group(2)}{m.group(3)}"
    labels = [whole, f"{prefix.removesuffix('字')}{seq}"]
    unit = _UNIT_SUFFIX.sub("", prefix) or prefix
    labels.append(f"{unit}{seq}")
    return tuple(dict.fromkeys(labels)), unit, seq
