"""Bytes to text: a file read within the size limit, its encoding found (UTF-8, UTF-16 with its
mark, Windows-1252), and documents that are not text (PDF, ZIP-packed, RTF, binaries, empty
files) refused with a reason."""

from __future__ import annotations

import codecs
from pathlib import Path

from checker.errors import InputError

# documents people do try as articles, told apart by their first bytes
_UNSUPPORTED_FORMATS = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "a ZIP-packed document (Word .docx, OpenDocument .odt, an archive)"),
    (b"{\\rtf", "RTF"),
)


def decode(data: bytes, name: str) -> str:
    """Decode a document's bytes, refusing binaries with a reason.

    Raises:
        InputError: the bytes are empty, binary, or in no encoding we can read.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: starts with a UTF-16 mark but is not valid UTF-16") from e
    for magic, what in _UNSUPPORTED_FORMATS:
        if data.startswith(magic):
            raise InputError(f"{name}: {what} is not supported: convert it to text")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text) // 100) or text.count("\ufffd") > len(text) // 100 + 4:
        raise InputError(f"{name}: not text in UTF-8, UTF-16 or Windows-1252; convert it to UTF-8")
    return text


def read_text(path: Path, max_bytes: int) -> str:
    """A file's decoded text, refused when too large, empty or not text.

    Raises:
        InputError: with the file's name and the problem.
    """
    try:
        if path.is_dir():
            raise InputError(f"{path}: expected a file, got a folder")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: {size:,} bytes is over the {max_bytes:,}-byte limit "
                "(set CHECKER_MAX_BYTES to raise it)"
            )
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise InputError(f"{path}: no such file") from e
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror or e})") from e
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    text = decode(data, str(path))
    if not text.strip():
        raise InputError(f"{path}: file has only white space")
    return text
