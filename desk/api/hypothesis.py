"""Annotations in the shape of the Hypothesis API (https://h.readthedocs.io/en/latest/api/).

Hypothesis speaks its own JSON, not W3C JSON-LD: `uri`, `text`, `tags` and a `target` list whose
selectors are a RangeSelector (DOM positions, meaningless here), a TextPositionSelector (offsets
in the page as the browser rendered it) and a TextQuoteSelector. A search answers
`{"total", "rows"}`. Each is turned into the W3C Annotation it stands for; the desk then places
the quote as for any other import (the offsets only when they still hold the quote), the text
becomes the annotation and the tags become topics.

Replies (`references`) and page notes (a target without selectors) are comments, not quotes,
and are reported as such. The document's other addresses (`document.link`) go with the target,
so a source the desk keeps under its canonical address is found from any of them.
"""

from __future__ import annotations


def is_search_response(payload) -> bool:
    return (
        isinstance(payload, dict) and isinstance(payload.get("rows"), list) and "total" in payload
    )


def is_hypothesis(item) -> bool:
    """An annotation of the Hypothesis API: no JSON-LD type, and its `uri` or `text`."""
    return (
        isinstance(item, dict)
        and "type" not in item
        and "@type" not in item
        and ("uri" in item or "text" in item)
        and "target" in item
    )


def not_a_quote(item: dict) -> str | None:
    """Why this Hypothesis annotation is no quote to make a draft of, if it is none."""
    references = item.get("references")
    if isinstance(references, list) and references:
        return "Not a quote: a reply to another annotation."
    return None


def document_links(item: dict) -> list[str]:
    """The web addresses Hypothesis relates to the annotated document (`document.link`)."""
    document = item.get("document") if isinstance(item.get("document"), dict) else {}
    links = document.get("link") if isinstance(document.get("link"), list) else []
    hrefs = [link.get("href") for link in links if isinstance(link, dict)]
    return [
        href for href in hrefs if isinstance(href, str) and href.startswith(("http:", "https:"))
    ][:20]


def as_web_annotation(item: dict) -> dict:
    """The W3C Annotation this Hypothesis annotation stands for."""
    targets = item.get("target") if isinstance(item.get("target"), list) else [item.get("target")]
    target = next((t for t in targets if isinstance(t, dict)), {})
    source = target.get("source") if isinstance(target.get("source"), str) else item.get("uri")
    bodies = []
    if isinstance(item.get("text"), str) and item["text"].strip():
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": item["text"]})
    tags = item.get("tags") if isinstance(item.get("tags"), list) else []
    bodies += [
        {"type": "TextualBody", "purpose": "tagging", "value": tag}
        for tag in tags
        if isinstance(tag, str)
    ]
    web_target: dict = {"source": {"id": source, "sameAs": document_links(item)}}
    if target.get("selector"):
        web_target["selector"] = target["selector"]
    annotation = {"type": "Annotation", "body": bodies, "target": web_target}
    if isinstance(item.get("id"), str):
        annotation["id"] = item["id"]
    return annotation
