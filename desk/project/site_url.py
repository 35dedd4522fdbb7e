"""The desk's absolute URLs, always from SITE_URL, never from the Host a request names.

Public pages, feeds, the sitemap and the Markdown export are cached and served to every later
reader; were their links built from the request's Host, one request naming another host (or the
right name with another port) would put that host into what everyone reads. So every absolute
URL the desk writes, in pages, feeds, sitemaps, exports, e-mail and the API, comes from here.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def site_scheme() -> str:
    return urlsplit(settings.SITE_URL).scheme or "https"


def site_domain() -> str:
    """The host (and port, if any) of SITE_URL."""
    return urlsplit(settings.SITE_URL).netloc


def absolute(path: str) -> str:
    """The absolute URL of a path on this desk: "/briefings/x/" -> "https://desk.example/…"."""
    return f"{site_scheme()}://{site_domain()}/{path.lstrip('/')}"


def on_site(url: str | None) -> str | None:
    """An absolute URL built from a request, moved onto SITE_URL's scheme and host."""
    if not url:
        return url
    parts = urlsplit(url)
    return urlunsplit((site_scheme(), site_domain(), parts.path, parts.query, parts.fragment))
