"""Profile one page in-process with pyinstrument, against the database the last bench left.

    .venv/bin/python bench/profile_page.py [PATH] [--requests N] [--signed-in] [--html FILE]

PATH defaults to the bench briefing. The settings are the bench server's (DEBUG off, caches
off unless --cache), and requests go straight to Django's WSGI handler, as gunicorn's workers
call it: the test Client would add its own template instrumentation to the profile.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench import database as bench_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default="/briefings/bench-briefing/")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--signed-in", action="store_true", help="as the bench reviewer")
    parser.add_argument("--cache", action="store_true", help="keep the app's caches on")
    parser.add_argument("--html", help="also write pyinstrument's HTML report here")
    args = parser.parse_args()

    database = bench_database.choose()
    os.environ.update(bench_database.environment(database, cache=args.cache))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    path, _, query = args.path.partition("?")
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": "127.0.0.1"}
    if args.signed_in:
        client = Client()
        client.force_login(get_user_model().objects.get(username="bench-reviewer"))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        environ["HTTP_COOKIE"] = f"{settings.SESSION_COOKIE_NAME}={session}"
    handler = WSGIHandler()
    factory = RequestFactory()
    statuses = []

    def request() -> None:
        body = handler(factory._base_environ(**environ), lambda status, h: statuses.append(status))
        b"".join(body)
        body.close()

    request()
    if not statuses[0].startswith("200"):
        print(f"{args.path} answered {statuses[0]}", file=sys.stderr)
        return 1
    with CaptureQueriesContext(connection) as queries:
        request()
    # Read now: the next request clears the connection's query log.
    query_count = len(queries)
    profiler = Profiler(interval=0.0005)
    began = time.perf_counter()
    with profiler:
        for _ in range(args.requests):
            request()
    elapsed = time.perf_counter() - began
    print(
        f"{args.path}: {args.requests} requests in {elapsed:.2f} s, "
        f"{elapsed / args.requests * 1000:.1f} ms each, {query_count} SQL queries "
        f"({database.label})"
    )
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    return 0


if __name__ == "__main__":
    sys.exit(main())
