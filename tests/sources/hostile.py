"""Hostile and damaged files, made by the tests when they ask for them (nothing here is a stored
binary): each is small on disk and costs whatever reads it naively gigabytes, minutes, or a
crash. The adversarial review of issue 28 found each of these shapes."""

from __future__ import annotations

import struct
import zipfile
import zlib
from io import BytesIO

from PIL import Image

from tests.sources.office import FOOTNOTES_TYPE, W, word_document

# --- E-mail -------------------------------------------------------------------------------------


def quadratic_subject_eml(size: int = 280_000) -> bytes:
    """A message whose subject is `size` bytes of encoded words: Python's header parser needs
    2.8 GB for 280 KB."""
    subject = " ".join("=?utf-8?q?abc?=" for _ in range(size // 16))
    return (
        f"From: press@example.org\nSubject: {subject}\n"
        "Date: Mon, 1 Jan 2024 09:00:00 +0000\n\nThe statement.\n"
    ).encode()


def many_headers_eml(count: int = 20_000) -> bytes:
    headers = "".join(f"X-Trace-{n}: hop\n" for n in range(count))
    return (
        f"From: press@example.org\n{headers}Subject: Statement\n"
        "Date: Mon, 1 Jan 2024 09:00:00 +0000\n\nThe statement.\n"
    ).encode()


def nested_eml(depth: int = 1000) -> bytes:
    """A message whose parts nest `depth` levels deep, the text at the bottom."""
    out = ["From: press@example.org\nSubject: Statement\nDate: Mon, 1 Jan 2024 09:00:00 +0000\n"]
    out.append("MIME-Version: 1.0\n")
    for level in range(depth):
        out.append(f'Content-Type: multipart/mixed; boundary="level{level}"\n\n--level{level}\n')
    out.append("Content-Type: text/plain\n\nThe statement at the bottom.\n")
    out.extend(f"--level{level}--\n" for level in reversed(range(depth)))
    return "".join(out).encode()


# --- PDF ----------------------------------------------------------------------------------------


def pdf_with_stream(
    stream: bytes,
    dictionary: bytes,
    *,
    after_keyword: bytes = b"\n",
    media_box: tuple[int, int] = (200, 200),
    extra_objects: list[bytes] = (),
    resources: bytes = b"",
) -> bytes:
    """A one-page PDF whose content stream is `stream`, described by `dictionary` (the entries
    besides /Length), the keyword `stream` followed by `after_keyword`."""
    width, height = media_box
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R %s >>"
        % (width, height, resources),
        b"<< /Length %d %s >>\nstream" % (len(stream), dictionary)
        + after_keyword
        + stream
        + b"\nendstream",
        *extra_objects,
    ]
    out = BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _adler32_combine(first: int, second: int, length: int) -> int:
    """The Adler-32 of two runs of bytes from theirs (zlib's adler32_combine)."""
    base = 65521
    rem = length % base
    low = first & 0xFFFF
    high = (rem * low) % base
    low = (low + (second & 0xFFFF) + base - 1) % base
    high = (high + (first >> 16) + (second >> 16) + base - rem) % base
    return low | (high << 16)


def spaces(expanded: int) -> bytes:
    """`expanded` bytes of spaces (whole megabytes), Flate-compressed to about a thousandth.

    Made in milliseconds whatever the size: each megabyte is compressed once and flushed so that
    it stands alone, its blocks are repeated, and the stream is closed with the checksum of the
    whole."""
    chunk = b" " * (1 << 20)
    compressor = zlib.compressobj(9)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = max(expanded // len(chunk), 2)
    checksum, one = 1, zlib.adler32(chunk)
    for _ in range(count):
        checksum = _adler32_combine(checksum, one, len(chunk))
    # A final, empty block of fixed codes, then the Adler-32 of everything.
    return first + again * (count - 1) + b"\x03\x00" + struct.pack(">I", checksum)


def hex_flate_bomb(expanded: int) -> bytes:
    """[/ASCIIHexDecode /FlateDecode]: the hex must be decoded before anything inflates."""
    return pdf_with_stream(
        spaces(expanded).hex().encode() + b">", b"/Filter [/ASCIIHexDecode /FlateDecode]"
    )


def bare_cr_bomb(expanded: int) -> bytes:
    """A Flate stream whose data starts after a bare CR, which PDFium accepts."""
    return pdf_with_stream(spaces(expanded), b"/Filter /FlateDecode", after_keyword=b"\r")


def escaped_name_bomb(expanded: int) -> bytes:
    """/Flate#44ecode is /FlateDecode to PDFium."""
    return pdf_with_stream(spaces(expanded), b"/Filter /Flate#44ecode")


def referenced_filter_bomb(expanded: int) -> bytes:
    """The filter array in an object of its own."""
    return pdf_with_stream(spaces(expanded), b"/Filter 5 0 R", extra_objects=[b"[/FlateDecode]"])


def run_length_bomb(expanded: int) -> bytes:
    """Run length: two bytes make 128 spaces."""
    return pdf_with_stream(b"\x81 " * (expanded // 128) + b"\x80", b"/Filter /RunLengthDecode")


def unknown_filter_pdf() -> bytes:
    return pdf_with_stream(spaces(1 << 20), b"/Filter [/FlateDecode /BrotliDecode]")


def huge_page_pdf(inches: int = 200) -> bytes:
    """A blank page `inches` wide and high: no text layer, so it would be drawn for OCR (at 300
    dpi, 60,000 pixels a side)."""
    return pdf_with_stream(b"", b"", media_box=(inches * 72, inches * 72))


# --- Scans --------------------------------------------------------------------------------------


def _ifd_offsets(data: bytes) -> list[int]:
    order = "<" if data[:2] == b"II" else ">"
    (offset,) = struct.unpack(order + "I", data[4:8])
    offsets = []
    while offset:
        offsets.append(offset)
        (count,) = struct.unpack(order + "H", data[offset : offset + 2])
        (offset,) = struct.unpack(
            order + "I", data[offset + 2 + 12 * count : offset + 6 + 12 * count]
        )
    return offsets


def _set_size(data: bytearray, ifd: int, width: int, height: int) -> None:
    """Rewrite a frame's stated width and height, leaving its (small) pixel data as it was."""
    order = "<" if data[:2] == b"II" else ">"
    (count,) = struct.unpack(order + "H", data[ifd : ifd + 2])
    for index in range(count):
        entry = ifd + 2 + 12 * index
        tag, kind = struct.unpack(order + "HH", data[entry : entry + 4])
        value = {256: width, 257: height}.get(tag)
        if value is None:
            continue
        if kind == 3:
            data[entry + 8 : entry + 10] = struct.pack(order + "H", value)
        else:
            data[entry + 8 : entry + 12] = struct.pack(order + "I", value)


def tiff_bomb(*, frames: int = 3, side: int = 40_000, first_side: int | None = None) -> bytes:
    """A multi-page TIFF of a few hundred bytes whose pages after the first (or the first too,
    with `first_side`) state `side` × `side` pixels: 1.6 gigapixels for 40,000."""
    pages = [Image.new("L", (32, 32), 255) for _ in range(frames)]
    buffer = BytesIO()
    pages[0].save(buffer, format="TIFF", save_all=True, append_images=pages[1:])
    data = bytearray(buffer.getvalue())
    for number, ifd in enumerate(_ifd_offsets(bytes(data))):
        if number:
            _set_size(data, ifd, side, side)
        elif first_side:
            _set_size(data, ifd, first_side, first_side)
    return bytes(data)


# --- Word ---------------------------------------------------------------------------------------


def _rewritten(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] = None) -> bytes:
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def _footnotes_part(body: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
        f'<w:footnotes xmlns:w="{W}">{body}</w:footnotes>'
    ).encode()


def docx_with_footnote_part(part: bytes, *, external: bool = False) -> bytes:
    """A Word document whose footnotes part is `part`, or named as a file elsewhere."""
    data = word_document([("paragraph", "The statement was read in full to the press.")])
    source = zipfile.ZipFile(BytesIO(data))
    rels = source.read("word/_rels/document.xml.rels")
    target = (
        'Target="file:///etc/passwd" TargetMode="External"'
        if external
        else 'Target="footnotes.xml"'
    )
    rels = rels.replace(
        b"</Relationships>",
        f'<Relationship Id="rIdNotes" Type="{FOOTNOTES_TYPE}" {target}/></Relationships>'.encode(),
    )
    types = source.read("[Content_Types].xml").replace(
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    return _rewritten(
        data,
        {"word/_rels/document.xml.rels": rels, "[Content_Types].xml": types},
        {} if external else {"word/footnotes.xml": part},
    )


def external_footnotes_docx() -> bytes:
    return docx_with_footnote_part(b"", external=True)


def unnumbered_footnote_docx() -> bytes:
    return docx_with_footnote_part(
        _footnotes_part(
            '<w:footnote w:id="one"><w:p><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote>'
        )
    )


def undefined_entity_docx() -> bytes:
    return docx_with_footnote_part(
        _footnotes_part(
            '<w:footnote w:id="1"><w:p><w:r><w:t>A&nbsp;note.</w:t></w:r></w:p></w:footnote>'
        )
    )


def external_entity_docx() -> bytes:
    """A footnote that would bring a file of the server into the text, if entities were read."""
    doctype = '<!DOCTYPE w:footnotes [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
    return docx_with_footnote_part(
        _footnotes_part(
            '<w:footnote w:id="1"><w:p><w:r><w:t>Note &secret; ends.</w:t></w:r></w:p></w:footnote>',
            doctype,
        )
    )


def undefined_entity_in_body_docx() -> bytes:
    data = word_document([("paragraph", "The statement was read in full.")])
    document = zipfile.ZipFile(BytesIO(data)).read("word/document.xml")
    return _rewritten(
        data, {"word/document.xml": document.replace(b"read in full", b"read &oops;")}
    )


def lying_sizes_docx(*, stated: int, expanded: int) -> bytes:
    """A Word document whose body part expands to `expanded` bytes while its archive's headers
    (local and central) state `stated`."""
    padding = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * (expanded // 34)
    data = word_document([("paragraph", "The statement was read in full.")])
    document = zipfile.ZipFile(BytesIO(data)).read("word/document.xml")
    body = document.replace(b"<w:body>", b"<w:body>" + padding, 1)
    archive = bytearray(_rewritten(data, {"word/document.xml": body}))
    name = b"word/document.xml"
    position = 0
    while (position := archive.find(b"PK\x03\x04", position)) >= 0:
        length = struct.unpack("<H", archive[position + 26 : position + 28])[0]
        if archive[position + 30 : position + 30 + length] == name:
            archive[position + 22 : position + 26] = struct.pack("<I", stated)
        position += 4
    position = 0
    while (position := archive.find(b"PK\x01\x02", position)) >= 0:
        length = struct.unpack("<H", archive[position + 28 : position + 30])[0]
        if archive[position + 46 : position + 46 + length] == name:
            archive[position + 24 : position + 28] = struct.pack("<I", stated)
        position += 4
    return bytes(archive)


# --- Encoders, to check the stream check decodes as PDFium does ----------------------------------


def lzw(data: bytes) -> bytes:
    """LZW as PDF writes it (early change, codes of 9 to 12 bits, clear code first)."""
    table = {bytes([n]): n for n in range(256)}
    codes, width, word = [256], 9, b""
    for byte in data:
        candidate = word + bytes([byte])
        if candidate in table:
            word = candidate
            continue
        codes.append((table[word], width))
        table[candidate] = len(table) + 2
        # A reader adds each entry a code later than the writer, so the writer widens its
        # codes one entry later than the reader's early change.
        if len(table) + 2 >= (1 << width) and width < 12:
            width += 1
        if len(table) + 2 >= 4095:
            codes.append((256, width))
            table = {bytes([n]): n for n in range(256)}
            width = 9
        word = bytes([byte])
    if word:
        codes.append((table[word], width))
    codes.append((257, width))
    bits, count, out = 0, 0, bytearray()
    for item in codes:
        code, size = item if isinstance(item, tuple) else (item, 9)
        bits, count = (bits << size) | code, count + size
        while count >= 8:
            count -= 8
            out.append((bits >> count) & 0xFF)
    if count:
        out.append((bits << (8 - count)) & 0xFF)
    return bytes(out)


def run_length(data: bytes) -> bytes:
    """Run-length encoding: literal runs of up to 128 bytes, and the end-of-data mark."""
    out = bytearray()
    for start in range(0, len(data), 128):
        piece = data[start : start + 128]
        out += bytes([len(piece) - 1]) + piece
    return bytes(out + b"\x80")


def text_page(stream: bytes, filters: bytes) -> bytes:
    """A page whose content stream (`stream`, already encoded by `filters`) sets a line of text
    in Helvetica, which every PDF reader has."""
    return pdf_with_stream(
        stream,
        b"/Filter " + filters,
        media_box=(400, 200),
        resources=b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 "
        b"/BaseFont /Helvetica >> >> >>",
    )
