"""The producers: each lays a ground-truth document out as a PDF its own way.

Every producer is a program people make PDFs with, run as it is installed (Debian's chromium,
LibreOffice, TeX Live, groff and Ghostscript, WeasyPrint; reportlab from PyPI): none is the
generator of the desk's own test fixtures (fpdf2, tests/sources/pdfs.py).
"""

from __future__ import annotations

import html
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.pdf_corpus.texts import Document, Paragraph, runs

# The styles of the OpenDocument producer: fonts, sizes, page layout (kept as the XML it is).
ODT_STYLES = (Path(__file__).parent / "odt_styles.xml").read_text(encoding="utf-8")


def _html_inline(text: str) -> str:
    tags = {"i": "em", "b": "strong"}
    return "".join(
        f"<{tags[style]}>{html.escape(words)}</{tags[style]}>" if style else html.escape(words)
        for style, words in runs(text)
    )


def _html_paragraph(paragraph: Paragraph, note: str) -> str:
    """A paragraph with its footnote `note` (already HTML) after the first sentence."""
    at = paragraph.first_sentence_end
    return f"<p>{_html_inline(paragraph.text[:at])}{note}{_html_inline(paragraph.text[at:])}</p>"


def _html_body(document: Document, *, footnote: Callable[[int, str], str], section_label=False):
    parts = [f"<h1>{html.escape(document.title)}</h1>"]
    parts.append(f'<p class="subtitle">{html.escape(document.subtitle)}</p>')
    number = 0
    for index, section in enumerate(document.sections, start=1):
        heading = html.escape(section.heading)
        if section_label:
            heading = f"Section {index}: {heading}"
        parts.append(f"<section><h2>{heading}</h2>")
        for paragraph in section.paragraphs:
            note = ""
            if paragraph.footnote:
                number += 1
                note = footnote(number, paragraph.footnote)
            parts.append(_html_paragraph(paragraph, note))
        if section.items:
            parts.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in section.items))
            parts.append("</ul>")
        if section.table:
            head, *rows = section.table
            parts.append("<table><thead><tr>")
            parts.append("".join(f"<th>{html.escape(c)}</th>" for c in head) + "</tr></thead>")
            for row in rows:
                parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row))
            parts.append("</table>")
        parts.append("</section>")
    return "\n".join(parts)


def _page(body: str, style: str, language: str = "en") -> str:
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{'about:blank'}</title><style>{style}</style></head><body>{body}</body></html>"
    )


def _chromium(document: Document, page_html: str, *, header: bool) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            page = browser.new_page()
            page.set_content(page_html)
            options = {"format": "A4", "print_background": True}
            if header:
                small = "font-size:8px; width:100%; margin:0 15mm; font-family:sans-serif"
                options.update(
                    display_header_footer=True,
                    header_template=f'<div style="{small}">{html.escape(document.header)}</div>',
                    footer_template=(
                        f'<div style="{small}; text-align:center">{html.escape(document.footer)}'
                        ' · Page <span class="pageNumber"></span> of '
                        '<span class="totalPages"></span></div>'
                    ),
                    margin={"top": "22mm", "bottom": "22mm", "left": "18mm", "right": "18mm"},
                )
            return page.pdf(**options)
        finally:
            browser.close()


def chromium_one_column(document: Document) -> bytes:
    """Chromium's "Save as PDF": one justified column, header and footer templates, each
    section on a new page under "Section N: …", notes at the end as a web article has them."""
    notes: list[str] = []

    def endnote(number: int, text: str) -> str:
        notes.append(f"<li>{html.escape(text)}</li>")
        return f"<sup>{number}</sup>"

    body = _html_body(document, footnote=endnote, section_label=True)
    body += "<section><h2>Notes</h2><ol>" + "".join(notes) + "</ol></section>"
    style = (
        "body{font-family:'DejaVu Serif',serif;font-size:11pt;line-height:1.45}"
        "p{text-align:justify;hyphens:auto;margin:0 0 .7em}"
        "section{break-before:page} h1{font-size:22pt} h2{font-size:15pt}"
        ".subtitle{font-size:13pt;font-style:italic}"
        "table{border-collapse:collapse} td,th{border:1px solid #999;padding:2px 8px}"
    )
    return _chromium(document, _page(body, style), header=True)


def chromium_two_columns(document: Document) -> bytes:
    """Chromium with CSS columns: a full-width title over two justified columns, no templates
    (a web page printed as it is, with the browser's own defaults)."""

    def inline_note(number: int, text: str) -> str:
        return f"<sup>{number}</sup>"

    body = _html_body(document, footnote=inline_note)
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in document.footnotes())
    body = body.replace("</h1>", "</h1>", 1)
    style = (
        "body{font-family:'Liberation Serif',serif;font-size:10.5pt;margin:0}"
        ".flow{columns:2;column-gap:9mm} h1,.subtitle{column-span:all}"
        "p{text-align:justify;margin:0 0 .6em} h2{font-size:13pt;break-after:avoid}"
        "table{border-collapse:collapse} td,th{border:1px solid #999;padding:2px 6px}"
    )
    title, rest = body.split("</p>", 1)
    page_html = _page(
        f'{title}</p><div class="flow">{rest}<h2>Notes</h2><ol>{notes}</ol></div>', style
    )
    return _chromium(document, page_html, header=False)


def weasyprint(document: Document) -> bytes:
    """WeasyPrint (Debian's): CSS paged media with running header, "Page N of M" and real
    footnotes at the foot of the page, hyphenated justified text."""

    def footnote(number: int, text: str) -> str:
        return f'<span class="fn">{html.escape(text)}</span>'

    style = (
        "@page{size:A4;margin:25mm 20mm;"
        f"@top-center{{content:'{document.header}';font-size:8pt}}"
        f"@bottom-center{{content:'{document.footer} · Page ' counter(page) ' of ' "
        "counter(pages);font-size:8pt}}"
        "body{font-family:'DejaVu Serif';font-size:10.5pt;line-height:1.4}"
        "p{text-align:justify;hyphens:auto;margin:0 0 .6em}"
        ".fn{float:footnote;font-size:8pt} ::footnote-call{content:counter(footnote);"
        "vertical-align:super;font-size:7pt} ::footnote-marker{content:counter(footnote) '. '}"
        "h1{font-size:20pt} h2{font-size:14pt} .subtitle{font-size:12pt;font-style:italic}"
        "table{border-collapse:collapse} td,th{border:.5pt solid #777;padding:2pt 6pt}"
    )
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "report.html")
        source.write_text(_page(_html_body(document, footnote=footnote), style), "utf-8")
        subprocess.run(
            ["weasyprint", "--quiet", str(source), str(Path(folder, "report.pdf"))], check=True
        )
        return Path(folder, "report.pdf").read_bytes()


def reportlab_two_frames(document: Document) -> bytes:
    """reportlab's platypus: a full-width title frame over two column frames on the first
    page, two frames after; running header and "Page N" drawn on every page."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        FrameBreak,
        ListFlowable,
        NextPageTemplate,
        PageTemplate,
        Table,
    )
    from reportlab.platypus import Paragraph as Para

    fonts = "/usr/share/fonts/truetype/dejavu/DejaVuSerif"
    for name, suffix in (("Serif", ""), ("Serif-B", "-Bold"), ("Serif-I", "-Italic")):
        pdfmetrics.registerFont(TTFont(name, f"{fonts}{suffix}.ttf"))
    pdfmetrics.registerFontFamily("Serif", normal="Serif", bold="Serif-B", italic="Serif-I")
    width, height = A4
    margin, gutter = 18 * mm, 8 * mm
    column = (width - 2 * margin - gutter) / 2
    body = ParagraphStyle("body", fontName="Serif", fontSize=9.5, leading=12.5, alignment=4)
    body.spaceAfter = 5
    note = ParagraphStyle("note", parent=body, fontSize=7.5, leading=9)
    title = ParagraphStyle("title", fontName="Serif-B", fontSize=20, leading=24)
    subtitle = ParagraphStyle("sub", fontName="Serif-I", fontSize=12, leading=16, spaceAfter=8)
    heading = ParagraphStyle("h", fontName="Serif-B", fontSize=12.5, leading=16, spaceBefore=6)

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Serif", 7.5)
        canvas.drawString(margin, height - 12 * mm, document.header)
        canvas.drawRightString(width - margin, 10 * mm, f"Page {doc.page}")
        canvas.drawString(margin, 10 * mm, document.footer)
        canvas.restoreState()

    top = height - 20 * mm
    title_height = 40 * mm
    first = [
        Frame(margin, top - title_height, width - 2 * margin, title_height, id="title"),
        Frame(margin, 18 * mm, column, top - title_height - 18 * mm, id="left1"),
        Frame(margin + column + gutter, 18 * mm, column, top - title_height - 18 * mm),
    ]
    later = [
        Frame(margin, 18 * mm, column, top - 18 * mm, id="left"),
        Frame(margin + column + gutter, 18 * mm, column, top - 18 * mm, id="right"),
    ]
    out = BytesIO()
    doc = BaseDocTemplate(out, pagesize=A4, title="Untitled", author="")
    doc.addPageTemplates(
        [
            PageTemplate("first", first, onPage=decorate),
            PageTemplate("later", later, onPage=decorate),
        ]
    )
    story = [
        Para(html.escape(document.title), title),
        Para(html.escape(document.subtitle), subtitle),
        NextPageTemplate("later"),
        FrameBreak(),
    ]

    def markup(text: str) -> str:
        tags = {"i": "i", "b": "b"}
        return "".join(
            f"<{tags[s]}>{html.escape(w)}</{tags[s]}>" if s else html.escape(w)
            for s, w in runs(text)
        )

    for section in document.sections:
        story.append(Para(html.escape(section.heading), heading))
        for paragraph in section.paragraphs:
            at = paragraph.first_sentence_end
            mark = "<super>*</super>" if paragraph.footnote else ""
            story.append(
                Para(markup(paragraph.text[:at]) + mark + markup(paragraph.text[at:]), body)
            )
            if paragraph.footnote:
                # Notes set in small type after the paragraph, as reportlab reports often do.
                story.append(Para("* " + html.escape(paragraph.footnote), note))
        if section.items:
            story.append(
                ListFlowable(
                    [Para(html.escape(item), body) for item in section.items],
                    bulletType="bullet",
                )
            )
        if section.table:
            story.append(Table(section.table, style=[("FONT", (0, 0), (-1, -1), "Serif", 9)]))
    doc.build(story)
    return out.getvalue()


def _fodt(document: Document) -> str:
    """The document as a flat OpenDocument text, with real footnotes, header and footer."""
    e = html.escape

    def spans(text: str) -> str:
        styles = {"i": "Italic", "b": "Bold"}
        return "".join(
            f'<text:span text:style-name="{styles[s]}">{e(w)}</text:span>' if s else e(w)
            for s, w in runs(text)
        )

    body = [
        f'<text:h text:style-name="Title" text:outline-level="1">{e(document.title)}</text:h>',
        f'<text:p text:style-name="Subtitle">{e(document.subtitle)}</text:p>',
    ]
    number = 0
    for section in document.sections:
        body.append(
            f'<text:h text:style-name="Heading_20_2" text:outline-level="2">'
            f"{e(section.heading)}</text:h>"
        )
        for paragraph in section.paragraphs:
            at = paragraph.first_sentence_end
            note = ""
            if paragraph.footnote:
                number += 1
                note = (
                    f'<text:note text:id="n{number}" text:note-class="footnote">'
                    f"<text:note-citation>{number}</text:note-citation><text:note-body>"
                    f'<text:p text:style-name="Footnote">{e(paragraph.footnote)}</text:p>'
                    "</text:note-body></text:note>"
                )
            body.append(
                f'<text:p text:style-name="Body">{spans(paragraph.text[:at])}{note}'
                f"{spans(paragraph.text[at:])}</text:p>"
            )
        if section.items:
            body.append("<text:list>")
            body += [
                f'<text:list-item><text:p text:style-name="Body">{e(i)}</text:p></text:list-item>'
                for i in section.items
            ]
            body.append("</text:list>")
        if section.table:
            columns = len(section.table[0])
            body.append(f'<table:table table:name="T{number}">')
            body.append(f'<table:table-column table:number-columns-repeated="{columns}"/>')
            for row in section.table:
                body.append("<table:table-row>")
                body += [
                    f'<table:table-cell office:value-type="string"><text:p>{e(c)}</text:p>'
                    "</table:table-cell>"
                    for c in row
                ]
                body.append("</table:table-row>")
            body.append("</table:table>")
    page_number = '<text:page-number text:select-page="current">1</text:page-number>'
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>Microsoft Word - report{document.key}.docx</dc:title></office:meta>
{ODT_STYLES}<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="PL">
  <style:header><text:p text:style-name="Header">{e(document.header)}</text:p></style:header>
  <style:footer><text:p text:style-name="Header">{e(document.footer)} – {page_number}</text:p>
  </style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body></office:document>
"""


def _soffice(source: Path) -> bytes:
    profile = source.parent / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.with_suffix(".pdf").read_bytes()


def libreoffice_odt(document: Document) -> bytes:
    """LibreOffice (`soffice --convert-to pdf`) from an OpenDocument text with footnotes, header,
    footer with the page number, a list and a table; its stated title is Word's junk one."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "report.fodt")
        source.write_text(_fodt(document), "utf-8")
        return _soffice(source)


def libreoffice_docx(document: Document) -> bytes:
    """LibreOffice from a Word file made by python-docx: Title and Heading styles, bold and italic
    runs, a header and footer, a bulleted list and a table."""
    import docx
    from docx.shared import Pt

    word = docx.Document()
    word.core_properties.title = "Untitled"
    section = word.sections[0]
    section.header.paragraphs[0].text = document.header
    section.footer.paragraphs[0].text = document.footer
    word.add_heading(document.title, level=0)
    word.add_paragraph(document.subtitle, style="Subtitle")
    for part in document.sections:
        word.add_heading(part.heading, level=1)
        for paragraph in part.paragraphs:
            made = word.add_paragraph()
            for style, words in runs(paragraph.text):
                run = made.add_run(words)
                run.italic = style == "i"
                run.bold = style == "b"
            if paragraph.footnote:
                # python-docx writes no footnotes: the note is set as Word users often do,
                # as a small paragraph after the one it explains.
                note = word.add_paragraph()
                note.add_run("* " + paragraph.footnote).font.size = Pt(8)
        for item in part.items:
            word.add_paragraph(item, style="List Bullet")
        if part.table:
            table = word.add_table(rows=0, cols=len(part.table[0]))
            for row in part.table:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = value
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "report.docx")
        word.save(source)
        return _soffice(source)


def _latex_escape(text: str) -> str:
    for old, new in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$")):
        text = text.replace(old, new)
    return text.replace("#", r"\#").replace("_", r"\_")


def _latex_inline(text: str) -> str:
    def wrap(style: str, words: str) -> str:
        words = _latex_escape(words)
        return {"i": f"\\emph{{{words}}}", "b": f"\\textbf{{{words}}}"}.get(style, words)

    return "".join(wrap(style, words) for style, words in runs(text))


def _cyrillic(text: str) -> str:
    """Russian words switched to T2A and the Russian hyphenation (pdfTeX fonts are 8-bit)."""
    import re

    return re.sub(
        r"([А-Яа-яЁё][А-Яа-яЁё0-9 ,.–«»:;!?—-]*[А-Яа-яЁё.])",
        lambda m: f"\\foreignlanguage{{russian}}{{{m.group(1)}}}",
        text,
    )


def pdftex(document: Document) -> bytes:
    """pdfTeX (Debian's TeX Live): article class, fancyhdr running head and foot with the page
    number, real footnotes, itemize, tabular, hyphenation and ligatures as TeX sets them, and
    the Russian section in T2A; the figures section on a landscape (rotated) page."""
    parts = [
        r"\documentclass[11pt,a4paper]{article}",
        r"\usepackage[T2A,T1]{fontenc}\usepackage[utf8]{inputenc}",
        r"\usepackage[russian,english]{babel}\usepackage{lmodern}",
        # Unicode for every glyph, as careful TeX users set it (cmap.sty is not installed).
        r"\input glyphtounicode\pdfgentounicode=1",
        r"\usepackage{fancyhdr}\usepackage{lscape}\usepackage[margin=25mm]{geometry}",
        r"\pagestyle{fancy}\fancyhf{}",
        f"\\fancyhead[C]{{\\small {_latex_escape(document.header)}}}",
        f"\\fancyfoot[C]{{\\small {_latex_escape(document.footer)} -- \\thepage}}",
        r"\title{"
        + _latex_escape(document.title)
        + r"}\author{"
        + _latex_escape(document.subtitle)
        + r"}\date{}",
        r"\begin{document}\maketitle\thispagestyle{fancy}",
    ]
    for section in document.sections:
        landscape = bool(section.table)
        if landscape:
            # lscape turns the page's content; /Rotate turns the page for viewers, as
            # pdflscape would (not installed by Debian's texlive-latex-recommended).
            parts.append(r"\begin{landscape}\global\pdfpageattr{/Rotate 90}")
        parts.append(f"\\section*{{{_cyrillic(_latex_escape(section.heading))}}}")
        for paragraph in section.paragraphs:
            at = paragraph.first_sentence_end
            note = (
                f"\\footnote{{{_cyrillic(_latex_escape(paragraph.footnote))}}}"
                if paragraph.footnote
                else ""
            )
            parts.append(
                _cyrillic(_latex_inline(paragraph.text[:at]))
                + note
                + _cyrillic(_latex_inline(paragraph.text[at:]))
                + "\n"
            )
        if section.items:
            parts.append(r"\begin{itemize}")
            parts += [f"\\item {_latex_escape(i)}" for i in section.items]
            parts.append(r"\end{itemize}")
        if section.table:
            parts.append(r"\begin{tabular}{lrr}\hline")
            parts += [" & ".join(map(_latex_escape, row)) + r"\\" for row in section.table]
            parts.append(r"\hline\end{tabular}")
        if landscape:
            parts.append(r"\end{landscape}\global\pdfpageattr{}")
    parts.append(r"\end{document}")
    return _latex("pdflatex", "\n".join(parts))


def lualatex_two_columns(document: Document) -> bytes:
    """LuaTeX (Debian's TeX Live): two columns (`twocolumn`) with a full-width title, an
    OpenType font (DejaVu Serif with its ligatures) through luaotfload, real footnotes and
    fancyhdr's running head and foot; Unicode text set as it is."""
    parts = [
        r"\documentclass[10pt,a4paper,twocolumn]{article}",
        r"\usepackage{fancyhdr}\usepackage[margin=20mm]{geometry}",
        r"\DeclareFontFamily{TU}{dejavu}{}",
        r'\DeclareFontShape{TU}{dejavu}{m}{n}{<->"[DejaVuSerif.ttf]:mode=node;+liga"}{}',
        r'\DeclareFontShape{TU}{dejavu}{m}{it}{<->"[DejaVuSerif-Italic.ttf]:mode=node;+liga"}{}',
        r'\DeclareFontShape{TU}{dejavu}{b}{n}{<->"[DejaVuSerif-Bold.ttf]:mode=node;+liga"}{}',
        r"\DeclareFontShape{TU}{dejavu}{bx}{n}{<->ssub * dejavu/b/n}{}",
        r"\renewcommand{\rmdefault}{dejavu}",
        r"\pagestyle{fancy}\fancyhf{}",
        f"\\fancyhead[L]{{\\small {_latex_escape(document.header)}}}",
        "\\fancyfoot[R]{\\small Page \\thepage}",
        f"\\fancyfoot[L]{{\\small {_latex_escape(document.footer)}}}",
        r"\title{"
        + _latex_escape(document.title)
        + r"}\author{"
        + _latex_escape(document.subtitle)
        + r"}\date{}",
        r"\begin{document}\maketitle\thispagestyle{fancy}",
    ]
    for section in document.sections:
        parts.append(f"\\section*{{{_latex_escape(section.heading)}}}")
        for paragraph in section.paragraphs:
            at = paragraph.first_sentence_end
            note = (
                f"\\footnote{{{_latex_escape(paragraph.footnote)}}}" if paragraph.footnote else ""
            )
            parts.append(
                _latex_inline(paragraph.text[:at])
                + note
                + _latex_inline(paragraph.text[at:])
                + "\n"
            )
        if section.items:
            parts.append(r"\begin{itemize}")
            parts += [f"\\item {_latex_escape(i)}" for i in section.items]
            parts.append(r"\end{itemize}")
        if section.table:
            parts.append(r"\begin{tabular}{lrr}\hline")
            parts += [" & ".join(map(_latex_escape, row)) + r"\\" for row in section.table]
            parts.append(r"\hline\end{tabular}")
    parts.append(r"\end{document}")
    return _latex("lualatex", "\n".join(parts))


def _latex(engine: str, source: str) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "report.tex").write_text(source, "utf-8")
        for _ in range(2):  # twice, as LaTeX needs for its references
            subprocess.run(
                [engine, "-interaction=nonstopmode", "-halt-on-error", "report.tex"],
                cwd=folder,
                check=True,
                capture_output=True,
                timeout=180,
            )
        return Path(folder, "report.pdf").read_bytes()


def ghostscript_distilled(document: Document) -> bytes:
    """A PDF printed to PostScript and distilled again by Ghostscript (`ps2write`, then
    `ps2pdf`), as a print-to-file workflow does: Ghostscript rewrites the fonts and the text
    layer. The page laid out is LibreOffice's, from the Word file."""
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "laid.pdf").write_bytes(libreoffice_docx(document))
        subprocess.run(
            [
                "gs",
                "-q",
                "-dNOPAUSE",
                "-dBATCH",
                "-sDEVICE=ps2write",
                "-o",
                "report.ps",
                "laid.pdf",
            ],
            cwd=folder,
            check=True,
            timeout=180,
        )
        subprocess.run(["ps2pdf", "report.ps", "report.pdf"], cwd=folder, check=True, timeout=180)
        return Path(folder, "report.pdf").read_bytes()


PRODUCERS: dict[str, Callable[[Document], bytes]] = {
    "chromium-1col": chromium_one_column,
    "chromium-2col": chromium_two_columns,
    "weasyprint": weasyprint,
    "reportlab-2frames": reportlab_two_frames,
    "libreoffice-odt": libreoffice_odt,
    "libreoffice-docx": libreoffice_docx,
    "pdftex": pdftex,
    "lualatex-2col": lualatex_two_columns,
    "ghostscript-distilled": ghostscript_distilled,
}
