"""How the modules of desk/, sources/ and events/ import one another, read from the code with ast
(at module level and inside functions alike): no app takes a name another app keeps private, and
no module imports, however indirectly, one that imports it back, but for the circles written
down below, each with its reason."""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("desk", "sources", "events")


@dataclass(frozen=True)
class Import:
    importer: str
    target: str  # the module imported, or whose names are taken
    names: tuple[str, ...]  # the names taken from it (`from target import …`), else ()
    line: int


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path = ROOT, packages=PACKAGES) -> dict[str, Path]:
    """Every module of the packages, by dotted name."""
    return {
        module_name(path, root): path
        for package in packages
        for path in sorted((root / package).rglob("*.py"))
    }


def imports_in(name: str, path: Path, known: set[str]) -> list[Import]:
    """What one module imports from the known modules: `from a.b import c` is an import of
    a.b.c when that is a module, else of a.b; and the private attributes it reads off a module
    imported by name (`fetching._pool` after `from sources import fetching`) as names taken."""
    found = []
    bound = {}  # local name -> known module it stands for
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            taken = []
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                if submodule in known:
                    found.append(Import(name, submodule, (), node.lineno))
                    bound[alias.asname or alias.name] = submodule
                else:
                    taken.append(alias.name)
            if taken and node.module in known:
                found.append(Import(name, node.module, tuple(taken), node.lineno))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    found.append(Import(name, alias.name, (), node.lineno))
                    if alias.asname:
                        bound[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
        ):
            found.append(Import(name, bound[node.value.id], (node.attr,), node.lineno))
    return found


def all_imports(root: Path = ROOT, packages=PACKAGES) -> list[Import]:
    modules = project_modules(root, packages)
    known = set(modules)
    found = [each for name, path in modules.items() for each in imports_in(name, path, known)]
    return sorted(found, key=lambda each: (each.importer, each.line))


def app_of(module: str, app_names: list[str]) -> str | None:
    """The app a module belongs to: the longest app name it is inside (desk.public, not desk)."""
    inside = [app for app in app_names if module == app or module.startswith(f"{app}.")]
    return max(inside, key=len, default=None)


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def private_names_taken_across_apps(found: list[Import], app_names: list[str]) -> list[str]:
    taken = []
    for each in found:
        if app_of(each.importer, app_names) == app_of(each.target, app_names):
            continue
        where = f"{each.importer}:{each.line} takes"
        if is_private(each.target.rsplit(".", 1)[-1]):
            taken.append(f"{where} {each.target}")
        taken.extend(f"{where} {each.target}.{name}" for name in each.names if is_private(name))
    return taken


def our_apps() -> list[str]:
    return [config.name for config in apps.get_app_configs() if config.name.startswith(PACKAGES)]


def test_no_app_takes_a_name_another_app_keeps_private():
    # What one app needs of another has a public name (sources.fetching.address_refusal, the
    # guard webhooks share), so that renaming a private helper never breaks another app.
    assert private_names_taken_across_apps(all_imports(), our_apps()) == []


def test_the_reader_sees_private_names_imported_and_read_off_a_module(tmp_path):
    # The test above could pass by reading nothing: it must catch each way of taking a name.
    (tmp_path / "library").mkdir()
    (tmp_path / "library" / "__init__.py").write_text("")
    (tmp_path / "library" / "fetching.py").write_text("def _pool(): ...\ndef fetch(): ...\n")
    (tmp_path / "library" / "_internal.py").write_text("")
    (tmp_path / "library" / "reading.py").write_text("from library.fetching import _pool\n")
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "__init__.py").write_text("")
    (tmp_path / "desk" / "sending.py").write_text(
        "from library.fetching import _pool, fetch\n"
        "from library import fetching, _internal\n"
        "def send():\n"
        "    from library.fetching import _pool as pool\n"
        "    return fetching._pool(), fetching.fetch()\n"
    )
    found = all_imports(tmp_path, ("library", "desk"))
    assert private_names_taken_across_apps(found, ["library", "desk"]) == [
        "desk.sending:1 takes library.fetching._pool",
        "desk.sending:2 takes library._internal",
        "desk.sending:4 takes library.fetching._pool",
        "desk.sending:5 takes library.fetching._pool",
    ]
    # Within one app a private name is the app's own business: library.reading is not named.


# The circles that remain, each named by the import that closes it (the one going up, from a
# lower module to one built on it), with the reason it stays. Remove an entry with its circle.
ALLOWED_CIRCLES = {
    ("desk.models.excerpt", "desk.models.revision"): (
        "An excerpt points at its current and published revisions and a revision at its "
        "excerpt, one pair of models whose QuerySet imports the other half when it is used."
    ),
    **dict.fromkeys(
        [
            ("events.dates.event_date", "events.dates.edtf"),
            ("events.dates.event_date", "events.dates.parts"),
            ("events.dates.event_date", "events.dates.words"),
        ],
        "EventDate.parse is the value's one door to the two readers that build EventDates, "
        "imported when it is called.",
    ),
}


def import_graph(found: list[Import]) -> dict[str, set[str]]:
    graph = defaultdict(set)
    for each in found:
        if each.importer != each.target:
            graph[each.importer].add(each.target)
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm): each is
    a set of modules every one of which imports every other, directly or not."""
    order: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(module: str) -> None:
        order[module] = lowest[module] = len(order)
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if target not in order:
                visit(target)
                lowest[module] = min(lowest[module], lowest[target])
            elif target in stack:
                lowest[module] = min(lowest[module], order[target])
        if lowest[module] == order[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return sorted(found)


def without(graph: dict[str, set[str]], edges) -> dict[str, set[str]]:
    return {
        module: targets - {t for m, t in edges if m == module} for module, targets in graph.items()
    }


def test_no_circle_in_the_import_drawing_but_those_written_down():
    graph = import_graph(all_imports())
    unexplained = circles(without(graph, ALLOWED_CIRCLES))
    assert unexplained == [], "\n".join(
        " <-> ".join(circle)
        + "\n  "
        + "\n  ".join(f"{m} -> {t}" for m in circle for t in sorted(graph[m] & set(circle)))
        for circle in unexplained
    )


def test_every_circle_written_down_is_still_there():
    # An import that no longer closes a circle comes off the list, so the list stays true.
    graph = import_graph(all_imports())
    in_circles = {module: set(circle) for circle in circles(graph) for module in circle}
    stale = [
        edge
        for edge in ALLOWED_CIRCLES
        if edge[1] not in graph.get(edge[0], set()) or edge[1] not in in_circles.get(edge[0], ())
    ]
    assert stale == []


def test_the_drawing_finds_a_circle_through_an_import_inside_a_function(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "__init__.py").write_text("")
    (tmp_path / "lib" / "models.py").write_text("def rule():\n    from lib.services import x\n")
    (tmp_path / "lib" / "services.py").write_text("from lib.models import rule\nx = 1\n")
    (tmp_path / "lib" / "views.py").write_text("from lib import services\n")
    graph = import_graph(all_imports(tmp_path, ("lib",)))
    assert circles(graph) == [["lib.models", "lib.services"]]
    assert circles(without(graph, {("lib.models", "lib.services")})) == []
