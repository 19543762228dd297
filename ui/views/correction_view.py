"""The intake form in edit mode: correcting a registered case (修改登记信息).

The same widgets and keyboard as intake (``IntakeView``), prefilled from the core's
``draft_for_correction``; each party editor remembers the stored party it edits. Routing and
the receiving time are not corrected here (the case keeps its number), so that section is
hidden. Findings show beside their fields as at intake, and nothing typed is lost when a save
is refused; a reason is asked for when documents were generated (they become 已过期).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidgetItem, QWidget

from mediation_desk.domain.drafts import (
    AgentDraft,
    CaseDraft,
    ParticipantDraft,
    PartyDraft,
    PhoneDraft,
)
from mediation_desk.domain.issues import FieldIssue
from mediation_desk.domain.validation import mask_id_number

from ..permissions import may_see_full_ids
from ..widgets.contact_rows import AgentRow, ParticipantRow, PhoneRow
from ..widgets.field_box import FieldBox
from ..widgets.keyboard import install_enter_navigation
from ..widgets.party_editor import PartyEditor
from .intake_sections import CaseInfoSection
from .intake_view import IntakeView

if TYPE_CHECKING:
    from mediation_desk.errors import DeskError
    from mediation_desk.services.corrections import CorrectionResult, CorrectionState
    from mediation_desk.services.repeat_visits import RepeatMatch

    from ..context import AppContext


class CorrectionView(IntakeView):
    """Edits the registration of case ``case_id``; ``case_corrected`` once saved."""

    case_corrected = Signal(object)  # CorrectionResult
    discard_requested = Signal()  # Esc / Ctrl+N, after asking when something was changed

    def __init__(self, ctx: AppContext, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_id = case_id
        self.state: CorrectionState | None = None
        self._party_ids: dict[PartyEditor, int | None] = {}
        self._linked: list[int] = []
        self.pending_matches: list[RepeatMatch] = []  # found by the last save, not linked
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(
            self.tr("如：当事人身份证号码登记错误，经核对身份证原件更正")
        )
        self.reason_box = FieldBox(self.tr("更正原因"), self.reason, self)
        self.head_stops = [self.reason]  # Tab and Enter start with the reason
        content = self.scroll.widget().layout()
        content.insertWidget(1, self.reason_box)  # under the banner, above the case section
        self.routing.hide()
        self.new_button.hide()
        self.info.received_at.setEnabled(False)
        self.info.boxes["received_at"].setToolTip(self.tr("受理时间不能在此修改"))
        self.save_button.setText(self.tr("保存更正 (Ctrl+S)"))
        self.repeats.hint.setText(
            self.tr(
                "修改证件号码、信用代码或姓名和电话后，这里列出同一当事人的其他在办或近期案件。"
            )
        )
        self.attach(ctx)
        self.load()

    # ----- loading
    def load(self) -> None:
        """Read the case as stored and fill the form with it."""
        from mediation_desk.services.corrections import correction_state, draft_for_correction

        assert self.ctx is not None
        case_id = self.case_id
        draft, self.state = self.ctx.ops.read(
            lambda uow: (draft_for_correction(uow, case_id), correction_state(uow, case_id))
        )
        self.fill(draft)
        documents = self.state.documents
        self.reason_box.caption.setText(
            self.tr("更正原因 *（本案已生成 {n} 份文书，保存后标为“已过期”，原因写在其上）").format(
                n=documents
            )
            if documents
            else self.tr("更正原因（记入案件历史）")
        )
        self._pristine = self.draft(strict=False)

    def fill(self, draft: CaseDraft) -> None:
        for editor in list(self.party_editors):
            editor.hide()  # gone at once, not when the event loop deletes it
            editor.deleteLater()
        self.party_editors.clear()
        self._party_ids.clear()
        for row in list(self.participant_rows):
            row.hide()
            row.deleteLater()
        self.participant_rows.clear()
        self._acknowledged.clear()
        self.show_issues([])
        self.status.clear()
        fill_case_info(self.info, draft)
        may_reveal = may_see_full_ids(
            self.ctx.ops.actor if self.ctx else None, draft.routing.mediator_id
        )
        for p in draft.parties:
            editor = self.add_party(p.role)
            fill_party(editor, p)
            self._party_ids[editor] = p.party_id
            self._mask(editor.boxes["id_number"], p.id_number, p.name, may_reveal)
            for agent_row, agent in zip(editor.agent_rows, p.agents, strict=True):
                self._mask(agent_row.boxes["id_number"], agent.id_number, agent.name, may_reveal)
        for pt in draft.participants:
            fill_participant(self.add_participant(), pt)
        self._linked = list(draft.linked_case_ids)
        self.repeats.reset()
        install_enter_navigation(self, self._nav)
        self.info.facts.setFocus()

    # ----- ID numbers: masked, shown in full only to who may see them, with an audit entry
    def _mask(self, box: FieldBox, number: str, whose: str, may_reveal: bool) -> None:
        """Show a stored ID number masked. Left as it is, the mask means "unchanged" (the core
        keeps the stored number); a new full number typed over it replaces it. An account that
        may see this case's full numbers gets a 显示 link, recorded like the case window's."""
        if not number:
            return
        field = box.widget
        assert isinstance(field, QLineEdit)
        masked = mask_id_number(number)
        field.setText(masked)
        field.setToolTip(self.tr("号码已隐去中间位；不修改则保持原号码，如需更正请输入完整号码"))
        caption = box.caption.text()
        if not may_reveal:
            box.caption.setText(caption + self.tr("（已隐去）"))
            return
        box.caption.setTextFormat(Qt.TextFormat.RichText)
        box.caption.setText(
            self.tr('{0}（已隐去，<a href="reveal">显示</a>）').format(html.escape(caption))
        )

        def reveal() -> None:
            box.caption.setTextFormat(Qt.TextFormat.PlainText)
            box.caption.setText(caption)
            if field.text().strip() == masked:  # not retyped meanwhile
                clean = not self.is_dirty()
                field.setText(number)
                if clean:  # showing the number is not an edit
                    self._pristine = self.draft(strict=False)

        box.caption.linkActivated.connect(lambda _link: self._record_reveal(whose, reveal))

    def _record_reveal(self, whose: str, reveal: Callable[[], None]) -> None:
        """The full-ID view goes into the audit trail first; shown only once recorded."""
        from mediation_desk.services.audit import reveal_id_number

        assert self.ctx is not None
        case_id = self.case_id
        self.ctx.ops.run(
            self,
            lambda uow: reveal_id_number(uow, case_id=case_id, whose=whose),
            on_success=lambda _none: reveal(),
            title=self.tr("无法显示证件号码"),
        )

    # ----- the draft
    def draft(self, *, strict: bool = True) -> CaseDraft:
        draft = super().draft(strict=strict)
        ids = getattr(self, "_party_ids", {})
        for editor, party in zip(self.party_editors, draft.parties, strict=True):
            party.party_id = ids.get(editor)
        linked = getattr(self, "_linked", [])
        draft.linked_case_ids = list(dict.fromkeys([*linked, *self.repeats.linked_case_ids()]))
        return draft

    # ----- repeat visits: other cases than this one
    def refresh_repeat_visits(self) -> None:
        if self.ctx is None or not hasattr(self, "case_id"):
            return
        from mediation_desk.services.repeat_visits import find_repeat_visits

        draft, case_id = self.draft(strict=False), self.case_id
        matches = self.ctx.ops.read(
            lambda uow: find_repeat_visits(uow, draft, exclude_case_id=case_id)
        )
        self.repeats.set_matches(matches, [p.name for p in draft.parties])
        for i in range(self.repeats.list.count()):
            item: QListWidgetItem = self.repeats.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in self._linked:  # linked already
                item.setCheckState(Qt.CheckState.Checked)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
                item.setText(item.text() + self.tr("（已关联）"))

    # ----- saving
    def save(self) -> None:
        if self.ctx is None or self.saving or self.state is None:
            return
        from mediation_desk.services.corrections import correct_case

        draft = self._draft_or_show_date_errors()
        if draft is None:
            return
        case_id, reason = self.case_id, self.reason.text()
        acknowledged = frozenset(self._acknowledged)
        expected = self.state.updated_at
        self.status.setText(self.tr("正在保存…"))
        self._save_op = self.ctx.ops.run(
            self,
            lambda uow: correct_case(
                uow,
                case_id,
                draft,
                reason,
                acknowledged=acknowledged,
                expected_updated_at=expected,
            ),
            on_success=self._on_corrected,
            on_failure=self._on_correction_failed,
            on_finished=self._on_save_finished,
            title=self.tr("无法保存更正"),
            busy=self.tr("正在保存更正…"),
            disable=[self.save_button],
        )

    def _on_corrected(self, result: CorrectionResult) -> None:
        """Saved. When a changed identity now matches other cases, they are listed on the
        right (``pending_matches``) so the clerk may link them; the form stays open for it."""
        from mediation_desk.services.corrections import correction_state

        assert self.ctx is not None
        case_id = self.case_id
        self.state = self.ctx.ops.read(lambda uow: correction_state(uow, case_id))
        self._linked = [
            i for i in [*self._linked, *result.links_added] if i not in result.links_removed
        ]
        self.pending_matches = [m for m in result.repeat_matches if m.case_id not in self._linked]
        saved = (
            self.tr("已保存更正：{n} 项。").format(n=len(result.changes))
            if result.changes
            else self.tr("已更新重复来访关联。")
        )
        if self.pending_matches:
            self.refresh_repeat_visits()
            n = len({m.case_id for m in self.pending_matches})
            saved += self.tr("发现同一当事人的其他案件 {n} 件（见右侧），如需关联请勾选后再保存。")
            saved = saved.format(n=n)
        self.status.setText(saved)
        self.reason.clear()
        self._acknowledged.clear()
        self._pristine = self.draft(strict=False)
        self.case_corrected.emit(result)

    def _on_correction_failed(self, error: DeskError) -> bool:
        from mediation_desk.services.corrections import NothingToCorrect

        if isinstance(error, NothingToCorrect):
            self.status.setText(error.message)
            return True
        return self._on_save_failed(error)

    def show_issues(self, issues: list[FieldIssue]) -> None:
        reason = next((i for i in issues if i.field == "reason"), None)
        super().show_issues([i for i in issues if i.field != "reason"])
        if hasattr(self, "reason_box"):
            self.reason_box.show_issue(reason)
            if reason is not None and all(i.field == "reason" for i in issues if i.is_error):
                self.reason.setFocus()
                self.scroll.ensureWidgetVisible(self.reason_box)

    # ----- leaving
    def request_new(self) -> None:
        """Esc (and Ctrl+N): leave the correction, asking first when something was changed."""
        if self.saving:
            return
        if self.is_dirty() and not self._ask(
            self.tr("放弃修改"), self.tr("修改的登记信息尚未保存，确定放弃吗？")
        ):
            return
        self.discard_requested.emit()


# ----- filling the intake widgets from a draft ------------------------------------------------


def fill_case_info(info: CaseInfoSection, d: CaseDraft) -> None:
    info.source.set_value(d.source)
    info.referring_body.setText(d.referring_body)
    info.referral_letter_no.setText(d.referral_letter_no)
    if d.received_at is not None:
        info.received_at.set_value(d.received_at)
    index = info.dispute_type.findData(d.dispute_type_code, Qt.ItemDataRole.UserRole)
    info.dispute_type.setCurrentIndex(max(index, 0))
    info.risk_level.set_value(d.risk_level)
    info.risk_note.setText(d.risk_note)
    info.facts.setPlainText(d.facts)
    info.requests.setPlainText(d.requests)
    info.report.fill(d)


def fill_party(editor: PartyEditor, p: PartyDraft) -> None:
    editor.kind.set_value(p.kind)
    editor.role.set_value(p.role)
    editor.name.setText(p.name)
    editor.id_type.set_value(p.id_type)
    editor.id_number.setText(p.id_number)
    if p.gender is None:
        editor.gender.setCurrentIndex(0)  # the blank
    else:
        editor.gender.set_value(p.gender)
    editor.birth_date.setText(p.birth_date.isoformat() if p.birth_date else "")
    editor.ethnicity.setCurrentText(p.ethnicity)
    editor.occupation.setText(p.occupation)
    editor.credit_code.setText(p.credit_code)
    editor.override_reason.setText(p.credit_code_override_reason)
    editor.representative.setText(p.representative)
    editor.representative_title.setText(p.representative_title)
    editor.address.setText(p.address)
    editor.consent.set_value(p.consent)
    for i, phone in enumerate(p.phones):
        row = editor.phone_rows[0] if i == 0 and editor.phone_rows else editor.add_phone()
        fill_phone(row, phone)
    for agent in p.agents:
        row_a = editor.add_agent()
        fill_agent(row_a, agent)
    editor.kind.currentIndexChanged.emit(editor.kind.currentIndex())  # show the kind's fields


def fill_phone(row: PhoneRow, phone: PhoneDraft) -> None:
    row.number.setText(phone.number)
    row.label.set_value(phone.label)
    row.note.setText(phone.note)


def fill_agent(row: AgentRow, a: AgentDraft) -> None:
    row.kind.set_value(a.kind)
    row.authority.set_value(a.authority)  # after the kind, which may preset it
    row.name.setText(a.name)
    row.relation.setText(a.relation)
    row.id_type.set_value(a.id_type)
    row.id_number.setText(a.id_number)
    row.phone.setText(a.phone)
    row.authority_note.setText(a.authority_note)


def fill_participant(row: ParticipantRow, p: ParticipantDraft) -> None:
    row.name.setText(p.name)
    row.relation.setText(p.relation)
    row.phone.setText(p.phone)
    row.note.setText(p.note)
