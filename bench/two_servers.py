"""Two app servers, one truth: what one publishes, the other serves, and how fast both go.

Two gunicorn servers on different ports share the bench's PostgreSQL database and one Redis
cache, as two hosts behind a load balancer would. A reviewer publishes an approved excerpt
through the first server's API; the second server is asked for the item's public page and its
briefing's page every few milliseconds until it serves the item (target: within a second).
Then wrk loads both servers at once for the combined throughput of the cached briefing page.

Both servers run on the server core, so the combined figure shows what sharing costs, not what a
second machine would add.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

from bench import database as bench_database
from bench import machine, wrk
from bench.server import Server, get

REDIS = "redis://127.0.0.1:6379/0"
PROPAGATION_TARGET_MS = 1000.0
_GIVE_UP_SECONDS = 10.0


@dataclass
class TwoServers:
    missing: str = ""
    item: str = ""
    # From the publish response on the first server to the item served by the second.
    item_page_ms: float | None = None
    briefing_page_ms: float | None = None
    combined: float | None = None
    each: list[float] = field(default_factory=list)
    p99_ms: float | None = None

    def as_json(self) -> dict:
        return vars(self)


def redis_answers() -> bool:
    address = urlparse(REDIS)
    try:
        with socket.create_connection((address.hostname, address.port), timeout=1):
            return True
    except OSError:
        return False


def measure(
    tool: str, database, library, *, page: str, seconds: int, warmup: int, connections: int
) -> TwoServers:
    """Publish through one server, wait for the other, then load both: a TwoServers."""
    if not redis_answers():
        return TwoServers(missing=f"no Redis at {REDIS} to share")
    chosen = _approved_excerpt(library)
    if chosen is None:
        return TwoServers(missing="no approved excerpt in a public briefing to publish")
    excerpt, item_path, briefing_path = chosen
    secret = _reviewer_token(library)
    environment = {
        **bench_database.environment(database, cache=True, phase="two-servers"),
        "REDIS_URL": REDIS,
    }
    result = TwoServers(item=item_path)
    with (
        Server(environment, "two-a", bench_database.WORK_DIR) as first,
        Server(environment, "two-b", bench_database.WORK_DIR) as second,
    ):
        # The second server has served (and may have cached) both pages before the change.
        for path in (briefing_path, item_path):
            for _ in range(4):
                get(second.port, path)
        status = _publish(first.port, excerpt, secret)
        if status != 200:
            return TwoServers(missing=f"publishing through the first server answered {status}")
        published = time.monotonic()
        result.item_page_ms, result.briefing_page_ms = _wait_until_served(
            second.port, item_path, briefing_path, excerpt, published
        )
        _load_both(tool, [first, second], page, warmup, connections)
        machine.wait_for_quiet()
        rates = _load_both(tool, [first, second], page, seconds, connections)
        result.each = [round(r.requests_per_second, 1) for r in rates]
        result.combined = sum(r.requests_per_second for r in rates)
        result.p99_ms = max(r.p99_ms for r in rates)
    return result


def _approved_excerpt(library):
    """An approved excerpt of a public briefing the reviewer may publish (four eyes)."""
    from desk.models import Excerpt
    from desk.publishing.states import Status

    excerpt = (
        Excerpt.objects.filter(
            status=Status.APPROVED,
            published_revision__isnull=True,
            current_revision__briefing__is_public=True,
        )
        .exclude(created_by_id=library.reviewer_id)
        .select_related("current_revision__briefing")
        .order_by("pk")
        .first()
    )
    if excerpt is None:
        return None
    from django.urls import reverse

    briefing = excerpt.current_revision.briefing
    item = reverse("briefings:item", args=[briefing.slug, excerpt.pk])
    return excerpt.pk, item, briefing.get_absolute_url()


def _reviewer_token(library) -> str:
    from django.contrib.auth import get_user_model

    from desk.models import ApiToken

    reviewer = get_user_model().objects.get(pk=library.reviewer_id)
    _, secret = ApiToken.issue(user=reviewer, name="bench: two servers")
    return secret


def _publish(port: int, pk: int, secret: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        # A decision names the state it was taken on (the API answers 428 without If-Match).
        headers = {"Host": "127.0.0.1", "Authorization": f"Token {secret}"}
        connection.request("GET", f"/api/excerpts/{pk}/", headers=headers)
        shown = connection.getresponse()
        shown.read()
        connection.request(
            "POST",
            f"/api/excerpts/{pk}/publish/",
            body=json.dumps({}),
            headers={
                **headers,
                "Content-Type": "application/json",
                "If-Match": shown.getheader("ETag", ""),
            },
        )
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _wait_until_served(port, item_path, briefing_path, pk, since) -> tuple[float | None, ...]:
    """Milliseconds until the item's page answers 200, and until its briefing's page lists it."""
    item_ms = briefing_ms = None
    while time.monotonic() - since < _GIVE_UP_SECONDS and None in (item_ms, briefing_ms):
        if item_ms is None and get(port, item_path)[0] == 200:
            item_ms = (time.monotonic() - since) * 1000
        if briefing_ms is None and _lists(port, briefing_path, item_path):
            briefing_ms = (time.monotonic() - since) * 1000
        time.sleep(0.005)
    return item_ms, briefing_ms


def _lists(port: int, path: str, item_path: str) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        return item_path.encode() in connection.getresponse().read()
    finally:
        connection.close()


def _load_both(tool, servers, path, seconds, connections) -> list[wrk.Measurement]:
    """wrk on each server at the same time, half the connections each."""
    results: list = [None] * len(servers)
    share = max(1, connections // len(servers))

    def load(index: int, server: Server) -> None:
        results[index] = wrk.run(
            tool, server.url(path), headers={}, seconds=seconds, connections=share
        )

    threads = [
        threading.Thread(target=load, args=(index, server)) for index, server in enumerate(servers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
