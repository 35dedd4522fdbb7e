"""An editor's answer when a new version of a source moved or changed an excerpt's quote."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from desk.access import editor_required
from desk.editing import ExcerptContent, edit_excerpt
from desk.models import AnchorStatus, Excerpt
from desk.publishing.revisions import EditRefused
from desk.reanchoring import keep_as_captured


@editor_required
@require_POST
def accept_new_text(request: HttpRequest, pk: int) -> HttpResponse:
    """Quote the passage found in the new version: a new revision, to be reviewed again."""
    excerpt = get_object_or_404(
        Excerpt.objects.select_related("current_revision", "proposed_version"), pk=pk
    )
    revision = excerpt.current_revision
    # An uncertain place (several fit) proposes no passage: there is nothing to accept.
    if excerpt.anchor_status != AnchorStatus.CHANGED or excerpt.proposed_start is None:
        messages.error(request, gettext("There is no new passage to accept for this excerpt."))
        return redirect(excerpt)
    content = ExcerptContent(
        source_version=excerpt.proposed_version,
        start=excerpt.proposed_start,
        end=excerpt.proposed_end,
        annotation=revision.annotation,
        briefing=revision.briefing,
        kind=revision.kind,
        topics=list(revision.topics.all()),
        actors=list(revision.actors.all()),
        events=list(revision.events.all()),
    )
    try:
        edit_excerpt(
            excerpt=excerpt, base_revision_id=revision.pk, content=content, user=request.user
        )
    except EditRefused as error:
        messages.error(request, str(error))
        return redirect(excerpt)
    Excerpt.objects.filter(pk=pk).update(
        anchor_status=AnchorStatus.OK, proposed_version=None, proposed_start=None, proposed_end=None
    )
    messages.success(
        request, gettext("The excerpt now quotes the new text; it is a draft again, for review.")
    )
    return redirect(excerpt)


@editor_required
@require_POST
def keep_old_text(request: HttpRequest, pk: int) -> HttpResponse:
    """Keep quoting the earlier version, as captured."""
    excerpt = get_object_or_404(Excerpt, pk=pk)
    if excerpt.anchor_status == AnchorStatus.OK:
        messages.error(request, gettext("This excerpt is not flagged."))
    else:
        keep_as_captured(excerpt, request.user)
        messages.success(request, gettext("Kept as captured on the earlier version."))
    return redirect(excerpt)
