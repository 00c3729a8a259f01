"""Which text encoding a file uses, from a sample of its head and tail, or why it is not text."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from dino_desktop.core.models import DinoError, Problem, Severity

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"PK\x03\x04", "a zip archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"\xd0\xcf\x11\xe0", "an old Office (.xls/.doc) file"),
    (b"7z\xbc\xaf", "a 7-zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"SQLite format 3", "a SQLite database"),
)
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")


@dataclass(frozen=True)
class EncodingGuess:
    encoding: str  # a Python codec name: utf-8, utf-8-sig, utf-16, cp1252, latin-1, ...
    confidence: float
    bom: int = 0  # bytes of byte-order mark at the start


def _binary(reason: str) -> DinoError:
    return DinoError(Problem(Severity.ERROR, "file_binary", {"reason": reason},
                             fix="choose_other_file"))


def _utf16_without_bom(head: bytes) -> str | None:
    even, odd = head[0::2], head[1::2]
    if not head or len(head) < 4:
        return None
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _valid_utf8(data: bytes, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are letters: wrong code pages give symbols."""
    extra = [ch for ch in text if ord(ch) > 159]  # C1 controls (latin-1 junk) are neutral
    if not extra:
        return 1.0
    good = sum(1 for ch in extra if unicodedata.category(ch)[0] == "L" or ch in "ºª°€£§«»–—“”‘’•…")
    return good / len(extra)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _control_share(text: str) -> float:
    """Share of control characters (other than tab, CR, LF, FF): text files have none."""
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def detect_encoding(head: bytes, tail: bytes = b"", *, complete: bool = False) -> EncodingGuess:
    """Guess the encoding; raise DinoError("file_binary") for files that are not text."""
    for bom, name in BOMS:
        if head.startswith(bom):
            return EncodingGuess(name, 1.0, len(bom) if name == "utf-8-sig" else 0)
    for magic, what in MAGIC:
        if head.startswith(magic):
            raise _binary(what)
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head)
        if utf16:
            return EncodingGuess(utf16, 0.8)
        raise _binary("it contains NUL bytes")
    if _valid_utf8(head, final=complete) and _valid_utf8(_skip_continuation(tail), final=True):
        text = head.decode("utf-8", errors="replace")
        if _control_share(text) > 0.01:
            raise _binary("it contains control characters")
        sure = 1.0 if any(b > 127 for b in head[:65536]) else 0.9
        return EncodingGuess("utf-8", sure)
    sample = head + b"\n" + tail
    candidates = ["cp1252"] if not (CP1252_UNDEFINED & set(sample)) else ["latin-1"]
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample[:200_000]).best()
        if best is not None and best.encoding not in ("utf_8", "ascii"):
            candidates.append(codecs.lookup(best.encoding).name)
    except Exception:  # the guesser is a hint; never let it break inspection
        pass
    scored = []
    for enc in dict.fromkeys(candidates):
        try:
            text = sample.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _control_share(text) > 0.01:
            continue
        scored.append((_plausibility(text), enc == candidates[0], enc))
    if not scored:
        raise _binary("its bytes are not text in any known encoding")
    scored.sort(reverse=True)
    score, _, enc = scored[0]
    return EncodingGuess(enc, round(0.5 + 0.45 * score, 2))


def _skip_continuation(data: bytes) -> bytes:
    """A tail read may start inside a multi-byte UTF-8 character: drop those bytes."""
    i = 0
    while i < min(4, len(data)) and (data[i] & 0xC0) == 0x80:
        i += 1
    return data[i:]


def normalize(name: str) -> str:
    """The codec name we report (utf-8-sig for UTF-8 with BOM, cp1252, latin-1, utf-16...)."""
    try:
        canonical = codecs.lookup(name).name
    except LookupError as exc:
        raise DinoError(Problem(Severity.ERROR, "override_invalid",
                                {"setting": "encoding", "value": name,
                                 "reason": "unknown_encoding"}, fix="set_encoding")) from exc
    return {"iso8859-1": "latin-1", "windows-1252": "cp1252"}.get(canonical, canonical)
