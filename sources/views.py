"""Staff pages of the source library: the list and the reader."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.module_loading import import_string

from sources.models import Source, SourceVersion


def _require_staff(request: HttpRequest) -> None:
    # The sources app knows nothing of the desk's roles: staff here means a user with the
    # permission to view sources, which the Editors and Reviewers groups are given.
    if not request.user.has_perm("sources.view_source"):
        raise PermissionDenied("The source library is for the desk's editors and reviewers.")


@login_required
def source_list(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    sources = Source.objects.with_current_text().order_by("-published_on", "title", "pk")
    page = Paginator(sources, 25).get_page(request.GET.get("page"))
    return render(request, "sources/list.html", {"page": page})


@login_required
def reader(request: HttpRequest, pk: int) -> HttpResponse:
    """The text of a source, block by block, with stable anchors and its excerpts marked."""
    _require_staff(request)
    source = get_object_or_404(Source.objects.with_current_text(), pk=pk)
    version = source.current_version
    number = request.GET.get("version")
    if number and number.isdigit():
        version = get_object_or_404(SourceVersion, source=source, number=int(number))
    # Other apps add to the reader (the desk marks its excerpts and offers to make one) through
    # SOURCE_READER_LAYERS, so that this app never imports them.
    layers = [
        import_string(path)(request, source, version) for path in settings.SOURCE_READER_LAYERS
    ]
    blocks = [
        {"block": block, "text": version.text[block.start : block.end]}
        for block in version.block_list
    ]
    return render(
        request,
        "sources/reader.html",
        {
            "source": source,
            "version": version,
            "blocks": blocks,
            "versions": source.versions.only("number", "created_at"),
            "layers": layers,
        },
    )
