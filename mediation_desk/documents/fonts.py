"""CJK TrueType fonts for PDF output: find them, register them with reportlab, check coverage.

reportlab embeds only TrueType-outline fonts (as subsets); the CFF-based Noto CJK files are
refused, and its built-in CID fonts embed nothing. So: the configured font file if any, else a
known installed TrueType CJK font (Windows SimSun/FangSong/SimHei; Debian's AR PL UMing and
WenQuanYi Zen Hei), else the font shipped with the app (``BUNDLED_FONT``), else
``FontUnavailable`` with a message saying what to install.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import DeskError


class FontUnavailable(DeskError):
    """No usable CJK TrueType font: printing would give blanks, so it is refused."""


@dataclass(frozen=True, slots=True)
class CjkFont:
    """One font face: a file, and the face's index inside a .ttc collection."""

    path: Path
    subfont_index: int
    label: str  # e.g. "AR PL UMing CN"

    @property
    def reportlab_name(self) -> str:
        return f"MD-{self.path.stem}-{self.subfont_index}"


#: Shipped with the app for a PC without a Chinese TrueType font: WenQuanYi Micro Hei (文泉驿微米黑,
#: Apache-2.0; resources/fonts holds its licence). A sans face, so it comes after the installed
#: 仿宋/宋体 for body text; 5 MB, where the Song faces are 20 MB.
BUNDLED_FONT = (
    Path(__file__).resolve().parent.parent.parent / "resources" / "fonts" / "wqy-microhei.ttc"
)


def _windows_fonts() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def _candidates(role: str) -> list[tuple[Path, int, str]]:
    """Known TrueType CJK faces, best first. ``role`` is "body" (GB/T 9704: 仿宋, else 宋体) or
    "title" (小标宋 where a centre installed it, else 黑体)."""
    win = _windows_fonts()
    debian = Path("/usr/share/fonts/truetype")
    song = [
        (win / "simfang.ttf", 0, "仿宋 FangSong"),
        (win / "simsun.ttc", 0, "宋体 SimSun"),
        (debian / "arphic" / "uming.ttc", 0, "AR PL UMing CN"),
        (Path("/usr/share/fonts/truetype/lxgw/LXGWWenKai-Regular.ttf"), 0, "LXGW WenKai"),
    ]
    hei = [
        (win / "FZXBSJW.TTF", 0, "方正小标宋简体"),
        (win / "simhei.ttf", 0, "黑体 SimHei"),
        (debian / "wqy" / "wqy-zenhei.ttc", 0, "WenQuanYi Zen Hei"),
    ]
    bundled = [(BUNDLED_FONT, 0, "WenQuanYi Micro Hei")]
    return (song + hei if role == "body" else hei + song) + bundled


def _is_truetype(path: Path, index: int) -> bool:
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, fontNumber=index, lazy=True) as font:
            return "glyf" in font
    except Exception:  # unreadable or not a font: skip it
        return False


def find_cjk_font(role: str = "body", *, configured: Path | None = None) -> CjkFont:
    """The font to print with: ``configured`` (a .ttf/.ttc path) first, then known fonts."""
    if configured is not None:
        path = Path(configured)
        if not path.exists():
            raise FontUnavailable(f"设置的字体文件不存在：{path}")
        if not _is_truetype(path, 0):
            raise FontUnavailable(f"设置的字体文件不是 TrueType 字体，无法嵌入 PDF：{path.name}")
        return CjkFont(path, 0, path.stem)
    for path, index, label in _candidates(role):
        if path.exists() and _is_truetype(path, index):
            return CjkFont(path, index, label)
    raise FontUnavailable(
        "找不到可嵌入 PDF 的中文 TrueType 字体。Windows 请确认已安装宋体（simsun.ttc）；"
        "Linux 请安装 fonts-arphic-uming 或 fonts-wqy-zenhei，或在设置中指定字体文件。"
    )


_register_lock = threading.Lock()


def register_for_reportlab(font: CjkFont) -> str:
    """Register the face with reportlab once per process; returns the name to draw with."""
    from reportlab.pdfbase import pdfmetrics

    from .font_cache import load_ttfont

    name = font.reportlab_name
    with _register_lock:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(load_ttfont(name, font.path, font.subfont_index))
    return name


@lru_cache(maxsize=8)
def _cmap(font: CjkFont) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(font.path, fontNumber=font.subfont_index, lazy=True) as tt:
        return frozenset(tt.getBestCmap() or {})


def missing_characters(font: CjkFont, text: str) -> list[str]:
    """Characters of ``text`` the font cannot draw (reportlab would print blanks), in order."""
    cmap = _cmap(font)
    seen: dict[str, None] = {}
    for ch in text:
        if not ch.isspace() and ord(ch) not in cmap:
            seen.setdefault(ch)
    return list(seen)
