"""Signing in and out, and changing one's password (django.contrib.auth's own views).

Password resets by email are left out on purpose: accounts are made by whoever runs the desk
(`manage.py adduser`), who can also reset a password (`manage.py changepassword`).
"""

from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
