"""The case's 卷宗 tab: attachments (添加附件…), the 卷内目录 with page ranges, what is missing
before archiving (double-click goes where it is fixed), 归档…, 解除归档… and 打印整卷."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mediation_desk.domain.case_file import ATTACHABLE_SLOTS, FileSlot, FixPlace, Retention
from mediation_desk.domain.enums import CaseStatus

if TYPE_CHECKING:
    from mediation_desk.errors import DeskError
    from mediation_desk.services.case_file import CaseFilePage as PageData
    from ui.context import AppContext
    from ui.models.case_source import CaseSource

FIX_ROLE = Qt.ItemDataRole.UserRole + 1


class AttachmentDialog(QDialog):
    """Which slot of the file an imported file goes to, and its title."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("添加附件"))
        self.slot_box = QComboBox(self)
        for slot in ATTACHABLE_SLOTS:
            self.slot_box.addItem(slot.label, slot)
        self.slot_box.setCurrentIndex(ATTACHABLE_SLOTS.index(FileSlot.EVIDENCE))
        self.title_edit = QLineEdit(path.stem, self)
        form = QFormLayout(self)
        form.addRow(self.tr("文件"), QLabel(path.name, self))
        form.addRow(self.tr("放入卷宗位置"), self.slot_box)
        form.addRow(self.tr("材料名称"), self.title_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @property
    def slot(self) -> FileSlot:
        return FileSlot(self.slot_box.currentData())


class ArchiveDialog(QDialog):
    """归档: 卷宗号, 立卷人, the day and 保管期限 (the centre's rule preselected)."""

    def __init__(self, today: dt.date, retention: Retention, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("归档"))
        self.number_edit = QLineEdit(self)
        self.number_edit.setPlaceholderText(self.tr("如 2026-城南-0001"))
        self.filer_edit = QLineEdit(self)
        self.date_edit = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.retention_box = QComboBox(self)
        for r in Retention:
            self.retention_box.addItem(r.label, r)
        self.retention_box.setCurrentIndex(list(Retention).index(retention))
        form = QFormLayout(self)
        form.addRow(self.tr("卷宗号"), self.number_edit)
        form.addRow(self.tr("立卷人"), self.filer_edit)
        form.addRow(self.tr("归档日期"), self.date_edit)
        form.addRow(self.tr("保管期限"), self.retention_box)
        note = QLabel(self.tr("归档后案件锁定，修改须由中心主任解除归档。"), self)
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @property
    def on(self) -> dt.date:
        d = self.date_edit.date()
        return dt.date(d.year(), d.month(), d.day())

    @property
    def retention(self) -> Retention:
        return Retention(self.retention_box.currentData())


class CaseFilePage(QWidget):
    """The 卷宗 tab. ``fix_requested`` carries a ``FixPlace`` (the window switches tab)."""

    fix_requested = Signal(object)

    def __init__(self, ctx: AppContext, source: CaseSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.source, self.case_id = ctx, source, source.case_id
        self.data: PageData | None = None
        self.preview_dialog: QDialog | None = None
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.attachments = _table(self, ("卷宗位置", "材料名称", "页数", "大小", "添加人"))
        self.contents = _table(self, ("序号", "文件材料名称", "页号", "备注"))
        self.missing_list = QListWidget(self)
        self.missing_list.itemDoubleClicked.connect(self._on_missing_list_item_double_clicked)
        self.add_button = QPushButton(self.tr("添加附件…"), self)
        self.remove_button = QPushButton(self.tr("移除附件…"), self)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.archive_button = QPushButton(self.tr("归档…"), self)
        self.unlock_button = QPushButton(self.tr("解除归档…"), self)
        self.print_button = QPushButton(self.tr("打印整卷"), self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.archive_button.clicked.connect(self._on_archive_button_clicked)
        self.unlock_button.clicked.connect(self._on_unlock_button_clicked)
        self.print_button.clicked.connect(self._on_print_button_clicked)
        buttons = QHBoxLayout()
        for b in (
            self.add_button,
            self.remove_button,
            self.archive_button,
            self.unlock_button,
            self.print_button,
        ):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("附件"), left))
        left_layout.addWidget(self.attachments, 1)
        left_layout.addWidget(QLabel(self.tr("归档前还缺（双击前往补齐）"), left))
        left_layout.addWidget(self.missing_list, 1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("卷内目录"), right))
        right_layout.addWidget(self.contents, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        source.loaded.connect(self._on_source_loaded)
        self.loaded = False
        self._gate_buttons()

    def _gate_buttons(self) -> None:
        """Attachments for CASE_FILE, archiving for ARCHIVE (the services' own checks)."""
        from mediation_desk.domain.roles import Permission as P
        from mediation_desk.services import case_file as svc
        from ui.permissions import RoleGate, guarded

        gate = RoleGate(self.ctx, self)
        gate.require(self.add_button, guarded(svc.import_attachment, P.CASE_FILE))
        gate.require(self.remove_button, guarded(svc.remove_attachment, P.CASE_FILE))
        gate.require(self.print_button, guarded(svc.case_file_pdf, P.CASE_FILE))
        gate.require(self.archive_button, guarded(svc.archive_case, P.ARCHIVE))
        gate.require(self.unlock_button, guarded(svc.unlock_case, P.ARCHIVE))

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if not self.loaded:  # read when first shown: the window opens in one read
            self.reload()
        super().showEvent(event)

    @Slot(object)
    def _on_source_loaded(self, _overview: object) -> None:
        if self.loaded:
            self.reload()

    def reload(self) -> None:
        from mediation_desk.services.case_file import case_file_page

        case_id, data_dir = self.case_id, self.ctx.settings.data_dir
        self.show_data(
            self.ctx.ops.read(lambda uow: case_file_page(uow, case_id=case_id, data_dir=data_dir))
        )

    def show_data(self, data: PageData) -> None:
        self.data, self.loaded = data, True
        c = data.contents
        _fill(
            self.attachments,
            [
                (a.slot.label, a.title, str(a.pages), _size(a.size_bytes), a.imported_by)
                for a in c.attachments
            ],
        )
        _fill(
            self.contents,
            [(str(n.number), n.entry.title, n.page_range, n.entry.note) for n in c.entries],
        )
        self.missing_list.clear()
        for m in data.missing:
            item = QListWidgetItem(f"{m.text}　→ {m.fix.label}", self.missing_list)
            item.setData(FIX_ROLE, m.fix.value)
            item.setForeground(Qt.GlobalColor.darkRed)
        archived = data.status is CaseStatus.ARCHIVED
        if archived and c.archive:
            a = c.archive
            text = self.tr(
                "已归档：卷宗号 {0}，立卷人 {1}，{2}，保管期限{3}，共 {4} 页（已锁定）"
            ).format(
                a.file_number, a.filer, a.archived_on.isoformat(), a.retention.label, a.page_count
            )
        elif data.missing:
            text = self.tr("卷宗尚不齐全：还缺 {0} 项。本卷现有 {1} 页。").format(
                len(data.missing), c.page_count
            )
        else:
            text = self.tr("卷宗齐全，本卷共 {0} 页。").format(c.page_count)
        if not archived and not data.missing:
            self.missing_list.addItem(self.tr("（无）"))
        self.status_label.setText(text)
        self.add_button.setEnabled(not archived)
        self.remove_button.setEnabled(not archived and bool(c.attachments))
        can_archive = data.status is CaseStatus.CLOSED and not data.missing
        self.archive_button.setEnabled(can_archive)
        self.archive_button.setToolTip(
            ""
            if can_archive
            else self.tr("结案且卷宗齐全后才能归档")
            if not archived
            else self.tr("本案已归档")
        )
        self.unlock_button.setEnabled(archived)

    # --- actions ---------------------------------------------------------------------------

    @Slot(QListWidgetItem)
    def _on_missing_list_item_double_clicked(self, item: QListWidgetItem) -> None:
        place = item.data(FIX_ROLE)  # a StrEnum comes back from Qt as its value
        if place:
            self.fix_requested.emit(FixPlace(place))

    @Slot()
    def _on_add_button_clicked(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("选择要添加的扫描件、照片或 PDF"),
            "",
            self.tr("扫描件和照片 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)"),
        )
        if chosen:
            self.add_file(Path(chosen))

    def add_file(self, path: Path, *, dialog: AttachmentDialog | None = None) -> None:
        """Ask the slot and title, then import (tests pass a filled ``dialog``)."""
        if dialog is None:
            dialog = AttachmentDialog(path, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        self.import_file(path, dialog.slot, dialog.title_edit.text())

    def import_file(self, path: Path, slot: FileSlot, title: str, *, again: bool = False) -> None:
        from mediation_desk.services.case_file import DuplicateAttachment, import_attachment

        case_id, data_dir = self.case_id, self.ctx.settings.data_dir

        def duplicate(error: DeskError) -> bool:
            if not isinstance(error, DuplicateAttachment):
                return False
            if self.confirm(
                self.tr("重复的附件"), error.message + self.tr("\n\n仍要再添加一份吗？")
            ):
                self.import_file(path, slot, title, again=True)
            return True

        self.ctx.ops.run(
            self,
            lambda uow: import_attachment(
                uow,
                case_id=case_id,
                path=path,
                slot=slot,
                title=title,
                data_dir=data_dir,
                allow_duplicate=again,
            ),
            on_failure=duplicate,
            title=self.tr("无法添加附件"),
            busy=self.tr("正在添加附件…"),
            disable=[self.add_button],
        )

    def confirm(self, title: str, text: str) -> bool:
        """Ask yes/no (tests replace this)."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    @Slot()
    def _on_archive_button_clicked(self) -> None:
        if self.data is None:
            return
        dialog = ArchiveDialog(self.ctx.ops.today(), self.data.suggested_retention, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.archive(dialog)
        dialog.deleteLater()

    def archive(self, dialog: ArchiveDialog) -> None:
        from mediation_desk.services.case_file import archive_case

        case_id, data_dir = self.case_id, self.ctx.settings.data_dir
        number, filer, on, retention = (
            dialog.number_edit.text(),
            dialog.filer_edit.text(),
            dialog.on,
            dialog.retention,
        )
        self.ctx.ops.run(
            self,
            lambda uow: archive_case(
                uow,
                case_id=case_id,
                file_number=number,
                filer=filer,
                on=on,
                retention=retention,
                data_dir=data_dir,
            ),
            title=self.tr("无法归档"),
            busy=self.tr("正在归档…"),
        )

    @Slot()
    def _on_remove_button_clicked(self) -> None:
        row = self.attachments.currentRow()
        if self.data is None or not 0 <= row < len(self.data.contents.attachments):
            QMessageBox.information(
                self, self.tr("移除附件"), self.tr("请先在附件列表中选中要移除的附件。")
            )
            return
        chosen = self.data.contents.attachments[row]
        reason, ok = QInputDialog.getText(
            self,
            self.tr("移除附件"),
            self.tr("移除“{0}”的原因（记入案件历史，文件仍保留）：").format(chosen.title),
        )
        if ok:
            self.remove(chosen.id, reason)

    def remove(self, attachment_id: int, reason: str) -> None:
        from mediation_desk.services.case_file import remove_attachment

        self.ctx.ops.run(
            self,
            lambda uow: remove_attachment(uow, attachment_id=attachment_id, reason=reason),
            title=self.tr("无法移除附件"),
        )

    @Slot()
    def _on_unlock_button_clicked(self) -> None:
        reason, ok = QInputDialog.getText(
            self, self.tr("解除归档"), self.tr("解除归档的原因（记入案件历史）：")
        )
        if ok:
            self.unlock(reason)

    def unlock(self, reason: str) -> None:
        from mediation_desk.services.case_file import unlock_case

        case_id = self.case_id
        self.ctx.ops.run(
            self,
            lambda uow: unlock_case(uow, case_id=case_id, reason=reason),
            title=self.tr("无法解除归档"),
        )

    @Slot()
    def _on_print_button_clicked(self) -> None:
        from mediation_desk.services.case_file import case_file_pdf

        case_id, data_dir = self.case_id, self.ctx.settings.data_dir
        self.ctx.ops.run(
            self,
            lambda uow: case_file_pdf(uow, case_id=case_id, data_dir=data_dir),
            on_success=self.open_preview,
            title=self.tr("无法生成整卷 PDF"),
            busy=self.tr("正在生成整卷 PDF…"),
            disable=[self.print_button],
        )

    def open_preview(self, path: Path) -> None:
        from ui.dialogs.print_preview_dialog import PrintPreviewDialog

        self.preview_dialog = PrintPreviewDialog(path, self.tr("卷宗（整卷）"), self)
        self.preview_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog.open()


def _table(parent: QWidget, headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"
