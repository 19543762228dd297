"""The centre's document settings, as documents use them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class DocumentSettingsView:
    committee_name: str = ""  # used when the handling unit is not a committee
    seal_text: str = ""  # e.g. （城南街道人民调解委员会印）
    default_court: str = ""  # the basic court where the committee is
    place: str = ""  # default place of mediation
    font_path: str = ""  # a TrueType .ttf/.ttc; empty: an installed one

    @property
    def font_file(self) -> Path | None:
        return Path(self.font_path) if self.font_path.strip() else None
