"""A receiver never hears more than readers see: news of an item that readers stopped seeing
while it waited for a retry is not sent."""

from __future__ import annotations

import json

import pytest

from desk.publishing.states import Action
from desk.webhooks import delivering
from desk.webhooks.models import Delivery, DeliveryState, EventType
from tests.webhooks.receiver import answer


def types_sent(receiver) -> list[str]:
    return [json.loads(request.body)["type"] for request in receiver.requests]


@pytest.fixture
def news_waiting(endpoint, receiver, excerpt_in, reviewer, decide):
    """An item published while its receiver was down: item.published waits for a retry."""
    receiver.answers(answer(503, b"down"), answer(200))
    item = decide(excerpt_in("approved"), Action.PUBLISH, reviewer)
    waiting = Delivery.objects.get(event_type=EventType.PUBLISHED)
    assert waiting.state == DeliveryState.RETRYING
    return item, waiting


def test_a_published_item_withdrawn_before_the_retry_is_not_sent_again(
    news_waiting, receiver, reviewer, decide
):
    item, waiting = news_waiting
    decide(item, Action.WITHDRAW, reviewer, comment="The source retracted it.")

    assert delivering.attempt(waiting.pk, now=waiting.next_attempt_at) == DeliveryState.FAILED
    # The quote readers no longer see did not go out after the withdrawal.
    assert types_sent(receiver) == ["item.published", "item.withdrawn"]
    waiting.refresh_from_db()
    last = waiting.attempts.last()
    assert not last.succeeded and "no longer" in last.outcome
    # Retry now cannot send it either.
    assert delivering.retry_now(waiting)
    assert types_sent(receiver) == ["item.published", "item.withdrawn"]


def test_news_of_an_item_whose_briefing_was_made_private_is_not_sent(news_waiting, receiver):
    item, waiting = news_waiting
    briefing = item.published_revision.briefing
    briefing.is_public = False
    briefing.save()

    assert delivering.attempt(waiting.pk, now=waiting.next_attempt_at) == DeliveryState.FAILED
    assert types_sent(receiver) == ["item.published"]


def test_news_of_an_item_still_live_is_retried_and_sent(news_waiting, receiver):
    _item, waiting = news_waiting
    assert delivering.attempt(waiting.pk, now=waiting.next_attempt_at) == DeliveryState.DELIVERED
    assert types_sent(receiver) == ["item.published", "item.published"]
