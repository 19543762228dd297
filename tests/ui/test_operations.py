"""The one way from a screen to the core: background work, one error path, the change record
fanned out with its initiator, progress and cancellation, and the window never frozen."""

from __future__ import annotations

import itertools
import logging
import time

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from mediation_desk.domain.changes import Changes
from mediation_desk.domain.clock import system_clock
from mediation_desk.errors import DeskError
from mediation_desk.services import reference
from mediation_desk.services.intake import register_case
from tests.factories import two_party_draft
from ui.operations import Operations


def test_success_fans_out_the_changes_with_the_initiator(qtbot, ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    heard: list[tuple[Changes, object]] = []
    ctx.ops.changed.connect(lambda changes, initiator: heard.append((changes, initiator)))
    got = []
    draft = two_party_draft(sqlite_centre.street_unit_id)
    ctx.ops.run(widget, lambda uow: register_case(uow, draft), on_success=got.append)
    (registered,) = got
    ((changes, initiator),) = heard
    assert changes.cases == {registered.id} and initiator is widget
    ctx.ops.run(widget, reference.list_units)  # a read changes nothing: no fan-out
    assert len(heard) == 1


def test_a_refusal_is_shown_once_in_chinese_unless_the_screen_shows_it(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    def refuse(_uow: object) -> None:
        raise DeskError("请填写中心名称")

    ctx.ops.run(None, refuse, title="无法保存")
    assert ctx.ops.shown.errors == [("无法保存", "请填写中心名称")]
    inline: list[str] = []
    ctx.ops.run(None, refuse, on_failure=lambda e: inline.append(e.message) or True)
    assert inline == ["请填写中心名称"] and len(ctx.ops.shown.errors) == 1


def test_a_bug_is_logged_and_reported_not_shown_as_driver_text(qtbot, ctx, caplog) -> None:  # type: ignore[no-untyped-def]
    def bug(_uow: object) -> None:
        raise KeyError("oops")

    failures: list[DeskError] = []
    ctx.ops.run(None, bug, on_failure=lambda e: failures.append(e) or True)
    assert failures == []  # on_failure is for refusals meant for the user, not for bugs
    (reported,) = ctx.ops.shown.bugs
    assert isinstance(reported, KeyError)
    assert ctx.ops.shown.errors == []


def test_the_unexpected_error_dialog_offers_the_details(
    qtbot, monkeypatch, tmp_path, caplog
) -> None:  # type: ignore[no-untyped-def]
    from ui.errors_dialog import show_unexpected_error

    seen: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box) or 0)
    try:
        raise RuntimeError("bad state for 13812345678")
    except RuntimeError as error:
        with caplog.at_level(logging.ERROR):
            show_unexpected_error(None, error)
    (box,) = seen
    assert "意外错误" in box.text()
    texts = [b.text() for b in box.buttons()]
    assert "复制详细信息" in texts and "关闭" in texts
    assert "显示详情..." in texts  # Qt's own button, from its Chinese catalogue
    assert "13812345678" not in box.detailedText() and "138****5678" in box.detailedText()
    assert "RuntimeError" in caplog.text


def test_background_work_keeps_the_window_painting(qtbot, sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    """A slow action runs on the worker thread: the GUI thread keeps ticking, the button is
    disabled meanwhile, the status bar is told what runs, and the result arrives."""
    ops = Operations(sqlite_db, clock=system_clock, actor=sqlite_centre.actor)
    button = QPushButton("保存")
    qtbot.addWidget(button)
    busy: list[str] = []
    ops.busy.connect(busy.append)
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)

    def slow(uow: object) -> str:
        time.sleep(0.6)
        return "done"

    results: list[str] = []
    ops.run(button, slow, on_success=results.append, busy="正在保存…", disable=[button])
    assert not button.isEnabled()
    qtbot.waitUntil(lambda: results == ["done"], timeout=5000)
    timer.stop()
    ops.wait()
    assert button.isEnabled()
    assert busy[0] == "正在保存…" and busy[-1] == ""
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) > 20 and max(gaps) < 0.2


def test_long_work_can_be_cancelled(qtbot, sqlite_db, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    from mediation_desk.db.unit_of_work import UnitOfWork

    ops = Operations(sqlite_db, clock=system_clock, actor=sqlite_centre.actor)
    parent = QWidget()
    qtbot.addWidget(parent)
    notices: list[str] = []
    ops.notice.connect(notices.append)
    steps: list[int] = []

    def long_job(uow: UnitOfWork) -> None:
        for i in range(200):
            uow.progress.check()
            uow.progress.report(i, 200)
            steps.append(i)
            time.sleep(0.01)

    op = ops.run(parent, long_job, progress="正在处理…")
    qtbot.waitUntil(lambda: len(steps) > 5, timeout=5000)
    op.cancel()
    qtbot.waitUntil(lambda: bool(notices), timeout=5000)
    ops.wait()
    assert "已取消" in notices[0]
    assert len(steps) < 200


def test_a_view_decides_for_itself(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    """The record says what changed; a view listening for cases ignores a moved session."""

    class CaseWatcher(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.reloads = 0
            ctx.ops.changed.connect(self.on_changed)

        def on_changed(self, changes: Changes, _initiator: object) -> None:
            if changes.cases:
                self.reloads += 1

    watcher = CaseWatcher()
    ctx.ops.changed.emit(Changes(sessions=frozenset({3})), None)
    assert watcher.reloads == 0
    ctx.ops.changed.emit(Changes(cases=frozenset({3})), None)
    assert watcher.reloads == 1


def test_qt_own_file_dialog_speaks_chinese(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt's non-native file dialog: its zh_CN catalogue leaves two labels in English."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    dialog = QFileDialog(None, "保存", "", "PDF 文件 (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel)]
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels
    assert not any("Look in" in t or "Files of" in t for t in labels)


def test_read_refuses_a_change(ctx, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    import pytest

    draft = two_party_draft(sqlite_centre.street_unit_id)
    with pytest.raises(RuntimeError, match=r"ops\.run"):
        ctx.ops.read(lambda uow: register_case(uow, draft))
    assert ctx.ops.read(lambda uow: reference.list_units(uow))  # reads are fine
    from mediation_desk.services.search import search_cases

    assert ctx.ops.read(lambda uow: search_cases(uow, "")) == []  # nothing was kept
