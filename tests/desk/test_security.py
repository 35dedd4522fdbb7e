"""Security settings and accounts: CSP, deploy checks, lockout, session rotation, logs."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_carries_a_strict_content_security_policy(client, published, briefing):
    policy = client.get(briefing.get_absolute_url())["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style|\sstyle=", re.IGNORECASE)


def test_templates_hold_no_inline_script_or_style():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if INLINE_SCRIPT.search(path.read_text(encoding="utf-8"))
        or INLINE_STYLE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.slow
def test_check_deploy_passes_with_production_settings():
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "DESK_TESTING",
            "DATABASE_URL",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DEBUG="0",
        DESK_TESTING="0",
        SECRET_KEY="k3Jq-9vXz_ab7P2mWc8YrT1nL5sD0fG4hUeQiO6wAxZyBvNm-Rt8Ks2Lp",
        ALLOWED_HOSTS="desk.example.org",
        DATABASE_URL=f"sqlite:///{ROOT / 'var' / 'deploy-check.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_login_rotates_the_session_key(client, editor, password):
    client.get(reverse("login"))
    client.session["marker"] = "before"
    before = client.cookies.get("sessionid")
    client.post(reverse("login"), {"username": editor.username, "password": password})
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after


def test_repeated_failures_lock_out_with_a_clear_message(client, editor, password, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": editor.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": editor.username, "password": password})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_for_that_user_only(client, editor, editor2, password, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(reverse("login"), {"username": editor.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": editor2.username, "password": password})
    assert response.status_code == 302


def test_failed_logins_and_refusals_are_logged_as_security_events(
    client, as_user, editor, outsider, caplog
):
    with caplog.at_level(logging.INFO, logger="desk.security"):
        client.post(reverse("login"), {"username": editor.username, "password": "wrong"})
        as_user(outsider).get(reverse("desk:home"))
    events = [getattr(record, "event", None) for record in caplog.records]
    assert "login_failed" in events and "permission_refused" in events


def test_json_log_lines_carry_the_event_fields():
    from desk.project.logs import JsonFormatter

    record = logging.LogRecord("desk.security", logging.WARNING, __file__, 1, "lockout", (), None)
    record.event, record.username = "lockout", "edna"
    line = json.loads(JsonFormatter().format(record))
    assert line["event"] == "lockout" and line["username"] == "edna" and line["level"] == "WARNING"


def test_passwords_are_hashed_with_argon2(settings, django_user_model):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    user = django_user_model.objects.create_user("hashy", password="a-long-passphrase-42")
    assert user.password.startswith("argon2$")


def test_readyz_checks_the_database(client, db):
    assert client.get("/readyz").json() == {"ready": True}
    assert client.get("/healthz").content == b"ok"


@pytest.mark.parametrize("url", ["/desk/", "/sources/", "/events/"])
def test_staff_areas_send_readers_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
