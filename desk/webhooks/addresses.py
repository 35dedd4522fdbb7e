"""Where the desk may send a webhook: the SSRF guard of URL fetching (sources.fetching), kept.

A webhook is a request the desk makes to an address someone typed, so it meets the same rules as
fetching a page: http and https only, no password in the address, and never a private, loopback,
link-local, multicast or reserved address, nor an IPv6 form that tunnels to one. The address is
checked when the endpoint is registered and again before every attempt, since a name can be made
to resolve elsewhere later; the request then goes to the very address that was checked.

WEBHOOKS_ALLOW_PRIVATE_ADDRESSES lets a desk send to its own network (private and loopback
addresses, for a receiver beside it, and for tests); link-local addresses (cloud metadata),
multicast, reserved and tunnelling addresses stay refused even then.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

# The one SSRF guard of the project, imported rather than copied so that a fix there covers
# webhooks too.
from sources.fetching import TUNNELS, FetchRefused, Target, check_url, embedded_ipv4
from sources.fetching import address_refusal as fetching_refusal

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class AddressRefused(ValueError):
    """An address the desk will not send webhooks to, with the reason in plain words."""


def _allowed_on_own_network(address: IPAddress) -> bool:
    if not getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False):
        return False
    if isinstance(address, ipaddress.IPv6Address):
        if any(address in network for network in TUNNELS):
            return False
        address = embedded_ipv4(address) or address
    return (address.is_private or address.is_loopback) and not (
        address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
    )


def address_refusal(address: IPAddress) -> str | None:
    """Why the desk will not send a webhook to this address, or None if it may."""
    if _allowed_on_own_network(address):
        return None
    inner = address
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address) or address
    if inner.is_loopback:
        # Said here, not left to fetching: its own test switch for loopback is not this one.
        return _(
            "a loopback address, which is the desk's own server; the setting "
            "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=1 allows one for a receiver on the same machine"
        )
    return fetching_refusal(address)


def checked_target(url: str) -> Target:
    """The parts of a webhook address, once its form is acceptable; AddressRefused otherwise."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise AddressRefused(_("This is not a web address.")) from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise AddressRefused(_("A webhook address must start with https:// or http://."))
    if parts.username or parts.password:
        raise AddressRefused(_("Leave the user name and password out of the address."))
    try:
        return check_url(url)
    except FetchRefused:
        raise AddressRefused(_("This is not a web address the desk can send to.")) from None


def resolve(target: Target) -> str:
    """The address to connect to; AddressRefused when the host resolves to any refused one."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        infos = []
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise AddressRefused(_("The host “%(host)s” could not be found.") % {"host": target.host})
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        reason = address_refusal(address)
        if reason:
            shown = (
                str(address)
                if target.host.strip("[]") == str(address)
                else f"“{target.host}” is {address}"
            )
            raise AddressRefused(
                _("Webhooks are not sent to %(reason)s (%(shown)s).")
                % {"reason": reason, "shown": shown}
            )
    return addresses[0]


def refusal_for(url: str) -> str | None:
    """Why a webhook may not be sent to this URL now, or None: its form, then where it resolves."""
    try:
        resolve(checked_target(url))
    except AddressRefused as refused:
        return str(refused)
    return None
