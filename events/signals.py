"""What the events app tells other apps, so that it never has to import them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with sender=Actor or Event after someone saved a change of what readers may be shown of
# it (an actor's name and aliases; an event's title, date and place), inside the transaction
# that saved it. Arguments: record, before and after (details_of the record then and now), user
# (who saved it, or None). Apps that show these records to readers record from it who changed
# what.
record_changed = Signal()


def details_of(record) -> dict:
    """What readers may be shown of an actor or an event, as stored."""
    from events.models import Actor

    if isinstance(record, Actor):
        return {
            "name": record.name,
            "aliases": sorted(record.aliases.values_list("name", flat=True)),
        }
    return {"title": record.title, "date": record.date, "place": record.place}


def announce_change(record, before: dict, user, after: dict | None = None) -> bool:
    """Tell other apps that `user` changed what readers may see of the record, if anything;
    whether it did."""
    after = details_of(record) if after is None else after
    if after != before:
        record_changed.send(
            sender=type(record), record=record, before=before, after=after, user=user
        )
    return after != before
