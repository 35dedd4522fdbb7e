"""The text encodings a web page may declare: those of the WHATWG Encoding Standard, no others.

Python can decode far more than browsers do, and some of its codecs are not encodings at all
(`punycode` decodes in quadratic time, `unicode_escape` interprets backslashes, `rot13` is a
joke). A label a page or server declares is looked up here; anything outside the web's own list
is treated as if nothing had been declared.
"""

from __future__ import annotations

import codecs

# Python's canonical names for the encodings browsers decode (Encoding Standard, section 4).
WEB_ENCODINGS = frozenset(
    {
        "utf-8",
        "utf-8-sig",
        "utf-16-be",
        "utf-16-le",
        "utf-16",
        "ascii",
        "cp866",
        *(f"iso8859-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
        "koi8-r",
        "koi8-u",
        "mac-roman",
        "mac-cyrillic",
        "cp874",
        *(f"cp{n}" for n in range(1250, 1259)),
        "gbk",
        "gb18030",
        "big5",
        "big5hkscs",
        "euc_jp",
        "iso2022_jp",
        "shift_jis",
        "cp932",
        "euc_kr",
        "cp949",
    }
)
# Web labels Python does not know by that name.
_WEB_ALIASES = {
    "windows-874": "cp874",
    "x-mac-cyrillic": "mac-cyrillic",
    "x-mac-ukrainian": "mac-cyrillic",
    "x-sjis": "shift_jis",
    "ms_kanji": "shift_jis",
    "windows-31j": "cp932",
    "x-gbk": "gbk",
    "unicode-1-1-utf-8": "utf-8",
    "unicode11utf8": "utf-8",
    "unicode20utf8": "utf-8",
    "x-unicode20utf8": "utf-8",
}
# Longer than any label in the standard: a declaration past this is not an encoding's name.
_MAX_LABEL = 40


def web_encoding(label: str | None) -> str | None:
    """Python's codec name for a web encoding label, or None for any other label."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if not name or len(name) > _MAX_LABEL:
        return None
    name = _WEB_ALIASES.get(name, name)
    try:
        canonical = codecs.lookup(name).name
    except (LookupError, ValueError):
        return None
    return canonical if canonical in WEB_ENCODINGS else None
