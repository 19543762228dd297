"""Translations, installed before any widget exists.

UI strings are written in Chinese inside ``tr()``; Qt's own strings (dialog buttons, context
menus) come from Qt's zh_CN catalogue. A catalogue for another language (e.g. Mongolian or
Uyghur for minority areas) is a ``.qm`` in ``resources/translations`` named
``mediation_desk_<locale>.qm``, built with ``pyside6-lrelease`` from the ``.ts`` file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"


def install_translators(app: QApplication, locale_name: str = "zh_CN") -> list[QTranslator]:
    installed = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue, folder in (("qtbase", qt_dir), ("mediation_desk", str(TRANSLATIONS_DIR))):
        translator = QTranslator(app)
        if translator.load(QLocale(locale_name), catalogue, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
    return installed
