"""Article text and metadata from an HTML page, with trafilatura."""

from __future__ import annotations

import re


def extractor_version() -> str:
    """The extractor's name and version, as recorded in the manifest."""
    import trafilatura

    return f"trafilatura {trafilatura.__version__}"


def extract(html: bytes, url: str | None = None) -> dict:
    """Article text and metadata from a page (raises ``ValueError`` if there is none)."""
    import trafilatura

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
