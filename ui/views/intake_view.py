"""The single-window intake form (一窗受理): a clerk registers a walk-in without the mouse.

Enter moves on, Ctrl+S saves, Ctrl+N starts a new registration, Esc asks before discarding.
All rules are the core's: this view turns widgets into a ``CaseDraft``, shows the findings
beside their fields, and saves through ``services.intake``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.drafts import CaseDraft
from mediation_desk.domain.enums import PartyRole
from mediation_desk.domain.issues import FieldIssue

from ..widgets.contact_rows import ParticipantRow
from ..widgets.field_box import FieldBox, MessageLabel
from ..widgets.keyboard import EnterMovesOn, install_enter_navigation
from ..widgets.party_editor import PartyEditor, needs_attention
from .intake_sections import CaseInfoSection, RepeatVisitPanel, RoutingSection

if TYPE_CHECKING:
    from ..context import AppContext

_PARTY_FIELD = re.compile(r"parties\[(\d+)\]\.(.+)")


class IntakeView(QWidget):
    case_registered = Signal(int, str)  # case id, number

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx: AppContext | None = None
        self._nav = EnterMovesOn(self)
        self._acknowledged: set[str] = set()
        self.info = CaseInfoSection(self)
        self.routing = RoutingSection(self)
        self.repeats = RepeatVisitPanel(self)
        self.party_editors: list[PartyEditor] = []
        self.participant_rows: list[ParticipantRow] = []
        self.parties_message = MessageLabel(self)
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
        for role, text in (
            (PartyRole.APPLICANT, self.tr("＋ 申请人")),
            (PartyRole.RESPONDENT, self.tr("＋ 被申请人")),
            (PartyRole.THIRD_PARTY, self.tr("＋ 第三人")),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _=False, r=role: self.add_party(r, focus=True))
            add_row.addWidget(button)
        add_participant = QPushButton(self.tr("＋ 参加人（亲属、村干部等）"), self)
        add_participant.clicked.connect(lambda: self.add_participant(focus=True))
        add_row.addWidget(add_participant)
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
        column.addLayout(self.participants_layout)
        column.addLayout(add_row)
        column.addWidget(self.routing)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.scroll = scroll

        self.save_button = QPushButton(self.tr("保存登记 (Ctrl+S)"), self)
        self.save_button.setDefault(False)
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton(self.tr("新登记 (Ctrl+N)"), self)
        self.new_button.clicked.connect(self.request_new)
        self.status = QLabel(self)
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
        for keys, slot in (
            (QKeySequence.StandardKey.Save, self.save),
            (QKeySequence.StandardKey.New, self.request_new),
            (QKeySequence(Qt.Key.Key_Escape), self.request_new),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ----- reference data
    def attach(self, ctx: AppContext) -> None:
        """Called once the database is open: fill the choices."""
        from mediation_desk.services import reference

        self.ctx = ctx
        self.info.set_dispute_types(reference.list_dispute_types(ctx.db))
        self.routing.set_reference(reference.list_units(ctx.db), reference.list_mediators(ctx.db))
        self._pristine = self.draft(strict=False)

    # ----- parties and participants
    def add_party(self, role: PartyRole, *, focus: bool = False) -> PartyEditor:
        editor = PartyEditor(role, self.parties_box)
        editor.removed.connect(self._remove_party)
        editor.changed.connect(self._retitle_parties)
        editor.identity_finished.connect(self.refresh_repeat_visits)
        self.party_editors.append(editor)
        self.parties_layout.addWidget(editor)
        install_enter_navigation(editor, self._nav)
        editor.changed.connect(lambda: install_enter_navigation(editor, self._nav))
        self._retitle_parties()
        if focus:
            editor.name.setFocus()
            self.scroll.ensureWidgetVisible(editor)
        return editor

    def _remove_party(self, editor: QWidget) -> None:
        self.party_editors.remove(editor)  # type: ignore[arg-type]
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
        if focus:
            row.name.setFocus()
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
            received_at=info.received_at_value(),
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
        )

    def is_dirty(self) -> bool:
        return self.draft(strict=False) != getattr(self, "_pristine", None)

    # ----- repeat visits
    def refresh_repeat_visits(self) -> None:
        if self.ctx is None:
            return
        from mediation_desk.services.repeat_visits import find_repeat_visits

        draft = self.draft(strict=False)
        matches = find_repeat_visits(self.ctx.db, draft)
        self.repeats.set_matches(matches, [p.name for p in draft.parties])

    # ----- saving
    def save(self) -> None:
        if self.ctx is None:
            return
        from mediation_desk.errors import DeskError, ValidationFailed
        from mediation_desk.services.intake import register_case, warning_key

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
        try:
            result = register_case(
                self.ctx.db, self.ctx.require_actor(), draft, acknowledged=self._acknowledged
            )
        except ValidationFailed as failed:
            self.show_issues(failed.issues)
            if any(needs_attention(i) for i in failed.issues):
                self.status.setText(
                    self.tr("有 {n} 处需要更正，尚未保存。").format(
                        n=sum(1 for i in failed.issues if needs_attention(i))
                    )
                )
                return
            lines = "\n".join("· " + i.message for i in failed.issues)
            if self._ask(
                self.tr("请确认"),
                self.tr("以下情况请确认：\n{lines}\n\n仍要保存吗？").format(lines=lines),
            ):
                self._acknowledged |= {warning_key(i) for i in failed.issues}
                self.save()
            return
        except DeskError as error:
            QMessageBox.warning(self, self.tr("无法保存"), error.message)
            return
        self.ctx.changes.case_saved.emit(result.id)
        self.case_registered.emit(result.id, result.number)
        self.new_registration()
        self.banner.setText(
            self.tr("已登记：{number}　{status}　{unit}").format(
                number=result.number, status=result.status.label, unit=result.unit_name
            )
        )
        self.banner.show()
        self.status.setText(self.tr("已保存 {number}").format(number=result.number))

    def _draft_or_show_date_errors(self) -> CaseDraft | None:
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
        if self.is_dirty() and not self._ask(
            self.tr("放弃登记"), self.tr("当前登记内容尚未保存，确定放弃吗？")
        ):
            return
        self.banner.hide()
        self.new_registration()

    def new_registration(self) -> None:
        for editor in list(self.party_editors):
            editor.deleteLater()
        self.party_editors.clear()
        for row in list(self.participant_rows):
            row.deleteLater()
        self.participant_rows.clear()
        self._acknowledged.clear()
        self.info.reset()
        self.routing.reset()
        self.repeats.reset()
        self.show_issues([])
        self.status.clear()
        self.add_party(PartyRole.APPLICANT)
        self.add_party(PartyRole.RESPONDENT)
        install_enter_navigation(self, self._nav)
        if self.ctx is not None:
            self._pristine = self.draft(strict=False)
        self.info.source.setFocus()
