"""Reading an e-mail (.eml, or Outlook's .msg): its text, and its sender, date and subject as
the source's author, publication date and title.

Press releases and statements arrive by e-mail: the message body is the text; an HTML-only
message is reduced to its text as a web page would be. Attachments are not read.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
from datetime import datetime
from io import BytesIO

from django.utils.translation import gettext

from sources.documents import read_html, read_plain
from sources.importing import ImportRefused, PreparedText, SourceMetadata


def _sender(value: str) -> str:
    """The sender as people name them: the display name, else the address."""
    name, address = email.utils.parseaddr(value or "")
    return " ".join((name or address).split())[:500]


def _day(value: datetime | None) -> str:
    return value.date().isoformat() if value else ""


def _prepared(
    *, name: str, subject: str, sender: str, sent: datetime | None, plain: str, html: str
) -> PreparedText:
    if plain.strip():
        prepared = read_plain(plain, imported_from=name)
    elif html.strip():
        prepared = read_html(html, name=name, imported_from=name)
    else:
        raise ImportRefused(gettext("%(name)s has no text in its body.") % {"name": name})
    prepared.metadata = SourceMetadata(
        title=" ".join(subject.split())[:500],
        author=sender,
        published=_day(sent),
        note=f"E-mail from {sender}." if sender else "",
    )
    return prepared


def read_eml(data: bytes, *, name: str) -> PreparedText:
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not (message["From"] or message["Subject"] or message["Date"]):
        raise ImportRefused(
            gettext("%(name)s is not an e-mail: it has no sender, subject or date.")
            % {"name": name}
        )
    try:
        sent = email.utils.parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        sent = None
    plain = html = ""
    part = message.get_body(preferencelist=("plain",))
    if part is not None:
        plain = part.get_content()
    part = message.get_body(preferencelist=("html",))
    if part is not None and not plain.strip():
        html = part.get_content()
    return _prepared(
        name=name,
        subject=str(message["Subject"] or ""),
        sender=_sender(str(message["From"] or "")),
        sent=sent,
        plain=plain,
        html=html,
    )


def read_msg(data: bytes, *, name: str) -> PreparedText:
    import extract_msg

    try:
        message = extract_msg.openMsg(BytesIO(data).getvalue())
    except Exception:  # extract-msg raises many kinds for a file it cannot parse.
        raise ImportRefused(
            gettext("%(name)s is not an Outlook message the desk can read.") % {"name": name}
        ) from None
    try:
        html = message.htmlBody or b""
        if isinstance(html, bytes):
            html = html.decode("utf-8", errors="replace")
        sent = message.date if isinstance(message.date, datetime) else None
        return _prepared(
            name=name,
            subject=message.subject or "",
            sender=_sender(message.sender or ""),
            sent=sent,
            plain=message.body or "",
            html=html,
        )
    finally:
        message.close()
