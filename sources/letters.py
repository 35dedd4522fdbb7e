"""The parts of a letter's plain text: the sender's own words, their sign-off and signature, and
the message they reply to or forward.

A plain e-mail declares no structure, and read as any plain text its short lines became headings:
"Colleagues,", "Best," and the sender's name. Here the lines of a paragraph wrapped by the mail
program are joined; a greeting, a sign-off and a list are body text (they are the sender's words);
the lines after a sign-off, a signature delimiter ("-- "), a "-Name" or "Sent from my phone" are
the byline; and a quoted reply (lines beginning ">"), or the message below "On … wrote:" or
Outlook's "From: … Sent: …", is set apart as not the sender's words. Only a letter's first line
may be a heading (a press release's title), and only by its shape.

Checked against mail as people write it (GitHub's email_reply_parser test messages: Gmail,
Outlook, iPhone, BlackBerry and mailing-list replies in several languages), not only our own.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext

from sources.importing import ImportRefused, tidy_lines
from sources.structure import BlockKind

# "On Mon, 17 Nov 2025 at 09:30, Anna Nowak <…> wrote:" as mail programs write it, in the
# languages the desk reads and a few more; often wrapped over two or three lines.
_REPLY_HEADER = re.compile(
    r"^(on|w dniu|dnia|am|le|el|il|em|op|den)\b.{0,300}?(wrote|napisał\(a\)|napisała|napisał|"
    r"schrieb|a écrit|escribió|ha scritto|escreveu|schreef|skrev)\s*:\s*$|"
    r"^.{0,300}\b(пишет|писал\(а\)|написал\(а\)|написал|написала|напісаў|напісала|написав)\s*:\s*$",
    re.IGNORECASE,
)
_REPLY_STARTS = re.compile(r"^(on|w dniu|dnia|am|le|el|il|em|op|den)\b", re.IGNORECASE)
_FORWARD_HEADER = re.compile(
    r"^-{2,}\s*(original message|forwarded message|begin forwarded message|wiadomość "
    r"oryginalna|przekazana wiadomość|оригинальное сообщение|пересылаемое сообщение)",
    re.IGNORECASE,
)
# Outlook's quoted header: "From: …" then "Sent: …" or "Date: …" (bold in HTML, "*From:*").
_FROM_FIELD = re.compile(r"^\*?(from|od|от|ад)\s*:", re.IGNORECASE)
_SENT_FIELD = re.compile(
    r"^\*?(sent|date|to|subject|wysłano|data|do|temat|отправлено|дата|кому|тема)\s*:", re.I
)
_RULE = re.compile(r"^\s*[-_=]{5,}\s*$")
_SIGNATURE_DELIMITER = re.compile(r"^-- ?$")
_SENT_FROM_DEVICE = re.compile(
    r"^(sent from (my|a)\b|get outlook for|wysłane z (mojego|urządzenia)|отправлено с|"
    r"адпраўлена з)",
    re.IGNORECASE,
)
# "-Abhishek" or "— Anna Nowak" on its own line at the end: a signature.
_DASH_NAME = re.compile(r"^[-–—~]\s?[^\W\d_][^\d]{0,40}$")
_GREETING = re.compile(
    r"^(hi|hello|hey|dear|good (morning|afternoon|evening)|greetings|colleagues|szanown\w*|"
    r"drod\w*|drog\w*|dzień dobry|cześć|witam\w*|здравствуй\w*|добрый день|уважаем\w*|"
    r"коллеги|дорог\w*|привет\w*|шаноўн\w*|добры дзень|вітаю)\b",
    re.IGNORECASE,
)
_LIST_MARK = re.compile(r"^([-*•–]|\d{1,2}[.)])\s+\S")
# A sign-off is short and ends with a comma ("Best,", "Z poważaniem,", "С уважением,"), or is
# one of the few written without one.
SIGN_OFF_MAX_CHARS = 40
_SIGN_OFF = re.compile(
    r"^(best|regards|best regards|kind regards|warm regards|cheers|thanks|many thanks|thank "
    r"you|sincerely|yours|pozdrawiam|pozdrowienia|z poważaniem|z wyrazami szacunku|dziękuję|"
    r"с уважением|всего доброго|спасибо|з павагай|дзякуй)\b[^.?]{0,25}[,.!]?$",
    re.IGNORECASE,
)
# After a sign-off: a name, a role, an organisation, a telephone, an address, a web address.
SIGNATURE_MAX_LINES = 6
SIGNATURE_LINE_MAX_CHARS = 80
# A line at least this long (and most of the paragraph's widest) was wrapped by the program.
WRAPPED_LINE_MIN_CHARS = 40


def _quoted_at(lines: list[str]) -> int:
    """Where the message replied to or forwarded begins; len(lines) when nothing is quoted."""
    for index, line in enumerate(lines):
        line = line.strip()
        if _FORWARD_HEADER.match(line):
            return index
        if _REPLY_HEADER.match(line) and re.search(r"\d", line):
            # "17 ноября 2025 г., 09:30 Иван Петров пишет:": dated, on one line.
            return index
        if _REPLY_STARTS.match(line):
            # Wrapped over up to three lines: "On …, Corey Donohoe\n<reply@…>\nwrote:".
            for span in (1, 2, 3):
                joined = " ".join(part.strip() for part in lines[index : index + span])
                if _REPLY_HEADER.match(joined):
                    return index
        if _FROM_FIELD.match(line):
            following = [other.strip() for other in lines[index + 1 : index + 4]]
            if any(_SENT_FIELD.match(other) for other in following):
                # A rule drawn just above Outlook's header belongs to it.
                above = index - 1
                while above >= 0 and not lines[above].strip():
                    above -= 1
                return above if above >= 0 and _RULE.match(lines[above]) else index
    return len(lines)


def _groups(lines: list[str]) -> list[list[str]]:
    """Lines grouped as the blank lines between them group them."""
    groups, current = [], []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            groups.append(current)
            current = []
    return groups


def _unwrapped(group: list[str]) -> list[str]:
    """A paragraph's lines joined where the mail program wrapped them: after a line that ran to
    the paragraph's width. A short line ends a line of its own; a list marker starts one."""
    width = max((len(line) for line in group if not line.startswith(">")), default=0)
    joined: list[str] = []
    above = ""  # The line above, as the program wrapped it.
    for line in group:
        wrapped = len(above) >= max(WRAPPED_LINE_MIN_CHARS, 0.6 * width)
        apart = any(_RULE.match(text) or text.startswith(">") for text in (line, above))
        if joined and wrapped and not apart and not _LIST_MARK.match(line):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
        above = line
    return joined


def _is_sign_off(line: str) -> bool:
    if len(line) > SIGN_OFF_MAX_CHARS:
        return False
    return bool(_SIGN_OFF.match(line)) or (line.endswith(",") and len(line.split()) <= 4)


def _ends_the_words(lines: list[str], index: int) -> bool:
    # Among the last lines, or just above a mailing list's footer.
    return index >= len(lines) - 3 or (
        index + 1 < len(lines) and bool(_RULE.match(lines[index + 1]))
    )


def _signed_at(lines: list[str]) -> int | None:
    """Where the sender's signature begins among their last lines: a sign-off ("Best,"), a
    "-Name", "Sent from my iPhone" or a rule above a mailing list's footer, with only short
    lines after it (a name, a role, a telephone), the earliest such line."""
    last, found = len(lines) - 1, None
    for index in range(last, max(0, last - SIGNATURE_MAX_LINES - 1), -1):
        line = lines[index]
        if any(len(after) > SIGNATURE_LINE_MAX_CHARS for after in lines[index + 1 :]):
            break
        in_list = _LIST_MARK.match(lines[index - 1]) is not None
        if (
            _SENT_FROM_DEVICE.match(line)
            or _RULE.match(line)
            or (_DASH_NAME.match(line) and not in_list and _ends_the_words(lines, index))
            or _is_sign_off(line)
        ):
            found = index
    return found


def _kind(line: str, *, first: bool, last: bool) -> str | None:
    if line.startswith(">"):
        return BlockKind.OTHER
    if _LIST_MARK.match(line):
        return BlockKind.LIST_ITEM
    if first and not last and not _GREETING.match(line) and not line.endswith((",", ":")):
        return None  # A title, if its shape says so.
    return BlockKind.PARAGRAPH


def letter_lines(text: str) -> tuple[str, list[str | None]]:
    """A letter's plain text as a stored text and the kind of each line (sources.importing)."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.replace("\u00a0", " ").replace("\t", " ").split("\n")]
    quoted_at = _quoted_at(lines)
    own, quoted = lines[:quoted_at], lines[quoted_at:]
    delimiter = next(
        (index for index, line in enumerate(own) if _SIGNATURE_DELIMITER.match(line)), len(own)
    )
    own, signature = own[:delimiter], own[delimiter + 1 :]
    body = [line for group in _groups(own) for line in _unwrapped(group)]
    signed = _signed_at(body)
    if signed is not None and signed > 0:
        body, signature = body[:signed], [*body[signed:], *signature]
    pairs: list[tuple[str, str | None]] = [
        (line, _kind(line, first=index == 0, last=index == len(body) - 1))
        for index, line in enumerate(body)
    ]
    signature = [line.strip() for line in signature if line.strip()]
    if signature and _is_sign_off(signature[0]):
        # The sign-off is the sender's words; who signed is the byline.
        pairs.append((signature.pop(0), BlockKind.PARAGRAPH))
    pairs.extend((line, BlockKind.BYLINE) for line in signature)
    for group in _groups(quoted):
        pairs.extend((line, BlockKind.OTHER) for line in _unwrapped(group))
    try:
        return tidy_lines(pairs)
    except ImportRefused:
        raise ImportRefused(
            gettext("The e-mail's text is empty once blank lines are removed.")
        ) from None
