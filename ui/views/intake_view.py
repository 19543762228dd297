"""The single-window intake form (一窗受理): a clerk registers a walk-in without the mouse.

Tab and Enter follow the form as it reads: the case, each party, routing, then 保存登记; Enter
passes over buttons, goes from a party's last field to the next party, and after the last
one offers to add another (再添加一位当事人？). Ctrl+S saves, Ctrl+N starts a new registration,
Esc asks before discarding — from anywhere on the page, the search box included (there Esc
clears the box, or comes back to the form).
All rules are the core's: this view turns widgets into a ``CaseDraft``, shows the findings
beside their fields, and saves through ``services.intake`` in the background (the window
keeps painting while the database waits for another counter). Nothing typed is lost when a
save fails; the form is cleared only once the case is registered.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.changes import Changes, Entity
from mediation_desk.domain.clock import system_clock
from mediation_desk.domain.drafts import CaseDraft
from mediation_desk.domain.enums import PartyRole
from mediation_desk.domain.issues import FieldIssue

from ..widgets.add_party_prompt import AddPartyPrompt
from ..widgets.contact_rows import ParticipantRow
from ..widgets.field_box import FieldBox, MessageLabel
from ..widgets.keyboard import (
    ENTER_STOP,
    EnterMovesOn,
    FocusChain,
    Stop,
    first_entry,
    focus_by_keyboard,
    focusable,
    install_enter_navigation,
    members,
)
from ..widgets.party_editor import PartyEditor, needs_attention
from .intake_sections import CaseInfoSection, RepeatVisitPanel, RoutingSection

if TYPE_CHECKING:
    from mediation_desk.errors import DeskError
    from mediation_desk.services.intake import RegisteredCase

    from ..context import AppContext
    from ..operations import Operation

_PARTY_FIELD = re.compile(r"parties\[(\d+)\]\.(.+)")
#: Reference changes that alter the form's choices (dispute types have no editor).
_REFERENCE = frozenset({Entity.UNIT, Entity.MEDIATOR, Entity.PLACE})


class IntakeView(QWidget):
    case_registered = Signal(int, str)  # case id, number

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: AppContext | None = None
        self.chain = FocusChain(self._stops, self._tab_order)
        self._nav = EnterMovesOn(
            self, chain=self.chain, intercept=self._enter_intercepted, after_move=self._moved
        )
        #: The form's field that had the focus last (F2 comes back to it).
        self._last_field: QWidget | None = None
        #: Fields above the case section (the correction form's reason).
        self.head_stops: list[QWidget] = []
        self._acknowledged: set[str] = set()
        self._save_op: Operation | None = None
        self.info = CaseInfoSection(self, clock=self.now)
        self.routing = RoutingSection(self)
        self.repeats = RepeatVisitPanel(self)
        self.party_editors: list[PartyEditor] = []
        self.participant_rows: list[ParticipantRow] = []
        self.parties_message = MessageLabel(self)
        self.add_prompt = AddPartyPrompt(self)
        self.add_prompt.add.connect(lambda role: self.add_party(role, focus=True))
        self.add_prompt.go_on.connect(self._after_parties)
        self.add_prompt.go_back.connect(self._back_to_last_party)
        self.banner = QLabel(self)
        self.banner.setObjectName("savedBanner")
        self.banner.setStyleSheet(
            "QLabel#savedBanner { background: #e8f5e9; color: #1b5e20; padding: 6px; }"
        )
        self.banner.hide()
        self._build()
        self._install_shortcuts()
        self.new_registration()

    # ----- layout
    def _build(self) -> None:
        self.parties_box = QWidget(self)
        self.parties_layout = QVBoxLayout(self.parties_box)
        self.parties_layout.setContentsMargins(0, 0, 0, 0)
        add_row = QHBoxLayout()
        self.add_buttons: list[QPushButton] = []
        for role, text in (
            (PartyRole.APPLICANT, self.tr("＋ 申请人")),
            (PartyRole.RESPONDENT, self.tr("＋ 被申请人")),
            (PartyRole.THIRD_PARTY, self.tr("＋ 第三人")),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _=False, r=role: self.add_party(r, focus=True))
            add_row.addWidget(button)
            self.add_buttons.append(button)
        add_participant = QPushButton(self.tr("＋ 参加人（亲属、村干部等）"), self)
        add_participant.clicked.connect(lambda: self.add_participant(focus=True))
        add_row.addWidget(add_participant)
        self.add_buttons.append(add_participant)
        add_row.addStretch(1)
        self.participants_layout = QVBoxLayout()

        content = QWidget(self)
        column = QVBoxLayout(content)
        column.addWidget(self.banner)
        column.addWidget(self.info)
        title = QLabel(self.tr("当事人"), content)
        title.setStyleSheet("font-weight: bold; font-size: 15px;")
        column.addWidget(title)
        column.addWidget(self.parties_message)
        column.addWidget(self.parties_box)
        column.addWidget(self.add_prompt)
        column.addLayout(self.participants_layout)
        column.addLayout(add_row)
        column.addWidget(self.routing)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab visits the fields, not the page
        self.scroll = scroll

        self.save_button = QPushButton(self.tr("保存登记 (Ctrl+S)"), self)
        self.save_button.setDefault(False)
        self.save_button.setProperty(ENTER_STOP, True)  # Enter after routing stops here
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton(self.tr("新登记 (Ctrl+N)"), self)
        self.new_button.clicked.connect(self.request_new)
        self.status = QLabel(self)
        self.status.setWordWrap(True)  # a refusal from the database can be a long sentence
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(scroll)
        splitter.addWidget(self.repeats)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 280])
        outer = QVBoxLayout(self)
        outer.addWidget(splitter, 1)
        outer.addLayout(buttons)

    def _install_shortcuts(self) -> None:
        """Window-wide while the form shows: the search box and the page list included."""
        for keys, slot in (
            (QKeySequence.StandardKey.Save, self.save),
            (QKeySequence.StandardKey.New, self.request_new),
            (QKeySequence(Qt.Key.Key_Escape), self._escape),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    # ----- focus
    def _stops(self) -> list[Stop]:
        """Enter's order: the case, each party, the add-party prompt, participants, routing,
        保存登记."""
        stops: list[Stop] = [*self.head_stops, *self.info.stops()]
        for editor in self.party_editors:
            stops += editor.stops()
        stops.append(tuple(self.add_prompt.all_buttons()))
        for row in self.participant_rows:
            stops += [row.name, row.relation, row.phone, row.note]
        stops += [*self.add_buttons, *self.routing.stops(), self.new_button, self.save_button]
        return stops

    def _tab_order(self) -> list[QWidget]:
        widgets = [*self.head_stops]
        for stop in self.info.stops():
            widgets += members(stop)
        for editor in self.party_editors:
            widgets += editor.tab_order()
        widgets += self.add_prompt.all_buttons()
        for row in self.participant_rows:
            widgets += [row.name, row.relation, row.phone, row.note]
        widgets += [*self.add_buttons, *self.routing.tab_order()]
        return [*widgets, self.new_button, self.save_button, self.repeats.list]

    def order_tabs(self) -> None:
        """Tab follows the form's reading order (again after rows come or go)."""
        self.chain.apply_tab_order()

    def first_field(self) -> QWidget | None:
        return first_entry(self._stops())

    def focus_form(self) -> None:
        """The focus into the form: the field last worked in while something is typed, else
        the first field (F2, after sign-in, after saving)."""
        last = self._last_field
        if last is not None and self.is_dirty() and focusable(last):
            target: QWidget | None = last
        else:
            target = self.first_field()
        if target is not None:
            focus_by_keyboard(target)
            self.scroll.ensureWidgetVisible(target)

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.isAncestorOf(new) and self.chain.holds(new):
            self._last_field = new

    def _enter_intercepted(self, widget: QWidget) -> bool:
        """Enter on the last party's last field offers to add a party."""
        if not self.party_editors:
            return False
        last = self.party_editors[-1]
        field = last.last_field()
        if field is None or not (field is widget or field.isAncestorOf(widget)):
            return False
        self.add_prompt.offer(last.role.currentData())
        self.scroll.ensureWidgetVisible(self.add_prompt)
        return True

    def _moved(self, source: QWidget, target: QWidget) -> None:
        """Enter from an ID number that filled in gender and birth date passes over both."""
        for editor in self.party_editors:
            if source is editor.id_number:
                skip_to = editor.skips_after_id(target)
                if skip_to is not None:
                    focus_by_keyboard(skip_to)
                target = skip_to or target
        self.scroll.ensureWidgetVisible(target)

    def _after_parties(self) -> None:
        """The add-party prompt declined: on to participants or routing."""
        target = self.chain.next_after(self.add_prompt.skip)
        if target is not None:
            focus_by_keyboard(target)
            self.scroll.ensureWidgetVisible(target)

    def _back_to_last_party(self) -> None:
        field = self.party_editors[-1].last_field() if self.party_editors else None
        if field is not None:
            focus_by_keyboard(field)

    def _escape(self) -> None:
        """Esc: in the form, a new registration after asking; elsewhere on the page (the
        search box…), clear what is typed there, else back to the form."""
        focus = QApplication.focusWidget()
        if focus is not None and not self.isAncestorOf(focus):
            if isinstance(focus, QLineEdit) and focus.text():
                focus.clear()
            else:
                self.focus_form()
            return
        self.request_new()

    # ----- reference data and the clock
    def attach(self, ctx: AppContext) -> None:
        """Called once the database is open: fill the choices, and hear of changes to them."""
        if self.ctx is not None and self.ctx.ops is not ctx.ops:
            self.ctx.ops.changed.disconnect(self._on_ops_changed)
        if self.ctx is None or self.ctx.ops is not ctx.ops:
            ctx.ops.changed.connect(self._on_ops_changed)
        self.ctx = ctx
        self._load_reference()
        self.info.show_now()
        self._pristine = self.draft(strict=False)

    def _load_reference(self) -> None:
        """Read the dispute types, units and mediators again; what is chosen stays chosen."""
        from mediation_desk.services.places import list_places
        from mediation_desk.services.reference import (
            list_dispute_types,
            list_mediators,
            list_units,
        )

        assert self.ctx is not None
        types, units, mediators, places = self.ctx.ops.read(
            lambda uow: (
                list_dispute_types(uow),
                list_units(uow),
                list_mediators(uow),
                list_places(uow),
            )
        )
        self.info.set_dispute_types(types)
        self.info.report.set_places(places)
        self.routing.set_reference(units, mediators)

    def now(self) -> dt.datetime:
        """The desk's time: the context's clock once attached."""
        return self.ctx.ops.clock() if self.ctx is not None else system_clock()

    def today(self) -> dt.date:
        """The desk's date (ID numbers are checked against it)."""
        return self.ctx.ops.today() if self.ctx is not None else system_clock().date()

    @Slot(object, object)
    def _on_ops_changed(self, changes: Changes, _initiator: QObject | None) -> None:
        if self.ctx is None or not changes.reference & _REFERENCE:
            return
        was_pristine = not self.is_dirty()
        self._load_reference()
        if was_pristine:
            self._pristine = self.draft(strict=False)

    # ----- parties and participants
    def add_party(self, role: PartyRole, *, focus: bool = False) -> PartyEditor:
        editor = PartyEditor(role, self.parties_box, today=self.today)
        editor.removed.connect(self._remove_party)
        editor.changed.connect(self._retitle_parties)
        editor.identity_finished.connect(self.refresh_repeat_visits)
        self.party_editors.append(editor)
        self.parties_layout.addWidget(editor)
        install_enter_navigation(editor, self._nav)
        editor.changed.connect(lambda: self._rows_changed(editor))
        self._retitle_parties()
        self.order_tabs()
        if focus:
            focus_by_keyboard(editor.name)
            self.scroll.ensureWidgetVisible(editor)
        return editor

    def _rows_changed(self, root: QWidget) -> None:
        """A phone or agent row came or went: Enter and Tab know its fields."""
        install_enter_navigation(root, self._nav)
        self.order_tabs()

    def _remove_party(self, editor: QWidget) -> None:
        self.party_editors.remove(editor)  # type: ignore[arg-type]
        editor.hide()  # out of Tab's way at once, not when the event loop deletes it
        editor.deleteLater()
        self._retitle_parties()
        self.refresh_repeat_visits()

    def _retitle_parties(self) -> None:
        counts: dict[PartyRole, int] = {}
        for editor in self.party_editors:
            role = editor.role.currentData()
            counts[role] = counts.get(role, 0) + 1
            editor.set_title(counts[role])

    def add_participant(self, *, focus: bool = False) -> ParticipantRow:
        row = ParticipantRow(self)
        row.removed.connect(self._remove_participant)
        self.participant_rows.append(row)
        self.participants_layout.addWidget(row)
        install_enter_navigation(row, self._nav)
        self.order_tabs()
        if focus:
            focus_by_keyboard(row.name)
        return row

    def _remove_participant(self, row: QWidget) -> None:
        self.participant_rows.remove(row)  # type: ignore[arg-type]
        row.deleteLater()

    # ----- the draft
    def draft(self, *, strict: bool = True) -> CaseDraft:
        """What the form holds. With ``strict`` an unreadable date raises ValueError."""
        info = self.info
        return CaseDraft(
            source=info.source.currentData(),
            referring_body=info.referring_body.text().strip(),
            referral_letter_no=info.referral_letter_no.text().strip(),
            received_at=info.received_at_value(strict=strict),
            dispute_type_code=info.dispute_type.currentData(Qt.ItemDataRole.UserRole) or "",
            facts=info.facts.toPlainText().strip(),
            requests=info.requests.toPlainText().strip(),
            risk_level=info.risk_level.currentData(),
            risk_note=info.risk_note.text().strip(),
            parties=[e.to_draft(strict=strict) for e in self.party_editors],
            participants=[r.to_draft() for r in self.participant_rows if r.name.text().strip()],
            routing=self.routing.routing(),
            refused=self.routing.refuse.isChecked(),
            refusal_reasons=self.routing.refusal_reasons(),
            refusal_note=self.routing.refusal_note.text().strip(),
            linked_case_ids=self.repeats.linked_case_ids(),
            **info.limit_inputs.values(info.source.currentData()),
            **info.report.values(strict=strict),
        )

    def is_dirty(self) -> bool:
        return self.draft(strict=False) != getattr(self, "_pristine", None)

    # ----- repeat visits
    def refresh_repeat_visits(self) -> None:
        if self.ctx is None:
            return
        from mediation_desk.services.repeat_visits import find_repeat_visits

        draft = self.draft(strict=False)
        matches = self.ctx.ops.read(lambda uow: find_repeat_visits(uow, draft))
        self.repeats.set_matches(matches, [p.name for p in draft.parties])

    # ----- saving
    @property
    def saving(self) -> bool:
        """A save runs in the background (the form waits for its outcome)."""
        return self._save_op is not None and not self._save_op.done

    def save(self) -> None:
        if self.ctx is None or self.saving:
            return  # Ctrl+S while a save runs: the button is disabled, the shortcut is not
        from mediation_desk.services.intake import register_case

        self.banner.hide()
        draft = self._draft_or_show_date_errors()
        if draft is None:
            return
        self.refresh_repeat_visits()
        if (
            self.repeats.matches
            and not self.repeats.linked_case_ids()
            and not self._ask(
                self.tr("重复来访"),
                self.tr(
                    "该当事人有 {n} 件在办或近期案件（见右侧“重复来访提示”）。\n"
                    "如需关联，请先勾选。不关联，直接保存吗？"
                ).format(n=len({m.case_id for m in self.repeats.matches})),
            )
        ):
            self.repeats.list.setFocus()
            return
        acknowledged = frozenset(self._acknowledged)
        self.status.setText(self.tr("正在保存…"))
        self._save_op = self.ctx.ops.run(
            self,
            lambda uow: register_case(uow, draft, acknowledged=acknowledged),
            on_success=self._on_registered,
            on_failure=self._on_save_failed,
            on_finished=self._on_save_finished,
            title=self.tr("无法保存"),
            busy=self.tr("正在保存登记…"),
            disable=[self.save_button, self.new_button],
        )

    def _on_save_finished(self) -> None:
        if self.status.text() == self.tr("正在保存…"):
            self.status.clear()  # the outcome's handler says more, if there is more to say

    def _on_registered(self, result: RegisteredCase) -> None:
        self.case_registered.emit(result.id, result.number)
        self.new_registration()
        self.banner.setText(
            self.tr("已登记：{number}　{status}　{unit}").format(
                number=result.number, status=result.status.label, unit=result.unit_name
            )
        )
        self.banner.show()
        self.status.setText(self.tr("已保存 {number}").format(number=result.number))

    def _on_save_failed(self, error: DeskError) -> bool:
        """Findings go beside their fields; any other refusal (e.g. the database is busy) is
        shown by the operation helper. Either way the form keeps everything typed."""
        from mediation_desk.errors import ValidationFailed
        from mediation_desk.services.intake import warning_key

        if not isinstance(error, ValidationFailed):
            self.status.setText(error.message)  # also in the message box; it stays here
            return False
        issues = error.issues
        self.show_issues(issues)
        attention = sum(1 for i in issues if needs_attention(i))
        if attention:
            self.status.setText(self.tr("有 {n} 处需要更正，尚未保存。").format(n=attention))
            return True
        self.status.clear()
        lines = "\n".join("· " + i.message for i in issues)
        if self._ask(
            self.tr("请确认"),
            self.tr("以下情况请确认：\n{lines}\n\n仍要保存吗？").format(lines=lines),
        ):
            self._acknowledged |= {warning_key(i) for i in issues}
            self.save()
        else:
            self.status.setText(self.tr("尚未保存。"))
        return True

    def _draft_or_show_date_errors(self) -> CaseDraft | None:
        """The draft, or None with the unreadable inputs (dates, amounts…) marked."""
        from ..widgets.report_fields_row import ReportInputError
        from ..widgets.time_field import TimeTextError

        try:
            self.info.received_at_value(strict=True)
            self.info.report.values(strict=True)
        except TimeTextError as e:
            self.show_issues([FieldIssue("received_at", "unreadable", e.message)])
            self.status.setText(self.tr("受理时间无法识别，尚未保存。"))
            return None
        except ReportInputError as e:
            self.show_issues([FieldIssue(e.field, "unreadable", e.message)])
            self.status.setText(self.tr("有内容无法识别，尚未保存。"))
            return None
        bad = []
        for editor in self.party_editors:
            try:
                editor.to_draft(strict=True)
            except ValueError:
                bad.append(editor)
        if not bad:
            return self.draft()
        issue = FieldIssue(
            "birth_date", "birth_date_format", self.tr("出生日期格式应为 1980-01-31")
        )
        for editor in bad:
            editor.show_issues([issue])
        bad[0].birth_date.setFocus()
        self.status.setText(self.tr("出生日期无法识别，尚未保存。"))
        return None

    def _ask(self, title: str, text: str) -> bool:
        """Yes/No question; tests replace this."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    # ----- findings beside their fields
    def show_issues(self, issues: list[FieldIssue]) -> None:
        per_party: dict[int, list[FieldIssue]] = {}
        boxes: dict[str, FieldBox] = {**self.info.boxes, **self.routing.boxes}
        for box in boxes.values():
            box.show_issue(None)
        self.parties_message.show_issue(None)
        self.routing.message.show_issue(None)
        self.routing.refusal_message.show_issue(None)
        first: QWidget | None = None
        for issue in issues:
            m = _PARTY_FIELD.fullmatch(issue.field)
            if m:
                per_party.setdefault(int(m[1]), []).append(
                    FieldIssue(m[2], issue.code, issue.message, issue.severity, issue.needs_reason)
                )
                continue
            box = boxes.get(issue.field)
            if box is not None:
                box.show_issue(issue)
                if first is None and needs_attention(issue):
                    first = box.widget
            elif issue.field == "parties":
                self.parties_message.show_issue(issue)
            elif issue.field == "refusal_reasons":
                self.routing.refusal_message.show_issue(issue)
            else:
                self.routing.message.show_issue(issue)
        for index, editor in enumerate(self.party_editors):
            widget = editor.show_issues(per_party.get(index, []))
            if first is None and widget is not None:
                first = widget
        if first is not None:
            first.setFocus()
            self.scroll.ensureWidgetVisible(first)

    # ----- new / discard
    def request_new(self) -> None:
        if self.saving:
            return  # the outcome of the save decides: cleared on success, kept on failure
        if self.is_dirty() and not self._ask(
            self.tr("放弃登记"), self.tr("当前登记内容尚未保存，确定放弃吗？")
        ):
            return
        self.banner.hide()
        self.new_registration()

    def new_registration(self) -> None:
        for editor in list(self.party_editors):
            editor.hide()
            editor.deleteLater()
        self.party_editors.clear()
        for row in list(self.participant_rows):
            row.hide()
            row.deleteLater()
        self.participant_rows.clear()
        self.add_prompt.hide()
        self._last_field = None
        self._acknowledged.clear()
        self.info.reset()
        self.routing.reset()
        self.repeats.reset()
        self.show_issues([])
        self.status.clear()
        self.add_party(PartyRole.APPLICANT)
        self.add_party(PartyRole.RESPONDENT)
        install_enter_navigation(self, self._nav)
        self.order_tabs()
        if self.ctx is not None:
            self._pristine = self.draft(strict=False)
        self.focus_form()
