"""The single file's launcher: a payload packed from an app folder, found inside a real
PyInstaller archive (written by PyInstaller's own writer), unpacked once per version into a
cache folder, checked on every start, and the app run from there with the user's arguments."""

from __future__ import annotations

import ast
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PyInstaller.archive.writers import CArchiveWriter

from dino_desktop.launcher import cache, main, pack
from dino_desktop.launcher.payload import ENTRY_NAME, Payload, PayloadError

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake app is a shell script")

APP_SCRIPT = """#!/bin/sh
# a stand-in for the app's executable: says what it was given
if [ "$1" = wait-term ]; then
    trap 'echo "got TERM"; exit 7' TERM
    echo ready
    while :; do sleep 0.05; done
fi
echo "args:$*"
echo "launcher:$DINO_LAUNCHER"
echo "reset:$PYINSTALLER_RESET_ENVIRONMENT"
echo "ld:${LD_LIBRARY_PATH-unset}"
[ "$1" = fail ] && exit 3
exit 0
"""


def make_app(folder: Path, version_note: str = "") -> Path:
    """A small one-folder build: the executable, machine code (an ELF header and noise),
    modules, data, an empty file, a nested folder and a symbolic link."""
    internal = folder / "_internal"
    (internal / "pkg" / "sub").mkdir(parents=True)
    (folder / "dino").write_text(APP_SCRIPT)
    (folder / "dino").chmod(0o755)
    noise = os.urandom(300_000)
    (internal / "libbig.so.6").write_bytes(b"\x7fELF" + noise + noise)
    (internal / "pkg" / "ext.abi3.so").write_bytes(b"\x7fELF" + os.urandom(50_000))
    (internal / "pkg" / "__init__.pyc").write_bytes(b"\x00" * 5000 + version_note.encode())
    (internal / "pkg" / "sub" / "data.json").write_text('{"a": 1}' * 1000)
    (internal / "pkg" / "empty.txt").write_bytes(b"")
    (internal / "libbig.so").symlink_to("libbig.so.6")
    return folder


def single_file(tmp_path: Path, app: Path, name: str = "dino", version: str = "1.0.0") -> Path:
    """A file shaped like the built `dist/dino`: a "bootloader" (bytes), then a PyInstaller
    archive with a data entry and the payload, stored as PyInstaller stores it."""
    packed = tmp_path / f"{name}.payload"
    pack.write_payload(app, packed, version=version, app="dino")
    other = tmp_path / "other.txt"
    other.write_text("extracted by the bootloader")
    archive = tmp_path / f"{name}.pkg"
    CArchiveWriter(str(archive), [("other.txt", str(other), True, "x"),
                                  (ENTRY_NAME, str(packed), False, "a")], "libpython3.11.so")
    exe = tmp_path / name
    exe.write_bytes(b"\x7fELF-bootloader" + os.urandom(4096) + archive.read_bytes())
    exe.chmod(0o755)
    return exe


@pytest.fixture
def app(tmp_path: Path) -> Path:
    return make_app(tmp_path / "dino-app")


@pytest.fixture
def exe(tmp_path: Path, app: Path) -> Path:
    return single_file(tmp_path, app)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache" / "dino" / "app"
    monkeypatch.setenv("DINO_APP_CACHE", str(where))
    monkeypatch.setenv("DINO_LANG", "en")
    return where


def files_of(folder: Path) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_symlink():
            out[rel] = "-> " + os.readlink(p)
        elif p.is_file() and not p.name.startswith("."):  # not the launcher's own marks
            out[rel] = p.read_bytes()
    return out


def test_the_payload_unpacks_to_the_same_folder(tmp_path: Path, app: Path, exe: Path):
    found = Payload.in_executable(exe)
    assert (found.version, found.app) == ("1.0.0", "dino")
    assert len(found.streams) >= 2  # machine code apart from the rest, unpacked in parallel
    assert found.size == sum(p.stat().st_size for p in app.rglob("*")
                             if p.is_file() and not p.is_symlink())
    out = tmp_path / "out"
    out.mkdir()
    found.unpack(out)
    assert files_of(out) == files_of(app)
    assert os.access(out / "dino", os.X_OK)
    assert (out / "_internal" / "libbig.so").is_symlink()


def test_packing_the_same_folder_twice_gives_the_same_id(tmp_path: Path, app: Path):
    one = pack.write_payload(app, tmp_path / "one", version="1.0.0", app="dino")
    two = pack.write_payload(app, tmp_path / "two", version="1.0.0", app="dino")
    (app / "_internal" / "pkg" / "__init__.pyc").write_bytes(b"changed")
    three = pack.write_payload(app, tmp_path / "three", version="1.0.0", app="dino")
    assert one.id == two.id != three.id


def test_a_file_without_the_payload_is_refused_clearly(tmp_path: Path):
    plain = tmp_path / "plain"
    plain.write_bytes(os.urandom(10_000))
    with pytest.raises(PayloadError, match="not a PyInstaller executable"):
        Payload.in_executable(plain)
    other = tmp_path / "other.txt"
    other.write_text("x")
    archive = tmp_path / "pkg"
    CArchiveWriter(str(archive), [("other.txt", str(other), True, "x")], "libpython3.11.so")
    with pytest.raises(PayloadError, match="not a DINO single file"):
        Payload.in_executable(archive)


def test_the_first_start_unpacks_and_later_starts_reuse_the_folder(exe: Path, root: Path):
    found = Payload.in_executable(exe)
    announced: list[Path] = []
    folder, fresh = cache.install(found, root, announce=announced.append)
    assert fresh and announced == [folder]
    assert folder.parent == root and folder.name.startswith("1.0.0-")
    assert cache.is_complete(folder, found)
    mark = folder / "_internal" / "pkg" / "sub" / "data.json"
    before = mark.stat().st_mtime_ns
    again, fresh = cache.install(found, root, announce=announced.append)
    assert (again, fresh, len(announced)) == (folder, False, 1)
    assert mark.stat().st_mtime_ns == before  # nothing written on a later start
    assert sorted(p.name for p in root.iterdir()) == [f".{folder.name}.lock", folder.name]


@pytest.mark.parametrize("damage", ["deleted", "truncated", "link gone"])
def test_a_damaged_folder_is_unpacked_again(exe: Path, root: Path, damage: str):
    found = Payload.in_executable(exe)
    folder, _ = cache.install(found, root)
    lib = folder / "_internal" / "libbig.so.6"
    good = lib.read_bytes()
    if damage == "deleted":
        lib.unlink()
    elif damage == "truncated":
        lib.write_bytes(good[:100])
    else:
        (folder / "_internal" / "libbig.so").unlink()
    assert not cache.is_complete(folder, found)
    again, fresh = cache.install(found, root)
    assert (again, fresh) == (folder, True)
    assert lib.read_bytes() == good and (folder / "_internal" / "libbig.so").is_symlink()
    assert sorted(p.name for p in root.iterdir()) == [f".{folder.name}.lock", folder.name]


def test_a_damaged_payload_leaves_nothing_that_looks_whole(exe: Path, root: Path):
    found = Payload.in_executable(exe)
    data = bytearray(exe.read_bytes())
    middle = found.streams[0].offset + found.streams[0].length // 2
    data[middle:middle + 64] = os.urandom(64)
    exe.write_bytes(bytes(data))
    with pytest.raises(PayloadError, match="damaged"):
        cache.install(Payload.in_executable(exe), root)
    assert [p for p in root.iterdir() if p.is_dir()] == []  # the half-unpacked one is gone


def test_two_first_starts_at_once_unpack_once(exe: Path, root: Path,
                                             monkeypatch: pytest.MonkeyPatch):
    """An impatient double-click: the second start waits for the first one's unpacking and
    uses its folder, instead of unpacking the same 0.5 GB beside it."""
    unpacking: list[Path] = []
    second_unpacks = threading.Event()
    unpack = Payload.unpack

    def watched_unpack(self: Payload, into: Path, workers: int | None = None) -> None:
        unpacking.append(into)
        if len(unpacking) == 1:
            started.set()
            # the second start must not get here while the first one unpacks
            assert not second_unpacks.wait(2), "both starts unpacked at once"
        else:
            second_unpacks.set()
        unpack(self, into, workers)

    monkeypatch.setattr(Payload, "unpack", watched_unpack)
    found = Payload.in_executable(exe)
    started = threading.Event()
    results: list[tuple[Path, bool]] = []
    errors: list[BaseException] = []

    def start() -> None:
        try:
            results.append(cache.install(found, root))
        except BaseException as exc:  # reported below
            errors.append(exc)

    first = threading.Thread(target=start)
    first.start()
    assert started.wait(30)
    second = threading.Thread(target=start)
    second.start()
    for t in (first, second):
        t.join(60)
    assert errors == []
    assert len(unpacking) == 1
    assert sorted(fresh for _, fresh in results) == [False, True]
    folder = results[0][0]
    assert {f for f, _ in results} == {folder} and cache.is_complete(folder, found)
    assert sorted(p.name for p in root.iterdir()) == [f".{folder.name}.lock", folder.name]


def test_old_versions_go_unless_an_app_runs_from_them(tmp_path: Path, root: Path):
    old = cache.install(Payload.in_executable(
        single_file(tmp_path, make_app(tmp_path / "old-app", "old"), "old", "0.9.0")), root)[0]
    older = cache.install(Payload.in_executable(
        single_file(tmp_path, make_app(tmp_path / "older-app", "older"), "older", "0.8.0")),
        root)[0]
    new = cache.install(Payload.in_executable(
        single_file(tmp_path, make_app(tmp_path / "new-app", "new"), "new", "1.0.0")), root)[0]
    leftover_old = root / ".1.0.0-x.123.partial"
    leftover_young = root / ".1.0.0-y.456.partial"
    leftover_old.mkdir()
    leftover_young.mkdir()
    day_ago = time.time() - cache.STALE_SECONDS - 60
    locks = {p.name: p for p in root.glob(".*.lock")}  # one per version unpacked
    assert len(locks) == 3
    for stale in [leftover_old, *locks.values()]:
        os.utime(stale, (day_ago, day_ago))
    # another process runs the app of 0.9.0
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from dino_desktop.launcher.cache import hold; h = hold(Path(sys.argv[1])); "
         "print('held', flush=True); sys.stdin.read()", str(old)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        removed = cache.remove_unused(root, keep=new)
        assert set(removed) == {older, leftover_old, locks[f".{old.name}.lock"],
                                locks[f".{older.name}.lock"]}  # not the running version's
        assert cache.is_complete(old, Payload.in_executable(tmp_path / "old"))
        assert leftover_young.is_dir() and new.is_dir()
    finally:
        holder.communicate("", timeout=30)
    assert cache.remove_unused(root, keep=new) == [old]  # nobody runs it any more
    assert sorted(p.name for p in root.iterdir()) == sorted(
        [new.name, f".{new.name}.lock", leftover_young.name])


def test_the_app_runs_with_the_arguments_and_its_exit_code_comes_back(
        exe: Path, root: Path, capfd: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LD_LIBRARY_PATH", "/tmp/_MEI123:/opt/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/lib")
    assert main.main(["ingest", "vendas 2026.csv", "--yes"], exe=exe) == 0
    out, err = capfd.readouterr()
    assert "args:ingest vendas 2026.csv --yes" in out
    assert f"launcher:{exe}" in out  # IT's central file may sit beside the single file
    assert "reset:1" in out  # the app starts as a program of its own, not as a worker
    assert "ld:/opt/lib" in out  # the user's library path, not the bootloader's
    assert "preparing its first start" in err and str(root) in err
    assert main.main(["fail"], exe=exe) == 3
    out, err = capfd.readouterr()
    assert "args:fail" in out and err == ""  # a later start says nothing of its own


def test_a_termination_request_reaches_the_app(exe: Path, root: Path):
    code = ("import sys; from pathlib import Path; from dino_desktop.launcher.main import main;"
            "sys.exit(main(sys.argv[2:], exe=Path(sys.argv[1])))")
    proc = subprocess.Popen([sys.executable, "-c", code, str(exe), "wait-term"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "DINO_APP_CACHE": str(root)})
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    proc.send_signal(signal.SIGTERM)
    out, _err = proc.communicate(timeout=30)
    assert "got TERM" in out
    assert proc.returncode == 7


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["could not unpack itself", "DINO_APP_CACHE", "MB"]),
    ("pt_BR", ["não conseguiu se descompactar", "DINO_APP_CACHE", "libere espaço"]),
])
def test_a_cache_that_cannot_be_written_gives_a_clear_message(
        tmp_path: Path, exe: Path, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str], lang: str, words: list[str]):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DINO_APP_CACHE", str(blocker / "app"))
    monkeypatch.setenv("DINO_LANG", lang)
    assert main.main(["--version"], exe=exe) == 1
    err = capfd.readouterr().err
    assert str(blocker / "app") in err
    for word in words:
        assert word in err


def test_a_damaged_single_file_says_so(tmp_path: Path, root: Path,
                                       capfd: pytest.CaptureFixture[str]):
    plain = tmp_path / "dino"
    plain.write_bytes(os.urandom(5000))
    assert main.main(["--version"], exe=plain) == 1
    err = capfd.readouterr().err
    assert "damaged" in err and "ask IT for a new copy" in err


def test_the_launcher_needs_nothing_but_the_standard_library():
    """It is frozen alone (build.spec), without DINO's dependencies."""
    package = Path(main.__file__).parent
    files = [*package.glob("*.py"), package.parent / "__init__.py"]
    found = set()
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module)
    outside = {name for name in found if name.split(".")[0] not in sys.stdlib_module_names
               and not name.startswith("dino_desktop.launcher") and name != "__future__"}
    assert outside == set()
    assert len(files) >= 4 and "tarfile" in found


def test_streams_that_fill_the_same_folders_unpack_side_by_side(tmp_path: Path):
    """Machine code and the rest of one package travel in different streams, unpacked at the
    same time: neither may trip over a folder the other has just made."""
    app = tmp_path / "many"
    for n in range(150):
        where = app / "_internal" / f"pkg{n}" / "sub"
        where.mkdir(parents=True)
        (where / "ext.so").write_bytes(b"\x7fELF" + os.urandom(2000))
        (where / "mod.pyc").write_bytes(os.urandom(2000))
    (app / "dino").write_text(APP_SCRIPT)
    packed = pack.write_payload(app, tmp_path / "many.payload", version="1", app="dino",
                                   parts=3)
    assert len(packed.streams) >= 3
    for n in range(5):
        out = tmp_path / f"out{n}"
        out.mkdir()
        packed.unpack(out, workers=4)
        assert files_of(out) == files_of(app)


def test_a_termination_request_before_the_app_is_up_is_passed_on_once_it_is():
    signals = main.Signals()
    try:
        os.kill(os.getpid(), signal.SIGTERM)  # the launcher is asked to stop: kept for now
        assert signals.pending == [signal.SIGTERM]
        app = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        signals.attach(app)
        assert main.exit_code(app.wait(timeout=30)) == 128 + signal.SIGTERM
    finally:
        signals.restore()
    assert signal.getsignal(signal.SIGTERM) == signals.before[signal.SIGTERM]  # as it was
