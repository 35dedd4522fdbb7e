"""What a searched briefing page adds: what else was searched, a switch, snippets, a suggestion."""

from __future__ import annotations

from django.http import QueryDict

from desk.readers_view import Publication
from desk.search import did_you_mean, snippet


def _link(query: QueryDict, **changes: str) -> str:
    link = query.copy()
    link.pop("page", None)
    for name, value in changes.items():
        if value:
            link[name] = value
        else:
            link.pop(name, None)
    return link.urlencode()


def searched(filters, items: list, query: QueryDict, *, empty: bool) -> dict:
    """The page's search context; each item on the page gets `snippet`, its matched words marked."""
    search_query = filters.search_query
    if not search_query:
        return {}
    for item in items:
        # The words readers see: a published revision is never changed once saved.
        shown = Publication.of(item)
        item.snippet = snippet(shown.quote, search_query) or snippet(shown.annotation, search_query)
    literal = query.get("literal") == "1"
    context = {
        "search": search_query,
        "literal": literal,
        "literal_link": _link(query, literal="1"),
        "names_link": _link(query, literal=""),
    }
    if empty and not search_query.also:
        suggestion = did_you_mean(query.get("q", ""), actors=filters.known_actors)
        if suggestion:
            context["suggestion"] = suggestion
            context["suggestion_link"] = _link(query, q=suggestion)
    return context
