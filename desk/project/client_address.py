"""The address of the person making a request, as the trusted proxies in front report it.

Behind a proxy every request comes from the proxy's own address. Each trusted proxy appends the
address it received the request from to X-Forwarded-For, so with TRUSTED_PROXY_COUNT proxies in
front the client is the entry that many places from the right; whatever lies further left was
written by the client and proves nothing, however long it is. With no trusted proxy (the
default) the header is ignored. The security logs ask `client_address`; sign-in lockouts
(django-axes), the API's throttle and readers' subscription limits ask `client_network`, which
counts a whole IPv6 /64 as one client.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# What a request is counted as when the entry its trusted proxy wrote is no address (a proxy
# count set higher than the proxies really in front, so the client wrote it): one shared
# unknown client, never the proxy's own address, whose limits every other client would share.
UNKNOWN = "0.0.0.0"  # noqa: S104 - an address counted, never one bound to


def _address(text: str) -> str | None:
    text = text.strip()
    if len(text) > 60:  # no IP address is this long: not worth parsing
        return None
    try:
        return str(ipaddress.ip_address(text.strip("[]")))
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str:
    """The client's IP address, or "" when there is no request."""
    if request is None:
        return ""
    direct = request.META.get("REMOTE_ADDR") or ""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return direct
    # Only the entries the trusted proxies wrote are split off from the right, so a header of
    # any length costs one scan and what the client wrote to its left is never read.
    hops = forwarded.rsplit(",", proxies)
    # Fewer hops than proxies: the leftmost is the furthest any trusted proxy can vouch for.
    chosen = hops[-proxies] if len(hops) > proxies else hops[0]
    return _address(chosen) or UNKNOWN


def network_of(address: str) -> str:
    """Who an address stands for when counting: an IPv6 client holds its whole /64 network (2**64
    addresses to ask from), so the network's first address stands for it; an IPv4 address (also
    one mapped into IPv6) is itself. Anything else is returned as it is."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False).network_address)
    return str(parsed)


def client_network(request: HttpRequest | None) -> str:
    """The client as limits count it: its address, or for IPv6 its /64 network."""
    return network_of(client_address(request))
