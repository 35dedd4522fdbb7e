"""The ground truth of the corpus: documents as their authors wrote them.

A paragraph may mark italic (`_word_`) and bold (`**words**`) runs, which each producer sets in
its own way; `plain()` gives the words as a reader must store them. A footnote is attached to a
paragraph and its mark follows that paragraph's first sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "desk" / "demo" / "seeds"
_SENTENCE = re.compile(r"[^.!?…]+(?:[.!?…]+[\"'”’»)\]]*|$)")
_MARKUP = re.compile(r"\*\*(.+?)\*\*|_(.+?)_")


def plain(text: str) -> str:
    """The text without its italic and bold marks."""
    return _MARKUP.sub(lambda m: m.group(1) or m.group(2), text)


def runs(text: str) -> list[tuple[str, str]]:
    """The text as (style, words) runs, style "" or "i" or "b"."""
    out, position = [], 0
    for match in _MARKUP.finditer(text):
        if match.start() > position:
            out.append(("", text[position : match.start()]))
        out.append(("b", match.group(1)) if match.group(1) else ("i", match.group(2)))
        position = match.end()
    if position < len(text):
        out.append(("", text[position:]))
    return out


@dataclass
class Paragraph:
    text: str
    footnote: str = ""

    @property
    def first_sentence_end(self) -> int:
        """Where the footnote mark goes (in the marked-up text): after the first sentence."""
        match = re.search(r"[.!?](?=\s)", self.text)
        return match.end() if match else len(self.text)


@dataclass
class Section:
    heading: str
    paragraphs: list[Paragraph]
    items: list[str] = field(default_factory=list)  # a bulleted list after the paragraphs
    table: list[list[str]] = field(default_factory=list)  # rows, the first is the header


@dataclass
class Document:
    key: str
    language: str
    title: str
    subtitle: str
    header: str  # the running header, on every page
    footer: str  # the running footer, beside the page number
    sections: list[Section]

    def sentences(self) -> list[str]:
        """Every sentence of the body, the list items and the footnotes, as stored text."""
        found = []
        for section in self.sections:
            texts = [p.text for p in section.paragraphs] + section.items
            texts += [p.footnote for p in section.paragraphs if p.footnote]
            for text in texts:
                for match in _SENTENCE.finditer(plain(text)):
                    sentence = " ".join(match.group().split())
                    if len(sentence) >= 20:
                        found.append(sentence)
        return found

    def paragraph_texts(self) -> list[str]:
        return [plain(p.text) for s in self.sections for p in s.paragraphs]

    def headings(self) -> list[str]:
        return [s.heading for s in self.sections if s.heading]

    def footnotes(self) -> list[str]:
        return [p.footnote for s in self.sections for p in s.paragraphs if p.footnote]

    def words(self) -> set[str]:
        """Every word the document holds, for telling a split or joined word from a real one."""
        texts = [self.title, self.subtitle, self.header, self.footer]
        for section in self.sections:
            texts.append(section.heading)
            texts += [plain(p.text) + " " + p.footnote for p in section.paragraphs]
            texts += section.items + [cell for row in section.table for cell in row]
        return set(word_tokens(" ".join(texts)))


def word_tokens(text: str) -> list[str]:
    return re.findall(r"\w+(?:[-’'.]\w+)*", text)


POLISH = Section(
    "Przejścia graniczne po otwarciu",
    [
        Paragraph(
            "Po ponownym otwarciu przejścia w Kuźnicy kierowcy ciężarówek czekali w kolejce "
            "przez wiele godzin. Straż Graniczna przyznała, że odprawa trwała dłużej niż "
            "zwykle, bo funkcjonariusze sprawdzali każdy pojazd z osobna. Mieszkańcy "
            "pobliskich wsi mówią o _ulgi_, ale też o obawach przed kolejnym zamknięciem.",
            footnote="Dane Straży Granicznej z pierwszego tygodnia po otwarciu przejścia.",
        ),
        Paragraph(
            "Przedsiębiorcy z Podlasia liczą, że ruch towarowy wróci do poziomu sprzed "
            "kryzysu. Właściciel firmy przewozowej z Białegostoku mówi, że **najważniejsza "
            "jest przewidywalność**: bez niej nie da się planować tras ani zatrudniać "
            "kierowców. Samorządowcy z gminy Kuźnica zapowiadają rozmowy z wojewodą."
        ),
    ],
)

RUSSIAN = Section(
    "Реакция в Минске",
    [
        Paragraph(
            "Официальный Минск представил открытие переходов как признание своей правоты. "
            "Государственное телевидение показывало очереди грузовиков и интервью с "
            "водителями, которые благодарили Лукашенко за терпение. Независимые аналитики "
            "назвали это _ожидаемым_, но недолговечным успехом.",
            footnote="По материалам государственного телевидения за 18–20 ноября.",
        ),
        Paragraph(
            "Экономисты напоминают, что транзит через Польшу и Литву давал белорусскому "
            "бюджету заметные доходы. Восстановление прежних объёмов займёт месяцы, а "
            "**санкционные ограничения** на калийные удобрения и нефтепродукты по-прежнему "
            "действуют. Перевозчики ждут ясности до конца года."
        ),
    ],
)

EXTRA = Section(
    "Figures at a glance",
    [
        Paragraph(
            "The first official figures for the reopened crossings cover a single week. They "
            "are offered here as a snapshot, not as a trend, and the office that compiled them "
            "warns that the flows of freight and passengers differ from day to day."
        )
    ],
    items=[
        "Freight vehicles cleared at Kuźnica rose in the first week after reopening.",
        "Passenger traffic at Bobrowniki stayed below its level of the summer.",
        "Officials expect the waiting time to fall once staff return from leave.",
    ],
    table=[
        ["Crossing", "Freight", "Passengers"],
        ["Kuźnica", "4,210", "1,880"],
        ["Bobrowniki", "2,105", "3,420"],
    ],
)


def _seed_sections(path: Path) -> tuple[str, str, list[Section]]:
    """The seed article's title and sections (its headings and paragraphs); bylines, captions
    and short lines without a full stop are left out of the ground truth."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    # An article whose first line is already its text gets a title of the corpus' own.
    title = lines[0] if len(lines[0]) < 150 else "Belarus and the transactional thaw"
    sections: list[Section] = [Section("", [])]
    for line in lines[1 if len(lines[0]) < 150 else 0 :]:
        if re.match(r"^(by|about the author)\b", line, re.IGNORECASE):
            continue
        if len(line) < 90 and not re.search(r"[.!?]$", line):
            sections.append(Section(line, []))
        elif len(line) >= 200:
            sections[-1].paragraphs.append(Paragraph(line))
    return (
        title,
        lines[1] if lines[1].lower().startswith("by ") else "",
        [s for s in sections if s.paragraphs],
    )


def _mark_runs(sections: list[Section]) -> None:
    """Italic and bold runs inside lines: a word before a comma set in italic (the case where a
    reader glues a space before the comma) and a phrase in bold, in every other paragraph."""
    for number, paragraph in enumerate(p for s in sections for p in s.paragraphs):
        if number % 2:
            continue
        text = paragraph.text
        text = re.sub(r"(?<= )([a-z]{4,12})(?=,)", r"_\1_", text, count=1)
        text = re.sub(r"(?<= )([a-z]{5,} [a-z]{3,} [a-z]{4,})(?= )", r"**\1**", text, count=1)
        paragraph.text = text


_NOTES = [
    "Figures as reported by the border services at the time of writing.",
    "The author’s interviews in Warsaw and Vilnius, autumn 2025.",
    "See the official statement of the Ministry of Foreign Affairs.",
]


def documents() -> list[Document]:
    """The corpus' texts: each seed article with a Polish, a Russian and a figures section."""
    made = []
    seeds = sorted(p for p in SEEDS.glob("0*.txt"))
    for number, path in enumerate(seeds):
        title, byline, sections = _seed_sections(path)
        _mark_runs(sections)
        untitled = [s for s in sections if not s.heading]
        for index, section in enumerate(untitled or sections[:1]):
            section.heading = section.heading or ("Introduction" if index == 0 else "Context")
        for index, paragraph in enumerate(p for s in sections for p in s.paragraphs):
            if index in (1, 5, 9):
                paragraph.footnote = _NOTES[(index // 4 + number) % len(_NOTES)]
        sections = sections[:2] + [POLISH] + sections[2:4] + [RUSSIAN, EXTRA]
        made.append(
            Document(
                key=path.stem.split("_")[0],
                language="en",
                title=title,
                subtitle=f"Analysis {byline}" if byline else "Notes on Belarus and its neighbours",
                header=f"Regional Review · Issue {40 + number}",
                footer="Briefing Desk reading corpus",
                sections=sections,
            )
        )
    return made


def short_document() -> Document:
    """A two-page document for the tests' committed fixtures: an article's opening section, the
    Polish and Russian sections and the figures, under a title and a byline."""
    full = documents()[0]
    opening = Section(full.sections[0].heading, full.sections[0].paragraphs[:3])
    return Document(
        key="short",
        language="en",
        title=full.title,
        subtitle=full.subtitle,
        header=full.header,
        footer=full.footer,
        sections=[opening, POLISH, RUSSIAN, EXTRA],
    )
