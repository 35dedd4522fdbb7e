"""What the source library tells other apps, so that it never has to import them."""

from django.dispatch import Signal

from sources.authors import as_lines

# Sent with sender=Source when a source gets a new version of its text (never for the first
# one), inside the transaction that stores it, so a receiver's work is atomic with the new
# version: if a receiver raises, the version is not stored. Arguments: source, version (the new
# SourceVersion, now current), previous (the version that was current before), user (who
# imported it, or None from the command line).
version_added = Signal()

# Sent with sender=Source after someone saved new details of a source that a citation shows
# (title, author, outlet, address, date), inside the transaction that saved them. Arguments:
# source, before and after (citation_details of the source then and now), user (who saved them,
# or None). Apps that show sources to readers record from it who changed what.
details_changed = Signal()

CITATION_DETAILS = ("title", "author", "outlet", "url", "published")


def citation_details(source) -> dict[str, str]:
    """What a citation shows of a source, as stored."""
    details = {name: getattr(source, name) for name in CITATION_DETAILS}
    # The authors as the form writes them ("Family, Given"; "(organisation)"): a name split
    # differently, or a person made an organisation, changes how the source is cited even where
    # the names read the same.
    details["author"] = "; ".join(as_lines(source.author_list).splitlines())
    return details


def announce_details_change(source, before: dict[str, str], user) -> bool:
    """Tell other apps that `user` changed these details of the source, if any changed; whether
    any did."""
    after = citation_details(source)
    if after != before:
        details_changed.send(
            sender=type(source), source=source, before=before, after=after, user=user
        )
    return after != before
