"""Article text and metadata from an HTML page: decoding, then trafilatura."""

from __future__ import annotations

import codecs
import re

# WHATWG Encoding: these labels mean windows-1252 on the web.
_AS_WINDOWS_1252 = {"iso8859-1", "latin-1", "ascii", "us-ascii", "iso-8859-1", "latin1"}
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_HEADER = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _codec(label: str) -> str | None:
    """Python's name for a charset label (web aliases applied), or None if unknown."""
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_WINDOWS_1252 or label.lower() in _AS_WINDOWS_1252 else name


def declared_charset(raw: bytes, content_type: str = "") -> tuple[str | None, str]:
    """The charset a page declares (byte-order mark, HTTP header, then ``<meta>``), and where."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name, "byte-order mark"
    found = _HEADER.search(content_type or "")
    if found:
        return found.group(1), "HTTP header"
    found = _META.search(raw[:4096])
    if found:
        return found.group(1).decode("ascii"), "meta tag"
    return None, ""


def decode_page(raw: bytes, content_type: str = "") -> tuple[str, str]:
    """A page's text and how it was decoded (recorded in the manifest's ``charset``).

    The declared charset is used when the bytes decode cleanly with it; otherwise
    (or with none declared, when the bytes are not UTF-8) the charset is detected
    with charset_normalizer. Only if detection fails too are undecodable bytes
    replaced, and the record says so.
    """
    label, where = declared_charset(raw, content_type)
    codec = _codec(label) if label else None
    if codec is not None:
        try:
            return raw.decode(codec), f"{codec} (declared in the {where})"
        except UnicodeDecodeError:
            pass
    elif label is None:
        try:
            return raw.decode("utf-8"), "utf-8 (none declared; the bytes are UTF-8)"
        except UnicodeDecodeError:
            pass
    why = (
        f"declared {label} in the {where} does not decode"
        if codec
        else (f"declared {label!r} is unknown" if label else "none declared, not UTF-8")
    )
    import charset_normalizer

    best = charset_normalizer.from_bytes(raw).best()
    if best is not None and best.encoding:
        name = _codec(best.encoding) or best.encoding
        try:
            return raw.decode(name), f"{name} (detected; {why})"
        except (UnicodeDecodeError, LookupError):
            pass
    fallback = codec or "utf-8"
    return raw.decode(fallback, errors="replace"), (
        f"{fallback} with undecodable bytes replaced (detection failed; {why})"
    )


def extractor_version() -> str:
    """The extractor's name and version, as recorded in the manifest."""
    import trafilatura

    return f"trafilatura {trafilatura.__version__}"


def extract(html: bytes | str, url: str | None = None) -> dict:
    """Article text and metadata from a page (raises ``ValueError`` if there is none).

    Bytes are decoded with :func:`decode_page` first; pass text to decode yourself.
    """
    import trafilatura

    if isinstance(html, bytes):
        html, _ = decode_page(html)

    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
    )
    data = result.as_dict() if hasattr(result, "as_dict") else (result or {})
    text = (data.get("text") or "").strip()
    title = (data.get("title") or "").strip()
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title:
        text = "\n".join(lines[1:]).strip()  # the headline is front matter, not body
    if len(re.findall(r"\w+", text)) < 20:
        raise ValueError("no article text found on the page")
    return {
        "text": "\n\n".join(p.strip() for p in text.split("\n") if p.strip()),
        "title": title,
        "date": data.get("date") or "",
        "author": data.get("author") or "",
        "url": data.get("url") or url or "",
    }
