"""Measuring what a PDF's streams expand to before PDFium opens it: a decompression-bomb check
that decodes each stream through its whole filter chain, as PDFium will, against a running
limit, keeping nothing.

A stream is found the way PDFium finds it: the `stream` keyword followed by CR LF, LF or a bare
CR, its dictionary in the object it ends. Its /Filter (a name or an array, written directly or as
a reference to another object, with `#xx` escapes in names undone) says how to decode it. Filters
that make text or data (Flate, LZW, run length, the ASCII encodings) are decoded a chunk at a
time; image filters (DCT, JPX, JBIG2, CCITT) end the chain, as their pixels are bounded where a
page is rendered (sources.ocr). A filter this module does not know, a Crypt filter, or a filter
named in a compressed object is not measured, and the file is refused: PDFium might decode it.

An encrypted PDF's streams cannot be decoded from its bytes (their keys are in the file, but
the handler is not reimplemented here): they are measured all the same, and fail at their first
bytes, as a damaged stream does, so an encrypted file is neither refused for it nor spared the
check by a stray "/Encrypt"; what PDFium expands from them is held by the reading's box
(sources.reading_box).
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.utils.translation import gettext

from sources.importing import ImportRefused, size_in_words

CHUNK = 1 << 20
_STREAM = re.compile(rb"(?<![A-Za-z])stream(?:\r\n|\n|\r)")
_OBJECT_BEFORE = re.compile(rb"(?<![\d.])\d+\s+\d+\s+obj$")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>(){}%]*|\d+\s+\d+\s+R)")
_NAME = re.compile(rb"/([^\s/\[\]<>(){}%]*)")
_REFERENCE = re.compile(rb"^(\d+)\s+(\d+)\s+R$")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_WHITESPACE = re.compile(rb"[\x00\t\n\x0c\r ]+")
# A stream's dictionary is near its keyword; further back is another object.
DICTIONARY_REACH = 64 * 1024

ALIASES = {
    "Fl": "FlateDecode",
    "AHx": "ASCIIHexDecode",
    "A85": "ASCII85Decode",
    "LZW": "LZWDecode",
    "RL": "RunLengthDecode",
    "DCT": "DCTDecode",
    "CCF": "CCITTFaxDecode",
}
IMAGE_FILTERS = {"DCTDecode", "JPXDecode", "JBIG2Decode", "CCITTFaxDecode"}


class Unmeasurable(Exception):
    """A stream whose decoding this module cannot follow."""


def too_large(name: str, limit: int) -> ImportRefused:
    return ImportRefused(
        gettext(
            "%(name)s would expand to more than %(size)s when opened, far more "
            "than its text could need: the desk does not open it."
        )
        % {"name": name, "size": size_in_words(limit)}
    )


def unmeasurable(name: str) -> ImportRefused:
    return ImportRefused(
        gettext(
            "%(name)s compresses its contents in a way the desk cannot measure before opening "
            "it, so it is not opened. Save it again as a standard PDF (Print to PDF) and upload "
            "that."
        )
        % {"name": name}
    )


def _name(raw: bytes) -> str:
    return _ESCAPE.sub(lambda match: bytes([int(match[1], 16)]), raw).decode("latin-1")


def _resolve(data: bytes, number: bytes, generation: bytes) -> bytes:
    """The value of an indirect object written in the file's own bytes."""
    found = re.search(rb"(?<!\d)" + number + rb"\s+" + generation + rb"\s+obj\b", data)
    if found is None:
        raise Unmeasurable  # In a compressed object stream, or missing.
    value = data[found.end() : found.end() + DICTIONARY_REACH].lstrip()
    end = value.find(b"endobj")
    return value[: end if end >= 0 else len(value)].strip()


def filters(data: bytes, dictionary: bytes) -> list[str]:
    """The filters of a stream's dictionary, in the order they decode."""
    found = _FILTER.search(dictionary)
    if found is None:
        return []
    value = found[1].strip()
    reference = _REFERENCE.match(value)
    if reference:
        value = _resolve(data, reference[1], reference[2])
        if _REFERENCE.match(value) or not value.startswith((b"/", b"[")):
            raise Unmeasurable
        if value.startswith(b"["):
            value = value[: value.find(b"]") + 1] if b"]" in value else value
    if value.startswith(b"[") and re.search(rb"\d+\s+\d+\s+R", value):
        raise Unmeasurable
    names = [_name(raw) for raw in _NAME.findall(value)]
    return [ALIASES.get(name, name) for name in names]


def _flate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    try:
        for chunk in chunks:
            pending = chunk
            while pending and not inflater.eof:
                out = inflater.decompress(pending, CHUNK)
                pending = inflater.unconsumed_tail
                if out:
                    yield out
            if inflater.eof:
                return
    except zlib.error:
        # PDFium keeps what it decoded before the damage, and so is it counted.
        return


def _ascii_hex(chunks: Iterable[bytes]) -> Iterator[bytes]:
    carry = b""
    for chunk in chunks:
        text = carry + _WHITESPACE.sub(b"", chunk)
        end = text.find(b">")
        if end >= 0:
            text = text[:end]
        usable = len(text) - len(text) % 2
        try:
            yield bytes.fromhex(text[:usable].decode("latin-1"))
        except ValueError:
            return
        carry = text[usable:]
        if end >= 0:
            break
    if carry:
        yield bytes.fromhex((carry + b"0").decode("latin-1"))


def _ascii85(chunks: Iterable[bytes]) -> Iterator[bytes]:
    carry = b""
    for chunk in chunks:
        text = carry + _WHITESPACE.sub(b"", chunk)
        if text.startswith(b"<~"):
            text = text[2:]
        end = text.find(b"~>")
        if end >= 0:
            text = text[:end]
        # Whole groups only: five characters, or a "z" standing for four zero bytes.
        cut, position = 0, 0
        while position < len(text):
            if text[position : position + 1] == b"z":
                position += 1
            elif position + 5 <= len(text):
                position += 5
            else:
                break
            cut = position
        try:
            yield base64.a85decode(text[:cut])
        except ValueError:
            return
        carry = text[cut:]
        if end >= 0:
            break
    if carry:
        try:
            yield base64.a85decode(carry)
        except ValueError:
            return


def _run_length(chunks: Iterable[bytes]) -> Iterator[bytes]:
    carry = b""
    for chunk in chunks:
        data = carry + chunk
        out = bytearray()
        position = 0
        while position < len(data):
            length = data[position]
            if length == 128:
                yield bytes(out)
                return
            if length < 128:
                if position + 1 + length + 1 > len(data):
                    break
                out += data[position + 1 : position + 2 + length]
                position += 2 + length
            else:
                if position + 1 >= len(data):
                    break
                out += data[position + 1 : position + 2] * (257 - length)
                position += 2
            if len(out) >= CHUNK:
                yield bytes(out)
                out.clear()
        carry = data[position:]
        if out:
            yield bytes(out)


def _lzw(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """LZW as PDF writes it (early change), a code at a time; output yielded as it grows."""
    table = [bytes([n]) for n in range(256)] + [b"", b""]
    width, bits, buffered, previous = 9, 0, 0, None
    out = bytearray()
    for chunk in chunks:
        for byte in chunk:
            buffered = (buffered << 8) | byte
            bits += 8
            while bits >= width:
                bits -= width
                code = (buffered >> bits) & ((1 << width) - 1)
                buffered &= (1 << bits) - 1
                if code == 256:
                    table, width, previous = table[:258], 9, None
                    continue
                if code == 257:
                    yield bytes(out)
                    return
                if code < len(table):
                    entry = table[code]
                elif code == len(table) and previous is not None:
                    entry = previous + previous[:1]
                else:
                    yield bytes(out)
                    return
                out += entry
                if previous is not None and len(table) < 4096:
                    table.append(previous + entry[:1])
                previous = entry
                if len(table) + 1 >= (1 << width) and width < 12:
                    width += 1
                if len(out) >= CHUNK:
                    yield bytes(out)
                    out.clear()
    if out:
        yield bytes(out)


DECODERS = {
    "FlateDecode": _flate,
    "ASCIIHexDecode": _ascii_hex,
    "ASCII85Decode": _ascii85,
    "RunLengthDecode": _run_length,
    "LZWDecode": _lzw,
}


def _pieces(raw: bytes) -> Iterator[bytes]:
    for start in range(0, len(raw), CHUNK):
        yield raw[start : start + CHUNK]


def decoded_size(raw: bytes, chain: list[str], limit: int) -> int:
    """How many bytes the stream decodes to, counted up to a little past `limit`."""
    chunks: Iterable[bytes] = _pieces(raw)
    for name in chain:
        if name in IMAGE_FILTERS:
            break
        decoder = DECODERS.get(name)
        if decoder is None:
            raise Unmeasurable
        chunks = decoder(chunks)
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            break
    return size


def _dictionary(data: bytes, keyword: int) -> bytes | None:
    """The dictionary of the stream whose keyword starts at `keyword`: from its object's start."""
    floor = max(0, keyword - DICTIONARY_REACH)
    position = keyword
    while True:
        position = data.rfind(b"obj", floor, position)
        if position < 0:
            return None
        if _OBJECT_BEFORE.search(data, max(floor, position - 24), position + 3):
            return data[position + 3 : keyword]


def check_streams(data: bytes, *, name: str) -> None:
    """ImportRefused when the PDF's streams would expand beyond SOURCE_MAX_INFLATED_BYTES all
    told, or when a stream's filters cannot be measured."""
    limit = settings.SOURCE_MAX_INFLATED_BYTES
    expanded = 0
    for keyword in _STREAM.finditer(data):
        end = data.find(b"endstream", keyword.end())
        raw = data[keyword.end() : end if end >= 0 else len(data)]
        dictionary = _dictionary(data, keyword.start())
        try:
            # A stream with no dictionary to read is tried as Flate, as PDFium would not know
            # better either.
            chain = ["FlateDecode"] if dictionary is None else filters(data, dictionary)
            if not chain:
                continue
            expanded += decoded_size(raw, chain, limit - expanded)
        except Unmeasurable:
            raise unmeasurable(name) from None
        if expanded > limit:
            raise too_large(name, limit)
