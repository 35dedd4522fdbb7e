"""Taking a decision through the API as a client does: read the excerpt, then act on its ETag.

The API's transitions require If-Match (428 without it), so a test that means "the reviewer
approves what they see" reads the excerpt's ETag first, as any real client must.
"""

from __future__ import annotations

_MISSING = object()


def seen_tag(client, pk: int) -> str | None:
    """The excerpt's ETag as this client reads it; None when it may not read it."""
    response = client.get(f"/api/excerpts/{pk}/")
    return response.headers.get("ETag") if response.status_code == 200 else None


def decide(client, pk: int, action: str, data: dict | None = None, *, if_match=_MISSING):
    """POST the transition with If-Match: the tag read just before, unless one is given (None
    sends none)."""
    tag = seen_tag(client, pk) if if_match is _MISSING else if_match
    headers = {"HTTP_IF_MATCH": tag} if tag is not None else {}
    return client.post(f"/api/excerpts/{pk}/{action}/", data or {}, format="json", **headers)
