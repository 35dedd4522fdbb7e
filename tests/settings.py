"""The desk's settings, with a second kind of reviewed subject installed for the tests
(tests.memos): the kernel's rules are run for every kind of subject, not only excerpts."""

from desk.project.settings import *  # noqa: F403
from desk.project.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.memos"]
