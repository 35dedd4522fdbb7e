"""A version is made ready for quotes when it is stored, so that a first paste in any process
loads its folding instead of folding the whole text again."""

from __future__ import annotations

import pytest

from sources.anchoring import fold, locate
from sources.anchoring import folding as folding_module
from sources.anchoring.folding import forget_folded, is_folded
from sources.anchoring.prepared import prepare
from sources.importing import SourceMetadata, import_source
from sources.quote_index import ready_version
from tests.sources.test_anchoring import SEED_TEXTS

TRICKY = [
    "a\u00adb — “c”  ﬁ",
    " - x -- y \n\n z ß ",
    "Straße —\u200b “Kuźnica”… ﬂoor\u00a0— end",
    "ўй Ў\tword",
]


@pytest.mark.parametrize("text", SEED_TEXTS + TRICKY)
def test_a_prepared_folding_rebuilds_the_same_folded_text_and_map(text):
    folded, offsets = fold(text)
    rebuilt, again = prepare(text).rebuild(text)
    assert rebuilt == folded
    assert [again[i] for i in range(len(again))] == [offsets[i] for i in range(len(offsets))]


@pytest.mark.django_db
def test_a_stored_version_is_prepared_and_a_fresh_process_loads_it_without_folding(
    monkeypatch, django_capture_on_commit_callbacks
):
    text = SEED_TEXTS[0]
    with django_capture_on_commit_callbacks(execute=True):
        source = import_source(text=text, metadata=SourceMetadata(title="Prepared"))
    forget_folded()  # another process, which never saw the text
    real = folding_module.fold

    def fold_only_quotes(folded: str):
        assert folded != text, "the source text was folded again"
        return real(folded)

    monkeypatch.setattr(folding_module, "fold", fold_only_quotes)
    version = source.current_version
    ready_version(version)
    assert is_folded(version.text)
    [match] = locate(version.text, 'a  "brutal dictator" and Vladimir Putin\'s closest ally').found
    assert match.exact == "a “brutal dictator” and Vladimir Putin’s closest ally"
    forget_folded()


@pytest.mark.django_db
def test_a_version_nobody_prepared_is_folded_on_the_spot():
    with pytest.MonkeyPatch.context() as patch:
        # Its background task has not run (nor would it, here).
        patch.setattr("sources.quote_index.prepare_when_stored", lambda version: None)
        patch.setattr("sources.importing.prepare_when_stored", lambda version: None)
        source = import_source(text=SEED_TEXTS[1], metadata=SourceMetadata(title="Unprepared"))
    forget_folded()
    ready_version(source.current_version)
    assert is_folded(source.current_version.text)
    forget_folded()


@pytest.mark.django_db
def test_a_folding_prepared_under_other_rules_is_never_loaded(
    monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        source = import_source(text=SEED_TEXTS[0], metadata=SourceMetadata(title="Prepared"))
    forget_folded()
    # A deploy changed the folding rules: what the old code prepared must be folded again.
    monkeypatch.setattr("sources.quote_index.RULES", "rules-of-the-next-deploy")
    loaded = []
    monkeypatch.setattr("sources.quote_index.prepared.load", lambda *args: loaded.append(args))
    ready_version(source.current_version)
    assert loaded == [] and is_folded(source.current_version.text)
    forget_folded()
