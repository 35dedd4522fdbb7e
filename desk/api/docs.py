"""The API's documentation page: Swagger UI from the app's own static files, no inline script."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


def api_docs(request: HttpRequest) -> HttpResponse:
    """Swagger UI over /api/schema/; the page's script is static/js/api-docs.js."""
    return render(request, "desk/api_docs.html", {"schema_url": reverse("api:schema")})
