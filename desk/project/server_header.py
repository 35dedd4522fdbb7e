"""gunicorn without its Server header: an answer need not say which software sent it.

gunicorn writes "Server: gunicorn" itself, after the application has answered, so no Django
middleware can remove it. desk/project/wsgi.py calls `hide()` when it is loaded; it changes
nothing when another server runs the desk.
"""

from __future__ import annotations

import sys


def hide() -> bool:
    """Stop gunicorn from sending a Server header; False when gunicorn is not serving."""
    if "gunicorn" not in sys.modules:
        return False
    from gunicorn.http import wsgi

    base = wsgi.Response
    if getattr(base, "desk_hides_server", False):
        return True

    class Response(base):
        desk_hides_server = True

        def default_headers(self):
            return [line for line in super().default_headers() if not line.startswith("Server:")]

    wsgi.Response = Response
    return True
