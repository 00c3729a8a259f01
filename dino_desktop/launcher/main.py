"""The single file's entry point: find the app inside, unpack it on a version's first start,
run it with the same arguments, and hand back its exit code."""

from __future__ import annotations

import contextlib
import locale
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dino_desktop.launcher.cache import cache_root, hold, install, remove_unused
from dino_desktop.launcher.payload import Payload, PayloadError

TEXTS = {
    "first": (
        "DINO {version}: preparing its first start ({mb} MB into {folder}); later starts "
        "skip this.",
        "DINO {version}: preparando o primeiro início ({mb} MB em {folder}); os próximos "
        "inícios pulam esta etapa."),
    "damaged": (
        "This copy of DINO is damaged ({error}). Download it again, or ask IT for a new copy.",
        "Esta cópia do DINO está danificada ({error}). Baixe-a de novo ou peça uma nova "
        "cópia à TI."),
    "unpack": (
        "DINO could not unpack itself into {folder}: {error}. It needs about {mb} MB there: "
        "free some space, or set DINO_APP_CACHE to a folder you can write to, then start "
        "DINO again.",
        "O DINO não conseguiu se descompactar em {folder}: {error}. Ele precisa de cerca de "
        "{mb} MB ali: libere espaço ou defina DINO_APP_CACHE para uma pasta em que você "
        "possa gravar, e inicie o DINO de novo."),
    "start": (
        "DINO could not start {app}: {error}. Delete the folder {folder} and start DINO "
        "again.",
        "O DINO não conseguiu iniciar {app}: {error}. Apague a pasta {folder} e inicie o "
        "DINO de novo."),
}


def portuguese() -> bool:
    """The launcher runs before the app's settings are read: DINO_LANG, else the system's
    language."""
    lang = os.environ.get("DINO_LANG", "")
    if not lang and sys.platform == "win32":
        import ctypes

        return ctypes.windll.kernel32.GetUserDefaultUILanguage() & 0x3FF == 0x16  # type: ignore[attr-defined]
    if not lang:
        lang = (os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES")
                or os.environ.get("LANG") or (locale.getlocale()[0] or ""))
    return lang.lower().startswith("pt")


def say(key: str, **values: object) -> str:
    return TEXTS[key][1 if portuguese() else 0].format(**values)


def tell(text: str) -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):  # no console at all
        print(text, file=sys.stderr, flush=True)


def show(text: str) -> None:
    """An error: on the terminal, and in a message box on Windows when there is no visible
    console (a double-click: the console is hidden at once)."""
    tell(text)
    if sys.platform == "win32":
        import ctypes

        hwnd = ctypes.windll.kernel32.GetConsoleWindow()  # type: ignore[attr-defined]
        if not hwnd or not ctypes.windll.user32.IsWindowVisible(hwnd):  # type: ignore[attr-defined]
            ctypes.windll.user32.MessageBoxW(None, text, "DINO", 0x10)  # type: ignore[attr-defined]


def child_env(launcher: Path) -> dict[str, str]:
    """The app is a PyInstaller build of its own: it must start as a new program, with the
    user's library path, not the one the single file's bootloader set for the launcher; it
    learns where the single file is (IT's central configuration may sit beside it)."""
    env = dict(os.environ)
    env["PYINSTALLER_RESET_ENVIRONMENT"] = "1"
    env["DINO_LAUNCHER"] = str(launcher)
    original = env.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is not None:
        env["LD_LIBRARY_PATH"] = original
    elif getattr(sys, "_MEIPASS", None) and env.get("LD_LIBRARY_PATH") == sys._MEIPASS:  # type: ignore[attr-defined]
        del env["LD_LIBRARY_PATH"]
    return env


def start(app: Path, args: Sequence[str], env: dict[str, str],
          keep_open: int | None) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(app), *args], env=env,
                            pass_fds=(keep_open,) if keep_open is not None else ())


class Signals:
    """While the app runs: Ctrl+C reaches it from the terminal directly, so the launcher
    ignores it; a termination request to the launcher is passed on. Set up before the app
    starts, so a request that comes in between is kept and passed on once it has."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.pending: list[int] = []
        wanted: dict[int, Any] = {signal.SIGINT: signal.SIG_IGN}
        for name in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, name):
                wanted[getattr(signal, name)] = self._forward
        self.before = {sig: signal.signal(sig, handler) for sig, handler in wanted.items()}

    def _forward(self, signum: int, _frame: object) -> None:
        if self.proc is None:
            self.pending.append(signum)
        else:
            self.proc.send_signal(signum)

    def attach(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc = proc
        for signum in self.pending:
            proc.send_signal(signum)

    def restore(self) -> None:
        for sig, handler in self.before.items():
            signal.signal(sig, handler)


def exit_code(code: int) -> int:
    """The app's exit code, or 128 + the signal that ended it (as a shell says it)."""
    return 128 - code if code < 0 else code


def main(argv: Sequence[str] | None = None, exe: Path | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    exe = Path(exe or sys.executable).resolve()
    try:
        payload = Payload.in_executable(exe)
    except (PayloadError, OSError) as exc:
        show(say("damaged", error=exc))
        return 1
    mb = round(payload.size / 1e6)
    root = cache_root()
    try:
        folder, _fresh = install(payload, root, announce=lambda target: tell(
            say("first", version=payload.version, mb=mb, folder=target)))
        in_use = hold(folder)
    except PayloadError as exc:
        show(say("damaged", error=exc))
        return 1
    except OSError as exc:
        show(say("unpack", folder=root, error=exc.strerror or exc, mb=mb))
        return 1
    app = folder / payload.app
    keep_open = None if sys.platform == "win32" else in_use.fileno()
    signals = Signals()
    try:
        try:
            proc = start(app, args, child_env(exe), keep_open)
        except OSError as exc:
            show(say("start", app=app, folder=folder, error=exc.strerror or exc))
            return 1
        signals.attach(proc)
        remove_unused(root, keep=folder)  # while the app starts
        return exit_code(proc.wait())
    finally:
        signals.restore()
        in_use.close()


if __name__ == "__main__":
    sys.exit(main())
