"""Structured logs: one JSON object per line, and the security events the desk reports."""

from __future__ import annotations

import json
import logging

from django.contrib.auth.signals import user_logged_in, user_login_failed

from desk.project.client_address import client_address

security = logging.getLogger("desk.security")

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


def logging_settings(*, log_format: str, level: str) -> dict:
    """Django's LOGGING: everything to the console, as plain lines or one JSON object per line
    (what log collectors read without guessing), at `level`."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
            "json": {"()": "desk.project.logs.JsonFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            # Django's own loggers follow the level too (its defaults would log errors anyway).
            "django": {"level": level},
            # django-axes reports every login at INFO; the desk logs its own security events.
            "axes": {"level": "WARNING"},
        },
    }


class JsonFormatter(logging.Formatter):
    """A log record as JSON: time, level, logger, message and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


def security_event(event: str, request=None, **fields) -> None:
    """Record a security event (failed login, lockout, refused permission) for the logs."""
    path = request.path if request is not None else ""
    security.warning(
        event, extra={"event": event, "address": client_address(request), "path": path, **fields}
    )


def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    security_event("login_failed", request, username=str(credentials.get("username", ""))[:150])


def _logged_in(sender, request, user, **kwargs) -> None:
    security.info(
        "login",
        extra={
            "event": "login",
            "username": user.get_username(),
            "address": client_address(request),
        },
    )


def connect() -> None:
    from axes.signals import user_locked_out

    user_login_failed.connect(_login_failed, dispatch_uid="desk-login-failed")
    user_logged_in.connect(_logged_in, dispatch_uid="desk-logged-in")
    user_locked_out.connect(
        lambda sender, request, username, ip_address, **kw: security_event(
            "lockout", request, username=str(username or "")[:150]
        ),
        dispatch_uid="desk-locked-out",
        weak=False,
    )
