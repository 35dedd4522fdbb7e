"""How the desk reads the authors typed into a source's form, asked as the editor types."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from sources.access import changing_required
from sources.authors import read_lines
from sources.forms import author_kind

# More than the longest list the form keeps (Source.author holds 2,000 characters of names).
MAX_TEXT = 5000


@require_GET
@changing_required
def read_authors(request: HttpRequest) -> JsonResponse:
    text = request.GET.get("text", "")
    if len(text) > MAX_TEXT:
        return JsonResponse(
            {"error": gettext("That is longer than any list of authors the desk keeps.")},
            status=400,
        )
    authors = [{"name": author.name, "reading": author_kind(author)} for author in read_lines(text)]
    return JsonResponse({"authors": authors})
