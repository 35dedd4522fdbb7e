"""The icon browsers ask for at /favicon.ico, whatever the page links to."""

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    # Resolved per request, not when the URLs load: with the manifest storage of production the
    # name exists only after collectstatic, and commands like `check --deploy` run before it.
    return HttpResponsePermanentRedirect(static("favicon.svg"))
