"""The address of the person making a request, as the trusted proxies in front report it.

Behind a proxy every request comes from the proxy's own address. Each trusted proxy appends the
address it received the request from to X-Forwarded-For, so with TRUSTED_PROXY_COUNT proxies in
front the client is the entry that many places from the right; whatever lies further left was
written by the client and proves nothing. With no trusted proxy (the default) the header is
ignored. Sign-in lockouts (django-axes), the API's throttle and the security logs all ask here.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# A longer header is not one a few proxies wrote; it is read as if absent.
_MAX_FORWARDED_FOR = 2000


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip().strip("[]")))
    except ValueError:
        return None


def client_address(request: HttpRequest | None) -> str:
    """The client's IP address, or "" when there is no request."""
    if request is None:
        return ""
    direct = request.META.get("REMOTE_ADDR") or ""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded or len(forwarded) > _MAX_FORWARDED_FOR:
        return direct
    hops = [hop.strip() for hop in forwarded.split(",")]
    # Fewer hops than proxies: the leftmost is the furthest any trusted proxy can vouch for.
    chosen = hops[-min(proxies, len(hops))]
    return _address(chosen) or direct
