"""The original file of a source, as it arrived: for the staff who may see it, never for readers.

Who may is sources.originals.downloadable_by: a saved version's file for anyone who may see the
library, an unsaved upload only for its uploader.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from sources.originals import downloadable_by


@require_GET
def original(request: HttpRequest, pk: int) -> FileResponse:
    # Nobody is told an original they may not download exists: readers and anonymous visitors
    # get 404, not a sign-in page, and so does staff asking for someone else's unsaved upload.
    kept = get_object_or_404(downloadable_by(request.user), pk=pk)
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
