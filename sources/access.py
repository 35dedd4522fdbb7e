"""Who may use the source library: permissions, not the desk's roles, which this app never sees.

The desk's Editors and Reviewers groups hold sources.view_source; only Editors hold
sources.add_source and sources.change_source. Anonymous visitors are sent to sign in; a
signed-in user without the permission gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


def permission_required(permission: str, message: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


library_required = permission_required(
    "sources.view_source", _("The source library is for the desk's editors and reviewers.")
)
adding_required = permission_required("sources.add_source", _("Only editors can add sources."))
changing_required = permission_required(
    "sources.change_source",
    _("Only editors can change a source or import a new version of it."),
)


def can_add(user) -> bool:
    return user.has_perm("sources.add_source")


def can_change(user) -> bool:
    return user.has_perm("sources.change_source")
