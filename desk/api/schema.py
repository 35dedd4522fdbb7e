"""The OpenAPI schema tells every status an operation can answer, each error as a problem.

drf-spectacular documents what the views declare; the refusals that come from elsewhere (a bad
token, a missing permission, content negotiation, throttling, validation of filters, a missing
object) are added here, to every operation they can reach, with the RFC 9457 problem schema.
"""

from __future__ import annotations

from drf_spectacular.contrib.django_filters import DjangoFilterExtension

from desk.api.problems import MEDIA_TYPE

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string", "description": "A URI naming the kind of problem."},
        "title": {"type": "string", "description": "A short summary of the kind of problem."},
        "status": {"type": "integer", "description": "The HTTP status code."},
        "detail": {"type": "string", "description": "What was refused and why, in plain words."},
        "errors": {
            "type": "array",
            "description": "For refused input: each field (pointer) or parameter refused.",
            "items": {
                "type": "object",
                "properties": {
                    "detail": {"type": "string"},
                    "pointer": {"type": "string", "description": "JSON Pointer, e.g. #/end."},
                    "parameter": {"type": "string", "description": "A query parameter."},
                },
                "required": ["detail"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}

WHY = {
    "400": "Refused input: a field, a filter or a page parameter, each named in `errors`.",
    "401": "The credentials sent were not accepted (a wrong, revoked or expired token).",
    "403": "Not allowed to this user, or a session request without its CSRF token.",
    "404": "No such object, or none this user may see.",
    "406": "The format asked for (Accept header or ?format=) is not one this address offers.",
    "415": "The request body is not in a format this address reads.",
    "429": "Too many requests from an anonymous client; wait as Retry-After says.",
}

_BODY_METHODS = {"post", "put", "patch"}

# A year or a month by their pattern, a day as a calendar date: a pattern alone would also allow
# 31 April, which the filters refuse (400), as they must.
PARTIAL_DATE = {
    "anyOf": [
        # Years from 1: there is no year 0000.
        {"type": "string", "pattern": r"^(?!0000)[0-9]{4}(-(0[1-9]|1[0-2]))?$"},
        {"type": "string", "format": "date"},
    ]
}
SHAPES = {
    ("/api/sources/", "published_from"): PARTIAL_DATE,
    ("/api/sources/", "published_to"): PARTIAL_DATE,
}


# Parameters an empty value does not leave out: a page number, a cursor (both a 400), a format
# (a 406: no format is named so).
NOT_EMPTY = {"page", "page_size", "cursor", "format"}
# Text with a NUL in it is refused (a 400: no database column can store it).
WITHOUT_NUL = "^[^\u0000]*$"
DATES = ("date", "date-time", "uuid")


def _without_nul(schema: dict) -> None:
    free_text = "pattern" not in schema and "enum" not in schema
    if schema.get("type") == "string" and free_text and schema.get("format") not in DATES:
        schema["pattern"] = WITHOUT_NUL
    for key in ("items",):
        if isinstance(schema.get(key), dict):
            _without_nul(schema[key])
    for option in schema.get("anyOf", []) + schema.get("oneOf", []):
        _without_nul(option)


def _statuses(path: str, method: str, operation: dict) -> list[str]:
    anonymous = {} in operation.get("security", [])
    query = [p for p in operation.get("parameters", []) if p.get("in") == "query"]
    body = method in _BODY_METHODS and "requestBody" in operation
    # Any request can be malformed (a header the API cannot read, a filter it does not have).
    statuses = ["400", "401", "406"]
    if not anonymous or method in _BODY_METHODS:
        statuses.append("403")
    if "{" in path or any(p["name"] == "page" for p in query):
        statuses.append("404")
    if body:
        statuses.append("415")
    if anonymous:
        statuses.append("429")
    return statuses


def _as_problem(response: dict) -> None:
    """A declared refusal whose schema is the problem: served as application/problem+json."""
    content = response.get("content", {})
    for media_type in list(content):
        ref = content[media_type].get("schema", {}).get("$ref", "")
        if ref.endswith("Problem") and media_type != MEDIA_TYPE:
            content[MEDIA_TYPE] = content.pop(media_type)


def _unicode_slugs(node) -> None:
    # Topic slugs keep their letters ("ï"): ECMAScript's \w, which schema validators use, does not
    # match them, so the pattern DRF derives from a unicode SlugField would refuse real answers.
    if isinstance(node, dict):
        if node.get("pattern") in (r"^[-\w]+$", r"^[-a-zA-Z0-9_]+$") and node.get("readOnly"):
            del node["pattern"]
        for value in node.values():
            _unicode_slugs(value)
    elif isinstance(node, list):
        for value in node:
            _unicode_slugs(value)


def add_problems(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: problem responses on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for parameter in operation.get("parameters", []):
                # Pages count from 1, as the paginators check (a 400 below that).
                if parameter.get("in") != "query":
                    continue
                if parameter["name"] in ("page", "page_size"):
                    parameter["schema"]["minimum"] = 1
                if (path, parameter["name"]) in SHAPES:
                    parameter["schema"] = SHAPES[path, parameter["name"]]
                if parameter["name"] not in NOT_EMPTY:
                    # An empty filter is no filter (?kind=&q=, as a form sends them).
                    parameter["allowEmptyValue"] = True
                _without_nul(parameter["schema"])
            responses = operation["responses"]
            for response in responses.values():
                _as_problem(response)
            for status in _statuses(path, method, operation):
                responses.setdefault(
                    status,
                    {"description": WHY[status], "content": {MEDIA_TYPE: {"schema": PROBLEM_REF}}},
                )
            operation["responses"] = dict(sorted(responses.items()))
    _unicode_slugs(result["components"]["schemas"])
    return result


class FilterLimits(DjangoFilterExtension):
    """django-filter's parameters with the length and value limits the FilterSets enforce."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        max_length = filter_field.extra.get("max_length")
        min_value = filter_field.extra.get("min_value")
        max_value = filter_field.extra.get("max_value")
        for parameter in parameters:
            kind = parameter["schema"].get("type")
            if max_length and kind == "string":
                parameter["schema"]["maxLength"] = max_length
            # An id filter refuses 0 and below, and numbers past what JSON keeps exact (a 400);
            # the schema says so too.
            if min_value is not None and kind in ("integer", "number"):
                parameter["schema"]["minimum"] = min_value
            if max_value is not None and kind in ("integer", "number"):
                parameter["schema"]["maximum"] = max_value
        return parameters
