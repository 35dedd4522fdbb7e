"""The original file of a source, as it arrived: for staff only, never for readers."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from sources.models import Original


@require_GET
def original(request: HttpRequest, pk: int) -> FileResponse:
    # Readers and anonymous visitors are not told an original exists: 404, not a sign-in page.
    if not request.user.is_authenticated or not request.user.has_perm("sources.view_source"):
        raise Http404("No such page.")
    kept = get_object_or_404(Original, pk=pk)
    try:
        handle = kept.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The original file is no longer kept.") from None
    # Always a download, never shown inline: an HTML or SVG original must not run in the desk.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=kept.display_name.replace("/", "_") or "original",
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
