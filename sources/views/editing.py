"""Editing what is known about a source."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from sources.access import changing_required
from sources.forms import SourceForm
from sources.hooks import change_notice
from sources.models import Source
from sources.signals import announce_details_change, citation_details


@require_http_methods(["GET", "POST"])
@changing_required
def edit_source(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Source, pk=pk)
    # The form gets its own copy: an invalid form must not change the title shown above it.
    form = SourceForm(request.POST or None, instance=Source.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            # Who changed what readers may be shown (the desk keeps it for four eyes).
            changed = announce_details_change(form.instance, citation_details(source), request.user)
        messages.success(request, gettext("The source’s details are saved."))
        notice = change_notice(request, form.instance) if changed else None
        if notice is not None:
            messages.info(request, notice.message())
        return redirect(source)
    return render(request, "sources/edit.html", {"source": source, "form": form})
