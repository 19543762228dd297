"""Every history action the services write has a Chinese name (issue 13: no raw ``book``,
``move``, ``arrived`` or ``agreement_sign`` in the case history or the audit viewer)."""

from __future__ import annotations

import ast
import time

from sqlalchemy import select

from mediation_desk.db.models import HistoryEntry
from mediation_desk.demo.loader import load_demo
from mediation_desk.domain.history_actions import ACTION_NAMES, UNKNOWN_ACTION, action_name
from mediation_desk.domain.sessions import EventKind
from mediation_desk.services.audit import action_label
from tests.core.action_scan import CORE, scan
from tests.desk import reading, run

#: The one call site whose action is not a literal: a session's own log kind, by value.
SESSION_EVENT_SITE = "mediation_desk/services/session_actions.py"


def _session_event_kinds() -> set[str]:
    """The ``EventKind`` members session_actions writes as an action (``event=EventKind.X``)."""
    tree = ast.parse((CORE / "services" / "session_actions.py").read_text("utf-8"))
    return {
        EventKind[kw.value.attr].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for kw in node.keywords
        if kw.arg == "event"
        and isinstance(kw.value, ast.Attribute)
        and isinstance(kw.value.value, ast.Name)
        and kw.value.value.id == "EventKind"
    }


def test_every_action_in_the_source_has_a_chinese_name() -> None:
    found = scan()
    assert not found.unresolved, "action arguments the scan cannot read:\n" + "\n".join(
        found.unresolved
    )
    assert [d.split(":")[0] for d in found.dynamic] == [SESSION_EVENT_SITE], found.dynamic
    kinds = _session_event_kinds()
    assert {"cancelled", "no_show", "started", "finished"} <= kinds
    actions = found.actions | kinds
    # the scan sees the calls it should: a sample of each way an action is passed
    assert {"book", "move", "arrived", "agreement_sign", "sign_in", "backup", "status"} <= actions
    assert {"register", "place_add", "closure_removed", "restore_backup"} <= actions
    missing = sorted(a for a in actions if a not in ACTION_NAMES)
    assert not missing, f"actions without a Chinese name: {missing}"


def test_names_are_chinese_and_distinct() -> None:
    for code, name in ACTION_NAMES.items():
        assert name and not any("a" <= ch.lower() <= "z" for ch in name), code
    assert len(set(ACTION_NAMES.values())) == len(ACTION_NAMES)  # the filter tells them apart
    assert action_name("agreement_sign") == "签名盖章"
    assert action_name("no-such-action") == UNKNOWN_ACTION  # never the raw code
    assert action_label("move") == "改期/换室"  # the audit viewer and its export


def test_every_action_of_a_demo_centre_has_a_name(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The demo takes cases through every state with the real services: what it wrote."""
    started = time.perf_counter()
    run(db, lambda uow: load_demo(uow, n_cases=30, data_dir=tmp_path))
    with reading(db) as s:
        written = set(s.scalars(select(HistoryEntry.action).distinct()))
    assert {"register", "agreement_sign", "status", "reveal_id"} <= written
    missing = sorted(a for a in written if a not in ACTION_NAMES)
    assert not missing, f"written to the history without a Chinese name: {missing}"
    assert time.perf_counter() - started < 60
