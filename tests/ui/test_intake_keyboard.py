"""The intake form driven by the keyboard alone, in the main window (issue 13): F2, Enter and
Tab in the form's reading order, the add-party prompt, Ctrl+S / Ctrl+N / Esc from the search
box, 受理时间 typed in one field. The whole two-party registration is walked with key events
only and its control keys counted (56 before this work)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from mediation_desk.domain.enums import PartyRole
from mediation_desk.services.cases import get_case
from mediation_desk.settings import load_settings
from tests.desk import run
from tests.factories import VALID_ID
from ui.main_window import MainWindow
from ui.operations import InlineExecutor

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


class Keyboard:
    """Keys go where the focus is, as on a real keyboard. Control keys (Tab, Enter, arrows,
    shortcuts) are counted; typed text is not (Chinese arrives committed by the input
    method)."""

    def __init__(self, qtbot) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.count = 0
        self.log: list[str] = []

    @staticmethod
    def focus() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the focus"
        return widget

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NO, times: int = 1) -> None:
        for _ in range(times):
            self.count += 1
            self.log.append(f"{key.name}@{type(self.focus()).__name__}")
            self.qtbot.keyClick(self.focus(), key, modifier)
            QApplication.processEvents()  # the event loop runs between two keys

    def until(self, key: Qt.Key, done: Callable[[], bool], limit: int = 40) -> None:
        """Press ``key`` (an arrow in a dropdown) until ``done``; every press counts."""
        for _ in range(limit):
            if done():
                return
            self.press(key)
        raise AssertionError(f"{key.name} pressed {limit} times in vain")

    def type(self, text: str) -> None:
        if text.isascii():
            self.qtbot.keyClicks(self.focus(), text)
            return
        commit = QInputMethodEvent()
        commit.setCommitString(text)
        QApplication.sendEvent(self.focus(), commit)


@pytest.fixture
def window(qtbot, tmp_path, sqlite_url, sqlite_db, sqlite_centre) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(
        load_settings(data_dir=tmp_path, database_url=sqlite_url), executor=InlineExecutor()
    )
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.open_database()
    assert w.session is not None
    w.session.enter(sqlite_centre.actor)  # signed in (test_sign_in.py)
    w.activateWindow()  # the sign-in dialog has closed: the window is the active one again
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    w.intake._ask = lambda title, text: pytest.fail(f"unexpected question: {text}")
    return w


def test_a_two_party_registration_by_keyboard_alone(
    qtbot, window, sqlite_db, sqlite_centre
) -> None:  # type: ignore[no-untyped-def]
    intake = window.intake
    keys = Keyboard(qtbot)
    assert window.current_page_key() == "today"  # every sign-in opens on the day
    today = window.pages.currentWidget()
    qtbot.waitUntil(lambda: today.isAncestorOf(QApplication.focusWidget()), timeout=2000)
    keys.press(Qt.Key.Key_F2)
    assert keys.focus() is intake.info.source  # F2: the form's first field

    keys.press(Qt.Key.Key_Return)  # 当事人申请: 移送单位 and 来函编号 stay disabled
    assert keys.focus() is intake.info.received_at
    keys.press(Qt.Key.Key_Return)  # 受理时间 left empty: now, when saved
    assert keys.focus() is intake.info.dispute_type
    keys.until(Qt.Key.Key_Down, lambda: intake.info.dispute_type.currentData() == "neighbour")
    keys.press(Qt.Key.Key_Return)
    assert keys.focus() is intake.info.risk_level
    keys.press(Qt.Key.Key_Return)  # 风险等级 无: 风险说明 stays disabled
    assert keys.focus() is intake.info.facts
    keys.type("双方系邻居，被申请人排水管引至申请人墙角，致墙体受潮开裂。")
    keys.press(Qt.Key.Key_Tab)
    assert keys.focus() is intake.info.requests
    keys.type("赔偿修缮费用。")
    keys.press(Qt.Key.Key_Tab)
    assert keys.focus() is intake.info.report.place  # the statistics' inputs, as laid out
    keys.press(Qt.Key.Key_Return, times=4)  # 发生地, 网格, 争议金额, 涉及人数 left empty
    groups = intake.info.report.group_boxes
    assert keys.focus() is next(iter(groups.values()))
    keys.press(Qt.Key.Key_Return)  # the tick boxes are one stop (arrows move, Space ticks)

    applicant, respondent = intake.party_editors
    assert keys.focus() is applicant.kind
    keys.press(Qt.Key.Key_Return, times=2)  # 自然人, 申请人
    assert keys.focus() is applicant.name
    keys.type("王小明")
    keys.press(Qt.Key.Key_Return)
    assert keys.focus() is applicant.id_type
    keys.press(Qt.Key.Key_Return)
    keys.type(VALID_ID.lower())
    keys.press(Qt.Key.Key_Return)  # gender and birth date filled in from the number…
    assert applicant.birth_date.text() == "1949-12-31"
    assert keys.focus() is applicant.ethnicity  # …so Enter passes over them
    keys.press(Qt.Key.Key_Return, times=3)  # 民族 汉族, 职业, 住址
    assert keys.focus() is applicant.consent
    keys.press(Qt.Key.Key_Return)
    assert keys.focus() is applicant.phone_rows[0].number
    keys.type("13800001234")
    keys.press(Qt.Key.Key_Return, times=3)  # the phone's 归属 and 备注, then the next party
    assert keys.focus() is respondent.kind

    keys.press(Qt.Key.Key_Return, times=2)
    assert keys.focus() is respondent.name
    keys.type("赵大勇")
    keys.press(Qt.Key.Key_Return, times=9)  # no ID, gender or birth date known
    assert keys.focus() is respondent.phone_rows[0].number
    keys.type("13900005678")
    keys.press(Qt.Key.Key_Return, times=3)
    prompt = intake.add_prompt
    assert prompt.isVisible()  # 再添加一位当事人？ — never the search box
    assert keys.focus() is prompt.buttons[PartyRole.RESPONDENT]
    keys.press(Qt.Key.Key_Escape)  # no: on to routing
    assert not prompt.isVisible()
    assert keys.focus() is intake.routing.to_unit
    keys.press(Qt.Key.Key_Return)
    assert keys.focus() is intake.routing.unit
    unit = sqlite_centre.street_unit_id
    keys.until(Qt.Key.Key_Down, lambda: intake.routing.unit.currentData() == unit)

    with qtbot.waitSignal(intake.case_registered) as saved:
        keys.press(Qt.Key.Key_S, CTRL)
    assert keys.count <= 45, f"{keys.count} control keys: {' '.join(keys.log)}"
    print(f"\nkeyboard-only two-party registration: {keys.count} control keys (was 56)")
    detail = run(sqlite_db, get_case, saved.args[0])
    assert [(p.name, p.role) for p in detail.parties] == [
        ("王小明", PartyRole.APPLICANT),
        ("赵大勇", PartyRole.RESPONDENT),
    ]
    assert detail.parties[0].id_number == VALID_ID
    assert [p.phones[0].number for p in detail.parties] == ["13800001234", "13900005678"]
    assert detail.dispute_type_code == "neighbour" and detail.unit_id == unit
    assert keys.focus() is intake.info.source  # ready for the next walk-in

    # after a save, Tab reaches the parties (it once skipped them): 16 Tabs from the first field
    new_applicant = intake.party_editors[0]
    keys.count = 0
    keys.until(Qt.Key.Key_Tab, lambda: new_applicant.isAncestorOf(keys.focus()), limit=20)
    assert keys.focus() is new_applicant.kind and keys.count == 16, keys.log[-16:]


def test_shortcuts_work_from_the_search_box(qtbot, window, sqlite_centre) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+S, Ctrl+N and Esc on the intake page, typed in the search box: Esc clears the
    box, then comes back to the form; Ctrl+N asks before discarding; Ctrl+S saves."""
    intake = window.intake
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_F2)
    applicant = intake.party_editors[0]
    focus_by_keyboard_into(applicant.name)
    keys.type("王小明")
    keys.press(Qt.Key.Key_L, CTRL)  # 查找案件
    assert keys.focus() is window.search
    keys.type("zs")
    keys.press(Qt.Key.Key_Escape)  # clears the box; nothing searched, the form untouched
    qtbot.wait(300)  # longer than the search's typing pause
    assert window.search.text() == "" and window.current_page_key() == "intake"
    assert keys.focus() is window.search
    keys.press(Qt.Key.Key_Escape)  # and back to the form, where one left it
    assert keys.focus() is applicant.name and applicant.name.text() == "王小明"

    asked: list[str] = []
    intake._ask = lambda title, text: asked.append(text) or False
    window.focus_search()
    keys.press(Qt.Key.Key_N, CTRL)  # something is typed: asked first, and kept on "no"
    assert asked and "放弃" in asked[0]
    assert applicant.name.text() == "王小明"
    window.focus_search()
    keys.press(Qt.Key.Key_Escape)  # the box is empty: back to the form, nothing discarded
    assert keys.focus() is applicant.name and len(asked) == 1

    fill_case_by_code(intake, sqlite_centre.street_unit_id)
    window.focus_search()
    with qtbot.waitSignal(intake.case_registered):
        keys.press(Qt.Key.Key_S, CTRL)
    assert keys.focus() is intake.info.source  # saved, and ready for the next walk-in


def test_f2_from_anywhere_comes_back_to_the_form(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    intake = window.intake
    keys = Keyboard(qtbot)
    window.show_page("cases")
    window.focus_search()
    keys.press(Qt.Key.Key_F2)
    assert window.current_page_key() == "intake"
    assert keys.focus() is intake.info.source  # nothing typed: the first field
    respondent = intake.party_editors[1]
    focus_by_keyboard_into(respondent.occupation)
    keys.type("个体")
    keys.press(Qt.Key.Key_F6)  # 今日待办
    assert window.current_page_key() == "today"
    keys.press(Qt.Key.Key_F2)
    assert keys.focus() is respondent.occupation  # where the clerk left off


def focus_by_keyboard_into(widget: QWidget) -> None:
    from ui.widgets.keyboard import focus_by_keyboard

    focus_by_keyboard(widget)
    QApplication.processEvents()


def fill_case_by_code(intake, unit_id: int) -> None:  # type: ignore[no-untyped-def]
    """What the walk above types, set directly (the keys are not the point here)."""
    info = intake.info
    info.dispute_type.setCurrentIndex(info.dispute_type.findData("neighbour"))
    info.facts.setPlainText("双方系邻居，因排水管走向发生纠纷。")
    info.requests.setPlainText("赔偿修缮费用。")
    applicant, respondent = intake.party_editors
    applicant.name.setText("王小明")
    applicant.phone_rows[0].number.setText("13800001234")
    respondent.name.setText("赵大勇")
    respondent.phone_rows[0].number.setText("13900005678")
    intake.routing.unit.setCurrentIndex(intake.routing.unit.findData(unit_id))


def test_the_add_party_prompt(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Enter on the last party's last field: Enter adds a party (its name focused), the arrows
    choose its role, Tab goes on to routing, Shift+Tab goes back; Esc never discards here."""
    intake = window.intake
    keys = Keyboard(qtbot)
    intake._ask = lambda title, text: pytest.fail("Esc in the prompt must not discard")
    keys.press(Qt.Key.Key_F2)
    respondent = intake.party_editors[1]
    focus_by_keyboard_into(respondent.phone_rows[0].note)
    keys.press(Qt.Key.Key_Return)
    prompt = intake.add_prompt
    assert prompt.isVisible() and keys.focus() is prompt.buttons[PartyRole.RESPONDENT]
    keys.press(Qt.Key.Key_Right)  # → 第三人
    assert keys.focus() is prompt.buttons[PartyRole.THIRD_PARTY]
    keys.press(Qt.Key.Key_Return)
    assert len(intake.party_editors) == 3 and not prompt.isVisible()
    third = intake.party_editors[2]
    assert third.role.currentData() is PartyRole.THIRD_PARTY
    assert keys.focus() is third.name
    keys.type("钱小红")
    focus_by_keyboard_into(third.phone_rows[0].note)
    keys.press(Qt.Key.Key_Return)  # the new last party's last field offers again
    assert keys.focus() is prompt.buttons[PartyRole.THIRD_PARTY]
    keys.press(Qt.Key.Key_Backtab)
    assert keys.focus() is third.phone_rows[0].note and not prompt.isVisible()
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_Tab)
    assert keys.focus() is intake.routing.to_unit and not prompt.isVisible()
    assert third.name.text() == "钱小红"  # nothing discarded on the way
    # Enter runs on through routing to 保存登记, and stays in the form
    keys.press(Qt.Key.Key_Return, times=3)  # the way, 承办单位, 调解员
    assert keys.focus() is intake.save_button
    intake.save = lambda: None  # pressing it is not the point here
    keys.press(Qt.Key.Key_Return)
    assert keys.focus() is intake.save_button


def test_received_time_is_one_field(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """Typed as the clerk says it, one Enter moves on; unreadable text shows a Chinese message
    beside the field and keeps the focus; empty means "when saved"."""
    intake = window.intake
    info = intake.info
    keys = Keyboard(qtbot)
    today = intake.today()
    keys.press(Qt.Key.Key_F2)
    focus_by_keyboard_into(info.received_at)
    keys.type("12-2 9:30")
    keys.press(Qt.Key.Key_Return)
    assert keys.focus() is info.dispute_type
    assert info.received_at.text() == f"{today.year}-12-02 09:30"  # shown as understood
    assert intake.draft().received_at == dt.datetime(today.year, 12, 2, 9, 30)

    focus_by_keyboard_into(info.received_at)
    keys.type("12-32 9:30")
    keys.press(Qt.Key.Key_Return)
    box = info.boxes["received_at"]
    assert keys.focus() is info.received_at  # stays to be corrected
    assert box.message.isVisible() and f"没有 {today.year}年12月32日" in box.message.text()
    intake.save()  # nothing saved; the message stays beside the field
    assert "受理时间无法识别" in intake.status.text() and box.message.isVisible()
    assert keys.focus() is info.received_at
    info.received_at.clear()
    keys.type("8:05")
    keys.press(Qt.Key.Key_Return)
    assert not box.message.isVisible() and keys.focus() is info.dispute_type
    assert intake.draft().received_at == dt.datetime.combine(today, dt.time(8, 5))


def test_esc_closes_an_open_dropdown_first(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    intake = window.intake
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_F2)
    intake.party_editors[0].name.setText("王小明")
    asked: list[str] = []
    intake._ask = lambda title, text: asked.append(text) or False
    combo = intake.party_editors[0].id_type
    focus_by_keyboard_into(combo)
    keys.press(Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # opens the list
    qtbot.waitUntil(combo.view().isVisible, timeout=2000)
    keys.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not combo.view().isVisible(), timeout=2000)
    assert asked == []  # the list closed; nothing asked, nothing discarded
    keys.press(Qt.Key.Key_Escape)  # now the form's Esc: asks before discarding
    assert len(asked) == 1 and intake.party_editors[0].name.text() == "王小明"


def test_tab_follows_the_form_as_it_reads(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """From the first field Tab visits the case, each party in turn, routing, then the two
    buttons — never the search box or the page list on the way."""
    intake = window.intake
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_F2)
    applicant, respondent = intake.party_editors
    sections = [intake.info, applicant, respondent, intake.routing]

    def section() -> int:
        focus = keys.focus()
        for i, part in enumerate(sections):
            if part.isAncestorOf(focus):
                return i
        return -1  # the ＋ 当事人 buttons between the parties and routing

    seen: list[int] = []
    while keys.focus() is not intake.save_button:
        assert intake.isAncestorOf(keys.focus()), f"Tab left the form at {keys.focus()}"
        where = section()
        if where >= 0 and (not seen or seen[-1] != where):
            seen.append(where)
        keys.press(Qt.Key.Key_Tab)
        assert keys.count < 80
    assert seen == [0, 1, 2, 3]


def test_the_arrows_choose_the_way_and_enter_goes_to_its_inputs(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    routing = window.intake.routing
    keys = Keyboard(qtbot)
    keys.press(Qt.Key.Key_F2)
    focus_by_keyboard_into(routing.to_unit)
    keys.press(Qt.Key.Key_Down)  # 移送其他机关
    assert keys.focus() is routing.refer_out and routing.refer_out.isChecked()
    keys.press(Qt.Key.Key_Return)
    assert keys.focus() is routing.refer_to  # 承办单位 and 调解员 are disabled now
    keys.press(Qt.Key.Key_Return, times=3)  # 移送去向, 接收单位, 移送说明
    assert keys.focus() is window.intake.save_button
