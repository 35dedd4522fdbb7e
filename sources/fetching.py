"""Fetching a web page for import, without letting a URL reach where it must not.

Every hop of a redirect chain is checked before anything is sent: only http and https, and only
to public addresses. The host name is resolved here and the connection made to the address that
was checked, so a name cannot resolve to a public address for the check and a private one for
the request. Private, loopback, link-local, multicast and reserved addresses are refused
(loopback is allowed only when SOURCES_FETCH_ALLOW_LOOPBACK is set, for tests), and so are the
IPv6 forms that carry an IPv4 address inside them (mapped, compatible, NAT64) when that address
is not public, and the tunnelling prefixes (6to4, Teredo, local NAT64) always.

The whole fetch has one wall-clock deadline, over connecting, the response headers and the body
alike: a watchdog shuts the connection when it passes, so a server that sends one byte a second
cannot hold a worker, whatever it is in the middle of sending. The body is read in pieces up to
SOURCE_MAX_BYTES.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext, gettext_lazy, ngettext

from sources.importing import ImportRefused, too_large
from sources.url_numbers import whole_number

USER_AGENT = "BriefingDesk/1.0 (source import)"
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain", "text/markdown", "text/x-markdown"}
CHUNK_BYTES = 64 * 1024
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_REDIRECTS = 5


class FetchRefused(ImportRefused):
    """A URL the desk will not fetch, or a fetch that failed, said plainly."""


@dataclass(frozen=True)
class Fetched:
    url: str
    final_url: str
    content_type: str
    charset: str | None
    body: bytes

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES


@dataclass(frozen=True)
class Target:
    """Where a checked URL leads: the host to name, the port and path to ask for."""

    scheme: str
    host: str
    port: int
    path: str

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def _timeout() -> float:
    return float(getattr(settings, "SOURCES_FETCH_TIMEOUT", DEFAULT_TIMEOUT))


def _seconds() -> str:
    timeout = _timeout()
    # Catalogues choose plural forms by whole numbers; a fraction takes the form of 2. The words
    # always follow "within" ("w ciągu 10 sekund").
    number = int(timeout) if timeout == int(timeout) else 2
    return ngettext("%(count)s second", "%(count)s seconds", number) % {"count": f"{timeout:g}"}


def _not_in_full(url: str) -> str:
    return gettext("%(url)s did not arrive in full within %(time)s.") % {
        "url": url,
        "time": _seconds(),
    }


def _no_answer(url: str) -> str:
    return gettext("%(url)s did not answer within %(time)s.") % {"url": url, "time": _seconds()}


def check_url(url: str) -> Target:
    """The parts of a URL the desk may fetch; FetchRefused for any other."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchRefused(gettext("“%(url)s” is not a web address.") % {"url": url}) from None
    if parts.scheme.lower() not in {"http", "https"}:
        shown = f"“{parts.scheme}:”" if parts.scheme else gettext("no scheme")
        raise FetchRefused(
            gettext("The desk fetches only http and https addresses; “%(url)s” has %(shown)s.")
            % {"url": url, "shown": shown}
        )
    if not parts.hostname:
        raise FetchRefused(gettext("“%(url)s” names no host.") % {"url": url})
    if parts.username or parts.password:
        raise FetchRefused(gettext("The desk does not send passwords inside a URL; remove them."))
    scheme = parts.scheme.lower()
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return Target(scheme, parts.hostname, port or (443 if scheme == "https" else 80), path)


# IPv6 prefixes that tunnel to IPv4 hosts: the IPv4 address inside is where the packets go.
TUNNELS = {
    ipaddress.ip_network("2002::/16"): gettext_lazy("a 6to4 address"),
    ipaddress.ip_network("2001::/32"): gettext_lazy("a Teredo address"),
    ipaddress.ip_network("64:ff9b:1::/48"): gettext_lazy("a local NAT64 address"),
}
# Prefixes whose last 32 bits are an IPv4 address (NAT64's well-known one, IPv4-compatible).
_EMBEDDING = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("::/96"))


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, compatible, NAT64), else None."""
    if address.ipv4_mapped:
        return address.ipv4_mapped
    if any(address in network for network in _EMBEDDING) and int(address) > 1:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def address_refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why the desk will not connect to this address, or None if it may."""
    if isinstance(address, ipaddress.IPv6Address):
        for network, name in TUNNELS.items():
            if address in network:
                return gettext("%(name)s (it tunnels to an IPv4 address)") % {"name": name}
        embedded = embedded_ipv4(address)
        if embedded is not None:
            address = embedded
    if address.is_loopback:
        if getattr(settings, "SOURCES_FETCH_ALLOW_LOOPBACK", False):
            return None
        return gettext("a loopback address, which is the desk's own server")
    if address.is_link_local:
        return gettext("a link-local address")
    if address.is_multicast:
        return gettext("a multicast address")
    if address.is_unspecified or address.is_reserved:
        return gettext("a reserved address")
    if address.is_private or not address.is_global:
        return gettext("a private network address")
    return None


def resolve(host: str, port: int) -> str:
    """The address to connect to; FetchRefused if the host resolves to any non-public one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchRefused(
            gettext("The host “%(host)s” could not be found.") % {"host": host}
        ) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchRefused(gettext("The host “%(host)s” could not be found.") % {"host": host})
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        reason = address_refusal(address)
        if reason:
            shown = str(address) if host.strip("[]") == str(address) else f"“{host}” is {address}"
            raise FetchRefused(
                gettext("The desk does not fetch from %(reason)s (%(shown)s).")
                % {"reason": reason, "shown": shown}
            )
    return addresses[0]


class Watchdog:
    """Shuts every connection of one fetch when its deadline passes.

    urllib3's timeouts count per socket operation, so a server that sends one byte a second
    never trips them. Shutting the socket from a timer makes whatever read is waiting return at
    once, in the TLS handshake, the headers or the body alike.
    """

    def __init__(self, deadline: float):
        self.deadline = deadline
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._fired = False
        self._timer = threading.Timer(max(deadline - time.monotonic(), 0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    @property
    def passed(self) -> bool:
        return self._fired or time.monotonic() >= self.deadline

    def watch(self, sock: socket.socket) -> None:
        # A duplicate of the descriptor: TLS wrapping detaches the original socket object, but
        # shutting down any descriptor of a socket shuts the connection itself.
        duplicate = sock.dup()
        with self._lock:
            self._sockets.append(duplicate)
            if not self._fired:
                return
        self._shut(duplicate)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def _fire(self) -> None:
        with self._lock:
            self._fired = True
            sockets = list(self._sockets)
        for sock in sockets:
            self._shut(sock)

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.close()


def _watched(connection_class, watchdog: Watchdog):
    class Watched(connection_class):
        def _new_conn(self):
            sock = super()._new_conn()
            watchdog.watch(sock)
            return sock

    return Watched


def connection_pool(target: Target, address: str, watchdog: Watchdog) -> urllib3.HTTPConnectionPool:
    """A pool connecting to the checked address under the watchdog's deadline, no retries."""
    timeout = max(watchdog.deadline - time.monotonic(), 0.001)
    limits = urllib3.Timeout(connect=timeout, read=timeout)
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            target.port,
            timeout=limits,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            assert_hostname=target.host,
            server_hostname=target.host,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, target.port, timeout=limits, retries=False)
    pool.ConnectionCls = _watched(pool.ConnectionCls, watchdog)
    return pool


def _media_type(header: str | None) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = header or ""
    charset = message.get_param("charset")
    return message.get_content_type().lower(), str(charset) if charset else None


def _read_body(response, url: str, watchdog: Watchdog) -> bytes:
    limit = settings.SOURCE_MAX_BYTES
    length = whole_number((response.headers.get("Content-Length") or "").strip())
    if length is not None and length > limit:
        raise FetchRefused(str(too_large(length, url)))
    body = bytearray()
    while True:
        if watchdog.passed:
            raise FetchRefused(_not_in_full(url))
        # read1 returns what one read brings, so a server that trickles bytes meets the deadline.
        chunk = response.read1(CHUNK_BYTES)
        if not chunk:
            # The watchdog's shutdown reads as an end of file: a cut-off body is no body.
            if watchdog.passed:
                raise FetchRefused(_not_in_full(url))
            return bytes(body)
        body += chunk
        if len(body) > limit:
            raise FetchRefused(str(too_large(None, url)))


def _request(target: Target, address: str, url: str, watchdog: Watchdog):
    if watchdog.passed:
        raise FetchRefused(_no_answer(url))
    pool = connection_pool(target, address, watchdog)
    try:
        return pool, pool.urlopen(
            "GET",
            target.path,
            headers={
                "Host": target.host_header,
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
            },
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )
    except urllib3.exceptions.HTTPError as error:
        pool.close()
        # The watchdog's shutdown surfaces as whatever the interrupted read makes of it.
        if watchdog.passed or (
            isinstance(error, urllib3.exceptions.TimeoutError)
            and not isinstance(error, urllib3.exceptions.NewConnectionError)
        ):
            raise FetchRefused(_no_answer(url)) from None
        if isinstance(error, urllib3.exceptions.SSLError):
            raise FetchRefused(
                gettext("A secure connection to %(host)s could not be made.")
                % {"host": target.host}
            ) from None
        raise FetchRefused(
            gettext("%(host)s could not be reached.") % {"host": target.host}
        ) from None


def fetch(url: str) -> Fetched:
    """The page at a URL, after at most SOURCES_FETCH_MAX_REDIRECTS redirects; FetchRefused with
    the reason when it cannot or may not be fetched."""
    watchdog = Watchdog(time.monotonic() + _timeout())
    try:
        return _follow(url, watchdog)
    finally:
        watchdog.close()


def _follow(url: str, watchdog: Watchdog) -> Fetched:
    max_redirects = int(getattr(settings, "SOURCES_FETCH_MAX_REDIRECTS", DEFAULT_MAX_REDIRECTS))
    current = url.strip()
    for _hop in range(max_redirects + 1):
        target = check_url(current)
        pool, response = _request(target, resolve(target.host, target.port), current, watchdog)
        try:
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise FetchRefused(
                        gettext("%(url)s redirects but does not say where to.") % {"url": current}
                    )
                current = urljoin(current, location.strip())
                continue
            if response.status != 200:
                reason = response.reason or ""
                raise FetchRefused(
                    gettext("%(url)s answered %(status)s.")
                    % {"url": current, "status": f"{response.status} {reason}".strip()}
                )
            content_type, charset = _media_type(response.headers.get("Content-Type"))
            if content_type not in HTML_TYPES | TEXT_TYPES:
                raise FetchRefused(
                    gettext(
                        "%(url)s is not a web page or text (it is %(type)s); download it and "
                        "upload the file if it is text."
                    )
                    % {"url": current, "type": content_type}
                )
            try:
                body = _read_body(response, current, watchdog)
            except (urllib3.exceptions.HTTPError, OSError) as error:
                if watchdog.passed or isinstance(error, urllib3.exceptions.TimeoutError):
                    raise FetchRefused(_not_in_full(current)) from None
                raise FetchRefused(
                    gettext("The connection to %(host)s broke off.") % {"host": target.host}
                ) from None
            return Fetched(url.strip(), current, content_type, charset, body)
        finally:
            response.release_conn()
            response.close()
            pool.close()
    raise FetchRefused(
        gettext("%(url)s redirects more than %(count)s times; the desk stopped following it.")
        % {"url": url, "count": max_redirects}
    )
