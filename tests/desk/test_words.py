"""No internal name reaches a page: every page, for every role, read as a person reads it.

Each routed HTML page is rendered over a desk holding an excerpt in every state, a correction,
comments, events and actors; its visible text (not its markup) is searched for field paths, raw
status codes and Python reprs.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from desk.excerpts import add_comment
from events.models import ActorAlias
from tests.factories import (
    ActorFactory,
    BriefingFactory,
    EventFactory,
    UserFactory,
    excerpt_in,
    make_source,
    start_correction,
)
from tests.security.test_url_permissions import routed_names, url_for

# Pages that are not HTML for people, or that show code on purpose.
NOT_PAGES = ("api:", "briefings:feed", "briefings:corrections_feed", "briefings:markdown",
             "sitemap", "robots", "healthz", "readyz", "events:understand_date")  # fmt: skip
FORBIDDEN = [
    (re.compile(r"\b[a-z]+(?:_[a-z]+)+\b"), "a snake_case name (field or status code)"),
    (re.compile(r"\w__\w"), "a field path"),
    (re.compile(r"object at 0x|<bound |<[A-Z]\w+: "), "a Python repr"),
    # "None recorded." opens a sentence; a None inside one stands where a value should be.
    (re.compile(r"(?m)(?<!^)\bNone\b"), "None where a value should be"),
    (
        re.compile(
            r"\b1 (?:[a-z]+ )?(?:actors|events|excerpts|items|sources|aliases|topics|links|revisions)\b"
        ),
        "a plural of one",
    ),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d"), "a raw ISO time"),
    (
        re.compile(r"(?<![\w“])“?(\w[\w ]*?)”? → “?\1(?![\w])", re.I),
        "a change from a state to itself",
    ),
    (re.compile(r"\b(?:Published|Current) revision \w+"), "a model's field named by its path"),
    (re.compile(r"\{[#%{]|[#%}]\}"), "template syntax shown as text"),
]

# The desk marks a working title "[Untitled] …" for its staff; readers are told the title is unknown.
FOR_READERS = [(re.compile(r"\[Untitled\]"), "a working title shown as a title")]


class VisibleText(HTMLParser):
    """The words a person reads: text outside script and style, and option labels."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


@pytest.fixture
def desk(db):
    editor = UserFactory(username="editor", roles=["editor"])
    editor2 = UserFactory(username="editor2", roles=["editor"])
    reviewer = UserFactory(username="reviewer", roles=["reviewer"])
    outsider = UserFactory(username="outsider")
    briefing = BriefingFactory(title="The border", slug="the-border")
    source = make_source(
        text="Heading\nOn 17 November 2025 Poland reopened two crossings.\n"
        "Critics called the decision premature.\nMinisters said the talks would go on.\n"
        "Officials counted the trucks.\nNobody named a date.\nThe mayor thanked the guards.\n"
        "The border stayed calm.",
        published="2025-11",
    )
    untitled = make_source(text="When the talks began nobody expected a deal by winter.")
    event = EventFactory(title="Crossings reopened", date="2025-11-17")
    actor = ActorFactory(name="Poland")
    ActorAlias.objects.create(actor=actor, name="Polska")
    quotes = {
        "draft": "Poland reopened two crossings",
        "submitted": "Critics called the decision premature",
        "changes_requested": "Ministers said the talks would go on",
        "scheduled": "Officials counted the trucks",
        "withdrawn": "Nobody named a date",
        "rejected": "The mayor thanked the guards",
    }
    made = {}
    for state, quote in quotes.items():
        made[state] = excerpt_in(
            state, editor=editor, reviewer=reviewer, source=source, briefing=briefing,
            quote=quote, events=[event], actors=[actor],
            publish_at=timezone.now() + dt.timedelta(hours=2),
        )  # fmt: skip
    published = excerpt_in(
        "published", editor=editor, reviewer=reviewer, source=untitled, briefing=briefing,
        quote="nobody expected a deal by winter", events=[event],
    )  # fmt: skip
    start_correction(published, editor=editor2)
    add_comment(made["submitted"], reviewer, "@editor the date, please.")
    values = {
        "slug": briefing.slug,
        "pk": published.pk,
        "source_id": source.pk,
        "action": "approve",
        "token": "00000000-0000-0000-0000-000000000000",
        "number": 1,
    }
    per_name = {
        "sources:reader": {"pk": source.pk},
        "sources:edit": {"pk": source.pk},
        "sources:diff": {"pk": source.pk},
        "sources:add_version": {"pk": source.pk},
        "events:detail": {"pk": event.pk},
        "events:edit": {"pk": event.pk},
        "events:actor": {"slug": actor.slug},
        "events:actor_edit": {"slug": actor.slug},
        "events:actor_merge": {"slug": actor.slug},
    }
    users = {"anonymous": None, "outsider": outsider, "editor": editor, "reviewer": reviewer}
    return values, per_name, users, made


def _pages(values, per_name, made):
    for name in routed_names():
        if name.startswith(NOT_PAGES) or name in NOT_PAGES:
            continue
        try:
            url = url_for(name, values, per_name)
        except AssertionError:
            continue
        yield name, url
        if name in ("desk:excerpt", "desk:excerpt_history"):
            for state, excerpt in made.items():
                yield f"{name} ({state})", url.replace(f"/{values['pk']}/", f"/{excerpt.pk}/")


@pytest.mark.slow
def test_no_internal_name_reaches_any_page(desk):
    values, per_name, users, made = desk
    found = {}
    for role, user in users.items():
        # A page that fails is another test's business; this one reads what pages say.
        client = Client(raise_request_exception=False)
        if user:
            client.force_login(user)
        for name, url in _pages(values, per_name, made):
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            text = visible(response.content.decode())
            rules = FORBIDDEN + (FOR_READERS if name.startswith("briefings:") else [])
            for pattern, what in rules:
                for match in pattern.finditer(text):
                    found.setdefault(f"{name} as {role}", set()).add(f"{what}: {match.group(0)!r}")
    assert found == {}


def test_the_reader_of_this_test_sees_what_it_catches():
    text = visible(
        "<p>submitted → changes_requested</p><script>var a_b = 1</script><p>1 actor aliases</p>"
    )
    rules = {what: pattern for pattern, what in FORBIDDEN}
    assert rules["a snake_case name (field or status code)"].search(text)[0] == "changes_requested"
    assert "a_b" not in text
    assert rules["a plural of one"].search(text)
    assert rules["a change from a state to itself"].search("Edited: draft → draft")
    assert rules["template syntax shown as text"].search("{# A source cited #}")
