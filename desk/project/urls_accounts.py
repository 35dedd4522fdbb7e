"""Signing in and out, changing one's password, and accepting an invitation (Django's views).

Password resets by e-mail are left out on purpose: people are invited by the desk's
administrators on the Team page (the first administrator with `manage.py adduser --role
administrator`), and the invitation's signed link is where a first password is chosen.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext

from desk.roles import is_administrator, is_staff_member
from desk.webhooks.access import may_manage_webhooks


class SignIn(auth_views.LoginView):
    """Django's sign-in, landing each person where their work is: the desk for editors and
    reviewers, the webhooks pages for an administrator who holds no desk role (the desk would
    only answer 403). A `next` address still wins, as in Django's own view."""

    def get_default_redirect_url(self) -> str:
        user = self.request.user
        if not is_staff_member(user) and is_administrator(user):
            return reverse("desk:team")
        if not is_staff_member(user) and may_manage_webhooks(user):
            return reverse("webhooks:endpoints")
        return super().get_default_redirect_url()


class Welcome(auth_views.PasswordResetConfirmView):
    """The invitation's link: the invited person chooses a password, then signs in. The link is
    signed over their (unusable) password, so it works once, and expires after
    PASSWORD_RESET_TIMEOUT."""

    template_name = "registration/welcome.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, gettext("Your password is set. Sign in to start working on the desk.")
        )
        return response


urlpatterns = [
    path("welcome/<uidb64>/<token>/", Welcome.as_view(), name="welcome"),
    path("login/", SignIn.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
