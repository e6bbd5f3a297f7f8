"""Decoding of report files: UTF-8 (with or without BOM), UTF-16/32 with BOM, Windows-1256 and other legacy
encodings (detected with charset-normalizer), and a clear error for binary or undecodable input."""

from __future__ import annotations

import codecs

import charset_normalizer

MAX_BYTES = 10 * 1024 * 1024  # a news report is a few KB; anything past this is not one report

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = set(b"\t\n\r\f\v\x1b")


class DecodeError(ValueError):
    """The bytes are not a text report; the message says why."""


def decode(data: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """Decode the bytes of one report to text, or raise :class:`DecodeError` with the reason."""
    if not data:
        raise DecodeError("empty input")
    if len(data) > max_bytes:
        raise DecodeError(f"too large: {len(data):,} bytes (limit {max_bytes:,}); split it into reports")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {encoding} after its byte-order mark: {exc.reason} "
                                  f"at byte {exc.start}") from None
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        raise DecodeError("binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_binary(text):
            raise DecodeError("binary data (control characters), not text")
        return text
    text = _windows_arabic(data)
    if text is not None:
        return text
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError("undecodable: not UTF-8 and no known encoding fits")
    text = str(best)
    if _looks_binary(text):
        raise DecodeError(f"binary data, not text (closest encoding {best.encoding})")
    return text


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and ord(c) not in _TEXT_CONTROLS)
    return "\x00" in sample or controls > len(sample) / 100


def _windows_arabic(data: bytes) -> str | None:
    """Windows-1256, the legacy Arabic encoding, when it turns the bytes into mostly Arabic letters.

    Tried before generic detection, which misreads short Arabic texts as other scripts.
    """
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        return None
    letters = [c for c in text[:4096] if c.isalpha()]
    arabic = sum("\u0600" <= c <= "\u06ff" for c in letters)
    if letters and arabic >= 0.5 * len(letters) and not _looks_binary(text):
        return text
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without BOM has NULs at every other byte for ASCII (and none in Arabic's high bytes)."""
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text) and sum(c.isalpha() or c.isspace() for c in text) > 0.6 * len(text):
            return text
    return None
