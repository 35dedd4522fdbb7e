"""Readers by e-mail: subscriptions to a briefing, confirmed twice, and the digests they receive.

A reader asks on a small page of their own (never the cached briefing page, which carries no
CSRF token); a confirmation link, signed and expiring, turns the request into a subscription;
a periodic background task sends each confirmed subscriber, daily or weekly, one message with
what readers could newly see in that briefing. Addresses stay on the server: no page, API,
export, feed or log line shows them, and each message is addressed to its one reader.
"""
