"""What the signed-in person has started reading and not yet saved, on any page that lists it:
`{% open_readings_of request.user as readings %}`."""

from __future__ import annotations

from django import template

from sources.jobs import OpenReadings, open_readings

register = template.Library()


@register.simple_tag
def open_readings_of(user) -> OpenReadings:
    return open_readings(user)
