"""Reading the API's RFC 9457 problem details in tests."""

from __future__ import annotations


def refused(response) -> set[str]:
    """What a 400 names as refused: body fields by JSON Pointer ("#/end", "#" for the whole
    body), query parameters by name."""
    assert response["Content-Type"] == "application/problem+json"
    document = response.json()
    errors = document.get("errors") or [{"pointer": "#", "detail": document["detail"]}]
    return {error.get("parameter") or error["pointer"] for error in errors}
