"""The interface language switch: a page with a small form, posting to Django's set_language.

The public pages are cached and shared between readers, so they cannot carry a CSRF token;
their footer links here instead, and this page (never cached) holds the CSRF-protected form.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.i18n import JavaScriptCatalog, set_language


@require_http_methods(["GET", "POST"])
def choose_language(request: HttpRequest) -> HttpResponse:
    """GET: the choice of languages; POST: store the choice in the cookie and go back."""
    if request.method == "POST":
        return set_language(request)
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    return render(request, "language.html", {"next": back})


# The words the desk's scripts show (djangojs catalogue), in the language the person chose: never
# kept by a cache, which would serve one language to another.
javascript_catalog = never_cache(JavaScriptCatalog.as_view(domain="djangojs"))
