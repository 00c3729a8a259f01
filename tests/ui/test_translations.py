"""Every visible string exists in Brazilian Portuguese, and switching language shows it."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
import translations  # noqa: E402

PLACEHOLDER = re.compile(r"%\d")


def test_no_pt_br_string_is_unfinished() -> None:
    left = translations.unfinished(translations.ts_path("pt_BR"))
    assert not left, f"{len(left)} unfinished pt_BR strings, e.g. {left[:5]}"


def test_every_string_in_the_code_is_in_the_ts_files(tmp_path: Path) -> None:
    """lupdate over today's code finds nothing new: no tr() string lacks a translation."""
    for lang in translations.LANGS:
        ts = tmp_path / f"dino_{lang}.ts"
        shutil.copy(translations.ts_path(lang), ts)
        translations.lupdate(ts, lang)
        if lang == "pt_BR":
            left = translations.unfinished(ts)
            assert not left, f"strings missing from dino_pt_BR.ts (run scripts/translations.py " \
                             f"update, then translate): {left[:5]}"


@pytest.mark.parametrize("lang", translations.LANGS)
def test_translations_keep_placeholders_and_one_shortcut(lang: str) -> None:
    for ctx, msg in translations.messages(translations.ts_path(lang)):
        source = msg.findtext("source") or ""
        text = msg.findtext("translation") or ""
        if not text:
            continue  # unfinished: the tests above say so
        where = f"{ctx}: {source!r} → {text!r}"
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), where
        accels = len(re.findall(r"&(?!amp;|lt;|gt;|&)\w", text.replace("&&", "")))
        assert accels == (1 if re.search(r"&(?!&)\w", source.replace("&&", "")) else 0) \
            or "<" in source, where


def test_shortcut_letters_do_not_clash_within_a_menu(qapp, window, translator) -> None:
    for lang in translations.LANGS:
        translator.use(lang)
        for menu in (window.menu_settings, window.menu_language, window.menu_help):
            keys = [a.text().lower().split("&")[1][0] for a in menu.actions()
                    if "&" in a.text()]
            assert len(keys) == len(set(keys)), (lang, [a.text() for a in menu.actions()])
