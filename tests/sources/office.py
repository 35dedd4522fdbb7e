"""Word documents and e-mails made by the tests: python-docx for the document (with a footnotes
part added by hand, which python-docx cannot write) and the standard library for e-mail."""

from __future__ import annotations

import zipfile
from email.message import EmailMessage
from io import BytesIO

import docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def word_document(
    blocks: list[tuple[str, str]], *, footnotes: list[str] = (), title: str = "", author: str = ""
) -> bytes:
    """A .docx of ("heading" | "paragraph", text) blocks, with footnotes at its foot."""
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.author = author
    for kind, text in blocks:
        if kind == "heading":
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    buffer = BytesIO()
    document.save(buffer)
    if not footnotes:
        return buffer.getvalue()
    return _with_footnotes(buffer.getvalue(), footnotes)


def _with_footnotes(data: bytes, footnotes: list[str]) -> bytes:
    notes = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote>'
        for n, text in enumerate(footnotes, start=1)
    )
    part = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p/></w:footnote>'
        f"{notes}</w:footnotes>"
    )
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdNotes" Type="{FOOTNOTES_TYPE}" '
                    'Target="footnotes.xml"/></Relationships>'.encode(),
                )
            if item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            target.writestr(item, content)
        target.writestr("word/footnotes.xml", part)
    return out.getvalue()


def zip_bomb_docx(expanded_bytes: int) -> bytes:
    """A .docx-shaped archive holding one member that expands to `expanded_bytes` of zeros."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("word/document.xml", "<w:document/>")
        with target.open("word/media/padding.bin", "w") as handle:
            chunk = b"\0" * (1 << 20)
            for _ in range(expanded_bytes // len(chunk)):
                handle.write(chunk)
    return out.getvalue()


def email_message(*, subject: str, sender: str, date: str, body: str = "", html: str = "") -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "desk@example.org"
    message["Subject"] = subject
    message["Date"] = date
    if body:
        message.set_content(body)
    if html:
        if body:
            message.add_alternative(html, subtype="html")
        else:
            message.set_content(html, subtype="html")
    return bytes(message)
