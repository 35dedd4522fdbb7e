"""The page a reviewer decides on shows each actor's aliases as readers' copy will hold them.

An approval takes the item's readers' copy with every alias of its actors, and readers' search
then expands a name with them (issue #14): so the approval must cover them, which it can only if
the reviewer sees them where they decide.
"""

from __future__ import annotations

from django.urls import reverse

from desk import readers_copy
from desk.models import Excerpt
from desk.publishing.states import Action
from desk.publishing.workflow import perform
from events.models import ActorAlias
from tests.factories import ActorFactory, make_excerpt, make_source

NAME = "Alexander Lukashenka"


def _submitted(editor, briefing, actors):
    source = make_source("Lukashenka spoke in Minsk on Monday.\nMore.", title="Belarus today")
    excerpt = make_excerpt(editor=editor, source=source, briefing=briefing, actors=actors)
    return perform(excerpt, Action.SUBMIT, editor)


def test_the_decision_page_shows_each_actors_aliases(as_user, editor, reviewer, briefing):
    actor = ActorFactory(name=NAME)
    for alias in ["Лукашэнка", "Lukashenko", "<b>Luka</b>"]:
        ActorAlias.objects.create(actor=actor, name=alias)
    item = _submitted(editor, briefing, [actor, ActorFactory(name="Maria Kalesnikava")])

    page = as_user(reviewer).get(reverse("desk:excerpt", args=[item.pk])).content.decode()
    assert "Approve" in page[page.index('id="decide-heading"') :]
    # As readers' copy holds them: sorted, and escaped on the page.
    assert f"{NAME} — also: &lt;b&gt;Luka&lt;/b&gt;, Lukashenko, Лукашэнка" in page
    assert "<b>Luka</b>" not in page
    assert '<span class="tag">Maria Kalesnikava</span>' in page

    # What the reviewer saw is what the approval gives readers.
    approved = perform(Excerpt.objects.get(pk=item.pk), Action.APPROVE, reviewer)
    taken = readers_copy.latest_for(approved.current_revision).data["actors"]
    assert next(a["aliases"] for a in taken if a["name"] == NAME) == [
        "<b>Luka</b>",
        "Lukashenko",
        "Лукашэнка",
    ]


def test_every_role_that_sees_the_page_sees_the_aliases(as_user, editor, chief, briefing):
    actor = ActorFactory(name=NAME)
    ActorAlias.objects.create(actor=actor, name="Lukashenko")
    item = _submitted(editor, briefing, [actor])
    url = reverse("desk:excerpt", args=[item.pk])
    for user in (editor, chief):
        assert f"{NAME} — also: Lukashenko" in as_user(user).get(url).content.decode()
    assert as_user(None).get(url).status_code == 302
