"""Create a desk user with a role: editor, reviewer, both, or administrator.

The first administrator of a new desk is made here (`manage.py adduser NAME --role
administrator`); from then on they invite everyone else on the Team page.
"""

from __future__ import annotations

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from desk.roles import ADMINISTRATORS_GROUP, EDITORS_GROUP, REVIEWERS_GROUP

GROUPS_FOR = {
    "editor": [EDITORS_GROUP],
    "reviewer": [REVIEWERS_GROUP],
    "both": [EDITORS_GROUP, REVIEWERS_GROUP],
    "administrator": [ADMINISTRATORS_GROUP],
}


class Command(BaseCommand):
    help = (
        "Create a user with a desk role. The password is prompted for, or read from DESK_PASSWORD."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(GROUPS_FOR))
        parser.add_argument("--email", default="")

    def handle(self, *args, username: str, role: str, email: str, **options) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named “{username}” already exists.")
        password = os.environ.get("DESK_PASSWORD") or self._prompt()
        user = User(username=username, email=email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password was refused: " + " ".join(error.messages)) from None
        with transaction.atomic():
            user.set_password(password)
            user.save()
            user.groups.set(Group.objects.filter(name__in=GROUPS_FOR[role]))
        self.stdout.write(self.style.SUCCESS(f"Created {username} ({role})."))

    def _prompt(self) -> str:
        try:
            first = getpass.getpass("Password: ")
            second = getpass.getpass("Password (again): ")
        except (EOFError, KeyboardInterrupt):
            raise CommandError("No password given (set DESK_PASSWORD for scripts).") from None
        if first != second:
            raise CommandError("The two passwords differ.")
        return first
