"""Fetching a page for import: what is fetched, and every way a fetch is refused."""

from __future__ import annotations

import socket
import time

import pytest

from sources.documents import read_fetched
from sources.fetching import FetchRefused, check_url, fetch, resolve
from sources.importing import ImportRefused


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
    assert prepared.metadata.author == "Ann Writer"
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


def test_a_slow_page_times_out(pages):
    started = time.monotonic()
    with pytest.raises(FetchRefused, match="did not answer within 1 second"):
        fetch(f"{pages}/slow")
    assert time.monotonic() - started < 2.5


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
