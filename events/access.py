"""Who may open which events page: sign-in first, then the model permission the page needs.

The events app knows nothing of the desk's roles; the Editors and Reviewers groups are given
these permissions. Anonymous visitors are sent to sign in; a signed-in user without the
permission gets 403.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "events.view_event": _("Events and actors are for the desk's editors and reviewers."),
    "events.add_event": _("Only editors can record events."),
    "events.change_event": _("Only editors can change events."),
    "events.add_actor": _("Only editors can add actors."),
    "events.change_actor": _("Only editors can change or merge actors."),
}


def permission_needed(permission: str):
    """Sign in, then hold this permission (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied(MESSAGES.get(permission, _("You may not do this.")))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_only = permission_needed("events.view_event")
