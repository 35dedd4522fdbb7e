"""Whole numbers read from a URL or a query string, the one way every view reads them.

`str.isdigit()` is true for "¹" and "٣", which `int()` then refuses or reads as another number,
and a number past the database's integer overflows its query. Here a number is ASCII digits
only, within a range the caller states and never past the largest database id; anything else is
a 400 (a malformed request) or a 404 (an id that names nothing). Every app may use this module:
it lives in `sources`, the app the others build on.
"""

from __future__ import annotations

import re

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest

# The largest value of a 64-bit signed integer column (SQLite's INTEGER, PostgreSQL's bigint).
LARGEST_ID = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,19}")


def whole_number(text: str | None, *, low: int = 0, high: int = LARGEST_ID) -> int | None:
    """The number written in ASCII digits in `text`, if it lies in [low, high]; else None."""
    if text is None or not _DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


def query_number(
    request: HttpRequest,
    name: str,
    *,
    default: int | None = None,
    low: int = 0,
    high: int = LARGEST_ID,
) -> int | None:
    """The query parameter `name` as a whole number; `default` when it is absent or empty.

    BadRequest (a 400 saying which parameter) when it is given but is not a number in range.
    """
    text = request.GET.get(name, "")
    if text == "":
        return default
    value = whole_number(text, low=low, high=high)
    if value is None:
        raise BadRequest(f"“{name}” must be a whole number from {low} to {high}.")
    return value


def id_or_404(text: str | None, *, what: str = "page") -> int:
    """An id taken from a URL; Http404 when it cannot name anything."""
    value = whole_number(text, low=1)
    if value is None:
        raise Http404(f"There is no such {what}.")
    return value
