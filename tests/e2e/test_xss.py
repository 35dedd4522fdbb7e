"""Hostile text in every field a person can write, then every page that shows it, in Chromium:
no dialog, no script run, no Content-Security-Policy violation."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from desk.editing import ExcerptContent, create_excerpt
from desk.models import Briefing, Comment, Topic
from events.models import Actor, ActorAlias, Event, EventActor
from sources.importing import SourceMetadata, import_source
from tests.factories import UserFactory, excerpt_in

PAYLOADS = [
    line
    for line in (Path(__file__).resolve().parents[1] / "security" / "xss_payloads.txt")
    .read_text()
    .splitlines()
    if line
]
PASSWORD = "a-long-test-password-1"
# Feeds, exports, citation files, card images and originals are downloads, not pages.
SKIP = re.compile(
    r"^/(admin|static|accounts/logout|api)|/feed/$|\.(md|json|ris|bib|png)$|/oembed/"
    r"|/originals/|sitemap|robots"
)
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def hostile_desk():
    editor = UserFactory(username="edna", roles=["editor"])
    reviewer = UserFactory(username="rita", roles=["reviewer"])
    every = "\n\n".join(PAYLOADS)
    briefing = Briefing.objects.create(title=PAYLOADS[0], slug="hostile", summary=every)
    sources = [
        import_source(
            text=f"Article {i} begins here.\n{payload}\nArticle {i} ends here.",
            metadata=SourceMetadata(title=payload, author=payload[:200], outlet=payload[:200]),
            imported_from=payload,
        )
        for i, payload in enumerate(PAYLOADS)
    ]
    full = import_source(
        text="\n".join(["Opening line of the hostile text.", *PAYLOADS]), metadata=SourceMetadata()
    )
    topics = [
        Topic.objects.create(name=f"{p[:90]} {i}", slug=f"t{i}") for i, p in enumerate(PAYLOADS)
    ]
    actors = []
    for i, payload in enumerate(PAYLOADS):
        actor = Actor.objects.create(name=f"{payload[:180]} {i}", slug=f"a{i}", description=payload)
        ActorAlias.objects.create(actor=actor, name=f"{payload[:180]} alias {i}")
        actors.append(actor)
    events = []
    for i, payload in enumerate(PAYLOADS):
        event = Event.objects.create(
            title=payload[:300], description=payload, place=payload[:200], date=f"{1990 + i}"
        )
        EventActor.objects.create(event=event, actor=actors[i], role=payload[:100])
        events.append(event)
    version = full.current_version
    start = version.text.index(PAYLOADS[0])
    excerpt = create_excerpt(
        content=ExcerptContent(
            source_version=version, start=start, end=start + len(PAYLOADS[0]) + 1 + len(PAYLOADS[1]),
            annotation=every, briefing=briefing, kind="claim", topics=topics, actors=actors, events=events,
        ),
        user=editor,
    )  # fmt: skip
    for payload in PAYLOADS:
        Comment.objects.create(excerpt=excerpt, author=reviewer, body=payload)
    excerpt = excerpt_in("published", editor=editor, reviewer=reviewer, excerpt=excerpt, comment="")
    for i, source in enumerate(sources[:5]):
        text = source.current_version.text
        other = create_excerpt(
            content=ExcerptContent(
                source_version=source.current_version, start=0, end=text.index("\n"),
                annotation=PAYLOADS[i], briefing=briefing, kind="claim",
            ),
            user=editor,
        )  # fmt: skip
        other = excerpt_in(
            "withdrawn", editor=editor, reviewer=reviewer, excerpt=other, comment=PAYLOADS[-1 - i]
        )
    return excerpt, full


def visit_all(page, base, starts, must_visit):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)
    seen: set[str] = set()
    queue = [*must_visit, *starts]
    problems = {}
    while queue and len(seen) < 60:
        url = queue.pop(0)
        parsed = urlparse(url)
        key = re.sub(r"/\d+", "/N", parsed.path) + ("?" + parsed.query if parsed.query else "")
        if key in seen or SKIP.search(parsed.path):
            continue
        seen.add(key)
        response = page.goto(urljoin(base, url))
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        page.wait_for_timeout(50)
        state = page.evaluate("({violations: window.__violations, xss: window.__xss || null})")
        if state["violations"] or state["xss"]:
            problems[parsed.path] = state
        for href in page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.getAttribute('href'))"
        ):
            target = urljoin(page.url, href)
            if urlparse(target).netloc == urlparse(base).netloc and "#" not in href:
                queue.append(target)
    return seen, dialogs, problems


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("username", [None, "edna"])
def test_hostile_text_never_runs(page, live_server, sign_in, username):
    excerpt, full = hostile_desk()
    base = live_server.url
    must = [
        f"{base}/briefings/hostile/",
        f"{base}/briefings/hostile/items/{excerpt.pk}/",
        f"{base}/briefings/hostile/timeline/",
    ]
    if username:
        sign_in(page, username, PASSWORD)
        must += [
            f"{base}/desk/excerpts/{excerpt.pk}/",
            f"{base}/desk/excerpts/{excerpt.pk}/history/",
            f"{base}/desk/excerpts/{excerpt.pk}/edit/",
            f"{base}{full.get_absolute_url()}",
            f"{base}/sources/",
            f"{base}/events/",
            f"{base}/events/timeline/",
            f"{base}/events/actors/",
        ]
    seen, dialogs, problems = visit_all(
        page, base, [f"{base}/desk/" if username else f"{base}/"], must
    )
    assert dialogs == []
    assert problems == {}
    assert len(seen) >= (10 if username else 3)
    # The payloads were on the pages, as text.
    page.goto(f"{base}/briefings/hostile/")
    assert "<script>alert('xss1')</script>" in page.inner_text("main")
