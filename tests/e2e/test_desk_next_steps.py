"""In the browser: the desk tells each person what to do next, in their own time zone."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from playwright.sync_api import expect

from desk.publishing.states import Action
from desk.publishing.workflow import perform
from tests.factories import BriefingFactory, UserFactory, excerpt_in, make_source

QUOTE = "Ministers said the crossing would reopen"


@pytest.fixture
def people(db):
    return {
        "edna": UserFactory(username="edna", roles=["editor"], email="edna@example.org"),
        "rita": UserFactory(username="rita", roles=["reviewer"], email="rita@example.org"),
        "chief": UserFactory(username="chief", roles=["editor", "reviewer"]),
        "briefing": BriefingFactory(title="The border", slug="the-border"),
        "source": make_source(title="Border talk"),
    }


def _made_by(people, who="edna", state="draft"):
    return excerpt_in(
        state, editor=people[who], reviewer=people["rita"], source=people["source"],
        briefing=people["briefing"], quote=QUOTE, annotation="Officials promise a date.",
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_a_reviewer_in_warsaw_schedules_two_minutes_ahead_in_local_time(
    browser, live_server, sign_in, people, password, settings
):
    # Readers' pages are cached until the next scheduled time by the wall clock; this test moves
    # only the desk's clock, so it reads them uncached.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert settings.TIME_ZONE == "UTC"
    excerpt = _made_by(people, state="approved")
    page = browser.new_context(timezone_id="Europe/Warsaw").new_page()
    sign_in(page, "rita", password)
    page.goto(f"{live_server.url}{excerpt.get_absolute_url()}")

    warsaw = zoneinfo.ZoneInfo("Europe/Warsaw")
    local = (
        (timezone.now() + dt.timedelta(minutes=3))
        .astimezone(warsaw)
        .replace(second=0, microsecond=0)
    )
    expect(page.get_by_text("Times are shown in Europe/Warsaw")).to_be_visible()
    page.get_by_label("Publish at").fill(local.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.get_by_text("Done: the excerpt is now “Scheduled”.")).to_be_visible()
    zone = local.strftime("%Z")  # CET or CEST
    # Past midnight in Warsaw the desk names the day as well, in the interface's date format.
    today = timezone.now().astimezone(warsaw).date() == local.date()
    day = "" if today else f"{formats.date_format(local, 'DATE_FORMAT')} "
    publishes = f"Publishes {day}{local:%H:%M} {zone}"
    expect(page.get_by_text(f"{publishes} (in ")).to_be_visible()
    excerpt.refresh_from_db()
    assert excerpt.visible_from == local  # the reviewer's 16:30 in Warsaw, not 16:30 UTC

    page.goto(f"{live_server.url}/desk/")
    expect(
        page.get_by_role("region", name=re.compile("^Scheduled")).get_by_text(publishes)
    ).to_be_visible()

    reader = browser.new_context().new_page()
    public = f"{live_server.url}{people['briefing'].get_absolute_url()}"
    reader.goto(public)
    expect(reader.get_by_text(QUOTE)).to_have_count(0)

    real_now = timezone.now
    with mock.patch(
        "django.utils.timezone.now", lambda: real_now() + dt.timedelta(minutes=3, seconds=5)
    ):
        reader.goto(public)
        expect(reader.get_by_text(QUOTE).first).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_an_editor_finds_what_was_sent_back_with_the_reviewers_comment(
    page, live_server, sign_in, sign_out, people, password
):
    excerpt = _made_by(people, state="submitted")
    sign_in(page, "rita", password)
    page.goto(f"{live_server.url}/desk/")
    page.get_by_role("region", name="Waiting for my review").get_by_role("link").first.click()
    page.get_by_label("Comment for the desk").fill("Name the ministers, please.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_text("Done: the excerpt is now “Changes requested”.")).to_be_visible()
    sign_out(page)

    sign_in(page, "edna", password)
    expect(page.locator(".nav-count")).to_have_text("1 need your attention")
    page.goto(f"{live_server.url}/desk/")
    sent_back = page.get_by_role("region", name="Sent back to me")
    expect(sent_back.get_by_text("Name the ministers, please.")).to_be_visible()
    expect(sent_back.get_by_role("link", name="Revise it and submit again")).to_be_visible()
    sent_back.get_by_role("link", name="Revise it and submit again").click()
    expect(page).to_have_url(f"{live_server.url}{excerpt.get_absolute_url()}")


@pytest.mark.django_db(transaction=True)
def test_a_mention_reaches_the_person_named(
    page, live_server, sign_in, sign_out, people, password, mailoutbox
):
    excerpt = _made_by(people)
    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}{excerpt.get_absolute_url()}")
    page.get_by_label("Add a comment").fill("@rita could you look at the date first?")
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Comment added.")).to_be_visible()
    assert [m.to for m in mailoutbox] == [["rita@example.org"]]
    sign_out(page)

    sign_in(page, "rita", password)
    page.goto(f"{live_server.url}/desk/")
    mentions = page.get_by_role("region", name="Mentions of me")
    expect(mentions.get_by_text("could you look at the date first?")).to_be_visible()
    mentions.get_by_role("link", name="edna mentioned you").click()
    comments = page.get_by_role("region", name="Comments")
    expect(comments.get_by_text("@rita could you look at the date first?")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_the_author_with_both_roles_sees_why_approve_is_unavailable(
    page, live_server, sign_in, people, password
):
    excerpt = perform(_made_by(people, who="chief"), Action.SUBMIT, people["chief"])
    sign_in(page, "chief", password)
    page.goto(f"{live_server.url}{excerpt.get_absolute_url()}")
    approve = page.get_by_role("button", name="Approve", exact=True)
    expect(approve).to_be_disabled()
    expect(approve).to_have_accessible_description(
        "You wrote or last edited this; another reviewer must approve it."
    )
    expect(page.get_by_role("button", name="Approve and publish")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_withdrawing_asks_for_the_public_note_and_a_confirmation(
    browser, page, live_server, sign_in, people, password
):
    excerpt = _made_by(people, state="published")
    sign_in(page, "rita", password)
    page.goto(f"{live_server.url}{excerpt.get_absolute_url()}")
    page.get_by_role("link", name="Withdraw…").click()
    expect(
        page.get_by_role("heading", name=f"Withdraw excerpt {excerpt.pk} from readers?")
    ).to_be_visible()

    note = page.get_by_label("Public note (readers see this)")
    note.fill("The quote was attributed to the wrong minister.")
    page.get_by_role("button", name="Withdraw from readers").click()
    # Not confirmed: the browser keeps the person on the page, nothing is withdrawn.
    expect(page.get_by_role("button", name="Withdraw from readers")).to_be_visible()
    excerpt.refresh_from_db()
    assert excerpt.status == "published"

    page.get_by_label("I understand readers will no longer see this item").check()
    page.get_by_role("button", name="Withdraw from readers").click()
    expect(page.get_by_text("Done: the excerpt is now “Withdrawn”.")).to_be_visible()

    reader = browser.new_context().new_page()
    reader.goto(f"{live_server.url}{reverse('briefings:item', args=['the-border', excerpt.pk])}")
    expect(reader.get_by_text("The quote was attributed to the wrong minister.")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_highlight_in_the_reader_opens_a_card_without_leaving_the_page(
    page, live_server, sign_in, people, password
):
    excerpt = _made_by(people, state="submitted")
    sign_in(page, "rita", password)
    reader_url = f"{live_server.url}{people['source'].get_absolute_url()}"
    page.goto(reader_url)
    page.locator("#reader-text mark.hl").first.click()
    card = page.get_by_role("dialog", name=f"Excerpt {excerpt.pk}")
    expect(card).to_be_visible()
    expect(card.get_by_text("Submitted for review")).to_be_visible()
    expect(card.get_by_text("Officials promise a date.")).to_be_visible()
    expect(page).to_have_url(reader_url)
    page.keyboard.press("Escape")
    expect(card).to_have_count(0)
    page.locator("#reader-text mark.hl").first.focus()
    page.keyboard.press("Enter")
    page.get_by_role("dialog").get_by_role("link", name="Open the excerpt").click()
    expect(page).to_have_url(f"{live_server.url}{excerpt.get_absolute_url()}")
