"""The webhooks pages answer their administrator plainly, whatever the ids, pages and addresses.

tests/security/test_no_server_errors.py asks every route as an anonymous reader, an editor and a
reviewer, whom these pages refuse before reading anything; here the one who may use them asks.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from desk.webhooks.models import Delivery, DeliveryState, Endpoint, EventType
from tests.factories import UserFactory

# Hypothesis walks every page with many odd values.
pytestmark = pytest.mark.slow

ODD = [
    "¹", "٣", "１２", "9" * 30, str(2**63), "-1", "0", "%00", "\x00", "a" * 300, "<b>", "\u202e1",
]  # fmt: skip
ACTIONS = ["", "edit/", "pause/", "resume/", "delete/", "test/", "secret/"]
ADDRESSES = [
    "http://\x00.example.org/", "http://[::1", "http://[::ffff:127.0.0.1]/", "http://a:99999/",
    "http://a:٣/", "https://example.org/\x00", "javascript:alert(1)", "http://user:pw@example.org/",
    "http://" + "a" * 300 + ".example/", "http://xn--/", "http://[fe80::1%25eth0]/",
]  # fmt: skip


@pytest.fixture
def administrator(db) -> Client:
    user = UserFactory(username="ada", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="manage_webhooks"))
    client = Client()
    client.force_login(user)
    return client


def test_no_webhooks_page_answers_5xx_to_odd_ids_pages_or_addresses(administrator, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    endpoint = Endpoint.objects.create(url="https://93.184.215.14/hooks")
    Delivery.objects.create(
        endpoint=endpoint,
        event_type=EventType.TEST,
        payload="{}",
        state=DeliveryState.DELIVERED,
        finished_at=timezone.now(),
    )
    answers = []
    for odd in ODD:
        segment = quote(odd, safe="")
        for action in ACTIONS:
            for method in ("get", "post"):
                url = f"/desk/webhooks/{segment}/{action}"
                answers.append((url, getattr(administrator, method)(url).status_code))
        url = f"/desk/webhooks/{endpoint.pk}/deliveries/{segment}/retry/"
        answers.append((url, administrator.post(url).status_code))
        url = f"/desk/webhooks/{endpoint.pk}/"
        answers.append((url, administrator.get(url, {"page": odd}).status_code))
    for address in ADDRESSES + ODD:
        for url in ("/desk/webhooks/new/", f"/desk/webhooks/{endpoint.pk}/edit/"):
            response = administrator.post(url, {"url": address, "sends_published": "on"})
            answers.append((f"{url} {address!r}", response.status_code))
            # Nothing odd is ever taken as an address to send to.
            assert response.status_code == 200, (url, address)
    assert [(url, status) for url, status in answers if status >= 500] == []
    assert Endpoint.objects.get().url == "https://93.184.215.14/hooks"
