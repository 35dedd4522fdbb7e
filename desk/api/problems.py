"""Refusals as the API answers them: RFC 9457 problem details (application/problem+json).

Every error under /api/ has the same shape, whoever raised it (a view's own refusal, DRF's
authentication, throttling, content negotiation or validation, an unknown route):
`{"type", "title", "status", "detail"}`, and for refused input an `errors` list naming each field
(a JSON Pointer into the body) or query parameter with its reason.
"""

from __future__ import annotations

from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

MEDIA_TYPE = "application/problem+json"
# RFC 9457 §4.2.1: "about:blank" means the problem is no more than its HTTP status; its title is
# then the status phrase. The desk's own kinds of refusal have their own (non-resolvable) types.
BLANK = "about:blank"
INVALID_INPUT = "tag:briefing-desk,2026:problems/invalid-input"


class ProblemErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why this value was refused.")
    pointer = serializers.CharField(
        required=False, help_text="Where in the request body, as a JSON Pointer fragment (#/end)."
    )
    parameter = serializers.CharField(required=False, help_text="The query parameter refused.")


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="A URI naming the kind of problem; about:blank: none.")
    title = serializers.CharField(help_text="A short summary of the kind of problem.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What was refused and why, in plain words.")
    errors = ProblemErrorSerializer(
        many=True, required=False, help_text="For refused input: each field or parameter refused."
    )


def body(status_code: int, detail: str, *, kind: str = BLANK, errors: list | None = None) -> dict:
    """The problem document for this status and reason."""
    document = {
        "type": kind,
        "title": _title(status_code, kind),
        "status": status_code,
        "detail": detail,
    }
    if errors:
        document["errors"] = errors
    return document


def _title(status_code: int, kind: str) -> str:
    if kind == INVALID_INPUT:
        return "Some of the input was refused"
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Error"


def problem(message: str, status_code: int, *, etag: str | None = None) -> Response:
    """A refusal with its reason; with the current ETag when the client's was stale."""
    headers = {"ETag": etag} if etag else None
    return Response(
        body(status_code, message), status=status_code, headers=headers, content_type=MEDIA_TYPE
    )


def anchor_problem(trouble) -> Response:
    """A quote the desk could not place (desk.api.excerpt_input.AnchorProblem), as a 400.

    Besides the reason, the places the quote stands (`occurrences`) or the passage most like it
    (`closest`), so a client can choose or correct without asking again.
    """
    message = str(trouble)
    document = body(
        400, message, kind=INVALID_INPUT, errors=[{"pointer": "#/quote", "detail": message}]
    )
    document.update({k: v for k, v in trouble.details.items() if k != "quote"})
    return Response(document, status=400, content_type=MEDIA_TYPE)


def _flatten(errors, pointer: str) -> list[tuple[str, str]]:
    """(JSON Pointer, message) for every message in DRF's nested error structure."""
    if isinstance(errors, dict):
        found = []
        for key, value in errors.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY:
                found += _flatten(value, pointer)
            else:
                escaped = str(key).replace("~", "~0").replace("/", "~1")
                found += _flatten(value, f"{pointer}/{escaped}")
        return found
    if isinstance(errors, list):
        if all(not isinstance(item, dict | list) for item in errors):
            return [(pointer, str(item)) for item in errors]
        found = []
        for index, item in enumerate(errors):
            found += _flatten(item, f"{pointer}/{index}")
        return found
    return [(pointer, str(errors))]


# The two parameters a range filter reads (django-filter's date and number ranges).
RANGE_ENDS = ("after", "before", "min", "max")


def _invalid(exc: exceptions.ValidationError, request) -> dict:
    query = getattr(request, "query_params", {}) if request is not None else {}
    errors = []
    for pointer, message in _flatten(exc.detail, "#"):
        name = pointer[2:].split("/")[0]
        # A range filter ("published") reads two parameters (published_after, _before): the
        # refusal names those that were sent.
        sent = (
            [name]
            if name in query
            else [f"{name}_{end}" for end in RANGE_ENDS if f"{name}_{end}" in query]
        )
        # django-filter and the paginators refuse query parameters; everything else is the body.
        if name and sent and request.method in ("GET", "HEAD"):
            errors.extend({"parameter": each, "detail": message} for each in sent)
        else:
            errors.append({"pointer": pointer, "detail": message})
    if len(errors) == 1 and errors[0].get("pointer") == "#":
        return body(400, errors[0]["detail"])
    detail = " ".join(f"{_named(error)}: {error['detail']}" for error in errors)
    return body(400, detail, kind=INVALID_INPUT, errors=errors)


def _named(error: dict) -> str:
    if "parameter" in error:
        return error["parameter"]
    return error["pointer"][2:].replace("/", ".") or "The request"


def exception_handler(exc, context) -> Response | None:
    """DRF's exception handler, answering with problem details instead of `{"detail"}`."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    request = context.get("request")
    if isinstance(exc, exceptions.ValidationError):
        document = _invalid(exc, request)
    else:
        detail = exc.detail
        if isinstance(detail, list | dict):
            detail = "; ".join(message for _, message in _flatten(detail, "#"))
        document = body(exc.status_code, str(detail))
    set_rollback()
    return Response(document, status=exc.status_code, headers=headers, content_type=MEDIA_TYPE)


@csrf_exempt  # it changes nothing, and a POST to a wrong address deserves the same answer
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any path under /api/ that names nothing: a problem 404, not the site's HTML page.

    The catch-all route would stop Django's APPEND_SLASH from ever seeing a 404, so it redirects
    as APPEND_SLASH would when the same path with a slash exists.
    """
    path = request.path_info
    if not path.endswith("/") and request.method in ("GET", "HEAD"):
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(path + "/" + (f"?{query}" if query else ""))
    return JsonResponse(
        body(404, "Nothing is at this address in the API; see /api/ for what is."),
        status=404,
        content_type=MEDIA_TYPE,
    )
