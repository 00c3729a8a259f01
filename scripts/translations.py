"""Keep resources/translations/*.ts in step with the code (a developer tool, not shipped).

    python scripts/translations.py update          pyside6-lupdate over dino_desktop/ui:
                                                   new strings appear as unfinished in pt_BR;
                                                   English (the source language) is filled in
    python scripts/translations.py merge F.json    set pt_BR texts from {context: {en: pt}}
    python scripts/translations.py check           list unfinished pt_BR strings (exit 1 if any)

Translators can also edit dino_pt_BR.ts in Qt Linguist (`pyside6-linguist`). The .qm files are
built by scripts/_setup.sh (the run and test commands).
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_DIR = ROOT / "resources" / "translations"
LANGS = ("pt_BR", "en")


def ts_path(lang: str) -> Path:
    return TS_DIR / f"dino_{lang}.ts"


def lupdate_exe() -> str:
    exe = Path(sys.executable).with_name("pyside6-lupdate")
    return str(exe) if exe.exists() else "pyside6-lupdate"


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "dino_desktop" / "ui").glob("*.py"))


def lupdate(ts: Path, lang: str) -> None:
    subprocess.run([lupdate_exe(), *sources(), "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", lang, "-silent",
                    "-ts", str(ts)], check=True, cwd=ROOT)


def messages(ts: Path) -> list[tuple[str, ET.Element]]:
    tree = ET.parse(ts)
    out = []
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        out.extend((name, msg) for msg in ctx.iter("message"))
    return out


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    found = []
    for ctx, msg in messages(ts):
        tr = msg.find("translation")
        if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") \
                or not (tr.text or "").strip():
            found.append((ctx, msg.findtext("source") or ""))
    return found


def _write(tree: ET.ElementTree, ts: Path) -> None:
    ET.indent(tree)
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                  "utf-8")


def fill(ts: Path, texts: dict[str, dict[str, str]] | None) -> int:
    """Set translations: from `texts` (context → source → text), or the source itself."""
    tree = ET.parse(ts)
    changed = 0
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            source = msg.findtext("source") or ""
            text = source if texts is None else texts.get(name, {}).get(source)
            if text is None:
                continue
            tr = msg.find("translation")
            if tr is None:
                tr = ET.SubElement(msg, "translation")
            if tr.text != text or tr.get("type"):
                tr.text = text
                tr.attrib.pop("type", None)
                changed += 1
    _write(tree, ts)
    return changed


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        for lang in LANGS:
            lupdate(ts_path(lang), lang)
        fill(ts_path("en"), None)
        fill(ts_path("pt_BR"), {})  # no new texts: rewrites it in this script's layout only
        left = unfinished(ts_path("pt_BR"))
        print(f"{len(left)} pt_BR strings to translate")
        return 0
    if command == "merge":
        texts = json.loads(Path(argv[1]).read_text("utf-8"))
        print(f"{fill(ts_path('pt_BR'), texts)} pt_BR strings set")
        return 0
    if command == "check":
        left = unfinished(ts_path("pt_BR"))
        for ctx, source in left:
            print(f"{ctx}: {source!r}")
        return 1 if left else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
