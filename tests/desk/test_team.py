"""The team run in the product: administrators, invitations, roles, deactivation, briefings."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from desk.models import ApiToken, Briefing, Excerpt
from desk.roles import is_administrator, is_editor, is_reviewer
from desk.views.assignment import reviewers
from tests.factories import UserFactory, make_excerpt

User = get_user_model()


@pytest.fixture
def administrator(db):
    return UserFactory(username="ada", roles=["administrator"])


@pytest.mark.django_db
def test_adduser_makes_the_first_administrator(monkeypatch):
    monkeypatch.setenv("DESK_PASSWORD", "a-long-passphrase-42")
    call_command("adduser", "ada", "--role", "administrator", "--email", "ada@example.org")
    ada = User.objects.get(username="ada")
    assert is_administrator(ada) and not is_editor(ada) and not is_reviewer(ada)
    client = Client()
    client.force_login(ada)
    assert client.get("/desk/team/").status_code == 200
    # Signing in lands an administrator who holds no desk role on the Team page.
    response = Client().post(
        "/accounts/login/", {"username": "ada", "password": "a-long-passphrase-42"}
    )
    assert response["Location"] == "/desk/team/"


def test_every_team_and_briefing_page_opens_for_an_administrator(as_user, administrator):
    client = as_user(administrator)
    briefing = Briefing.objects.create(title="Borders", slug="borders")
    for url in [
        "/desk/team/",
        f"/desk/team/{administrator.pk}/",
        "/desk/briefings/",
        "/desk/briefings/new/",
        f"/desk/briefings/{briefing.slug}/edit/",
    ]:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/desk/team/{administrator.pk}/deactivate/").status_code == 405


def test_the_team_list_costs_the_same_queries_for_two_people_or_twenty(
    as_user, administrator, django_assert_num_queries
):
    client = as_user(administrator)
    client.get("/desk/team/")
    for _ in range(18):
        UserFactory(roles=["editor", "reviewer"])
    # Session, user, their groups, the people, their groups in one prefetch, recent work: each
    # person's roles are not asked one by one.
    with django_assert_num_queries(6):
        response = client.get("/desk/team/")
    assert response.content.decode().count("Editor, Reviewer") == 18


def test_an_invitation_sends_a_signed_link_that_sets_a_first_password_once(
    as_user, administrator, django_capture_on_commit_callbacks
):
    client = as_user(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/desk/team/",
            {"username": "nina", "email": "nina@example.org", "roles": ["editor"]},
        )
    assert response.status_code == 302
    nina = User.objects.get(username="nina")
    assert is_editor(nina) and not is_reviewer(nina)
    assert not nina.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nina@example.org"]
    link = re.search(r"https?://\S+/accounts/welcome/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    visitor = Client()
    form = visitor.get(f"/{path}", follow=True)
    assert "Choose a password for" in form.content.decode()
    done = visitor.post(
        form.redirect_chain[-1][0] if form.redirect_chain else f"/{path}",
        {"new_password1": "a-long-passphrase-42", "new_password2": "a-long-passphrase-42"},
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/login/"
    nina.refresh_from_db()
    assert nina.check_password("a-long-passphrase-42")
    # Used once: the link was signed over the password it replaced.
    again = Client().get(f"/{path}", follow=True)
    assert "does not work any more" in again.content.decode()


def test_an_invitation_to_a_taken_username_changes_nothing(as_user, administrator, editor):
    response = as_user(administrator).post(
        "/desk/team/", {"username": editor.username.upper(), "email": "x@example.org"}
    )
    assert response.status_code == 200
    assert "already has this username" in response.content.decode()
    assert User.objects.count() == 2 and mail.outbox == []


def test_roles_are_given_and_taken_and_nobody_takes_their_own_administration(
    as_user, administrator, editor
):
    client = as_user(administrator)
    client.post(f"/desk/team/{editor.pk}/", {"roles": ["reviewer"]})
    editor = User.objects.get(pk=editor.pk)
    assert (is_editor(editor), is_reviewer(editor)) == (False, True)
    response = client.post(f"/desk/team/{administrator.pk}/", {"roles": ["editor"]}, follow=True)
    assert "another administrator must" in response.content.decode()
    assert is_administrator(User.objects.get(pk=administrator.pk))


def test_deactivating_ends_sign_in_sessions_and_tokens_and_keeps_the_work(
    as_user, administrator, editor, reviewer
):
    excerpt = make_excerpt(editor=editor)
    _token, secret = ApiToken.issue(user=reviewer, name="script")
    their_session = as_user(reviewer)
    assert their_session.get("/desk/").status_code == 200
    assert reviewer in reviewers()

    response = as_user(administrator).post(f"/desk/team/{reviewer.pk}/deactivate/")
    assert response.status_code == 302
    reviewer.refresh_from_db()
    assert not reviewer.is_active
    assert "/accounts/login/" in their_session.get("/desk/")["Location"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/excerpts/").status_code == 401
    refused = Client().post(
        "/accounts/login/",
        {"username": reviewer.username, "password": "a-long-test-password-1"},
    )
    assert refused.status_code == 200 and "_auth_user_id" not in refused.client.session
    assert reviewer not in reviewers()
    # Their work stays, and so does someone else's.
    assert Excerpt.objects.filter(pk=excerpt.pk).exists()

    as_user(administrator).post(f"/desk/team/{reviewer.pk}/reactivate/")
    reviewer.refresh_from_db()
    assert reviewer.is_active and reviewer in reviewers()
    assert api.get("/api/excerpts/").status_code == 401  # the old token stays revoked


def test_nobody_deactivates_themselves(as_user, administrator):
    as_user(administrator).post(f"/desk/team/{administrator.pk}/deactivate/")
    administrator.refresh_from_db()
    assert administrator.is_active


def test_a_superuser_is_no_reviewer_until_given_the_role(db):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert is_administrator(superuser)
    assert not is_reviewer(superuser) and not is_editor(superuser)
    assert superuser not in reviewers()
    superuser.groups.add(Group.objects.get(name="Reviewers"))
    superuser = User.objects.get(pk=superuser.pk)
    assert is_reviewer(superuser) and superuser in reviewers()


def test_the_library_and_the_roles_ask_one_question(editor, reviewer):
    # A role group's rows in the database, edited in the admin, decide nothing: the roles'
    # table in desk.role_permissions does, so the library cannot drift from the desk.
    Group.objects.get(name="Editors").permissions.clear()
    editor = User.objects.get(pk=editor.pk)
    assert is_editor(editor) and editor.has_perm("sources.add_source")
    assert editor.has_perm("events.change_actor")
    reviewer = User.objects.get(pk=reviewer.pk)
    assert not reviewer.has_perm("sources.add_source")
    reviewer.groups.clear()
    reviewer = User.objects.get(pk=reviewer.pk)
    assert not reviewer.has_perm("sources.view_source")


def test_the_django_admin_is_for_superusers_and_deletes_nobody(superuser, administrator):
    administrator.is_staff = True
    administrator.save()
    staff = Client()
    staff.force_login(administrator)
    assert staff.get("/admin/").status_code == 302  # sent to sign in as someone who may
    root = Client()
    root.force_login(superuser)
    page = root.get(f"/admin/auth/user/{administrator.pk}/change/").content.decode()
    assert "untick Active to deactivate" in page
    assert root.get(f"/admin/auth/user/{administrator.pk}/delete/").status_code == 403


def test_a_briefing_is_made_on_the_desk_with_its_address_from_the_title(as_user, administrator):
    client = as_user(administrator)
    response = client.post(
        "/desk/briefings/new/",
        {"title": "Belarus borders", "summary": "Crossings and queues.", "slug": ""},
    )
    assert response.status_code == 302
    briefing = Briefing.objects.get()
    assert (briefing.slug, briefing.summary, briefing.is_public) == (
        "belarus-borders",
        "Crossings and queues.",
        False,  # an unticked box: private until ticked
    )
    again = client.post("/desk/briefings/new/", {"title": "Belarus borders"})
    assert "already has this address" in again.content.decode()
    assert Briefing.objects.count() == 1
    client.post(
        "/desk/briefings/belarus-borders/edit/",
        {"title": "Belarus borders", "slug": "belarus-borders", "is_public": "on"},
    )
    briefing.refresh_from_db()
    assert briefing.is_public and briefing.summary == ""


def test_editors_and_reviewers_may_not_run_the_team(as_user, editor, reviewer):
    for person in (editor, reviewer):
        client = as_user(person)
        assert (
            client.post("/desk/team/", {"username": "x", "email": "x@example.org"}).status_code
            == 403
        )
        assert client.post("/desk/briefings/new/", {"title": "X"}).status_code == 403
    assert not User.objects.filter(username="x").exists() and not Briefing.objects.exists()


def _welcome_path(message) -> str:
    link = re.search(r"https?://\S+/accounts/welcome/\S+/", message.body).group(0)
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def _works(path: str) -> bool:
    return "Choose a password for" in Client().get(path, follow=True).content.decode()


def test_an_unused_invitation_is_sent_again_with_a_new_link_and_the_old_one_stops(
    as_user, administrator, django_capture_on_commit_callbacks
):
    client = as_user(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/desk/team/", {"username": "nina", "email": "nina@example.org"})
    nina = User.objects.get(username="nina")
    first = _welcome_path(mail.outbox[0])
    page = client.get(f"/desk/team/{nina.pk}/").content.decode()
    assert "Send the invitation again" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/desk/team/{nina.pk}/invite-again/")
    assert response.status_code == 302
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["nina@example.org"]
    second = _welcome_path(mail.outbox[1])
    assert second != first
    assert (
        "Invitation sent again to nina@example.org"
        in client.get(response["Location"]).content.decode()
    )
    # Only the newest link works: a forwarded or leaked old one no longer sets a password.
    assert not _works(first)
    assert _works(second)


def test_an_invitation_already_used_is_not_sent_again(
    as_user, administrator, editor, django_capture_on_commit_callbacks
):
    client = as_user(administrator)
    assert (
        "Send the invitation again" not in client.get(f"/desk/team/{editor.pk}/").content.decode()
    )
    password = editor.password
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/desk/team/{editor.pk}/invite-again/", follow=True)
    assert "has chosen a password already" in response.content.decode()
    assert mail.outbox == []
    editor.refresh_from_db()
    assert editor.password == password and editor.has_usable_password()


def test_only_administrators_send_an_invitation_again(as_user, editor, reviewer):
    nina = UserFactory(username="nina")
    nina.set_unusable_password()
    nina.save()
    for person in (editor, reviewer):
        assert as_user(person).post(f"/desk/team/{nina.pk}/invite-again/").status_code == 403
    assert mail.outbox == []


def test_recent_work_names_states_in_the_editors_words(as_user, administrator, editor, reviewer):
    from desk.publishing.states import Action
    from desk.publishing.workflow import perform

    excerpt = perform(make_excerpt(editor=editor), Action.SUBMIT, editor)
    perform(excerpt, Action.REQUEST_CHANGES, reviewer, comment="Check the date.")
    client = as_user(administrator)
    for url in ["/desk/team/", f"/desk/team/{reviewer.pk}/"]:
        page = client.get(url).content.decode()
        assert "Changes requested" in page, url
        assert "changes_requested" not in page, url
