"""Which kind of document a file is, told by its bytes as well as its name, and reading it.

A file's name only proposes; its first bytes decide. A .pdf that is not a PDF, or a .docx that
is not a Word document, is refused with a message saying what it seems to be instead.
"""

from __future__ import annotations

import importlib
import zipfile
from io import BytesIO
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext

from sources.importing import ImportRefused, PreparedText, size_in_words
from sources.reading_box import read_in_box

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm"}
PLAIN_TEXT_SUFFIXES = {".txt", ".text"}
DOCUMENT_SUFFIXES = {".pdf", ".docx", ".eml", ".msg", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
SUFFIXES = TEXT_SUFFIXES | DOCUMENT_SUFFIXES
ACCEPT = ",".join(sorted(SUFFIXES))
KIND_NAMES = {
    "pdf": "a PDF",
    "docx": "a Word document",
    "msg": "an Outlook message",
    "image": "an image",
    "zip": "a ZIP archive",
    "text": "a text file",
}
# A Word document has a few dozen parts; sources.word refuses more than this many.
MAX_ARCHIVE_ENTRIES = 10_000
_CENTRAL_ENTRY = b"PK\x01\x02"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def kind_by_name(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix in {".png", ".jpg", ".jpeg", ".tif", ".tiff"}:
        return "image"
    if suffix in {".txt", ".text", ".md", ".markdown", ".html", ".htm"}:
        return "text"
    return suffix.removeprefix(".")


def kind_by_bytes(data: bytes) -> str:
    head = data[:1024]
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head:
        return "pdf"
    if head.startswith(_OLE):
        return "msg"
    if head.startswith(_IMAGE_MAGIC):
        return "image"
    if head.startswith(b"PK\x03\x04"):
        # Listing an archive costs memory by its entries, and this runs in a web request: an
        # archive with more entry headers than any Word document is not one (it is not opened).
        if data.count(_CENTRAL_ENTRY) > MAX_ARCHIVE_ENTRIES:
            return "zip"
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError):
            return "zip"
        return "docx" if "word/document.xml" in names else "zip"
    return "text"


def sniff(name: str, data: bytes) -> str:
    """The kind of the file ("text", "pdf", "docx", "eml", "msg", "image"), or ImportRefused."""
    name = PurePath(name).name or "the file"
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRefused(
            gettext(
                "%(name)s is not a file the desk imports: give a PDF, a Word document (.docx), "
                "an e-mail (.eml, .msg), a scan (.png, .jpg, .tif), or a .txt, .md or .html file."
            )
            % {"name": name}
        )
    if not data.strip():
        raise ImportRefused(
            gettext("%(name)s is empty: there is nothing to import.") % {"name": name}
        )
    if len(data) > settings.SOURCE_MAX_FILE_BYTES:
        raise ImportRefused(
            gettext("%(name)s is %(size)s; the desk takes files up to %(limit)s.")
            % {
                "name": name,
                "size": size_in_words(len(data)),
                "limit": size_in_words(settings.SOURCE_MAX_FILE_BYTES),
            }
        )
    claimed, found = kind_by_name(name), kind_by_bytes(data)
    if claimed == "eml":
        claimed = "text" if found == "text" else claimed
        if found == "text":
            return "eml"
    if claimed == "docx" and found == "zip":
        raise ImportRefused(
            gettext(
                "%(name)s is not a Word document the desk can read: it may be damaged, or be "
                "another kind of archive."
            )
            % {"name": name}
        )
    if claimed != found:
        said = KIND_NAMES.get(claimed, f"a {suffix} file")
        seems = KIND_NAMES.get(found, "something else")
        raise ImportRefused(
            f"{name} is not {said}: its contents are {seems}. Check the file, and upload it "
            "with the name it should have."
        )
    return found


def in_background(kind: str, name: str = "") -> bool:
    """Whether reading this file is work for a background worker: everything but plain text,
    whose reading is bounded by its size (an HTML page or Markdown is parsed, which is not)."""
    return kind != "text" or PurePath(name).suffix.lower() not in PLAIN_TEXT_SUFFIXES


def _read(name: str, data: bytes, kind: str, progress=None, as_scan: bool = False) -> PreparedText:
    # Readers are imported when needed: PDFium, Tesseract and Outlook's format load only in a
    # process that reads such a file (the worker), not in every web process.
    from sources.documents import read_file

    if kind == "pdf":
        from sources.ocr import read_scanned_pdf
        from sources.pdf import DamagedTextLayer, NoTextLayer, read_pdf

        if as_scan:
            prepared = read_scanned_pdf(data, name=name, progress=progress)
            prepared.reading_note = gettext(
                "Read as a scan, as you asked: the text was recognised from images of its pages."
            )
            return prepared
        try:
            return read_pdf(data, name=name, progress=progress)
        except DamagedTextLayer as damaged:
            prepared = read_scanned_pdf(data, name=name, progress=progress)
            prepared.reading_note = str(damaged)
            return prepared
        except NoTextLayer:
            return read_scanned_pdf(data, name=name, progress=progress)
    if kind == "image":
        from sources.ocr import read_image

        return read_image(data, name=name, progress=progress)
    if kind == "docx":
        from sources.word import read_docx

        return read_docx(data, name=name)
    if kind == "eml":
        from sources.email import read_eml

        return read_eml(data, name=name)
    if kind == "msg":
        from sources.email import read_msg

        return read_msg(data, name=name)
    return read_file(name, data)


_READERS = {
    "pdf": ("sources.pdf", "sources.ocr"),
    "image": ("sources.ocr",),
    "docx": ("sources.word",),
    "eml": ("sources.email",),
    "msg": ("sources.email", "extract_msg"),
    "text": ("sources.documents",),
}


def _load_readers(*kinds: str) -> None:
    # Loaded in the worker before the box is forked, once, rather than in every box: importing
    # trafilatura or PDFium costs more than reading most files.
    for kind in kinds:
        for module in _READERS.get(kind, ()):
            importlib.import_module(module)


def read_document(
    name: str,
    data: bytes,
    *,
    kind: str | None = None,
    progress=None,
    alive=None,
    as_scan: bool = False,
) -> PreparedText:
    """Any file the desk imports, as a prepared text, read in a box (sources.reading_box);
    ImportRefused saying why not. `as_scan` reads a PDF's pages by OCR whatever its text layer
    holds (the editor's choice when the layer reads wrong)."""
    kind = kind or sniff(name, data)
    _load_readers(kind, "text")
    name = PurePath(name).name or "the file"
    # Asked for only when wanted: every other reading calls the readers as they always were.
    scan = {"as_scan": True} if as_scan else {}
    return read_in_box(_read, name, data, kind, name=name, progress=progress, alive=alive, **scan)


def read_text_now(name: str, data: bytes) -> PreparedText:
    """A plain text file, read in the request: its cost is bounded by its size alone."""
    from sources.documents import read_file

    if in_background("text", name):
        raise ValueError(f"{name} is not plain text: it is read in the background.")
    return read_file(PurePath(name).name or "the file", data)


def _read_fetched(fetched, progress=None) -> PreparedText:
    kind = kind_by_bytes(fetched.body)
    if kind in {"pdf", "docx"}:
        prepared = _read(fetched.url, fetched.body, kind, progress=progress)
        prepared.metadata.url = prepared.metadata.url or fetched.url
        prepared.imported_from = fetched.url
        return prepared
    from sources.documents import read_fetched

    return read_fetched(fetched)


def read_fetched_document(fetched, *, progress=None, alive=None) -> PreparedText:
    """A fetched page, PDF or Word file (an import by URL or a watched source), read in a box as
    an uploaded file is."""
    _load_readers("pdf", "docx", "text")
    return read_in_box(_read_fetched, fetched, name=fetched.url, progress=progress, alive=alive)
