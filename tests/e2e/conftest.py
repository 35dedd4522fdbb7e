"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os

import pytest

# The live server runs in a thread while Playwright's sync API holds an event loop in this one.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Never download a browser: use the system one, with the flags this network needs.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def sign_in(live_server):
    """Sign in through the login form, as a person would."""

    def sign_in(page, username: str, password: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        # On a phone the words stand in the folded account menu: there, but not in sight.
        page.get_by_text(f"Signed in as {username}").wait_for(state="attached")

    return sign_in


@pytest.fixture
def sign_out():
    def sign_out(page) -> None:
        menu = page.locator("header summary", has_text="Menu")
        if menu.is_visible():  # a phone: the account's links are behind "Menu"
            menu.click()
        page.get_by_role("button", name="Sign out").click()

    return sign_out
