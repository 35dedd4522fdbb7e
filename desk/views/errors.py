"""Error pages that say what went wrong, in the readers' and editors' words."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from sources.importing import size_in_words


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """400: for a form that was too large, say so and what the limit is; nothing was saved."""
    message = _("The desk could not understand this request; nothing was changed.")
    if isinstance(exception, RequestDataTooBig):
        limit = size_in_words(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        message = _(
            "What you sent is larger than the desk accepts in one form (%(limit)s). Nothing was "
            "saved. For a long article, upload it as a file instead of pasting it."
        ) % {"limit": limit}
    return render(request, "400.html", {"message": message}, status=400)
