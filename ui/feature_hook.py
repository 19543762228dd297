"""PySide6's ``__feature__`` import hook, without the module sources it keeps.

PySide6 replaces ``builtins.__import__`` so that each module may choose its own features
(``from __feature__ import snake_case``). To learn which modules use PySide, it asks after
every import whether the text "PySide6" is in the module's source, through
``inspect.getsource`` (``shibokensupport.feature._mod_uses_pyside``). ``inspect`` reads
through ``linecache``, which then keeps every line of every module imported after PySide6 for
the life of the process: about 20 MB at start-up (SQLAlchemy, alembic, the app), more with
each module imported later (reportlab, python-docx …).

``keep_no_sources`` puts in its place a check with the same answer that reads the file and
keeps nothing, and empties what ``linecache`` holds so far (tracebacks read the files again
when they need them).
"""

from __future__ import annotations

import linecache
import logging
import sys
from types import ModuleType

import PySide6  # installs the hook

#: Where the hook keeps its check (PySide6 6.11; the test says when an upgrade moves it).
FEATURE_MODULE = "shibokensupport.feature"
CHECK = "_mod_uses_pyside"
MARK = b"PySide6"

log = logging.getLogger(__name__)


def uses_pyside(module: ModuleType) -> bool:
    """Whether ``module``'s source mentions PySide6, as the hook's own check says, read
    without ``linecache``: False for a module without source (built in, compiled, frozen)."""
    path = getattr(module, "__file__", None)
    if isinstance(path, str) and path.endswith((".py", ".pyw")):
        try:
            with open(path, "rb") as f:
                return MARK in f.read()
        except OSError:
            pass
    loader = getattr(module, "__loader__", None)
    get_source = getattr(loader, "get_source", None)
    if get_source is None:
        return False
    try:
        source = get_source(module.__name__)
    except (ImportError, OSError, SyntaxError, UnicodeError):
        return False
    return isinstance(source, str) and MARK.decode() in source


def keep_no_sources() -> bool:
    """Install ``uses_pyside`` as the hook's check and empty ``linecache``; False (and a log
    line) when this PySide6 has no such check to replace."""
    feature = sys.modules.get(FEATURE_MODULE)
    if not isinstance(feature, ModuleType) or not callable(getattr(feature, CHECK, None)):
        log.warning("PySide6 %s: no feature hook check to replace", PySide6.__version__)
        return False
    setattr(feature, CHECK, uses_pyside)
    linecache.clearcache()
    return True
