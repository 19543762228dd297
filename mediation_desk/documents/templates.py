"""Wording templates: one TOML file per document under ``resources/templates``.

A centre may edit them (or put edited copies in ``<data dir>/templates``, which win). Values
may hold ``{name}`` placeholders filled from the case; an unknown name prints as 【name】 so a
typo shows on the page instead of crashing the print.
"""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "templates"

_cache: dict[Path, tuple[float, dict[str, Any]]] = {}
_lock = threading.Lock()


class _Missing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return f"【{key}】"


def _read(path: Path) -> dict[str, Any]:
    mtime = path.stat().st_mtime
    with _lock:
        hit = _cache.get(path)
        if hit and hit[0] == mtime:
            return hit[1]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigurationError(f"文书模板 {path.name} 无法读取：{exc}") from None
    with _lock:
        _cache[path] = (mtime, data)
    return data


class Template:
    """The wording of one document."""

    def __init__(self, name: str, data: dict[str, Any]) -> None:
        self.name, self.data = name, data

    def raw(self, key: str, default: Any = "") -> Any:
        return self.data.get(key, default)

    def text(self, key: str, **values: object) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        return str(value).format_map(_Missing(values))

    def lines(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def load_template(name: str, *, override_dir: Path | None = None) -> Template:
    """The template ``name`` (e.g. ``"agreement"``); an override file wins key by key."""
    base = TEMPLATES_DIR / f"{name}.toml"
    if not base.exists():
        raise ConfigurationError(f"缺少文书模板：{base}")
    data = dict(_read(base))
    if override_dir is not None:
        custom = override_dir / f"{name}.toml"
        if custom.exists():
            data.update(_read(custom))
    return Template(name, data)
