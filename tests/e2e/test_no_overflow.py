"""On a phone (375 px) no desk or public page is wider than the screen: a page that scrolls
sideways hides the end of every line, so a long e-mail address, a webhook's address or a table
of dates scrolls or wraps inside its own box instead (issue #31)."""

from __future__ import annotations

import pytest

from desk.webhooks.models import Endpoint
from tests.factories import (
    ActorFactory,
    BriefingFactory,
    EventFactory,
    UserFactory,
    excerpt_in,
    make_source,
)

PHONE = {"width": 375, "height": 812}
QUOTE = "Ministers said the crossing would reopen in spring"
# Real receivers' addresses are long and unbroken (this is the shape of a Slack one).
HOOK = "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstuvwx"
# Sources quote addresses too, as one word that nothing breaks.
DECREE = "The decree is at https://pravo.by/document/?guid=12551&p0=P32500317_1736118000."


@pytest.fixture
def desk(db):
    editor = UserFactory(username="edna", roles=["editor"])
    reviewer = UserFactory(username="rita", roles=["reviewer"])
    # The Team page lists every address; an administrator's is a long one.
    admin = UserFactory(username="administrator", roles=["administrator"], is_superuser=True)
    briefing = BriefingFactory(title="The border", slug="the-border")
    source = make_source(
        title="Border talk",
        text=f"{QUOTE}. Nobody else said so.\n{DECREE}",
    )
    actor = ActorFactory(name="Maria Example")
    event = EventFactory(title="The crossing reopens")
    made = {"source": source, "briefing": briefing, "editor": editor, "reviewer": reviewer}
    draft = excerpt_in("draft", quote=DECREE, **made)
    submitted = excerpt_in("submitted", quote="Nobody else said so.", **made)
    published = excerpt_in("published", quote=QUOTE, actors=[actor], events=[event], **made)
    endpoint = Endpoint.objects.create(url=HOOK, description="Newsroom chat", created_by=admin)
    version = source.current_version
    return {
        "edna": [
            "/desk/",
            "/desk/review/",
            draft.get_absolute_url(),
            submitted.get_absolute_url(),
            published.get_absolute_url(),
            f"/desk/sources/{source.pk}/excerpts/new/?version={version.number}&start=0&end=20",
            f"/desk/excerpts/new/?quote={QUOTE}",
            f"/desk/excerpts/{draft.pk}/edit/",
            f"/desk/excerpts/{published.pk}/history/",
            source.get_absolute_url(),
            "/sources/",
            "/sources/add/",
            "/desk/tokens/",
            "/desk/preferences/",
            "/desk/shared-records/",
            "/events/",
            event.get_absolute_url(),
            "/events/actors/",
            actor.get_absolute_url(),
            "/api/docs/",
        ],
        "rita": [
            "/desk/",
            "/desk/review/",
            submitted.get_absolute_url(),
            f"/desk/excerpts/{published.pk}/history/",
        ],
        "administrator": [
            "/desk/team/",
            f"/desk/team/{editor.pk}/",
            "/desk/briefings/",
            "/desk/briefings/new/",
            f"/desk/briefings/{briefing.slug}/edit/",
            "/desk/webhooks/",
            f"/desk/webhooks/{endpoint.pk}/",
            f"/desk/webhooks/{endpoint.pk}/edit/",
        ],
        # Readers, signed in as nobody.
        "": ["/briefings/", briefing.get_absolute_url(), published.get_public_url()],
    }


# What is seen sticking out past the right edge, outside any box that scrolls it within the
# screen (a folded "Menu" is laid out but not seen).
STICKING_OUT = """() => {
  const width = window.innerWidth;
  const inside = (el) => {
    for (let up = el.parentElement; up; up = up.parentElement) {
      const x = getComputedStyle(up).overflowX;
      if (x !== 'visible' && up.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width,
    out: [...document.querySelectorAll('body *')]
      .filter((el) => el.checkVisibility() && el.getBoundingClientRect().right > width + 1)
      .filter((el) => !inside(el))
      .slice(0, 3)
      .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')),
  };
}"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("person", ["edna", "rita", "administrator", ""])
def test_on_a_phone_no_page_is_wider_than_the_screen(
    page, live_server, sign_in, desk, password, person
):
    if person:
        sign_in(page, person, password)
    page.set_viewport_size(PHONE)
    wide = {}
    for address in desk[person]:
        response = page.goto(f"{live_server.url}{address}")
        assert response.ok, (address, response.status)
        measured = page.evaluate(STICKING_OUT)
        if measured["scrollWidth"] > measured["width"] + 1 or measured["out"]:
            wide[address] = measured
    assert not wide, wide
