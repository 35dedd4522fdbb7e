"""The desk's own pages in-process, against the database the bench (or seed_database.py) left.

    BENCH_PG_NAME=desk_mine .venv/bin/python bench/desk_pages.py [--requests N] [--queries]

For the signed-in bench reviewer: the review queue, the desk home, the sources list, the reader
of the first source, the API list of fifty and the raw values() of the same rows. Each page's
milliseconds per request (median of N, straight through Django's WSGI handler, as gunicorn's
workers call it) and its SQL queries; with --queries, each query's own time, slowest first.
The app's caches are on, as on the bench's cached server.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from bench import database as bench_database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--queries", action="store_true", help="print each query's time")
    parser.add_argument("paths", nargs="*", help="other paths than the desk's pages")
    args = parser.parse_args()

    database = bench_database.choose()
    os.environ.update(bench_database.environment(database, cache=True))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from bench.probe import VALUES_PATH
    from bench.views import API_PATH
    from sources.models import Source

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-reviewer"))
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    reader = Source.objects.order_by("pk").first().get_absolute_url()
    paths = args.paths or [
        "/desk/review/",
        "/desk/",
        "/sources/",
        reader,
        f"{API_PATH}?page_size=50",
        f"{VALUES_PATH}?page_size=50",
    ]
    handler = WSGIHandler()
    factory = RequestFactory()

    def request(path: str) -> str:
        path, _, query = path.partition("?")
        statuses = []
        environ = factory._base_environ(
            PATH_INFO=path, QUERY_STRING=query, HTTP_HOST="127.0.0.1", HTTP_COOKIE=cookie
        )
        body = handler(environ, lambda status, headers: statuses.append(status))
        b"".join(body)
        body.close()
        return statuses[0]

    print(f"{database.label}, {args.requests} requests per page")
    for path in paths:
        status = request(path)
        with CaptureQueriesContext(connection) as queries:
            request(path)
        captured = list(queries.captured_queries)
        times = []
        for _ in range(args.requests):
            began = time.perf_counter()
            request(path)
            times.append((time.perf_counter() - began) * 1000)
        print(
            f"{path:40} {status[:3]}  median {statistics.median(times):7.1f} ms  "
            f"min {min(times):7.1f} ms  {len(captured):3} queries"
        )
        if args.queries:
            for query in sorted(captured, key=lambda q: -float(q["time"])):
                print(f"    {float(query['time']) * 1000:7.2f} ms  {query['sql'][:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
