"""The desk's two roles, as Django groups: who counts as an editor or a reviewer."""

from __future__ import annotations

from desk.states import Role

EDITORS_GROUP = "Editors"
REVIEWERS_GROUP = "Reviewers"
GROUP_FOR_ROLE = {Role.EDITOR: EDITORS_GROUP, Role.REVIEWER: REVIEWERS_GROUP}


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
    """Superusers hold both roles; everyone else holds the roles of their groups."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or GROUP_FOR_ROLE[role] in _group_names(user)


def is_editor(user) -> bool:
    return has_role(user, Role.EDITOR)


def is_reviewer(user) -> bool:
    return has_role(user, Role.REVIEWER)


def is_staff_member(user) -> bool:
    """Anyone who works on the desk: editors and reviewers."""
    return is_editor(user) or is_reviewer(user)
