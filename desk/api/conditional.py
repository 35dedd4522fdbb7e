"""ETags and preconditions: 304 for a client that has the current read, 412/428 for writes.

An excerpt's ETag names the revision and workflow state the client saw ("rev-<revision
id>-<status>-<digest>"): If-Match on an edit is the base revision that desk.editing checks, and on a
transition it is the state the kernel's workflow (desk.publishing.workflow) compares, as the desk's
pages send `base_revision` and `seen_status`. In a state from which a decision may take readers'
copy of its links (submitted, approved, scheduled), the tag also carries that copy's fingerprint
("rev-<id>-<status>-<links>-<digest>"), as the pages send `seen_links`: an approval on a tag from
before someone renamed an actor it links is a conflict. Every other read gets a tag hashed from its
body.
"""

from __future__ import annotations

import hashlib
import re
from functools import partial
from typing import NamedTuple

from django.http import HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.http import parse_etags

from desk.publishing.workflow import may_take_a_copy
from desk.readers_copy import fingerprint_now
from desk.roles import is_editor, is_reviewer

_EXCERPT_TAG = re.compile(r'^"rev-(\d+)-([a-z_]+)-(?:([0-9a-f]{16})-)?[0-9a-f]+"$')


def excerpt_etag(excerpt, user) -> str:
    """A strong tag for this excerpt as this user sees it.

    Strong, because If-Match compares tags strongly (RFC 9110 §13.1.1). Besides the revision and
    status, it covers everything else that changes the representation: what is published, the
    anchor's state, whether it is live now, and the actions this user's roles allow; and where a
    decision may take readers' copy of its links, what that copy would show (a few queries, for
    one excerpt: lists give no per-row tag).
    """
    state = "|".join(
        str(part)
        for part in (
            excerpt.published_revision_id,
            excerpt.anchor_status,
            excerpt.updated_at.isoformat() if excerpt.updated_at else "",
            excerpt.visible_from.isoformat() if excerpt.visible_from else "",
            excerpt.is_live,
            getattr(user, "pk", None),
            is_editor(user),
            is_reviewer(user),
        )
    )
    digest = hashlib.sha256(state.encode("utf-8")).hexdigest()[:16]
    links = ""
    if may_take_a_copy(excerpt) and excerpt.current_revision_id is not None:
        links = f"{fingerprint_now(excerpt.current_revision_id)}-"
    return f'"rev-{excerpt.current_revision_id}-{excerpt.status}-{links}{digest}"'


def if_match(request) -> list[str] | None:
    """The tags of the request's If-Match header, or None when it sent none."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    return parse_etags(header)


def matches(tags: list[str], etag: str) -> bool:
    """Strong comparison, as If-Match requires: a weak tag never matches."""
    return tags == ["*"] or etag in tags


class SeenTag(NamedTuple):
    revision: int
    status: str
    links: str | None  # None in a tag without it (a state no copy is taken from, or older)


def seen_state(tags: list[str] | None) -> SeenTag | None:
    """The revision id, status and links' fingerprint named by the first excerpt tag among these,
    if any."""
    for tag in tags or []:
        found = _EXCERPT_TAG.match(tag)
        if found:
            return SeenTag(int(found.group(1)), found.group(2), found.group(3))
    return None


def not_modified(request, etag: str):
    """A 304 (carrying the tag) when the client already has this tag, else None."""
    stub = HttpResponse(headers={"ETag": etag})
    answer = get_conditional_response(request, etag=etag, response=stub)
    return None if answer is stub else answer


def _conditional(request, response):
    # After rendering, so a body's tag is the hash of exactly the bytes sent.
    if not response.has_header("ETag"):
        set_response_etag(response)
    if not response.has_header("ETag"):
        return None
    return get_conditional_response(request, etag=response["ETag"], response=response)


class ConditionalReads:
    """Mixin for API views: an ETag on every successful read, and 304 when the client has it."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # What a response holds depends on who asks, so no cache may give it to someone else,
        # and every reuse is checked against the tag first.
        patch_vary_headers(response, ("Authorization", "Cookie"))
        patch_cache_control(response, private=True, no_cache=True)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and isinstance(response, SimpleTemplateResponse)
        ):
            response.add_post_render_callback(partial(_conditional, request._request))
        return response
