"""The PDF stream check measures what PDFium decodes: for each filter chain, a page encoded by
it is read by PDFium with its text whole, and the check counts exactly the bytes PDFium decoded
(so neither a real file is refused nor a bomb let through by a decoder that stops short)."""

from __future__ import annotations

import base64
import zlib

import pytest

from sources.formats import read_document
from sources.importing import ImportRefused
from sources.pdf_streams import check_streams, decoded_size
from tests.sources import hostile

# Thirty lines of a page: enough for LZW's codes to widen from 9 to 11 bits.
LINES = b"".join(
    b"BT /F1 6 Tf 5 %d Td (Line %d of the statement on border crossings at Kuznica.) Tj ET\n"
    % (190 - number * 6, number)
    for number in range(30)
)
CHAINS = {
    "Flate": (b"/FlateDecode", ["FlateDecode"], zlib.compress(LINES)),
    "hex, Flate": (
        b"[/ASCIIHexDecode /FlateDecode]",
        ["ASCIIHexDecode", "FlateDecode"],
        zlib.compress(LINES).hex().encode() + b">",
    ),
    "ASCII85, LZW": (
        b"[/A85 /LZW]",
        ["ASCII85Decode", "LZWDecode"],
        base64.a85encode(hostile.lzw(LINES)) + b"~>",
    ),
    "LZW": (b"/LZWDecode", ["LZWDecode"], hostile.lzw(LINES)),
    "run length": (b"/RunLengthDecode", ["RunLengthDecode"], hostile.run_length(LINES)),
    "escaped Flate": (b"/Fl#61teDecode", ["FlateDecode"], zlib.compress(LINES)),
}


@pytest.mark.parametrize("chain", CHAINS)
def test_each_chain_is_decoded_as_pdfium_decodes_it(chain):
    filters, names, stream = CHAINS[chain]
    prepared = read_document("statement.pdf", hostile.text_page(stream, filters))
    assert "Line 0 of the statement" in prepared.text
    assert "Line 29 of the statement on border crossings at Kuznica." in prepared.text
    assert decoded_size(stream, names, 10**9) == len(LINES)


def test_lzw_is_decoded_across_widths_and_cleared_tables():
    from sources.pdf_streams import _lzw

    data = bytes(range(256)) * 40 + LINES * 20 + b" " * 50_000
    encoded = hostile.lzw(data)
    assert b"".join(_lzw([encoded[:1000], encoded[1000:]])) == data


def test_an_lzw_bomb_is_measured_against_the_limit(settings):
    settings.SOURCE_MAX_INFLATED_BYTES = 1 << 20
    data = hostile.pdf_with_stream(hostile.lzw(b" " * (3 << 20)), b"/Filter /LZWDecode")
    assert len(data) < 60_000
    with pytest.raises(ImportRefused, match="would expand to more than 1.0 MB"):
        check_streams(data, name="bomb.pdf")


def test_a_filter_given_by_a_reference_that_cannot_be_found_is_not_measured():
    data = hostile.pdf_with_stream(zlib.compress(LINES), b"/Filter 40 0 R")
    with pytest.raises(ImportRefused, match="in a way the desk cannot measure"):
        check_streams(data, name="statement.pdf")
