"""No routed view answers 5xx, whatever its query string or path ids hold.

Every URL the resolver knows (as tests/security/test_url_permissions.py enumerates them) is asked
by an anonymous reader, an editor and a reviewer, with odd digits ("¹", "٣", "１２"), numbers
past any database integer and plain junk in its ids and in every query parameter a view or
FilterSet reads. Any answer is fine except a server error.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import django_filters
import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.test_url_permissions import routed_names, world  # noqa: F401 - a fixture

pytestmark = pytest.mark.slow

ODD = [
    "¹", "²³", "٣", "１２", "߁", "𝟙", "Ⅻ", "1\u00a0", " 1", "1 ", "-1", "+1", "0", "00", "1.5",
    "1e9", "0x10", "-0", "NaN", "inf", "9" * 19, "9" * 20, "9" * 400, str(2**63), str(2**63 - 1),
    str(2**31), str(2**53 + 1), "", "null", "[]", "{}", "%", "%00", "\x00", "'", '"', "<b>", "../",
    "1,2", "true", "a" * 3000, "2025-13-45", "\ud7ff", "ʻ", "\u202e1",
]  # fmt: skip
# Parameters views read by name; every FilterSet's own names are added below.
VIEW_PARAMETERS = [
    "page", "page_size", "cursor", "ordering", "version", "from", "to", "year", "suggestion",
    "text", "q", "kind", "group", "source", "event", "briefing", "actor", "next", "format",
    "status", "number", "topic", "since", "until", "limit", "offset",
]  # fmt: skip
ROLES = ("anonymous", "editor", "reviewer")


def _group_names(pattern) -> set[str]:
    return set(pattern.regex.groupindex)


def kwarg_names() -> dict[str, set[str]]:
    """The keyword arguments of every named URL outside the admin (the fewest, if several)."""
    found: dict[str, set[str]] = {}

    def walk(patterns, namespace, inherited):
        for pattern in patterns:
            names = inherited | _group_names(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if pattern.app_name != "admin":
                    walk(pattern.url_patterns, pattern.namespace or namespace, names)
            elif pattern.name:
                full = f"{namespace}:{pattern.name}" if namespace else pattern.name
                if full not in found or len(names) < len(found[full]):
                    found[full] = names

    walk(get_resolver().url_patterns, None, set())
    return found


def filter_parameters() -> list[str]:
    found, pending = set(), list(django_filters.FilterSet.__subclasses__())
    while pending:
        filterset = pending.pop()
        pending.extend(filterset.__subclasses__())
        found.update(getattr(filterset, "base_filters", {}))
    return sorted(found)


def built(name: str, needed: set[str], values: dict, per_name: dict) -> tuple[str, list[str]]:
    """The URL of a name with the world's real ids, and the path segments that are ids."""
    kwargs = dict(per_name.get(name) or {key: values.get(key, "1") for key in needed})
    try:
        url = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        kwargs = {key: values.get(key, "anything") for key in needed}
        url = reverse(name, kwargs=kwargs)
    return url, [str(value) for value in kwargs.values()]


junk = st.one_of(
    st.sampled_from(ODD),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=20),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6),
)


def mutated(url: str, ids: list[str], replacement: str | None, which: int) -> str:
    """The URL with one of its id segments replaced (percent-encoded), or as it was."""
    segments = url.split("/")
    positions = [i for i, segment in enumerate(segments) if segment in ids]
    if replacement is None or not positions:
        return url
    segments[positions[which % len(positions)]] = quote(replacement, safe="")
    return "/".join(segments)


@pytest.fixture
def clients(world):  # noqa: F811 - the fixture imported above
    values, per_name, users = world
    made = {}
    for role in ROLES:
        client = Client()
        if users[role]:
            client.force_login(users[role])
        made[role] = client
    needed = kwarg_names()
    urls = {name: built(name, needed[name], values, per_name) for name in routed_names()}
    return made, urls


@pytest.mark.parametrize("role", ROLES)
def test_no_view_answers_5xx_to_odd_numbers_or_junk(clients, role):
    made, urls = clients
    client = made[role]
    parameters = sorted(set(VIEW_PARAMETERS) | set(filter_parameters()))

    @settings(
        max_examples=150,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        name=st.sampled_from(sorted(urls)),
        path_value=st.none() | junk,
        which=st.integers(min_value=0, max_value=3),
        query=st.dictionaries(st.sampled_from(parameters), junk, max_size=4),
        method=st.sampled_from(["get", "get", "head", "post"]),
    )
    def check(name, path_value, which, query, method):
        url, ids = urls[name]
        target = mutated(url, ids, path_value, which)
        if method == "post":
            response = client.post(target + "?" + urlencode(query), query)
        else:
            response = getattr(client, method)(target, query)
        assert response.status_code < 500, (name, method, target, query)

    check()


@pytest.mark.parametrize(
    ("name", "parameter", "kwargs"),
    [
        ("desk:excerpt_history", "from", {"pk": "excerpt"}),
        ("sources:reader", "version", {"pk": "source"}),
        ("events:understand_date", "year", {}),
        ("events:create", "suggestion", {}),
    ],
)
@pytest.mark.parametrize("value", ["¹", "٣", "１２", "9" * 30, "-1", "x"])
def test_the_numbers_that_answered_500_are_refused_plainly(
    world,  # noqa: F811 - the fixture imported above
    name,
    parameter,
    kwargs,
    value,
):
    values, per_name, users = world
    ids = {"excerpt": values["pk"], "source": values["source_id"]}
    client = Client()
    client.force_login(users["editor"])
    url = reverse(name, kwargs={key: ids[what] for key, what in kwargs.items()})
    response = client.get(url, {parameter: value})
    assert response.status_code in {400, 404}
