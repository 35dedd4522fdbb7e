"""The project around the editorial desk: settings, URLs, the WSGI/ASGI entry points, and the
runtime every request passes through (environment, logs, headers, proxies, the site's URL, the
interface language and time zone, sign-in lockouts, backups). Nothing editorial lives here."""
