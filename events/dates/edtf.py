"""Reading EDTF, the exchange form: 2025-11-17, 2025-09~, 2021-24, 199X, 2021/2022, ../2000."""

from __future__ import annotations

import re

from django.utils.translation import gettext

from events.dates.event_date import DatePoint, EventDate, Season
from events.dates.parts import EMPTY, NotEdtf, Parts, checked_interval, checked_point

_EDTF_POINT = re.compile(
    r"(?:(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?|(?P<decade>\d{3})X)"
    r"(?P<qualifier>[~?%])?"
)


def read_edtf(text: str) -> EventDate:
    stripped = text.strip()
    if not stripped:
        raise ValueError(EMPTY)
    pieces = stripped.split("/")
    if len(pieces) > 2 or not all(
        _EDTF_POINT.fullmatch(piece) or (len(pieces) == 2 and piece in ("", ".."))
        for piece in pieces
    ):
        raise NotEdtf(
            gettext("“%(text)s” is not EDTF: write 2025-11-17, 2025-09, 1994 or 2021/2022.")
            % {"text": stripped}
        )
    points = [_edtf_point(piece) if piece not in ("", "..") else None for piece in pieces]
    if len(points) == 1:
        return EventDate(points[0], points[0])
    return checked_interval(stripped, points[0], points[1])


def _edtf_point(text: str) -> DatePoint:
    match = _EDTF_POINT.fullmatch(text)
    assert match is not None
    qualifier = match["qualifier"]
    month = int(match["month"]) if match["month"] else None
    season = None
    if month in Season.values and not match["day"]:
        season, month = month, None
    parts = Parts(
        year=int(match["year"] or match["decade"] + "0"),
        month=month,
        day=int(match["day"]) if match["day"] else None,
        season=season,
        decade=bool(match["decade"]),
        approximate=qualifier in ("~", "%"),
        uncertain=qualifier in ("?", "%"),
    )
    return checked_point(text, parts)
