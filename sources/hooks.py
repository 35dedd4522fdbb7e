"""What other apps may add to the source library, and the one loader of every app's hooks.

The library never imports the apps built on it. They name their functions in settings instead
(the desk: desk/project/settings.py), and each function returns one of the small types below, so
that the library reads attributes it declared rather than guessing at the keys of a dict:

- SOURCE_READER_LAYERS, a list: (request, source, version) -> ReaderLayer, marks in the reader;
- SOURCE_LIST_COUNTS, one path or None: (source_ids) -> {source id: [SourceCount]}, one call per
  page of the sources list;
- SOURCE_CHANGE_NOTICE, one path or None: (request, source) -> ChangeNotice or None, what the
  editor who just changed a source's details is told of the items that show them.

A path that does not load stops the desk at startup (and `manage.py check` says which setting),
rather than failing on the first page that calls it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple, TypeVar

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString

Result = TypeVar("Result")


@dataclass(frozen=True)
class ReaderMark:
    """A stretch of the shown version's text, as character offsets, in one of its layer's
    statuses; it links to url when there is one."""

    start: int
    end: int
    status: str
    label: str = ""
    url: str | None = None
    pk: object = None


@dataclass(frozen=True, kw_only=True)
class ReaderLayer:
    """What one app adds to the reader: marks, the statuses they take (in legend order, each
    with its label) and a template shown under the text with this object as `layer`.

    An app that needs more in its template subclasses this with fields of its own.
    """

    template: str | None = None
    marks: Sequence[ReaderMark] = ()
    statuses: Sequence[tuple[str, str]] = ()


class SourceCount(NamedTuple):
    """One figure shown against a source in the list: `label` says it whole, figure and words
    in the right number and the interface language ("2 drafts", "1 with changes requested")."""

    label: str
    count: int


@dataclass(frozen=True)
class ChangeNotice:
    """What another app tells the person who just changed a shared record (a source, an actor,
    an event): a sentence whole, and where to act on it when they may."""

    text: str
    url: str | None = None
    link_text: str = ""

    def message(self) -> SafeString:
        """The notice as a message to show once: the sentence, then its link, escaped."""
        if not self.url:
            return format_html("{}", self.text)
        return format_html('{} <a href="{}">{}</a>', self.text, self.url, self.link_text)


# The shared loader: every app's hooks are read through it.


@cache
def _imported(path: str) -> Callable:
    return import_string(path)


def _paths(setting: str) -> list[str]:
    value = getattr(settings, setting, None)
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def _load(setting: str, path: str) -> Callable:
    try:
        found = _imported(path)
    except ImportError as error:
        raise ImproperlyConfigured(
            f"{setting} names “{path}”, which cannot be loaded ({error}). "
            "Give the dotted path of a function, such as desk.reader.excerpt_layer, or remove it."
        ) from error
    if not callable(found):
        raise ImproperlyConfigured(f"{setting} names “{path}”, which is not a function.")
    return found


def load_hooks(setting: str) -> list[Callable]:
    """The functions a setting names, as a list (a one-path setting gives at most one)."""
    return [_load(setting, path) for path in _paths(setting)]


def load_hook(setting: str) -> Callable | None:
    """The one function a setting names, or None when it names none."""
    hooks = load_hooks(setting)
    return hooks[0] if hooks else None


def expect(setting: str, kind: type[Result], value: Any) -> Result:
    """A hook's answer, refused plainly when it is not what the setting promises."""
    if not isinstance(value, kind):
        raise ImproperlyConfigured(
            f"A function in {setting} returned {type(value).__name__}, not {kind.__name__}."
        )
    return value


def hook_problems(setting_names: Iterable[str]) -> list[str]:
    """What stops these settings' hooks from loading, as messages; empty when all load."""
    problems = []
    for setting in setting_names:
        try:
            load_hooks(setting)
        except ImproperlyConfigured as error:
            problems.append(str(error))
    return problems


def verify_hooks(setting_names: Iterable[str]) -> None:
    """Refuse to start with a hook that does not load: called from each app's ready()."""
    problems = hook_problems(setting_names)
    if problems:
        raise ImproperlyConfigured(" ".join(problems))


def hooks_check(app_label: str, setting_names: Sequence[str]) -> Callable:
    """A system check (`manage.py check`) that these settings' hooks load."""

    def check(app_configs=None, **kwargs) -> list[checks.Error]:
        return [
            checks.Error(problem, id=f"{app_label}.E001")
            for problem in hook_problems(setting_names)
        ]

    return check


# The library's own hooks, as its views call them.

# The version preview's hook is one of them: left out, a bad path passed `manage.py check` and
# failed the first time an editor previewed a new text.
SETTINGS = (
    "SOURCE_READER_LAYERS",
    "SOURCE_LIST_COUNTS",
    "SOURCE_VERSION_IMPACT",
    "SOURCE_CHANGE_NOTICE",
)


def reader_layers(request, source, version) -> list[ReaderLayer]:
    """Every app's layer over this version of the source, in the order the setting lists them."""
    return [
        expect("SOURCE_READER_LAYERS", ReaderLayer, layer(request, source, version))
        for layer in load_hooks("SOURCE_READER_LAYERS")
    ]


def source_list_counts(source_ids: Sequence[int]) -> Mapping[int, Sequence[SourceCount]]:
    """The figures other apps keep per source (the desk: excerpts by status), one call a page."""
    counts = load_hook("SOURCE_LIST_COUNTS")
    if counts is None or not source_ids:
        return {}
    found = expect("SOURCE_LIST_COUNTS", Mapping, counts(list(source_ids)))
    for figures in found.values():
        for figure in figures:
            expect("SOURCE_LIST_COUNTS", SourceCount, figure)
    return found


def change_notice(request, source) -> ChangeNotice | None:
    """What other apps tell the person who just changed this source's details, if anything."""
    notice = load_hook("SOURCE_CHANGE_NOTICE")
    found = notice(request, source) if notice is not None else None
    return expect("SOURCE_CHANGE_NOTICE", ChangeNotice, found) if found is not None else None
