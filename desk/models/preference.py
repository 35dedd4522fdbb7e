"""What each person wants from the desk: email notifications, the time zone they work in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_preference"
    )
    email_notifications = models.BooleanField(
        _("email me about reviews"),
        default=True,
        help_text=_(
            "Reviewers: when something is submitted. "
            "Editors: when a decision is made on your excerpt."
        ),
    )

    # Empty: the zone of the browser in use. A name: that IANA zone, wherever they are.
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        help_text=_("Times on the desk are shown, and scheduling is read, in this zone."),
    )

    def __str__(self) -> str:
        return f"Preferences of {self.user}"
