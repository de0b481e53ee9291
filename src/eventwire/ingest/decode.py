"""Bytes -> text: encoding detection, binary detection and HTML sniffing.

Decoding order (first that works wins): byte-order mark, the declared charset (HTTP header, then
``<meta charset>``), strict UTF-8, then charset-normalizer for legacy code pages (cp1252, latin-1,
cp1251, EUC-JP...). A document in a legacy encoding is decoded, never dropped; only content that
is not text at all (images, archives, random bytes) is refused, as :class:`BinaryContent`.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

# Magic numbers of common non-text files, so the failure can say what the file looks like.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive or Office document"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"(\xb5/\xfd", "a zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-zip archive"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Labels browsers treat as something else (WHATWG Encoding Standard): pages declaring latin-1
# are in practice cp1252, GB2312 pages use GBK/GB18030 characters, and so on.
_LABEL_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "euc-kr": "cp949",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "utf8": "utf-8",
    "unicode-1-1-utf-8": "utf-8",
    "x-user-defined": "cp1252",
}

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.\-]{2,40})""")
_HTML_START = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title[\s>]", re.IGNORECASE
)
_HTML_TAG = re.compile(r"</?(?:p|div|br|span|a|h[1-6]|table|ul|li|article|section)[\s>/]", re.I)

SNIFF_BYTES = 4096  # how much of a document is looked at to decide binary/HTML/charset


class BinaryContent(InputError):
    """The bytes are not text or HTML in any encoding (an image, an archive, random bytes)."""


def normalise_charset(label: str | None) -> str | None:
    """A declared charset label -> a Python codec name, or None when Python does not know it."""
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    cleaned = _LABEL_ALIASES.get(cleaned, cleaned)
    try:
        return codecs.lookup(cleaned).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header value, normalised."""
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return normalise_charset(value)
    return None


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML document declares in its first bytes (``<meta>`` or ``<?xml?>``)."""
    head = data[:SNIFF_BYTES]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    declared = normalise_charset(match.group(1).decode("ascii", "replace"))
    # A page that says utf-16 in ASCII-compatible bytes cannot be utf-16 (WHATWG rule).
    if declared and declared.startswith("utf-16"):
        return "utf-8"
    return declared


def binary_kind(data: bytes) -> str | None:
    """Why ``data`` is not text, or None when it may be text; looks only at the first bytes."""
    head = data[:SNIFF_BYTES]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if not head:
        return None
    nul = head.count(0)
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    if nul > len(head) // 100 or controls > len(head) // 10:
        return "random bytes or an unknown binary format"
    return None


def decode_bytes(data: bytes, declared: str | None = None, html: bool = False) -> tuple[str, str]:
    """Decode a document; returns ``(text, encoding)``. Raises BinaryContent for non-text.

    ``declared`` is a charset from outside the document (HTTP header); ``html`` lets a
    ``<meta charset>`` declaration count too.
    """
    declared = normalise_charset(declared)
    kind = binary_kind(data)
    if kind:
        raise BinaryContent(f"binary content, not text or HTML ({kind})")
    for bom, bom_codec in _BOMS:
        if data.startswith(bom):
            return data.decode(bom_codec, errors="replace"), bom_codec
    try:
        as_utf8: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        as_utf8 = None
    for codec in (declared, meta_charset(data) if html else None):
        if codec is None:
            continue
        if as_utf8 is not None and _single_byte(codec):
            # Valid UTF-8 with non-ASCII bytes is almost never really cp1252/latin-1 text:
            # the declaration is stale (a common CMS misconfiguration), the bytes are not.
            return as_utf8, "utf-8"
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    if as_utf8 is not None:
        return as_utf8, "utf-8"
    return _decode_legacy(data, declared)


def _single_byte(codec: str) -> bool:
    return codec.startswith(("cp125", "iso8859", "latin", "cp874", "koi8", "mac"))


def _decode_legacy(data: bytes, declared: str | None) -> tuple[str, str]:
    """Not valid UTF-8 and no working declaration: ask charset-normalizer, prefer cp1252 on ties."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data[: 1 << 20])  # a megabyte is plenty to recognise an encoding
    best = matches.best()
    if best is None:
        if declared:  # the declared charset was wrong somewhere: keep the text, mark the damage
            return data.decode(declared, errors="replace"), declared
        raise BinaryContent("binary content, not text or HTML (no text encoding fits)")
    codec = codecs.lookup(best.encoding).name
    if codec != "cp1252":
        # Single-byte Western text often decodes identically (or equally well) under several
        # code pages; cp1252 is by far the most common one on the web, so it wins a tie.
        tied = any(
            codecs.lookup(m.encoding).name == "cp1252"
            and m.chaos <= best.chaos
            and m.coherence >= best.coherence
            for m in matches
        )
        try:
            as_cp1252 = data.decode("cp1252")
        except UnicodeDecodeError:
            as_cp1252 = None
        if as_cp1252 is not None and (tied or _same_text(data, codec, as_cp1252)):
            return as_cp1252, "cp1252"
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:  # only the first megabyte was analysed
        return data.decode(codec, errors="replace"), codec


def _same_text(data: bytes, codec: str, text: str) -> bool:
    try:
        return data.decode(codec) == text
    except UnicodeDecodeError:
        return False


def looks_like_html(text: str) -> bool:
    """Sniff HTML in a document of unknown type: a doctype/html/head/body tag near the start,
    or several common block tags (a fragment dump)."""
    head = text[:SNIFF_BYTES]
    return bool(_HTML_START.search(head)) or len(_HTML_TAG.findall(head)) >= 5
