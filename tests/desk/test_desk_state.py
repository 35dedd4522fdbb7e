"""The desk's counts are kept between pages, and never outlive a change (desk.desk_state, #33).

The navigation's count and the desk home's counts read the whole library, so they are kept
under the desk's state; every test here checks a count right after something changed it.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from desk import inbox
from desk.excerpts import add_comment
from desk.publishing.states import Action
from desk.publishing.workflow import perform
from tests.factories import make_excerpt

pytestmark = pytest.mark.django_db


def navigation_count(client) -> int:
    page = client.get(reverse("desk:review_queue")).content.decode()
    found = re.search(r'<span class="nav-count"[^>]*>(\d+)<', page)
    return int(found.group(1)) if found else 0


def overview(client) -> dict[str, int]:
    """The desk home's "at a glance" counts, by title."""
    return {
        title: count for title, _, count in client.get(reverse("desk:home")).context["overview"]
    }


@pytest.fixture
def counting(monkeypatch):
    """How many times the navigation's count was worked out from the database."""
    asked = []
    real = inbox.attention_total
    monkeypatch.setattr(inbox, "attention_total", lambda user: asked.append(user) or real(user))
    return asked


def test_the_navigation_count_is_kept_from_page_to_page(as_user, submitted, reviewer, counting):
    client = as_user(reviewer)
    assert navigation_count(client) == 1
    assert navigation_count(client) == 1
    client.get(reverse("sources:list"))
    assert len(counting) == 1


def test_a_decision_the_reviewer_just_made_leaves_their_count_at_once(
    as_user, submitted, reviewer, counting
):
    client = as_user(reviewer)
    assert navigation_count(client) == 1
    client.post(
        reverse("desk:excerpt_transition", args=[submitted.pk, "approve"]),
        {"seen_status": submitted.status, "seen_revision": submitted.current_revision_id},
    )
    submitted.refresh_from_db()
    assert submitted.status == "approved"
    assert navigation_count(client) == 0


def test_work_submitted_by_someone_else_is_counted_at_once(
    as_user, editor, reviewer, source, briefing, submitted
):
    client = as_user(reviewer)
    assert navigation_count(client) == 1
    perform(make_excerpt(editor=editor, source=source, briefing=briefing), Action.SUBMIT, editor)
    assert navigation_count(client) == 2


def test_opening_the_excerpt_that_mentions_me_takes_it_off_my_count(
    as_user, editor, reviewer, draft
):
    client = as_user(editor)
    add_comment(draft, reviewer, f"@{editor.username} which minister?")
    assert navigation_count(client) == 1
    client.get(reverse("desk:excerpt", args=[draft.pk]))
    assert navigation_count(client) == 0


def test_the_desk_home_counts_follow_decisions(as_user, submitted, reviewer, editor):
    client = as_user(reviewer)
    before = overview(client)
    perform(submitted, Action.APPROVE, reviewer)
    after = overview(client)
    assert sum(after.values()) == sum(before.values())
    assert after != before


def test_a_scheduled_item_is_counted_as_published_once_its_moment_passes(
    as_user, excerpt_in, reviewer
):
    excerpt_in("scheduled", publish_at=timezone.now() + dt.timedelta(seconds=2))
    client = as_user(reviewer)
    first = list(overview(client).values())
    time.sleep(2.2)
    later = list(overview(client).values())
    # "Scheduled" (the fourth) gives its item to "Recently published" (the fifth), unasked.
    assert (first[3], first[4]) == (1, 0)
    assert (later[3], later[4]) == (0, 1)


def test_the_queues_menus_are_kept_and_show_a_new_topic_at_once(
    as_user, submitted, reviewer, django_assert_num_queries
):
    from tests.factories import TopicFactory

    client = as_user(reviewer)
    client.get(reverse("desk:review_queue"))
    # Kept: the session, user, roles, the rows and their count; no menu is asked again.
    with django_assert_num_queries(5):
        page = client.get(reverse("desk:review_queue")).content.decode()
    assert "Harbours" not in page
    topic = TopicFactory(name="Harbours")
    page = client.get(reverse("desk:review_queue")).content.decode()
    assert f'<option value="{topic.slug}">Harbours</option>' in page
    # A kept menu still checks what is chosen against the database.
    chosen = client.get(reverse("desk:review_queue"), {"topic": topic.slug})
    assert f'<option value="{topic.slug}" selected>Harbours</option>' in chosen.content.decode()
    refused = client.get(reverse("desk:review_queue"), {"topic": "no-such-topic"})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()


def test_a_cache_that_is_down_costs_speed_never_a_page(as_user, submitted, reviewer, settings):
    settings.CACHES = {
        "default": {"BACKEND": "tests.desk.test_announcements.CacheThatIsDown"},
        "in_process": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    client = as_user(reviewer)
    assert navigation_count(client) == 1
    assert client.get(reverse("desk:home")).status_code == 200
    response = client.post(
        reverse("desk:excerpt_transition", args=[submitted.pk, "approve"]),
        {"seen_status": submitted.status, "seen_revision": submitted.current_revision_id},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "approved"
    assert navigation_count(client) == 0
