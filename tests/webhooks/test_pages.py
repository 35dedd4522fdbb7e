"""The webhooks pages: who may open them, what each does, and their query counts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from desk.webhooks.events import message_body
from desk.webhooks.models import Attempt, Delivery, DeliveryState, Endpoint, EventType
from tests.factories import UserFactory

PAGES = ["endpoints", "endpoint_add", "endpoint", "endpoint_edit", "endpoint_delete"]
POST_ONLY = [
    "endpoint_pause",
    "endpoint_resume",
    "endpoint_test",
    "endpoint_rotate_secret",
    "delivery_retry",
]


def delivered(endpoint: Endpoint, *, attempts: int = 1) -> Delivery:
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_type=EventType.PUBLISHED,
        payload=message_body(EventType.PUBLISHED, {"id": 1}),
        state=DeliveryState.DELIVERED,
        attempt_count=attempts,
        finished_at=timezone.now(),
    )
    for number in range(1, attempts + 1):
        Attempt.objects.create(
            delivery=delivery,
            number=number,
            succeeded=number == attempts,
            outcome="The receiver answered 500 Internal Server Error.",
            response_status=500,
            response_excerpt="<b>down</b>",
        )
    return delivery


def url(name: str, endpoint: Endpoint, delivery: Delivery | None = None) -> str:
    if name in ("endpoints", "endpoint_add"):
        return reverse(f"webhooks:{name}")
    if name == "delivery_retry":
        return reverse(f"webhooks:{name}", args=[endpoint.pk, delivery.pk])
    return reverse(f"webhooks:{name}", args=[endpoint.pk])


@pytest.fixture
def staff_without_permission(db):
    """Admin-site access alone is not the webhooks permission."""
    return UserFactory(username="stan", is_staff=True)


@pytest.fixture
def permission_without_staff(db):
    """The permission without admin-site access is not enough either."""
    user = UserFactory(username="perry", roles=["reviewer"])
    user.user_permissions.add(Permission.objects.get(codename="manage_webhooks"))
    return user


REFUSED = [
    "outsider",
    "editor",
    "reviewer",
    "chief",
    "staff_without_permission",
    "permission_without_staff",
]


@pytest.mark.parametrize("name", PAGES + POST_ONLY)
def test_anonymous_visitors_are_sent_to_sign_in(endpoint, name):
    target = url(name, endpoint, delivered(endpoint))
    for method in ("get", "post"):
        response = getattr(Client(), method)(target)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert Endpoint.objects.filter(pk=endpoint.pk, is_active=True).exists()


@pytest.mark.parametrize("persona", REFUSED)
def test_editors_reviewers_and_others_are_refused_every_page(request, endpoint, persona, as_user):
    client = as_user(request.getfixturevalue(persona))
    delivery = delivered(endpoint)
    secret = endpoint.secret
    for name in PAGES + POST_ONLY:
        for method in ("get", "post"):
            response = getattr(client, method)(url(name, endpoint, delivery))
            assert response.status_code == 403, (name, method)
            assert secret not in response.content.decode()
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.secret == secret


@pytest.mark.parametrize("persona", ["admin", "superuser"])
def test_administrators_open_every_page_and_post_only_actions_refuse_get(
    request, endpoint, persona, as_user
):
    client = as_user(request.getfixturevalue(persona))
    delivery = delivered(endpoint)
    for name in PAGES:
        assert client.get(url(name, endpoint, delivery)).status_code == 200, name
    for name in POST_ONLY:
        assert client.get(url(name, endpoint, delivery)).status_code == 405, name
    assert client.post(reverse("webhooks:endpoints")).status_code == 405
    assert client.put(url("endpoint_edit", endpoint)).status_code == 405


def test_an_unknown_endpoint_or_anothers_delivery_is_not_found(endpoint, admin, as_user):
    client = as_user(admin)
    other = Endpoint.objects.create(url="https://93.184.215.14/hooks")
    delivery = delivered(other)
    assert client.get(reverse("webhooks:endpoint", args=[999])).status_code == 404
    assert client.post(reverse("webhooks:endpoint_pause", args=[999])).status_code == 404
    retry = reverse("webhooks:delivery_retry", args=[endpoint.pk, delivery.pk])
    assert client.post(retry).status_code == 404


def test_the_navigation_offers_webhooks_to_administrators_only(admin, editor, reviewer, as_user):
    link = f'href="{reverse("webhooks:endpoints")}"'
    assert link in as_user(admin).get(reverse("briefings:list")).content.decode()
    for person in (editor, reviewer):
        assert link not in as_user(person).get(reverse("desk:home")).content.decode()


def test_adding_an_endpoint_shows_its_secret_once(receiver, admin, as_user):
    client = as_user(admin)
    response = client.post(
        reverse("webhooks:endpoint_add"),
        {
            "url": f"{receiver.url}/hooks",
            "description": "Newsroom <CMS>",
            "sends_published": "on",
            "sends_withdrawn": "on",
        },
    )
    # Redirected, so that reloading the page adds nothing; the secret is shown once, then gone.
    assert response.status_code == 302
    endpoint = Endpoint.objects.get()
    assert response["Location"] == reverse("webhooks:endpoint", args=[endpoint.pk])
    response = client.get(response["Location"])
    assert "The endpoint is added" in response.content.decode()
    assert endpoint.created_by == admin
    assert (endpoint.sends_published, endpoint.sends_corrected, endpoint.sends_withdrawn) == (
        True,
        False,
        True,
    )
    assert endpoint.secret.startswith("whsec_")
    page = response.content.decode()
    assert f'<input id="webhook-secret" type="text" readonly value="{endpoint.secret}"' in page
    assert response["Cache-Control"].startswith("max-age=0")
    # Never again: not on the list nor on the endpoint's page.
    for later in (reverse("webhooks:endpoints"), reverse("webhooks:endpoint", args=[endpoint.pk])):
        later_page = client.get(later).content.decode()
        assert endpoint.secret not in later_page
        assert "Newsroom &lt;CMS&gt;" in later_page and "Newsroom <CMS>" not in later_page


def test_a_loopback_endpoint_is_refused_on_the_form_without_the_switch(admin, as_user, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    response = as_user(admin).post(
        reverse("webhooks:endpoint_add"),
        {"url": "http://127.0.0.1:8000/hooks", "sends_published": "on"},
    )
    assert response.status_code == 200
    assert "Webhooks are not sent to a loopback address" in response.content.decode()
    assert not Endpoint.objects.exists()


def test_editing_an_endpoint_changes_its_address_and_events(endpoint, receiver, admin, as_user):
    response = as_user(admin).post(
        reverse("webhooks:endpoint_edit", args=[endpoint.pk]),
        {"url": f"{receiver.url}/v2", "description": "CMS v2", "sends_corrected": "on"},
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.url == f"{receiver.url}/v2" and endpoint.description == "CMS v2"
    assert endpoint.event_types == [EventType.CORRECTED]


def test_pausing_and_resuming(endpoint, admin, as_user):
    client = as_user(admin)
    assert client.post(reverse("webhooks:endpoint_pause", args=[endpoint.pk])).status_code == 302
    endpoint.refresh_from_db()
    assert not endpoint.is_active
    page = client.get(reverse("webhooks:endpoint", args=[endpoint.pk])).content.decode()
    assert "Resume" in page
    assert client.post(reverse("webhooks:endpoint_resume", args=[endpoint.pk])).status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.is_active


def test_deleting_asks_first_then_deletes_the_endpoint_and_its_log(endpoint, admin, as_user):
    client = as_user(admin)
    delivered(endpoint)
    confirm = client.get(reverse("webhooks:endpoint_delete", args=[endpoint.pk]))
    assert "Delete the endpoint and its log" in confirm.content.decode()
    assert Endpoint.objects.filter(pk=endpoint.pk).exists()
    response = client.post(reverse("webhooks:endpoint_delete", args=[endpoint.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("webhooks:endpoints")
    assert not Endpoint.objects.filter(pk=endpoint.pk).exists()
    assert not Delivery.objects.exists()


def test_a_test_event_reaches_the_receiver_signed(
    endpoint, receiver, admin, as_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(admin).post(reverse("webhooks:endpoint_test", args=[endpoint.pk]))
    assert response.status_code == 302
    [request] = receiver.requests
    message = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert message["type"] == "desk.test"
    delivery = Delivery.objects.get()
    assert delivery.state == DeliveryState.DELIVERED
    log = as_user(admin).get(response["Location"]).content.decode()
    assert "Delivered: the receiver answered 200 OK." in log


def test_a_new_secret_is_shown_once_and_the_old_one_still_signs(endpoint, admin, as_user):
    old = endpoint.secret
    client = as_user(admin)
    response = client.post(reverse("webhooks:endpoint_rotate_secret", args=[endpoint.pk]))
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.previous_secret == old
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert endpoint.secret in page and old not in page
    assert "For the next 24 hours" in page
    # Reloading rotates nothing and shows the secret no more.
    again = client.get(response["Location"]).content.decode()
    endpoint.refresh_from_db()
    assert endpoint.previous_secret == old and endpoint.secret not in again


def test_reloading_after_adding_an_endpoint_adds_no_second_one(receiver, admin, as_user):
    client = as_user(admin)
    form = {"url": f"{receiver.url}/hooks", "sends_published": "on"}
    response = client.post(reverse("webhooks:endpoint_add"), form, follow=True)
    [(landed, status)] = response.redirect_chain
    assert status == 302
    endpoint = Endpoint.objects.get()
    assert endpoint.secret in response.content.decode()
    # What a reload does after a redirect: GET the page it landed on.
    reloaded = client.get(landed).content.decode()
    assert Endpoint.objects.count() == 1
    assert endpoint.secret not in reloaded and endpoint.url in reloaded
    # The session never holds the secret itself.
    assert endpoint.secret not in str(dict(client.session))


def test_retry_now_sends_a_given_up_delivery_again(
    endpoint, receiver, admin, as_user, published, django_capture_on_commit_callbacks
):
    delivery = delivered(endpoint)
    # News of an item readers still see: that of one they no longer see is not sent again.
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED, excerpt=published)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(admin).post(
            reverse("webhooks:delivery_retry", args=[endpoint.pk, delivery.pk])
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED and delivery.attempt_count == 2
    assert len(receiver.requests) == 1


def test_the_list_asks_the_same_number_of_queries_for_one_endpoint_or_many(
    admin, as_user, django_assert_num_queries
):
    client = as_user(admin)
    delivered(Endpoint.objects.create(url="https://93.184.215.14/a"))
    client.get(reverse("webhooks:endpoints"))  # the session and permissions, read once
    # Counts per endpoint come from one annotated query, not one per row (N+1).
    with django_assert_num_queries(6):
        client.get(reverse("webhooks:endpoints"))
    for n in range(5):
        delivered(Endpoint.objects.create(url=f"https://93.184.215.14/{n}"), attempts=2)
    with django_assert_num_queries(6):
        response = client.get(reverse("webhooks:endpoints"))
    assert response.content.decode().count("<tr>") == 7


def test_the_delivery_log_asks_the_same_number_of_queries_for_one_delivery_or_fifty(
    endpoint, admin, as_user, django_assert_num_queries
):
    client = as_user(admin)
    log = reverse("webhooks:endpoint", args=[endpoint.pk])
    delivered(endpoint)
    client.get(log)
    # Attempts are prefetched for the whole page, not read per delivery (N+1).
    with django_assert_num_queries(10):
        client.get(log)
    for _ in range(49):
        delivered(endpoint, attempts=3)
    with django_assert_num_queries(10):
        response = client.get(log)
    page = response.content.decode()
    assert page.count("What was sent") == 50
    assert "&lt;b&gt;down&lt;/b&gt;" in page and "<b>down</b>" not in page


def test_retry_now_on_a_paused_endpoint_waits_for_resume(endpoint, receiver, admin, as_user):
    delivery = delivered(endpoint)
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED)
    Endpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    client = as_user(admin)
    response = client.post(
        reverse("webhooks:delivery_retry", args=[endpoint.pk, delivery.pk]), follow=True
    )
    assert "waits for the endpoint to be resumed" in response.content.decode()
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.RETRYING and receiver.requests == []


def test_signing_in_lands_each_person_where_their_work_is(client, admin, reviewer, password):
    """An administrator with no desk role lands on the webhooks pages, not on a desk that
    would refuse them; editors and reviewers land on the desk; `next` still wins."""
    login = reverse("login")
    response = client.post(login, {"username": admin.username, "password": password})
    assert response["Location"] == reverse("webhooks:endpoints")
    assert client.get(response["Location"]).status_code == 200
    client.logout()
    response = client.post(login, {"username": reviewer.username, "password": password})
    assert response["Location"] == reverse("desk:home")
    client.logout()
    wanted = reverse("webhooks:endpoint_add")
    response = client.post(
        f"{login}?next={wanted}", {"username": admin.username, "password": password}
    )
    assert response["Location"] == wanted
