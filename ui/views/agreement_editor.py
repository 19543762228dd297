"""The mediator's agreement editor: facts, clauses as structured items, signatures.

The widgets only collect input into an ``AgreementDraft``; the rules (what is clear enough to
print, what courts refuse, when the agreement takes effect) are the core's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.agreements import (
    AgreementDraft,
    AgreementForm,
    ClauseDraft,
    ClauseKind,
    SignerRole,
    clause_text,
    ordinal,
)
from mediation_desk.domain.confirmation_rules import confirmation_unavailable
from ui.widgets.clause_editor import ClauseEditor, date_edit, pydate, qdate, watch_edits

if TYPE_CHECKING:
    from mediation_desk.domain.agreements import AgreementView
    from mediation_desk.domain.case_views import CaseDetail
    from mediation_desk.domain.issues import FieldIssue
    from mediation_desk.services.case_overview import CaseOverview
    from ui.context import AppContext
    from ui.models.case_source import CaseSource


class AgreementEditor(QWidget):
    """Edit, check and save the agreement of one case; record signatures.

    What it shows comes from the case's ``CaseSource``. When the agreement changes elsewhere
    (another window, another counter), the form follows unless it holds unsaved edits, which
    are never overwritten.
    """

    agreement_saved = Signal(int)  # case id

    def __init__(self, ctx: AppContext, source: CaseSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.source = ctx, source
        self.case = source.overview.case
        self.parties = self.case.party_names
        self.clauses: list[ClauseDraft] = []
        self.current = -1
        self.shown: AgreementView | None = None
        self.dirty = False
        self._loading = False
        today = ctx.ops.today()

        self.form = QComboBox(self)
        for f in AgreementForm:
            self.form.addItem(f.label, f.value)
        self.reached_on = date_edit(self, today)
        self.facts, self.disputes, self.responsibility = (QPlainTextEdit(self) for _ in range(3))
        for edit in (self.facts, self.disputes, self.responsibility):
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(80)
        self.clause_list = QListWidget(self)
        self.clause_list.setMaximumHeight(130)
        self.clause_list.setWordWrap(True)  # clauses are sentences: read them whole
        self.clause_editor = ClauseEditor(self.parties, today, self)
        self.breach = QPlainTextEdit(self)
        self.breach.setTabChangesFocus(True)
        self.breach.setMaximumHeight(60)
        self.extra_copies = QSpinBox(self)
        self.extra_copies.setRange(0, 20)
        self.confirmation = QCheckBox(self.tr("当事人同意共同申请司法确认"), self)
        self.mediator, self.recorder, self.place = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.issues = QLabel(self)
        self.issues.setWordWrap(True)
        self.issues.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)

        add_buttons = QHBoxLayout()
        self.add_buttons: dict[str, QPushButton] = {}
        for kind in ClauseKind:
            button = QPushButton(self.tr("添加：{0}").format(kind.label), self)
            button.clicked.connect(lambda _=False, k=kind: self.add_clause(k))
            add_buttons.addWidget(button)
            self.add_buttons[kind.value] = button
        self.remove_button = QPushButton(self.tr("删除条款"), self)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        add_buttons.addWidget(self.remove_button)
        add_buttons.addStretch(1)
        self.check_button = QPushButton(self.tr("检查(&K)"), self)
        self.save_button = QPushButton(self.tr("保存协议(&S)"), self)
        self.check_button.clicked.connect(self._on_check_button_clicked)
        self.save_button.clicked.connect(self._on_save_button_clicked)

        page = QWidget()
        form = QFormLayout(page)
        form.addRow(self.tr("协议形式"), self.form)
        form.addRow(self.tr("口头协议达成日期"), self.reached_on)
        form.addRow(self.tr("纠纷主要事实"), self.facts)
        form.addRow(self.tr("争议事项"), self.disputes)
        form.addRow(self.tr("各方责任"), self.responsibility)
        form.addRow(self.tr("协议条款"), self.clause_list)
        form.addRow("", add_buttons)
        form.addRow("", self.clause_editor)
        form.addRow(self.tr("违约责任"), self.breach)
        form.addRow(self.tr("另加份数"), self.extra_copies)
        form.addRow("", self.confirmation)
        form.addRow(self.tr("人民调解员"), self.mediator)
        form.addRow(self.tr("记录人"), self.recorder)
        form.addRow(self.tr("调解地点"), self.place)
        form.addRow(self.tr("检查结果"), self.issues)
        watch_edits(page, self._on_form_edited)
        self.signatures = SignaturePanel(ctx, self.case, self)
        form.addRow(self.tr("签名与生效"), self.signatures)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addLayout(buttons)
        self.clause_list.currentRowChanged.connect(self._on_clause_list_current_row_changed)
        self.form.currentIndexChanged.connect(self._on_form_current_index_changed)
        self.show_agreement(source.overview.data.agreement)
        source.loaded.connect(self._on_source_loaded)
        self._gate_buttons()

    def _gate_buttons(self) -> None:
        """Drafting, saving and signing the agreement is mediation work (MEDIATE)."""
        from mediation_desk.domain.roles import Permission as P
        from mediation_desk.services import agreements as svc
        from ui.permissions import RoleGate, guarded

        gate = RoleGate(self.ctx, self)
        may_save = guarded(svc.save_agreement, P.MEDIATE)
        for button in (*self.add_buttons.values(), self.remove_button, self.save_button):
            gate.require(button, may_save)
        for _role, _pid, _date, button, _state in self.signatures.rows:
            gate.require(button, guarded(svc.record_signature, P.MEDIATE))
        for undo in self.signatures.undo_buttons.values():
            gate.require(undo, guarded(svc.remove_signature, P.MEDIATE))

    # --- loading and collecting ---------------------------------------------------------------

    @Slot(object)
    def _on_source_loaded(self, overview: CaseOverview) -> None:
        view = overview.data.agreement
        if view == self.shown:
            return
        if not self.dirty:
            self.show_agreement(view)
            return
        self.shown = view  # keep the unsaved edits on screen; signatures follow at once
        self.signatures.show_agreement(view)
        self._show_lock(view)
        self.status.setText(self.tr("协议已在别处修改；您在此处的修改尚未保存，保存前请核对。"))

    def show_agreement(self, view: AgreementView | None) -> None:
        self._loading = True
        try:
            draft = (
                view.draft
                if view
                else AgreementDraft(facts=self.case.facts, mediator_name=self.case.mediator_name)
            )
            self.form.setCurrentIndex(self.form.findData(draft.form.value))
            self.reached_on.setDate(qdate(draft.reached_on or self.ctx.ops.today()))
            self.facts.setPlainText(draft.facts)
            self.disputes.setPlainText(draft.disputes)
            self.responsibility.setPlainText(draft.responsibility)
            self.clauses = list(draft.clauses)
            self.current = -1
            self._refresh_list()
            self.breach.setPlainText(draft.breach_clause)
            self.extra_copies.setValue(draft.extra_copies)
            self.confirmation.setChecked(draft.intends_confirmation)
            self.mediator.setText(draft.mediator_name)
            self.recorder.setText(draft.recorder_name)
            self.place.setText(draft.place)
            self._on_form_current_index_changed()
        finally:
            self._loading = False
        self.shown, self.dirty = view, False
        self.signatures.show_agreement(view)
        self._show_lock(view)

    def _show_lock(self, view: AgreementView | None) -> None:
        locked = bool(view and view.signatures)
        self.save_button.setEnabled(not locked)
        self.status.setText(
            self.tr("已有签名记录，内容已锁定；如需修改请先撤销签名。") if locked else ""
        )

    def draft(self) -> AgreementDraft:
        self._store_current()
        form = AgreementForm(self.form.currentData())
        return AgreementDraft(
            form=form,
            facts=self.facts.toPlainText(),
            disputes=self.disputes.toPlainText(),
            responsibility=self.responsibility.toPlainText(),
            clauses=list(self.clauses),
            breach_clause=self.breach.toPlainText(),
            extra_copies=self.extra_copies.value(),
            intends_confirmation=self.confirmation.isChecked() and self.confirmation.isEnabled(),
            mediator_name=self.mediator.text(),
            recorder_name=self.recorder.text(),
            place=self.place.text(),
            reached_on=pydate(self.reached_on.date()) if form is AgreementForm.ORAL else None,
        )

    def _store_current(self) -> None:
        if 0 <= self.current < len(self.clauses):
            self.clauses[self.current] = self.clause_editor.draft()

    def _refresh_list(self) -> None:
        names = dict(self.parties)
        self.clause_list.blockSignals(True)
        self.clause_list.clear()
        for i, c in enumerate(self.clauses):
            self.clause_list.addItem(
                QListWidgetItem(self.tr("{0}、{1}").format(ordinal(i + 1), clause_text(c, names)))
            )
        self.clause_list.blockSignals(False)
        self.clause_editor.setEnabled(bool(self.clauses))
        if self.clauses:
            row = min(max(self.current, 0), len(self.clauses) - 1)
            self.current = -1
            self.clause_list.setCurrentRow(row)

    def add_clause(self, kind: ClauseKind) -> None:
        self._store_current()
        self.clauses.append(ClauseDraft(kind=kind))
        self.current = len(self.clauses) - 1
        self._refresh_list()
        self.clause_list.setCurrentRow(len(self.clauses) - 1)
        self._on_form_edited()

    # --- slots ---------------------------------------------------------------------------------

    @Slot()
    def _on_form_edited(self) -> None:
        if not self._loading:
            self.dirty = True

    @Slot(int)
    def _on_clause_list_current_row_changed(self, row: int) -> None:
        self._store_current()
        self.current = row
        if 0 <= row < len(self.clauses):
            loading, self._loading = self._loading, True
            try:
                self.clause_editor.load(self.clauses[row])
            finally:
                self._loading = loading

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        if 0 <= self.current < len(self.clauses):
            del self.clauses[self.current]
            self.current = min(self.current, len(self.clauses) - 1)
            self._refresh_list()
            self._on_form_edited()

    @Slot()
    def _on_form_current_index_changed(self) -> None:
        oral = self.form.currentData() == AgreementForm.ORAL.value
        self.reached_on.setEnabled(oral)
        # Judicial confirmation is never offered for an oral agreement, a case a court
        # entrusted after filing, or one whose mediation ended.
        never = confirmation_unavailable(
            source=self.case.source, status=self.case.status, oral=oral
        )
        self.confirmation.setEnabled(not never)
        self.confirmation.setToolTip(never)

    def check(self) -> list[FieldIssue]:
        """The core's findings on what is typed now, shown under the form."""
        from mediation_desk.services.agreements import check_agreement

        case_id, draft = self.case.id, self.draft()
        issues = self.ctx.ops.read(lambda uow: check_agreement(uow, case_id, draft))
        self._refresh_list()
        if issues:
            lines = [("✖ " if i.is_error else "⚠ ") + i.message for i in issues]
            self.issues.setText("\n".join(lines))
        else:
            self.issues.setText(self.tr("✔ 每项义务均写明了义务人、金额或事项、方式和期限。"))
        return issues

    @Slot()
    def _on_check_button_clicked(self) -> None:
        self.check()

    @Slot()
    def _on_save_button_clicked(self) -> None:
        self.save()

    def save(self) -> None:
        """Check, then save in the background (errors in the agreement are allowed: they only
        block printing)."""
        from mediation_desk.services.agreements import save_agreement

        errors = sum(i.is_error for i in self.check())
        case_id, draft = self.case.id, self.draft()

        def saved(view: AgreementView) -> None:
            self.shown, self.dirty = view, False
            self.signatures.show_agreement(view)
            self.status.setText(
                self.tr("已保存。尚有 {0} 处须补全后才能打印。").format(errors)
                if errors
                else self.tr("已保存。")
            )
            self.agreement_saved.emit(case_id)

        self.ctx.ops.run(
            self,
            lambda uow: save_agreement(uow, case_id=case_id, draft=draft),
            on_success=saved,
            title=self.tr("无法保存协议"),
            busy=self.tr("正在保存协议…"),
            disable=[self.save_button],
        )


class SignaturePanel(QWidget):
    """Each required signer with the date signed; the effective date is the last of them."""

    def __init__(self, ctx: AppContext, case: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.case = ctx, case
        self.rows: list[tuple[SignerRole, int | None, QDateEdit, QPushButton, QLabel]] = []
        self.grid = QFormLayout(self)
        self.effective = QLabel(self)
        self.effective.setTextFormat(Qt.TextFormat.PlainText)
        signers = [
            (SignerRole.PARTY, p.id, self.tr("{0}：{1}").format(p.role.label, p.name))
            for p in case.parties
        ]
        signers += [
            (SignerRole.MEDIATOR, None, self.tr("人民调解员")),
            (SignerRole.RECORDER, None, self.tr("记录人")),
            (SignerRole.SEAL, None, self.tr("调解委员会盖章")),
        ]
        today = ctx.ops.today()
        #: 撤销 per signer, enabled once signed (a reason is asked and kept in the history).
        self.undo_buttons: dict[tuple[SignerRole, int | None], QPushButton] = {}
        for role, pid, label in signers:
            date = date_edit(self, today)
            button = QPushButton(self.tr("记录"), self)
            undo = QPushButton(self.tr("撤销"), self)
            state = QLabel(self)
            row = QHBoxLayout()
            row.addWidget(date)
            row.addWidget(button)
            row.addWidget(undo)
            row.addWidget(state, 1)
            self.grid.addRow(label, row)
            button.clicked.connect(lambda _=False, r=role, p=pid, d=date: self._sign(r, p, d))
            undo.clicked.connect(lambda _=False, r=role, p=pid, n=label: self._unsign(r, p, n))
            self.rows.append((role, pid, date, button, state))
            self.undo_buttons[(role, pid)] = undo
        self.grid.addRow(self.tr("生效日期"), self.effective)

    def show_agreement(self, view: AgreementView | None) -> None:
        signed = {(s.role, s.party_id): s.signed_on for s in view.signatures} if view else {}
        for role, pid, date, button, state in self.rows:
            button.setEnabled(view is not None)
            on = signed.get((role, pid))
            self.undo_buttons[(role, pid)].setEnabled(on is not None)
            state.setText(self.tr("已签 {0}").format(on.isoformat()) if on else self.tr("未签"))
            if on:
                date.setDate(qdate(on))
        if view is None:
            self.effective.setText(self.tr("请先保存协议"))
        elif view.effective_on:
            self.effective.setText(view.effective_on.isoformat())
        else:
            self.effective.setText(
                self.tr("未生效（待：{0}）").format("、".join(view.missing_signers))
            )

    def ask_reason(self, signer: str) -> str | None:
        """The reason to undo ``signer``'s record (None: the clerk cancelled)."""
        text, ok = QInputDialog.getText(
            self,
            self.tr("撤销签名记录"),
            self.tr("撤销“{0}”的签名记录的原因（记入案件历史）：").format(signer),
        )
        return text if ok else None

    def _unsign(self, role: SignerRole, party_id: int | None, signer: str) -> None:
        from mediation_desk.services.agreements import remove_signature

        reason = self.ask_reason(signer)
        if reason is None:
            return
        case_id = self.case.id
        self.ctx.ops.run(
            self,
            lambda uow: remove_signature(
                uow, case_id=case_id, role=role, party_id=party_id, reason=reason
            ),
            on_success=self.show_agreement,  # the editor unlocks when the case reloads
            title=self.tr("无法撤销签名"),
            busy=self.tr("正在撤销签名…"),
        )

    def _sign(self, role: SignerRole, party_id: int | None, date: QDateEdit) -> None:
        from mediation_desk.services.agreements import record_signature

        case_id, signed_on = self.case.id, pydate(date.date())
        self.ctx.ops.run(
            self,
            lambda uow: record_signature(
                uow, case_id=case_id, role=role, party_id=party_id, signed_on=signed_on
            ),
            on_success=self.show_agreement,
            title=self.tr("无法记录签名"),
            busy=self.tr("正在记录签名…"),
        )
