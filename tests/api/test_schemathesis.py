"""Schemathesis over the API's own schema, with all its checks, stateless and stateful.

As an anonymous client (reads only), an editor and a reviewer (reads, and the writes their roles
use): every answer must be documented (status, content type, headers, body), valid requests must
be accepted and invalid ones refused, and no 5xx. Both schema-valid (positive) and
schema-breaking (negative) requests are generated. Bounded so it stays deterministic: a few
examples per operation, no database of past failures, no deadline. Every failure is collected
and reported at the end, by operation and check, rather than stopping at the first.
"""

from __future__ import annotations

import collections
import contextlib
import os
import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.config._checks import PositiveDataAcceptanceConfig
from schemathesis.generation import GenerationMode

from desk.models import ApiToken
from tests.factories import ActorFactory, EventFactory, TopicFactory

pytestmark = pytest.mark.slow

# A few examples an operation in every run; SCHEMATHESIS_EXAMPLES=60 for a deeper search (about
# 25 minutes on two cores), as was run before the schema's last changes.
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))
# Writes whose outcome a fuzzer can reach: making and editing excerpts, comments, transitions,
# imports. Each still answers 4xx to what it cannot use, and never 5xx.
WRITES = {
    "editor": r"^/api/excerpts/",
    "reviewer": r"^/api/excerpts/\{id\}/(approve|reject|request-changes|comments)/$",
}


# Values no JSON Schema can tell good from bad, left out of schema-valid requests: a cursor is a
# token the API hands out (forged ones get a 400, tests/api/test_problems.py), and events' dates
# are read as people write them ("winter 2021–22", "c. 1998"; a 400 names one it cannot read).
UNDESCRIBABLE = ("cursor", "date_from", "date_to")


# What a schema-valid write may answer besides schemathesis' defaults: a body names other
# records (a source, a briefing, actors) that generated ids rarely find, refused with a 400 naming
# the field; an edit must name the current revision in If-Match, which no generator can know
# (412 when stale, 428 when missing). Everything else (406, 415, 422, 5xx…) still fails.
WRITES_ACCEPTED = ["2xx", "3xx", "400", "401", "403", "404", "409", "412", "428", "429"]


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
    # Something for generated ids to find now and then; a topic whose slug is not ASCII.
    TopicFactory(), TopicFactory(name="Naïve"), ActorFactory(), EventFactory()
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


def _headers(people, persona: str) -> dict:
    if persona == "anonymous":
        return {}
    _, secret = ApiToken.issue(user=people[persona], name="schemathesis")
    return {"Authorization": f"Token {secret}"}


def _fuzz(schema, headers: dict) -> tuple[int, dict]:
    """Run every operation, positive and negative; how many ran, and the failures found."""
    failures: dict[tuple, str] = {}
    counts = collections.Counter()
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        ran += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            # Unsatisfiable: no request can break this operation's schema in that way (a path
            # of one free-form string has no negative form), so there is nothing to test.
            with contextlib.suppress(Unsatisfiable):
                _runner(operation, mode, headers, failures, counts)()
    return ran, {key: f"x{counts[key]} {text}" for key, text in failures.items()}


def _runner(operation, mode, headers: dict, failures: dict, counts: collections.Counter):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(mode))
    def run(case):
        if mode == GenerationMode.POSITIVE and case.query:
            for name in UNDESCRIBABLE:
                case.query.pop(name, None)
        response = case.call(headers=headers)
        try:
            case.validate_response(response, headers=headers)
        except BaseException as error:  # a FailureGroup is a BaseExceptionGroup
            for failure in getattr(error, "exceptions", [error]):
                key = (operation.label, mode.value, type(failure).__name__)
                counts[key] += 1
                failures.setdefault(
                    key,
                    f"{response.status_code} for {case.path_parameters} {case.query} "
                    f"{str(case.body)[:120]!r}: {str(failure)[:400]}",
                )

    return run


def _report(failures: dict) -> str:
    return "\n".join(f"{' '.join(key)}: {text}" for key, text in sorted(failures.items()))


def test_anonymous_reads(api_schema):
    ran, failures = _fuzz(api_schema.include(method="GET"), headers={})
    assert ran >= 20
    assert not failures, _report(failures)


@pytest.mark.parametrize("persona", ["editor", "reviewer"])
def test_staff_reads_and_writes(api_schema, people, persona):
    headers = _headers(people, persona)
    ran, failures = _fuzz(api_schema.include(method="GET"), headers)
    assert ran >= 20
    assert not failures, _report(failures)
    writes = api_schema.include(method_regex="^(POST|PUT|PATCH)$", path_regex=WRITES[persona])
    writes.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=WRITES_ACCEPTED
    )
    ran, failures = _fuzz(writes, headers)
    assert ran >= 3
    assert not failures, _report(failures)


# Stateful: schemathesis follows the links it infers between operations (a list's ids into the
# detail, an excerpt into its comments and transitions), checking every answer on the way.


def _stateful(schema, headers: dict) -> None:
    machine = schema.as_state_machine()

    class Walk(machine):
        def before_call(self, case):
            for name in UNDESCRIBABLE:
                (case.query or {}).pop(name, None)
            # The persona's own credentials, not generated ones (a random session cookie).
            case.cookies = {}
            case.headers = {**(case.headers or {}), **headers}

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # Tell the checks these credentials are the test's own, as the stateless runs do.
            case.validate_response(
                response,
                additional_checks=additional_checks,
                headers=headers,
                transport_kwargs=kwargs or None,
                recorder=getattr(self, "recorder", None),
            )

    Walk.run(
        settings=settings(
            max_examples=6,
            stateful_step_count=5,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
    )


def test_anonymous_stateful_walk(api_schema):
    _stateful(api_schema.include(method="GET"), headers={})


@pytest.mark.parametrize("persona", ["editor", "reviewer"])
def test_staff_stateful_walk(api_schema, people, persona):
    writes = re.compile(WRITES[persona])

    def reads_and_own_writes(ctx) -> bool:
        operation = ctx.operation
        return operation.method.upper() == "GET" or (
            operation.method.upper() in ("POST", "PUT", "PATCH")
            and bool(writes.match(operation.path))
        )

    schema = api_schema.include(reads_and_own_writes)
    schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
        expected_statuses=WRITES_ACCEPTED
    )
    _stateful(schema, _headers(people, persona))
