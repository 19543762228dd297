"""Money as integer fen, and its written forms: capitals (大写) and figures.

The capitals follow the People's Bank of China rules (domain.md §6): runs of zeros read as one
零; 整 after 元 when there are no 角/分; a zero in the 元 place before 角, or a zero 角 before 分,
is written 零. Where the rules allow either form (a 零 may be omitted after 万 or 元) this writes
the form of the examples in domain.md. cn2an's ``an2cn(x, "rmb")`` omits those 零 and never
writes 整 after 角, so it is not used here.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_PLACE = ("", "拾", "佰", "仟")
_GROUP = ("", "万", "亿", "万")  # 万亿: the fourth group re-uses 万 after 亿
MAX_FEN = 10**16 - 1  # below 一万亿 yuan


class AmountError(ValueError):
    """An amount that cannot be money: negative, too large, or more than two decimals."""


def _yuan_capitals(yuan: int) -> str:
    digits = str(yuan)
    out: list[str] = []
    zero_pending = False
    group_has_digit = False
    n = len(digits)
    for i, ch in enumerate(digits):
        pos = n - 1 - i
        d = int(ch)
        if d == 0:
            zero_pending = bool(out)
        else:
            if zero_pending:
                out.append("零")
            out.append(DIGITS[d] + _PLACE[pos % 4])
            zero_pending = False
            group_has_digit = True
        if pos % 4 == 0 and pos > 0:
            if group_has_digit:
                out.append(_GROUP[pos // 4])
                # a zero at the foot of a group is not read out before the group word
                zero_pending = False
            group_has_digit = False
    return "".join(out)


def capitals(fen: int) -> str:
    """``3560000`` → ``叁万伍仟陆佰元整``; ``168032`` → ``壹仟陆佰捌拾元零叁角贰分``."""
    _check(fen)
    yuan, jiao, cent = fen // 100, fen // 10 % 10, fen % 10
    if fen == 0:
        return "零元整"
    text = ""
    if yuan:
        text = _yuan_capitals(yuan) + "元"
        if not jiao and not cent:
            return text + "整"
        if (jiao and yuan % 10 == 0) or (not jiao and cent):
            text += "零"
    if jiao:
        text += DIGITS[jiao] + "角"
    if cent:
        text += DIGITS[cent] + "分"
    return text


def figures(fen: int) -> str:
    """``3560000`` → ``35,600.00``."""
    _check(fen)
    return f"{fen // 100:,}.{fen % 100:02d}"


def amount_text(fen: int) -> str:
    """The form used in agreements: ``人民币叁万伍仟陆佰元整（¥35,600.00）``."""
    return f"人民币{capitals(fen)}（¥{figures(fen)}）"


def parse_amount(text: str) -> int:
    """Yuan as typed (``35600``, ``35,600.00``, ``¥1,409.5``) → fen. Raises ``AmountError``."""
    cleaned = text.strip().replace(",", "").replace("，", "").lstrip("¥￥").strip()
    cleaned = cleaned.removesuffix("元")
    if not cleaned:
        raise AmountError("请填写金额")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise AmountError(f"金额格式不正确：{text}") from None
    if not value.is_finite() or value < 0:
        raise AmountError("金额不能为负数")
    if value > Decimal(MAX_FEN) / 100:
        raise AmountError("金额过大")
    if value != value.quantize(Decimal("0.01")):
        raise AmountError("金额最多保留两位小数（分）")
    fen = int(value * 100)
    _check(fen)
    return fen


def yuan_text(fen: int) -> str:
    """For editing: ``3560000`` → ``35600.00``."""
    return f"{fen // 100}.{fen % 100:02d}"


def _check(fen: int) -> None:
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise AmountError("金额须以“分”为单位的整数保存")
    if fen < 0:
        raise AmountError("金额不能为负数")
    if fen > MAX_FEN:
        raise AmountError("金额过大")
