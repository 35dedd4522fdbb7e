"""Who may open which desk page: sign-in first, then the role the page needs.

Anonymous visitors are sent to sign in; a signed-in user without the role gets 403, because they
know the desk exists but may not act there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from desk.project.logs import security_event
from desk.roles import is_administrator, is_editor, is_reviewer, is_staff_member


def _role_required(check: Callable, message: str):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                security_event("permission_refused", request, username=request.user.get_username())
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = _role_required(
    is_staff_member, _("This page is for the desk's editors and reviewers.")
)
editor_required = _role_required(is_editor, _("Only editors can do this."))
reviewer_required = _role_required(is_reviewer, _("Only reviewers can do this."))
administrator_required = _role_required(
    is_administrator, _("Only the desk's administrators can do this.")
)
