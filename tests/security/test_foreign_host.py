"""No request's Host reaches what the desk serves: every absolute URL comes from SITE_URL.

After a public change, one request naming another host, or the right name with another port,
used to put that host into the sitemap, the feeds, the Markdown export and the canonical links
of the cached pages served to every later reader. Here such a request comes first, on every
cached surface and the API, and neither its own answer nor any later one names its host.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_excerpt, publish

pytestmark = pytest.mark.django_db
SITE = "https://desk.example.org"
FOREIGN = ["desk.example.org:8443", "mirror.example.net", "desk.example.org:80"]


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["desk.example.org", "mirror.example.net"]


@pytest.fixture
def surfaces(site, editor, reviewer, source, briefing):
    # A public change: two items published in a public briefing.
    items = [
        publish(
            make_excerpt(editor=editor, source=source, briefing=briefing),
            editor=editor,
            reviewer=reviewer,
        )
        for _ in range(2)
    ]
    slug, item = briefing.slug, items[0]
    return [
        reverse("briefings:list"),
        reverse("briefings:detail", args=[slug]),
        reverse("briefings:item", args=[slug, item.pk]),
        reverse("briefings:feed", args=[slug]),
        reverse("briefings:corrections_feed", args=[slug]),
        reverse("briefings:markdown", args=[slug]),
        reverse("sitemap"),
        reverse("robots"),
        "/api/",
        "/api/items/?page_size=1",
        "/api/briefings/",
        f"/api/briefings/{slug}/",
        f"/api/briefings/{slug}/items/?page_size=1",
        "/api/excerpts/export.jsonld",
        "/api/excerpts/export.csv",
    ]


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode() + " ".join(f"{k}: {v}" for k, v in response.items())


@pytest.mark.parametrize("foreign", FOREIGN)
def test_a_foreign_host_reaches_no_cached_surface(surfaces, foreign):
    for url in surfaces:
        answer = Client(HTTP_HOST=foreign).get(url, secure=True)
        assert answer.status_code == 200, url
        assert foreign not in body(answer), f"{url} names the request's host"
    for url in surfaces:
        later = Client(HTTP_HOST="desk.example.org").get(url, secure=True)
        assert foreign not in body(later), f"{url} served the foreign host to a later reader"


def test_links_that_must_be_absolute_use_site_url(surfaces):
    client = Client(HTTP_HOST="mirror.example.net")
    item_page, feed, sitemap, markdown = surfaces[2], surfaces[3], surfaces[6], surfaces[5]
    assert f'<link rel="canonical" href="{SITE}{item_page}">' in body(client.get(item_page))
    assert f'<meta property="og:url" content="{SITE}{item_page}">' in body(client.get(item_page))
    assert f"<loc>{SITE}{item_page}</loc>" in body(client.get(sitemap))
    assert f'href="{SITE}{item_page}"' in body(client.get(feed))
    assert f"[Permalink]({SITE}{item_page})" in body(client.get(markdown))
    assert f"Sitemap: {SITE}/sitemap.xml" in body(client.get(reverse("robots")))
    page = client.get("/api/items/?page_size=1").json()
    assert page["next"].startswith(f"{SITE}/api/items/")
    assert client.get("/api/").json()["items"] == f"{SITE}/api/items/"


def test_the_desks_own_api_links_use_site_url(surfaces, editor, draft):
    client = Client(HTTP_HOST="mirror.example.net")
    client.force_login(editor)
    listing = client.get("/api/audit/?page_size=1").json()
    assert listing["next"].startswith(f"{SITE}/api/audit/")
    excerpt = client.get(f"/api/excerpts/{draft.pk}/").json()
    assert "mirror.example.net" not in str(excerpt)
