"""Fetching a web page for import, without letting a URL reach where it must not.

Every hop of a redirect chain is checked before anything is sent: only http and https, and only
to public addresses. The host name is resolved here and the connection made to the address that
was checked, so a name cannot resolve to a public address for the check and a private one for
the request. Private, loopback, link-local, multicast and reserved addresses are refused
(loopback is allowed only when SOURCES_FETCH_ALLOW_LOOPBACK is set, for tests). The whole fetch
has one deadline, and the body is read in pieces up to SOURCE_MAX_BYTES.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

from sources.importing import ImportRefused, too_large

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
class _Target:
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
    return f"{timeout:g} second" + ("" if timeout == 1 else "s")


def check_url(url: str) -> _Target:
    """The parts of a URL the desk may fetch; FetchRefused for any other."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchRefused(f"“{url}” is not a web address.") from None
    if parts.scheme.lower() not in {"http", "https"}:
        shown = f"“{parts.scheme}:”" if parts.scheme else "no scheme"
        raise FetchRefused(f"The desk fetches only http and https addresses; “{url}” has {shown}.")
    if not parts.hostname:
        raise FetchRefused(f"“{url}” names no host.")
    if parts.username or parts.password:
        raise FetchRefused("The desk does not send passwords inside a URL; remove them.")
    scheme = parts.scheme.lower()
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return _Target(scheme, parts.hostname, port or (443 if scheme == "https" else 80), path)


def _refusal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why the desk will not connect to this address, or None if it may."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        if getattr(settings, "SOURCES_FETCH_ALLOW_LOOPBACK", False):
            return None
        return "a loopback address (this machine)"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified or address.is_reserved:
        return "a reserved address"
    if address.is_private or not address.is_global:
        return "a private network address"
    return None


def resolve(host: str, port: int) -> str:
    """The address to connect to; FetchRefused if the host resolves to any non-public one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchRefused(f"The host “{host}” could not be found.") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchRefused(f"The host “{host}” could not be found.")
    for text in addresses:
        address = ipaddress.ip_address(text.split("%")[0])
        reason = _refusal(address)
        if reason:
            shown = str(address) if host.strip("[]") == str(address) else f"“{host}” is {address}"
            raise FetchRefused(f"The desk does not fetch from {reason} ({shown}).")
    return addresses[0]


def _pool(target: _Target, address: str, timeout: float) -> urllib3.HTTPConnectionPool:
    limits = urllib3.Timeout(connect=timeout, read=timeout)
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            target.port,
            timeout=limits,
            retries=False,
            cert_reqs="CERT_REQUIRED",
            assert_hostname=target.host,
            server_hostname=target.host,
        )
    return urllib3.HTTPConnectionPool(address, target.port, timeout=limits, retries=False)


def _media_type(header: str | None) -> tuple[str, str | None]:
    message = Message()
    message["content-type"] = header or ""
    charset = message.get_param("charset")
    return message.get_content_type().lower(), str(charset) if charset else None


def _read_body(response, url: str, deadline: float) -> bytes:
    limit = settings.SOURCE_MAX_BYTES
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > limit:
        raise FetchRefused(str(too_large(int(length), url)))
    body = bytearray()
    while True:
        if time.monotonic() > deadline:
            raise FetchRefused(f"{url} did not arrive in full within {_seconds()}.")
        # read1 returns what one read brings, so a server that trickles bytes meets the deadline.
        chunk = response.read1(CHUNK_BYTES)
        if not chunk:
            return bytes(body)
        body += chunk
        if len(body) > limit:
            raise FetchRefused(str(too_large(None, url)))


def _request(target: _Target, address: str, url: str, deadline: float):
    remaining = max(deadline - time.monotonic(), 0.001)
    pool = _pool(target, address, remaining)
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
    except urllib3.exceptions.NewConnectionError:
        # Before TimeoutError: urllib3 makes a refused connection a kind of connect timeout.
        pool.close()
        raise FetchRefused(f"{target.host} could not be reached.") from None
    except urllib3.exceptions.TimeoutError:
        pool.close()
        raise FetchRefused(f"{url} did not answer within {_seconds()}.") from None
    except urllib3.exceptions.SSLError:
        pool.close()
        raise FetchRefused(f"A secure connection to {target.host} could not be made.") from None
    except urllib3.exceptions.HTTPError:
        pool.close()
        raise FetchRefused(f"{target.host} could not be reached.") from None


def fetch(url: str) -> Fetched:
    """The page at a URL, after at most SOURCES_FETCH_MAX_REDIRECTS redirects; FetchRefused with
    the reason when it cannot or may not be fetched."""
    deadline = time.monotonic() + _timeout()
    max_redirects = int(getattr(settings, "SOURCES_FETCH_MAX_REDIRECTS", DEFAULT_MAX_REDIRECTS))
    current = url.strip()
    for _hop in range(max_redirects + 1):
        target = check_url(current)
        pool, response = _request(target, resolve(target.host, target.port), current, deadline)
        try:
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise FetchRefused(f"{current} redirects but does not say where to.")
                current = urljoin(current, location.strip())
                continue
            if response.status != 200:
                reason = response.reason or ""
                raise FetchRefused(f"{current} answered {response.status} {reason}".strip() + ".")
            content_type, charset = _media_type(response.headers.get("Content-Type"))
            if content_type not in HTML_TYPES | TEXT_TYPES:
                raise FetchRefused(
                    f"{current} is not a web page or text (it is {content_type}); "
                    "download it and upload the file if it is text."
                )
            try:
                body = _read_body(response, current, deadline)
            except urllib3.exceptions.TimeoutError:
                raise FetchRefused(
                    f"{current} did not arrive in full within {_seconds()}."
                ) from None
            except urllib3.exceptions.HTTPError:
                raise FetchRefused(f"The connection to {target.host} broke off.") from None
            return Fetched(url.strip(), current, content_type, charset, body)
        finally:
            response.release_conn()
            response.close()
            pool.close()
    raise FetchRefused(
        f"{url} redirects more than {max_redirects} times; the desk stopped following it."
    )
