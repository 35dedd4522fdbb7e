"""Sending one webhook request: signed per Standard Webhooks, to a checked address, bounded.

The body is signed with the `standardwebhooks` library over the message id, the time of this
attempt and the body (`webhook-id`, `webhook-timestamp`, `webhook-signature`); while a replaced
secret's grace period lasts, the header carries a signature with each. The request goes to the
address the guard checked (desk.webhooks.addresses), with the host's name in Host and TLS, under
one deadline (WEBHOOKS_TIMEOUT) over connecting, the answer and the little of its body kept. No
redirect is followed and no cookie is sent or kept.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from http import HTTPStatus

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from standardwebhooks.webhooks import Webhook

from desk.webhooks.addresses import AddressRefused, checked_target, resolve

# fetching's pool and watchdog: the connection to the checked address, and the one deadline.
from sources.fetching import Watchdog, connection_pool

USER_AGENT = "BriefingDesk/1.0 (webhooks)"
# What is kept of a receiver's answer: enough to see what it said, never its whole body.
EXCERPT_BYTES = 2048
EXCERPT_CHARS = 500


@dataclass(frozen=True)
class Outcome:
    """What came of one attempt, in plain words for the delivery log."""

    succeeded: bool
    description: str
    status: int | None = None
    excerpt: str = ""
    duration_ms: int = 0


def signed_headers(
    *, message_id: str, body: str, secrets: list[str], at: dt.datetime
) -> dict[str, str]:
    """The Standard Webhooks headers for this body sent at this moment."""
    # The library reads the time as UTC whatever its zone says: give it UTC.
    at = at.astimezone(dt.UTC)
    signatures = [Webhook(secret).sign(message_id, at, body) for secret in secrets]
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": " ".join(signatures),
    }


def _timeout() -> float:
    return float(getattr(settings, "WEBHOOKS_TIMEOUT", 5))


def _status_words(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _read_excerpt(response, watchdog: Watchdog) -> str:
    body = bytearray()
    while len(body) < EXCERPT_BYTES and not watchdog.passed:
        chunk = response.read1(EXCERPT_BYTES - len(body))
        if not chunk:
            break
        body += chunk
    text = bytes(body).decode("utf-8", errors="replace").strip()
    return text[:EXCERPT_CHARS]


def _outcome_of(status: int, excerpt: str, started: float) -> Outcome:
    took = int((time.monotonic() - started) * 1000)
    words = _status_words(status)
    if 200 <= status < 300:
        text = _("Delivered: the receiver answered %(status)s.") % {"status": words}
        return Outcome(True, text, status, excerpt, took)
    if 300 <= status < 400:
        text = _(
            "The receiver answered %(status)s, a redirect; webhooks do not follow redirects."
        ) % {"status": words}
    else:
        text = _("The receiver answered %(status)s.") % {"status": words}
    return Outcome(False, text, status, excerpt, took)


def send(url: str, body: str, headers: dict[str, str]) -> Outcome:
    """POST the body with these headers to the endpoint's URL; never raises for the network."""
    started = time.monotonic()
    try:
        target = checked_target(url)
        address = resolve(target)
    except AddressRefused as refused:
        return Outcome(False, _("Not sent: %(reason)s") % {"reason": refused})
    timeout = _timeout()
    watchdog = Watchdog(started + timeout)
    pool = connection_pool(target, address, watchdog)
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body.encode("utf-8"),
            headers={
                "Host": target.host_header,
                "User-Agent": USER_AGENT,
                "Content-Type": "application/json",
                **headers,
            },
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            excerpt = _read_excerpt(response, watchdog)
        except (urllib3.exceptions.HTTPError, OSError):
            excerpt = ""
        finally:
            response.release_conn()
            response.close()
        return _outcome_of(response.status, excerpt, started)
    except urllib3.exceptions.HTTPError as error:
        took = int((time.monotonic() - started) * 1000)
        if watchdog.passed or (
            isinstance(error, urllib3.exceptions.TimeoutError)
            and not isinstance(error, urllib3.exceptions.NewConnectionError)
        ):
            text = ngettext(
                "No answer within %(seconds)s second.",
                "No answer within %(seconds)s seconds.",
                int(timeout),
            ) % {"seconds": f"{timeout:g}"}
        elif isinstance(error, urllib3.exceptions.SSLError):
            text = _("A secure connection to %(host)s could not be made.") % {"host": target.host}
        else:
            text = _("%(host)s could not be reached.") % {"host": target.host}
        return Outcome(False, text, duration_ms=took)
    finally:
        pool.close()
        watchdog.close()
