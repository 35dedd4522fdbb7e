"""Fetching a page for import: what is fetched, and every way a fetch is refused."""

from __future__ import annotations

import socket
import time

import pytest

from sources.documents import read_fetched
from sources.fetching import FetchRefused, check_url, fetch, resolve
from sources.importing import ImportRefused
from tests.sources.pages import serving


def test_fetches_an_article_and_reduces_it_to_its_text(pages):
    fetched = fetch(f"{pages}/article")
    assert fetched.is_html and fetched.final_url == f"{pages}/article"
    prepared = read_fetched(fetched)
    lines = prepared.text.split("\n")
    assert lines[0] == "Border crossing to reopen"
    assert "What ministers said" in lines
    assert "Home" not in prepared.text and "Copyright" not in prepared.text
    kinds = dict(zip(lines, prepared.kinds, strict=True))
    assert kinds["What ministers said"] == "heading"
    assert kinds["By Ann Writer"] == "byline"
    assert kinds["The crossing at Kuźnica in 2021."] == "caption"
    assert prepared.metadata.outlet == "The Local Paper"
    assert prepared.metadata.author == "Writer, Ann"
    assert prepared.metadata.published == "2025-11"  # the page's own precision, not a guess
    assert prepared.metadata.url == f"{pages}/article"


def test_a_text_page_is_kept_as_text(pages):
    prepared = read_fetched(fetch(f"{pages}/plain"))
    assert prepared.text == "A plain text page\nIts first paragraph, served as text/plain."


def test_follows_a_short_redirect_chain(pages):
    fetched = fetch(f"{pages}/hop1")
    assert fetched.final_url == f"{pages}/article"
    assert fetched.url == f"{pages}/hop1"


def test_stops_after_too_many_redirects(pages, settings):
    settings.SOURCES_FETCH_MAX_REDIRECTS = 3
    with pytest.raises(FetchRefused, match="redirects more than 3 times"):
        fetch(f"{pages}/loop")


def test_a_redirect_to_a_private_address_is_refused(pages):
    with pytest.raises(FetchRefused, match="private network address"):
        fetch(f"{pages}/to-private")


def test_a_redirect_to_another_scheme_is_refused(pages):
    with pytest.raises(FetchRefused, match="only http and https"):
        fetch(f"{pages}/to-file")


@pytest.mark.slow
def test_a_slow_page_times_out(pages):
    started = time.monotonic()
    with pytest.raises(FetchRefused, match="did not answer within 1 second"):
        fetch(f"{pages}/slow")
    assert time.monotonic() - started < 2.5


@pytest.mark.slow
def test_a_page_that_trickles_in_meets_the_deadline(pages):
    started = time.monotonic()
    with pytest.raises(FetchRefused, match="did not arrive in full within 1 second"):
        fetch(f"{pages}/trickle")
    assert time.monotonic() - started < 2.5


def test_a_page_over_the_size_limit_is_refused_by_its_length(pages, settings):
    settings.SOURCE_MAX_BYTES = 1000
    with pytest.raises(FetchRefused, match="4 KB; the desk takes texts up to 1000 bytes"):
        fetch(f"{pages}/huge")


def test_a_page_over_the_size_limit_is_cut_off_without_a_length(pages, settings):
    settings.SOURCE_MAX_BYTES = 10_000
    with pytest.raises(FetchRefused, match="larger than 10 KB"):
        fetch(f"{pages}/unsized")


def test_an_image_is_refused(pages):
    with pytest.raises(FetchRefused, match="not a web page or text .it is image/png"):
        fetch(f"{pages}/image")


def test_binary_data_labelled_html_is_refused(pages):
    with pytest.raises(ImportRefused, match="not a text file"):
        read_fetched(fetch(f"{pages}/binary-html"))


def test_an_empty_page_is_refused(pages):
    with pytest.raises(ImportRefused, match="empty"):
        read_fetched(fetch(f"{pages}/empty"))


@pytest.mark.parametrize(("path", "answer"), [("/missing", "404 Not Found"), ("/gone", "410 Gone")])
def test_an_error_status_is_reported(pages, path, answer):
    with pytest.raises(FetchRefused, match=answer):
        fetch(f"{pages}{path}")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/file.txt", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("example.org/page", "no scheme"),
        ("http:///nohost", "names no host"),
        ("http://user:secret@example.org/", "passwords"),
        ("http://example.org:99999/", "not a web address"),
    ],
)
def test_urls_the_desk_will_not_fetch(url, reason):
    with pytest.raises(FetchRefused, match=reason):
        check_url(url)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.0.0.1", "private network"),
        ("192.168.1.20", "private network"),
        ("172.16.5.4", "private network"),
        ("100.64.0.1", "private network"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "reserved"),  # noqa: S104 - an address refused, not one bound
        ("240.0.0.1", "reserved"),
        ("fd00::1", "private network"),
        ("fe80::1", "link-local"),
        ("::ffff:10.0.0.1", "private network"),
    ],
)
def test_addresses_on_private_networks_are_refused(address, reason):
    with pytest.raises(FetchRefused, match=reason):
        fetch(f"http://{address if ':' not in address else f'[{address}]'}/")


def test_loopback_is_refused_unless_allowed(settings):
    settings.SOURCES_FETCH_ALLOW_LOOPBACK = False
    with pytest.raises(FetchRefused, match="loopback"):
        fetch("http://127.0.0.1:9/")
    with pytest.raises(FetchRefused, match="loopback"):
        fetch("http://[::1]:9/")


def test_a_name_is_checked_by_the_address_it_resolves_to(monkeypatch):
    def private(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.9.8.7", port))]

    monkeypatch.setattr(socket, "getaddrinfo", private)
    with pytest.raises(FetchRefused, match="“intranet.example.org” is 10.9.8.7"):
        fetch("https://intranet.example.org/")


def test_a_name_with_any_private_address_is_refused(monkeypatch):
    def mixed(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", mixed)
    with pytest.raises(FetchRefused, match="loopback"):
        resolve("rebind.example.org", 80)


def test_an_unknown_host_is_reported(monkeypatch):
    def unknown(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    with pytest.raises(FetchRefused, match="could not be found"):
        fetch("https://no-such-host.example/")


def test_a_refused_connection_is_reported(settings):
    settings.SOURCES_FETCH_ALLOW_LOOPBACK = True
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchRefused, match="could not be reached"):
        fetch(f"http://127.0.0.1:{port}/")


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("2002:7f00:1::", "6to4"),  # 6to4 around 127.0.0.1
        ("2002:a00:1::1", "6to4"),  # 6to4 around 10.0.0.1
        ("2002:5db8:d70e::1", "6to4"),  # 6to4 around a public address: still a tunnel
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo"),  # Teredo to 127.0.0.1
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 to 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 to the cloud metadata address
        ("64:ff9b::c0a8:114", "private network"),  # NAT64 to 192.168.1.20
        ("64:ff9b:1::a00:1", "local NAT64"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("::ffff:169.254.169.254", "link-local"),
        ("::127.0.0.1", "loopback"),  # IPv4-compatible
        ("::10.0.0.1", "private network"),
    ],
)
def test_ipv6_forms_that_carry_a_private_ipv4_address_are_refused(address, reason, settings):
    settings.SOURCES_FETCH_ALLOW_LOOPBACK = False
    with pytest.raises(FetchRefused, match=reason):
        fetch(f"http://[{address}]/")


def test_a_name_resolving_to_6to4_loopback_is_refused(monkeypatch):
    def sixtofour(host, port, *args, **kwargs):
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("2002:7f00:1::", port, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", sixtofour)
    with pytest.raises(FetchRefused, match="6to4"):
        resolve("innocent.example.org", 80)


def test_nat64_of_a_public_address_is_allowed():
    assert resolve("64:ff9b::5db8:d70e", 80) == "64:ff9b::5db8:d70e"


def _dribble(data: bytes, pause: float, sent: list):
    """A server answer that sends one byte per pause, counting what it managed to send."""

    def respond(handler):
        try:
            for byte in data:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                sent.append(byte)
                time.sleep(pause)
        except OSError:
            pass
        handler.close_connection = True

    return respond


@pytest.mark.slow
@pytest.mark.parametrize("prefix", [b"", b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"])
def test_headers_sent_one_byte_at_a_time_are_cut_at_the_deadline(settings, prefix):
    """The deadline covers the headers: the server is hung up on long before it finishes."""
    settings.SOURCES_FETCH_ALLOW_LOOPBACK = True
    settings.SOURCES_FETCH_TIMEOUT = 1
    sent: list = []
    # Each header byte comes 0.05 s after the last: the whole answer would take over 10 s.
    data = prefix + b"X-Padding: " + b"a" * 200 + b"\r\n\r\n"
    with serving({"/dribble": _dribble(data, 0.05, sent)}) as base_url:
        with pytest.raises(FetchRefused, match="within 1 second"):
            fetch(f"{base_url}/dribble")
        # Counted in bytes, not seconds: the fetch gave up with most of the answer unsent.
        assert len(sent) < len(data) / 2
