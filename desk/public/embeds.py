"""Items that travel: an embeddable card, its oEmbed answer, a card image, and JSON-LD.

The card is the only page other sites may frame (CSP frame-ancestors * and no X-Frame-Options
there alone), and it sets no cookie and varies on none: it has no form, and is drawn without the
request's context processors, in the site's language, the same for everyone. Like every public
view, only live items appear; anything else answers 404 exactly like an unknown item.
"""

from __future__ import annotations

import io
import json
import textwrap
from functools import wraps
from urllib.parse import urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET
from PIL import Image, ImageDraw, ImageFont

from desk.public import front_cache
from desk.public.cache import cached_public_page, current_state
from desk.public.citations import live_item
from desk.site_url import absolute, site_domain

CARD_WIDTH, CARD_HEIGHT = 480, 300
IMAGE_WIDTH, IMAGE_HEIGHT = 1200, 630
PROVIDER = "Briefing Desk"


def _item_url(name: str, briefing, item) -> str:
    return absolute(reverse(f"briefings:{name}", args=[briefing.slug, item.pk]))


def _words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def _same_for_everyone(view):
    """An answer that depends on no cookie, so shared caches may keep one copy for all.

    It is drawn in the site's language (LANGUAGE_CODE, not the language cookie: a framed card
    rarely gets our cookies anyway) and in the site's time zone, without the request's context.
    The time-zone middleware asked the session who is signed in before the view ran, which
    would make Django answer `Vary: Cookie`; nothing of that answer is in the card, so the
    session is marked as not consulted for it.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        with translation.override(settings.LANGUAGE_CODE), timezone.override(None):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = settings.LANGUAGE_CODE
        session = getattr(request, "session", None)
        if session is not None and not session.modified:
            session.accessed = False
        return response

    return wrapped


@require_GET
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@_same_for_everyone
def item_card(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The embeddable card of one live item: the quote, its citation and a link back."""
    briefing, item = live_item(slug, pk)
    # Drawn without the request: no context processor touches messages or CSRF, so the answer
    # sets no cookie.
    page = render_to_string(
        "briefings/card.html",
        {"briefing": briefing, "item": item, "permalink": _item_url("item", briefing, item)},
    )
    response = HttpResponse(page)
    keys = front_cache.keys_for(request, {"slug": slug, "pk": pk})
    front_cache.share(response, keys, next_due=current_state()["next_due"])
    return response


def _size(value: str) -> str:
    return str(int(value)) if value.isascii() and value.isdigit() and len(value) <= 5 else ""


@require_GET
@cached_public_page(known={"url": None, "maxwidth": _size, "maxheight": _size, "format": None})
def oembed(request: HttpRequest) -> HttpResponse:
    """oEmbed (oembed.com) for item permalinks: a rich embed framing the item's card."""
    if request.GET.get("format", "json") != "json":
        return HttpResponse("Only JSON is offered.", status=501, content_type="text/plain")
    url = request.GET.get("url", "")
    if not url:
        return JsonResponse({"error": "Give the address of an item as url."}, status=400)
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1" and the like: no address of ours
        raise Http404 from None
    if parts.netloc != site_domain():
        raise Http404
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise Http404 from None
    if match.view_name != "briefings:item":
        raise Http404
    briefing, item = live_item(match.kwargs["slug"], match.kwargs["pk"])
    width, height = CARD_WIDTH, CARD_HEIGHT
    if request.GET.get("maxwidth"):
        width = max(1, min(width, int(request.GET["maxwidth"])))
    if request.GET.get("maxheight"):
        height = max(1, min(height, int(request.GET["maxheight"])))
    card = _item_url("card", briefing, item)
    title = f"“{_words(item.published_revision.quote, 12)}” — {briefing.title}"
    frame = (
        f'<iframe src="{card}" width="{width}" height="{height}" '
        f'title="{escape(title)}" loading="lazy"></iframe>'
    )
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": title,
            "provider_name": PROVIDER,
            "provider_url": absolute("/"),
            "html": frame,
            "width": width,
            "height": height,
            "thumbnail_url": _item_url("card_image", briefing, item),
            "thumbnail_width": IMAGE_WIDTH,
            "thumbnail_height": IMAGE_HEIGHT,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _draw(briefing, item) -> bytes:
    """A 1200×630 PNG: the quote, who said it, and the briefing, in Pillow's own scalable font."""
    citation = item.copy_for_readers.citation
    image = Image.new("RGB", (IMAGE_WIDTH, IMAGE_HEIGHT), "#fbfaf7")
    draw = ImageDraw.Draw(image)
    quote_font = ImageFont.load_default(size=46)
    small = ImageFont.load_default(size=28)
    draw.rectangle((0, 0, 16, IMAGE_HEIGHT), fill="#1d3557")
    lines = textwrap.wrap(f"“{item.published_revision.quote}”", width=44)
    if len(lines) > 7:
        lines = lines[:7]
        lines[-1] = lines[-1].rstrip(" .,;") + "…"
    y = 60
    for line in lines:
        draw.text((70, y), line, font=quote_font, fill="#111111")
        y += 58
    who = " · ".join(part for part in (citation.author, citation.outlet) if part)
    draw.text(
        (70, IMAGE_HEIGHT - 130),
        _words(who or citation.display_title, 14),
        font=small,
        fill="#333333",
    )
    draw.text((70, IMAGE_HEIGHT - 80), _words(briefing.title, 14), font=small, fill="#1d3557")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@require_GET
@cached_public_page
def item_image(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    briefing, item = live_item(slug, pk)
    response = HttpResponse(_draw(briefing, item), content_type="image/png")
    # A preview image is shown by other sites (link previews, oEmbed thumbnails).
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


# What json_script escapes: nothing in the data can close the script element or open a comment.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld(briefing, item) -> SafeString:
    """schema.org JSON-LD for an item page: a Quotation citing its source, part of the briefing."""
    citation = item.copy_for_readers.citation
    source: dict = {"@type": "CreativeWork", "name": citation.display_title}
    if citation.author:
        source["author"] = {"@type": "Thing", "name": citation.author}
    if citation.outlet:
        source["publisher"] = {"@type": "Organization", "name": citation.outlet}
    if citation.published:
        source["datePublished"] = citation.published
    if citation.url:
        source["url"] = citation.url
    data = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "text": item.published_revision.quote,
        "url": _item_url("item", briefing, item),
        "image": _item_url("card_image", briefing, item),
        "citation": source,
        "isPartOf": {
            "@type": "CreativeWork",
            "name": briefing.title,
            "url": absolute(briefing.get_absolute_url()),
        },
    }
    if item.first_published_at:
        data["datePublished"] = item.first_published_at.isoformat()
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
