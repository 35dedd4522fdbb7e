"""The README and the seed corpus's own README describe the demo desk as desk/demo/ holds it."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "desk" / "demo"
WORDS = {3: "three", 4: "four", 5: "five", 9: "nine", 14: "fourteen", 15: "fifteen", 18: "18"}


def _demo():
    sources = tomllib.loads((DEMO / "seeds" / "sources.toml").read_text())["source"]
    briefing = tomllib.loads((DEMO / "briefing.toml").read_text())
    return sources, briefing


def _paragraph(text: str, starting: str) -> str:
    start = text.index(starting)
    return " ".join(text[start : text.index("\n\n", start)].split())


def test_the_readme_counts_the_demo_sources_excerpts_and_their_states():
    sources, briefing = _demo()
    said = _paragraph((ROOT / "README.md").read_text(), "It works for any subject")
    english = [s for s in sources if s.get("language", "en") == "en"]
    assert f"{WORDS[len(sources)]} sources" in said
    assert f"{WORDS[len(english)]} 2025 analysis pieces in English" in said
    assert f"“{briefing['briefing']['title']}”" in said
    excerpts = briefing["excerpt"]
    assert f"{len(excerpts)} excerpts" in said
    for status, count in Counter(e["status"] for e in excerpts).items():
        assert f"{count} {status.replace('_', ' ')}" in said, status
    assert f"{len(briefing['actor'])} actors" in said
    assert f"{len(briefing['event'])} events" in said


def test_the_seed_readme_counts_the_seed_texts():
    sources, _ = _demo()
    said = (DEMO / "seeds" / "README.md").read_text()
    first = _paragraph(said, "The ")
    assert re.search(rf"\b{WORDS[len(sources)]} texts\b", first), first
    assert "three articles" not in said
