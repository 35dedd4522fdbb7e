"""Accounts: the adduser command and signing in under /accounts/."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse

from desk.roles import is_editor, is_reviewer


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "editor", "reviewer"),
    [("editor", True, False), ("reviewer", False, True), ("both", True, True)],
)
def test_adduser_gives_the_role(monkeypatch, role, editor, reviewer):
    monkeypatch.setenv("DESK_PASSWORD", "a-long-passphrase-42")
    call_command("adduser", "nina", "--role", role, "--email", "nina@example.org")
    user = get_user_model().objects.get(username="nina")
    assert (is_editor(user), is_reviewer(user), user.email) == (
        editor,
        reviewer,
        "nina@example.org",
    )
    assert user.check_password("a-long-passphrase-42")


@pytest.mark.django_db
def test_adduser_refuses_a_weak_password_and_creates_nobody(monkeypatch):
    monkeypatch.setenv("DESK_PASSWORD", "123")
    with pytest.raises(CommandError, match="password was refused"):
        call_command("adduser", "nina", "--role", "editor")
    assert not get_user_model().objects.filter(username="nina").exists()


@pytest.mark.django_db
def test_adduser_refuses_an_existing_name(monkeypatch, editor):
    monkeypatch.setenv("DESK_PASSWORD", "a-long-passphrase-42")
    with pytest.raises(CommandError, match="already exists"):
        call_command("adduser", editor.username, "--role", "reviewer")


@pytest.mark.django_db
def test_adduser_prompts_when_no_environment_password(monkeypatch):
    monkeypatch.delenv("DESK_PASSWORD", raising=False)
    answers = iter(["a-long-passphrase-42", "a-long-passphrase-42"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("adduser", "nina", "--role", "editor")
    assert get_user_model().objects.get(username="nina").check_password("a-long-passphrase-42")


@pytest.mark.django_db
def test_adduser_rejects_an_unknown_role():
    with pytest.raises(CommandError):
        call_command("adduser", "nina", "--role", "boss")


def test_sign_in_and_out(client, editor, password):
    response = client.post(reverse("login"), {"username": editor.username, "password": password})
    assert response.status_code == 302 and response["Location"] == reverse("desk:home")
    assert client.get(reverse("desk:home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("desk:home")).status_code == 302


def test_a_wrong_password_says_so(client, editor):
    response = client.post(reverse("login"), {"username": editor.username, "password": "wrong"})
    assert "did not match" in response.content.decode()


def test_password_change_page(client, editor):
    client.force_login(editor)
    assert client.get(reverse("password_change")).status_code == 200


@pytest.mark.django_db
def test_groups_carry_the_permissions_each_role_needs():
    from django.contrib.auth.models import Group

    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    reviewers = set(
        Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True)
    )
    assert {"add_excerpt", "add_source", "view_source"} <= editors
    assert "add_excerpt" not in reviewers and {"view_source", "change_excerpt"} <= reviewers
