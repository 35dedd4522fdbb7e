"""Accessibility: axe-core finds no serious or critical violation on any page, for any role.

The test walks the site as a person would, following links from the public front page and
from the desk, and checks one page of each shape (one excerpt page stands for all). axe-core
comes from the npm package (node_modules), served to the page by the test at a same-origin
URL, so the site's strict CSP stays on while it runs.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from desk.demo.loader import load_demo

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/__test__/axe.min.js"
SKIP = re.compile(
    r"^/(admin|api|accounts/logout|static|__test__)|\.(md|json|ris|bib|png)$|/feed/$|/oembed/|/originals/|sitemap\.xml|robots\.txt"
)
PASSWORD = "a-long-demo-password-1"
MAX_PAGES = 45


def shape(path: str) -> str:
    """Pages that differ only by ids or slugs are one shape."""
    return re.sub(r"/\d+", "/N", path)


def crawl(page, base: str, starts: list[str]) -> dict[str, list]:
    page.route(
        f"**{AXE_URL}", lambda route: route.fulfill(path=str(AXE), content_type="text/javascript")
    )
    seen: set[str] = set()
    queue = list(starts)
    problems: dict[str, list] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlparse(url).path + (f"?{urlparse(url).query}" if urlparse(url).query else "")
        key = shape(urlparse(url).path) + (
            "?" + urlparse(url).query.split("=")[0] if urlparse(url).query else ""
        )
        if key in seen or SKIP.search(urlparse(url).path):
            continue
        seen.add(key)
        response = page.goto(urljoin(base, path))
        if (
            response is None
            or response.status >= 400
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue
        page.add_script_tag(url=AXE_URL)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            problems[path] = bad
        for href in page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.getAttribute('href'))"
        ):
            target = urljoin(page.url, href)
            if urlparse(target).netloc == urlparse(base).netloc and "#" not in href:
                queue.append(target)
    assert len(seen) > 3, seen
    return problems


@pytest.mark.skipif(not AXE.exists(), reason="axe-core is installed by `make test` (npm ci)")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", [None, "editor", "reviewer", "admin"])
def test_no_serious_accessibility_violations(page, live_server, sign_in, username):
    load_demo(password=PASSWORD)
    starts = [f"{live_server.url}/briefings/"]
    if username:
        sign_in(page, username, PASSWORD)
        # The demo's administrator works on the Team and briefings pages, not the desk.
        desk = ["/desk/team/", "/desk/briefings/"] if username == "admin" else ["/desk/"]
        starts = [f"{live_server.url}{path}" for path in desk] + starts
    else:
        starts.append(f"{live_server.url}/accounts/login/")
    assert crawl(page, live_server.url, starts) == {}
