"""Event dates with honest precision, exchanged as EDTF and shown as people write them.

EDTF is the Library of Congress's Extended Date/Time Format. Levels 0 and 1 are read here: days,
months, years, seasons (2021-24), decades (199X), approximate (~), uncertain (?) and both (%),
intervals (2021/2022) and intervals with an open end (../2000, 2020/..).

event_date.py holds the value and how it is shown; edtf.py and words.py read the two written
forms, with the checks they share in parts.py.
"""

from events.dates.event_date import DatePoint, EventDate, Precision, Season

__all__ = ["DatePoint", "EventDate", "Precision", "Season"]
