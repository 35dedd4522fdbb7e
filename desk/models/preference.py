"""What each person wants from the desk, such as email notifications."""

from django.conf import settings
from django.db import models


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_preference"
    )
    email_notifications = models.BooleanField(
        "email me about reviews",
        default=True,
        help_text=(
            "Reviewers: when something is submitted. "
            "Editors: when a decision is made on your excerpt."
        ),
    )

    def __str__(self) -> str:
        return f"Preferences of {self.user}"
