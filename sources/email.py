"""Reading an e-mail (.eml, or Outlook's .msg): its text, and its sender, date and subject as
the source's author, publication date and title.

Press releases and statements arrive by e-mail: the message body is the text; an HTML-only
message is reduced to its text as a web page would be. Attachments are not read.
"""

from __future__ import annotations

import email
import email.message
import email.policy
import email.utils
import re
from datetime import datetime
from io import BytesIO

from django.utils.translation import gettext

from sources.authors import as_lines, read_name
from sources.documents import read_html
from sources.importing import ImportRefused, PreparedText, SourceMetadata, size_in_words
from sources.letters import letter_lines


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
        text, kinds = letter_lines(plain)
        prepared = PreparedText(text, SourceMetadata(), kinds, name)
    elif html.strip():
        prepared = read_html(html, name=name, imported_from=name)
    else:
        raise ImportRefused(gettext("%(name)s has no text in its body.") % {"name": name})
    prepared.metadata = SourceMetadata(
        title=" ".join(subject.split())[:500],
        # One sender, one author: a display name is never a list.
        author=as_lines(filter(None, [read_name(sender)])),
        published=_day(sent),
        note=f"E-mail from {sender}." if sender else "",
    )
    return prepared


# Python's e-mail package parses a header in time and memory that grow with the square of its
# length (a 64 KB encoded subject: 140 MB; 280 KB: 2.8 GB), and nests a generator per MIME level
# (1,000 levels overflow its stack; 200 take a second). Real messages are far inside these.
MAX_HEADER_BYTES = 16 * 1024
MAX_HEADERS = 500
MAX_HEADER_SECTION_BYTES = 256 * 1024
MAX_CONTAINERS = 50
MAX_DEPTH = 20
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_CONTAINER = re.compile(rb"content-type:\s*(?:multipart|message)/", re.IGNORECASE)


def _too_large_headers(name: str) -> ImportRefused:
    return ImportRefused(
        gettext(
            "%(name)s has e-mail headers longer or more numerous than any real message "
            "(at most %(count)s headers of %(size)s each): the desk does not read it."
        )
        % {"name": name, "count": MAX_HEADERS, "size": size_in_words(MAX_HEADER_BYTES)}
    )


def _too_deep(name: str) -> ImportRefused:
    return ImportRefused(
        gettext(
            "%(name)s nests its parts more deeply than any real message (parts within parts, "
            "more than %(most)s levels): the desk does not read it."
        )
        % {"name": name, "most": MAX_DEPTH}
    )


def _check_headers(headers: list[tuple[str, str]] | list[bytes], name: str) -> None:
    if len(headers) > MAX_HEADERS:
        raise _too_large_headers(name)
    for header in headers:
        size = len(header) if isinstance(header, bytes) else len(header[0]) + len(header[1])
        if size > MAX_HEADER_BYTES:
            raise _too_large_headers(name)


def check_raw_message(data: bytes, *, name: str) -> None:
    """ImportRefused for a message whose headers or nesting the e-mail parser cannot take in
    bounded time and memory; read from the bytes, before the parser sees them."""
    end = _HEADER_END.search(data, 0, MAX_HEADER_SECTION_BYTES + 4)
    section = data[: end.start()] if end else data
    if len(section) > MAX_HEADER_SECTION_BYTES:
        raise _too_large_headers(name)
    # A header's folded lines begin with a space or a tab: they belong to the header above.
    headers: list[bytes] = []
    for line in section.splitlines():
        if line[:1] in (b" ", b"\t") and headers:
            headers[-1] += line
        else:
            headers.append(line)
        if len(headers) > MAX_HEADERS:
            break
    _check_headers(headers, name)
    if len(_CONTAINER.findall(data)) > MAX_CONTAINERS:
        raise _too_deep(name)


def _check_parts(message: email.message.Message, name: str) -> None:
    """Each part's headers, as the parser stored them, before any is interpreted; and the
    depth of its parts, walked without recursion."""
    waiting = [(message, 0)]
    while waiting:
        part, depth = waiting.pop()
        if depth > MAX_DEPTH:
            raise _too_deep(name)
        _check_headers(list(part.raw_items()), name)
        payload = part.get_payload()
        if isinstance(payload, list):
            waiting.extend((child, depth + 1) for child in payload)


def read_eml(data: bytes, *, name: str) -> PreparedText:
    check_raw_message(data, name=name)
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except RecursionError:
        raise _too_deep(name) from None
    _check_parts(message, name)
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
