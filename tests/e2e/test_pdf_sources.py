"""A PDF in a browser: uploaded, read by a real background worker while the page shows its
progress, a passage across a page break quoted, and cited "pp. 1–2" on the desk and, once
published, on the public page."""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.factories import BriefingFactory, UserFactory
from tests.sources.pdfs import Report, prose, report_pdf
from tests.workers import DATABASE_QUEUE, WORKER_COMMAND, worker_environment


@pytest.fixture
def worker(settings, tmp_path):
    """A real database worker beside the live server, reading a page every half second."""
    settings.TASKS = DATABASE_QUEUE
    settings.MEDIA_ROOT = str(tmp_path)
    process = subprocess.Popen(WORKER_COMMAND, env=worker_environment(tmp_path, page_pause=0.7))
    yield process
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_a_pdf_quote_across_a_page_break_is_cited_pp(
    page, live_server, sign_in, sign_out, password, worker
):
    UserFactory(username="edna", roles=["editor"])
    UserFactory(username="rita", roles=["reviewer"])
    briefing = BriefingFactory(title="The border", slug="the-border")
    paragraphs = [prose(i, words=80) for i in range(10)]
    laid = report_pdf(Report(paragraphs, title="Annual review"))
    crossing = next(i for i, (a, b) in enumerate(laid.pages) if (a, b) == (1, 2))

    sign_in(page, "edna", password)
    page.goto(f"{live_server.url}/sources/add/")
    page.get_by_label("File", exact=True).set_input_files(
        files=[{"name": "review.pdf", "mimeType": "application/pdf", "buffer": laid.data}]
    )
    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_role("heading", name="Reading review.pdf")).to_be_visible()
    expect(page.get_by_text(re.compile(rf"[1-9] of {laid.page_count} pages read"))).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_role("heading", name="Preview of a new source")).to_be_visible(
        timeout=60_000
    )
    page.get_by_role("button", name="Save source").click()
    expect(page.get_by_text("The source is saved in the library.")).to_be_visible()

    page.get_by_text(paragraphs[crossing][:60]).select_text()
    page.get_by_role("button", name="Make an excerpt from the selection").click()
    expect(page.get_by_role("heading", name="New excerpt")).to_be_visible()
    expect(page.locator("figcaption cite")).to_contain_text("pp. 1–2")
    page.get_by_label("Annotation").fill("The report's central claim.")
    page.get_by_label("Briefing").select_option(label=briefing.title)
    page.get_by_role("button", name="Save excerpt").click()
    expect(page.get_by_text("Excerpt saved as a draft.")).to_be_visible()
    expect(page.locator("cite .pages")).to_have_text("pp. 1–2")
    page.get_by_role("button", name="Submit for review").click()
    sign_out(page)

    sign_in(page, "rita", password)
    waiting = page.get_by_role("region", name="Waiting for my review")
    waiting.get_by_role("link", name=re.compile(f"Paragraph {crossing} opens")).click()
    page.get_by_role("button", name="Approve and publish").click()
    expect(page.get_by_text("Done: the excerpt is now “Published”.")).to_be_visible()
    sign_out(page)

    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="The border").click()
    expect(page.locator("blockquote")).to_contain_text(f"Paragraph {crossing} opens")
    expect(page.locator("cite .pages")).to_have_text("pp. 1–2")
