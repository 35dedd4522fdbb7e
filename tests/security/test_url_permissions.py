"""Every URL the project routes, asked by every role: the answer each gets is written down here.

The URL list comes from the URL configuration itself, so a new URL that is not in EXPECTED
fails this test until someone decides who may open it.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from desk.models import ApiToken
from events.models import ActorAlias, DateSuggestion
from events.suggestions import suggest_events
from sources.originals import keep_original
from tests.factories import (
    ActorFactory,
    EventFactory,
    UserFactory,
    make_excerpt,
    make_source,
    publish,
)

ROLES = ("anonymous", "outsider", "editor", "reviewer")
LOGIN = "login"  # a redirect to the sign-in page
# name -> answer to GET for (anonymous, outsider, editor, reviewer).
EXPECTED: dict[str, tuple] = {
    "home": (302, 302, 302, 302),
    "briefings:list": (200, 200, 200, 200),
    "briefings:detail": (200, 200, 200, 200),
    "briefings:timeline": (200, 200, 200, 200),
    "briefings:item": (200, 200, 200, 200),
    "briefings:feed": (200, 200, 200, 200),
    "briefings:corrections_feed": (200, 200, 200, 200),
    "briefings:markdown": (200, 200, 200, 200),
    # Citation files, the embeddable card and its image: public like the item itself.
    "briefings:item_csl": (200, 200, 200, 200),
    "briefings:item_ris": (200, 200, 200, 200),
    "briefings:item_bibtex": (200, 200, 200, 200),
    "briefings:card": (200, 200, 200, 200),
    "briefings:card_image": (200, 200, 200, 200),
    # Without ?url= there is nothing to embed: a clear 400 for everyone.
    "briefings:oembed": (400, 400, 400, 400),
    # Readers by e-mail: the form and its answer are public; a made-up link to confirm or
    # leave gets the clear "this link does not work" page.
    "subscriptions:subscribe": (200, 200, 200, 200),
    "subscriptions:asked": (200, 200, 200, 200),
    "subscriptions:confirm": (400, 400, 400, 400),
    "subscriptions:unsubscribe": (400, 400, 400, 400),
    # A source's citation file is staff-only, like the source.
    "sources:citation_csl": (LOGIN, 403, 200, 200),
    "sources:citation_ris": (LOGIN, 403, 200, 200),
    "sources:citation_bibtex": (LOGIN, 403, 200, 200),
    "desk:home": (LOGIN, 403, 200, 200),
    "desk:review_queue": (LOGIN, 403, 200, 200),
    "desk:shared_records": (LOGIN, 403, 200, 200),
    "desk:preferences": (LOGIN, 403, 200, 200),
    "desk:tokens": (LOGIN, 403, 200, 200),
    "desk:token_revoke": (LOGIN, 403, 405, 405),
    # The Team and briefings pages are for the desk's administrators (tests/desk/test_team.py
    # opens them as one); POST-only actions are refused before the method is looked at.
    "desk:team": (LOGIN, 403, 403, 403),
    "desk:team_person": (LOGIN, 403, 403, 403),
    "desk:team_deactivate": (LOGIN, 403, 403, 403),
    "desk:team_reactivate": (LOGIN, 403, 403, 403),
    "desk:team_invite_again": (LOGIN, 403, 403, 403),
    "desk:briefings": (LOGIN, 403, 403, 403),
    "desk:briefing_new": (LOGIN, 403, 403, 403),
    "desk:briefing_edit": (LOGIN, 403, 403, 403),
    # What the excerpt form's pickers choose from: for those who fill that form, editors.
    "desk:picker_choices": (LOGIN, 403, 200, 403),
    # Without a selection the editor is sent back to the reader, with a message.
    "desk:excerpt_from_selection": (LOGIN, 403, 302, 403),
    "desk:excerpt_new": (LOGIN, 403, 200, 403),
    # Which sources hold a pasted quote: for the editors who paste it.
    "desk:excerpt_new_sources": (LOGIN, 403, 200, 403),
    "desk:excerpt": (LOGIN, 403, 200, 200),
    "desk:excerpt_history": (LOGIN, 403, 200, 200),
    "desk:excerpt_edit": (LOGIN, 403, 200, 403),
    "desk:anchor_accept": (LOGIN, 403, 405, 403),
    "desk:anchor_keep": (LOGIN, 403, 405, 403),
    "desk:excerpt_comment": (LOGIN, 403, 405, 405),
    "desk:excerpt_assign": (LOGIN, 403, 405, 405),
    "desk:excerpt_card": (LOGIN, 403, 200, 200),
    # The step before withdrawing a published item: for reviewers only.
    "desk:excerpt_withdraw": (LOGIN, 403, 403, 200),
    "desk:excerpt_transition": (LOGIN, 403, 405, 405),
    # Webhooks are for the desk's administrators (desk.webhooks.access), not its editors and
    # reviewers; POST-only actions are refused before the method is looked at.
    "webhooks:endpoints": (LOGIN, 403, 403, 403),
    "webhooks:endpoint_add": (LOGIN, 403, 403, 403),
    "webhooks:endpoint": (LOGIN, 403, 403, 403),
    "webhooks:endpoint_edit": (LOGIN, 403, 403, 403),
    "webhooks:endpoint_pause": (LOGIN, 403, 403, 403),
    "webhooks:endpoint_resume": (LOGIN, 403, 403, 403),
    "webhooks:endpoint_delete": (LOGIN, 403, 403, 403),
    "webhooks:endpoint_test": (LOGIN, 403, 403, 403),
    "webhooks:endpoint_rotate_secret": (LOGIN, 403, 403, 403),
    "webhooks:delivery_retry": (LOGIN, 403, 403, 403),
    "sources:list": (LOGIN, 403, 200, 200),
    "sources:add": (LOGIN, 403, 200, 403),
    # A preview belongs to the editor who made it: to anyone else it does not exist.
    "sources:preview": (LOGIN, 403, 404, 404),
    # POST-only: the method is refused before anything else is looked at.
    "sources:discard_preview": (405, 405, 405, 405),
    "sources:read_as_scan": (405, 405, 405, 405),
    "sources:reader": (LOGIN, 403, 200, 200),
    "sources:edit": (LOGIN, 403, 200, 403),
    # How the form reads typed authors: for those who may fill the form.
    "sources:read_authors": (LOGIN, 403, 200, 403),
    "sources:diff": (LOGIN, 403, 200, 200),
    "sources:add_version": (LOGIN, 403, 200, 403),
    "sources:mark_block": (405, 405, 405, 405),
    # A reading job belongs to the editor who started it: to anyone else it does not exist.
    "sources:job": (LOGIN, 403, 404, 404),
    "sources:job_status": (LOGIN, 403, 404, 404),
    "sources:retry_job": (405, 405, 405, 405),
    "sources:correct_paragraph": (LOGIN, 403, 200, 403),
    # POST-only: the method is refused before anything else is looked at.
    "sources:watch": (405, 405, 405, 405),
    "sources:unwatch": (405, 405, 405, 405),
    # Originals are for staff; readers are not even told one exists.
    "sources:original": (404, 404, 200, 200),
    "events:list": (LOGIN, 403, 200, 200),
    "events:create": (LOGIN, 403, 200, 403),
    "events:detail": (LOGIN, 403, 200, 200),
    "events:edit": (LOGIN, 403, 200, 403),
    "events:understand_date": (LOGIN, 403, 200, 200),
    "events:timeline": (LOGIN, 403, 200, 200),
    "events:actors": (LOGIN, 403, 200, 200),
    "events:actor_create": (LOGIN, 403, 200, 403),
    "events:actor": (LOGIN, 403, 200, 200),
    "events:actor_edit": (LOGIN, 403, 200, 403),
    "events:actor_merge": (LOGIN, 403, 200, 403),
    "events:suggestions": (LOGIN, 403, 200, 200),
    "events:source_suggestions": (LOGIN, 403, 200, 200),
    "events:dismiss_suggestion": (LOGIN, 403, 405, 403),
    "events:restore_suggestion": (LOGIN, 403, 405, 403),
    "api:schema": (200, 200, 200, 200),
    "api:docs": (200, 200, 200, 200),
    "api:api-root": (200, 200, 200, 200),
    "api:excerpt-export-csv": (200, 200, 200, 200),
    "api:excerpt-export-jsonld": (200, 200, 200, 200),
    "api:excerpt-import": (401, 403, 405, 403),
    # Whatever else is asked under /api/: a problem 404 (JSON) for everyone.
    "api:not-found": (404, 404, 404, 404),
    "api:briefing-items": (200, 200, 200, 200),
    "api:briefing-list": (200, 200, 200, 200),
    "api:briefing-detail": (200, 200, 200, 200),
    "api:item-list": (200, 200, 200, 200),
    "api:item-detail": (200, 200, 200, 200),
    "api:source-list": (401, 403, 200, 200),
    "api:source-detail": (401, 403, 200, 200),
    "api:source-versions": (401, 403, 200, 200),
    "api:source-version": (401, 403, 200, 200),
    "api:excerpt-list": (401, 403, 200, 200),
    "api:excerpt-detail": (401, 403, 200, 200),
    "api:excerpt-comments": (401, 403, 200, 200),
    "api:excerpt-revisions": (401, 403, 200, 200),
    "api:excerpt-submit": (401, 403, 405, 405),
    "api:excerpt-approve": (401, 403, 405, 405),
    "api:excerpt-request-changes": (401, 403, 405, 405),
    "api:excerpt-reject": (401, 403, 405, 405),
    "api:excerpt-schedule": (401, 403, 405, 405),
    "api:excerpt-reschedule": (401, 403, 405, 405),
    "api:excerpt-unschedule": (401, 403, 405, 405),
    "api:excerpt-publish": (401, 403, 405, 405),
    "api:excerpt-withdraw": (401, 403, 405, 405),
    "api:excerpt-reopen": (401, 403, 405, 405),
    "api:topic-list": (401, 403, 200, 200),
    "api:topic-detail": (401, 403, 200, 200),
    "api:event-list": (401, 403, 200, 200),
    "api:event-detail": (401, 403, 200, 200),
    "api:actor-list": (401, 403, 200, 200),
    "api:actor-detail": (401, 403, 200, 200),
    "api:audit-list": (401, 403, 200, 200),
    "login": (200, 200, 200, 200),
    "logout": (405, 405, 405, 405),
    "password_change": (LOGIN, 200, 200, 200),
    "password_change_done": (LOGIN, 200, 200, 200),
    # An invitation's link: a made-up one gets the page saying it does not work, for everyone.
    "welcome": (200, 200, 200, 200),
    "sitemap": (200, 200, 200, 200),
    "robots": (200, 200, 200, 200),
    "healthz": (200, 200, 200, 200),
    "set_language": (200, 200, 200, 200),
    "javascript_catalog": (200, 200, 200, 200),
    "readyz": (200, 200, 200, 200),
}


def routed_names() -> list[str]:
    """Every named URL outside the admin, with its namespace."""
    names: list[str] = []

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns)
    return sorted(set(names))


def test_every_routed_url_has_an_expected_answer():
    missing = [name for name in routed_names() if name not in EXPECTED]
    gone = [name for name in EXPECTED if name not in routed_names()]
    assert missing == [] and gone == []


def _saved_original(source):
    """An original a saved version holds: for everyone who may see the library (an unsaved
    upload is its uploader's alone, tests/sources/test_original_access.py)."""
    original = keep_original(b"The report.", name="report.txt")
    source.current_version.original = original
    source.current_version.save(update_fields=["original"])
    return original


@pytest.fixture
def world(db):
    editor = UserFactory(username="editor", roles=["editor"])
    reviewer = UserFactory(username="reviewer", roles=["reviewer"])
    outsider = UserFactory(username="outsider")
    source = make_source(
        text="Heading\nOn November 17, Poland reopened two crossings.", published="2025-11"
    )
    event = EventFactory()
    actor = ActorFactory(name="Poland")
    ActorAlias.objects.create(actor=actor, name="Polska")
    excerpt = make_excerpt(
        editor=editor, source=source, quote="Poland reopened", topics=[], events=[event]
    )
    excerpt = publish(excerpt, editor=editor, reviewer=reviewer)
    suggest_events(source.current_version)
    token, _ = ApiToken.issue(user=editor, name="script")
    briefing = excerpt.published_revision.briefing
    from desk.models import Topic

    topic = Topic.objects.create(name="borders")
    values = {
        "slug": briefing.slug,
        "pk": excerpt.pk,
        "source_id": source.pk,
        "action": "approve",
        "token": uuid.uuid4(),
        "number": 1,
    }
    per_name = {
        "desk:token_revoke": {"pk": token.pk},
        "desk:picker_choices": {"kind": "actors"},
        "welcome": {"uidb64": "MQ", "token": "made-up-token"},
        "webhooks:delivery_retry": {"pk": 1, "delivery": 1},
        "sources:reader": {"pk": source.pk},
        "sources:edit": {"pk": source.pk},
        "sources:citation_csl": {"pk": source.pk},
        "sources:citation_ris": {"pk": source.pk},
        "sources:citation_bibtex": {"pk": source.pk},
        "sources:diff": {"pk": source.pk},
        "sources:add_version": {"pk": source.pk},
        "sources:mark_block": {"pk": source.pk, "number": 1},
        "sources:correct_paragraph": {"pk": source.pk, "block": 1},
        "sources:original": {"pk": _saved_original(source).pk},
        "events:detail": {"pk": event.pk},
        "events:edit": {"pk": event.pk},
        "events:actor": {"slug": actor.slug},
        "events:actor_edit": {"slug": actor.slug},
        "events:actor_merge": {"slug": actor.slug},
        "events:dismiss_suggestion": {"pk": DateSuggestion.objects.first().pk},
        "events:restore_suggestion": {"pk": DateSuggestion.objects.first().pk},
        "api:source-detail": {"pk": source.pk},
        "api:source-versions": {"pk": source.pk},
        "api:source-version": {"pk": source.pk, "number": 1},
        "api:topic-detail": {"pk": topic.pk},
        "api:event-detail": {"pk": event.pk},
        "api:actor-detail": {"pk": actor.pk},
        "api:not-found": {"rest": "no/such/thing/"},
    }
    users = {"anonymous": None, "outsider": outsider, "editor": editor, "reviewer": reviewer}
    return values, per_name, users


def url_for(name: str, values: dict, per_name: dict) -> str:
    from django.urls import NoReverseMatch

    if name in per_name:
        return reverse(name, kwargs=per_name[name])
    resolver_kwargs = get_resolver().reverse_dict
    for candidate in (
        [],
        ["slug"],
        ["pk"],
        ["slug", "pk"],
        ["source_id"],
        ["pk", "action"],
        ["token"],
    ):
        try:
            return reverse(name, kwargs={key: values[key] for key in candidate})
        except NoReverseMatch:
            continue
    raise AssertionError(f"cannot build a URL for {name} ({resolver_kwargs is not None})")


def answer(response) -> int | str:
    if response.status_code == 302 and "/accounts/login/" in response.get("Location", ""):
        return LOGIN
    return response.status_code


# `make test-fast` asks these of every role: the excerpt's page and its decisions, readers'
# item and the review queue, where a change to who may see or decide shows first.
FAST_SLICE = ("desk:excerpt", "desk:excerpt_withdraw", "desk:review_queue", "briefings:item")


def test_the_desks_decisions_and_readers_item_answer_every_role_as_expected(world):
    assert _wrong_answers(world, FAST_SLICE) == {}


@pytest.mark.slow  # every routed URL: run by `make test` and CI, left out by `make test-fast`
def test_every_url_answers_every_role_as_expected(world):
    assert _wrong_answers(world, routed_names()) == {}


def _wrong_answers(world, names) -> dict:
    values, per_name, users = world
    wrong = {}
    for name in names:
        url = url_for(name, values, per_name)
        for role, expected in zip(ROLES, EXPECTED[name], strict=True):
            client = Client()
            if users[role]:
                client.force_login(users[role])
            got = answer(client.get(url))
            if got != expected:
                wrong[f"{name} as {role}"] = (url, expected, got)
    return wrong
