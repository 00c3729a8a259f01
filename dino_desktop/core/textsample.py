"""A bounded sample of a text file: its head and its tail, decoded, with line offsets.

Inspection must take about a second on any file size, so it never reads more than
`HEAD_BYTES` + `TAIL_BYTES`; the conversion later checks every byte for real.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path

from dino_desktop.core.encoding import EncodingGuess, detect_encoding, normalize

HEAD_BYTES = 1 << 20
TAIL_BYTES = 128 << 10


@dataclass
class TextSample:
    size: int
    encoding: EncodingGuess
    head: str  # whole lines only (unless complete)
    tail: str  # whole lines only, from `tail_offset`; "" when complete
    tail_offset: int  # byte offset of the first tail line
    complete: bool  # `head` is the whole file
    line_ending: str  # "\r\n", "\n" or "\r"
    head_bytes: bytes


def split_lines(text: str) -> list[str]:
    """Lines without their ends; only CR/LF end a line (not the other Unicode breaks)."""
    if not text:
        return []
    text = text.replace("\r\n", "\n")
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _line_ending(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    if cr > crlf and cr > lf:
        return "\r"
    return "\r\n" if crlf >= lf and crlf else "\n"


def _decode(data: bytes, encoding: str, final: bool) -> str:
    codec = "utf-16" if encoding.startswith("utf-16") and data[:2] in (b"\xff\xfe", b"\xfe\xff") \
        else encoding
    return codecs.getincrementaldecoder(codec)(errors="strict").decode(data, final=final)


def _cut_to_line(text: str) -> str:
    last = max(text.rfind("\n"), text.rfind("\r"))
    return text[: last + 1] if last >= 0 else text


def read_sample(path: Path, encoding: str | None = None) -> TextSample:
    """Read and decode the head and tail; DinoError for binary files or a bad override."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
        complete = len(head) >= size
        tail = b""
        tail_start = size
        if not complete:
            tail_start = max(len(head), size - TAIL_BYTES)
            f.seek(tail_start)
            tail = f.read()
    if encoding:
        enc = normalize(encoding)
        bom = len(codecs.BOM_UTF8) if enc == "utf-8-sig" and head.startswith(codecs.BOM_UTF8) else 0
        guess = EncodingGuess(enc, 1.0, bom)
    else:
        guess = detect_encoding(head, tail, complete=complete)
    wide = guess.encoding.startswith(("utf-16", "utf-32"))
    if tail and not wide:
        nl = tail.find(b"\n")
        if nl < 0 or (b"\n" not in head and b"\r" in head):  # old Mac files end lines in CR
            nl = tail.find(b"\r")
        tail_start += nl + 1 if nl >= 0 else len(tail)
        tail = tail[nl + 1:] if nl >= 0 else b""
    elif tail:  # for wide encodings, keep the tail aligned to whole code units
        unit = 4 if guess.encoding.startswith("utf-32") else 2
        skip = (tail_start % unit and unit - tail_start % unit) or 0
        tail, tail_start = tail[skip:], tail_start + skip
        enc_nl = "\n".encode(_wide_codec(guess.encoding, head))
        nl = tail.find(enc_nl)
        while nl >= 0 and nl % unit:
            nl = tail.find(enc_nl, nl + 1)
        tail_start += nl + len(enc_nl) if nl >= 0 else len(tail)
        tail = tail[nl + len(enc_nl):] if nl >= 0 else b""
    try:
        head_text = _decode(head, guess.encoding, final=complete)
        tail_text = _decode(tail, _wide_codec(guess.encoding, head), final=True) if tail else ""
    except UnicodeDecodeError as exc:
        from dino_desktop.core.models import DinoError, Problem, Severity

        raise DinoError(Problem(Severity.ERROR, "encoding_invalid",
                                {"offset": exc.start, "encoding": guess.encoding},
                                fix="set_encoding")) from exc
    if head_text.startswith("\ufeff"):
        head_text = head_text[1:]
    if not complete:
        head_text = _cut_to_line(head_text)
    return TextSample(size=size, encoding=guess, head=head_text, tail=tail_text,
                      tail_offset=tail_start, complete=complete,
                      line_ending=_line_ending(head_text), head_bytes=head)


def _wide_codec(encoding: str, head: bytes) -> str:
    """The endian-explicit codec for a BOM-marked UTF-16/32 file (the tail has no BOM)."""
    if encoding == "utf-16":
        return "utf-16-be" if head.startswith(codecs.BOM_UTF16_BE) else "utf-16-le"
    if encoding == "utf-32":
        return "utf-32-be" if head.startswith(codecs.BOM_UTF32_BE) else "utf-32-le"
    return encoding
