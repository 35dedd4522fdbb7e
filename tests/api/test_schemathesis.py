"""Schemathesis over the API's own schema: no 5xx, and no answer that breaks the schema.

As an anonymous client (reads only), an editor and a reviewer (reads, and the writes their roles
use). Bounded so it stays quick and deterministic: a few examples per operation, no database of
past failures, no deadline.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from desk.models import ApiToken
from tests.factories import ActorFactory, EventFactory, TopicFactory

EXAMPLES = 8
CHECKS = [not_a_server_error, response_schema_conformance]
# Writes whose outcome a fuzzer can reach: making and editing excerpts, comments, transitions,
# imports. Each still answers 4xx to what it cannot use, and never 5xx.
WRITES = {
    "editor": r"^/api/excerpts/",
    "reviewer": r"^/api/excerpts/\{id\}/(approve|reject|request-changes|comments)/$",
}


@pytest.fixture
def keep_connection():
    """Let a plain WSGI client run inside the test's transaction.

    Django closes the database connection at the start and end of every request; its own test
    client switches that off, a WSGI client from elsewhere does not.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(settings, keep_connection, published, draft, editor, reviewer):
    # Schemathesis's WSGI client calls itself "localhost".
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # Something for generated ids to find now and then.
    TopicFactory(), ActorFactory(), EventFactory()
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


def _fuzz(schema, headers: dict) -> int:
    """Run every operation of the schema; returns how many it ran."""
    count = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS)

        run()
        count += 1
    return count


def test_anonymous_reads(api_schema):
    assert _fuzz(api_schema.include(method="GET"), headers={}) >= 20


@pytest.mark.parametrize("persona", ["editor", "reviewer"])
def test_staff_reads_and_writes(api_schema, people, persona):
    _, secret = ApiToken.issue(user=people[persona], name="schemathesis")
    headers = {"Authorization": f"Token {secret}"}
    reads = api_schema.include(method="GET")
    writes = api_schema.include(method_regex="^(POST|PUT|PATCH)$", path_regex=WRITES[persona])
    assert _fuzz(reads, headers) >= 20
    assert _fuzz(writes, headers) >= 3
