"""Throttling anonymous clients, the only ones the API does not know."""

from __future__ import annotations

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from desk.project.client_address import client_network


class AnonymousRateThrottle(AnonRateThrottle):
    """AnonRateThrottle that reads its rate on every request, not once at import.

    DRF copies the rates into a class attribute when it is first imported, so a changed
    REST_FRAMEWORK setting (an environment in a test, a reloaded configuration) would be ignored.
    """

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request) -> str:
        # The client behind the trusted proxies, never a header the client itself wrote: a
        # random X-Forwarded-For per request must not make a new anonymous client each time,
        # nor may each address of one IPv6 /64 (125 of 125 requests passed 120 a minute).
        return client_network(request)
