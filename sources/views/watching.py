"""Watching a source for changes to its page, and no longer watching it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from sources.access import changing_required
from sources.importing import ImportRefused
from sources.models import Source
from sources.monitoring import start_watching, stop_watching


@require_POST
@changing_required
def watch(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    try:
        every = int(request.POST.get("every_hours", "24"))
    except ValueError:
        messages.error(request, gettext("Give the number of hours between checks."))
        return redirect(source)
    try:
        start_watching(source, request.user, every)
    except ImportRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            ngettext(
                "You are watching this source: its page is checked every %(every)d hour.",
                "You are watching this source: its page is checked every %(every)d hours.",
                every,
            )
            % {"every": every},
        )
    return redirect(source)


@require_POST
@changing_required
def unwatch(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    stop_watching(source, request.user)
    messages.success(request, gettext("You no longer watch this source."))
    return redirect(source)
