"""Who may manage webhooks: the desk's administrators, not its editors and reviewers.

An endpoint receives every published item and holds a secret that signs in the desk's name, so
registering one is an administrator's act: someone with access to the admin site (is_staff) who
holds the "Can register and manage webhook endpoints" permission; superusers hold it. Anyone else
signed in gets 403 (they know the desk exists); anonymous visitors are sent to sign in.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from desk.project.logs import security_event
from desk.roles import is_administrator

PERMISSION = "webhooks.manage_webhooks"


def may_manage_webhooks(user) -> bool:
    # The desk's Administrator role (given on the Team page) is the one question; the older
    # way, staff holding the permission, keeps working for deployments set up before it.
    if is_administrator(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.is_staff
        and user.has_perm(PERMISSION)
    )


def webhooks_admin_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not may_manage_webhooks(request.user):
            security_event("permission_refused", request, username=request.user.get_username())
            raise PermissionDenied(_("Webhooks are managed by the desk's administrators."))
        return view(request, *args, **kwargs)

    return wrapped


def webhooks_link(request) -> dict:
    """Template context: whether the navigation offers the webhooks pages."""
    return {"may_manage_webhooks": may_manage_webhooks(getattr(request, "user", None))}
