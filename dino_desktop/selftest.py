"""`dino selftest`: proves that this copy of DINO works on this machine.

IT runs it on a fresh desktop after rolling out a build; CI runs it against the built file,
not the source tree. Everything happens offscreen, in a throwaway DINO_HOME, on the local
profile, whatever the machine's configuration says: it tests the build, not the settings
(`dino doctor` tests those). One line per check, in English or Brazilian Portuguese; the exit
status is 0 only when every check passed.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from dino_desktop import __version__
from dino_desktop.core.messages import render
from dino_desktop.core.models import DinoError, Severity

SAMPLE = "vendas_exemplo.csv"
DATABASE, TABLE = "selftest", "vendas"
WINDOW_TIMEOUT_MS = 60_000
ODBC_DRIVER = "ODBC Driver 18 for SQL Server"

# key -> (English, Português)
TEXTS: dict[str, tuple[str, str]] = {
    "version": ("version", "versão"),
    "resources": ("resources", "recursos"),
    "inspect": ("inspect", "inspeção"),
    "ingest": ("ingest", "ingestão"),
    "run_log": ("run log", "registro"),
    "azure": ("azure", "azure"),
    "window": ("window", "janela"),
    "frozen": ("single file {path}", "executável único {path}"),
    "folder": ("one-folder build", "pasta do aplicativo"),
    "source": ("from the source tree", "a partir do código-fonte"),
    "no_metadata": ("the version is unknown: the build lacks the package metadata "
                    "(copy_metadata in build.spec)",
                    "a versão é desconhecida: faltam os metadados do pacote no executável "
                    "(copy_metadata no build.spec)"),
    "resources_ok": ("{path}: schema, icon, sample and translations (pt_BR, en)",
                     "{path}: esquema, ícone, exemplo e traduções (pt_BR, en)"),
    "missing": ("missing from {path}: {names}", "faltando em {path}: {names}"),
    "inspected": ("{file}: {columns} columns, {encoding}, delimiter '{delimiter}', "
                  "about {rows} rows",
                  "{file}: {columns} colunas, {encoding}, delimitador '{delimiter}', "
                  "cerca de {rows} linhas"),
    "ingested": ("{rows} rows -> {target} (Delta version {version}) in {seconds} s",
                 "{rows} linhas -> {target} (versão Delta {version}) em {seconds} s"),
    "recorded": ("run {run_id} recorded as succeeded; the table has {rows} rows",
                 "execução {run_id} registrada como concluída; a tabela tem {rows} linhas"),
    "not_recorded": ("run {run_id} is {state} in the run log, with {rows} rows in the table",
                     "a execução {run_id} está {state} no registro, com {rows} linhas na "
                     "tabela"),
    "azure_ok": ("Blob Storage, Databricks, Azure SQL and Cost Management libraries load; "
                 "{driver}: {found}",
                 "as bibliotecas de Blob Storage, Databricks, Azure SQL e Cost Management "
                 "carregam; {driver}: {found}"),
    "driver_found": ("installed", "instalado"),
    "driver_missing": ("not installed (the azure profile's run log needs it)",
                       "não instalado (o registro do perfil azure precisa dele)"),
    "window_ok": ("opened and closed: {width}x{height}, {tabs} tabs, language {lang}, "
                  "{file} open with {columns} columns",
                  "aberta e fechada: {width}x{height}, {tabs} abas, idioma {lang}, "
                  "{file} aberto com {columns} colunas"),
    "window_timeout": ("the window did not show {file} within {seconds} s",
                       "a janela não mostrou {file} em {seconds} s"),
    "window_tr": ("the {lang} translation did not load from {path}",
                  "a tradução {lang} não carregou de {path}"),
    "window_icon": ("the window icon (resources/icons/dino.svg) cannot be drawn: Qt's SVG "
                    "plugins are missing from the build",
                    "o ícone da janela (resources/icons/dino.svg) não pode ser desenhado: "
                    "faltam os plugins SVG do Qt no executável"),
    "skipped": ("not run: the {check} check failed", "não executada: a verificação de "
                "{check} falhou"),
    "unexpected": ("unexpected error: {error}", "erro inesperado: {error}"),
    "all_ok": ("all {total} checks passed", "todas as {total} verificações passaram"),
    "some_failed": ("{failed} of {total} checks failed", "{failed} de {total} verificações "
                    "falharam"),
}


def text(key: str, lang: str, /, **params: Any) -> str:
    en, pt = TEXTS[key]
    return (pt if lang == "pt_BR" else en).format(**params)


class CheckFailed(Exception):
    """A check that did not hold; the message is already in the user's language."""


@dataclass
class Result:
    key: str
    ok: bool
    detail: str


@contextlib.contextmanager
def isolated_env(home: Path) -> Iterator[None]:
    """DINO_* as the self-test needs them (a fresh home, no user or central file), and Qt
    offscreen; the caller's environment comes back afterwards."""
    saved = dict(os.environ)
    kept = ("DINO_LANG", "DINO_LAUNCHER", "DINO_APP_CACHE")  # not settings: what runs where
    for name in [n for n in os.environ if n.startswith("DINO_") and n not in kept]:
        del os.environ[name]
    os.environ.update(DINO_HOME=str(home / "home"), DINO_PROFILE="local",
                      DINO_CONFIG=str(home / "no-user-config.toml"),
                      DINO_CENTRAL_CONFIG=str(home / "no-central-config.toml"),
                      QT_QPA_PLATFORM="offscreen")
    if "DINO_RESOURCES" in saved:
        os.environ["DINO_RESOURCES"] = saved["DINO_RESOURCES"]
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


class SelfTest:
    """The checks, in order; later ones use what earlier ones made (`state`)."""

    def __init__(self, lang: str, sample: Path | None) -> None:
        self.lang = lang
        self.sample = sample
        self.state: dict[str, Any] = {}
        self.failed: set[str] = set()

    def t(self, key: str, /, **params: Any) -> str:
        return text(key, self.lang, **params)

    def needs(self, key: str) -> None:
        if key in self.failed:
            raise CheckFailed(self.t("skipped", check=self.t(key)))

    def checks(self) -> list[tuple[str, Callable[[], str]]]:
        return [("version", self.version), ("resources", self.resources),
                ("inspect", self.inspect), ("ingest", self.ingest),
                ("run_log", self.run_log), ("azure", self.azure), ("window", self.window)]

    def version(self) -> str:
        if __version__.startswith("0.0.0"):
            raise CheckFailed(self.t("no_metadata"))
        launcher = os.environ.get("DINO_LAUNCHER")  # set by the single file's launcher
        if not getattr(sys, "frozen", False):
            where = self.t("source")
        else:
            where = self.t("frozen", path=launcher) if launcher else self.t("folder")
        return (f"dino {__version__}, {where}, Python {platform.python_version()}, "
                f"{platform.system()} {platform.release()} {platform.machine()}")

    def resources(self) -> str:
        from dino_desktop.core.manifest import resources_dir

        res = resources_dir()
        wanted = ["manifest.schema.json", "icons/dino.svg", f"samples/{SAMPLE}",
                  "translations/dino_pt_BR.qm", "translations/dino_en.qm"]
        missing = [name for name in wanted if not (res / name).is_file()]
        if missing:
            raise CheckFailed(self.t("missing", path=res, names=", ".join(missing)))
        self.state["sample"] = self.sample or res / "samples" / SAMPLE
        return self.t("resources_ok", path=res)

    def inspect(self) -> str:
        from dino_desktop.core.inspect import inspect_file

        sample = self.sample or self.state.get("sample")
        if sample is None:
            self.needs("resources")
        insp = inspect_file(sample)
        if not insp.ok:
            raise DinoError(next(p for p in insp.problems if p.severity is Severity.ERROR))
        self.state["inspection"] = insp
        return self.t("inspected", file=Path(sample).name, columns=len(insp.columns),
                      encoding=insp.setting("encoding"), delimiter=insp.setting("delimiter"),
                      rows=insp.estimated_rows if insp.estimated_rows is not None else "?")

    def ingest(self) -> str:
        from dino_desktop import config
        from dino_desktop.bootstrap import build
        from dino_desktop.services.ingestion import IngestRequest

        self.needs("inspect")
        started = time.perf_counter()
        app = build(config.load())
        self.state["app"] = app
        insp = self.state["inspection"]
        run = app.ingestion.ingest(IngestRequest(Path(insp.path), DATABASE, TABLE,
                                                 inspection=insp))
        self.state["run"] = run
        return self.t("ingested", rows=run.rows, target=run.target,
                      version=run.version_after,
                      seconds=f"{time.perf_counter() - started:.1f}")

    def run_log(self) -> str:
        from dino_desktop.core.runs import RunState

        self.needs("ingest")
        app, run = self.state["app"], self.state["run"]
        logged = app.runlog.get(run.run_id)
        tables = {t.table: t for t in app.catalog.tables(DATABASE)}
        rows = tables[TABLE].rows if TABLE in tables else 0
        state = logged.state.value if logged else "?"
        params = {"run_id": run.run_id[:10], "state": state, "rows": rows}
        if logged is None or logged.state is not RunState.SUCCEEDED or rows != run.rows:
            raise CheckFailed(self.t("not_recorded", **params))
        return self.t("recorded", **params)

    def azure(self) -> str:
        """The azure profile's adapters import (their SDKs are in the build); no network."""
        import importlib

        for name in ("azure_auth", "azure_blob", "databricks_engine", "unity_catalog",
                     "azure_sql", "azure_costs"):
            importlib.import_module(f"dino_desktop.adapters.{name}")
        import pyodbc  # what SQLAlchemy loads for Azure SQL: a hidden import in the build

        found = ODBC_DRIVER in pyodbc.drivers()
        return self.t("azure_ok", driver=ODBC_DRIVER,
                      found=self.t("driver_found" if found else "driver_missing"))

    def window(self) -> str:
        """The real main window, offscreen: shown, the sample opened in Upload, closed."""
        from PySide6.QtCore import QEventLoop, QSettings, QTimer, QTranslator

        from dino_desktop import config
        from dino_desktop.bootstrap import build
        from dino_desktop.ui.app import make_application
        from dino_desktop.ui.i18n import Translator
        from dino_desktop.ui.main_window import MainWindow
        from dino_desktop.ui.workers import TaskRunner

        self.needs("inspect")
        sample = Path(self.state["inspection"].path)
        app = self.state.get("app") or build(config.load())
        qapp = make_application([sys.argv[0]])
        translator = Translator(qapp)
        for lang in ("pt_BR", "en"):  # both must load, whichever one is shown
            if not QTranslator(qapp).load(f"dino_{lang}", str(translator.folder)):
                raise CheckFailed(self.t("window_tr", lang=lang, path=translator.folder))
        translator.use(self.lang)
        if qapp.windowIcon().pixmap(32, 32).isNull():  # needs Qt's SVG plugins in the build
            raise CheckFailed(self.t("window_icon"))
        home = Path(os.environ["DINO_HOME"])
        # whatever remembers window sizes or choices writes here, not to the user's settings
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home))
        settings = QSettings(str(home / "ui.ini"), QSettings.Format.IniFormat)
        runner = TaskRunner(qapp)
        window = MainWindow(app, translator, settings, runner)
        try:
            window.show()
            loop = QEventLoop()
            timer = QTimer(loop)
            timer.setSingleShot(True)
            timer.timeout.connect(loop.quit)
            window.upload.inspected.connect(loop.quit)
            window.tabs.setCurrentWidget(window.upload)
            window.upload.load(sample)
            timer.start(WINDOW_TIMEOUT_MS)
            loop.exec()
            insp = window.upload.inspection
            if insp is None or not window.isVisible():
                raise CheckFailed(self.t("window_timeout", file=sample.name,
                                         seconds=WINDOW_TIMEOUT_MS // 1000))
            return self.t("window_ok", width=window.width(), height=window.height(),
                          tabs=window.tabs.count(), lang=translator.lang, file=sample.name,
                          columns=len(insp.columns))
        finally:
            window.close()
            runner.cancel_all()
            runner.wait(30_000)
            window.deleteLater()
            qapp.processEvents()


def run(lang: str, sample: Path | None = None, out: TextIO | None = None) -> int:
    """Run every check, printing one line each as it ends; 0 if all passed, else 3."""
    out = out or sys.stdout
    with contextlib.suppress(AttributeError, ValueError):  # a console that cannot show "ç"
        out.reconfigure(errors="replace")  # type: ignore[union-attr]
    test = SelfTest(lang, sample)
    width = max(len(test.t(key)) for key, _ in test.checks())
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="dino-selftest-",
                                     ignore_cleanup_errors=True) as tmp, \
            isolated_env(Path(tmp)):
        for key, check in test.checks():
            result = _one(test, key, check)
            if not result.ok:
                test.failed.add(key)
            results.append(result)
            mark = "ok  " if result.ok else "FAIL"
            print(f"{mark} {test.t(key):<{width}}  {result.detail}", file=out, flush=True)
        _release(test.state)
    failed = sum(not r.ok for r in results)
    summary = (test.t("all_ok", total=len(results)) if not failed
               else test.t("some_failed", failed=failed, total=len(results)))
    print(summary, file=out, flush=True)
    return 0 if not failed else 3


def _one(test: SelfTest, key: str, check: Callable[[], str]) -> Result:
    try:
        return Result(key, True, check())
    except CheckFailed as exc:
        return Result(key, False, str(exc))
    except DinoError as exc:
        return Result(key, False, render(exc.problem, test.lang))
    except Exception as exc:
        problems = getattr(exc, "problems", None)  # services.ingestion.IngestError
        if problems:
            return Result(key, False, render(problems[0], test.lang))
        error = f"{type(exc).__name__}: {exc}"[:400]
        return Result(key, False, test.t("unexpected", error=error))


def _release(state: dict[str, Any]) -> None:
    """Close the run log's database before its folder goes (Windows keeps open files)."""
    app = state.pop("app", None)
    close = getattr(getattr(app, "runlog", None), "close", None)
    if close is not None:
        with contextlib.suppress(Exception):
            close()
    state.clear()
