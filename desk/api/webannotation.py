"""Excerpts as W3C Web Annotations (https://www.w3.org/TR/annotation-model/), and back.

An excerpt is an Annotation whose target is its source, the quote located by both a
TextQuoteSelector and a TextPositionSelector (and, in a paged source, a FragmentSelector naming
the page per RFC 3778, refined by the quote), and whose body is the annotation (Markdown), a
"tagging" body per topic and a "classifying" body for the kind of statement. Reading one back
takes anything shaped so, from the desk or another annotation tool; what cannot be used is
refused with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from desk.api.hypothesis import (
    as_web_annotation,
    is_hypothesis,
    is_search_response,
    not_a_quote,
)
from desk.models import Excerpt, ExcerptRevision, StatementKind
from sources.anchoring import Selector, locate, selection
from sources.pages import pages_for

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MARKDOWN = "text/markdown"
RFC_3778 = "http://tools.ietf.org/rfc/rfc3778"


# An annotation that is nothing but an autolink to a web resource: an external body.
_EXTERNAL_BODY = re.compile(r"<(https?://[^\s<>]+)>")


def _desk_iri(view: str, key) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(view, args=[key])


def _named(purpose: str, name: str, iri: str, staff: bool) -> dict:
    body = {"type": "TextualBody", "purpose": purpose, "value": name}
    if staff:
        body["id"] = iri
    return body


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def to_annotation(
    excerpt: Excerpt,
    revision: ExcerptRevision,
    *,
    iri: str,
    source_iri: str,
    staff: bool,
    shown=None,
    positions: bool = True,
) -> dict:
    """One excerpt revision as an Annotation; for readers, nothing the public page hides.

    `shown` is the item as readers see it (desk.readers_view.Publication) for readers' exports:
    topics, actors and events as approved, never as renamed on the desk since. Without
    `positions` the target is a page that shows the quote but not the source's text (an item's
    public page): the quote's words and context select it there; offsets and pages would not."""
    if shown is None:
        topics = [topic.name for topic in revision.topics.all()]
        actors = [(a.name, _desk_iri("events:actor", a.slug)) for a in revision.actors.all()]
        events = [(e.title, _desk_iri("events:detail", e.pk)) for e in revision.events.all()]
    else:
        topics = [topic.name for topic in shown.topics]
        actors = [(actor.name, "") for actor in shown.actors]
        events = [(event.title, "") for event in shown.events]
    external = _EXTERNAL_BODY.fullmatch(revision.annotation)
    bodies: list[dict | str] = [
        # An annotation that is only a link to a resource elsewhere goes out as that resource's
        # IRI, the way it came in (§3.2.1: a string body is an external resource).
        external.group(1)
        if external
        else {
            "type": "TextualBody",
            "purpose": "commenting",
            "value": revision.annotation,
            "format": MARKDOWN,
        },
        *({"type": "TextualBody", "purpose": "tagging", "value": name} for name in topics),
        {"type": "TextualBody", "purpose": "classifying", "value": revision.kind},
        # Actors identify who the quote is about; events are what it links to. The desk's own
        # IRIs for them go to its staff only (readers cannot open those pages).
        *(_named("identifying", name, link, staff and bool(link)) for name, link in actors),
        *(_named("linking", name, link, staff and bool(link)) for name, link in events),
    ]
    annotation = {
        "@context": CONTEXT,
        "id": iri,
        "type": "Annotation",
        "motivation": "commenting",
        # Readers learn when an item was published, not when the desk began work on it.
        "created": _iso(excerpt.created_at if staff else excerpt.first_published_at),
        "modified": _iso(revision.created_at if staff else revision.published_at),
        "body": bodies,
        "target": {
            "source": source_iri,
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": revision.quote,
                    "prefix": revision.prefix,
                    "suffix": revision.suffix,
                },
                {"type": "TextPositionSelector", "start": revision.start, "end": revision.end},
            ],
        },
    }
    if not positions:
        annotation["target"]["selector"] = annotation["target"]["selector"][:1]
    pages = pages_for(revision.source_version, revision.start, revision.end)
    if pages is not None and positions:
        # A paged source (a PDF): the page, as RFC 3778 names it, refined by the quote.
        annotation["target"]["selector"].append(
            {
                "type": "FragmentSelector",
                "conformsTo": RFC_3778,
                "value": pages.fragment,
                "refinedBy": dict(annotation["target"]["selector"][0]),
            }
        )
    if staff:
        annotation["creator"] = {"type": "Person", "nickname": excerpt.created_by.username}
    return annotation


def collection(annotations: list[dict], *, iri: str, label: str) -> dict:
    """Annotations as one AnnotationCollection with a single page holding them all.

    The page has its own IRI and names its collection (`partOf`), as the model asks of an
    AnnotationPage (§5.2); an empty collection has no page at all, only its `total` of 0.
    """
    document = {
        "@context": CONTEXT,
        "id": iri,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(annotations),
    }
    if annotations:
        page = f"{iri}#page-1"
        document["first"] = {
            "id": page,
            "type": "AnnotationPage",
            "partOf": iri,
            "startIndex": 0,
            "items": [{k: v for k, v in a.items() if k != "@context"} for a in annotations],
        }
        document["last"] = page
    return document


class Unusable(ValueError):
    """An annotation the desk cannot make an excerpt of, with the reason."""


def annotations_in(payload) -> list:
    """The annotations in an Annotation, a list, an AnnotationPage, an AnnotationCollection, or a
    Hypothesis search response."""
    if isinstance(payload, list):
        return payload
    if is_search_response(payload):
        # A Hypothesis search: {"total": n, "rows": [...]}.
        return payload["rows"]
    if not isinstance(payload, dict):
        raise Unusable("Send an Annotation, a list of them, or an AnnotationCollection.")
    kind = _types(payload)
    if "AnnotationCollection" in kind:
        first = payload.get("first")
        if isinstance(first, dict):
            return annotations_in(first)
        if isinstance(payload.get("items"), list):
            return payload["items"]
        raise Unusable("The AnnotationCollection holds no page of items (`first`).")
    if "AnnotationPage" in kind:
        if isinstance(payload.get("items"), list):
            return payload["items"]
        raise Unusable("The AnnotationPage has no list of `items`.")
    return [payload]


def _types(thing: dict) -> set[str]:
    kind = thing.get("type", thing.get("@type", []))
    return {kind} if isinstance(kind, str) else {k for k in kind if isinstance(k, str)}


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@dataclass
class Incoming:
    """What an annotation says, in the desk's terms."""

    source_iri: str
    exact: str | None = None
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    annotation: str = ""
    topics: list[str] = field(default_factory=list)
    # (the desk's IRI if given, the name): actors it identifies, events it links to.
    actors: list[tuple[str, str]] = field(default_factory=list)
    events: list[tuple[str, str]] = field(default_factory=list)
    kind: str = StatementKind.CLAIM
    # The page a FragmentSelector named (RFC 3778), for a paged source.
    page: int | None = None
    # Every address the target's document is known by, its source first (Hypothesis relates a
    # document's other addresses to it: canonical, alternate, the address before a redirect).
    source_iris: list[str] = field(default_factory=list)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _offset(value) -> int | None:
    # JSON true is an int to Python; it is not an offset.
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def read(annotation) -> Incoming:
    """What one annotation says about its first target; raises Unusable when the desk cannot
    read it."""
    first = read_targets(annotation)[0]
    if isinstance(first, Unusable):
        raise first
    return first


def read_targets(annotation) -> list[Incoming | Unusable]:
    """What one annotation says about each of its targets, in order (§4: an annotation may have
    several): each is a passage the desk can make a draft of, or the reason it cannot.

    Raises Unusable when the annotation as a whole is not one the desk can read.
    """
    if not isinstance(annotation, dict):
        raise Unusable("This item is not an Annotation object.")
    if is_hypothesis(annotation):
        refused = not_a_quote(annotation)
        if refused:
            raise Unusable(refused)
        annotation = as_web_annotation(annotation)
    if "Annotation" not in _types(annotation):
        raise Unusable("This item is not of type Annotation.")
    targets = _as_list(annotation.get("target"))
    if not targets:
        raise Unusable("The annotation has no target.")
    said = Incoming(source_iri="")
    for body in _as_list(annotation.get("body")):
        _read_body(body, said)
    # bodyValue (§3.2.5) is the annotation's text itself.
    for value in _as_list(annotation.get("bodyValue")):
        if isinstance(value, str) and not said.annotation:
            said.annotation = value
    read: list[Incoming | Unusable] = []
    for target in targets:
        try:
            read.append(_read_target(target, said))
        except Unusable as refused:
            read.append(refused)
    return read


def _iri(value) -> str | None:
    """An IRI given as a string, or as a resource object with its id (§4.1: SpecificResource)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("id", "@id"):
            if isinstance(value.get(key), str):
                return value[key]
    return None


def _same_as(source) -> list[str]:
    if not isinstance(source, dict):
        return []
    return [iri for iri in _as_list(source.get("sameAs")) if isinstance(iri, str)][:20]


def _read_target(target, said: Incoming) -> Incoming:
    if isinstance(target, str) or (isinstance(target, dict) and "selector" not in target):
        raise Unusable(
            "Not a quote: this target names a whole page, not a passage in it (a page note)."
        )
    if not isinstance(target, dict):
        raise Unusable("The target is neither an IRI nor a resource.")
    source = _iri(target.get("source"))
    if source is None:
        raise Unusable("The target names no source with a selector: which passage is meant?")
    incoming = Incoming(
        source_iri=source,
        source_iris=[source, *_same_as(target.get("source"))],
        annotation=said.annotation,
        topics=list(said.topics),
        actors=list(said.actors),
        events=list(said.events),
        kind=said.kind,
    )
    # (selector, inside): a selector that refines another (refinedBy, §4.2.9) counts positions
    # from the start of the part the other selects, not of the whole text.
    selectors = [(s, False) for s in _as_list(target.get("selector"))]
    refined_positions = False
    for selector, inside in selectors:
        if not isinstance(selector, dict):
            continue
        kind = _types(selector)
        selectors += [(s, True) for s in _as_list(selector.get("refinedBy")) if isinstance(s, dict)]
        if "FragmentSelector" in kind:
            # A page of a PDF (RFC 3778 "page=4"): the quote is in the selector refining it.
            page = re.fullmatch(r"page=(\d{1,6})", _text(selector.get("value")))
            if page:
                incoming.page = int(page.group(1))
            continue
        if "TextQuoteSelector" in kind and isinstance(selector.get("exact"), str):
            incoming.exact = selector["exact"]
            incoming.prefix = _text(selector.get("prefix"))
            incoming.suffix = _text(selector.get("suffix"))
        elif "TextPositionSelector" in kind and inside:
            refined_positions = True
        elif "TextPositionSelector" in kind:
            incoming.start = _offset(selector.get("start"))
            incoming.end = _offset(selector.get("end"))
    if incoming.exact is None and (incoming.start is None or incoming.end is None):
        if refined_positions:
            raise Unusable(
                "The only position given counts from inside another selector's part, which the "
                "desk cannot locate: add a TextQuoteSelector with the quote."
            )
        raise Unusable("The target has neither a TextQuoteSelector nor a TextPositionSelector.")
    return incoming


def _read_body(body, incoming: Incoming) -> None:
    # A string body, or a body with an id and no value, is a resource elsewhere (§3.2.1): the
    # annotation links to it (an autolink, which the export turns back into the IRI).
    if isinstance(body, dict) and "value" not in body and isinstance(body.get("id"), str):
        body = body["id"]
    if isinstance(body, str):
        if not incoming.annotation and re.fullmatch(r"https?://[^\s<>]{1,2000}", body):
            incoming.annotation = f"<{body}>"
        return
    if isinstance(body, dict) and isinstance(body.get("value"), str):
        value, purpose = body["value"], _text(body.get("purpose"))
    else:
        return
    if purpose == "tagging":
        incoming.topics.append(value)
    elif purpose in ("identifying", "linking"):
        named = (_text(body.get("id")), value)
        (incoming.actors if purpose == "identifying" else incoming.events).append(named)
    elif purpose == "classifying" and value in StatementKind.values:
        incoming.kind = value
    elif not incoming.annotation:
        incoming.annotation = value


def place(text: str, incoming: Incoming) -> Selector:
    """Where the quote stands in this text, as the desk's pages would place it.

    The offsets when they still hold the quote (widened to whole words); otherwise the place
    sources.anchoring.locate finds for the quote's own words, those keeping the annotation's
    context first, then the one nearest the old offsets. A close passage is never taken for the
    quote. Raises Unusable when the quote is not in the text.
    """
    start, end = incoming.start, incoming.end
    fits = start is not None and end is not None and start < end <= len(text)
    if fits and (incoming.exact is None or text[start:end] == incoming.exact):
        try:
            return selection(text, start, end)
        except ValueError:
            raise Unusable("The position selector holds no words of the text.") from None
    if incoming.exact is None:
        raise Unusable("The position selector does not fit the source's text.")
    search = locate(
        text,
        incoming.exact,
        prefix=incoming.prefix,
        suffix=incoming.suffix,
        near=start,
        approximate=False,
    )
    if search.ambiguous:
        raise Unusable(
            "The quote stands in several places and its context does not say which is meant."
        )
    if not search.found:
        raise Unusable("The quote is not in the source's text.")
    return search.found[0].selector
