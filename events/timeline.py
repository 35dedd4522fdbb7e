"""Where events sit on a time axis: the layout the timeline template draws.

A bar covers every day a date allows, so a year-only event spans its year and is never drawn as
the first of January; a single day is a dot. Positions are percentages of the axis, written as
SVG attributes (never inline styles), so the drawing scales to any width.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import dateformat
from django.utils.translation import gettext, ngettext

from events.dates import EventDate, Precision
from events.models import Event

# A bar narrower than this share of the axis would vanish; it is drawn this wide instead.
MIN_BAR_PERCENT = 0.6
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000)
_MONTH_STEPS = (1, 2, 3, 6)
MAX_TICKS = 7


@dataclass(frozen=True)
class Tick:
    """A labelled mark on the axis."""

    day: dt.date
    label: str
    at: float
    minor: bool = False

    @property
    def x(self) -> str:
        return f"{self.at:.3f}%"

    @property
    def anchor(self) -> str:
        """Where the label hangs from its mark, so that none runs off either edge."""
        if self.at < 4:
            return "start"
        return "end" if self.at > 96 else "middle"

    @property
    def css_class(self) -> str:
        """Every other label is minor: narrow screens leave those out rather than overlap them."""
        return "timeline-tick-label--minor" if self.minor else ""


@dataclass(frozen=True)
class TimelineEntry:
    """One event on the axis: from the start of its earliest day to the end of its latest."""

    event: Event
    date: EventDate
    start: float
    end: float
    # Where readers find the event spoken of: (link, words) for each item citing it, if given.
    cited_by: tuple = ()

    @property
    def open_start(self) -> bool:
        return self.date.start is None

    @property
    def open_end(self) -> bool:
        return self.date.end is None

    @property
    def is_day(self) -> bool:
        return self.date.precision == Precision.DAY

    @property
    def x(self) -> str:
        return f"{self.start:.3f}%"

    @property
    def width(self) -> str:
        return f"{max(self.end - self.start, MIN_BAR_PERCENT):.3f}%"

    @property
    def middle(self) -> str:
        return f"{(self.start + self.end) / 2:.3f}%"

    @property
    def kind(self) -> str:
        """What the bar stands for, for its class and the legend: day, month, year, …"""
        return str(self.date.precision)

    @property
    def css_classes(self) -> str:
        classes = [f"timeline-bar--{self.kind}"]
        if self.date.approximate or self.date.uncertain:
            classes.append("timeline-bar--approximate")
        if self.open_start:
            classes.append("timeline-bar--open-start")
        if self.open_end:
            classes.append("timeline-bar--open-end")
        return " ".join(classes)


@dataclass(frozen=True)
class Timeline:
    """Events laid out on one axis, in timeline order, with the axis's labelled ticks."""

    entries: list[TimelineEntry]
    axis_start: dt.date | None = None
    axis_end: dt.date | None = None
    ticks: list[Tick] = field(default_factory=list)
    name: str = "timeline"
    # The earliest and latest days the events themselves allow (the axis runs a little wider).
    first_day: dt.date | None = None
    last_day: dt.date | None = None

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def summary(self) -> str:
        """What the drawing shows, in words, for those who cannot see it."""
        if not self.entries:
            return gettext("No events.")
        count = len(self.entries)
        first, last = self.first_day, self.last_day
        if first.year == last.year:
            span = str(first.year)
        else:
            span = gettext("%(first)s to %(last)s") % {"first": first.year, "last": last.year}
        return ngettext(
            "Timeline of %(count)d event, %(span)s; each is listed in order with its date.",
            "Timeline of %(count)d events, %(span)s; each is listed in order with its date.",
            count,
        ) % {"count": count, "span": span}


def build_timeline(
    events: Iterable[Event], *, name: str = "timeline", cited_by: dict | None = None
) -> Timeline:
    """Lay these events out on an axis wide enough for all of their known days.

    Over several years, a year gets more room the more events start in it, so that the events
    of one busy year stand apart instead of falling onto one spot.
    """
    dated = sorted(((event, event.event_date) for event in events), key=lambda p: p[1].sort_key())
    if not dated:
        return Timeline(entries=[], name=name)
    known = [day for _, date in dated for day in date.bounds() if day is not None]
    axis_start, axis_end, ticks = _axis(min(known), max(known))
    at = _scale(axis_start, axis_end, [date.bounds()[0] for _, date in dated])

    entries = []
    for event, date in dated:
        earliest, latest = date.bounds()
        entries.append(
            TimelineEntry(
                event=event,
                date=date,
                start=at(earliest) if earliest else 0.0,
                end=at(latest + dt.timedelta(days=1)) if latest else 100.0,
                cited_by=tuple((cited_by or {}).get(event.pk, ())),
            )
        )
    return Timeline(
        entries=entries,
        axis_start=axis_start,
        axis_end=axis_end,
        ticks=[Tick(day, label, at(day), minor=i % 2 == 1) for i, (day, label) in enumerate(ticks)],
        name=name,
        first_day=min(known),
        last_day=max(known),
    )


# A year in which this many events start is crowded: it gets YEAR_ROOM_PER_EVENT more years'
# room for each of them (up to 8), so that they do not fall onto one spot.
CROWDED_YEAR = 3
YEAR_ROOM_PER_EVENT = 2


def _scale(start: dt.date, end: dt.date, starts: list[dt.date | None]):
    """day -> percent of the axis: linear, except that over several years a crowded year is
    widened (linear within each year)."""
    total_days = (end - start).days
    if end.year - start.year < 2:
        return lambda day: round(100 * (day - start).days / total_days, 3)
    busy: dict[int, int] = {}
    for day in starts:
        if day is not None:
            busy[day.year] = busy.get(day.year, 0) + 1
    if max(busy.values(), default=0) < CROWDED_YEAR:
        return lambda day: round(100 * (day - start).days / total_days, 3)
    widths = {
        year: 1 + YEAR_ROOM_PER_EVENT * min(busy.get(year, 0), 8)
        if busy.get(year, 0) >= CROWDED_YEAR
        else 1
        for year in range(start.year, end.year)
    }
    before, running = {}, 0
    for year in range(start.year, end.year):
        before[year], running = running, running + widths[year]

    def at(day: dt.date) -> float:
        if day >= end:
            return 100.0
        year = max(day.year, start.year)
        first = dt.date(year, 1, 1)
        share = (day - first).days / (366 if calendar.isleap(year) else 365)
        return round(100 * (before[year] + share * widths[year]) / running, 3)

    return at


def _axis(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date, list[tuple[dt.date, str]]]:
    """Axis bounds on round years (or months, for a short span) and where its labels go."""
    if last.year - first.year >= 2:
        years = last.year + 1 - first.year
        step = next((s for s in _YEAR_STEPS if years / s <= MAX_TICKS), _YEAR_STEPS[-1])
        # Bounds on multiples of the step, so that the first and last marks are the edges.
        start_year = first.year // step * step
        end_year = -(-(last.year + 1) // step) * step
        ticks = [(dt.date(year, 1, 1), str(year)) for year in range(start_year, end_year + 1, step)]
        return dt.date(start_year, 1, 1), dt.date(end_year, 1, 1), ticks
    start = dt.date(first.year, first.month, 1)
    end = _add_months(dt.date(last.year, last.month, 1), 1)
    months = (end.year - start.year) * 12 + end.month - start.month
    step = next((s for s in _MONTH_STEPS if months / s <= MAX_TICKS), 12)
    ticks = []
    day = start
    while day <= end:
        if (day.month - 1) % step == 0:
            # "Jan" in English, the interface language's own abbreviation otherwise.
            name = dateformat.format(day, "M")
            ticks.append((day, f"{name} {day.year}" if day.month == 1 or not ticks else name))
        day = _add_months(day, 1)
    return start, end, ticks


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
