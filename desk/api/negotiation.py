"""Content negotiation that answers 406, as RFC 9110 §15.5.7 says, to a format the API lacks.

DRF answers an unknown `?format=` with a 404, as if the resource were missing; the resource is
there, only not in that format.
"""

from __future__ import annotations

from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation


class HonestContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        kept = [renderer for renderer in renderers if renderer.format == format]
        if not kept:
            offered = ", ".join(sorted({renderer.format for renderer in renderers}))
            raise NotAcceptable(f"This address has no {format!r} format; it offers: {offered}.")
        return kept

    def select_renderer(self, request, renderers, format_suffix=None):
        # "?format=" with nothing after it asks for no format the API has, rather than for none.
        if (
            format_suffix is None
            and request.query_params.get(self.settings.URL_FORMAT_OVERRIDE) == ""
        ):
            raise NotAcceptable("Name a format after ?format=, or leave the parameter out.")
        return super().select_renderer(request, renderers, format_suffix)
