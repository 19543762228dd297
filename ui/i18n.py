"""Translations, installed before any widget exists.

UI strings are written in Chinese inside ``tr()``; Qt's own strings (dialog buttons, context
menus, the file dialog) come from Qt's zh_CN catalogue, and the few that catalogue leaves in
English from ``QT_GAPS`` below. A catalogue for another language (e.g. Mongolian or Uyghur for
minority areas) is a ``.qm`` in ``resources/translations`` named ``mediation_desk_<locale>.qm``,
built with ``pyside6-lrelease`` from the ``.ts`` file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"

#: Qt's own strings that qtbase_zh_CN (Qt 6.8–6.11) leaves untranslated, seen in the
#: non-native file dialog and the print dialog: (context, source) → Chinese.
QT_GAPS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QIODevice", "No such file or directory"): "文件或文件夹不存在",
    ("QPrintSettingsOutput", "Page &Set:"): "页面集(&S)：",
}


class QtGapsTranslator(QTranslator):
    """Answers only for ``QT_GAPS``; installed first, so Qt asks it last."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def isEmpty(self) -> bool:
        return False

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None, not "": an empty string would be taken as the translation of everything.
        return QT_GAPS.get((context, source))


def install_translators(app: QApplication, locale_name: str = "zh_CN") -> list[QTranslator]:
    installed: list[QTranslator] = []
    if locale_name.startswith("zh"):
        gaps = QtGapsTranslator(app)
        app.installTranslator(gaps)
        installed.append(gaps)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue, folder in (("qtbase", qt_dir), ("mediation_desk", str(TRANSLATIONS_DIR))):
        translator = QTranslator(app)
        if translator.load(QLocale(locale_name), catalogue, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed
