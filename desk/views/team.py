"""The Team page: the desk's administrators invite people, give and take roles, deactivate.

Nobody is deleted: an excerpt, its revisions and the audit trail name the people who made them,
so someone who leaves is deactivated instead. They can no longer sign in (Django refuses an
inactive user's session on the next request), their API tokens are revoked, and the lists that
offer people to assign leave them out; their work and its history stay as they were.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from desk.access import administrator_required
from desk.models import ApiToken, AuditEntry
from desk.project.site_url import absolute
from desk.roles import TEAM_ROLES, team_roles_of

RECENT_WORK = 30

ROLE_CHOICES = [(role, label) for role, (_group, label, _what) in TEAM_ROLES.items()]


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(
            choices=ROLE_CHOICES,
            label=_("Roles"),
            required=False,
            help_text=_(
                "Editors make excerpts; reviewers approve and publish them; administrators run "
                "the desk. Someone can hold several."
            ),
            **kwargs,
        )


class InviteForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[get_user_model().username_validator],
        help_text=_("What they sign in with: letters, digits and @.+-_ only."),
    )
    email = forms.EmailField(label=_("E-mail address"), help_text=_("The invitation is sent here."))
    roles = RolesField()

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Someone on the desk already has this username."))
        return username


class PersonRolesForm(forms.Form):
    roles = RolesField()


def _set_roles(person, roles: list[str]) -> None:
    """Give exactly these team roles; groups that are not roles are left as they are."""
    role_groups = [group for group, _label, _what in TEAM_ROLES.values()]
    kept = list(person.groups.exclude(name__in=role_groups))
    wanted = list(Group.objects.filter(name__in=[TEAM_ROLES[role][0] for role in roles]))
    person.groups.set(kept + wanted)
    person.__dict__.pop("_desk_group_names", None)


def invitation_link(person) -> str:
    """A signed link to set a first password; it expires after PASSWORD_RESET_TIMEOUT and works
    once (setting the password changes what it was signed over)."""
    path = reverse(
        "welcome",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return absolute(path)


def _send_invitation(person, inviter) -> None:
    context = {"person": person, "inviter": inviter, "link": invitation_link(person)}
    send_mail(
        subject=gettext("You are invited to the Briefing Desk"),
        message=render_to_string("desk/team/invitation_email.txt", context),
        from_email=None,
        recipient_list=[person.email],
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest) -> HttpResponse:
    """Everyone on the desk with their roles, the invitation form, and the latest work."""
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            person = get_user_model()(
                username=form.cleaned_data["username"], email=form.cleaned_data["email"]
            )
            # No password until they choose one through the invitation.
            person.set_unusable_password()
            person.save()
            _set_roles(person, form.cleaned_data["roles"])
            transaction.on_commit(lambda: _send_invitation(person, request.user), robust=True)
        messages.success(
            request,
            gettext("Invitation sent to %(email)s. The link works for %(days)s days.")
            % {"email": person.email, "days": _invitation_days()},
        )
        return redirect("desk:team")
    people = get_user_model().objects.prefetch_related("groups").order_by("username")
    rows = [{"person": person, "roles": _role_labels(person)} for person in people]
    recent = AuditEntry.objects.select_related("actor", "excerpt__current_revision").order_by(
        "-at", "-pk"
    )[:RECENT_WORK]
    return render(
        request,
        "desk/team/team.html",
        {
            "form": form,
            "active": [row for row in rows if row["person"].is_active],
            "inactive": [row for row in rows if not row["person"].is_active],
            "recent": recent,
        },
    )


def _invitation_days() -> int:
    from django.conf import settings

    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def _role_labels(person) -> list[str]:
    # From the prefetched groups: one query for everyone's roles, not one a person.
    names = {group.name for group in person.groups.all()}
    return [str(label) for group, label, _what in TEAM_ROLES.values() if group in names]


@administrator_required
@require_http_methods(["GET", "POST"])
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """One person: their roles, to change, and what they did lately."""
    person = get_object_or_404(get_user_model(), pk=pk)
    form = PersonRolesForm(
        request.POST if request.method == "POST" else None,
        initial={"roles": team_roles_of(person)},
    )
    if request.method == "POST" and form.is_valid():
        roles = form.cleaned_data["roles"]
        if person == request.user and "administrator" not in roles and not person.is_superuser:
            messages.error(
                request,
                gettext("You cannot take your own administrator role: another administrator must."),
            )
            return redirect("desk:team_person", pk=person.pk)
        _set_roles(person, roles)
        messages.success(request, gettext("Roles of %(name)s saved.") % {"name": person})
        return redirect("desk:team_person", pk=person.pk)
    work = (
        AuditEntry.objects.filter(actor=person)
        .select_related("excerpt__current_revision")
        .order_by("-at", "-pk")[:RECENT_WORK]
    )
    tokens = ApiToken.objects.active().filter(user=person).count()
    return render(
        request,
        "desk/team/person.html",
        {
            "person": person,
            "form": form,
            "work": work,
            "active_tokens": tokens,
            "invitation_unused": _invitation_unused(person),
        },
    )


def _invitation_unused(person) -> bool:
    """Invited and never signed in: with no password chosen, the invitation is the way in."""
    return person.is_active and not person.has_usable_password() and person.last_login is None


@administrator_required
@require_POST
def invite_again(request: HttpRequest, pk: int) -> HttpResponse:
    """A new invitation link for someone who has not used theirs; the old link stops working."""
    person = get_object_or_404(get_user_model(), pk=pk)
    if not _invitation_unused(person):
        messages.error(
            request,
            gettext("%(name)s has chosen a password already: there is no invitation to send.")
            % {"name": person},
        )
        return redirect("desk:team_person", pk=person.pk)
    with transaction.atomic():
        # The link is signed over the password field: a new unusable one voids every earlier
        # link, so a lost or forwarded invitation cannot be used once a new one is sent.
        person.set_unusable_password()
        person.save(update_fields=["password"])
        transaction.on_commit(lambda: _send_invitation(person, request.user), robust=True)
    messages.success(
        request,
        gettext(
            "Invitation sent again to %(email)s, with a new link that works for %(days)s days. "
            "The earlier link no longer works."
        )
        % {"email": person.email, "days": _invitation_days()},
    )
    return redirect("desk:team_person", pk=person.pk)


@administrator_required
@require_POST
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), pk=pk)
    if person == request.user:
        messages.error(request, gettext("You cannot deactivate yourself."))
        return redirect("desk:team_person", pk=person.pk)
    with transaction.atomic():
        person.is_active = False
        person.save(update_fields=["is_active"])
        for token in ApiToken.objects.active().filter(user=person):
            token.revoke()
    messages.success(
        request,
        gettext(
            "%(name)s is deactivated: they can no longer sign in or use the API. "
            "Their work and its history stay."
        )
        % {"name": person},
    )
    return redirect("desk:team_person", pk=person.pk)


@administrator_required
@require_POST
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), pk=pk)
    person.is_active = True
    person.save(update_fields=["is_active"])
    messages.success(
        request,
        gettext("%(name)s can sign in again. Their old API tokens stay revoked.")
        % {"name": person},
    )
    return redirect("desk:team_person", pk=person.pk)
