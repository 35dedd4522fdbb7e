"""The desk's roles, as Django groups: who counts as an editor, a reviewer or an administrator.

Editors and reviewers work on excerpts (desk.publishing.states.Role); administrators run the desk
itself: its people, briefings and webhooks. What each role may do in the library and the event
register is read from the same groups (desk.role_permissions), so there is one question: which
roles.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from desk.publishing.states import Role

EDITORS_GROUP = "Editors"
REVIEWERS_GROUP = "Reviewers"
ADMINISTRATORS_GROUP = "Administrators"
GROUP_FOR_ROLE = {Role.EDITOR: EDITORS_GROUP, Role.REVIEWER: REVIEWERS_GROUP}
# The roles the Team page gives and takes, in the editors' words.
TEAM_ROLES = {
    "editor": (EDITORS_GROUP, _("Editor"), _("Makes excerpts and annotations, adds sources.")),
    "reviewer": (REVIEWERS_GROUP, _("Reviewer"), _("Approves, schedules and publishes.")),
    "administrator": (
        ADMINISTRATORS_GROUP,
        _("Administrator"),
        _("Invites people, gives roles, makes briefings, manages webhooks."),
    ),
}


def ensure_role_groups(**kwargs) -> None:
    """Make the role groups if they are missing, with their permissions.

    The groups are made by a data migration; this runs after every migrate and flush too (a
    post_migrate receiver), so a database emptied by `flush`, as transactional tests do, still
    has its roles.
    """
    from django.contrib.auth.models import Group, Permission

    from desk import role_permissions

    for name, codes in role_permissions.GROUPS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created or not group.permissions.exists():
            wanted = [code.split(".") for code in codes]
            permissions = [
                p
                for p in Permission.objects.select_related("content_type")
                if [p.content_type.app_label, p.codename] in wanted
            ]
            group.permissions.set(permissions)


def _group_names(user) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_desk_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._desk_group_names = cached
    return cached


def has_role(user, role: Role) -> bool:
    """Everyone holds the roles of their groups, superusers too: a superuser runs Django's admin
    and is counted as an editor or reviewer (offered work, counted for four eyes) only when
    given that role."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return GROUP_FOR_ROLE[role] in _group_names(user)


def is_editor(user) -> bool:
    return has_role(user, Role.EDITOR)


def is_reviewer(user) -> bool:
    return has_role(user, Role.REVIEWER)


def is_administrator(user) -> bool:
    """Administrators of the desk; superusers, who can do anything in Django's admin, too."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or ADMINISTRATORS_GROUP in _group_names(user)


def team_roles_of(user) -> list[str]:
    """The Team page's names of the roles this person holds ("editor", "reviewer", …)."""
    names = _group_names(user) if getattr(user, "pk", None) else frozenset()
    return [role for role, (group, *_words) in TEAM_ROLES.items() if group in names]


def is_staff_member(user) -> bool:
    """Anyone who works on the desk: editors and reviewers."""
    return is_editor(user) or is_reviewer(user)
