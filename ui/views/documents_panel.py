"""The case's paperwork: generate documents (PDF/DOCX), preview and print them, see versions;
and the judicial-confirmation pack (court, deadline with days left, materials checklist)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.document_kinds import DocumentKind, FileFormat
from ui.models.generated_documents_model import ROW_ROLE, GeneratedDocumentsModel, stale_note

if TYPE_CHECKING:
    from mediation_desk.domain.actor import Actor
    from mediation_desk.domain.confirmation_pack import ConfirmationPackView
    from mediation_desk.errors import DeskError
    from mediation_desk.services.case_overview import CaseOverview
    from mediation_desk.services.documents import GeneratedDocumentView
    from ui.context import AppContext
    from ui.models.case_source import CaseSource

KIND_ROLE = Qt.ItemDataRole.UserRole + 2
SCOPE_CHARS = 30  # of a clause, in the list of clauses to confirm (the whole in its tooltip)


def deadline_text(pack: ConfirmationPackView, today: dt.date) -> str:
    """``2024-10-08（还剩 7 天）`` — shared with the case header."""
    if pack.deadline is None:
        return ""
    from mediation_desk.domain.time_limits import BEYOND_TABLE_MARK

    left = pack.deadline.days_left(today)
    due = pack.deadline.due.isoformat()
    if pack.deadline.beyond_table:  # only weekends are known that year
        due += BEYOND_TABLE_MARK
    if left < 0:
        return _tr("{0}（已过期 {1} 天）").format(due, -left)
    if left == 0:
        return _tr("{0}（今天截止）").format(due)
    return _tr("{0}（还剩 {1} 天）").format(due, left)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DocumentsPanel", text)


class ConfirmationPackBox(QGroupBox):
    """Court with the rule that chose it, the deadline, and the materials checklist."""

    def __init__(self, ctx: AppContext, source: CaseSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from mediation_desk.domain.confirmation_rules import COURT_RULES

        self.setTitle(self.tr("司法确认"))
        self.ctx, self.source, self.case_id = ctx, source, source.case_id
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.deadline = QLabel(self)
        self.deadline.setWordWrap(True)
        self.court_rule = QComboBox(self)
        for rule in COURT_RULES:
            if rule.code != "inviting_court":
                self.court_rule.addItem(rule.label, rule.code)
        self.court_name = QLineEdit(self)
        self.court_name.setPlaceholderText(self.tr("××区人民法院"))
        self.court_button = QPushButton(self.tr("确定法院"), self)
        self.court_button.clicked.connect(self._on_court_button_clicked)
        self.court_why = QLabel(self)
        self.court_why.setWordWrap(True)
        self.materials = QListWidget(self)
        self.materials.itemChanged.connect(self._on_materials_item_changed)
        # The clauses asked for (partial confirmation), and a reason to ask for a clause courts
        # refuse (民诉解释 art. 355) all the same.
        self.scope = QListWidget(self)  # one line per clause; the whole clause in its tooltip
        self.scope.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scope.setMaximumHeight(130)
        self.override_reason = QLineEdit(self)
        self.override_reason.setPlaceholderText(self.tr("仍申请确认被提示条款的理由（可不填）"))
        self.scope_button = QPushButton(self.tr("保存申请范围"), self)
        self.scope_button.clicked.connect(self._on_scope_button_clicked)
        from ui.views.court_steps_box import CourtStepsBox

        self.court_steps = CourtStepsBox(ctx)  # submission, acceptance, ruling: its own page
        self.court_steps.pack_saved.connect(self.show_pack)
        court_row = QHBoxLayout()
        court_row.addWidget(self.court_rule)
        court_row.addWidget(self.court_name, 1)
        court_row.addWidget(self.court_button)
        # Two pages: preparing the application, and the court's handling once it is submitted.
        self.pages = QTabWidget(self)
        preparing = QWidget(self.pages)
        self.pages.addTab(preparing, self.tr("申请准备"))
        self.pages.addTab(self.court_steps, self.tr("法院办理情况"))
        self.pages.setDocumentMode(True)  # no second frame: the group has one
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(self.pages)
        form = QFormLayout(preparing)
        form.setContentsMargins(0, 6, 0, 0)
        form.addRow(self.tr("状态"), self.state)
        form.addRow(self.tr("申请期限"), self.deadline)
        form.addRow(self.tr("受理法院"), court_row)
        form.addRow("", self.court_why)
        form.addRow(self.tr("材料清单"), self.materials)
        scope_row = QHBoxLayout()
        scope_row.addWidget(self.override_reason, 1)
        scope_row.addWidget(self.scope_button)
        form.addRow(self.tr("申请确认的条款"), self.scope)
        form.addRow("", scope_row)
        self.show_pack(source.overview.data.pack)
        if self.pack.applied_on is not None:  # applied: the court's handling is what matters
            self.pages.setCurrentWidget(self.court_steps)
        source.loaded.connect(self._on_source_loaded)
        self._gate_buttons()

    def _gate_buttons(self) -> None:
        """The court and the scope asked for are the confirmation's (CONFIRM)."""
        from mediation_desk.domain.roles import Permission as P
        from mediation_desk.services import confirmation as svc
        from ui.permissions import RoleGate, guarded

        gate = RoleGate(self.ctx, self)
        gate.require(self.court_button, guarded(svc.set_court, P.CONFIRM))
        gate.require(self.scope_button, guarded(svc.set_confirmation_scope, P.CONFIRM))

    @Slot(object)
    def _on_source_loaded(self, overview: CaseOverview) -> None:
        self.show_pack(overview.data.pack)

    def show_pack(self, pack: ConfirmationPackView) -> None:
        self.pack = pack
        self.state.setText(self.tr("可以制作申请材料") if pack.ready else "；".join(pack.problems))
        text = deadline_text(pack, self.ctx.ops.today())
        if pack.deadline is not None:
            text += "\n" + pack.deadline.note
        self.deadline.setText(text or self.tr("协议生效后自动计算（生效之日起三十日内）"))
        court = pack.court
        self.court_name.setText(court.court)
        index = self.court_rule.findData(court.rule.code)
        if index >= 0:
            self.court_rule.setCurrentIndex(index)
        fixed = court.rule.code == "inviting_court"
        for w in (self.court_rule, self.court_name, self.court_button):
            w.setEnabled(not fixed and not pack.unavailable)
        self.materials.setEnabled(not pack.unavailable)  # never offered: nothing to gather
        self.court_steps.show_pack(pack)
        self.pages.setTabText(1, self.tr("法院办理情况（{0}）").format(pack.progress.step.short))
        self.show_scope(pack)
        self.court_why.setText(court.explanation)
        # Items are updated in place, never rebuilt: this runs while one of them reports its
        # own check (an action started from ``itemChanged`` may complete at once).
        self.materials.blockSignals(True)
        for i, m in enumerate(pack.materials):
            item = self.materials.item(i)
            if item is None:
                item = QListWidgetItem(m.label + ("" if m.required else self.tr("（视情况）")))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setData(KIND_ROLE, m.code)
                self.materials.addItem(item)
            item.setCheckState(Qt.CheckState.Checked if m.gathered else Qt.CheckState.Unchecked)
        self.materials.blockSignals(False)

    def show_scope(self, pack: ConfirmationPackView) -> None:
        """Each clause, checked when the application asks for it; a flagged one says why."""
        from mediation_desk.domain.agreements import ordinal

        flagged = {m.index: m for m in pack.refused}
        texts = pack.agreement.clause_texts if pack.agreement else ()
        self.scope.clear()
        for i, text in enumerate(texts):
            mark = "⚠ " if i in flagged else ""
            short = text if len(text) <= SCOPE_CHARS else text[: SCOPE_CHARS - 1] + "…"
            item = QListWidgetItem(self.tr("{0}{1}、{2}").format(mark, ordinal(i + 1), short))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            asked = i not in pack.excluded
            item.setCheckState(Qt.CheckState.Checked if asked else Qt.CheckState.Unchecked)
            item.setToolTip(f"{flagged[i].message}\n\n{text}" if i in flagged else text)
            self.scope.addItem(item)
        if flagged:  # the clause that needs a decision is in view
            self.scope.scrollToItem(self.scope.item(min(flagged)))
        self.override_reason.setText(pack.override_reason)
        enabled = bool(texts) and not pack.unavailable
        for w in (self.scope, self.override_reason, self.scope_button):
            w.setEnabled(enabled)

    def excluded_clauses(self) -> list[int]:
        return [
            i
            for i in range(self.scope.count())
            if self.scope.item(i).checkState() != Qt.CheckState.Checked
        ]

    @Slot()
    def _on_scope_button_clicked(self) -> None:
        from mediation_desk.services.confirmation import set_confirmation_scope

        case_id, excluded = self.case_id, self.excluded_clauses()
        reason = self.override_reason.text()
        self.ctx.ops.run(
            self,
            lambda uow: set_confirmation_scope(
                uow, case_id=case_id, excluded=excluded, override_reason=reason
            ),
            on_success=self.show_pack,
            title=self.tr("无法保存申请范围"),
            disable=[self.scope_button],
        )

    def _restore(self, _error: DeskError) -> bool:
        """A refused change: show the pack as stored again (the message box follows)."""
        self.show_pack(self.pack)
        return False

    @Slot(QListWidgetItem)
    def _on_materials_item_changed(self, item: QListWidgetItem) -> None:
        from mediation_desk.services.confirmation import set_material

        case_id, code = self.case_id, item.data(KIND_ROLE)
        gathered = item.checkState() == Qt.CheckState.Checked
        self.ctx.ops.run(
            self,
            lambda uow: set_material(uow, case_id=case_id, code=code, gathered=gathered),
            on_success=self.show_pack,
            on_failure=self._restore,
            title=self.tr("无法保存材料清单"),
        )

    @Slot()
    def _on_court_button_clicked(self) -> None:
        from mediation_desk.services.confirmation import set_court

        case_id, rule_code = self.case_id, self.court_rule.currentData()
        court_name = self.court_name.text()
        self.ctx.ops.run(
            self,
            lambda uow: set_court(uow, case_id=case_id, rule_code=rule_code, court_name=court_name),
            on_success=self.show_pack,
            title=self.tr("无法保存"),
            disable=[self.court_button],
        )


class DocumentsPanel(QWidget):
    """Generate, preview, print and list the documents of one case."""

    documents_generated = Signal(int)

    def __init__(self, ctx: AppContext, source: CaseSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from mediation_desk.services.documents import case_folder

        self.ctx, self.source, self.case_id = ctx, source, source.case_id
        self.folder: Path = case_folder(ctx.settings.data_dir, self.case_id)
        self.preview_dialog: Any = None
        self.kinds = QListWidget(self)
        self.pdf_box = QCheckBox(FileFormat.PDF.label, self)
        self.docx_box = QCheckBox(FileFormat.DOCX.label, self)
        self.pdf_box.setChecked(True)
        self.generate_button = QPushButton(self.tr("生成所选(&G)"), self)
        self.pack_button = QPushButton(self.tr("生成司法确认全套"), self)
        self.preview_button = QPushButton(self.tr("打印预览(&V)…"), self)
        self.folder_button = QPushButton(self.tr("打开文件夹"), self)
        self.table = QTableView(self)
        self.model = GeneratedDocumentsModel(self.table)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.pack_box = ConfirmationPackBox(ctx, source, self)

        self.generate_button.clicked.connect(self._on_generate_button_clicked)
        self.pack_button.clicked.connect(self._on_pack_button_clicked)
        self.preview_button.clicked.connect(self._on_preview_button_clicked)
        self.folder_button.clicked.connect(self._on_folder_button_clicked)
        formats = QHBoxLayout()
        formats.addWidget(self.pdf_box)
        formats.addWidget(self.docx_box)
        formats.addStretch(1)
        buttons = QHBoxLayout()
        for b in (self.generate_button, self.pack_button, self.preview_button, self.folder_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("文书（勾选后生成）"), self))
        left.addWidget(self.kinds, 1)
        left.addLayout(formats)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        top.addWidget(self.pack_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(self.tr("已生成的文书（双击预览；历次版本均保留）"), self))
        layout.addWidget(self.table, 1)
        self.show_overview(source.overview)
        source.loaded.connect(self.show_overview)
        self._gate_generating()

    def _gate_generating(self) -> None:
        """Generating documents is mediation work (MEDIATE); preview and folder are reading."""
        from mediation_desk.domain.roles import Permission as P
        from mediation_desk.services import documents as svc
        from ui.permissions import RoleGate, guarded

        gate = RoleGate(self.ctx, self)
        for button in (self.generate_button, self.pack_button):
            gate.require(button, guarded(svc.generate_documents, P.MEDIATE))
        # the generated files print full ID numbers: opened only by who may see this case's
        self._reading_gate = RoleGate(self.ctx, self)
        for button in (self.preview_button, self.folder_button):
            self._reading_gate.require(button, self.may_open_files)

    def may_open_files(self, actor: Actor | None) -> bool:
        """Preview and the case folder show documents printing full ID numbers: only for an
        account that may see this case's full numbers (``ui.permissions.may_see_full_ids``)."""
        from ui.permissions import may_see_full_ids

        return may_see_full_ids(actor, self.source.overview.case.mediator_id)

    def _refuse_opening(self) -> bool:
        """True (and says why) when the acting account may not open the generated files."""
        if self.may_open_files(self.ctx.ops.actor):
            return False
        QMessageBox.information(
            self,
            self.tr("打开文书"),
            self.tr("已生成的文书载有完整证件号码，当前账户不能查看本案的完整证件号码，无法打开。"),
        )
        return True

    @Slot(object)
    def show_overview(self, overview: CaseOverview) -> None:
        checked = set(self.checked_kinds())
        self.kinds.clear()
        for option in overview.options:
            item = QListWidgetItem(option.kind.label)
            item.setData(KIND_ROLE, option.kind.value)  # Qt returns enum members as str
            flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
            if not option.available:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
                item.setToolTip(option.reason)
                item.setText(self.tr("{0}（{1}）").format(option.kind.label, option.reason))
            item.setFlags(flags)
            on = option.kind in checked and option.available
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.kinds.addItem(item)
        from mediation_desk.services.documents import stale_kinds

        stale = stale_kinds(overview.documents)
        for i in range(self.kinds.count()):
            item = self.kinds.item(i)
            kind = DocumentKind(item.data(KIND_ROLE))
            if kind in stale and item.flags() & Qt.ItemFlag.ItemIsEnabled:
                item.setText(self.tr("{0}（已过期，请重新生成）").format(kind.label))
                item.setToolTip(self.tr("登记信息已修改，已生成的此文书已过期"))
        self.model.set_rows(overview.documents)
        if hasattr(self, "_reading_gate"):  # the case's mediator may have changed
            self._reading_gate.apply()
        never = overview.data.pack.unavailable  # an oral agreement, a 委托 case, mediation ended
        self.pack_button.setEnabled(not never)
        self.pack_button.setToolTip(never)

    def checked_kinds(self) -> list[DocumentKind]:
        return [
            DocumentKind(self.kinds.item(i).data(KIND_ROLE))
            for i in range(self.kinds.count())
            if self.kinds.item(i).checkState() == Qt.CheckState.Checked
        ]

    def formats(self) -> list[FileFormat]:
        boxes = ((FileFormat.PDF, self.pdf_box), (FileFormat.DOCX, self.docx_box))
        return [f for f, box in boxes if box.isChecked()]

    # --- generating ----------------------------------------------------------------------------

    def generate(
        self,
        kinds: list[DocumentKind],
        *,
        allow_missing: bool = False,
        record_id: int | None = None,
        preview: bool = False,
    ) -> None:
        """Generate ``kinds`` in the chosen formats, in the background with a progress dialog
        that can cancel; the new versions reach the list through the change record.

        ``record_id``: only that record of a per-record kind (one session's 调解记录);
        ``preview``: a PDF only, opened in the print preview once made.
        """
        from mediation_desk.documents.pdf_render import FontCoverageError
        from mediation_desk.services.documents import generate_documents

        formats = [FileFormat.PDF] if preview else self.formats()
        if not kinds or not formats:
            QMessageBox.information(self, self.tr("生成文书"), self.tr("请勾选文书和格式。"))
            return
        case_id, folder = self.case_id, self.folder

        def font_lacks_characters(error: DeskError) -> bool:
            if not isinstance(error, FontCoverageError):
                return False
            answer = QMessageBox.warning(
                self,
                self.tr("字体缺字"),
                error.message + self.tr("\n\n仍要生成（缺字处留空，需手写补上）？"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.generate(kinds, allow_missing=True, record_id=record_id, preview=preview)
            return True

        def generated(files: list[GeneratedDocumentView]) -> None:
            self.documents_generated.emit(case_id)
            if preview and files:
                self.open_preview(files[0])

        self.ctx.ops.run(
            self,
            lambda uow: generate_documents(
                uow,
                case_id=case_id,
                kinds=kinds,
                formats=formats,
                folder=folder,
                allow_missing=allow_missing,
                record_id=record_id,
            ),
            on_success=generated,
            on_failure=font_lacks_characters,
            title=self.tr("无法生成文书"),
            busy=self.tr("正在生成文书…"),
            progress=self.tr("正在生成文书…"),
            disable=[self.generate_button, self.pack_button],
        )

    @Slot(int)
    def print_minutes(self, session_id: int) -> None:
        """That session's 调解记录 alone (its next version, PDF), in the print preview."""
        self.generate([DocumentKind.SESSION_MINUTES], record_id=session_id, preview=True)

    @Slot()
    def _on_generate_button_clicked(self) -> None:
        self.generate(self.checked_kinds())

    @Slot()
    def _on_pack_button_clicked(self) -> None:
        self.generate([DocumentKind.AGREEMENT, DocumentKind.CONFIRMATION_APPLICATION])

    # --- previewing ----------------------------------------------------------------------------

    def selected_row(self):  # type: ignore[no-untyped-def]
        index = self.table.currentIndex()
        if index.isValid():
            return self.model.data(index, ROW_ROLE)
        pdfs = [r for r in self.model.rows if r.file_format is FileFormat.PDF]
        return pdfs[0] if pdfs else None

    def open_preview(self, row) -> None:  # type: ignore[no-untyped-def]
        from ui.dialogs.print_preview_dialog import PrintPreviewDialog

        if self._refuse_opening():
            return
        if row is None or row.file_format is not FileFormat.PDF:
            QMessageBox.information(
                self, self.tr("打印预览"), self.tr("请先生成并选择一份 PDF 文书。")
            )
            return
        path = self.folder / row.file_name
        if not path.exists():
            QMessageBox.warning(
                self, self.tr("打印预览"), self.tr("文件已不在案件文件夹中：{0}").format(path)
            )
            return
        title = self.tr("{0} 第{1}版").format(row.kind.label, row.version)
        self.preview_dialog = PrintPreviewDialog(
            path, title, self, stale_note=stale_note(row) if row.stale else ""
        )
        self.preview_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog.open()

    @Slot()
    def _on_preview_button_clicked(self) -> None:
        self.open_preview(self.selected_row())

    @Slot(QModelIndex)
    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        row = self.model.data(index, ROW_ROLE)
        if self._refuse_opening():
            return
        if row.file_format is FileFormat.PDF:
            self.open_preview(row)
        else:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder / row.file_name)))

    @Slot()
    def _on_folder_button_clicked(self) -> None:
        if self._refuse_opening():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
