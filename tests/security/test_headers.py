"""Response headers: the Mozilla HTTP Observatory's rules, Permissions-Policy, no Server header,
and cookie settings taken from the environment.

The Observatory rules (https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring),
checked here on production settings: Content-Security-Policy without unsafe-inline or
unsafe-eval and with object-src, base-uri, frame-ancestors and form-action; cookies Secure,
HttpOnly (session) and SameSite; no CORS wildcard; HTTP redirected to HTTPS on the same host;
Referrer-Policy; HSTS of at least six months; no script from another origin (so Subresource
Integrity has nothing to cover); X-Content-Type-Options: nosniff; X-Frame-Options;
Cross-Origin-Resource-Policy.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from desk.project.headers import UNUSED_FEATURES

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
HOST = "desk.example.org"
SIX_MONTHS = 15_768_000
SAFE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}  # fmt: skip


@pytest.fixture
def production(settings):
    """The security settings production runs with (desk/project/settings.py, DEBUG off)."""
    settings.ALLOWED_HOSTS = [HOST]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return Client(HTTP_HOST=HOST)


def directives(policy: str) -> dict[str, str]:
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )


@pytest.fixture
def pages(published, briefing, editor):
    """A public page, the sign-in page, a desk page, an API answer and a 404."""
    return {
        "public": briefing.get_absolute_url(),
        "sign-in": reverse("login"),
        "api": "/api/items/",
        "missing": "/no-such-page/",
    }


def test_every_answer_follows_the_observatory_rules(production, pages):
    for name, url in pages.items():
        response = production.get(url, secure=True)
        assert response.status_code in {200, 404}, name
        policy = directives(response["Content-Security-Policy"])
        assert policy.get("default-src") in {"'self'", "'none'"}, name
        for directive in ("script-src", "style-src"):
            assert "unsafe-inline" not in policy.get(directive, "'self'"), name
            assert "unsafe-eval" not in policy.get(directive, "'self'"), name
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'", name
        assert policy["base-uri"] == "'none'" and "form-action" in policy, name
        assert response.get("Access-Control-Allow-Origin") != "*", name
        assert response["Referrer-Policy"] in SAFE_REFERRER_POLICIES, name
        max_age = re.search(r"max-age=(\d+)", response["Strict-Transport-Security"])
        assert max_age and int(max_age[1]) >= SIX_MONTHS, name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["Cross-Origin-Resource-Policy"] in {"same-origin", "same-site"}, name
        assert "Server" not in response, name


def test_plain_http_is_redirected_to_https_on_the_same_host(production, pages):
    response = production.get(pages["public"])
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}{pages['public']}"


def test_no_script_or_style_comes_from_another_origin(production, pages):
    html = production.get(pages["public"], secure=True).content.decode()
    for link in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html):
        assert link.startswith("/") and not link.startswith("//"), link


def test_cookies_are_secure_httponly_and_samesite(production, editor, password):
    production.get(reverse("login"), secure=True)
    csrf = production.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] in {"Lax", "Strict"}
    token = csrf.value
    production.post(
        reverse("login"),
        {"username": editor.username, "password": password, "csrfmiddlewaretoken": token},
        secure=True,
    )
    session = production.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] in {"Lax", "Strict"}


def test_permissions_policy_denies_every_feature_the_desk_does_not_use(client, pages):
    for url in pages.values():
        policy = client.get(url)["Permissions-Policy"]
        features = dict(part.strip().split("=", 1) for part in policy.split(","))
        assert set(features) == set(UNUSED_FEATURES)
        assert set(features.values()) == {"()"}
    assert {"camera", "microphone", "geolocation", "payment", "usb"} <= set(UNUSED_FEATURES)


def _setting(name: str, **environment) -> str:
    """A setting as the desk reads it from this environment, in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("COOKIE_SECURE")}
    env.update(environment)
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "desk.project.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.slow
@pytest.mark.parametrize("name", ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"])
def test_cookie_security_is_taken_from_the_environment(name):
    production = {"DEBUG": "0", "DESK_TESTING": "0", "SECRET_KEY": "x" * 50}
    assert _setting(name, **production) == "True"
    assert _setting(name, **production, **{name: "0"}) == "False"
    assert _setting(name, DESK_TESTING="1", **{name: "1"}) == "True"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_gunicorn_does_not_say_what_it_is(tmp_path):
    """gunicorn writes "Server: gunicorn" itself; the desk's WSGI module switches that off."""
    port = _free_port()
    # Test settings (no collected static files needed); the header is gunicorn's own business.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DESK_TESTING": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "desk.project.wsgi", "--workers", "1",
         "--bind", f"127.0.0.1:{port}", "--no-control-socket"],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    try:
        headers = None
        for _ in range(150):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/healthz")
                response = connection.getresponse()
                headers = {name.lower(): value for name, value in response.getheaders()}
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail((tmp_path / "gunicorn.log").read_text())
                time.sleep(0.2)
        assert headers is not None, "gunicorn did not answer"
        assert "server" not in headers
        assert headers["permissions-policy"].startswith("accelerometer=()")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
