"""What each role may do in the library, the event register and the desk: the one table.

The data migration and desk.roles make the role groups; RolePermissionsBackend answers Django's
has_perm for them from this table, never from the rows an admin may have edited beside it, so
the library's and events' permission checks and the desk's roles ask one question: which roles
does this person hold.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, Q

EDITOR_PERMISSIONS = [
    "sources.view_source", "sources.add_source", "sources.change_source",
    "sources.view_sourceversion", "sources.add_sourceversion",
    "events.view_event", "events.add_event", "events.change_event",
    "events.view_actor", "events.add_actor", "events.change_actor",
    "events.view_actoralias", "events.add_actoralias", "events.change_actoralias",
    "events.view_eventactor", "events.add_eventactor", "events.change_eventactor",
    "desk.view_briefing", "desk.view_topic", "desk.add_topic",
    "desk.view_excerpt", "desk.add_excerpt", "desk.change_excerpt",
    "desk.view_excerptrevision", "desk.view_comment", "desk.add_comment",
    "desk.view_auditentry",
]  # fmt: skip
REVIEWER_PERMISSIONS = [
    "sources.view_source", "sources.view_sourceversion",
    "events.view_event", "events.view_actor", "events.view_actoralias", "events.view_eventactor",
    "desk.view_briefing", "desk.change_briefing", "desk.view_topic",
    "desk.view_excerpt", "desk.change_excerpt", "desk.view_excerptrevision",
    "desk.view_comment", "desk.add_comment", "desk.view_auditentry",
]  # fmt: skip
# Administrators run the desk: its people, its briefings and its webhooks. They write nothing
# readers see, so they hold no editor's or reviewer's permission unless given that role too.
ADMINISTRATOR_PERMISSIONS = [
    "desk.view_briefing", "desk.add_briefing", "desk.change_briefing",
    "desk.view_auditentry", "webhooks.manage_webhooks",
]  # fmt: skip
GROUPS = {
    "Editors": EDITOR_PERMISSIONS,
    "Reviewers": REVIEWER_PERMISSIONS,
    "Administrators": ADMINISTRATOR_PERMISSIONS,
}


def permission_filter(codes: set[str]) -> Q:
    """The Permission rows named by "app_label.codename" codes."""
    wanted = Q(pk__in=[])
    for code in codes:
        app_label, codename = code.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return wanted


class RolePermissionsBackend(ModelBackend):
    """Django's model backend, with a role group's permissions read from GROUPS.

    Other groups and permissions given to one person keep working as Django's own backend reads
    them; a role group's rows in the database (which the admin shows) no longer decide anything.
    """

    def _get_group_permissions(self, user_obj):
        from django.contrib.auth.models import Permission

        # One query, as Django's own backend asks: each role's permissions when the person is
        # in that role's group (an uncorrelated EXISTS), and other groups' rows as they are.
        membership = user_obj.groups.through.objects.filter(user=user_obj)
        wanted = Q(group__user=user_obj) & ~Q(group__name__in=list(GROUPS))
        for name, codes in GROUPS.items():
            wanted |= permission_filter(set(codes)) & Q(Exists(membership.filter(group__name=name)))
        return Permission.objects.filter(wanted).distinct()
