"""The actor register: the list (any spelling finds an actor), an actor's page, edits, merges."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from events.access import permission_needed, staff_only
from events.forms import ActorForm, MergeForm
from events.hooks import change_notice
from events.merging import MergeRefused, links_to, merge_actors
from events.models import Actor, ActorKind, Event, FormerSlug
from events.signals import announce_change, details_of
from events.timeline import build_timeline


@staff_only
@require_GET
def actor_list(request: HttpRequest) -> HttpResponse:
    # A NUL is no part of any name, and PostgreSQL refuses a statement that holds one.
    query = request.GET.get("q", "").replace("\x00", "").strip()
    kind = request.GET.get("kind", "")
    actors = Actor.objects.with_aliases().annotate(event_count=Count("events", distinct=True))
    if query:
        actors = actors.filter(pk__in=Actor.objects.search(query).values("pk"))
    if kind in ActorKind.values:
        actors = actors.filter(kind=kind)
    page = Paginator(actors.order_by("name"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "events/actor_list.html",
        {"page": page, "query": query, "kind": kind, "kinds": ActorKind.choices},
    )


@staff_only
@require_GET
def actor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    actor = Actor.objects.with_aliases().filter(slug=slug).first()
    if actor is None:
        # Merged into another: its old address answers with a permanent redirect.
        former = get_object_or_404(FormerSlug.objects.select_related("actor"), slug=slug)
        return redirect(former.actor, permanent=True)
    events = list(Event.objects.involving(actor).ordered().with_participants())
    for event in events:
        event.roles_of_actor = [p.role for p in event.participants.all() if p.actor_id == actor.pk]
    return render(
        request,
        "events/actor.html",
        {
            "actor": actor,
            "events": events,
            "timeline": build_timeline(events, name=f"actor-{actor.pk}"),
        },
    )


@permission_needed("events.add_actor")
@require_http_methods(["GET", "POST"])
def actor_create(request: HttpRequest) -> HttpResponse:
    return _actor_form(request, Actor())


@permission_needed("events.change_actor")
@require_http_methods(["GET", "POST"])
def actor_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _actor_form(request, get_object_or_404(Actor, slug=slug))


def _actor_form(request: HttpRequest, actor: Actor) -> HttpResponse:
    created = actor.pk is None
    # "New actor" from a picker brings the name the editor had typed there.
    initial = {"name": request.GET.get("name", "")[:200]} if created else {}
    # Read before the form is validated, which writes the typed name into `actor`.
    before = None if created else details_of(actor)
    form = ActorForm(request.POST or None, instance=actor, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            actor = form.save()
            changed = before is not None and announce_change(actor, before, request.user)
        messages.success(
            request,
            (
                gettext("%(name)s added to the register.")
                if created
                else gettext("%(name)s saved in the register.")
            )
            % {"name": actor.name},
        )
        _tell_of_items_showing(request, actor if changed else None)
        return redirect(actor)
    return render(
        request, "events/actor_form.html", {"form": form, "actor": None if created else actor}
    )


@permission_needed("events.change_actor")
@require_http_methods(["GET", "POST"])
def actor_merge(request: HttpRequest, slug: str) -> HttpResponse:
    """Merge another actor into this one: choose it, see what moves, confirm."""
    keep = get_object_or_404(Actor.objects.with_aliases(), slug=slug)
    form = MergeForm(request.POST or request.GET or None, keep=keep)
    merged = form.cleaned_data["merged"] if form.is_bound and form.is_valid() else None
    if request.method == "POST" and merged is not None and "confirm" in request.POST:
        try:
            report = merge_actors(keep=keep, merged=merged, by=request.user)
        except MergeRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                (
                    gettext(
                        "%(merged)s merged into %(keep)s: %(links)s links moved, "
                        "new aliases: %(aliases)s."
                    )
                    if report.aliases_added
                    else gettext("%(merged)s merged into %(keep)s: %(links)s links moved.")
                )
                % {
                    "merged": report.merged_name,
                    "keep": keep.name,
                    "links": report.links_moved,
                    "aliases": ", ".join(report.aliases_added),
                },
            )
            _tell_of_items_showing(request, keep)
            return redirect(keep)
    return render(
        request,
        "events/actor_merge.html",
        {
            "keep": keep,
            "merged": merged,
            "form": form,
            "moving": links_to(merged) if merged else {},
        },
    )


def _tell_of_items_showing(request: HttpRequest, actor: Actor | None) -> None:
    # Readers keep the name they were shown until a reviewer carries the change: say so at once,
    # or the editor believes readers already see it.
    notice = change_notice(request, actor) if actor is not None else None
    if notice is not None:
        messages.info(request, notice.message())
