"""The reader's script snaps a selection to whole words before the server does: both must call
the same characters separators, or the quote the editor is shown differs from the one stored."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from sources.anchoring.words import SEPARATORS

READER_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "reader.js"


def test_the_reader_script_ends_words_where_the_server_does():
    script = READER_JS.read_text(encoding="utf-8")
    block = re.search(r"const SEPARATORS = new Set\((.*?)\);", script, re.S)
    assert block, "reader.js no longer lists its SEPARATORS"
    literals = re.findall(r'"((?:[^"\\]|\\.)*)"', block.group(1))
    # The script writes every character outside ASCII as an escape, as Python reads them too.
    in_script = "".join(codecs.decode(literal, "unicode_escape") for literal in literals)
    assert set(in_script) == set(SEPARATORS)
