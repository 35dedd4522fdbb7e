"""E-mails in their structure: a greeting and a sign-off are body text, the signature is the
byline, lists are lists and a quoted reply is set apart; never headings. Checked on messages the
team did not write (tests/sources/letters/, from GitHub's email_reply_parser) and on letters in
the desk's other languages."""

from __future__ import annotations

from pathlib import Path

from sources.formats import read_document
from sources.letters import letter_lines
from sources.structure import BlockKind, split_blocks
from tests.sources.office import email_message

LETTERS = Path(__file__).parent / "letters"
HEADING, PARAGRAPH, BYLINE, OTHER, ITEM = (
    BlockKind.HEADING,
    BlockKind.PARAGRAPH,
    BlockKind.BYLINE,
    BlockKind.OTHER,
    BlockKind.LIST_ITEM,
)


def blocks(text: str) -> list[tuple[str, str]]:
    stored, kinds = letter_lines(text)
    return [(str(b.kind), stored[b.start : b.end]) for b in split_blocks(stored, known=kinds)]


def real(name: str) -> list[tuple[str, str]]:
    return blocks((LETTERS / f"{name}.txt").read_text(encoding="utf-8"))


def test_a_mailing_list_message_signed_with_a_dash():
    assert real("email_1_1") == [
        (PARAGRAPH, "Hi folks"),
        (PARAGRAPH, "What is the best way to clear a Riak bucket of all key, values after "
                    "running a test?"),
        (PARAGRAPH, "I am currently using the Java HTTP API."),
        (BYLINE, "-Abhishek Kona"),
        (BYLINE, "_______________________________________________"),
        (BYLINE, "riak-users mailing list"),
        (BYLINE, "riak-users@lists.basho.com"),
        (BYLINE, "http://lists.basho.com/mailman/listinfo/riak-users_lists.basho.com"),
    ]  # fmt: skip


def test_lists_are_lists_and_a_wrapped_item_is_one_item():
    found = real("email_1_5")
    assert [kind for kind, _ in found].count(ITEM) == 6
    assert (ITEM, "- This would be the first bullet point that wraps to the second line to "
                  "the next") in found  # fmt: skip
    assert (PARAGRAPH, "Two:") in found
    assert found[-1] == (
        PARAGRAPH,
        "This is a paragraph that talks about a bunch of stuff. It goes on and on for a while.",
    )


def test_a_reply_header_wrapped_over_three_lines_sets_the_quoted_message_apart():
    found = real("email_1_6")
    assert found[:2] == [
        (PARAGRAPH, "I get proper rendering as well."),
        (BYLINE, "Sent from a magnificent torch of pixels"),
    ]
    assert all(kind == OTHER for kind, _ in found[2:])
    assert found[2][1].startswith("On Dec 16, 2011, at 12:47 PM, Corey Donohoe")


def test_outlooks_quoted_header_and_everything_below_it_are_not_the_senders_words():
    found = real("email_2_1")
    assert found[0] == (PARAGRAPH, "Outlook with a reply")
    assert all(kind == OTHER for kind, _ in found[1:])
    assert any("Dear Google Apps Sync user," in text for _, text in found[1:])


def test_no_real_message_gets_a_heading_from_its_greeting_sign_off_or_signature():
    for path in LETTERS.glob("*.txt"):
        headings = [text for kind, text in real(path.stem) if kind == HEADING]
        assert headings == [], (path.name, headings)


def test_a_polish_letter_with_its_greeting_sign_off_and_quoted_reply():
    letter = (
        "Szanowni Państwo,\n\n"
        "Ministerstwo potwierdza, że przejście w Kuźnicy zostanie otwarte w poniedziałek\n"
        "rano, po rozmowach ze stroną białoruską.\n\n"
        "Z poważaniem,\n"
        "Anna Nowak\n"
        "Rzeczniczka prasowa\n"
        "tel. +48 22 000 00 00\n\n"
        "W dniu 17.11.2025 o 09:30 Jan Kowalski <jan@example.org> napisał(a):\n"
        "> Kiedy przejście zostanie otwarte?\n"
    )
    assert blocks(letter) == [
        (PARAGRAPH, "Szanowni Państwo,"),
        (PARAGRAPH, "Ministerstwo potwierdza, że przejście w Kuźnicy zostanie otwarte w "
                    "poniedziałek rano, po rozmowach ze stroną białoruską."),
        (PARAGRAPH, "Z poważaniem,"),
        (BYLINE, "Anna Nowak"),
        (BYLINE, "Rzeczniczka prasowa"),
        (BYLINE, "tel. +48 22 000 00 00"),
        (OTHER, "W dniu 17.11.2025 o 09:30 Jan Kowalski <jan@example.org> napisał(a):"),
        (OTHER, "> Kiedy przejście zostanie otwarte?"),
    ]  # fmt: skip


def test_a_russian_letter_with_a_signature_delimiter():
    letter = (
        "Коллеги,\n\n"
        "Пункт пропуска откроется в понедельник утром.\n\n"
        "С уважением\n"
        "-- \n"
        "Пресс-служба\n\n"
        "17 ноября 2025 г., 09:30 Иван Петров пишет:\n"
        "> Когда откроется пункт пропуска?\n"
    )
    assert blocks(letter) == [
        (PARAGRAPH, "Коллеги,"),
        (PARAGRAPH, "Пункт пропуска откроется в понедельник утром."),
        (PARAGRAPH, "С уважением"),
        (BYLINE, "Пресс-служба"),
        (OTHER, "17 ноября 2025 г., 09:30 Иван Петров пишет:"),
        (OTHER, "> Когда откроется пункт пропуска?"),
    ]


def test_a_press_release_keeps_its_title_and_a_comma_in_the_last_lines_is_no_sign_off():
    letter = (
        "Crossings reopen on Monday\n\n"
        "The ministry confirmed the reopening of the crossings at Kuźnica and Bobrowniki, after\n"
        "talks with the neighbouring side this week. Lorries will be inspected from 6 a.m., and\n"
        "drivers are asked to wait at the parking area until they are called.\n"
    )
    found = blocks(letter)
    assert found[0] == (HEADING, "Crossings reopen on Monday")
    assert found[1][0] == PARAGRAPH and found[1][1].endswith("until they are called.")
    assert len(found) == 2


def test_an_eml_file_is_read_in_its_structure():
    data = email_message(
        subject="Crossings",
        sender="Anna Nowak <press@example.gov.pl>",
        date="Mon, 17 Nov 2025 09:30:00 +0100",
        body="Colleagues,\n\nThe crossings reopen on Monday.\n\nBest,\nAnna Nowak\nPress office\n",
    )
    prepared = read_document("release.eml", data)
    assert prepared.text.split("\n") == [
        "Colleagues,",
        "The crossings reopen on Monday.",
        "Best,",
        "Anna Nowak",
        "Press office",
    ]
    assert prepared.kinds == [PARAGRAPH, PARAGRAPH, PARAGRAPH, BYLINE, BYLINE]


def test_a_pasted_greeting_is_no_heading_either():
    """Any plain text: a short line ending with a comma runs on, it is not a heading."""
    from sources.structure import guess_kind

    assert guess_kind("Colleagues,") == BlockKind.PARAGRAPH
    assert guess_kind("Dear Ms Nowak,") == BlockKind.PARAGRAPH
    assert guess_kind("Crossings reopen on Monday") == BlockKind.HEADING
