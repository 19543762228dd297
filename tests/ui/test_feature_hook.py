"""PySide6's ``__feature__`` import hook keeps no module source in ``linecache`` (it kept
about 20 MB at start-up), and still learns which modules use PySide6."""

from __future__ import annotations

import inspect
import json
import linecache
import sys

import pytest

from ui import feature_hook, main_window
from ui.feature_hook import FEATURE_MODULE, keep_no_sources, uses_pyside


@pytest.fixture
def fresh_modules(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    (tmp_path / "md_with_qt.py").write_text("from PySide6 import QtCore\nVALUE = 1\n")
    (tmp_path / "md_without_qt.py").write_text("VALUE = 2\n" * 2000)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("md_with_qt", "md_without_qt"):
        sys.modules.pop(name, None)


def test_modules_imported_later_leave_no_source_behind(fresh_modules) -> None:  # type: ignore[no-untyped-def]
    assert keep_no_sources()  # False: this PySide6 moved its check (see ui.feature_hook)
    with_qt = __import__("md_with_qt")  # through the hook, as an import statement goes
    without_qt = __import__("md_without_qt")
    cached = set(linecache.cache)
    assert with_qt.__file__ not in cached and without_qt.__file__ not in cached
    # the hook's own record: features may apply to the first module only
    features = sys.modules[FEATURE_MODULE].pyside_feature_dict
    assert features["md_with_qt"] == 0 and features["md_without_qt"] == -1


def test_the_check_answers_as_the_hook_s_own() -> None:
    for module in (main_window, json, feature_hook, sys, inspect):
        try:
            expected = "PySide6" in inspect.getsource(module)
        except (TypeError, OSError):
            expected = False
        assert uses_pyside(module) is expected, module.__name__
