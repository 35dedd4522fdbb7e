"""Items that travel: an embeddable card, its oEmbed answer, a card image, and JSON-LD.

The card is the only page other sites may frame (CSP frame-ancestors * and no X-Frame-Options
there alone), and it sets no cookie and varies on none: it has no form, and is drawn without the
request's context processors, in the site's language, the same for everyone. Like every public
view, only live items appear; anything else answers 404 exactly like an unknown item.
"""

from __future__ import annotations

import html
import importlib.util
import io
import json
import re
from functools import wraps
from pathlib import Path
from urllib.parse import urlsplit

from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET
from PIL import Image, ImageDraw, ImageFont

from desk.annotation import render_annotation
from desk.project.site_url import absolute, site_domain
from desk.public import front_cache
from desk.public.cache import cached_public_page, current_state
from desk.public.citations import live_item
from desk.readers_view import Publication
from sources.authors import Author

CARD_WIDTH, CARD_HEIGHT = 480, 300
IMAGE_WIDTH, IMAGE_HEIGHT = 1200, 630
PROVIDER = "Briefing Desk"


def _dejavu(name: str) -> str:
    """DejaVu Sans as the lock file installs it (the rinoh-typeface-dejavusans wheel carries the
    fonts; its module is found, never imported), else Debian's fonts-dejavu-core."""
    spec = importlib.util.find_spec("rinoh_typeface_dejavusans")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    return f"/usr/share/fonts/truetype/dejavu/{name}"


# DejaVu Sans: Latin with every Polish and Baltic letter, Cyrillic (Belarusian ў and і included)
# and typographic punctuation. Pillow's own font drew boxes for all of these.
CARD_FONT = _dejavu("DejaVuSans.ttf")
CARD_FONT_BOLD = _dejavu("DejaVuSans-Bold.ttf")


def _item_url(name: str, briefing, item) -> str:
    return absolute(reverse(f"briefings:{name}", args=[briefing.slug, item.pk]))


def _words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


# A quotation inside the quote is set in single marks inside our double ones (Chicago's rule), so
# a quote that ends with a quotation never ends ”” .
_INNER_MARKS = str.maketrans({"“": "‘", "”": "’", "„": "‚", '"': "'"})


def in_quotes(quote: str) -> str:
    """A quote in double quotation marks, a quotation inside it in single ones."""
    words = quote.strip()
    if len(words) > 1 and words[0] in '“„"' and words[-1] in '”"' and words[1:-1].count("”") == 0:
        words = words[1:-1]  # a quote that is itself one quotation: its own marks are ours
    return f"“{words.translate(_INNER_MARKS)}”"


_BLOCK_TAGS = re.compile(r"</?(?:p|br|li|ul|ol|h\d|blockquote|pre|hr)\b[^>]*>")
_TAGS = re.compile(r"<[^>]*>")


def description(item: Publication) -> str:
    """The annotation as plain text, as readers read it (link previews show no Markdown)."""
    page = render_annotation(item.annotation)
    page = _BLOCK_TAGS.sub(" ", page)  # a paragraph or list item ends with a space, inline tags
    words = " ".join(html.unescape(_TAGS.sub("", page)).split())  # with nothing: "**2025**,"
    return Truncator(words).words(40)


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
    title = f"{in_quotes(_words(item.quote, 12))} — {briefing.title}"
    # The preview image at the size asked, never larger: a consumer may show it as it is.
    thumb_width, thumb_height = thumbnail_size(
        int(request.GET.get("maxwidth") or IMAGE_WIDTH),
        int(request.GET.get("maxheight") or IMAGE_HEIGHT),
    )
    thumbnail = _item_url("card_image", briefing, item)
    if thumb_width != IMAGE_WIDTH:
        thumbnail += f"?width={thumb_width}"
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
            "thumbnail_url": thumbnail,
            "thumbnail_width": thumb_width,
            "thumbnail_height": thumb_height,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _height(width: int) -> int:
    return max(1, round(width * IMAGE_HEIGHT / IMAGE_WIDTH))


def thumbnail_size(max_width: int, max_height: int) -> tuple[int, int]:
    """The largest size of the card image, in its own proportions, within the bounds asked."""
    width = max(1, min(IMAGE_WIDTH, max_width, max_height * IMAGE_WIDTH // IMAGE_HEIGHT))
    while width > 1 and _height(width) > max_height:
        width -= 1
    return width, _height(width)


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    """Lines of whole words that fit `width` pixels as this font draws them."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}" if line else word
            if line and draw.textlength(trial, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return [line for line in lines if line]


def _shortened(draw, text: str, font, width: int) -> str:
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip(" .,;:") + "…"


QUOTE_LINES = 6
TEXT_LEFT, TEXT_RIGHT = 70, 60


def _draw(briefing, item: Publication) -> bytes:
    """A 1200×630 PNG: the quote, who said it, and the briefing."""
    citation = item.citation
    image = Image.new("RGB", (IMAGE_WIDTH, IMAGE_HEIGHT), "#fbfaf7")
    draw = ImageDraw.Draw(image)
    quote_font = ImageFont.truetype(CARD_FONT, 42)
    small = ImageFont.truetype(CARD_FONT, 26)
    title_font = ImageFont.truetype(CARD_FONT_BOLD, 26)
    width = IMAGE_WIDTH - TEXT_LEFT - TEXT_RIGHT
    draw.rectangle((0, 0, 16, IMAGE_HEIGHT), fill="#1d3557")
    lines = _wrapped(draw, in_quotes(item.quote), quote_font, width)
    if len(lines) > QUOTE_LINES:
        # The words cut off end in an ellipsis and the closing mark, so the quote still closes.
        lines = lines[:QUOTE_LINES]
        lines[-1] = _shortened(draw, lines[-1] + " …”", quote_font, width)
        if not lines[-1].endswith("”"):
            lines[-1] = lines[-1].rstrip("…").rstrip(" .,;:") + "…”"
    y = 56
    for line in lines:
        draw.text((TEXT_LEFT, y), line, font=quote_font, fill="#111111")
        y += 56
    who = " · ".join(part for part in (citation.author, citation.outlet) if part)
    draw.text(
        (TEXT_LEFT, IMAGE_HEIGHT - 130),
        _shortened(draw, who or citation.display_title, small, width),
        font=small,
        fill="#333333",
    )
    draw.text(
        (TEXT_LEFT, IMAGE_HEIGHT - 80),
        _shortened(draw, briefing.title, title_font, width),
        font=title_font,
        fill="#1d3557",
    )
    return image


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _width(value: str) -> str:
    # Only the sizes an oEmbed answer can name: 1 to the full width, written plainly.
    size = _size(value)
    return size if size and 1 <= int(size) < IMAGE_WIDTH else ""


@require_GET
@cached_public_page(known={"width": _width})
def item_image(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The card image (link previews), at full size or, for an oEmbed thumbnail, `width` wide."""
    briefing, item = live_item(slug, pk)
    image = _draw(briefing, item)
    if request.GET.get("width"):
        width = int(request.GET["width"])
        image = image.resize((width, _height(width)), Image.Resampling.LANCZOS)
    response = HttpResponse(_png(image), content_type="image/png")
    # A preview image is shown by other sites (link previews, oEmbed thumbnails).
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


# What json_script escapes: nothing in the data can close the script element or open a comment.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _schema_author(author: Author, outlet: str) -> dict:
    if author.is_organisation or author.name == outlet:
        return {"@type": "Organization", "name": author.name}
    person = {"@type": "Person", "name": author.name}
    if author.family:
        person["familyName"] = author.family
    if author.given:
        person["givenName"] = author.given
    return person


def json_ld(briefing, item: Publication) -> SafeString:
    """schema.org JSON-LD for an item page: a Quotation citing its source, part of the briefing."""
    citation = item.citation
    source: dict = {"@type": "CreativeWork", "name": citation.display_title}
    if citation.authors:
        # schema.org wants a Person or an Organization for an author, never Thing; a byline that
        # is the outlet's own name is the outlet.
        # Always a list, in the source's order: one shape for one author or several.
        source["author"] = [_schema_author(author, citation.outlet) for author in citation.authors]
    if citation.outlet:
        source["publisher"] = {"@type": "Organization", "name": citation.outlet}
    if citation.published:
        source["datePublished"] = citation.published
    if citation.url:
        source["url"] = citation.url
    data = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "text": item.quote,
        "url": _item_url("item", briefing, item),
        "image": _item_url("card_image", briefing, item),
        "citation": source,
        "isPartOf": {
            "@type": "CreativeWork",
            "name": briefing.title,
            "url": absolute(briefing.get_absolute_url()),
            # The quote is in its source's language; the briefing's words are in this one.
            "inLanguage": briefing.language,
        },
    }
    if item.first_published_at:
        data["datePublished"] = item.first_published_at.isoformat()
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
