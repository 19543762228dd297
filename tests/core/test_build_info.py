"""The version and build date shown by --version, the window title and 关于."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from mediation_desk.build_info import PYPROJECT, build_info


def test_a_bundle_shows_its_version_and_build_day(tmp_path: Path) -> None:
    path = tmp_path / "build-info.json"
    path.write_text(json.dumps({"version": "1.2.3", "built": "2026-12-03"}), encoding="utf-8")
    info = build_info(path)
    assert (info.version, info.built) == ("1.2.3", "2026-12-03")
    assert info.text == "1.2.3（2026-12-03 构建）"


@pytest.mark.parametrize("content", [None, "not json", '{"version": "1.2.3"}'])
def test_without_a_good_build_file_the_checkout_version_is_a_development_build(
    tmp_path: Path, content: str | None
) -> None:
    path = tmp_path / "build-info.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    version = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["version"]
    info = build_info(path)
    assert (info.version, info.built) == (version, "")
    assert info.text == f"{version}（开发版本）"


def test_the_command_line_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    from ui.app import parse_args

    with pytest.raises(SystemExit) as done:
        parse_args(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"mediation-desk {build_info().text}"
