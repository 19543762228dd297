"""设置 › 数据备份: where this PC backs up (a second disk, a USB stick), with or without a
backup password, whether it backs up by itself; 立即备份; the backups in the folder, each
verified or restored on demand.

The settings are this PC's (``services/backup_settings``); every backup, check and restore
runs through ``ctx.ops.run`` on the worker thread. A restore replaces the data under the
open window, so the page asks first, and then says the program must start again (``restored``:
the window closes).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.field_box import ERROR_STYLE, OK_STYLE
from ui.widgets.record_table import RecordTable
from ui.widgets.save_row import SaveRow

if TYPE_CHECKING:
    from mediation_desk.errors import DeskError
    from mediation_desk.services.backup import BackupInfo, BackupResult, RestoreResult
    from mediation_desk.services.backup_jobs import BackupState
    from ui.context import AppContext

_NOTE_STYLE = "color: #475467;"


def _size(n: int) -> str:
    if n >= 1024**3:
        return f"{n / 1024**3:.1f} GB"
    return f"{n / 1024**2:.1f} MB" if n >= 1024**2 else f"{max(n, 0) // 1024} KB"


class BackupView(QWidget):
    #: The data was replaced by a backup: the window must close (the program starts again).
    restored = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data_dir = ctx.settings.data_dir
        self.database_url = ctx.settings.database_url
        self.state: BackupState | None = None
        self.backups: list[BackupInfo] = []
        #: How the page asks and tells (dialogs; tests answer directly).
        self.ask_folder: Callable[[str], str] = self._ask_folder
        self.ask_confirm: Callable[[str], bool] = self._ask_confirm
        self.ask_password: Callable[[str], str | None] = self._ask_password
        self.tell: Callable[[str, str], None] = self._tell

        layout = QVBoxLayout(self)
        layout.addWidget(self._build_settings_box())
        layout.addWidget(self._build_backups_box(), 1)
        self.reload()

    # --- building ----------------------------------------------------------------------------

    def _build_settings_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("备份设置（本机）"), self)
        form = QFormLayout()
        self.folder_edit = QLineEdit(box)
        self.folder_edit.setReadOnly(True)
        self.folder_edit.setPlaceholderText(self.tr("尚未选择：请选择第二块硬盘或 U 盘上的文件夹"))
        self.choose_button = QPushButton(self.tr("选择文件夹…"), box)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(self.choose_button)
        form.addRow(self.tr("备份文件夹"), row)
        self.encrypt_box = QCheckBox(
            self.tr("加密备份（设置备份密码：U 盘丢失时他人无法读取）"), box
        )
        self.encrypt_box.toggled.connect(self._on_encrypt_box_toggled)
        form.addRow("", self.encrypt_box)
        self.password_edit = QLineEdit(box)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit(box)
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("备份密码"), self.password_edit)
        form.addRow(self.tr("再输入一次"), self.repeat_edit)
        self.password_note = QLabel(
            self.tr(
                "密码至少 8 个字符，请另行妥善记下：恢复加密备份时需要它。密码经加密保存在本机"
                "数据文件夹中，不会写入 U 盘。更改密码后，此前的备份仍需用原密码恢复。"
            ),
            box,
        )
        self.password_note.setWordWrap(True)
        self.password_note.setStyleSheet(_NOTE_STYLE)
        self.automatic_box = QCheckBox(
            self.tr("自动备份：每天第一次启动后、运行中每 4 小时、退出程序时"), box
        )
        self.save_row = SaveRow(self.tr("保存备份设置"), box)
        self.save_row.button.clicked.connect(self._on_save_button_clicked)
        # below the form, not in it: a wrapped label in a QFormLayout row gets spare height
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        for widget in (self.password_note, self.automatic_box, self.save_row):
            layout.addWidget(widget)
        return box

    def _build_backups_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("备份文件夹中的备份"), self)
        self.status_label = QLabel(box)
        self.status_label.setWordWrap(True)
        self.backup_button = QPushButton(self.tr("立即备份"), box)
        self.backup_button.clicked.connect(self._on_backup_button_clicked)
        top = QHBoxLayout()
        top.addWidget(self.status_label, 1)
        top.addWidget(self.backup_button)
        self.table = RecordTable(
            box,
            [
                self.tr("备份时间"),
                self.tr("案件数"),
                self.tr("检查结果"),
                self.tr("加密"),
                self.tr("案件文件"),
                self.tr("程序版本"),
                self.tr("名称"),
            ],
        )
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.verify_button = QPushButton(self.tr("验证所选备份"), box)
        self.verify_button.clicked.connect(self._on_verify_button_clicked)
        self.restore_button = QPushButton(self.tr("恢复所选备份…"), box)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.refresh_button = QPushButton(self.tr("刷新"), box)
        self.refresh_button.clicked.connect(self.reload)
        self.result_label = QLabel(box)
        self.result_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.result_label, 1)
        for b in (self.refresh_button, self.verify_button, self.restore_button):
            buttons.addWidget(b)
        explain = QLabel(
            self.tr(
                "每份备份都经过检查并逐个文件校验；只复制有变化的文件。保留最近 7 天每天一份、"
                "4 周每周一份、12 个月每月一份。恢复前会先校验整份备份，现有数据另存为"
                "“*.before-restore-<时间>”，不会删除。"
            ),
            box,
        )
        explain.setWordWrap(True)
        explain.setStyleSheet(_NOTE_STYLE)
        layout = QVBoxLayout(box)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(explain)
        return box

    # --- reading -----------------------------------------------------------------------------

    @Slot()
    def reload(self) -> None:
        """Read the settings and the folder's backups (on the worker: a USB stick may be slow)."""
        from mediation_desk.services.backup_jobs import backup_state, folder_usage

        data_dir, url = self.data_dir, self.database_url

        def read(_uow: object) -> tuple[BackupState, int | None]:
            state = backup_state(data_dir, url)
            folder = state.settings.folder
            used = folder_usage(folder) if folder is not None and folder.is_dir() else None
            return state, used

        self.ctx.ops.run(
            self, read, on_success=self._show_state, busy=self.tr("正在读取备份文件夹…")
        )

    def _show_state(self, read: tuple[BackupState, int | None]) -> None:
        state, used = read
        self.state = state
        settings = state.settings
        self.folder_edit.setText(str(settings.folder) if settings.folder else "")
        self.encrypt_box.setChecked(settings.encrypt)
        self.automatic_box.setChecked(settings.automatic)
        self.password_edit.clear()
        self.repeat_edit.clear()
        saved = self.tr("已保存；如不更改请留空")
        self.password_edit.setPlaceholderText(saved if settings.password_saved else "")
        self._on_encrypt_box_toggled(settings.encrypt)
        self.backups = list(state.backups)
        self.table.fill([(i, self._cells(b)) for i, b in enumerate(self.backups)])
        if state.problem:
            self.status_label.setStyleSheet(ERROR_STYLE)
            self.status_label.setText(state.problem)
        else:
            self.status_label.setStyleSheet("")
            last = state.last
            text = self.tr("最近一次备份：{0}。").format(
                f"{last.created_at:%Y-%m-%d %H:%M}" if last else self.tr("还没有")
            )
            if used is not None:
                text += self.tr("共 {0} 份，占用 {1}。").format(len(self.backups), _size(used))
            self.status_label.setText(text)
        from mediation_desk.services.backup_jobs import NO_SERVER_TOOLS

        can_back_up = settings.folder is not None and state.short != NO_SERVER_TOOLS
        self.backup_button.setEnabled(can_back_up)
        self._on_table_selection_changed()

    def _cells(self, b: BackupInfo) -> list[str]:
        if b.check_ok:
            check = (
                self.tr("快速检查通过")
                if b.check_kind == "quick_check"
                else self.tr("完整检查通过")
            )
        else:
            check = b.check
        files = self.tr("{0} 个").format(b.file_count) if b.file_count is not None else "—"
        return [
            f"{b.created_at:%Y-%m-%d %H:%M}",
            str(b.case_count),
            check,
            self.tr("是") if b.encrypted else self.tr("否"),
            files,
            b.app_version,
            b.name,
        ]

    def selected(self) -> BackupInfo | None:
        row = self.table.selected_id()
        return self.backups[row] if row is not None and row < len(self.backups) else None

    @Slot()
    def _on_table_selection_changed(self) -> None:
        chosen = self.selected()
        usable = chosen is not None and chosen.check_ok
        self.verify_button.setEnabled(usable)
        self.restore_button.setEnabled(usable)

    @Slot(bool)
    def _on_encrypt_box_toggled(self, on: bool) -> None:
        for w in (self.password_edit, self.repeat_edit):
            w.setEnabled(on)

    # --- settings ------------------------------------------------------------------------------

    def _ask_folder(self, start: str) -> str:
        return QFileDialog.getExistingDirectory(self, self.tr("选择备份文件夹"), start)

    @Slot()
    def _on_choose_button_clicked(self) -> None:
        chosen = self.ask_folder(self.folder_edit.text() or str(Path.home()))
        if chosen:
            self.folder_edit.setText(str(Path(chosen)))
            self.save_row.show_saved(self.tr("已选择文件夹，请点“保存备份设置”。"))

    @Slot()
    def _on_save_button_clicked(self) -> None:
        from mediation_desk.services.backup_settings import save_backup_settings

        folder = Path(self.folder_edit.text()) if self.folder_edit.text() else None
        encrypt = self.encrypt_box.isChecked()
        automatic = self.automatic_box.isChecked()
        password, repeat = self.password_edit.text(), self.repeat_edit.text()
        data_dir = self.data_dir

        def save(_uow: object) -> object:
            return save_backup_settings(
                data_dir,
                folder=folder,
                encrypt=encrypt,
                automatic=automatic,
                password=password or None,
                repeat=repeat,
            )

        self.save_row.clear()
        self.ctx.ops.run(
            self,
            save,
            on_success=self._on_settings_saved,
            on_failure=self.save_row.show_refused,
            busy=self.tr("正在保存…"),
            disable=[self.save_row.button],
        )

    def _on_settings_saved(self, _saved: object) -> None:
        self.reload()
        self.save_row.show_saved(self.tr("已保存。此后的备份按此设置进行。"))

    # --- backing up, verifying, restoring ---------------------------------------------------

    @Slot()
    def _on_backup_button_clicked(self) -> None:
        from mediation_desk.services.backup_jobs import back_up_now

        data_dir, url = self.data_dir, self.database_url
        self.result_label.clear()
        self.ctx.ops.run(
            self,
            lambda uow: back_up_now(uow, data_dir=data_dir, database_url=url, how="手动"),
            on_success=self._on_backed_up,
            on_failure=self._on_refused,
            title=self.tr("备份未完成"),
            busy=self.tr("正在备份…"),
            progress=self.tr("正在备份数据库和案件文件…"),
            disable=[self.backup_button, self.restore_button],
        )

    def _on_backed_up(self, result: BackupResult) -> None:
        info = result.info
        self._show_result(
            self.tr(
                "备份完成并已校验：{0} 件案件，{1} 个案件文件（本次新复制 {2} 个，{3}）。"
            ).format(
                info.case_count, result.files_total, result.files_copied, _size(result.bytes_copied)
            )
        )
        self.reload()

    def _on_refused(self, error: DeskError) -> bool:
        from mediation_desk.services.backup import RestoreInterrupted

        self.result_label.setStyleSheet(ERROR_STYLE)
        self.result_label.setText("✖ " + error.message)
        if isinstance(error, RestoreInterrupted):  # the data may be half moved: close
            self.tell(
                self.tr("恢复未完成"),
                error.message + self.tr("\n\n程序现在关闭，请处理后重新启动。"),
            )
            self.restored.emit()
        return True

    def _show_result(self, text: str) -> None:
        self.result_label.setStyleSheet(OK_STYLE)
        self.result_label.setText(text)

    def _password_for(self, info: BackupInfo) -> str | None:
        """'' for a plain backup; None when the clerk gave up."""
        if not info.encrypted:
            return ""
        saved = self.state is not None and self.state.settings.password_saved
        hint = self.tr("（留空则使用本机保存的备份密码）") if saved else ""
        return self.ask_password(
            self.tr("备份“{0}”已加密，请输入备份密码{1}：").format(info.name, hint)
        )

    @Slot()
    def _on_verify_button_clicked(self) -> None:
        from mediation_desk.services.backup_jobs import verify_selected

        info = self.selected()
        if info is None:
            return
        password = self._password_for(info)
        if password is None:
            return
        data_dir = self.data_dir
        self.result_label.clear()
        self.ctx.ops.run(
            self,
            lambda _uow: verify_selected(data_dir, info, password=password),
            on_success=lambda checked: self._show_result(
                self.tr("备份“{0}”完好：每个文件都已读出并校验。").format(checked.name)
            ),
            on_failure=self._on_refused,
            busy=self.tr("正在验证备份…"),
            progress=self.tr("正在逐个文件验证备份…"),
            disable=[self.verify_button, self.restore_button],
        )

    @Slot()
    def _on_restore_button_clicked(self) -> None:
        from mediation_desk.services.backup_jobs import describe, restore_in_place

        info = self.selected()
        if info is None:
            return
        question = self.tr(
            "用 {0} 替换现在的全部数据（数据库和案件文件夹）？\n\n"
            "恢复前会先校验整份备份；现有数据不会删除，而是另存为“*.before-restore-<时间>”。"
            "此后登记或修改的内容将不在恢复后的数据中。\n\n"
            "恢复完成后程序会关闭，请重新启动。其他电脑上正在使用同一数据的程序请先关闭。"
        ).format(describe(info))
        if not self.ask_confirm(question):
            return
        password = self._password_for(info)
        if password is None:
            return
        data_dir, url = self.data_dir, self.database_url
        self.result_label.clear()
        self.ctx.ops.run(
            self,
            lambda uow: restore_in_place(
                uow, info.path, data_dir=data_dir, database_url=url, password=password
            ),
            on_success=self._on_restored,
            on_failure=self._on_refused,
            title=self.tr("恢复未完成"),
            busy=self.tr("正在恢复备份…"),
            progress=self.tr("正在校验并恢复备份…"),
            disable=[self.backup_button, self.verify_button, self.restore_button],
        )

    def _on_restored(self, result: RestoreResult) -> None:
        aside = "\n".join(str(p) for p in result.kept_aside) or self.tr("（无）")
        recorded = f"。\n\n{result.note}" if result.note else self.tr("，并记入操作历史。")
        self.tell(
            self.tr("已恢复"),
            self.tr(
                "已恢复 {0} 的备份（{1} 件案件）{2}\n\n原有数据另存为：\n{3}\n\n"
                "程序现在关闭，请重新启动后继续使用。"
            ).format(
                f"{result.info.created_at:%Y-%m-%d %H:%M}", result.info.case_count, recorded, aside
            ),
        )
        self.restored.emit()  # the data under the window is gone: it must close either way

    # --- dialogs ---------------------------------------------------------------------------------

    def _ask_confirm(self, question: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("恢复备份"), question, parent=self)
        restore = box.addButton(self.tr("恢复"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is restore

    def _ask_password(self, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(
            self, self.tr("备份密码"), prompt, QLineEdit.EchoMode.Password
        )
        return text if ok else None

    def _tell(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)
