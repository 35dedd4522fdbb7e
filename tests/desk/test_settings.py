"""Settings come from the environment and refuse what makes no sense."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from desk.project.environment import env_bool, env_int, env_list

# Most of these start Python in another process, as a server would start: seconds, not milliseconds.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def clean_environment() -> dict[str, str]:
    """This process's environment without anything that chooses the desk's configuration."""
    chosen = {"DEBUG", "SECRET_KEY", "DESK_TESTING", "ALLOWED_HOSTS", "DATABASE_URL"}
    return {k: v for k, v in os.environ.items() if k not in chosen}


def run_settings(
    code: str = "import desk.project.settings as s; print(s.DATABASES['default']['ENGINE'])", **env
) -> subprocess.CompletedProcess:
    """Run Python in a fresh process with exactly this environment (default: load settings)."""
    clean = clean_environment()
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DESK_TESTING": "0", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


SERVE = "import desk.project.wsgi"


@pytest.mark.slow
def test_production_without_a_secret_key_refuses_to_serve():
    result = run_settings(SERVE, DEBUG="0", ALLOWED_HOSTS="desk.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_production_without_allowed_hosts_refuses_to_serve():
    result = run_settings(SERVE, DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must list" in result.stderr


@pytest.mark.slow
def test_the_asgi_entry_point_refuses_too():
    result = run_settings("import desk.project.asgi", DEBUG="0", ALLOWED_HOSTS="desk.example.org")
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_check_deploy_names_a_missing_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={
            **clean_environment(),
            "DESK_TESTING": "0",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "d.example.org",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "desk.E001" in result.stderr and "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_commands_that_serve_nothing_run_without_secrets():
    """makemigrations --check needs no SECRET_KEY, so a bare checkout can run it."""
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env={**clean_environment(), "DESK_TESTING": "0"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_a_malformed_debug_value_is_an_error():
    result = run_settings(DEBUG="maybe")
    assert "DEBUG='maybe' is not a yes/no value" in result.stderr


def test_database_url_selects_postgresql():
    result = run_settings(DEBUG="1", DATABASE_URL="postgres://u@db.example.org:5432/desk")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_production_settings_load_with_what_they_need():
    result = run_settings(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="desk.example.org")
    assert result.returncode == 0, result.stderr


def test_sqlite_is_the_default():
    result = run_settings(DEBUG="1")
    assert result.stdout.strip() == "django.db.backends.sqlite3"


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("yes", True), ("off", False), ("0", False)]
)
def test_env_bool(monkeypatch, raw, expected):
    monkeypatch.setenv("FLAG", raw)
    assert env_bool("FLAG", default=not expected) is expected


def test_env_int_refuses_words(monkeypatch):
    monkeypatch.setenv("NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("NUMBER", default=1)


def test_env_list(monkeypatch):
    monkeypatch.setenv("HOSTS", "a.org, b.org,,")
    assert env_list("HOSTS", default=[]) == ["a.org", "b.org"]


def test_argon2_is_the_production_password_hasher():
    from desk.project import settings as module

    assert module.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert settings.ROOT_URLCONF == "desk.project.urls"
