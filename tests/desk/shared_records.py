"""What the tests of shared records share: the page, the live item's words, and carrying as a
reviewer does it (open the page, then send what it listed)."""

from __future__ import annotations

import re

URL = "/desk/shared-records/"
NAME = "Sviatlana Tsikhanouskaya"
TEXT = "Tsikhanouskaya spoke in Vilnius on Monday.\nThe ministers met in Brussels later."


def carry(client, note: str = "Names brought up to date."):
    """Open the page as a person does, then carry what it lists (every item stays ticked)."""
    return client.post(URL, {"note": note, **page_form(client.get(URL))})


def page_form(listing) -> dict:
    """What the page sends as it was opened: the token of the changes seen, every item ticked."""
    page = listing.content.decode()
    match = re.search(r'name="seen" value="([^"]+)"', page)
    return {
        "seen": match.group(1) if match else "",
        "items": re.findall(r'name="items" value="(\d+)"[^>]* checked', page),
    }
