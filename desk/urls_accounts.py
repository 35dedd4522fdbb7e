"""Signing in and out, and changing one's password (django.contrib.auth's own views).

Password resets by email are left out on purpose: accounts are made by whoever runs the desk
(`manage.py adduser`), who can also reset a password (`manage.py changepassword`).
"""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse

from desk.roles import is_staff_member
from desk.webhooks.access import may_manage_webhooks


class SignIn(auth_views.LoginView):
    """Django's sign-in, landing each person where their work is: the desk for editors and
    reviewers, the webhooks pages for an administrator who holds no desk role (the desk would
    only answer 403). A `next` address still wins, as in Django's own view."""

    def get_default_redirect_url(self) -> str:
        user = self.request.user
        if not is_staff_member(user) and may_manage_webhooks(user):
            return reverse("webhooks:endpoints")
        return super().get_default_redirect_url()


urlpatterns = [
    path("login/", SignIn.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
