"""Languages: Qt translators for the widgets, the core's own catalogue for problem messages.

The language follows the OS until the user picks one (remembered in QSettings). Switching
installs new translators; Qt then sends every widget a LanguageChange event and each one
re-reads its texts in `retranslate()`. The chosen language is also Qt's default QLocale, so
numbers, dates and money follow it everywhere (`current_lang()` reads it back).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
    Signal,
)

from dino_desktop.core.manifest import resources_dir
from dino_desktop.core.messages import render
from dino_desktop.core.models import Cancelled, DinoError, Problem, Severity

log = logging.getLogger(__name__)
LANGUAGES = {"pt_BR": "Português (Brasil)", "en": "English"}  # shown in their own language


def normalize(lang: str | None) -> str | None:
    if not lang:
        return None
    return "pt_BR" if lang.lower().replace("-", "_").startswith("pt") else "en"


def system_language() -> str:
    return normalize(QLocale.system().name()) or "en"


def current_lang() -> str:
    """"pt_BR" or "en": the language the app shows now (the default QLocale)."""
    return "pt_BR" if QLocale().language() == QLocale.Language.Portuguese else "en"


def problem_text(problem: Problem, *, with_location: bool = True) -> str:
    """A core problem (code + parameters) in the language shown now."""
    return render(problem, current_lang(), with_location=with_location)  # type: ignore[arg-type]


def as_problem(exc: BaseException) -> Problem | None:
    """The problem a failed worker carries (None: an unexpected error, shown as its text)."""
    if isinstance(exc, DinoError):
        return exc.problem
    problems = getattr(exc, "problems", None)  # services.ingestion.IngestError
    if problems:
        return problems[0]
    if isinstance(exc, Cancelled):
        return Problem(Severity.INFO, "cancelled")
    return None


def error_text(exc: BaseException) -> str:
    found = as_problem(exc)
    return problem_text(found) if found is not None else str(exc)


def translations_dir() -> Path:
    return resources_dir() / "translations"


class Translator(QObject):
    """Owns the installed QTranslators; `use()` switches language at once."""

    changed = Signal(str)

    def __init__(self, app: QCoreApplication, folder: Path | None = None) -> None:
        super().__init__(app)
        self.app = app
        self.folder = folder or translations_dir()
        self._installed: list[QTranslator] = []
        self.lang = ""

    def use(self, lang: str) -> str:
        lang = normalize(lang) or "en"
        for t in self._installed:
            self.app.removeTranslator(t)
        self._installed = []
        QLocale.setDefault(QLocale("pt_BR" if lang == "pt_BR" else "en_US"))
        ours = QTranslator(self)
        if ours.load(f"dino_{lang}", str(self.folder)):
            self._installed.append(ours)
        elif lang != "en":
            log.warning("no translation file dino_%s.qm in %s (build it: scripts/translations.sh)",
                        lang, self.folder)
        qt = QTranslator(self)
        if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            self._installed.append(qt)  # Qt's own dialogs and context menus
        for t in self._installed:
            self.app.installTranslator(t)
        changed = lang != self.lang
        self.lang = lang
        # Qt posts LanguageChange to every widget; deliver now, so texts switch at once
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        if changed:
            self.changed.emit(lang)
        return lang
