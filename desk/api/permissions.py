"""Who may use which endpoint: DRF's side of desk.roles and the apps' model permissions.

No rule is written here a second time: the desk's roles come from desk.roles, the library's and
the event register's from the model permissions their pages check, and the workflow's from
desk.publishing.workflow, which each transition calls.
"""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from desk.roles import is_editor, is_staff_member
from events.access import MESSAGES as EVENT_MESSAGES


class IsDeskStaff(BasePermission):
    """Editors and reviewers: the desk's own data (excerpts, comments, audit trail, topics)."""

    message = "This endpoint is for the desk's editors and reviewers."

    def has_permission(self, request, view) -> bool:
        return is_staff_member(request.user)


class IsEditor(BasePermission):
    """Editors only: making, changing and importing excerpts."""

    message = "Only editors can do this."

    def has_permission(self, request, view) -> bool:
        return is_editor(request.user)


class _HoldsPermission(BasePermission):
    permission = ""

    def has_permission(self, request, view) -> bool:
        return request.user.has_perm(self.permission)


class CanReadLibrary(_HoldsPermission):
    """The source library's own rule (sources.access): sources.view_source."""

    permission = "sources.view_source"
    message = "The source library is for the desk's editors and reviewers."


class CanReadEvents(_HoldsPermission):
    """The event register's own rule (events.access): events.view_event."""

    permission = "events.view_event"
    message = EVENT_MESSAGES["events.view_event"]


class CanReadActors(_HoldsPermission):
    """The actor register's own rule: events.view_actor."""

    permission = "events.view_actor"
    message = EVENT_MESSAGES["events.view_event"]
